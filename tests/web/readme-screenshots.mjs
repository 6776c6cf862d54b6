// readme-screenshots.mjs — makes the screenshots of docs/screenshots/ that
// the README shows (not a test): node tests/web/readme-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, browser, open, rendered, signedInPage, startServer, until } from './harness.mjs';

const dir = path.join(ROOT, 'docs/screenshots');
fs.mkdirSync(dir, { recursive: true });
const server = await startServer();
const chrome = await browser();
const size = { viewport: { width: 1200, height: 760 } };
try {
  const ua = await signedInPage(chrome, server, 'umerov', size);
  const us = await signedInPage(chrome, server, 'witkoff', size);
  await open(us, '/d/framework@2');
  await us.locator('#point-6').waitFor();
  await us.evaluate(() => [...document.querySelectorAll('.part-heading')].find((e) => e.textContent.includes('Part 2')).scrollIntoView());

  await open(ua, '/d/framework@2/p/6/amend');
  const editor = ua.locator('#amend-text');
  await editor.fill((await editor.inputValue()).replace('600,000 personnel', '800,000 personnel, with no foreign troops on its soil'));
  await ua.locator('#amend-why').fill('An army that can deter.');
  await ua.waitForTimeout(900);
  await ua.screenshot({ path: path.join(dir, 'amend.png') });
  await ua.locator('#amend-submit').click();
  await ua.waitForURL(/\/a\/A\d+$/);
  await rendered(ua);
  await until(us, () => document.getElementById('live-banner').classList.contains('shown'));
  await us.screenshot({ path: path.join(dir, 'plan-live.png') });
  await ua.evaluate(() => document.getElementById('live-banner').classList.remove('shown'));
  await ua.screenshot({ path: path.join(dir, 'amendment.png') });
  // Home, reached in the page: the news of this session is listed.
  await us.evaluate(() => document.querySelector('.nav a[href="/"]').click());
  await us.locator('#home-docs').waitFor();
  await rendered(us);
  await us.screenshot({ path: path.join(dir, 'home.png') });
  for (const f of fs.readdirSync(dir)) console.log(f, fs.statSync(path.join(dir, f)).size);
} finally {
  await chrome.close();
  await server.stop();
}
