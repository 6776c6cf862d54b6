// /d/:ref/matrix — parties × points as a heat map: each cell a stance, with
// its colour, symbol and word (never colour alone), stale stances hatched
// and named, notes as numbered marks. The signed-in delegate takes its
// party's stance here through <pl-position-form>, on one point (its cell)
// or on several (the rows selected).

import { h } from '../core/dom.js';
import '../components/position-form.js';
import { pointText } from '../viewlib/compare.js';
import { STANCES, cellClasses, disagrees, matrixModel, uniqueNotes } from '../viewlib/heat.js';
import { errorBox, fill, liveRefresh, loading, markingTrack, markings, partyNames, statusRegion, tp, versionInfo } from '../viewlib/ui.js';

export default async function render(ctx) {
  const ref = ctx.params.ref;
  const me = ctx.me ?? {};
  const status = statusRegion();
  const body = h('div', { class: 'v-matrix-body' }, loading(ctx.t('views.common.loading')));
  ctx.title(ctx.t('views.matrix.title', { ref }));
  ctx.root.append(body, status);

  const state = { filter: ctx.query.get('show') ?? 'all', selected: new Set(), model: null, plan: null, info: null, names: new Map() };
  const dialog = positionDialog(ctx, status, () => load());
  ctx.root.append(dialog.el);

  async function load() {
    try {
      const [matrix, plan, info, names] = await Promise.all([
        ctx.api.get('/api/matrix', { ref }),
        ctx.api.get(`/api/docs/${encodeURIComponent(ref)}/show`),
        versionInfo(ctx, ref),
        state.names.size ? state.names : partyNames(ctx),
      ]);
      const track = await markingTrack(ctx, info.version);
      // nothing new (the live echo of our own change): nothing drawn again
      const key = JSON.stringify([matrix, plan.version, plan.points?.length, track]);
      Object.assign(state, { model: matrixModel(matrix), plan, info: info.version, track, names });
      if (key !== state.shown) draw();
      state.shown = key;
    } catch (error) {
      fill(body, errorBox(ctx.t('views.matrix.cannotLoad', { ref }), error));
    }
  }

  function draw() {
    const focusKey = document.activeElement?.dataset?.focus;
    const { model, plan } = state;
    const version = plan.version ? `${plan.name}@${plan.version}` : ref;
    const texts = new Map((plan.points ?? []).map((p) => [p.label, p]));
    const visible = model.points.filter((p) =>
      state.filter === 'open' ? !p.consensus : state.filter === 'ours' ? disagrees(p, me.party) : true,
    );
    for (const label of [...state.selected]) if (!model.points.some((p) => p.label === label)) state.selected.delete(label);

    const takeButton = h(
      'button',
      {
        type: 'button',
        class: 'v-primary',
        'data-focus': 'take-selected',
        ...(state.selected.size ? {} : { disabled: true }),
        on: { click: () => dialog.open(version, [...state.selected], me.party, null, null) },
      },
      state.selected.size
        ? tp(ctx, 'views.matrix.takeSelected', state.selected.size, { party: me.party ?? '' })
        : ctx.t('views.matrix.takeNone', { party: me.party ?? '' }),
    );
    const wholeButton = h(
      'button',
      {
        type: 'button',
        class: 'button-quiet',
        'data-focus': 'take-whole',
        on: { click: () => dialog.open(version, ['*'], me.party, null, null) },
      },
      ctx.t('views.matrix.takeWhole', { party: me.party ?? '' }),
    );
    const filter = h(
      'select',
      {
        id: 'matrix-filter',
        'data-focus': 'filter',
        on: {
          change: (e) => {
            state.filter = e.target.value;
            draw();
          },
        },
      },
      ['all', 'open', 'ours'].map((v) =>
        h('option', { value: v, ...(state.filter === v ? { selected: true } : {}) }, ctx.t(`views.matrix.filter.${v}`, { party: me.party ?? '' })),
      ),
    );

    const parties = model.parties;
    const headRow = h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'heat-select' }, h('span', { class: 'visually-hidden' }, ctx.t('views.matrix.select'))),
      h('th', { scope: 'col', class: 'heat-point' }, ctx.t('views.matrix.point')),
      parties.map((p) =>
        h(
          'th',
          { scope: 'col', class: p === me.party ? 'heat-party is-mine' : 'heat-party' },
          h('abbr', { title: state.names.get(p) ?? p }, p),
          p === me.party ? h('span', { class: 'heat-you' }, ctx.t('views.matrix.you')) : null,
        ),
      ),
      h('th', { scope: 'col', class: 'heat-consensus' }, ctx.t('views.matrix.consensus')),
    );

    const rows = [];
    let part = undefined;
    for (const point of visible) {
      const source = texts.get(point.label);
      const partIndex = source?.part ?? null;
      if (partIndex !== part) {
        part = partIndex;
        const heading = partIndex === null ? null : plan.parts?.[partIndex]?.heading;
        if (heading)
          rows.push(h('tr', { class: 'heat-part' }, h('th', { scope: 'colgroup', colspan: String(parties.length + 3) }, heading)));
      }
      rows.push(pointRow(point, source, version));
    }
    if (!visible.length)
      rows.push(h('tr', {}, h('td', { colspan: String(parties.length + 3), class: 'v-empty' }, ctx.t('views.matrix.noneShown'))));

    const foot = STANCES.map((s) =>
      h(
        'tr',
        {},
        h('td', {}),
        h('th', { scope: 'row' }, h('span', { class: `stance stance-${s}` }, ctx.t(`views.stance.${s}`))),
        parties.map((p) => h('td', { class: 'heat-count' }, String(model.counts[p]?.[s] ?? 0))),
        h('td', {}),
      ),
    );

    const table = h(
      'table',
      { class: 'heat' },
      h('caption', {}, ctx.t('views.matrix.caption', { ref: version, shown: visible.length, total: model.points.length })),
      h('thead', {}, headRow),
      h('tbody', {}, rows),
      h('tfoot', {}, foot),
    );

    const notes = uniqueNotes(model.notes);
    fill(
      body,
      markings(ctx, state.info, state.track),
      h('p', { class: 'lede' }, ctx.t('views.matrix.lede', { party: me.party ?? '' })),
      legend(ctx),
      h(
        'div',
        { class: 'v-toolbar', role: 'group', 'aria-label': ctx.t('views.matrix.actions') },
        h('label', { for: 'matrix-filter' }, ctx.t('views.matrix.show')),
        filter,
        h('span', { class: 'v-spacer' }),
        me.party ? h('div', { class: 'v-buttons' }, wholeButton, takeButton) : null,
      ),
      h('div', { class: 'heat-scroll', tabindex: '0', role: 'region', 'aria-label': ctx.t('views.matrix.region') }, table),
      summary(ctx, model),
      notes.length
        ? h(
            'section',
            { class: 'heat-notes', 'aria-labelledby': 'matrix-notes' },
            h('h2', { id: 'matrix-notes' }, ctx.t('views.matrix.notes')),
            h(
              'ol',
              {},
              notes.map((n) =>
                h(
                  'li',
                  { id: `note-${n.mark}`, value: n.mark },
                  h('strong', {}, n.on === '*' ? ctx.t('views.matrix.notePlan', { party: n.party }) : ctx.t('views.matrix.notePoint', { party: n.party, point: n.on ?? n.point })),
                  ' ',
                  h('span', { class: `stance stance-${n.stance}` }, ctx.t(`views.stance.${n.stance}`)),
                  ' ',
                  n.note,
                ),
              ),
            ),
          )
        : null,
    );
    if (focusKey) body.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();

    function pointRow(point, source, versionRef) {
      const excerpt = source ? shorten(pointText(source), 110) : '';
      const cells = parties.map((p) => {
        const cell = point.cells[p];
        const word = ctx.t(`views.stance.${cell.stance}`);
        const staleWord = cell.stale ? ctx.t('views.matrix.stale') : null;
        const content = [
          h('span', { class: `stance stance-${cell.stance}${cell.stale ? ' stance-stale' : ''}` }, word),
          null,
          staleWord ? h('span', { class: 'heat-stale' }, staleWord) : null,
          cell.mark ? h('a', { class: 'heat-mark', href: `#note-${cell.mark}`, 'aria-label': ctx.t('views.matrix.noteMark', { mark: cell.mark }) }, `[${cell.mark}]`) : null,
        ];
        const label = ctx.t(cell.stale ? 'views.matrix.cellStale' : 'views.matrix.cell', { party: p, point: point.label, stance: word });
        if (p === me.party)
          return h(
            'td',
            { class: `${cellClasses(cell)} is-mine` },
            h(
              'button',
              {
                type: 'button',
                class: 'heat-button',
                'data-focus': `cell-${point.label}`,
                'aria-label': `${label}. ${ctx.t('views.matrix.change')}`,
                title: cell.note ?? '',
                on: { click: () => dialog.open(versionRef, [point.label], p, cell.stale ? null : cell.stance, cell.note ?? null) },
              },
              content.slice(0, 3),
            ),
            content[3],
          );
        return h('td', { class: cellClasses(cell), title: cell.note ? `${label}: ${cell.note}` : label }, content);
      });
      const selected = state.selected.has(point.label);
      return h(
        'tr',
        { class: point.consensus ? 'is-agreed' : 'is-open', ...(selected ? { 'aria-selected': 'true' } : {}) },
        h(
          'td',
          { class: 'heat-select' },
          h('input', {
            type: 'checkbox',
            'data-focus': `select-${point.label}`,
            'aria-label': ctx.t('views.matrix.selectPoint', { point: point.label }),
            ...(selected ? { checked: true } : {}),
            on: {
              change: (e) => {
                if (e.target.checked) state.selected.add(point.label);
                else state.selected.delete(point.label);
                draw();
              },
            },
          }),
        ),
        h(
          'th',
          { scope: 'row', class: 'heat-point' },
          h('a', { href: `/d/${encodeURIComponent(versionRef)}/p/${encodeURIComponent(point.label)}`, class: 'heat-label' }, point.label),
          excerpt ? h('span', { class: 'heat-excerpt' }, excerpt) : null,
        ),
        cells,
        h(
          'td',
          { class: point.consensus ? 'heat-consensus is-yes' : 'heat-consensus is-no' },
          h('span', { 'aria-hidden': 'true', class: 'heat-consensus-symbol' }, point.consensus ? '✓' : '–'),
          ' ',
          ctx.t(point.consensus ? 'views.matrix.consensusYes' : 'views.matrix.consensusNo'),
        ),
      );
    }
  }

  const off = liveRefresh(ctx, (e) => ['position.set', 'document.version', 'version.circulate', 'amendment.status'].includes(e.kind), load);
  await load();
  return () => {
    off();
    dialog.close();
  };
}

