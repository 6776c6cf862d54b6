// The page's cryptography against parley's C: BLAKE2b-256 (RFC 7693)
// against b2sum and the RFC's own vector; the RFC 9421 signature base
// against what the C client (src/net/httpsig.c) signs; the invitation key
// of an enrolment code against the one 'parley delegate invite' records.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { Blake2b, blake2b256 } from '../../web/app/core/blake2b.js';
import { canonical } from '../../web/app/core/canon.js';
import { contentDigest, escape, signatureBase, signHeaders } from '../../web/app/core/httpsig.js';
import { enrolDocument, fromKeyFile, generate, invitePair, normalizeCode } from '../../web/app/core/keys.js';
import { PARLEY, startServer } from './harness.mjs';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

test('BLAKE2b-512 of "abc" is RFC 7693 appendix A', () => {
  assert.equal(hex(new Blake2b(64).update('abc').digest()),
    'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923');
});

test('BLAKE2b-256 equals b2sum -l 256 across block boundaries', () => {
  for (const n of [0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 1023, 1024, 1025, 65537]) {
    const data = Buffer.alloc(n);
    for (let i = 0; i < n; i++) data[i] = (i * 31 + 7) & 255;
    const want = execFileSync('b2sum', ['-l', '256'], { input: data }).toString().split(' ')[0];
    assert.equal(hex(blake2b256(data)), want, `${n} bytes`);
    // Fed in pieces, the same.
    const h = new Blake2b(32);
    for (let at = 0; at < n; at += 100) h.update(data.subarray(at, at + 100));
    assert.equal(hex(h.digest()), want, `${n} bytes in pieces`);
  }
  assert.equal(hex(blake2b256('parley.invite/1\n', 'ABCD')), hex(blake2b256('parley.invite/1\nABCD')));
  const utf8 = 'Україна — ü';
  assert.equal(hex(blake2b256(utf8)), execFileSync('b2sum', ['-l', '256'], { input: Buffer.from(utf8) }).toString().split(' ')[0]);
});

test('canonical JSON is jansson\'s: sorted keys, compact, escapes', () => {
  assert.equal(canonical({ b: 1, a: [true, null, 'x"\\\n\u0001é'] }), '{"a":[true,null,"x\\"\\\\\\n\\u0001é"],"b":1}');
  assert.equal(canonical({ 'é': 1, z: 2, Z: 3 }), '{"Z":3,"z":2,"é":1}');
});

test('percent-encoding as the C client writes it', () => {
  assert.equal(escape('framework@2'), 'framework@2');
  assert.equal(escape('a b/c?é'), 'a%20b%2Fc%3F%C3%A9');
});

// A server that answers 401 and keeps what the C client sent.
async function capture(args, body = null) {
  const seen = [];
  const fake = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: data });
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"unknown_key","message":"captured"}}\n');
    });
  });
  await new Promise((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${fake.address().port}`;
  await promisify(execFile)(PARLEY, ['--server', url, ...args], { env: { ...process.env, PARLEY_CLOCK: '' } }).catch(() => {});
  fake.close();
  return seen;
}

test('the signature base the page builds is the one the C client signs', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const keyText = (await import('node:fs')).readFileSync(server.keyFile('umerov'), 'utf8');
  const publicHex = keyText.trim().split(' ')[1].slice(64);
  const publicKey = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicHex, 'hex')]), format: 'der', type: 'spki' });
  const cases = [
    ['show', 'framework@2', '--point', '6', '--key', server.keyFile('umerov')],
    ['position', 'framework@2', '6', 'reject', '--note', 'ça ne va pas', '--key', server.keyFile('umerov')],
  ];
  for (const args of cases) {
    const [request] = await capture(args);
    assert.ok(request, `the C client sent ${args[0]}`);
    const [path, query = ''] = request.url.split('?');
    const input = request.headers['signature-input'];
    const params = input.replace(/^parley=/, '');
    assert.equal(request.headers['content-digest'], await contentDigest(Buffer.from(request.body)));
    const base = signatureBase(request.method, path, query, request.headers['content-digest'], params);
    const signature = Buffer.from(request.headers.signature.match(/^parley=:(.*):$/)[1], 'base64');
    assert.ok(crypto.verify(null, Buffer.from(base), publicKey, signature), `${args[0]}: the C signature holds over the page's base`);
    // And the page signs the same base the same way: Ed25519 is
    // deterministic, so with the same key, time and nonce the bytes agree.
    const signer = await fromKeyFile(keyText);
    const created = Number(/created=(\d+)/.exec(params)[1]), nonce = /nonce="([^"]+)"/.exec(params)[1];
    const mine = await signHeaders(signer, request.method, path, query, Buffer.from(request.body), created, nonce);
    assert.equal(mine['Signature-Input'], input);
    assert.equal(mine.Signature, request.headers.signature);
  }
});

test('an enrolment code gives the invitation key the record holds', async (t) => {
  const server = await startServer();
  t.after(() => server.stop());
  const out = await server.parley('delegate', 'invite', 'yermak', '--as', 'umerov');
  const code = out.match(/[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}/)[0];
  const log = await server.parley('log', 'export', 'plenary', '--as', 'umerov');
  const invite = log.trim().split('\n').map((l) => JSON.parse(l).event).filter((e) => e && e.kind === 'delegate.invite').pop();
  const recorded = JSON.stringify(invite.payload).match(/[0-9a-f]{64}/g);
  const pair = await invitePair(code);
  assert.ok(recorded.includes(pair.keyid), 'the key derived in the page is the one recorded');
  // Look-alikes and spacing read as the C code reads them.
  assert.equal(normalizeCode(code.toLowerCase().replace(/0/g, 'o').replace(/-/g, ' ')), code.replace(/-/g, ''));
  assert.equal(normalizeCode('ABC'), null);
  assert.equal(normalizeCode(code + 'X'), null);
  // An enrolment built in the page is accepted by the record's rules.
  const device = await generate();
  const doc = await enrolDocument('yermak', code, device);
  const url = new URL(server.url);
  const body = Buffer.from(doc);
  const headers = await signHeaders(device, 'POST', '/api/enrol', '', body);
  const answer = await fetch(`${server.url}/api/enrol`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
  assert.equal(answer.status, 200, await answer.text());
  assert.ok(url);
  // The same code twice is refused.
  const again = await enrolDocument('yermak', code, await generate());
  const second = Buffer.from(again);
  const headers2 = await signHeaders(device, 'POST', '/api/enrol', '', second);
  const refused = await fetch(`${server.url}/api/enrol`, { method: 'POST', headers: { ...headers2, 'Content-Type': 'application/json' }, body: second });
  assert.notEqual(refused.status, 200);
});

test('a key file that does not hold together is refused', async () => {
  await assert.rejects(fromKeyFile('not a key'), { code: 'keyfile_malformed' });
  const a = crypto.randomBytes(32).toString('hex'), b = crypto.randomBytes(32).toString('hex');
  await assert.rejects(fromKeyFile(`parley-ed25519-secret-v1 ${a}${b}`), { code: 'keyfile_mismatch' });
});
