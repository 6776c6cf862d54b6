// harness.mjs — what the web tests share (web-contract.md): a parley server
// on a fresh copy of the demo negotiation, Debian's Chromium driven by
// playwright-core (never a downloaded browser), a page signed in through
// the UI, axe-core, and screenshots kept as test artefacts.
//
//   node --test tests/web/core-signin.test.mjs
// runs one file; PARLEY names the binary (default build-test/parley) and
// PARLEY_BUILD the build folder (artefacts go to $PARLEY_BUILD/web-artifacts).

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = process.env.PARLEY_BUILD ?? path.join(ROOT, 'build-test');
export const PARLEY = process.env.PARLEY ?? path.join(BUILD, 'parley');
export const ARTIFACTS = path.join(BUILD, 'web-artifacts');
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

// The environment of a parley run: no clock, key folder or database of the
// caller's leaks in.
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ['PARLEY_CLOCK', 'PARLEY_AS', 'PARLEY_SERVER', 'PARLEY_KEY']) if (!(name in extra)) delete env[name];
  env.ASAN_OPTIONS = env.ASAN_OPTIONS ?? 'detect_leaks=1';
  return env;
}

// The demo negotiation (examples/demo.sh), made once per binary and copied
// for each server: built in a folder of its own, then renamed into place,
// so that tests running at once never see half of it.
async function demoTemplate() {
  const stamp = fs.statSync(PARLEY).mtimeMs.toFixed(0);
  const template = path.join(BUILD, 'web-demo', stamp);
  if (fs.existsSync(path.join(template, 'ready'))) return template;
  fs.mkdirSync(path.dirname(template), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(template), 'making-'));
  await run('bash', [path.join(ROOT, 'examples/demo.sh'), PARLEY], {
    env: cleanEnv({ PARLEY_DEMO_DIR: work }),
    maxBuffer: 64 << 20,
  });
  fs.writeFileSync(path.join(work, 'ready'), '');
  try {
    fs.renameSync(work, template);
  } catch {
    fs.rmSync(work, { recursive: true, force: true }); // another test made it first
  }
  return template;
}

// A parley server on a fresh copy of the demo: {url, dir, keysDir,
// keyFile(name), parley(...args), stop()}. parley() runs the command line
// on the same database, as the delegate PARLEY_AS names or --as gives.
export async function startServer() {
  const template = await demoTemplate();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  fs.copyFileSync(path.join(template, 'negotiation.db'), path.join(dir, 'negotiation.db'));
  fs.cpSync(path.join(template, 'keys'), path.join(dir, 'keys'), { recursive: true });
  for (const f of fs.readdirSync(path.join(dir, 'keys'), { recursive: true }))
    if (String(f).endsWith('.key')) fs.chmodSync(path.join(dir, 'keys', f), 0o600);
  const keysDir = path.join(dir, 'keys');
  const negotiationId = fs.readdirSync(keysDir)[0];
  const child = spawn(PARLEY, ['serve', '--db', path.join(dir, 'negotiation.db'), '--listen', '127.0.0.1:0', '--access-log', path.join(dir, 'access.log')], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('parley serve did not start: ' + errors)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`parley serve exited (${code}): ${errors}`)));
  });
  const env = cleanEnv({ PARLEY_DB: path.join(dir, 'negotiation.db'), PARLEY_KEYS: keysDir });
  return {
    url,
    dir,
    keysDir,
    negotiationId,
    keyFile: (name) => path.join(keysDir, negotiationId, name + '.key'),
    async parley(...args) {
      const { stdout } = await run(PARLEY, args, { env, maxBuffer: 64 << 20 });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function browser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

// A new context and page, with the page's errors collected in page.errors.
export async function newPage(b, server, options = {}) {
  const context = await b.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  return page;
}

// A page signed in as delegate by importing its key file through /signin.
export async function signedInPage(b, server, delegate, options = {}) {
  const page = await newPage(b, server, options);
  await page.goto('/signin');
  await page.locator('#key-file').setInputFiles(server.keyFile(delegate));
  await page.locator('#key-form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 15000 });
  await page.locator('#home-docs').waitFor();
  return page;
}

// Waits until fn (run in the page) returns something true; page.waitForFunction
// would need eval, which the page's CSP forbids.
export async function until(page, fn, arg, { timeout = 15000, what = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg).catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${await pageSays(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// What the page tells the user when a wait times out: its status lines and
// the alerts shown, so that a failure says what the page said instead.
async function pageSays(page) {
  const said = await page.evaluate(() => [...document.querySelectorAll('[role=status], [role=alert]')]
    .filter((el) => !el.hidden && el.textContent.trim())
    .map((el) => `${el.getAttribute('role')}: ${el.textContent.trim()}`)).catch(() => []);
  return said.length ? ` (the page says: ${said.join(' | ')})` : ' (no status or alert shown)';
}

// Whether the current view has rendered.
export function rendered(page) {
  return until(page, () => document.documentElement.dataset.ready === 'true' && !document.getElementById('main').hasAttribute('aria-busy'), null, { what: 'the view' });
}

// Goes to path and waits for its view to have rendered.
export async function open(page, where) {
  await page.goto(where);
  await rendered(page);
}

let axeSource = null;
// axe-core on the page: fails on any serious or critical finding.
export async function checkAxe(page, name) {
  axeSource ??= fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP allows no
  // injected script, and is left as it is.
  // A page is judged at rest: colours halfway through a transition are not
  // what a reader sees for more than a moment.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))));
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  // A null written as text ("null", "undefined") is a bug axe cannot see.
  const stray = await page.evaluate(() => [...document.querySelectorAll('body *')].some((e) => [...e.childNodes].some((n) => n.nodeType === 3 && /^(null|undefined)$/.test(n.textContent.trim()))));
  if (stray) throw new Error(`${name}: the page shows a stray "null" or "undefined"`);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    throw new Error(`axe found ${bad.length} serious or critical problems on ${name}:\n  ${lines.join('\n  ')}`);
  }
  return results;
}

// The whole page, or only the screen when the page is very long (a
// 2,000-point plan) or fullPage is false.
export async function screenshot(page, name, { fullPage } = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '-') + '.png');
  const whole = fullPage ?? (await page.evaluate(() => document.documentElement.scrollHeight)) < 12000;
  await page.screenshot({ path: file, fullPage: whole });
  return file;
}
