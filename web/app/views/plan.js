// plan.js — /d/:ref: a plan's parts and points, with labels and line
// numbers, each point's stances, its open amendments and brackets, and
// filters ("where we disagree", "our red lines", "changed since version N").
//
// A plan may hold thousands of points: a long one is rendered as a window
// over its chunks (below), so that opening it and scrolling through it cost
// what is on screen, not the plan's length (bench/web.sh measures both).
// Find-in-page then finds only the points near the screen: "Go to point"
// and the filters reach the others.

import { h, clear } from '../core/dom.js';
import { amendmentLabels, numberedLines, pathOf, stanceLegend, stanceMark } from '../core/text.js';

const CHUNK = 25; // points per chunk
const SMALL = 400; // points: a plan this long is built whole
const WINDOW = 1500; // px above and below the screen kept built

// "Where we disagree": a point some party objects to (reject, red line),
// so that no consensus holds; a reservation alone does not block one
// (the matrix's consensus column reads the same way).
function disagrees(point) {
  return (point.positions ?? []).some((p) => !p.stale && (p.stance === 'reject' || p.stance === 'redline'));
}

const showPath = (ref) => `/api/docs/${encodeURIComponent(ref).replace(/%40/g, '@')}/show`;

// Asked for by the router while the page is still loading (main.js).
export function prefetch({ api, params }) {
  api.prefetch(showPath(params.ref), { positions: true });
}

