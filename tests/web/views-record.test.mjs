// The record: circulating a back-channel draft from /record. Before
// anything is signed, the confirmation names the parties that will newly
// see it; cancelling records nothing; confirming does, and the other
// delegation's open page shows the version. Receipts are checked in the
// page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, browser, checkAxe, open, screenshot, signedInPage, startServer, until } from './harness.mjs';
import { tabTo } from './views-helpers.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
  await server.parley('import', path.join(ROOT, 'examples/plan-12.md'), '--doc', 'bc-draft', '--track', 'backchannel', '--as', 'witkoff');
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const seenBy = async (who) => JSON.parse(await server.parley('seen', 'bc-draft@1', '--format', 'json', '--as', who)).rows;

test('circulating a draft names who will newly see it; Ukraine sees it once confirmed', async () => {
  const ua = await signedInPage(chrome, server, 'umerov');
  await open(ua, '/record');
  await ua.locator('.rc-seen').waitFor();
  assert.doesNotMatch(await ua.locator('#main').innerText(), /bc-draft|backchannel/);

  const us = await signedInPage(chrome, server, 'witkoff');
  await open(us, '/record');
  await us.locator('#rc-ref').waitFor();
  assert.match(await us.locator('.rc-seen').innerText(), /bc-draft@1/);
  await us.locator('#rc-ref').selectOption('bc-draft@1');
  await us.locator('#rc-to').selectOption('plenary');
  await us.locator('#rc-note').fill('for the Geneva round');

  // First time: the confirmation, then Escape: nothing is recorded.
  await us.locator('.rc-circulate-form button[type=submit]').focus();
  await us.keyboard.press('Enter');
  const dialog = us.locator('dialog.rc-confirm[open]');
  await dialog.waitFor();
  const text = await dialog.innerText();
  assert.match(text, /Circulate bc-draft@1 to plenary\?/);
  assert.match(text, /2 parties will newly see bc-draft@1:\s*European Union \(EU\)\s*Ukraine \(UA\)/);
  assert.match(text, /already have it:\s*Russian Federation \(RU\)\s*United States \(US\)/);
  assert.match(text, /for the Geneva round/);
  assert.equal(await us.evaluate(() => document.activeElement.textContent), 'Cancel', 'the safe choice has the focus');
  await checkAxe(us, 'record, confirming a circulation');
  await screenshot(us, 'views-record-confirm');
  await us.keyboard.press('Escape');
  await until(us, () => !document.querySelector('dialog[open]'), null, { what: 'the dialog to close' });
  assert.deepEqual([...new Set((await seenBy('witkoff')).map((r) => r.track))], ['backchannel']);

  // Then confirmed, with the keyboard.
  await us.locator('.rc-circulate-form button[type=submit]').focus();
  await us.keyboard.press('Enter');
  await dialog.waitFor();
  await us.keyboard.press('Shift+Tab');
  assert.match(await us.evaluate(() => document.activeElement.textContent), /Circulate to plenary/);
  await us.keyboard.press('Enter');
  await until(us, () => /circulated/.test(document.querySelector('.v-status')?.textContent ?? ''), null, { what: 'the confirmation of the circulation' });
  const rows = await seenBy('witkoff');
  assert.deepEqual(rows.filter((r) => r.track === 'plenary').map((r) => r.party).sort(), ['EU', 'RU', 'UA', 'US']);
  assert.ok(rows.every((r) => r.track !== 'plenary' || r.shared_by === 'witkoff'));

  // Ukraine's open record shows the version live; its text opens.
  await until(ua, () => /bc-draft@1/.test(document.querySelector('.rc-seen')?.textContent ?? ''), null, { what: "the draft in Ukraine's open record", timeout: 10000 });
  await open(ua, '/d/bc-draft@1/text');
  await ua.locator('.bt-point').first().waitFor();
  assert.match(await ua.locator('.bt-text').innerText(), /1\./);
  assert.deepEqual(us.errors, []);
  assert.deepEqual(ua.errors, []);
  await us.context().close();
  await ua.context().close();
});

test('the record verifies; a head receipt checks out, an unknown one does not', async () => {
  const page = await signedInPage(chrome, server, 'kallas');
  await open(page, '/record');
  await page.locator('.rc-badge.is-good').waitFor();
  assert.match(await page.locator('.rc-badge').innerText(), /The record verifies\.\s*\d+ events checked in 2 chains/);
  const head = JSON.parse(await server.parley('log', 'head', 'plenary', '--format', 'json', '--as', 'kallas'));
  assert.match(await page.locator('.rc-heads').innerText(), new RegExp(head.hash));
  // The Check button of the plenary's receipt, by keyboard.
  await tabTo(page, 'button[aria-label="Check the receipt of plenary"]');
  await page.keyboard.press('Enter');
  await page.locator('.rc-expect.is-good').waitFor();
  assert.match(await page.locator('.rc-expect').innerText(), new RegExp(`Receipt ${head.hash.slice(0, 12)}`));
  // A receipt the record does not hold.
  await page.locator('#rc-expect').fill('ab'.repeat(32));
  await page.locator('#rc-expect').press('Enter');
  await page.locator('.rc-expect.is-bad').waitFor();
  // the server's reason reads as a sentence after the page's own
  assert.match(await page.locator('.rc-expect.is-bad').innerText(), /is not in the record\. The event of receipt /);
  // Not a receipt at all: said in the page, nothing asked of the server.
  await page.locator('#rc-expect').fill('not a hash');
  await page.locator('#rc-expect').press('Enter');
  await until(page, () => document.querySelector('.rc-expect-form ~ .notice-error')?.hidden === false, null, { what: 'the receipt refused' });
  // the answer about the receipt before is gone: it does not stand under the new entry
  assert.equal(await page.locator('.rc-expect.is-bad').isVisible(), false);
  await checkAxe(page, 'record');
  await screenshot(page, 'views-record');
  await page.context().close();
});

test('a live change redraws the record without taking away what the delegate typed, nor the focus', async () => {
  const page = await signedInPage(chrome, server, 'kallas');
  await open(page, '/record');
  await page.locator('#rc-note').waitFor();
  await page.locator('#rc-to').selectOption('coalition');
  await page.locator('#rc-note').fill('half-typed note');
  await page.locator('#rc-note').focus();
  // the caret is left inside the text, where the delegate went back to fix a word
  await page.evaluate(() => document.querySelector('#rc-note').setSelectionRange(5, 10));
  // Another delegate of the coalition drafts a version: the lists are read again.
  await server.parley('import', path.join(ROOT, 'examples/plan-eu-24.md'), '--doc', 'coalition-draft', '--track', 'coalition', '--as', 'umerov');
  await until(page, () => [...document.querySelectorAll('#rc-ref option')].some((o) => o.value === 'coalition-draft@1'), null, { what: 'the new version in the list, live', timeout: 10000 });
  assert.equal(await page.locator('#rc-note').inputValue(), 'half-typed note');
  assert.equal(await page.locator('#rc-to').inputValue(), 'coalition');
  // checked as soon as the list shows the new version, not after the page settles:
  // the focus must never leave the field, even for the rest of the redraw
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'rc-note');
  assert.deepEqual(await page.evaluate(() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]), [5, 10]);
  assert.match(await page.locator('.rc-seen').innerText(), /coalition-draft@1/);
  await page.context().close();
});
