// /d/:doc/progress — how the brackets fell over the versions
// (parley.progress/1), drawn as a line chart in SVG: versions along x (with
// their dates, each a link to its bracketed text), counts along y with
// gridlines; one line per series, each with its own marker shape and dash
// so colour is not needed to tell them apart, labelled at its end. The text
// alternative is a sentence per series and the numbers in a table.

import { h, svg } from '../core/dom.js';
import { SERIES, bandPositions, linePath, linearScale, niceTicks, progressSeries, spreadLabels, trend } from '../viewlib/chart.js';
import { formatDate, parseRecordDate } from '../viewlib/text.js';
import { errorBox, fill, lang, liveRefresh, loading } from '../viewlib/ui.js';

const W = 760, H = 380;
const M = { top: 28, right: 190, bottom: 70, left: 64 };
const MARKERS = { open: 'circle', bracketed: 'square', brackets: 'triangle', alternatives: 'diamond' };

export default async function render(ctx) {
  const doc = ctx.params.doc;
  const body = h('div', { class: 'v-progress-body' }, loading(ctx.t('views.common.loading')));
  ctx.title(ctx.t('views.progress.title', { doc }));
  ctx.root.append(body);

  async function load() {
    try {
      const progress = await ctx.api.get('/api/progress', { doc });
      draw(progressSeries(progress.rows ?? []));
    } catch (error) {
      fill(body, errorBox(ctx.t('views.progress.cannotLoad', { doc }), error));
    }
  }

  function draw({ versions, max }) {
    if (!versions.length) {
      fill(body, h('p', { class: 'v-empty' }, ctx.t('views.progress.none')));
      return;
    }
    const titleId = 'progress-chart-title', descId = 'progress-chart-desc';
    const sentences = SERIES.map((s) => describe(ctx, s, trend(versions, s), versions));
    fill(
      body,
      h('p', { class: 'lede' }, ctx.t('views.progress.lede')),
      h(
        'figure',
        { class: 'pc-figure' },
        chart(ctx, doc, versions, max, titleId, descId, sentences),
        h(
          'figcaption',
          {},
          h('p', { class: 'pc-caption', id: descId }, sentences.join(' ')),
        ),
      ),
      h(
        'details',
        { class: 'v-legend pc-data' },
        h('summary', {}, ctx.t('views.progress.dataTable')),
        dataTable(ctx, doc, versions),
      ),
    );
  }

  const off = liveRefresh(ctx, (e) => ['document.version', 'position.set', 'amendment.table', 'amendment.status', 'amendment.rebase', 'version.circulate'].includes(e.kind), load);
  await load();
  return off;
}

function describe(ctx, series, tr, versions) {
  const name = ctx.t(`views.progress.series.${series}`);
  if (!tr) return '';
  if (versions.length === 1) return ctx.t('views.progress.sentenceOne', { name, n: tr.to, version: versions[0].version });
  const first = versions[0].version, last = versions[versions.length - 1].version;
  const key = tr.delta < 0 ? 'fell' : tr.delta > 0 ? 'rose' : 'same';
  return ctx.t(`views.progress.sentence.${key}`, { name, from: tr.from, to: tr.to, first, last });
}

