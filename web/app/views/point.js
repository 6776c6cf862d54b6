// point.js — /d/:ref/p/:point: one point's text with its line numbers, its
// history across versions as redlines, the amendments to it, the
// positions with their notes, and the statements that cite it.

import { h } from '../core/dom.js';
import { amendmentLabels, editsToRuns, numberedLines, parseRedline, pathOf, redline, stanceMark } from '../core/text.js';
import { statementForm } from '../components/statement-form.js';

// What the delegate had typed in the statement form, and the last
// statement's confirmation, kept across the redraws that live news causes.
let kept = null;

// Statements are not tied to points in the record: the ones shown here are
// those whose words cite the point ("point 6", "пункт 6", "paragraph 6").
function cites(text, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(point|paragraph|article|§|пункт|пункту|статт[яі]|п\\.)\\s*${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

export default async function render(ctx) {
  const { t, api, params, i18n } = ctx;
  const ref = params.ref, label = params.point;
  ctx.title(t('point.title', { label, ref }));
  const showPath = `/api/docs/${encodeURIComponent(ref).replace(/%40/g, '@')}/show`;
  const [doc, amendments, versions, statements, tracks] = await Promise.all([
    api.get(showPath, { point: label, positions: true }),
    api.get('/api/amendments', { doc: params.doc }).catch(() => ({ rows: [] })),
    api.get(`/api/docs/${encodeURIComponent(params.doc)}/versions`).catch(() => ({ versions: [] })),
    api.get('/api/statements').catch(() => ({ rows: [] })),
    api.get('/api/tracks').catch(() => ({ rows: [] })),
  ]);
  const point = doc.points[0];
  const versionRef = `${doc.name}@${doc.version}`;
  ctx.title(t('point.title', { label: point.label, ref: versionRef }));
  const part = point.part !== null ? doc.parts.find((p) => p.index === point.part) : null;

  const positions = h('section', { 'aria-labelledby': 'point-positions' },
    h('h2', { id: 'point-positions', text: t('point.positions') }),
    point.positions?.length
      ? h('ul', { class: 'list-plain positions' }, point.positions.map((p) => h('li', {},
          stanceMark(p.party, p.stance, p), h('span', { class: 'stance-word', 'aria-hidden': 'true', text: t('stance.' + p.stance) }),
          p.note ? h('span', { class: 'position-note', text: p.note }) : h('span', { class: 'muted', text: t('point.no_note') }),
          p.stale ? h('div', { class: 'meta', text: t('stance.stale') }) : null)))
      : h('p', { class: 'muted', text: t('point.positions.none') }));

  const formSlot = h('div', { class: 'position-form-slot' });
  try {
    await import('../components/position-form.js');
    if (customElements.get('pl-position-form')) {
      const form = document.createElement('pl-position-form');
      form.setAttribute('ref', versionRef);
      form.setAttribute('point', point.label);
      formSlot.append(form);
    }
  } catch {
    /* the position form is another module's; without it the page shows positions only */
  }
  positions.append(formSlot);

  const mine = (amendments.rows ?? []).filter((a) => amendmentLabels(a.points).includes(point.label));
  const amendmentList = h('section', { 'aria-labelledby': 'amendments' },
    h('h2', { id: 'amendments', text: t('point.amendments') }),
    mine.length
      ? h('ul', { class: 'list-plain amendments' }, mine.map((a) => h('li', {},
          h('a', { href: pathOf('d', params.doc, 'a', a.id), class: 'amendment-id', text: a.id }), ' ',
          h('span', { class: 'tag', text: t('amendment.status.' + a.status) }), ' ',
          h('span', { class: 'meta', text: t('point.amendment.by', { party: a.party, base: a.base, cite: a.points }) }),
          h('div', { class: 'text redline-text' }, redline(parseRedline(a.change))))))
      : h('p', { class: 'muted', text: t('point.amendments.none') }),
    h('p', {}, h('a', { class: 'button', href: pathOf('d', versionRef, 'p', point.label, 'amend'), text: t('point.amend') })));

  // History: this point in each pair of consecutive versions up to this one.
  const history = h('section', { 'aria-labelledby': 'point-history' }, h('h2', { id: 'point-history', text: t('point.history') }));
  const numbers = (versions.versions ?? []).map((v) => v.number).filter((n) => n <= doc.version).sort((a, b) => a - b);
  const pairs = numbers.slice(1).map((n, i) => [numbers[i], n]);
  const historyList = h('ol', { class: 'list-plain history' });
  history.append(pairs.length ? historyList : h('p', { class: 'muted', text: t('point.history.one') }));
  const diffs = await Promise.all(pairs.map(([a, b]) => api.get('/api/diff', { a: `${doc.name}@${a}`, b: `${doc.name}@${b}` }).catch(() => null)));
  pairs.forEach(([a, b], i) => {
    const entry = diffs[i]?.points.find((p) => p.b_id === point.id || (p.b_id === null && p.a_id === point.id));
    const change = entry ? entry.change : 'absent';
    const li = h('li', {}, h('h3', { class: 'history-step', text: t('point.history.step', { a, b }) }),
      h('p', { class: 'meta', text: t('point.change.' + change) }));
    if (entry && change !== 'unchanged') {
      li.append(h('div', { class: 'text' }, redline(editsToRuns(entry.text)),
        entry.items.map((item) => h('div', {}, h('span', { class: 'item-label', text: `(${item.b_label ?? item.a_label}) ` }), redline(editsToRuns(item.text))))));
    }
    historyList.prepend(li);
  });

  const cited = (statements.rows ?? []).filter((s) => cites(s.text, point.label));
  const statementList = h('section', { 'aria-labelledby': 'point-statements' },
    h('h2', { id: 'point-statements', text: t('point.statements') }),
    h('p', { class: 'meta', text: t('point.statements.how', { label: point.label }) }),
    cited.length
      ? h('ul', { class: 'list-plain' }, cited.map((s) => h('li', {},
          h('blockquote', { class: 'statement', text: s.text }),
          h('div', { class: 'meta', text: [i18n.date(s.date), s.party, s.speaker, t('statement.level.' + s.level)].filter(Boolean).join(' · ') }))))
      : h('p', { class: 'muted', text: t('point.statements.none') }));

  const track = (versions.versions ?? []).find((v) => v.number === doc.version)?.track ?? 'plenary';
  // A statement about this point: its words name the point, so that it is
  // listed above; said by default in the track the version is seen in.
  const say = (key, vars) => t(key, vars);
  const here = `${versionRef} ${point.label}`;
  const trackNames = (tracks.rows ?? []).map((r) => r.track);
  const notice = h('p', { class: 'pf-status', role: 'status', 'aria-live': 'polite' });
  const stating = statementForm(ctx, {
    id: 'ps',
    text: say('views.statements.aboutPoint', { label: point.label }),
    textHint: 'views.statements.aboutHint',
    textHintVars: { label: point.label },
    tracks: trackNames,
    track: trackNames.includes(track) ? track : 'plenary',
    labelledBy: 'point-state',
    onDone(result) {
      kept = { here, notice: result?.message ?? say('views.statements.done'), at: Date.now() };
      ctx.refresh();
    },
  });
  const restored = kept?.here === here ? kept : null;
  kept = null;
  if (restored?.draft) stating.restore({ ...restored.draft, focused: null });
  notice.textContent = restored?.notice ?? '';
  statementList.append(h('details', { class: 'ps-make', open: restored ? true : null },
    h('summary', { id: 'point-state' }, say('views.statements.makeAbout', { label: point.label })),
    stating.el), notice);
  ctx.root.append(
    ctx.markings({ doc: doc.name, version: doc.version, track }),
    h('p', { class: 'breadcrumbs' }, h('a', { href: pathOf('d', ref), text: doc.title || versionRef }), part ? ` › ${part.heading}` : ''),
    h('section', { class: 'point-main', 'aria-label': t('point.text') }, h('div', { class: 'text' }, numberedLines(point))),
    h('div', { class: 'columns' }, h('div', {}, positions, amendmentList), h('div', {}, history, statementList)));

  ctx.live((e) => e.live && ['position.set', 'amendment.table', 'amendment.status', 'amendment.decide', 'document.version', 'statement.add'].includes(e.kind), () => ctx.refresh());
  if (restored?.draft?.focused) document.getElementById(restored.draft.focused)?.focus({ preventScroll: true });
  // Drawn again (live news, or after a statement): what was typed stays.
  return () => {
    const draft = stating.draft();
    const typed = draft.text.trim() && draft.text !== say('views.statements.aboutPoint', { label: point.label });
    if (kept) kept.draft = draft; // a statement just made (onDone)
    else if (typed || draft.focused || (notice.textContent && Date.now() - (restored?.at ?? 0) < 60000))
      kept = { here, draft, notice: notice.textContent, at: restored?.at ?? Date.now() };
  };
}
