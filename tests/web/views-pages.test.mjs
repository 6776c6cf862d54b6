// Every view of webviews in a real browser: what it shows comes from the
// server for the signed-in delegate; axe-core finds nothing serious or
// critical; every control is reached with Tab; the actions work from the
// keyboard; a live event updates what the view shows; screenshots are kept
// (build-test/web-artifacts/views-*.png), also in French and Ukrainian.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { browser, checkAxe, open, screenshot, signedInPage, startServer, until } from './harness.mjs';
import { collectMissingMessages, tabThrough, tabTo, untilText } from './views-helpers.mjs';
import { niceTicks, progressSeries } from '../../web/app/viewlib/chart.js';

let server, chrome;
before(async () => {
  server = await startServer();
  chrome = await browser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

// axe, a screenshot, and every control reached by Tab.
async function common(page, name) {
  await checkAxe(page, name);
  await screenshot(page, `views-${name}`);
  const { reached, missed } = await tabThrough(page);
  assert.deepEqual(missed, [], `${name}: controls the keyboard never reaches`);
  assert.ok(reached.length > 0, `${name}: has controls`);
}

test('redline: two versions chosen in the page, by keyboard; deletions and insertions marked', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  const missing = collectMissingMessages(page);
  await open(page, '/d/framework/redline');
  await page.locator('.rl-heading').waitFor();
  assert.match(await page.locator('.rl-heading').innerText(), /From framework@1 to framework@2/);
  assert.match(await page.locator('.rl-summary').innerText(), /2\s+deleted/);
  assert.equal(await page.locator('.rl-point.rl-deleted').count(), 2);
  await common(page, 'redline');

  // To the E3 counter-proposal, with the keyboard: the "To" list, then Show.
  await tabTo(page, '#to');
  await page.keyboard.press('End'); // the last option: another document
  const to = await page.locator('#to').inputValue();
  assert.notEqual(to, 'framework@2');
  await tabTo(page, '#changed');
  await page.keyboard.press('Space');
  await tabTo(page, '.rl-form button[type=submit]');
  await page.keyboard.press('Enter');
  await until(page, (want) => location.search.includes(`to=${encodeURIComponent(want)}`) && location.search.includes('changed=1'), to, { what: 'the chosen versions in the address' });
  await page.locator('.rl-heading').waitFor();
  assert.equal(await page.locator('.rl-point.rl-unchanged').count(), 0, 'changed points only');
  // framework@1 → e3-counter@1: the personnel cap changes word by word.
  await open(page, '/d/framework/redline?from=framework%401&to=e3-counter%401&changed=1');
  const six = page.locator('.rl-point', { has: page.locator('.rl-label', { hasText: /^6$/ }) });
  assert.ok((await six.locator('del').allInnerTexts()).includes('[-600,000-]'));
  assert.ok((await six.locator('ins').allInnerTexts()).includes('{+800,000+}'));
  assert.match(await six.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine), /line-through/);
  // On screen the marks are not seen; in copied text they are there.
  assert.equal(await six.locator('.rl-mark').first().evaluate((el) => el.getBoundingClientRect().width), 0);
  // Swap, by keyboard.
  await tabTo(page, '.rl-swap');
  await page.keyboard.press('Enter');
  await until(page, () => location.search.startsWith('?from=e3-counter'), null, { what: 'the swap' });
  await page.locator('.rl-heading').waitFor();
  assert.match(await page.locator('.rl-heading').innerText(), /From e3-counter@1 to framework@1/);
  assert.deepEqual(missing, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('negotiating text: brackets, owners, reasons; amendments linked; legend by keyboard', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/d/framework@2/text');
  await page.locator('.bt-point').first().waitFor();
  assert.match(await page.locator('.bt-counts').innerText(), /6 of 26 points in brackets · 6 brackets · 0 proposed new points · 11 alternatives · 20 points agreed by every party/);
  const six = page.locator('.bt-point', { has: page.locator('.bt-label', { hasText: /^6\.$/ }) });
  assert.match(await six.innerText(), /\[600,000 personnel \(RU, US\) \/ 800,000 personnel \(UA, A1\) \/ 500,000 personnel, with no foreign troops \(RU, A6\)\]/);
  assert.equal(await six.locator('a', { hasText: 'A1' }).getAttribute('href'), '/d/framework/a/A1');
  assert.equal(await page.locator('.bt-point.is-agreed').count(), 20);
  await common(page, 'text');
  await tabTo(page, '.v-legend > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.v-legend').getAttribute('open'), '');
  // A new amendment brackets point 9: the open text updates live.
  await server.parley('amend', 'framework@2', '--edit', '9: Poland -> Poland and Romania', '--as', 'kallas');
  await untilText(page, '.bt-counts', /7 of 26 points in brackets/, 'the new bracket, live');
  await page.context().close();
});

test('progress: an SVG chart with axes, ticks, labelled lines and a text alternative', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/d/framework/progress');
  await page.locator('svg.pc-chart').waitFor();
  // What the chart must say, from the command line's numbers.
  const rows = JSON.parse(await server.parley('progress', 'framework', '--format', 'json', '--as', 'umerov')).rows;
  const { versions, max } = progressSeries(rows);
  const [first, last] = [versions[0], versions[versions.length - 1]];
  const ticks = await page.locator('.pc-tick-label').allTextContents();
  assert.deepEqual(ticks, niceTicks(max).map(String));
  assert.ok(Number(ticks[ticks.length - 1]) >= 15);
  assert.equal(await page.locator('.pc-series.pc-open .pc-marker').count(), versions.length + 1, 'a marker per version, and one by the label');
  assert.match(await page.locator('.pc-x-axis').textContent(), /v1October 26, 2025v2November 25, 2025/);
  assert.equal(await page.locator('svg.pc-chart title').first().textContent(), 'Brackets and open points of framework, by version');
  assert.match(await page.locator('.pc-caption').innerText(), new RegExp(`Open points fell from ${first.open} in version 1 to ${last.open} in version 2\\.`));
  assert.match(await page.locator('.pc-caption').innerText(), new RegExp(`Brackets fell from ${first.brackets} in version 1 to ${last.brackets} in version 2\\.`));
  assert.match(await page.locator('.pc-axis-title').first().textContent(), /Count/);
  const end = await page.locator('.pc-end-label').allTextContents();
  assert.deepEqual(end.sort(), [`Alternatives (${last.alternatives})`, `Brackets (${last.brackets})`, `Open points (${last.open})`, `Points in brackets (${last.bracketed})`]);
  // Each line is drawn through its versions: y falls where the count falls.
  const ys = await page.locator('.pc-series.pc-open circle.pc-marker').evaluateAll((els) => els.map((e) => Number(e.getAttribute('cy'))));
  assert.ok(ys[1] > ys[0], 'fewer open points in version 2 sit lower');
  await common(page, 'progress');
  // The numbers as a table, opened by keyboard.
  await tabTo(page, '.pc-data > summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.pc-table tbody tr').count(), 2);
  // A version on the axis is a link: Enter opens its negotiating text.
  await tabTo(page, 'a.pc-x-link[aria-label="Version 1: its negotiating text"]', { back: true });
  await page.keyboard.press('Enter');
  await until(page, () => location.pathname === '/d/framework%401/text' || location.pathname === '/d/framework@1/text', null, { what: 'the text of version 1' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('compare: plans chosen from the documents I can see, side by side with their relations', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/compare');
  await page.locator('#cmp-base').waitFor();
  const choices = await page.locator('input[name=with]').evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(choices.sort(), ['e3-counter', 'eu24', 'framework', 'ua-eu-12']);
  await page.locator('#cmp-base').selectOption('framework');
  await tabTo(page, '#cmp-e3-counter');
  await page.keyboard.press('Space');
  await tabTo(page, '#cmp-ua-eu-12');
  await page.keyboard.press('Space');
  await tabTo(page, '.cmp-form button[type=submit]');
  await page.keyboard.press('Enter');
  await until(page, () => location.search === '?docs=framework,e3-counter,ua-eu-12', null, { what: 'the chosen plans in the address' });
  await page.locator('.cmp-table').waitFor();
  assert.deepEqual(await page.locator('.cmp-doc-name').allInnerTexts(), ['framework@2', 'e3-counter@1', 'ua-eu-12@1']);
  await open(page, '/compare?docs=framework@1,e3-counter,ua-eu-12');
  await page.locator('.cmp-table').waitFor();
  const six = page.locator('tr.cmp-row', { has: page.locator('th .cmp-label', { hasText: /^6\.$/ }) });
  assert.match(await six.innerText(), /conflicts[\s\S]*600000 vs 800000 personnel/);
  assert.equal(await six.locator('a.cmp-label').nth(1).getAttribute('href'), '/d/e3-counter%401/p/6');
  assert.ok((await page.locator('td.cmp-cell .cmp-none', { hasText: 'not addressed' }).count()) > 0);
  await open(page, '/compare?docs=framework@1,eu24');
  await page.locator('.cmp-table').waitFor();
  assert.match(await page.locator('.cmp-section').innerText(), /Not addressed by framework@1/);
  await open(page, '/compare?docs=framework@1,e3-counter,ua-eu-12');
  await page.locator('.cmp-table').waitFor();
  await common(page, 'compare');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('timeline: the story as I may see it, filtered, and updated live', async () => {
  const page = await signedInPage(chrome, server, 'umerov');
  await open(page, '/timeline');
  await page.locator('.tl-days').waitFor();
  const count = async () => Number((await page.locator('.tl-body .lede').innerText()).match(/\d+/)[0]);
  const all = await count();
  assert.doesNotMatch(await page.locator('.tl-days').innerText(), /backchannel/, 'nothing of a track Ukraine is not in');
  await common(page, 'timeline');
  await tabTo(page, '#tl-kind-position');
  await page.keyboard.press('Space');
  assert.ok((await count()) < all);
  assert.equal(await page.locator('.tl-k-position').count(), 0);
  await page.locator('#tl-track').selectOption('coalition');
  await until(page, () => [...document.querySelectorAll('.tl-entry .tl-track')].every((e) => e.textContent === 'coalition') && document.querySelectorAll('.tl-entry').length > 0, null, { what: 'the coalition only' });
  await page.locator('#tl-track').selectOption('');
  await until(page, () => document.querySelectorAll('.tl-entry').length > 10, null, { what: 'every track again' });
  const before = await count();
  await server.parley('statement', 'add', 'Talks resume on Monday.', '--date', '2025-11-26', '--level', 'record', '--speaker', 'Umerov', '--as', 'umerov');
  await until(page, (n) => Number(document.querySelector('.tl-body .lede').textContent.match(/\d+/)[0]) === n + 1, before, { what: 'the new statement, live', timeout: 10000 });
  assert.match(await page.locator('.tl-days').innerText(), /Talks resume on Monday/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('meetings: plan one, postpone it, and the calendar file (signed in the page; the bare address is refused)', async () => {
  const page = await signedInPage(chrome, server, 'umerov', { acceptDownloads: true });
  await open(page, '/meetings');
  await page.locator('.mt-card').first().waitFor();
  assert.match(await page.locator('.mt-card').first().innerText(), /Witkoff and Zelensky[\s\S]*POSTPONED|Witkoff and Zelensky[\s\S]*postponed/);
  await common(page, 'meetings');
  // Plan a meeting, keyboard for the disclosure and the submit.
  await tabTo(page, '.mt-new > summary');
  await page.keyboard.press('Enter');
  await page.locator('#mt-new-title').fill('Geneva round');
  await page.locator('#mt-new-date').fill('2031-03-02');
  await page.locator('#mt-new-time').fill('10:00');
  await page.locator('#mt-new-place').fill('Geneva, Palais des Nations');
  await page.locator('#mt-new-p-EU').check();
  await page.locator('.mt-form button[type=submit]').focus();
  await page.keyboard.press('Enter');
  const card = page.locator('.mt-card', { hasText: 'Geneva round' });
  await card.waitFor();
  assert.match(await page.locator('section[aria-labelledby=mt-upcoming]').innerText(), /Geneva round/);
  assert.match(await card.innerText(), /Geneva, Palais des Nations[\s\S]*European Union \(EU\), Ukraine \(UA\)/);
  // Postpone it through its dialog.
  await card.locator('button', { hasText: 'Postpone' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('dialog[open] #mt-to').fill('2031-03-09');
  await page.locator('dialog[open] #mt-note').fill('the venue is not free');
  await page.locator('dialog[open] button[type=submit]').focus();
  await page.keyboard.press('Enter');
  await untilText(page, 'section[aria-labelledby=mt-upcoming]', /9, 2031[\s\S]*postponed/i, 'the new date');
  const cli = JSON.parse(await server.parley('meeting', 'list', '--format', 'json', '--as', 'umerov')).rows;
  assert.ok(cli.some((m) => m.title === 'Geneva round' && m.date === '2031-03-09' && m.status === 'postponed'));

  // The calendar: a link made in the page, which a calendar application
  // reads with no signature, and the file downloaded through a signed request.
  assert.equal(await page.locator('#mt-ics-url').count(), 0, 'no link before it is asked for');
  await page.locator('#mt-make-link').click();
  const address = await page.locator('#mt-ics-url').inputValue();
  assert.match(address, new RegExp(`^${server.url}/api/calendar/umerov/[0-9a-f]{64}/[0-9a-f]{128}\\.ics$`));
  // The page signed with the key file the command line uses (Ed25519 is
  // deterministic): the command line's link is the same.
  assert.equal(address, (await server.parley('--server', server.url, 'meeting', 'link', '--as', 'umerov')).trim());
  const subscribed = await fetch(address);
  assert.equal(subscribed.status, 200);
  assert.match(await subscribed.text(), /SUMMARY:Geneva round/);
  await checkAxe(page, 'meetings with the calendar link');
  await screenshot(page, 'meetings-calendar-link');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.mt-calendar button', { hasText: 'Download' }).click()]);
  const ics = fs.readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR/);
  assert.match(ics, /SUMMARY:Geneva round/);
  assert.match(ics, /DTSTART:20310309T100000Z|DTSTART;[^:]*:20310309/);
  assert.equal(download.suggestedFilename(), 'meetings.ics');
  // The link changed in one digit is a link to nothing.
  const spoiled = await fetch(address.replace(/[0-9a-f](\.ics)$/, (m, ics) => (m[0] === '0' ? '1' : '0') + ics));
  assert.equal(spoiled.status, 404);
  // The plain address still answers only signed requests.
  const bare = await fetch(`${server.url}/api/meetings.ics`);
  assert.equal(bare.status, 401);
  assert.equal((await bare.json()).error.code, 'unsigned');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the record and the matrix pass axe and the keyboard walk', async () => {
  const page = await signedInPage(chrome, server, 'dmitriev');
  await open(page, '/record');
  await page.locator('.rc-seen').waitFor();
  assert.match(await page.locator('.rc-heads').innerText(), /backchannel/, 'Russia sees the back-channel receipt');
  await common(page, 'record');
  await open(page, '/d/framework@2/matrix');
  await page.locator('.heat').waitFor();
  await common(page, 'matrix');
  await page.context().close();
});

test('in French and Ukrainian every view has all its words', async () => {
  for (const lang of ['fr', 'uk']) {
    const page = await signedInPage(chrome, server, 'umerov');
    const missing = collectMissingMessages(page);
    await page.locator('#language').selectOption(lang);
    await until(page, (l) => document.documentElement.lang === l, lang, { what: `the page in ${lang}` });
    for (const [where, ready] of [
      ['/d/framework@2/matrix', '.heat'],
      ['/d/framework@2/text', '.bt-point'],
      ['/d/framework/redline', '.rl-heading'],
      ['/d/framework/progress', 'svg.pc-chart'],
      ['/compare?docs=framework@1,e3-counter', '.cmp-table'],
      ['/timeline', '.tl-days'],
      ['/meetings', '.mt-card'],
      ['/record', '.rc-seen'],
    ]) {
      await open(page, where);
      await page.locator(ready).first().waitFor();
      const name = where.split('?')[0].replace(/[^\w]+/g, '-').replace(/^-|-$/g, '');
      await screenshot(page, `views-${lang}-${name}`);
      await checkAxe(page, `${where} in ${lang}`);
    }
    assert.deepEqual(missing, [], `messages missing in ${lang}`);
    await open(page, '/d/framework@2/matrix');
    assert.match(await page.locator('.heat thead').innerText(), lang === 'fr' ? /Consensus/ : /Консенсус/);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
