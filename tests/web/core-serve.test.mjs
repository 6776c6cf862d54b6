// parley serve's side of the web interface (src/server/static.c): the
// page for every app path, files from the embedded table only, the
// security headers, strong ETags answered 304, gzip, and the API as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { ROOT, startServer } from './harness.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

function get(target, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    // The target as given (a URL would resolve its '..').
    const { hostname, port } = new URL(server.url);
    const req = http.request({ hostname, port, path: target, method, headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const source = fs.readFileSync(path.join(ROOT, 'web/index.html'), 'utf8');
let index, release;

test('every app path answers the page, with the security headers and its files under the release', async () => {
  const first = await get('/');
  release = /"\/app\/([0-9a-f]{12})\/main\.js"/.exec(first.body.toString())?.[1];
  assert.ok(release, 'the page names its release');
  index = Buffer.from(source.replaceAll('"/app/', `"/app/${release}/`));
  assert.ok(!index.toString().includes('"/app/main.js"'));
  for (const target of ['/', '/signin', '/d/framework@2/p/6/amend', '/d/x%20y', '/anything/else?q=1', '/favicon.ico']) {
    const r = await get(target);
    assert.equal(r.status, 200, target);
    assert.deepEqual(r.body, index, target);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['content-security-policy'], POLICY);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers.etag, `"page-${release}"`);
  }
});

test('under the current release a file is immutable; without it, or under another, it is revalidated', async () => {
  const bytes = fs.readFileSync(path.join(ROOT, 'web/app/core/api.js'));
  const current = await get(`/app/${release}/core/api.js`);
  assert.equal(current.status, 200);
  assert.deepEqual(current.body, bytes);
  assert.equal(current.headers['cache-control'], 'public, max-age=31536000, immutable');
  for (const target of ['/app/core/api.js', '/app/000000000000/core/api.js']) {
    const r = await get(target);
    assert.equal(r.status, 200, target);
    assert.deepEqual(r.body, bytes, target);
    assert.equal(r.headers['cache-control'], 'no-cache', target);
  }
  assert.equal((await get(`/app/${release}/nothing.js`)).status, 404);
  assert.equal((await get(`/app/${release}/../index.html`)).status, 404);
});

test('files come from the table, byte for byte, with their types; anything else under /app/ and /i18n/ is 404', async () => {
  for (const [target, type] of [['/app/main.js', 'text/javascript; charset=utf-8'], ['/app/app.css', 'text/css; charset=utf-8'], ['/i18n/core.uk.json', 'application/json']]) {
    const r = await get(target);
    assert.equal(r.status, 200, target);
    assert.equal(r.headers['content-type'], type);
    assert.deepEqual(r.body, fs.readFileSync(path.join(ROOT, 'web', target)));
  }
  for (const target of ['/app/nothing.js', '/app/', '/app/../index.html', '/i18n/core.xx.json', '/app/core/../main.js', '/app/main.js/', '/APP/main.js']) {
    const r = await get(target);
    assert.ok(r.status === 404 || (r.status === 200 && r.body.equals(index)), `${target}: ${r.status}`);
    if (target.startsWith('/app/') || target.startsWith('/i18n/')) assert.equal(r.status, 404, target);
    assert.equal(r.headers['content-security-policy'], POLICY);
  }
});

test('a strong ETag is answered 304; gzip when asked, with its own ETag', async () => {
  const first = await get('/app/core/api.js');
  const again = await get('/app/core/api.js', { headers: { 'If-None-Match': first.headers.etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal((await get('/app/core/api.js', { headers: { 'If-None-Match': '"0000"' } })).status, 200);
  const zipped = await get('/app/app.css', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal(zipped.headers.vary, 'Accept-Encoding');
  assert.deepEqual(zlib.gunzipSync(zipped.body), fs.readFileSync(path.join(ROOT, 'web/app/app.css')));
  assert.notEqual(zipped.headers.etag, (await get('/app/app.css')).headers.etag);
  assert.equal((await get('/app/app.css', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': zipped.headers.etag } })).status, 304);
  assert.equal((await get('/app/app.css', { headers: { 'Accept-Encoding': 'gzip;q=0' } })).headers['content-encoding'], undefined);
  const head = await get('/app/app.css', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('the API is unchanged: its own 404, and no page for other methods', async () => {
  const api = await get('/api/nothing');
  assert.equal(api.status, 404);
  assert.match(api.body.toString(), /"code":"not_found"/);
  assert.equal(api.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
  const post = await get('/d/framework', { method: 'POST' });
  assert.equal(post.status, 404);
  assert.match(post.body.toString(), /no such route/);
  assert.equal((await get('/api/health')).status, 200);
  assert.equal((await get('/api/docs')).status, 401);
});

test('modules import each other by relative paths only (an absolute /app/ path would load a second copy, outside the release)', () => {
  const dir = path.join(ROOT, 'web/app');
  const absolute = fs.readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.js'))
    .filter((f) => /(?:from|import)\s*\(?\s*['"`]\/app\//.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  assert.deepEqual(absolute, []);
});
