// The matrix: a position taken in the page through <pl-position-form>,
// with the keyboard alone, appears in the matrix view, in another
// delegation's open matrix (live), and in `parley matrix` on the command
// line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, checkAxe, open, screenshot, signedInPage, startServer, until } from './harness.mjs';
import { collectMissingMessages, tabTo, untilText } from './views-helpers.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function cliMatrix(ref) {
  return JSON.parse(await server.parley('matrix', ref, '--format', 'json', '--as', 'kallas'));
}

test('a stance taken with the keyboard in the matrix is recorded, shown, seen live by another party and by the CLI', async () => {
  const before = await cliMatrix('framework@2');
  assert.equal(before.rows.find((r) => r.point === '9').UA, 'reserve');

  const ua = await signedInPage(chrome, server, 'umerov');
  const missing = collectMissingMessages(ua);
  const eu = await signedInPage(chrome, server, 'kallas');
  await open(eu, '/d/framework@2/matrix');
  await eu.locator('.heat').waitFor();

  await open(ua, '/d/framework@2/matrix');
  await ua.locator('.heat').waitFor();
  // UA's cells are buttons; the others are not.
  assert.equal(await ua.locator('td.heat-cell.is-mine button').count(), 26);
  assert.equal(await ua.locator('td.heat-cell:not(.is-mine) button').count(), 0);

  // Keyboard only: Tab to UA's cell of point 9, Enter opens the form.
  await tabTo(ua, '[data-focus="cell-9"]');
  await ua.keyboard.press('Enter');
  const dialog = ua.locator('dialog.v-dialog[open]');
  await dialog.waitFor();
  assert.match(await dialog.locator('legend').innerText(), /UA.*point 9.*framework@2/);
  // The focus is on the current stance, reserve; three steps down is keep.
  assert.equal(await ua.evaluate(() => document.activeElement.value), 'reserve');
  for (let i = 0; i < 3; i++) await ua.keyboard.press('ArrowDown');
  assert.equal(await ua.evaluate(() => document.activeElement.value), 'keep');
  await ua.keyboard.press('Tab');
  assert.equal(await ua.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  await ua.keyboard.type('European jets in Poland are part of our deterrence');
  await checkAxe(ua, 'matrix with the position form open');
  await screenshot(ua, 'views-matrix-position-form');
  await ua.keyboard.press('Tab');
  assert.match(await ua.evaluate(() => document.activeElement.textContent), /Record the stance/);
  await ua.keyboard.press('Enter');

  await dialog.waitFor({ state: 'detached' }).catch(() => {});
  await until(ua, () => !document.querySelector('dialog[open]'), null, { what: 'the dialog to close' });
  await untilText(ua, '[data-focus="cell-9"]', /keep/);
  assert.equal(await ua.evaluate(() => document.activeElement?.dataset?.focus), 'cell-9', 'the focus goes back to the cell');
  assert.match(await ua.locator('.v-status').innerText(), /position on framework@2 point 9: keep/);
  assert.match(await ua.locator('.heat-notes').innerText(), /European jets in Poland are part of our deterrence/);

  // The command line reads the same record.
  const afterOne = await cliMatrix('framework@2');
  assert.equal(afterOne.rows.find((r) => r.point === '9').UA, 'keep');
  assert.ok(afterOne.notes.some((n) => n.point === '9' && n.party === 'UA' && n.note === 'European jets in Poland are part of our deterrence'));
  const text = await server.parley('matrix', 'framework@2', '--as', 'witkoff');
  assert.match(text, /European jets in Poland/);

  // The EU's open matrix shows it live, without reloading.
  await until(eu, () => /keep/.test([...document.querySelectorAll('tr')].find((tr) => tr.querySelector('th.heat-point a')?.textContent === '9')?.cells[4]?.textContent ?? ''), null, {
    what: "UA's new stance in the EU's open matrix",
    timeout: 10000,
  });

  // Several points at once: select 2 and 4 with Space, then the toolbar button.
  await tabTo(ua, '[data-focus="select-2"]', { back: true });
  await ua.keyboard.press('Space');
  await tabTo(ua, '[data-focus="select-4"]');
  await ua.keyboard.press('Space');
  await untilText(ua, '[data-focus="take-selected"]', /2 selected points/);
  await tabTo(ua, '[data-focus="take-selected"]', { back: true });
  await ua.keyboard.press('Enter');
  await dialog.waitFor();
  assert.match(await dialog.locator('legend').innerText(), /points 2, 4/);
  // No stance is preselected for several points: the focus is on the first, Space checks it.
  await ua.keyboard.press('Space');
  assert.equal(await ua.evaluate(() => document.activeElement.value), 'accept');
  await ua.locator('dialog[open] button[type=submit]').focus();
  await ua.keyboard.press('Enter');
  await until(ua, () => !document.querySelector('dialog[open]'), null, { what: 'the dialog to close' });
  const afterTwo = await cliMatrix('framework@2');
  assert.equal(afterTwo.rows.find((r) => r.point === '2').UA, 'accept');
  assert.equal(afterTwo.rows.find((r) => r.point === '4').UA, 'accept');
  await untilText(ua, '[data-focus="cell-2"]', /accept/);

  // A refusal comes back as the server's line, in the form.
  await open(ua, '/d/framework@1/matrix');
  await ua.locator('.heat').waitFor();
  await ua.locator('[data-focus="cell-6"]').click();
  await ua.evaluate(() => document.querySelector('pl-position-form').setAttribute('points', '99'));
  await ua.locator('dialog[open] input[value=undecided]').check();
  await ua.locator('dialog[open] button[type=submit]').click();
  await until(ua, () => document.querySelector('dialog[open] .pf-error')?.hidden === false, null, { what: 'an error in the form' });
  assert.match(await ua.locator('dialog[open] .pf-error').innerText(), /99/);
  await ua.keyboard.press('Escape');
  await until(ua, () => !document.querySelector('dialog[open]'), null, { what: 'Escape to close the dialog' });
  assert.deepEqual(missing, [], 'every message of the views is in the catalogue');
  assert.deepEqual(ua.errors, []);
  await ua.context().close();
  await eu.context().close();
});

test('filters: points without consensus, and where my party disagrees', async () => {
  const page = await signedInPage(chrome, server, 'kallas');
  await open(page, '/d/framework@1/matrix');
  await page.locator('.heat').waitFor();
  const all = await page.locator('tbody tr:not(.heat-part)').count();
  await page.locator('#matrix-filter').selectOption('open');
  const open_ = await page.locator('tbody tr:not(.heat-part)').count();
  assert.ok(open_ < all, `${open_} open of ${all}`);
  assert.equal(await page.locator('tbody .heat-consensus.is-yes').count(), 0);
  await page.locator('#matrix-filter').selectOption('ours');
  assert.ok((await page.locator('tbody tr:not(.heat-part)').count()) > 0);
  await checkAxe(page, 'matrix filtered');
  await page.context().close();
});
