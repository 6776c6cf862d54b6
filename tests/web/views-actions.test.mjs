// The delegation's remaining acts, from the browser (issue 14, "a
// delegation can run its side of the demo negotiation entirely from the
// browser"): a statement, a plan imported as a new document and then as a
// new version, tracks made and joined. Each is prepared by the server,
// checked and signed in the page; the command line then sees it, and the
// record shows it signed by the key the browser made. Bad input shows the
// server's own message and records nothing.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { blake2b256 } from '../../web/app/core/blake2b.js';
import { canonical } from '../../web/app/core/canon.js';
import { ROOT, browser, checkAxe, newPage, open, rendered, screenshot, signedInPage, startServer, until } from './harness.mjs';
import { tabTo, tabThrough } from './views-helpers.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const json = async (...args) => JSON.parse(await server.parley(...args, '--format', 'json'));
// How many events the record holds that a delegate may see.
const events = async (who) => (await json('verify', '--as', who)).events;

// A page enrolled with an invitation code: its key is made in the browser.
async function enrolledPage(name) {
  const invitation = await server.parley('delegate', 'invite', name, '--as', name);
  const code = invitation.match(/[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}/)[0];
  const page = await newPage(chrome, server);
  await open(page, '/signin');
  await page.locator('#enrol-name').fill(name);
  await page.locator('#enrol-code').fill(code);
  await page.locator('#enrol-form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/');
  await rendered(page);
  const key = await page.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()).signer.keyid);
  return { page, key };
}

// The event of kind, acted by actor, matching test, in the export of
// track; checked against the browser's key, and the export verified.
async function signedByBrowser(track, reader, kind, actor, browserKey, test) {
  const exported = path.join(server.dir, `${track}-${kind}.log`);
  fs.writeFileSync(exported, await server.parley('log', 'export', track, '--as', reader));
  const lines = fs.readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event).filter(Boolean);
  const event = lines.find((e) => e.kind === kind && e.actor === actor && test(e.payload));
  assert.ok(event, `the export of ${track} holds the ${kind}`);
  const statement = canonical({ actor: event.actor, after: event.after, at: event.at, kind: event.kind, payload: event.payload, track: event.track });
  assert.equal(Buffer.from(blake2b256(statement)).toString('hex'), event.statement);
  const spki = (hex) => crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(crypto.verify(null, Buffer.from(blake2b256(statement)), spki(browserKey), Buffer.from(event.sig, 'hex')), 'signed by the key made in the browser');
  const verified = JSON.parse(await server.parley('log', 'verify', exported, '--format', 'json'));
  assert.equal(verified.verified, true);
  assert.equal(verified.signed, lines.length);
  return event;
}

test('a statement made on the page of a point is listed there, live on another delegation’s page, by the command line, and signed by the browser key', async () => {
  const { page, key } = await enrolledPage('kallas');
  // Ukraine has the same point open: the statement reaches it live.
  const ua = await signedInPage(chrome, server, 'umerov');
  await open(ua, '/d/eu24@1/p/3');
  await open(page, '/d/eu24@1/p/3');
  const summary = page.locator('summary#point-state');
  assert.match(await summary.innerText(), /Make a statement about point 3/);
  await summary.click();
  const text = page.locator('#ps-text');
  assert.equal(await text.inputValue(), 'On point 3: ');
  await text.press('End');
  await text.pressSequentially('the Union will fund the monitoring mission for five years.');
  await page.locator('#ps-level-background').check();
  assert.equal(await page.locator('#ps-speaker').isVisible(), false, 'no speaker off the record');
  await checkAxe(page, 'point, making a statement');
  await screenshot(page, 'views-actions-point-statement');
  await page.locator('.sf button[type=submit]').click();
  // The page draws itself again with the statement listed, and says so.
  await until(page, () => /fund the monitoring mission/.test(document.querySelector('[aria-labelledby="point-statements"] .statement')?.textContent ?? ''), null, { what: 'the statement listed on the point' });
  assert.match(await page.locator('.ps-make + .pf-status').innerText(), /added statement \(background\) in plenary/);

  await until(ua, () => /fund the monitoring mission/.test(document.querySelector('[aria-labelledby="point-statements"]')?.textContent ?? ''), null, { what: "the statement on Ukraine's open page", timeout: 10000 });
  assert.match(await ua.locator('[aria-labelledby="point-statements"] .meta').nth(1).innerText(), /EU · background/);
  const rows = (await json('statement', 'list', '--as', 'umerov')).rows;
  const row = rows.find((r) => /fund the monitoring mission/.test(r.text));
  assert.deepEqual({ ...row, date: undefined }, { date: undefined, track: 'plenary', level: 'background', party: 'EU', speaker: null, text: 'On point 3: the Union will fund the monitoring mission for five years.' });
  assert.match(row.date, /^\d{4}-\d{2}-\d{2}$/);
  await signedByBrowser('plenary', 'umerov', 'statement.add', 'kallas', key, (p) => /monitoring mission/.test(p.text));
  assert.deepEqual([...page.errors, ...ua.errors], []);
  await page.context().close();
  await ua.context().close();
});

