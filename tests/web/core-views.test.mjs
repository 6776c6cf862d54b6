// Every view of webcore in a real browser: axe-core finds nothing serious
// or critical, the main actions are reached by keyboard alone, the three
// languages load and set <html lang>, the devices page adds and removes a
// device; a screenshot of each view is kept in build-test/web-artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, checkAxe, newPage, open, rendered, screenshot, signedInPage, startServer, until } from './harness.mjs';

let server, chrome, page;
before(async () => {
  server = await startServer();
  chrome = await browser();
  page = await signedInPage(chrome, server, 'umerov');
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const VIEWS = [
  ['home', '/', '#home-docs'],
  ['plan', '/d/framework@2', '#point-6'],
  ['plan-e3-counter', '/d/e3-counter@1', '.point-row'],
  ['point', '/d/framework@2/p/6', '#amendments'],
  ['point-21', '/d/framework@2/p/21', '#point-history'],
  ['amend', '/d/framework@2/p/21/amend', '#amend-text'],
  ['amendment', '/d/framework/a/A1', '#amendment-collisions'],
  ['keys', '/keys', 'table.keys'],
];

for (const [name, where, marker] of VIEWS) {
  test(`${name} (${where}): axe, screenshot`, async () => {
    await open(page, where);
    await page.locator(marker).first().waitFor();
    await checkAxe(page, name);
    await screenshot(page, name);
    assert.deepEqual(page.errors, []);
  });
}

// Presses Tab until the focused element matches selector; how many presses.
async function tabTo(p, selector, max = 80) {
  for (let i = 1; i <= max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate((s) => document.activeElement?.matches(s), selector)) return i;
  }
  throw new Error(`${selector} is not reached by Tab`);
}

test('keyboard: the main actions are reached and show their focus', async () => {
  await open(page, '/d/framework@2/p/6/amend');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, '#amend-why');
  await page.keyboard.type('why');
  // The submit button waits for a change: disabled, it is skipped.
  await tabTo(page, 'a.button-quiet', 5);
  await open(page, '/d/framework@2');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows its focus');
  await page.keyboard.press('Enter');
  await tabTo(page, '#filter-disagree');
  await page.keyboard.press('Space');
  assert.match(await page.locator('.plan-count').innerText(), /Showing \d+ of 26/);
  await tabTo(page, '.point-row:not([hidden]) a[href$="/amend"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/p\/[^/]+\/amend$/);
  await rendered(page);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'amend-text');
  await page.keyboard.type(' Agreed.');
  assert.equal(await page.locator('#amend-submit').isDisabled(), false);
  await open(page, '/keys');
  await tabTo(page, '#main button');
});

test('filters: where we disagree, our red lines, changed since a version', async () => {
  await open(page, '/d/framework@2');
  const shown = async () => Number((await page.locator('.plan-count').innerText()).match(/(\d+) of/)[1]);
  assert.equal(await shown(), 26);
  await page.locator('#filter-redline').check();
  const redlines = await shown();
  assert.ok(redlines >= 1 && redlines < 26);
  assert.equal(await page.locator('.point-row:not([hidden]) .stance-redline', { hasText: 'UA' }).count(), redlines);
  await page.locator('#filter-redline').uncheck();
  await page.locator('#filter-disagree').check();
  assert.ok((await shown()) < 26);
  await page.locator('#filter-disagree').uncheck();
  await page.locator('#filter-since').selectOption('1');
  await until(page, () => !/of 26 points$/.test('') && document.querySelector('.plan-count').textContent.match(/Showing (\d+)/)[1] !== '26', null, { what: 'the diff filter' });
  await screenshot(page, 'plan-filtered');
});

test('languages: French and Ukrainian load, set <html lang>, and name the views', async () => {
  for (const [code, word] of [['fr', 'Accueil'], ['uk', 'Головна'], ['en', 'Home']]) {
    await open(page, '/');
    await page.locator('#language').selectOption(code);
    await until(page, (c) => document.documentElement.lang === c && !document.getElementById('main').hasAttribute('aria-busy'), code, { what: code });
    assert.equal(await page.locator('#page-title').innerText(), word);
    if (code !== 'en') {
      await open(page, '/d/framework@2');
      await page.locator('#point-6').waitFor();
      await checkAxe(page, `plan-${code}`);
      await screenshot(page, `plan-${code}`);
      const missing = await page.evaluate(() => [...document.querySelectorAll('#main *')].filter((e) => /^[a-z]+\.[a-z_.]+$/.test(e.textContent.trim()) && e.children.length === 0).map((e) => e.textContent));
      assert.deepEqual(missing, [], 'no message key shows instead of its words');
    }
  }
});

