// /compare?docs=a,b,c — competing plans side by side (parley.compare/1):
// one column per plan, chosen from the documents the delegate can see; each
// row a point of the first plan with the points of the others linked to
// it, their relation (same, overlaps, conflicts — by symbol and word) and,
// for a conflict, why; then what the others say that the first does not.

import { h } from '../core/dom.js';
import { compareRows, pointText, relationCounts } from '../viewlib/compare.js';
import { errorBox, fill, liveRefresh, loading } from '../viewlib/ui.js';

const SYMBOLS = { same: '=', overlaps: '≈', conflicts: '≠' };

export default async function render(ctx) {
  ctx.title(ctx.t('views.compare.title'));
  const picker = h('div', { class: 'cmp-picker' }, loading(ctx.t('views.common.loading')));
  const body = h('div', { class: 'cmp-body' });
  ctx.root.append(picker, body);
  const chosen = (ctx.query.get('docs') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  async function load() {
    let docs;
    try {
      docs = (await ctx.api.get('/api/docs')).versions ?? [];
    } catch (error) {
      fill(picker, errorBox(ctx.t('views.common.error'), error));
      return;
    }
    drawPicker(docs);
    if (chosen.length >= 2) await showComparison();
    else fill(body, h('p', { class: 'v-empty' }, ctx.t('views.compare.chooseTwo')));
  }

  function drawPicker(docs) {
    const names = chosen.map((c) => c.replace(/@\d+$/, ''));
    const base = names[0] ?? docs[0]?.document;
    const form = h(
      'form',
      {
        class: 'cmp-form',
        on: {
          submit: (e) => {
            e.preventDefault();
            const f = e.target;
            const first = f.elements.base.value;
            const others = [...f.querySelectorAll('input[name=with]:checked')].map((i) => i.value).filter((v) => v !== first);
            if (!others.length) {
              error.textContent = ctx.t('views.compare.needOther');
              error.hidden = false;
              f.querySelector('input[name=with]')?.focus();
              return;
            }
            ctx.navigate(`/compare?docs=${[first, ...others].map(encodeURIComponent).join(',')}`);
          },
        },
      },
      h(
        'div',
        { class: 'v-field' },
        h('label', { for: 'cmp-base' }, ctx.t('views.compare.base')),
        h(
          'select',
          { id: 'cmp-base', name: 'base' },
          docs.map((d) => h('option', { value: d.document, ...(d.document === base ? { selected: true } : {}) }, `${d.document} — ${shorten(d.title ?? '', 60)}`)),
        ),
      ),
      h(
        'fieldset',
        { class: 'cmp-with' },
        h('legend', {}, ctx.t('views.compare.with')),
        docs.map((d) =>
          h(
            'div',
            { class: 'v-check' },
            h('input', { type: 'checkbox', name: 'with', id: `cmp-${d.document}`, value: d.document, ...(names.slice(1).includes(d.document) ? { checked: true } : {}) }),
            h('label', { for: `cmp-${d.document}` }, h('strong', {}, d.document), ' ', h('span', { class: 'muted' }, shorten(d.title ?? '', 80))),
          ),
        ),
      ),
      h('button', { type: 'submit', class: 'v-primary' }, ctx.t('views.compare.submit')),
    );
    const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
    fill(picker, h('details', { class: 'cmp-choose', ...(chosen.length >= 2 ? {} : { open: '' }) }, h('summary', {}, ctx.t('views.compare.choose')), form, error));
  }

  async function showComparison() {
    fill(body, loading(ctx.t('views.common.loading')));
    try {
      const compare = await ctx.api.get('/api/compare', { docs: chosen.join(',') });
      const plans = await Promise.all(compare.documents.map((d) => ctx.api.get(`/api/docs/${encodeURIComponent(d.name)}/show`)));
      drawComparison(compare, plans);
    } catch (error) {
      fill(body, errorBox(ctx.t('views.compare.cannotLoad'), error));
    }
  }

  function drawComparison(compare, plans) {
    const { documents, rows } = compareRows(compare, plans);
    ctx.title(ctx.t('views.compare.titleOf', { docs: documents.map((d) => d.name).join(', ') }));
    const headers = documents.map((d, k) =>
      h(
        'th',
        { scope: 'col', class: 'cmp-doc' },
        h('a', { href: `/d/${encodeURIComponent(d.name)}`, class: 'cmp-doc-name' }, d.name),
        d.title ? h('span', { class: 'cmp-doc-title' }, d.title) : null,
        h(
          'span',
          { class: 'cmp-share' },
          h('meter', { min: '0', max: '1', value: String(d.share ?? 0), 'aria-label': ctx.t('views.compare.shareLabel', { doc: d.name }) }),
          ' ',
          ctx.t('views.compare.share', { matched: d.matched ?? 0, points: d.points ?? 0, pct: Math.round((d.share ?? 0) * 100) }),
        ),
        k > 0 ? relationLine(ctx, relationCounts(compare, k)) : h('span', { class: 'cmp-base-note' }, ctx.t('views.compare.baseNote')),
      ),
    );
    let shownTail = false;
    const bodyRows = [];
    for (const row of rows) {
      if (!row.a && !shownTail) {
        shownTail = true;
        bodyRows.push(h('tr', { class: 'cmp-section' }, h('th', { scope: 'colgroup', colspan: String(documents.length) }, ctx.t('views.compare.notInBase', { doc: documents[0].name }))));
      }
      bodyRows.push(
        h(
          'tr',
          { class: row.a && row.columns.every((c) => !c.length) ? 'cmp-row is-alone' : 'cmp-row' },
          row.a
            ? h('th', { scope: 'row', class: 'cmp-cell' }, pointCard(documents[0].name, row.a, null))
            : h('td', { class: 'cmp-cell cmp-none' }, h('span', { class: 'muted' }, ctx.t('views.compare.notAddressed'))),
          row.columns.map((col, k) =>
            h(
              'td',
              { class: 'cmp-cell' },
              col.length
                ? col.map((entry) => pointCard(documents[k + 1].name, entry.point, entry.link))
                : h('span', { class: 'muted cmp-none' }, row.a ? ctx.t('views.compare.notAddressed') : ''),
            ),
          ),
        ),
      );
    }
    fill(
      body,
      h('p', { class: 'lede' }, ctx.t('views.compare.lede', { base: documents[0].name })),
      h(
        'ul',
        { class: 'cmp-legend', 'aria-label': ctx.t('views.compare.legend') },
        Object.keys(SYMBOLS).map((r) => h('li', {}, h('span', { class: `cmp-rel cmp-${r}` }, h('span', { 'aria-hidden': 'true' }, SYMBOLS[r]), ' ', ctx.t(`views.compare.relation.${r}`)), ' ', ctx.t(`views.compare.relationMeans.${r}`))),
      ),
      h(
        'div',
        { class: 'cmp-scroll', tabindex: '0', role: 'region', 'aria-label': ctx.t('views.compare.region') },
        h(
          'table',
          { class: `cmp-table cmp-cols-${documents.length}` },
          h('caption', { class: 'visually-hidden' }, ctx.t('views.compare.caption', { docs: documents.map((d) => d.name).join(', ') })),
          h('thead', {}, h('tr', {}, headers)),
          h('tbody', {}, bodyRows),
        ),
      ),
    );
  }

  function pointCard(docName, point, link) {
    return h(
      'div',
      { class: `cmp-point${link ? ` cmp-link-${link.relation}${link.primary ? '' : ' is-secondary'}` : ''}` },
      link
        ? h(
            'p',
            { class: 'cmp-relation' },
            h('span', { class: `cmp-rel cmp-${link.relation}` }, h('span', { 'aria-hidden': 'true' }, SYMBOLS[link.relation] ?? '?'), ' ', ctx.t(`views.compare.relation.${link.relation}`)),
            ' ',
            h('span', { class: 'muted' }, ctx.t('views.compare.score', { score: Math.round(link.score * 100) })),
            link.primary ? null : h('span', { class: 'muted' }, ` · ${ctx.t('views.compare.secondary')}`),
            link.why ? h('span', { class: 'cmp-why' }, ` — ${link.why}`) : null,
          )
        : null,
      h(
        'p',
        { class: 'cmp-text' },
        h('a', { class: 'cmp-label', href: `/d/${encodeURIComponent(docName)}/p/${encodeURIComponent(point.label)}`, 'aria-label': ctx.t('views.compare.pointOf', { label: point.label, doc: docName }) }, `${point.label}.`),
        ' ',
        pointText(point),
      ),
    );
  }

  const off = liveRefresh(ctx, (e) => e.kind === 'document.version' || e.kind === 'version.circulate', load);
  await load();
  return off;
}

function relationLine(ctx, counts) {
  return h(
    'span',
    { class: 'cmp-counts' },
    Object.keys(SYMBOLS).map((r) => h('span', { class: `cmp-rel cmp-${r}` }, h('span', { 'aria-hidden': 'true' }, SYMBOLS[r]), ' ', ctx.t(`views.compare.count.${r}`, { count: counts[r] }))),
  );
}

function shorten(text, max) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
