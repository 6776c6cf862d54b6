// amendment.js — /d/:doc/a/:id: an amendment's change as a redline, the
// amendments it collides with, its place in the voting list and the red
// lines it crosses.

import { h } from '../core/dom.js';
import { parseRedline, pathOf, redline } from '../core/text.js';

export default async function render(ctx) {
  const { t, api, params, i18n } = ctx;
  ctx.title(t('amendment.title', { id: params.id }));
  const a = await api.get(`/api/amendments/${encodeURIComponent(params.doc)}/${encodeURIComponent(params.id)}`);
  const baseRef = `${a.document}@${a.base}`;
  const [voting, crossed] = await Promise.all([
    api.get('/api/voting-list', { ref: baseRef }).catch(() => ({ rows: [] })),
    api.get('/api/redlines', { ref: baseRef, amendment: a.id }).catch(() => ({ rows: [] })),
  ]);
  ctx.title(t('amendment.title', { id: a.id }));
  const row = (voting.rows ?? []).find((r) => r.amendment === a.id);
  const colliding = row && row.group !== '-' ? voting.rows.filter((r) => r.group === row.group && r.amendment !== a.id) : [];

  const facts = h('dl', { class: 'facts' },
    h('dt', { text: t('amendment.status') }), h('dd', {}, h('span', { class: 'tag amendment-status', text: t('amendment.status.' + a.status) })),
    h('dt', { text: t('amendment.by') }), h('dd', { text: `${a.party} (${a.delegate})` }),
    h('dt', { text: t('amendment.base') }), h('dd', {}, h('a', { href: pathOf('d', baseRef), text: baseRef })),
    h('dt', { text: t('amendment.tabled') }), h('dd', { text: i18n.date(a.at, { time: true }) }),
    a.parent ? [h('dt', { text: t('amendment.parent') }), h('dd', {}, h('a', { href: pathOf('d', a.document, 'a', a.parent), text: a.parent }))] : null,
    a.justification ? [h('dt', { text: t('amendment.justification') }), h('dd', { text: a.justification })] : null);

  const changes = h('section', { 'aria-labelledby': 'amendment-change' },
    h('h2', { id: 'amendment-change', text: t('amendment.change') }),
    (a.changes ?? []).map((c) => h('article', { class: 'change' },
      h('h3', {}, h('a', { href: pathOf('d', baseRef, 'p', c.point), text: t('amendment.cite', { cite: c.cite }) })),
      h('div', { class: 'text' }, redline(c.redline ?? parseRedline(c.after ?? ''))))));

  const place = h('section', { 'aria-labelledby': 'amendment-voting' },
    h('h2', { id: 'amendment-voting', text: t('amendment.voting') }),
    !row
      ? h('p', { class: 'muted', text: t('amendment.voting.none') })
      : row.group === '-'
        ? h('p', { text: t('amendment.voting.alone') })
        : h('p', { text: t('amendment.voting.place', { group: row.group, order: row.order, distance: row.distance ?? '—' }) }),
    row && row.falls_if_adopted ? h('p', { text: t('amendment.falls', { ids: row.falls_if_adopted }) }) : null);

  const collisions = h('section', { 'aria-labelledby': 'amendment-collisions' },
    h('h2', { id: 'amendment-collisions', text: t('amendment.collisions') }),
    colliding.length
      ? h('ul', { class: 'list-plain' }, colliding.map((r) => h('li', {},
          h('a', { href: pathOf('d', a.document, 'a', r.amendment), text: r.amendment }), ' ',
          h('span', { class: 'meta', text: `${r.party} · ${r.points} · ${t('amendment.order', { order: r.order })}` }),
          h('div', { class: 'text' }, redline(parseRedline(r.change))))))
      : h('p', { class: 'muted', text: t('amendment.collisions.none') }));

  const lines = h('section', { 'aria-labelledby': 'amendment-redlines' },
    h('h2', { id: 'amendment-redlines', text: t('amendment.redlines') }),
    crossed.rows?.length
      ? h('ul', { class: 'list-plain crossed' }, crossed.rows.map((r) => h('li', {},
          h('span', { class: 'stance stance-redline', text: r.party ?? '' }), ' ',
          Object.entries(r).filter(([k]) => k !== 'party').map(([k, v]) => v ? h('span', { class: 'meta', text: `${k}: ${v} ` }) : null))))
      : h('p', { class: 'muted', text: t('amendment.redlines.none') }));

  ctx.root.append(
    ctx.markings({ doc: a.document, version: a.base, track: a.track }),
    h('p', { class: 'breadcrumbs' }, h('a', { href: pathOf('d', baseRef), text: baseRef }), ' › ', t('amendment.list')),
    facts,
    h('div', { class: 'columns' }, h('div', {}, changes), h('div', {}, place, collisions, lines)));

  ctx.live((e) => e.live && e.kind.startsWith('amendment.'), () => ctx.refresh());
}
