// amendment.js — /d/:doc/a/:id: an amendment's change as a redline, the
// amendments it collides with, its place in the voting list and the red
// lines it crosses; and, while it is open, my party's decision on it
// (accept, after a preview of what adopting it would change; reject;
// withdraw when it is ours), signed in the page.

import { h } from '../core/dom.js';
import { parseRedline, pathOf, redline } from '../core/text.js';

// What each decision's change may make (the statements the page signs).
const KINDS = {
  accept: ['amendment.decide', 'document.version', 'amendment.status', 'amendment.rebase'],
  reject: ['amendment.decide', 'amendment.status'],
  withdraw: ['amendment.status'],
};

// What my last decision on an amendment recorded: kept across the page's
// redraw, which my own decision's live event brings.
let notice = null;

// My party's decision: a button per decision, then a confirmation that
// names it (for accept, with the dry run's redline and red lines).
function decisions(ctx, a) {
  const { t, api, me } = ctx;
  const verbs = ['accept', 'reject', ...(a.party === me.party ? ['withdraw'] : [])];
  const panel = h('div', { class: 'decision-confirm', hidden: true });
  const status = h('p', { class: 'decision-status', role: 'status', 'aria-live': 'polite' });
  async function confirm(verb) {
    panel.hidden = false;
    panel.replaceChildren(h('p', { class: 'muted', text: t('amendment.decide.loading') }));
    let preview = null;
    if (verb === 'accept') {
      try {
        preview = await api.get('/api/adoption', { doc: a.document, ids: a.id }, { accept: 'text' });
      } catch (error) {
        preview = error.message;
      }
    }
    const go = h('button', { type: 'button', text: t(`amendment.decide.confirm.${verb}`, { id: a.id, party: me.party }) });
    const cancel = h('button', { type: 'button', class: 'button-quiet', text: t('amendment.decide.cancel') });
    panel.replaceChildren(...[
      h('p', { text: t(`amendment.decide.explain.${verb}`, { id: a.id, party: me.party }) }),
      preview ? h('pre', { class: 'adoption-preview', tabindex: '0', 'aria-label': t('amendment.decide.preview'), text: preview }) : null,
      h('div', { class: 'actions' }, go, cancel)].filter(Boolean));
    cancel.addEventListener('click', () => { panel.hidden = true; panel.replaceChildren(); });
    go.addEventListener('click', async () => {
      go.disabled = true;
      status.textContent = t('amendment.decide.signing');
      try {
        const path = `/api/amendments/${encodeURIComponent(a.document)}/${encodeURIComponent(a.id)}/${verb}`;
        const result = await api.change(path, {}, { kinds: KINDS[verb] });
        panel.hidden = true;
        panel.replaceChildren();
        notice = { doc: a.document, id: a.id, message: result?.message ?? t('amendment.decide.done') };
        status.textContent = notice.message;
      } catch (error) {
        go.disabled = false;
        status.textContent = error.message;
      }
    });
    go.focus();
  }
  return h('section', { 'aria-labelledby': 'amendment-decide', class: 'decide' },
    h('h2', { id: 'amendment-decide', text: t('amendment.decide', { party: me.party }) }),
    h('div', { class: 'actions' }, verbs.map((verb) =>
      h('button', { type: 'button', class: 'button-quiet', text: t(`amendment.decide.${verb}`), on: { click: () => confirm(verb) } }))),
    panel,
    status);
}

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

  ctx.root.append(...[
    ctx.markings({ doc: a.document, version: a.base, track: a.track }),
    h('p', { class: 'breadcrumbs' }, h('a', { href: pathOf('d', baseRef), text: baseRef }), ' › ', t('amendment.list')),
    facts,
    notice && notice.doc === a.document && notice.id === a.id
      ? h('p', { class: 'decision-status notice', role: 'status', text: notice.message })
      : null,
    a.status === 'tabled' && ctx.me.party ? decisions(ctx, a) : null,
    h('div', { class: 'columns' }, h('div', {}, changes), h('div', {}, place, collisions, lines))].filter(Boolean));

  ctx.live((e) => e.live && e.kind.startsWith('amendment.'), () => ctx.refresh());
}
