// statements.js — /statements (?track=T): what the parties said, each at
// its attribution level (GET /api/statements, as `parley statement list`),
// and the form with which my delegation makes a statement (POST
// /api/statements, signed in the page: components/statement-form.js).
// A statement is not tied to a point or a meeting in the record; the page
// of a point lists those whose words cite it, and has the same form.

import { h } from '../core/dom.js';
import { statementForm } from '../components/statement-form.js';
import { fill, liveRefresh, loading } from '../viewlib/ui.js';

export default async function render(ctx) {
  const say = (key, vars) => ctx.t(key, vars);
  ctx.title(say('views.statements.title'));
  const tracks = ((await ctx.api.get('/api/tracks')).rows ?? []).map((r) => r.track);
  const only = tracks.includes(ctx.query.get('track')) ? ctx.query.get('track') : '';

  const list = h('div', { class: 'st-list' }, loading(say('views.common.loading')));
  const filter = h('select', { id: 'st-filter' },
    h('option', { value: '' }, say('views.statements.allTracks')),
    tracks.map((t) => h('option', { value: t }, t)));
  filter.value = only;

  async function draw() {
    let rows;
    try {
      rows = (await ctx.api.get('/api/statements', filter.value ? { track: filter.value } : {})).rows ?? [];
    } catch (failure) {
      fill(list, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, failure.message)));
      return;
    }
    // Newest first: the record lists them by date, then in the order made.
    const shown = rows.map((row, i) => ({ row, i })).sort((a, b) => b.row.date.localeCompare(a.row.date) || b.i - a.i).map((x) => x.row);
    fill(list,
      h('p', { class: 'meta st-count' }, say('views.statements.count', { count: shown.length })),
      shown.length
        ? h('ul', { class: 'list-plain st-rows' }, shown.map((s) => h('li', {},
            h('blockquote', { class: 'statement' }, s.text),
            h('p', { class: 'meta' },
              [ctx.i18n.date(s.date), s.party ?? say('views.statements.unattributed'), s.speaker, say(`views.statements.level.${s.level}`)].filter(Boolean).join(' · '),
              ' ',
              s.track === 'plenary' ? null : h('span', { class: 'tag tag-confidential' }, s.track)))))
        : h('p', { class: 'v-empty' }, say('views.statements.none')));
  }

  filter.addEventListener('change', () => {
    const url = new URL(location.href);
    if (filter.value) url.searchParams.set('track', filter.value);
    else url.searchParams.delete('track');
    history.replaceState(null, '', url.pathname + url.search);
    draw();
  });

  const form = statementForm(ctx, { id: 'st', tracks, track: only || 'plenary', labelledBy: 'st-make', onDone: () => draw() });
  ctx.root.append(
    h('p', { class: 'lede' }, say('views.statements.lede')),
    h('div', { class: 'columns st-columns' },
      h('section', { 'aria-labelledby': 'st-make' }, h('h2', { id: 'st-make' }, say('views.statements.make')), form.el),
      h('section', { 'aria-labelledby': 'st-said' },
        h('h2', { id: 'st-said' }, say('views.statements.said')),
        h('div', { class: 'v-toolbar' }, h('label', { for: 'st-filter' }, say('views.statements.filter')), filter),
        list)));
  await draw();
  return liveRefresh(ctx, (e) => e.live && e.kind === 'statement.add', draw, 200);
}