test('the statements page: on the record in a track of ours, seen live by its other member; an empty statement is refused', async () => {
  const eu = await signedInPage(chrome, server, 'kallas');
  const ua = await signedInPage(chrome, server, 'umerov');
  await open(ua, '/statements?track=coalition');
  await ua.locator('.st-count').waitFor();
  const before = await ua.locator('.st-count').innerText();

  await open(eu, '/');
  await eu.locator('a[href="/statements"]').click();
  await rendered(eu);
  assert.equal(new URL(eu.url()).pathname, '/statements');
  // An empty statement: the server's message, and nothing recorded.
  const count = await events('kallas');
  await eu.locator('#st-text').fill('   ');
  await eu.locator('.sf button[type=submit]').click();
  await until(eu, () => !document.querySelector('.sf .pf-error').hidden, null, { what: 'the refusal' });
  assert.equal(await eu.locator('.sf .pf-error').innerText(), 'The statement was not recorded: the statement is empty');
  assert.equal(await events('kallas'), count);

  // With the keyboard: the text, on the record, the coalition track.
  await eu.locator('#st-text').fill('We will not discuss territory without Ukraine at the table.');
  await eu.locator('#st-date').fill('2025-11-24');
  await eu.locator('#st-track').selectOption('coalition');
  await eu.locator('#st-speaker').fill('Kaja Kallas');
  await checkAxe(eu, 'statements');
  await eu.locator('#st-speaker').focus();
  await tabTo(eu, '.sf button[type=submit]');
  await eu.keyboard.press('Enter');
  await until(eu, () => /added statement \(record\) in coalition/.test(document.querySelector('.sf .pf-status')?.textContent ?? ''), null, { what: 'the statement recorded' });
  await until(eu, () => /without Ukraine at the table/.test(document.querySelector('.st-rows')?.textContent ?? ''), null, { what: 'the list' });
  await screenshot(eu, 'views-actions-statements');

  // Ukraine's open page shows it live; the command line lists it.
  await until(ua, (b) => document.querySelector('.st-count')?.textContent !== b && /without Ukraine/.test(document.querySelector('.st-rows')?.textContent ?? ''), before, { what: "the statement on Ukraine's page", timeout: 10000 });
  assert.match(await ua.locator('.st-rows li').first().innerText(), /(November 24, 2025|24 November 2025) · EU · Kaja Kallas · on the record/);
  const rows = (await json('statement', 'list', '--track', 'coalition', '--as', 'umerov')).rows;
  assert.deepEqual(rows.at(-1), { date: '2025-11-24', track: 'coalition', level: 'record', party: 'EU', speaker: 'Kaja Kallas', text: 'We will not discuss territory without Ukraine at the table.' });
  // The US does not see the coalition's statement.
  assert.ok(!(await json('statement', 'list', '--as', 'witkoff')).rows.some((r) => /without Ukraine/.test(r.text)));
  assert.deepEqual([...eu.errors, ...ua.errors], []);
  await eu.context().close();
  await ua.context().close();
});

