// The first two tests, end to end in two browser contexts:
// (i) the US circulates a back-channel draft from its page; the Ukrainian
//     page shows it within a second, and before that the draft's URL gives
//     Ukraine the same "not found" page as a name that does not exist;
// (ii) Ukraine, enrolled in its browser with an invite code, amends point 6
//     by editing its text; the US page shows the amendment live; the event,
//     exported with 'parley log export', is signed by the key made in
//     Ukraine's browser.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { blake2b256 } from '../../web/app/core/blake2b.js';
import { canonical } from '../../web/app/core/canon.js';
import { browser, checkAxe, newPage, open, rendered, screenshot, signedInPage, startServer, until } from './harness.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

// The text of the view (the heading and the view), with a name blanked.
const viewText = (page, name) => page.evaluate((n) => document.getElementById('main').innerText.split(n).join('…'), name);

test('a back-channel draft: not found for Ukraine, then shown within a second of its circulation', async () => {
  const draft = path.join(server.dir, 'draft.md');
  fs.writeFileSync(draft, '# Back-channel draft\n\n## Part 1\n\n1. A ceasefire starts on the day both sides sign.\n\n2. Prisoners are exchanged all for all.\n');
  await server.parley('import', draft, '--doc', 'bc-draft', '--track', 'backchannel', '--as', 'witkoff');

  const us = await signedInPage(chrome, server, 'witkoff');
  const ua = await signedInPage(chrome, server, 'umerov');

  // Before: the draft's URL and a name that does not exist look the same.
  await open(ua, '/d/bc-draft@1');
  const hidden = await viewText(ua, 'bc-draft');
  await screenshot(ua, 'not-found');
  await open(ua, '/d/no-such-plan@1');
  const absent = await viewText(ua, 'no-such-plan');
  assert.equal(hidden, absent);
  assert.match(hidden, /Not found/);
  // And so do the server's answers, status and words but for the name.
  const answers = await ua.evaluate(async () => {
    const api = await import(new URL('core/api.js', document.querySelector('script[type="module"]').src).href);
    const tryIt = async (ref) => {
      try {
        await api.get(`/api/docs/${ref}/show`);
        return 'shown';
      } catch (e) {
        return `${e.status} ${e.code} ${e.message.split(ref.split('@')[0]).join('…')}`;
      }
    };
    return [await tryIt('bc-draft@1'), await tryIt('no-such-plan@1')];
  });
  assert.equal(answers[0], answers[1]);
  assert.match(answers[0], /^404 /);

  // Ukraine looks at its home page while the US circulates from its page.
  await open(ua, '/');
  assert.equal(await ua.locator('a[href="/d/bc-draft@1"]').count(), 0);
  await open(us, '/');
  const circulated = await us.evaluate(async () => {
    const api = await import(new URL('core/api.js', document.querySelector('script[type="module"]').src).href);
    const result = await api.change('/api/circulate', { ref: 'bc-draft@1', to: 'plenary', note: 'from the US page' }, { kinds: ['version.circulate'] });
    return { at: Date.now(), result };
  });
  assert.match(circulated.result.message, /circulated|bc-draft/);
  const seenAt = await until(ua, () => (document.querySelector('a[href="/d/bc-draft@1"]') ? Date.now() : 0), null, { timeout: 5000, what: 'the draft on the Ukrainian page' });
  const delay = seenAt - circulated.at;
  console.log(`# the Ukrainian page showed the draft ${delay} ms after the US commit was acknowledged`);
  assert.ok(delay < 1000, `shown after ${delay} ms`);
  await until(ua, () => document.getElementById('live-banner').classList.contains('shown'), null, { what: 'the banner' });
  assert.match(await ua.locator('#live-banner').innerText(), /witkoff.*circulated/);
  await screenshot(ua, 'live-banner');
  await open(ua, '/d/bc-draft@1');
  assert.match(await ua.locator('#main').innerText(), /ceasefire/);
  assert.deepEqual([...us.errors, ...ua.errors], []);
  await us.context().close();
  await ua.context().close();
});

