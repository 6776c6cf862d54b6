// views-helpers.mjs — what webviews' browser tests share, on top of
// webcore's harness.mjs: moving the focus with the keyboard alone, and
// listing what in a view can be acted on.
import { until } from './harness.mjs';

// Presses Tab (Shift+Tab with back) until the focused element matches
// selector; fails after max presses. Returns the number of presses.
export async function tabTo(page, selector, { max = 400, back = false } = {}) {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return n;
  }
  throw new Error(`the keyboard never reached ${selector} in ${max} presses`);
}

// Every control of the view (inside main): a description of each element a
// delegate acts on — links, buttons, form fields, disclosure summaries,
// scrollable regions.
export async function controls(page) {
  return page.evaluate(() => {
    const main = document.getElementById('main');
    const all = main.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]');
    return [...all]
      .filter((el) => {
        if (el.disabled || el.closest('[hidden], dialog:not([open])')) return false;
        // what a closed <details> holds is not there to reach
        const closed = el.closest('details:not([open])');
        if (closed && el !== closed.querySelector(':scope > summary')) return false;
        return el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
      })
      .map((el, i) => {
        el.dataset.kbdProbe = String(i);
        return `${el.tagName.toLowerCase()}[data-kbd-probe="${i}"] ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`;
      });
  });
}

// Tabs through the whole page once (from the top) and returns which of
// the view's controls the focus reached: {reached, missed}. A view drawn
// again during the walk (a live event, its own act's included) loses the
// marks on its controls: the walk is then made again on the new drawing,
// up to three times.
export async function tabThrough(page, { max = 800 } = {}) {
  for (let attempt = 1; ; attempt++) {
    const result = await tabOnce(page, max);
    const redrawn = await page.evaluate((ids) => ids.some((id) => !document.querySelector(`[data-kbd-probe="${id}"]`)), result.missed.map((w) => w.match(/data-kbd-probe="(\d+)"/)[1]));
    if (!redrawn || attempt === 3) return result;
  }
}

async function tabOnce(page, max) {
  const wanted = await controls(page);
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await page.locator('body').focus().catch(() => {});
  const ids = wanted.map((w) => w.match(/data-kbd-probe="(\d+)"/)[1]);
  const seen = new Set();
  for (let n = 0; n < max && !ids.every((id) => seen.has(id)); n++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => document.activeElement?.dataset?.kbdProbe ?? null);
    if (key) seen.add(key);
  }
  const reached = wanted.filter((w) => seen.has(w.match(/data-kbd-probe="(\d+)"/)[1]));
  const missed = wanted.filter((w) => !seen.has(w.match(/data-kbd-probe="(\d+)"/)[1]));
  return { reached, missed };
}

// Waits until the text of the first element matching selector matches re.
export function untilText(page, selector, re, what) {
  return until(
    page,
    ([s, source, flags]) => new RegExp(source, flags).test(document.querySelector(s)?.textContent ?? ''),
    [selector, re.source, re.flags],
    { what: what ?? `${selector} to read ${re}` },
  );
}

// Console warnings of missing messages ("parley: no message for 'views…'").
export function collectMissingMessages(page) {
  const missing = [];
  page.on('console', (m) => {
    const found = /no message for '(views\.[^']+)'/.exec(m.text());
    if (found) missing.push(found[1]);
  });
  return missing;
}