// Resolves once the browser has drawn what is on the page.
const drawn = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export default async function render(ctx) {
  const { t, api, params, me } = ctx;
  const ref = params.ref;
  ctx.title(ref);
  const doc = await api.get(showPath(ref), { positions: true });
  // What only adds to the rows (counts, markings) is asked for once the
  // plan is drawn: it does not compete with the plan for the server, nor
  // the answers' work with the first paint for the browser.
  const later = drawn();
  const amendmentsPromise = later.then(() => api.get('/api/amendments', { doc: params.doc })).catch(() => ({ rows: [] }));
  const versionsPromise = later.then(() => api.get(`/api/docs/${encodeURIComponent(params.doc)}/versions`)).catch(() => ({ versions: [] }));
  const versionRef = `${doc.name}@${doc.version}`;
  ctx.title(doc.title || versionRef);

  // Counts per point label, filled in when they arrive.
  const openAmendments = new Map();
  const brackets = new Map();
  let changed = null; // labels changed since the chosen version, or null

  const filters = { disagree: false, redline: false, since: null };
  const wanted = (point) =>
    (!filters.disagree || disagrees(point)) &&
    (!filters.redline || (point.positions ?? []).some((p) => p.party === me.party && p.stance === 'redline' && !p.stale)) &&
    (!changed || changed.has(point.label));

  const rowOf = new Map();
  function badges(point) {
    const n = openAmendments.get(point.label) ?? 0, b = brackets.get(point.label) ?? 0;
    return [
      n ? h('a', { class: 'tag', href: pathOf('d', ref, 'p', point.label) + '#amendments', text: t('plan.amendments', { count: n }) }) : null,
      b ? h('span', { class: 'tag tag-bracket', text: t('plan.brackets', { count: b }) }) : null,
    ];
  }
  function row(point) {
    const href = pathOf('d', ref, 'p', point.label);
    const el = h('article', { class: 'point-row', id: 'point-' + point.label, 'aria-labelledby': 'label-' + point.label },
      h('div', { class: 'point-head' },
        h('h3', { class: 'point-label', id: 'label-' + point.label }, h('a', { href }, h('span', { class: 'visually-hidden', text: t('plan.point') + ' ' }), point.label + '.')),
        h('div', { class: 'point-badges' }, badges(point)),
        h('div', { class: 'stances', role: 'group', 'aria-label': t('plan.stances') },
          (point.positions ?? []).map((p) => stanceMark(p.party, p.stance, p)))),
      h('div', { class: 'text point-body' }, numberedLines(point)),
      h('div', { class: 'point-actions' },
        h('a', { href, text: t('plan.open') }),
        h('a', { href: href + '/amend', text: t('plan.amend') })));
    el.hidden = !wanted(point);
    rowOf.set(point.label, el);
    return el;
  }

  // Chunks: consecutive points with their part headings. A plan of up to
  // SMALL points is built whole. A longer one is a window: the chunks
  // within WINDOW pixels of the screen are built, the others are empty
  // boxes of their measured (or estimated) height, so that the page holds
  // a few hundred rows whatever the plan's length and the scroll bar stays
  // true. Tabbing moves the focus, the focus scrolls, and the chunks ahead
  // are built before it reaches them.
  const windowed = doc.points.length > SMALL;
  const chunks = [];
  let lastPart = -1;
  for (let i = 0; i < doc.points.length; i += CHUNK) {
    const items = [];
    for (const point of doc.points.slice(i, i + CHUNK)) {
      if (point.part !== null && point.part !== lastPart) {
        lastPart = point.part;
        items.push({ part: doc.parts[point.part] });
      }
      items.push({ point });
    }
    chunks.push({ items, el: h('div', { class: 'plan-chunk' }), built: false, height: 0 });
  }
  let perPoint = 96; // px, until a built chunk tells
  const estimate = (chunk) => chunk.height || chunk.items.reduce((n, i) => n + (i.part ? 56 : wanted(i.point) ? perPoint : 0), 0);
  function build(chunk) {
    if (chunk.built) return;
    chunk.built = true;
    chunk.el.style.height = '';
    chunk.el.classList.add('built');
    chunk.el.append(...chunk.items.map((item) => item.part
      ? h('h2', { class: 'part-heading', text: item.part.heading })
      : row(item.point)));
  }
  function unbuild(chunk) {
    if (!chunk.built || chunk.el.contains(document.activeElement)) return;
    const height = chunk.el.getBoundingClientRect().height;
    const shown = chunk.items.filter((i) => i.point && wanted(i.point)).length;
    if (shown) perPoint = Math.round((perPoint + height / shown) / 2);
    chunk.height = height;
    for (const item of chunk.items) if (item.point) rowOf.delete(item.point.label);
    chunk.el.replaceChildren();
    chunk.el.style.height = `${height}px`;
    chunk.el.classList.remove('built');
    chunk.built = false;
  }
  const list = h('div', { class: ['plan-list', windowed && 'plan-windowed'] }, chunks.map((c) => c.el));
  const chunkOf = new Map(chunks.map((c) => [c.el, c]));
  const observer = windowed ? new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const chunk = chunkOf.get(entry.target);
      if (entry.isIntersecting) build(chunk);
      else unbuild(chunk);
    }
  }, { rootMargin: `${WINDOW}px 0px` }) : null;

  const count = h('p', { class: 'meta plan-count', 'aria-live': 'polite' });
  const removed = h('p', { class: 'meta plan-removed' });
  const empty = h('p', { class: 'notice plan-empty', hidden: true, text: t('plan.empty') });
  function applyFilters() {
    let shown = 0;
    for (const point of doc.points) {
      const ok = wanted(point);
      if (ok) shown++;
      const el = rowOf.get(point.label);
      if (el) el.hidden = !ok;
    }
    for (const chunk of chunks) {
      chunk.el.hidden = chunk.items.every((i) => i.part || !wanted(i.point));
      if (!chunk.built) {
        chunk.height = 0; // the filters changed what it holds
        chunk.el.style.height = `${estimate(chunk)}px`;
      }
    }
    count.textContent = t('plan.shown', { count: shown, total: doc.points.length });
    empty.hidden = shown > 0;
  }

  // The filters.
  const versions = Array.from({ length: Math.max(0, doc.version - 1) }, (_, i) => i + 1);
  const since = h('select', { id: 'filter-since', disabled: versions.length === 0, on: { change: async (e) => {
    const n = e.target.value;
    if (!n) {
      changed = null;
      removed.textContent = '';
      return applyFilters();
    }
    const diff = await api.get('/api/diff', { a: `${doc.name}@${n}`, b: versionRef });
    changed = new Set(diff.points.filter((p) => p.change !== 'unchanged' && p.b_label).map((p) => p.b_label));
    const gone = diff.points.filter((p) => p.change === 'deleted').map((p) => p.a_label);
    removed.textContent = gone.length ? t('plan.deleted_since', { count: gone.length, labels: gone.join(', '), n }) : '';
    applyFilters();
  } } }, h('option', { value: '', text: t('plan.filter.since.any') }), versions.map((n) => h('option', { value: String(n), text: t('plan.filter.since.version', { n }) })));
  const checkbox = (id, key, flag) => h('label', { for: id },
    h('input', { type: 'checkbox', id, on: { change: (e) => { filters[flag] = e.target.checked; applyFilters(); } } }), t(key));
  const filterBar = h('div', { class: 'filters', role: 'group', 'aria-label': t('plan.filter.label') },
    checkbox('filter-disagree', 'plan.filter.disagree', 'disagree'),
    checkbox('filter-redline', 'plan.filter.redline', 'redline'),
    h('label', { for: 'filter-since' }, t('plan.filter.since'), since));

  // Go to a point by its label: its chunk is built and its heading focused.
  const gotoInput = h('input', { type: 'text', id: 'goto-point', size: 6, autocomplete: 'off', spellcheck: 'false' });
  const gotoForm = h('form', { class: 'goto', role: 'search', on: { submit: (event) => {
    event.preventDefault();
    const label = gotoInput.value.trim().replace(/\.$/, '');
    const chunk = chunks.find((c) => c.items.some((i) => i.point && i.point.label === label));
    if (!chunk) {
      gotoInput.setAttribute('aria-invalid', 'true');
      gotoNote.textContent = t('plan.goto.none', { label });
      return;
    }
    gotoInput.removeAttribute('aria-invalid');
    gotoNote.textContent = '';
    build(chunk);
    const el = rowOf.get(label);
    el.hidden = false;
    el.scrollIntoView({ block: 'start' });
    el.querySelector('.point-label a').focus({ preventScroll: true });
  } } },
    h('label', { for: 'goto-point', text: t('plan.goto') }), gotoInput,
    h('button', { type: 'submit', class: 'button-quiet', text: t('plan.goto.button') }));
  const gotoNote = h('span', { class: 'meta', role: 'status' });
  filterBar.append(gotoForm, gotoNote);

  // The print markings: the version's track says how confidential it is.
  const marks = h('div', { class: 'markings-slot' });
  versionsPromise.then((answer) => {
    const v = (answer.versions ?? []).find((x) => x.number === doc.version);
    marks.append(ctx.markings({ doc: doc.name, version: doc.version, track: v?.track ?? 'plenary' }));
  });

  ctx.root.append(
    marks,
    h('p', { class: 'meta' },
      t('plan.version', { ref: versionRef, date: ctx.i18n.date(doc.created_at) }), ' · ',
      h('a', { href: pathOf('d', doc.name, 'redline'), text: t('plan.redline_link') })),
    filterBar,
    stanceLegend(),
    count,
    removed,
    empty,
    list);
  // A small plan whole; a long one's chunks as they come near the screen.
  if (windowed) {
    applyFilters();
    build(chunks[0]);
    chunks.forEach((c) => observer.observe(c.el));
  } else {
    chunks.forEach(build);
    applyFilters();
  }

  amendmentsPromise.then((answer) => {
    for (const a of answer.rows ?? []) {
      if (a.status !== 'tabled' || String(a.base) !== String(doc.version)) continue;
      for (const label of amendmentLabels(a.points)) openAmendments.set(label, (openAmendments.get(label) ?? 0) + 1);
    }
    refreshBadges();
  });
  later.then(() => api.get('/api/text', { ref: versionRef, brackets: true })).then((text) => {
    for (const p of text.points ?? []) if (p.brackets?.length) brackets.set(p.label, p.brackets.length);
    refreshBadges();
  }).catch(() => {});
  function refreshBadges() {
    for (const point of doc.points) {
      const el = rowOf.get(point.label);
      if (el) clear(el.querySelector('.point-badges')).append(...badges(point).filter(Boolean));
    }
  }

  // Live: a position or an amendment on this document shows at once.
  ctx.live((e) => e.live && ['position.set', 'amendment.table', 'amendment.status', 'amendment.decide', 'document.version'].includes(e.kind), async () => {
    const fresh = await api.get(showPath(ref), { positions: true });
    const byLabel = new Map(fresh.points.map((p) => [p.label, p]));
    for (const point of doc.points) {
      const now = byLabel.get(point.label);
      if (!now) continue;
      point.positions = now.positions;
      const el = rowOf.get(point.label);
      if (el) clear(el.querySelector('.stances')).append(...(point.positions ?? []).map((p) => stanceMark(p.party, p.stance, p)));
    }
    const answer = await api.get('/api/amendments', { doc: params.doc }).catch(() => ({ rows: [] }));
    openAmendments.clear();
    for (const a of answer.rows ?? []) {
      if (a.status !== 'tabled' || String(a.base) !== String(doc.version)) continue;
      for (const label of amendmentLabels(a.points)) openAmendments.set(label, (openAmendments.get(label) ?? 0) + 1);
    }
    refreshBadges();
    applyFilters();
  });

  // On paper, the whole plan: every chunk is built before printing.
  const printAll = () => chunks.forEach(build);
  window.addEventListener('beforeprint', printAll);
  return () => {
    observer?.disconnect();
    window.removeEventListener('beforeprint', printAll);
  };
}
