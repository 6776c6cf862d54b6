// /timeline — the dated story of the negotiation as the delegate may see it
// (parley.timeline/1), grouped by day, newest or oldest first, filtered by
// track and by kind. Each entry's wording is the record's own line.

import { h } from '../core/dom.js';
import { formatDate, parseRecordDate } from '../viewlib/text.js';
import { errorBox, fill, lang, liveRefresh, loading, tp } from '../viewlib/ui.js';

const KIND_SYMBOL = {
  founding: '★', party: '⚑', delegate: '☺', track: '⇆', version: '▤', circulation: '↗',
  meeting: '◷', statement: '❝', amendment: '✎', decision: '⚖', adoption: '✔', position: '◆',
};

export default async function render(ctx) {
  ctx.title(ctx.t('views.timeline.title'));
  const controls = h('div', { class: 'tl-controls' });
  const body = h('div', { class: 'tl-body' }, loading(ctx.t('views.common.loading')));
  ctx.root.append(controls, body);
  const state = { track: ctx.query.get('track') ?? '', order: ctx.query.get('order') === 'oldest' ? 'oldest' : 'newest', hidden: new Set(), rows: [], tracks: [] };

  async function load() {
    try {
      const query = state.track ? { track: state.track } : {};
      const [timeline, tracks] = await Promise.all([ctx.api.get('/api/timeline', query), ctx.api.get('/api/tracks')]);
      const key = JSON.stringify([timeline.rows, tracks.rows]);
      if (key === state.shown) return;
      state.shown = key;
      state.rows = timeline.rows ?? [];
      state.tracks = (tracks.rows ?? []).map((r) => r.track);
      drawControls();
      draw();
    } catch (error) {
      fill(body, errorBox(ctx.t('views.common.error'), error));
    }
  }

  function drawControls() {
    const kinds = [...new Set(state.rows.map((r) => r.kind))].sort();
    fill(
      controls,
      h(
        'div',
        { class: 'v-toolbar' },
        h('label', { for: 'tl-track' }, ctx.t('views.timeline.track')),
        h(
          'select',
          {
            id: 'tl-track',
            on: {
              change: (e) => {
                state.track = e.target.value;
                state.shown = null;
                load();
              },
            },
          },
          h('option', { value: '' }, ctx.t('views.timeline.allTracks')),
          state.tracks.map((t) => h('option', { value: t, ...(t === state.track ? { selected: true } : {}) }, t)),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'button-quiet',
            'aria-pressed': state.order === 'newest' ? 'true' : 'false',
            on: {
              click: (e) => {
                state.order = state.order === 'newest' ? 'oldest' : 'newest';
                e.currentTarget.setAttribute('aria-pressed', state.order === 'newest' ? 'true' : 'false');
                e.currentTarget.textContent = ctx.t('views.timeline.newestFirst');
                draw();
              },
            },
          },
          ctx.t('views.timeline.newestFirst'),
        ),
      ),
      h(
        'fieldset',
        { class: 'tl-kinds' },
        h('legend', {}, ctx.t('views.timeline.kinds')),
        kinds.map((k) =>
          h(
            'div',
            { class: 'v-check' },
            h('input', {
              type: 'checkbox',
              id: `tl-kind-${k}`,
              ...(state.hidden.has(k) ? {} : { checked: true }),
              on: {
                change: (e) => {
                  if (e.target.checked) state.hidden.delete(k);
                  else state.hidden.add(k);
                  draw();
                },
              },
            }),
            h('label', { for: `tl-kind-${k}` }, h('span', { 'aria-hidden': 'true', class: 'tl-symbol' }, KIND_SYMBOL[k] ?? '•'), ' ', kindName(ctx, k)),
          ),
        ),
      ),
    );
  }

  function draw() {
    const rows = state.rows.filter((r) => !state.hidden.has(r.kind));
    const ordered = state.order === 'newest' ? [...rows].reverse() : rows;
    const days = [];
    for (const row of ordered) {
      if (!days.length || days[days.length - 1].date !== row.date) days.push({ date: row.date, rows: [] });
      days[days.length - 1].rows.push(row);
    }
    fill(
      body,
      h('p', { class: 'lede', role: 'status' }, tp(ctx, 'views.timeline.count', rows.length)),
      days.length
        ? h(
            'ol',
            { class: 'tl-days' },
            days.map((day) => {
              const d = parseRecordDate(day.date);
              return h(
                'li',
                { class: 'tl-day' },
                h('h2', { class: 'tl-date' }, h('time', { datetime: day.date }, d ? formatDate(lang(), d, { weekday: true }) : day.date)),
                h(
                  'ol',
                  { class: 'tl-entries' },
                  day.rows.map((r) =>
                    h(
                      'li',
                      { class: `tl-entry tl-k-${r.kind}` },
                      h('span', { class: 'tl-time' }, r.time ? r.time.replace(/Z$/, ' UTC') : ''),
                      h('span', { class: 'tl-kind' }, h('span', { 'aria-hidden': 'true', class: 'tl-symbol' }, KIND_SYMBOL[r.kind] ?? '•'), ' ', kindName(ctx, r.kind)),
                      h('span', { class: `tl-track${r.track === 'plenary' ? '' : ' is-closed'}` }, r.track),
                      h('p', { class: 'tl-what' }, r.what),
                    ),
                  ),
                ),
              );
            }),
          )
        : h('p', { class: 'v-empty' }, ctx.t('views.timeline.none')),
    );
  }

  const off = liveRefresh(ctx, () => true, load, 300);
  await load();
  return off;
}

function kindName(ctx, kind) {
  const key = `views.timeline.kind.${kind}`;
  const text = ctx.t(key);
  return text === key ? kind : text;
}
