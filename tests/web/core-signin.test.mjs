// The page signs in with a key file and reads the plan over the signed API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, checkAxe, open, screenshot, signedInPage, startServer, newPage } from './harness.mjs';

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
