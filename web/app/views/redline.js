// /d/:doc/redline?from=&to= — the redline between any two versions of a
// document (or a version of another document the delegate can see),
// chosen in the page (parley.redline/1 from GET /api/diff). Deleted words
// struck through, inserted words underlined; in print and in copied text
// they keep the marks [-…-] and {+…+} (docs/printing.md).

import { h } from '../core/dom.js';
import { redlineRuns, splitRef } from '../viewlib/text.js';
import { errorBox, fill, liveRefresh, loading, markingTrack, markings, tp } from '../viewlib/ui.js';

const CHANGES = ['unchanged', 'reworded', 'substantive', 'moved', 'added', 'deleted'];

export default async function render(ctx) {
  const doc = ctx.params.doc;
  ctx.title(ctx.t('views.redline.title', { doc }));
  const picker = h('div', { class: 'rl-picker' }, loading(ctx.t('views.common.loading')));
  const body = h('div', { class: 'rl-body redline-plain' }); // our own [-…-] {+…+} marks, not app.css's
  ctx.root.append(picker, body);
  let infoByRef = new Map();

  async function load() {
    let options;
    try {
      const [own, all] = await Promise.all([
        ctx.api.get(`/api/docs/${encodeURIComponent(doc)}/versions`),
        ctx.api.get('/api/docs'),
      ]);
      options = { own: own.versions ?? [], others: (all.versions ?? []).filter((v) => v.document !== doc) };
      infoByRef = new Map([...options.own, ...options.others].map((v) => [`${v.document}@${v.number}`, v]));
    } catch (error) {
      fill(picker, errorBox(ctx.t('views.redline.cannotLoad', { doc }), error));
      return;
    }
    const own = options.own;
    if (!own.length) {
      fill(picker, h('p', { class: 'v-empty' }, ctx.t('views.redline.noVersions')));
      return;
    }
    const latest = `${doc}@${own[own.length - 1].number}`;
    const before = own.length > 1 ? `${doc}@${own[own.length - 2].number}` : options.others[0] ? `${options.others[0].document}@${options.others[0].number}` : latest;
    const from = ctx.query.get('from') ?? before;
    const to = ctx.query.get('to') ?? latest;
    const changedOnly = ctx.query.get('changed') === '1';
    drawPicker(options, from, to, changedOnly);
    // One version only, and nothing asked: say so rather than compare with
    // another document unasked.
    if (own.length === 1 && !ctx.query.get('from') && !ctx.query.get('to')) {
      fill(body, h('p', { class: 'v-empty' }, ctx.t('views.redline.oneVersion', { ref: latest })));
      return;
    }
    await showDiff(from, to, changedOnly);
  }

  function select(id, label, value, options) {
    const groups = [
      h('optgroup', { label: ctx.t('views.redline.thisDocument', { doc }) }, options.own.map((v) => opt(v))),
      options.others.length ? h('optgroup', { label: ctx.t('views.redline.otherDocuments') }, options.others.map((v) => opt(v))) : null,
    ];
    function opt(v) {
      const ref = `${v.document}@${v.number}`;
      const date = (v.created_at ?? '').slice(0, 10);
      return h('option', { value: ref, ...(ref === value ? { selected: true } : {}) }, `${ref} — ${date}${v.track && v.track !== 'plenary' ? ` (${v.track})` : ''}`);
    }
    return [h('label', { for: id }, label), h('select', { id, name: id }, groups)];
  }

  function drawPicker(options, from, to, changedOnly) {
    const form = h(
      'form',
      {
        class: 'v-toolbar rl-form',
        'aria-label': ctx.t('views.redline.choose'),
        on: {
          submit: (e) => {
            e.preventDefault();
            const f = e.target;
            go(f.elements.from.value, f.elements.to.value, f.elements.changed.checked);
          },
        },
      },
      h('div', { class: 'v-field' }, select('from', ctx.t('views.redline.from'), from, options)),
      h(
        'button',
        {
          type: 'button',
          class: 'button-quiet rl-swap',
          'aria-label': ctx.t('views.redline.swapLabel'),
          title: ctx.t('views.redline.swapLabel'),
          on: {
            click: (e) => {
              const f = e.target.closest('form');
              go(f.elements.to.value, f.elements.from.value, f.elements.changed.checked);
            },
          },
        },
        h('span', { 'aria-hidden': 'true' }, '⇄'),
        ' ',
        ctx.t('views.redline.swap'),
      ),
      h('div', { class: 'v-field' }, select('to', ctx.t('views.redline.to'), to, options)),
      h(
        'div',
        { class: 'v-check' },
        h('input', { type: 'checkbox', id: 'changed', name: 'changed', ...(changedOnly ? { checked: true } : {}) }),
        h('label', { for: 'changed' }, ctx.t('views.redline.changedOnly')),
      ),
      h('button', { type: 'submit', class: 'v-primary' }, ctx.t('views.redline.show')),
    );
    fill(picker, form);
  }

  function go(from, to, changedOnly) {
    const q = new URLSearchParams({ from, to });
    if (changedOnly) q.set('changed', '1');
    ctx.navigate(`/d/${encodeURIComponent(doc)}/redline?${q}`);
  }

  async function showDiff(from, to, changedOnly) {
    fill(body, loading(ctx.t('views.common.loading')));
    if (from === to) {
      fill(body, h('p', { class: 'v-empty' }, ctx.t('views.redline.same', { ref: from })));
      return;
    }
    try {
      const query = { a: from, b: to };
      if (changedOnly) query['changed-only'] = '1';
      const diff = await ctx.api.get('/api/diff', query);
      // A page showing two versions names a closed track among them.
      const tracks = await Promise.all([to, from].map((r) => markingTrack(ctx, infoByRef.get(r))));
      drawDiff(diff, from, to, tracks.find((t) => t && t !== 'plenary') ?? 'plenary');
    } catch (error) {
      fill(body, errorBox(ctx.t('views.redline.cannotDiff', { from, to }), error));
    }
  }

  function drawDiff(diff, from, to, track) {
    const s = diff.summary ?? {};
    const changed = CHANGES.filter((c) => c !== 'unchanged').reduce((n, c) => n + (s[c] ?? 0), 0);
    const toInfo = infoByRef.get(to);
    const parts = [];
    let part;
    let list;
    for (const point of diff.points ?? []) {
      const heading = point.b_part ?? point.a_part ?? null;
      if (heading !== part || !list) {
        part = heading;
        list = h('div', { class: 'rl-points' });
        parts.push(h('section', { class: 'rl-part' }, heading ? h('h2', {}, heading) : null, list));
      }
      list.append(pointBlock(point));
    }
    fill(
      body,
      markings(ctx, toInfo, track),
      h('h2', { class: 'rl-heading' }, ctx.t('views.redline.heading', { from: diff.a ?? from, to: diff.b ?? to })),
      h(
        'ul',
        { class: 'rl-summary', 'aria-label': ctx.t('views.redline.summaryLabel') },
        CHANGES.map((c) => h('li', { class: `rl-chip rl-${c}` }, h('strong', {}, String(s[c] ?? 0)), ' ', ctx.t(`views.redline.change.${c}`))),
      ),
      h('p', { class: 'lede' }, tp(ctx, 'views.redline.changedPoints', changed), ' ', diff.matched_by ? ctx.t('views.redline.matchedBy', { how: diff.matched_by }) : ''),
      diff.title && diff.title.change !== 'unchanged' ? h('p', { class: 'rl-title' }, h('span', { class: 'rl-key' }, ctx.t('views.redline.docTitle')), ' ', runs(diff.title)) : null,
      h(
        'details',
        { class: 'v-legend' },
        h('summary', {}, ctx.t('views.redline.howToRead')),
        h('p', {}, h('del', {}, ctx.t('views.redline.legendDeleted')), ' ', h('ins', {}, ctx.t('views.redline.legendInserted')), ' — ', ctx.t('views.redline.legendMarks')),
      ),
      parts.length ? parts : h('p', { class: 'v-empty' }, ctx.t('views.redline.nothing')),
    );
  }

  function pointBlock(point) {
    const label =
      point.a_label && point.b_label && point.a_label !== point.b_label
        ? `${point.a_label} → ${point.b_label}`
        : point.b_label ?? point.a_label ?? '';
    const target = point.b_label ?? null;
    return h(
      'article',
      { class: `rl-point rl-${point.change}` },
      h(
        'div',
        { class: 'rl-point-head' },
        h('span', { class: 'rl-label' }, target ? h('a', { href: `/d/${encodeURIComponent(currentTo())}/p/${encodeURIComponent(target)}` }, label) : label),
        point.change === 'unchanged' ? h('span', { class: 'visually-hidden' }, ctx.t('views.redline.change.unchanged')) : h('span', { class: `rl-chip rl-${point.change}` }, ctx.t(`views.redline.change.${point.change}`)),
        point.moved ? h('span', { class: 'rl-chip rl-moved' }, ctx.t('views.redline.change.moved')) : null,
        point.relabelled ? h('span', { class: 'rl-flag' }, ctx.t('views.redline.relabelled')) : null,
      ),
      h('p', { class: 'rl-text' }, runs(point.text)),
      (point.items ?? []).length
        ? h(
            'ol',
            { class: 'rl-items' },
            point.items.map((item) =>
              h(
                'li',
                {},
                h('span', { class: 'rl-item-label' }, `(${item.a_label && item.b_label && item.a_label !== item.b_label ? `${item.a_label} → ${item.b_label}` : item.b_label ?? item.a_label})`),
                ' ',
                runs(item.text),
              ),
            ),
          )
        : null,
    );
  }

  function currentTo() {
    return ctx.query.get('to') ?? [...infoByRef.keys()].filter((r) => splitRef(r).doc === doc).pop() ?? doc;
  }

  function runs(change) {
    return redlineRuns(change).map((r) =>
      r.op === 'delete'
        ? h('del', {}, h('span', { class: 'rl-mark' }, '[-'), r.text, h('span', { class: 'rl-mark' }, '-]'))
        : r.op === 'insert'
          ? h('ins', {}, h('span', { class: 'rl-mark' }, '{+'), r.text, h('span', { class: 'rl-mark' }, '+}'))
          : r.text,
    );
  }

  const off = liveRefresh(ctx, (e) => e.kind === 'document.version' || e.kind === 'version.circulate', load);
  await load();
  return off;
}
