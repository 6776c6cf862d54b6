// A party's decision on an amendment, taken in the page: Ukraine accepts
// the EU's A4 after the page showed what adopting it would change (the dry
// run, nothing recorded), signs the decision, and the record holds it,
// signed by umerov; cancelling records nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { browser, checkAxe, open, screenshot, signedInPage, startServer } from './harness.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

function decisions(log) {
  return log.trim().split('\n').map((l) => JSON.parse(l).event).filter((e) => e?.kind === 'amendment.decide');
}

test('Ukraine accepts A4 from its page, after the preview; cancel records nothing', async () => {
  const exported = path.join(server.dir, 'decide.log');
  const count = async () => {
    fs.writeFileSync(exported, await server.parley('log', 'export', 'plenary', '--as', 'witkoff'));
    return decisions(fs.readFileSync(exported, 'utf8')).filter((e) => e.actor === 'umerov' && e.payload?.id === 'A4').length;
  };
  const before = await count();
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/d/framework/a/A4');
  await page.locator('#amendment-decide').waitFor();
  assert.match(await page.locator('#amendment-decide').innerText(), /UA/);

  // Reject…, then cancel: nothing is signed.
  await page.getByRole('button', { name: 'Reject…' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await count(), before);

  // Accept…: the dry run first, then the signed decision.
  await page.getByRole('button', { name: 'Accept…' }).click();
  const preview = page.locator('.adoption-preview');
  await preview.waitFor();
  assert.match(await preview.innerText(), /dry run, nothing recorded/);
  assert.match(await preview.innerText(), /red lines? crossed/);
  await checkAxe(page, 'amendment-decide');
  await screenshot(page, 'amendment-decide');
  assert.equal(await count(), before, 'the preview records nothing');
  await page.getByRole('button', { name: 'Sign: UA accepts A4' }).click();
  await page.locator('.decision-status', { hasText: /A4: \d+ of \d+ member parties accept/ }).waitFor();
  assert.equal(await count(), before + 1, 'the decision is in the record');
  const event = decisions(fs.readFileSync(exported, 'utf8')).find((e) => e.actor === 'umerov' && e.payload?.id === 'A4');
  assert.equal(event.payload.decision, 'accept');
  const verified = JSON.parse(await server.parley('log', 'verify', exported, '--format', 'json'));
  assert.equal(verified.verified, true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
