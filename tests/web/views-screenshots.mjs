// views-screenshots.mjs — makes the README's screenshots of webviews' views
// (docs/screenshots/views-*.png) on a fresh demo negotiation. Not a test:
//   node tests/web/views-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, browser, open, signedInPage, startServer } from './harness.mjs';

const dir = path.join(ROOT, 'docs/screenshots');
fs.mkdirSync(dir, { recursive: true });
const server = await startServer();
const chrome = await browser();
try {
  const page = await signedInPage(chrome, server, 'umerov', { viewport: { width: 1200, height: 760 } });
  const shots = [
    ['/d/framework@2/matrix', 'views-matrix', '.heat', null],
    ['/d/framework@2/text', 'views-negotiating-text', '.bt-point', null],
    ['/d/framework/progress', 'views-progress', 'svg.pc-chart', null],
    [
      '/compare?docs=framework@1,e3-counter,ua-eu-12',
      'views-compare',
      '.cmp-table',
      () => {
        const five = [...document.querySelectorAll('th .cmp-label')].find((a) => a.textContent === '5.');
        five.closest('tr').scrollIntoView();
        window.scrollBy(0, -130);
      },
    ],
  ];
  for (const [where, name, ready, scroll] of shots) {
    await open(page, where);
    await page.locator(ready).first().waitFor();
    if (scroll) await page.evaluate(scroll);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
} finally {
  await chrome.close();
  await server.stop();
}
