// The page signs in with a key file and reads the plan over the signed API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, checkAxe, open, screenshot, signedInPage, startServer, newPage, until } from './harness.mjs';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

test('signed out, every page leads to /signin', async () => {
  const page = await newPage(chrome, server);
  await open(page, '/d/framework');
  assert.equal(new URL(page.url()).pathname, '/signin');
  await checkAxe(page, 'signin');
  await screenshot(page, 'signin');
  await page.context().close();
});

test('a key file signs in; home and the plan load over the signed API', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  assert.match(await page.locator('.who').innerText(), /umerov/);
  await checkAxe(page, 'home');
  await screenshot(page, 'home');
  await open(page, '/d/framework@2');
  await page.locator('#point-6').waitFor();
  assert.match(await page.locator('#point-6').innerText(), /Ukraine/);
  await checkAxe(page, 'plan');
  await screenshot(page, 'plan');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a wrong enrolment code or a bad key file is refused with a message, and nothing is kept', async () => {
  const page = await newPage(chrome, server);
  await open(page, '/signin');
  await page.locator('#enrol-name').fill('umerov');
  await page.locator('#enrol-code').fill('ABCD');
  await page.locator('#enrol-form button[type=submit]').click();
  assert.match(await page.locator('.signin-status').innerText(), /not an enrolment code/);
  await page.locator('#enrol-code').fill('0000-0000-0000-0000-0000-0000-0000-0000');
  await page.locator('#enrol-form button[type=submit]').click();
  await page.locator('.signin-status .notice-error').waitFor();
  assert.match(await page.locator('.signin-status').innerText(), /The server refused: .*(invitation|code)/);
  await page.locator('#key-file').setInputFiles({ name: 'x.key', mimeType: 'text/plain', buffer: Buffer.from('parley-ed25519-secret-v1 1234\n') });
  await page.locator('#key-form button[type=submit]').click();
  // The file is read and checked after the click: the status of the code
  // refused before stays until then.
  await until(page, () => /not a parley key file/.test(document.querySelector('.signin-status')?.innerText ?? ''), null, { what: 'the key file refused' });
  assert.equal(await page.evaluate(async () => (await (await import(new URL('core/keys.js', document.querySelector('script[type="module"]').src).href)).load()) === null), true);
  assert.equal(new URL(page.url()).pathname, '/signin');
  await checkAxe(page, 'signin-refused');
  await page.context().close();
});