test('Ukraine enrols with a code, amends point 6 by editing it; the US sees it live; the record holds its browser key', async () => {
  const invitation = await server.parley('delegate', 'invite', 'umerov', '--as', 'umerov');
  const code = invitation.match(/[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}/)[0];

  const ua = await newPage(chrome, server);
  await open(ua, '/signin');
  await ua.locator('#enrol-name').fill('umerov');
  await ua.locator('#enrol-code').fill(code.toLowerCase().replace(/-/g, ' '));
  await ua.locator('#enrol-form button[type=submit]').click();
  await ua.waitForURL((url) => url.pathname === '/');
  await rendered(ua);
  const browserKey = await ua.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()).signer.keyid);
  assert.match(browserKey, /^[0-9a-f]{64}$/);
  const keys = await server.parley('delegate', 'keys', 'umerov', '--format', 'json', '--as', 'umerov');
  assert.ok(JSON.parse(keys).rows.some((r) => r.public_key === browserKey && r.state === 'current'), 'the browser key is enrolled');
  // The private key cannot be read out of the browser.
  const extractable = await ua.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()).signer.privateKey.extractable);
  assert.equal(extractable, false);

  const us = await signedInPage(chrome, server, 'witkoff');
  await open(us, '/d/framework@2');
  await us.locator('#point-6').waitFor();
  const before = await us.locator('#point-6 .point-badges').innerText();

  await open(ua, '/d/framework@2/p/6/amend');
  await checkAxe(ua, 'amend');
  const editor = ua.locator('#amend-text');
  const original = await editor.inputValue();
  assert.match(original, /600,000/);
  await editor.fill(original.replace('600,000 personnel', '800,000 personnel, with no foreign troops'));
  await until(ua, () => document.querySelector('#amend-redline ins') && document.querySelector('#amend-redline del'), null, { what: 'the redline' });
  assert.match(await ua.locator('#amend-redline del').first().textContent(), /600,000/);
  assert.match(await ua.locator('#amend-redline').innerText(), /800,000/);
  await ua.locator('#amend-why').fill('an army that can deter, without foreign troops');
  await screenshot(ua, 'amend');
  const tabledAt = Date.now();
  await ua.locator('#amend-submit').click();
  await ua.waitForURL(/\/d\/framework\/a\/A\d+$/);
  const id = new URL(ua.url()).pathname.split('/').pop();
  await rendered(ua);
  await checkAxe(ua, 'amendment');
  await screenshot(ua, 'amendment');

  // The US page: the banner names it, and point 6 counts one more amendment.
  await until(us, (prev) => document.querySelector('#point-6 .point-badges')?.innerText !== prev, before, { timeout: 5000, what: 'the US plan to update' });
  console.log(`# the US page showed the amendment ${Date.now() - tabledAt} ms after Ukraine pressed the button`);
  assert.match(await us.locator('#live-banner').innerText(), /umerov.*amendment tabled/);
  assert.match(await us.locator('#point-6 .point-badges').innerText(), /3 amendments/);
  await screenshot(us, 'plan-live');

  // The record: the amendment.table event, signed by the browser's key.
  const exported = path.join(server.dir, 'plenary.log');
  fs.writeFileSync(exported, await server.parley('log', 'export', 'plenary', '--as', 'witkoff'));
  const lines = fs.readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l).event).filter(Boolean);
  const event = lines.find((e) => e.kind === 'amendment.table' && e.actor === 'umerov' && e.payload?.id === id);
  assert.ok(event, `the export holds ${id}`);
  const statement = canonical({ actor: event.actor, after: event.after, at: event.at, kind: event.kind, payload: event.payload, track: event.track });
  assert.equal(Buffer.from(blake2b256(statement)).toString('hex'), event.statement, 'the statement hashes to its receipt');
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(browserKey, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(crypto.verify(null, Buffer.from(blake2b256(statement)), key, Buffer.from(event.sig, 'hex')), 'signed by the key made in the browser');
  const fileKey = fs.readFileSync(server.keyFile('umerov') + '.pub', 'utf8').trim();
  const fileKeyObject = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(fileKey, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(!crypto.verify(null, Buffer.from(blake2b256(statement)), fileKeyObject, Buffer.from(event.sig, 'hex')), 'not by the key file');
  // parley log verify on the export, with no database: every hash, link
  // and signature, the browser's included.
  const verified = JSON.parse(await server.parley('log', 'verify', exported, '--format', 'json'));
  assert.equal(verified.verified, true);
  assert.equal(verified.events, lines.length);
  assert.equal(verified.signed, lines.length);
  assert.deepEqual([...us.errors, ...ua.errors], []);
  await us.context().close();
  await ua.context().close();
});