function legend(ctx) {
  return h(
    'details',
    { class: 'v-legend' },
    h('summary', {}, ctx.t('views.matrix.legend')),
    h(
      'dl',
      {},
      STANCES.map((s) => [
        h('dt', {}, h('span', { class: `stance stance-${s}` }, ctx.t(`views.stance.${s}`))),
        h('dd', {}, ctx.t(`views.stance.${s}.means`)),
      ]),
      h('dt', {}, h('span', { class: 'stance stance-reserve stance-stale' }, ctx.t('views.matrix.stale'))),
      h('dd', {}, ctx.t('views.matrix.staleMeans')),
    ),
  );
}

function summary(ctx, model) {
  const total = model.points.length;
  const agreed = model.agreed.length;
  return h(
    'p',
    { class: 'heat-summary' },
    tp(ctx, 'views.matrix.agreedCount', agreed, { total }),
    agreed ? h('span', { class: 'heat-agreed-list' }, ' ', ctx.t('views.matrix.agreedList', { points: model.agreed.join(', ') })) : null,
  );
}

function shorten(text, max) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

// The modal dialog holding <pl-position-form>; returns {el, open, close}.
function positionDialog(ctx, status, reload) {
  const heading = h('h2', { id: 'position-dialog-title' }, ctx.t('views.position.title'));
  const slot = h('div', {});
  const el = h('dialog', { class: 'v-dialog', 'aria-labelledby': 'position-dialog-title' }, heading, slot);
  let opener = null;
  el.addEventListener('close', () => {
    slot.replaceChildren();
    // the matrix may have been drawn again meanwhile: find the opener anew
    const key = opener?.dataset?.focus;
    const target = opener?.isConnected ? opener : key ? document.querySelector(`[data-focus="${CSS.escape(key)}"]`) : null;
    target?.focus?.();
  });
  el.addEventListener('pl-position-cancel', () => el.close());
  el.addEventListener('pl-position-saved', (e) => {
    status.textContent = e.detail.result?.message ?? ctx.t('views.position.saved');
    reload().then(() => el.close());
  });
  return {
    el,
    open(ref, points, party, stance, note) {
      opener = document.activeElement;
      const form = document.createElement('pl-position-form');
      form.t = ctx.t;
      form.setAttribute('ref', ref);
      form.setAttribute('points', points.join(','));
      if (party) form.setAttribute('party', party);
      if (stance) form.setAttribute('stance', stance);
      if (note) form.setAttribute('note', note);
      slot.replaceChildren(form);
      el.showModal();
      form.focusFirst();
    },
    close() {
      if (el.open) el.close();
    },
  };
}