test('devices: a code made on the devices page enrols a second browser; removing it signs that browser out', async () => {
  await open(page, '/keys');
  await page.locator('#keys-new ~ button, section button').filter({ hasText: 'Make an enrolment code' }).click();
  await page.locator('.invite-code').waitFor();
  const code = await page.locator('.invite-code').innerText();
  const second = await newPage(chrome, server);
  await open(second, '/signin');
  await second.locator('#enrol-name').fill('umerov');
  await second.locator('#enrol-code').fill(code);
  await second.locator('#enrol-form button[type=submit]').click();
  await second.waitForURL((u) => u.pathname === '/');
  const secondKey = await second.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()).signer.keyid);
  await open(page, '/keys');
  assert.equal(await page.locator('table.keys tbody tr').count(), 2);
  await screenshot(page, 'keys-two');
  const row = page.locator('table.keys tbody tr', { has: page.locator(`code[title="${secondKey}"]`) });
  await row.getByRole('button', { name: /Remove/ }).click();
  await row.getByRole('button', { name: 'Yes, remove it' }).click();
  await until(page, (k) => [...document.querySelectorAll('table.keys tr')].some((tr) => tr.querySelector(`code[title="${k}"]`) && /removed/.test(tr.textContent)), secondKey, { what: 'the key removed' });
  // The removed browser is sent back to sign in on its next request.
  await open(second, '/d/framework@2');
  await until(second, () => location.pathname === '/signin', null, { what: 'the second browser to sign in again' });
  assert.match(await second.locator('#main').innerText(), /no longer knows this browser's key/);
  await screenshot(second, 'signin-key-removed');
  await second.context().close();
});

test('signing out forgets the key here and nothing on the server', async () => {
  const p = await signedInPage(chrome, server, 'kallas');
  await p.getByRole('button', { name: 'Sign out' }).click();
  await p.waitForURL(/\/signin$/);
  assert.equal(await p.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()) === null), true);
  const keys = JSON.parse(await server.parley('delegate', 'keys', 'kallas', '--format', 'json', '--as', 'kallas'));
  assert.ok(keys.rows.every((r) => r.state === 'current'));
  await p.context().close();
});

test('a long plan is a window: few rows built, go to point, the end reached by scrolling', async () => {
  const fs = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const { ROOT } = await import('./harness.mjs');
  const file = `${server.dir}/long.md`;
  fs.writeFileSync(file, execFileSync('bash', [`${ROOT}/bench/gen_points.sh`, '2000']));
  await server.parley('import', file, '--doc', 'long', '--as', 'witkoff');
  await server.parley('position', 'long@1', '*', 'reject', '--as', 'dmitriev');
  await open(page, '/d/long@1');
  await page.locator('#point-1').waitFor();
  const built = await page.locator('.point-row').count();
  assert.ok(built > 0 && built < 300, `${built} rows built of 2,000`);
  assert.match(await page.locator('.plan-count').innerText(), /2,?000 of 2,?000/);
  await page.locator('#goto-point').fill('1500');
  await page.locator('#goto-point').press('Enter');
  await until(page, () => document.activeElement?.closest('#point-1500'), null, { what: 'point 1500 focused' });
  await page.locator('#goto-point').fill('99999');
  await page.locator('#goto-point').press('Enter');
  assert.equal(await page.locator('#goto-point').getAttribute('aria-invalid'), 'true');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await until(page, () => document.getElementById('point-2000'), null, { what: 'the last point' });
  assert.ok((await page.locator('.point-row').count()) < 400, 'rows far from the screen are let go');
  await checkAxe(page, 'plan-long');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'plan-long');
});

test('the plan prints on A4 with its markings and page numbers', async () => {
  const fs = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  await open(page, '/d/framework@2');
  await page.locator('.markings').waitFor();
  const pdf = `${server.dir}/plan.pdf`;
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  assert.match(text, /PLENARY — ALL PARTIES/i);
  assert.match(text, /framework@2/i);
  assert.match(text, /\b1 ?\/ ?\d+/, 'page numbers (@page margin box)');
  assert.match(text, /capped at 600,000/);
  assert.doesNotMatch(text, /Sign out|Where we disagree/, 'no controls on paper');
  fs.copyFileSync(pdf, `${(await import('./harness.mjs')).ARTIFACTS}/plan.pdf`);
});