test('a plan imported from a file in the browser: previewed as the server read it, signed, shown; then a new version from its text', async () => {
  const { page, key } = await enrolledPage('kallas');
  await open(page, '/');
  await page.locator('a[href="/import"]').click();
  await rendered(page);
  await page.locator('#im-doc').fill('eu-outline');
  assert.match(await page.locator('#im-doc-what').innerText(), /eu-outline is a new document/);
  await page.locator('#im-track').selectOption('coalition');
  await page.locator('#im-file').setInputFiles(path.join(ROOT, 'examples/plan-12.md'));
  await until(page, () => document.getElementById('im-text').value.startsWith('# Twelve-point outline'), null, { what: 'the file read into the page' });
  assert.match(await page.locator('.v-status').innerText(), /Read plan-12\.md/);
  await checkAxe(page, 'import');
  await screenshot(page, 'views-actions-import');

  const count = await events('kallas');
  await page.locator('.im-form button[type=submit]').click();
  await page.locator('.im-preview:not([hidden]) .im-sign').waitFor();
  // What the server prepared, before anything is signed: nothing recorded.
  assert.equal(await events('kallas'), count);
  const preview = await page.locator('.im-preview').innerText();
  assert.match(preview, /What will be recorded: eu-outline@1/);
  assert.match(preview, /coalition/);
  assert.match(preview, /12 points in 3 parts/);
  assert.match(preview, /Part 2: Security/);
  assert.match(preview, /5\.\s+No cap is placed on the size of Ukraine's armed forces\./);
  await checkAxe(page, 'import, the preview');
  await screenshot(page, 'views-actions-import-preview');

  await page.locator('.im-sign').click();
  await page.waitForURL((url) => url.pathname === '/d/eu-outline@1');
  await rendered(page);
  const shown = await server.parley('show', 'eu-outline@1', '--as', 'umerov');
  assert.match(shown, /Twelve-point outline for a settlement/);
  assert.match(shown, /No cap is placed on the size of Ukraine's armed forces\./);
  assert.equal((await json('docs', '--as', 'umerov')).versions.find((v) => v.document === 'eu-outline').track, 'coalition');
  assert.equal((await json('docs', '--as', 'witkoff')).versions.find((v) => v.document === 'eu-outline'), undefined, 'confidential to the coalition');
  await signedByBrowser('coalition', 'kallas', 'document.version', 'kallas', key, (p) => p.document === 'eu-outline' && p.number === 1);

  // A new version: from the document's bar, starting from its text.
  await page.locator('.doc-nav a', { hasText: 'New version' }).click();
  await rendered(page);
  assert.equal(await page.locator('#im-doc').inputValue(), 'eu-outline');
  assert.match(await page.locator('#im-doc-what').innerText(), /eu-outline exists: this makes the version after eu-outline@1/);
  assert.equal(await page.locator('#im-track').isVisible(), false, 'a new version stays in its track');
  assert.match(await page.locator('.im-kept').innerText(), /A new version of eu-outline stays in the track of eu-outline/);
  await page.locator('button', { hasText: 'Start from the text of eu-outline@1' }).click();
  await until(page, () => /No cap is placed/.test(document.getElementById('im-text').value), null, { what: 'the text of version 1' });
  const textArea = page.locator('#im-text');
  await textArea.fill((await textArea.inputValue()).replace('No cap is placed on the size of', 'A floor of 800,000 personnel is set for'));
  await page.locator('.im-form button[type=submit]').click();
  await page.locator('.im-preview:not([hidden]) .im-sign').waitFor();
  const second = await page.locator('.im-preview').innerText();
  assert.match(second, /What will be recorded: eu-outline@2/);
  assert.match(second, /12 points in 3 parts: 12 carried over from the previous version, 0 new/);
  assert.match(second, /A floor of 800,000 personnel/);
  // Editing after the preview takes the preview away: it no longer says what would be signed.
  await textArea.press('End');
  await textArea.pressSequentially(' ');
  assert.equal(await page.locator('.im-preview').isHidden(), true);
  await page.locator('.im-form button[type=submit]').click();
  await page.locator('.im-preview:not([hidden]) .im-sign').click();
  await page.waitForURL((url) => url.pathname === '/d/eu-outline@2');
  assert.match(await server.parley('show', 'eu-outline@2', '--as', 'umerov'), /A floor of 800,000 personnel is set for Ukraine's armed forces\./);

  // The same text again: the server prepares nothing to sign, and says why.
  await open(page, '/import?doc=eu-outline');
  await page.locator('button', { hasText: 'Start from the text of eu-outline@2' }).click();
  await until(page, () => /A floor of 800,000/.test(document.getElementById('im-text').value), null, { what: 'the text of version 2' });
  await page.locator('.im-form button[type=submit]').click();
  await until(page, () => !document.querySelector('.im-error').hidden, null, { what: 'the refusal of the same text' });
  assert.deepEqual((await page.locator('.im-error').innerText()).split('\n').filter(Boolean), ['Not imported', 'the plan is unchanged from eu-outline@2; no new version']);
  assert.equal(await page.locator('.im-sign').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a bad import shows the server’s message and records nothing', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/import');
  const { missed } = await tabThrough(page);
  assert.deepEqual(missed, [], 'every control of /import is reached with Tab');
  const count = await events('umerov');
  const refused = async (doc, text, expected) => {
    await page.locator('#im-doc').fill(doc);
    await page.locator('#im-text').fill(text);
    await page.locator('.im-form button[type=submit]').click();
    await until(page, () => !document.querySelector('.im-error').hidden, null, { what: `the refusal of ${doc}` });
    assert.deepEqual((await page.locator('.im-error').innerText()).split('\n').filter(Boolean), ['Not imported', expected]);
    assert.equal(await page.locator('.im-preview').isHidden(), true);
    assert.equal(await events('umerov'), count, 'nothing recorded');
  };
  await refused('ua-draft', '', 'the plan: empty file');
  await refused('ua-draft', '  \n\n', 'the plan: empty file');
  await refused('bad name!', '# A plan\n\n1. One point.\n', "'bad name!' is not a document name (letters, digits, '.', '_', '-')");
  // framework is drafted in the back channel, a track Ukraine is not in.
  await refused('framework', '# A plan\n\n1. One point.\n', 'framework is drafted in a track your party is not a member of: propose changes to it as amendments (parley amend)');
  await checkAxe(page, 'import, refused');
  await screenshot(page, 'views-actions-import-refused');
  await assert.rejects(server.parley('show', 'ua-draft', '--as', 'umerov'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('tracks: a new track of ours, a party brought in, our consent to a rule; what is not ours to do is refused with the server’s line', async () => {
  const { page, key } = await enrolledPage('umerov');
  await open(page, '/');
  await page.locator('a[href="/tracks"]').click();
  await rendered(page);
  assert.match(await page.locator('.tr-tracks').innerText(), /coalition/);
  assert.doesNotMatch(await page.locator('.tr-tracks').innerText(), /backchannel/);
  await checkAxe(page, 'tracks');

  // A name already taken, then a track without our own party: refused.
  await page.locator('#tr-name').fill('coalition');
  await page.locator('.tr-new-form button[type=submit]').click();
  await until(page, () => !document.querySelector('.tr-new-form .pf-error').hidden, null, { what: 'the refusal' });
  assert.equal(await page.locator('.tr-new-form .pf-error').innerText(), "the track name 'coalition' is not available");
  await page.locator('#tr-name').fill('security');
  await page.locator('#tr-p-UA').uncheck();
  await page.locator('#tr-p-EU').check();
  await page.locator('.tr-new-form button[type=submit]').click();
  await until(page, () => /acting party/.test(document.querySelector('.tr-new-form .pf-error')?.textContent ?? ''), null, { what: 'the refusal' });
  assert.equal(await page.locator('.tr-new-form .pf-error').innerText(), 'a track must include the acting party (UA)');
  assert.equal((await json('track', 'list', '--as', 'kallas')).rows.some((r) => r.track === 'security'), false);

  // Made with the keyboard.
  await page.locator('#tr-p-UA').focus();
  await page.keyboard.press('Space');
  await tabTo(page, '#tr-new-rule');
  await page.locator('#tr-new-rule').selectOption('majority');
  await tabTo(page, '.tr-new-form button[type=submit]');
  await page.keyboard.press('Enter');
  await until(page, () => /added track security/.test(document.querySelector('.v-status')?.textContent ?? ''), null, { what: 'the track added' });
  await until(page, () => !!document.querySelector('[data-track="security"]'), null, { what: 'the new track listed' });
  // The form is fresh for the next track: no name, consensus, our party alone.
  assert.equal(await page.locator('#tr-name').inputValue(), '');
  assert.equal(await page.locator('#tr-new-rule').inputValue(), 'consensus');
  assert.deepEqual(await page.locator('.tr-new-form input:checked').evaluateAll((boxes) => boxes.map((b) => b.value)), ['UA']);
  const members = async () => (await json('track', 'members', 'security', '--as', 'kallas')).rows.map((r) => r.party).sort();
  assert.deepEqual(await members(), ['EU', 'UA']);
  await signedByBrowser('security', 'kallas', 'track.create', 'umerov', key, (p) => p.name === 'security');

  // The US brought into it; then our consent to the chair's rule.
  const item = page.locator('[data-track="security"]');
  await item.locator('select[name=party]').selectOption('US');
  await item.locator('.tr-join button').click();
  await until(page, () => /US joined track security/.test(document.querySelector('.v-status')?.textContent ?? ''), null, { what: 'the join' });
  // The message comes once the list shows what it tells.
  assert.match(await item.locator('.tr-members').innerText(), /\(US\)/);
  assert.deepEqual(await members(), ['EU', 'UA', 'US']);

  assert.equal(await item.locator('.tr-rule-now').innerText(), 'Decision rule: majority');

  // Live news that changes nothing the list shows (another member's consent
  // to the rule the track has) leaves the forms as they are: the same
  // select, still chosen and focused, so that a click under way is not lost.
  const select = await item.locator('select[name=rule]').elementHandle();
  await item.locator('select[name=rule]').selectOption('chair');
  await select.focus();
  const reread = page.waitForResponse((r) => r.url().endsWith('/api/tracks/security/members'));
  assert.match(await server.parley('track', 'rule', 'security', 'majority', '--as', 'kallas'), /security has the majority rule already/);
  await reread;
  await until(page, () => !document.querySelector('.tr-columns section[aria-busy]'), null, { what: 'the list read again' });
  assert.equal(await select.evaluate((el) => el.isConnected && el.value === 'chair' && document.activeElement === el), true);

  // Our consent waits for the others' and is listed; the EU's makes the
  // majority, and the page shows the new rule live.
  await item.locator('.tr-rule button').click();
  await until(page, () => /recorded your party’s consent to the chair rule for security|recorded your party's consent to the chair rule for security/.test(document.querySelector('.v-status')?.textContent ?? ''), null, { what: 'the consent' });
  assert.equal(await item.locator('.tr-pending').innerText(), 'Consents to another rule, waiting for the rest: Ukraine (UA) for “the chair decides”');
  await screenshot(page, 'views-actions-tracks-waiting');
  assert.match(await server.parley('track', 'rule', 'security', 'chair', '--as', 'kallas'), /the decision rule of security is now chair/);
  await until(page, () => /the chair decides/.test(document.querySelector('[data-track="security"] .tr-rule-now')?.textContent ?? '') && !document.querySelector('[data-track="security"] .tr-pending'), null, { what: 'the new rule shown live' });
  await screenshot(page, 'views-actions-tracks');
  const { missed } = await tabThrough(page);
  assert.deepEqual(missed, [], 'every control of /tracks is reached with Tab');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the new views speak French and Ukrainian', async () => {
  for (const [lang, heading, button] of [['fr', 'Importer un plan', 'Aperçu de ce qui sera enregistré'], ['uk', 'Імпортувати план', 'Переглянути, що буде записано']]) {
    const page = await signedInPage(chrome, server, 'kallas', { locale: lang });
    await page.locator('#language').selectOption(lang);
    await open(page, '/import');
    assert.equal(await page.locator('#page-title').innerText(), heading);
    assert.equal(await page.locator('.im-form button[type=submit]').innerText(), button);
    const text = await page.locator('#main').innerText();
    assert.doesNotMatch(text, /views\.[a-z]+\./, 'no key shown in place of a message');
    for (const where of ['/statements', '/tracks', '/d/eu24@1/p/3']) {
      await open(page, where);
      assert.doesNotMatch(await page.locator('#main').innerText(), /views\.[a-z]+\./, `${lang} ${where}`);
    }
    await open(page, '/statements');
    await screenshot(page, `views-actions-statements-${lang}`);
    await open(page, '/tracks');
    await screenshot(page, `views-actions-tracks-${lang}`);
    await page.context().close();
  }
});

test('every message the new views name is in views.en.json', () => {
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'web/i18n/views.en.json'), 'utf8'));
  const files = ['views/statements.js', 'views/import.js', 'views/tracks.js', 'views/point.js', 'views/home.js', 'components/statement-form.js', 'core/layout.js'];
  const missing = [];
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROOT, 'web/app', file), 'utf8');
    for (const [, key] of source.matchAll(/['`](views\.[A-Za-z0-9_.]+)['`]/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    // Keys made at run time: each of their forms.
    const forms = { 'views.statements.level.': ['record', 'background', 'nfa', 'record.means', 'background.means', 'nfa.means'], 'views.tracks.rule.': ['consensus', 'chair', 'majority'] };
    for (const [, stem] of source.matchAll(/`(views\.[a-z]+\.[a-zA-Z.]*)\$\{/g)) {
      assert.ok(forms[stem], `${file}: a key made at run time from ${stem}`);
      for (const tail of forms[stem]) if (!(stem + tail in en)) missing.push(`${file}: ${stem}${tail}`);
    }
  }
  assert.deepEqual(missing, []);
});