function chart(ctx, doc, versions, max, titleId, descId) {
  const ticks = niceTicks(max, 5);
  const top = ticks[ticks.length - 1];
  const y = linearScale([0, top], [H - M.bottom, M.top]);
  const xs = bandPositions(versions.length, M.left + 40, W - M.right - 20);
  const grid = ticks.map((t) =>
    svg(
      'g',
      { class: 'pc-tick' },
      svg('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: t === 0 ? 'pc-axis-line' : 'pc-grid' }),
      svg('text', { x: M.left - 10, y: y(t), class: 'pc-tick-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, String(t)),
    ),
  );
  const xAxis = versions.map((v, i) => {
    const date = parseRecordDate(v.created);
    const label = svg(
      'text',
      { x: xs[i], y: H - M.bottom + 22, class: 'pc-x-label', 'text-anchor': 'middle' },
      svg('tspan', { x: xs[i], class: 'pc-x-version' }, ctx.t('views.progress.versionShort', { n: v.version })),
      svg('tspan', { x: xs[i], dy: '1.3em', class: 'pc-x-date' }, date ? formatDate(lang(), date) : ''),
    );
    const href = `/d/${encodeURIComponent(`${doc}@${v.version}`)}/text`;
    return svg(
      'a',
      {
        href,
        class: 'pc-x-link',
        'aria-label': ctx.t('views.progress.versionLink', { n: v.version }),
        // an SVG link's href is not a string: routed here, not by main.js
        on: {
          click: (e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            ctx.navigate(href);
          },
        },
      },
      svg('line', { x1: xs[i], x2: xs[i], y1: H - M.bottom, y2: H - M.bottom + 6, class: 'pc-axis-line' }),
      label,
    );
  });
  // Series often share a value (as many brackets as points in brackets):
  // each is drawn a few pixels aside so that none hides another.
  const dodge = (k) => (k - (SERIES.length - 1) / 2) * 5;
  const lines = SERIES.map((s, k) => {
    const pts = versions.map((v, i) => [xs[i] + dodge(k), y(v[s])]);
    return svg(
      'g',
      { class: `pc-series pc-${s}` },
      svg('path', { d: linePath(pts), class: 'pc-line' }),
      versions.map((v, i) =>
        marker(MARKERS[s], pts[i][0], pts[i][1], `${ctx.t(`views.progress.series.${s}`)}, ${ctx.t('views.progress.versionShort', { n: v.version })}: ${v[s]}`),
      ),
    );
  });
  const last = versions.length - 1;
  const wanted = SERIES.map((s) => y(versions[last][s]));
  const placed = spreadLabels(wanted, 17, M.top, H - M.bottom);
  const labels = SERIES.map((s, k) =>
    svg(
      'g',
      { class: `pc-series pc-${s}`, 'aria-hidden': 'true' },
      svg('line', { x1: xs[last] + dodge(k) + 7, x2: xs[last] + 22, y1: wanted[k], y2: placed[k], class: 'pc-leader' }),
      marker(MARKERS[s], xs[last] + 30, placed[k], null),
      svg(
        'text',
        { x: xs[last] + 40, y: placed[k], class: 'pc-end-label', 'dominant-baseline': 'middle' },
        `${ctx.t(`views.progress.series.${s}`)} (${versions[last][s]})`,
      ),
    ),
  );
  return svg(
    'svg',
    {
      class: 'pc-chart',
      viewBox: `0 0 ${W} ${H}`,
      role: 'group',
      'aria-labelledby': titleId,
      'aria-describedby': descId,
    },
    svg('title', { id: titleId }, ctx.t('views.progress.chartTitle', { doc })),
    svg('g', { 'aria-hidden': 'true' }, grid),
    svg(
      'text',
      { x: 16, y: (M.top + H - M.bottom) / 2, class: 'pc-axis-title', transform: `rotate(-90 16 ${(M.top + H - M.bottom) / 2})`, 'text-anchor': 'middle', 'aria-hidden': 'true' },
      ctx.t('views.progress.yAxis'),
    ),
    svg(
      'text',
      { x: (M.left + W - M.right) / 2, y: H - 8, class: 'pc-axis-title', 'text-anchor': 'middle', 'aria-hidden': 'true' },
      ctx.t('views.progress.xAxis'),
    ),
    svg('g', { class: 'pc-x-axis' }, xAxis),
    svg('g', { 'aria-hidden': 'true' }, lines),
    labels,
  );
}

function marker(shape, x, y, title) {
  const r = 5.5;
  const t = title ? svg('title', {}, title) : null;
  if (shape === 'circle') return svg('circle', { cx: x, cy: y, r, class: 'pc-marker' }, t);
  if (shape === 'square') return svg('rect', { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: 'pc-marker' }, t);
  if (shape === 'triangle')
    return svg('path', { d: `M${x} ${y - r - 1} L${x + r + 1} ${y + r} L${x - r - 1} ${y + r} Z`, class: 'pc-marker' }, t);
  return svg('path', { d: `M${x} ${y - r - 1.5} L${x + r + 1.5} ${y} L${x} ${y + r + 1.5} L${x - r - 1.5} ${y} Z`, class: 'pc-marker' }, t);
}

function dataTable(ctx, doc, versions) {
  const cols = ['points', 'agreed', ...SERIES, 'proposed'];
  return h(
    'table',
    { class: 'v-table pc-table' },
    h('caption', {}, ctx.t('views.progress.tableCaption', { doc })),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, ctx.t('views.progress.version')), h('th', { scope: 'col' }, ctx.t('views.progress.date')), cols.map((c) => h('th', { scope: 'col', class: 'v-num' }, ctx.t(`views.progress.col.${c}`)))),
    ),
    h(
      'tbody',
      {},
      versions.map((v) => {
        const date = parseRecordDate(v.created);
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `/d/${encodeURIComponent(`${doc}@${v.version}`)}/text` }, `${doc}@${v.version}`)),
          h('td', {}, date ? formatDate(lang(), date) : '—'),
          cols.map((c) => h('td', { class: 'v-num' }, String(v[c]))),
        );
      }),
    ),
  );
}
