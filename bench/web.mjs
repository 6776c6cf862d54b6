// web.mjs — the web interface's speed, measured in Chromium through the
// Performance API on loopback (bench/web.sh runs it; node bench/web.mjs
// PARLEY RUNS works too):
//   - the 28-point plan (framework@2 of the demo): largest contentful paint;
//   - a 5,000-point plan (bench/gen_points.sh, four parties' positions on
//     every point): time until the view is usable (its first rows drawn
//     and the page idle of the router's work) and its LCP, then scrolling
//     through it: frame times while scrolling 6,000 px a second for 3 s;
//   - the weight of everything under web/, gzipped file by file as the
//     server sends it;
//   - the baseline: a static copy of the 28-point plan as drawn (its DOM
//     with the scripts taken out and the two style sheets inlined), served
//     by node on loopback and opened the same way, taking turns with the
//     real page run by run. Its LCP is what this browser on this machine
//     needs to draw that page at all, with no script, key or request.
// Each figure over RUNS runs (default 9), fresh browser context each time
// (nothing cached), the two plans alternating; median and range.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.PARLEY = process.argv[2] ?? process.env.PARLEY ?? path.join(root, 'build-bench/parley');
process.env.PARLEY_BUILD = process.env.PARLEY_BUILD ?? path.dirname(process.env.PARLEY);
const runs = Number(process.argv[3] ?? 9);
const { browser, signedInPage, startServer, until } = await import('../tests/web/harness.mjs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (xs, unit = 'ms', digits = 0) =>
  `${median(xs).toFixed(digits)} ${unit} (range ${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

// The weight: each file as the server sends it (gzip -9 when smaller).
function weight() {
  let raw = 0, gz = 0;
  const files = fs.readdirSync(path.join(root, 'web'), { recursive: true }).filter((f) => fs.statSync(path.join(root, 'web', f)).isFile());
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(root, 'web', f));
    raw += bytes.length;
    gz += Math.min(bytes.length, zlib.gzipSync(bytes, { level: 9 }).length);
  }
  return { files: files.length, raw, gz };
}

// The LCP observer goes in before any script of the page runs (the CDP
// injects it; the page's CSP does not apply to it).
const OBSERVE = `
  window.__lcp = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
`;

async function openPlan(chrome, server, ref, marker) {
  const page = await signedInPage(chrome, server, 'umerov');
  await page.context().addInitScript(OBSERVE);
  // A fresh navigation, as a delegate opening the plan's link.
  await page.goto(`/d/${ref}`);
  const usable = await until(page, (m) => {
    const main = document.getElementById('main');
    return document.querySelector(m) && !main.hasAttribute('aria-busy') ? performance.now() : 0;
  }, marker, { timeout: 30000, what: ref });
  // LCP settles once the page has painted what it shows.
  await page.waitForTimeout(400);
  const lcp = await page.evaluate(() => window.__lcp);
  return { page, usable, lcp };
}

// The static copy of the plan as drawn, on a loopback port of its own.
async function staticCopy(chrome, server) {
  const page = await signedInPage(chrome, server, 'umerov');
  await page.goto('/d/framework@2');
  await until(page, () => document.querySelector('#point-6 .point-badges .tag') && document.querySelector('.markings') && !document.getElementById('main').hasAttribute('aria-busy'), null, { timeout: 30000, what: 'the plan for its copy' });
  let html = await page.evaluate(() => {
    document.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((e) => e.remove());
    return '<!doctype html>' + document.documentElement.outerHTML;
  });
  for (const name of ['app.css', 'views.css']) {
    const css = await page.evaluate((n) => fetch(`/app/${n}`).then((r) => r.text()), name);
    html = html.replace(new RegExp(`<link rel="stylesheet" href="[^"]*/${name.replace('.', '\\.')}">`), () => `<style>${css}</style>`);
  }
  await page.context().close();
  const host = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${host.address().port}/`, close: () => host.close() };
}

// The static copy's LCP, in a fresh context that has first been to the
// copy's site once (as the real page's context has been to parley's).
async function openStatic(chrome, copy) {
  const context = await chrome.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(copy.url + 'first');
  await context.addInitScript(OBSERVE);
  await page.goto(copy.url);
  await page.waitForTimeout(400);
  const lcp = await page.evaluate(() => window.__lcp);
  await context.close();
  return lcp;
}

async function scrollFrames(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const frames = [];
    let last = performance.now(), start = last;
    const step = (now) => {
      frames.push(now - last);
      last = now;
      window.scrollBy(0, 100); // 100 px a frame: 6,000 px a second at 60 Hz
      if (now - start < 3000) requestAnimationFrame(step);
      else resolve({ frames: frames.slice(1), scrolled: window.scrollY, height: document.documentElement.scrollHeight });
    };
    requestAnimationFrame(step);
  }));
}

const server = await startServer();
const chrome = await browser();
try {
  const plan = path.join(server.dir, 'big.md');
  fs.writeFileSync(plan, execFileSync('bash', [path.join(root, 'bench/gen_points.sh'), '5000']));
  await server.parley('import', plan, '--doc', 'big', '--as', 'witkoff');
  for (const [who, stance] of [['witkoff', 'accept'], ['umerov', 'reserve'], ['kallas', 'accept'], ['dmitriev', 'reject']])
    await server.parley('position', 'big@1', '*', stance, '--as', who);

  const copy = await staticCopy(chrome, server);
  const small = { lcp: [], usable: [], copy: [], ratio: [] }, big = { lcp: [], usable: [], p50: [], p95: [], long: [], rows: [] };
  for (let i = 0; i < runs; i++) {
    // The real page and its static copy take turns going first.
    const copyFirst = i % 2 === 1;
    if (copyFirst) small.copy.push(await openStatic(chrome, copy));
    let r = await openPlan(chrome, server, 'framework@2', '#point-6');
    small.lcp.push(r.lcp);
    small.usable.push(r.usable);
    await r.page.context().close();
    if (!copyFirst) small.copy.push(await openStatic(chrome, copy));
    small.ratio.push(small.lcp.at(-1) / small.copy.at(-1));

    r = await openPlan(chrome, server, 'big@1', '#point-1');
    big.lcp.push(r.lcp);
    big.usable.push(r.usable);
    const s = await scrollFrames(r.page);
    const sorted = [...s.frames].sort((a, b) => a - b);
    big.p50.push(sorted[Math.floor(sorted.length / 2)]);
    big.p95.push(sorted[Math.floor(sorted.length * 0.95)]);
    big.long.push((100 * s.frames.filter((f) => f > 1000 / 60 * 1.5).length) / s.frames.length);
    big.rows.push(await r.page.evaluate(() => document.querySelectorAll('.point-row').length));
    await r.page.context().close();
    process.stderr.write(`run ${i + 1}/${runs}: 28-point LCP ${small.lcp.at(-1).toFixed(0)} ms (static copy ${small.copy.at(-1).toFixed(0)} ms), 5,000-point usable ${big.usable.at(-1).toFixed(0)} ms, scroll p95 ${big.p95.at(-1).toFixed(1)} ms\n`);
  }
  const w = weight();
  console.log(`runs: ${runs}, Chromium ${chrome.version()}, loopback, parley ${process.env.PARLEY}`);
  console.log(`28-point plan: largest contentful paint ${summary(small.lcp)}; usable ${summary(small.usable)} (goal: LCP < 300 ms)`);
  console.log(`28-point plan, static copy (no script, no request): largest contentful paint ${summary(small.copy)}; page / copy, pair by pair ${summary(small.ratio, '', 2)}`);
  console.log(`5,000-point plan: usable ${summary(big.usable)}; largest contentful paint ${summary(big.lcp)} (goal: < 1,000 ms)`);
  console.log(`5,000-point plan, scrolling 6,000 px/s for 3 s: frame time median ${summary(big.p50, 'ms', 1)}, 95th percentile ${summary(big.p95, 'ms', 1)}, frames over 25 ms ${summary(big.long, '%', 1)}; rows built by the end ${summary(big.rows, '', 0)}`);
  console.log(`web/: ${w.files} files, ${(w.raw / 1024).toFixed(1)} KB, ${(w.gz / 1024).toFixed(1)} KB gzipped (goal: < 150 KB)`);
  copy.close();
} finally {
  await chrome.close();
  await server.stop();
}
