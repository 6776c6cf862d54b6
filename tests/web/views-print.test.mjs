// The bracketed negotiating text printed through Chromium's print-to-PDF
// on A4: every page carries the markings — confidentiality, the document
// and version, the version's date, "page x of y" — read back with
// pdftotext; the first page is kept as a PNG (pdftoppm) to look at.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { ARTIFACTS, ROOT, browser, open, signedInPage, startServer } from './harness.mjs';

const run = promisify(execFile);
let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
  // A back-channel draft (US and RU only), with a stance that brackets a point.
  await server.parley('import', path.join(ROOT, 'examples/plan-us-28.md'), '--doc', 'bc-draft', '--track', 'backchannel', '--as', 'witkoff');
  await server.parley('position', 'bc-draft@1', '6', 'reject', '--as', 'dmitriev');
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function printText(delegate, ref, name) {
  const page = await signedInPage(chrome, server, delegate);
  await open(page, `/d/${ref}/text`);
  await page.locator('.bt-point').first().waitFor();
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  await run('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', file, path.join(ARTIFACTS, name)]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  const pages = stdout.split('\f').filter((p) => p.trim());
  return { pages, file };
}

test('a back-channel draft prints on A4 with its confidentiality, version, date and page numbers on every page', async () => {
  const { pages } = await printText('witkoff', 'bc-draft@1', 'views-print-backchannel');
  assert.ok(pages.length >= 3, `${pages.length} pages`);
  pages.forEach((text, i) => {
    const where = `page ${i + 1}`;
    assert.match(text, /CONFIDENTIAL — TRACK BACKCHANNEL/, `${where}: the confidentiality`);
    assert.match(text, /bc-draft@1 — version of [A-Z][a-z]+ \d{1,2}, 20\d\d/, `${where}: the document, version and date`);
    assert.match(text, new RegExp(`page ${i + 1} of ${pages.length}`), `${where}: its number`);
  });
  // The text itself: point 6 in brackets, with who holds it and why.
  const all = pages.join('\n');
  assert.match(all, /6\.\s+\[The strength of Ukraine's armed forces is capped at 600,000 personnel/);
  assert.match(all, /objected to by RU \(reject\)/);
  assert.doesNotMatch(all, /Print\b|Positions on this version/, 'no buttons on paper');
});

test('the plenary version prints with its markings, and a delegate outside the back-channel cannot print the draft', async () => {
  const { pages } = await printText('umerov', 'framework@2', 'views-print-plenary');
  pages.forEach((text, i) => {
    assert.match(text, /PLENARY — ALL PARTIES/, `page ${i + 1}: the plenary's marking`);
    assert.match(text, /framework@2 — version of November 25, 2025/, `page ${i + 1}: document and date`);
    assert.match(text, new RegExp(`page ${i + 1} of ${pages.length}`), `page ${i + 1}: its number`);
  });
  assert.match(pages.join('\n'), /\[600,000 personnel \(RU, US\)\s*\/\s*800,000 personnel \(UA, A1\)/);

  // Drafted in the coalition, then circulated to the plenary: no longer confidential.
  const counter = await printText('kallas', 'e3-counter@1', 'views-print-circulated');
  counter.pages.forEach((text, i) => assert.match(text, /PLENARY — ALL PARTIES/, `e3-counter@1, page ${i + 1}`));
  assert.doesNotMatch(counter.pages.join('\n'), /CONFIDENTIAL/);

  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/d/bc-draft@1/text');
  const shown = await page.locator('#main').innerText();
  assert.match(shown, /no document|not found|does not exist|no version/i);
  assert.doesNotMatch(shown, /backchannel|strength of Ukraine/);
  await page.context().close();
});
