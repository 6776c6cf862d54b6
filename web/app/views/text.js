// /d/:ref/text — the bracketed negotiating text (parley.brackets/1): every
// point as worded, each disputed passage in square brackets with its
// alternatives and who holds each, the reason in braces; agreed points
// marked. Made to be printed: A4, the markings of the version (ctx.markings:
// confidentiality, document, version, date) on every page, page numbers by
// @page (views.css, named page "pl-text").

import { h } from '../core/dom.js';
import { bracketSegments, formatDate, parseRecordDate, splitOwners } from '../viewlib/text.js';
import { errorBox, fill, lang, liveRefresh, loading, markingTrack, markings, tp, versionInfo } from '../viewlib/ui.js';

export default async function render(ctx) {
  const ref = ctx.params.ref;
  const body = h('div', { class: 'v-text-body' }, loading(ctx.t('views.common.loading')));
  ctx.title(ctx.t('views.text.title', { ref }));
  ctx.root.classList.add('v-print-text');
  ctx.root.append(body);
  let unpage = () => {};

  async function load() {
    try {
      const [brackets, info] = await Promise.all([ctx.api.get('/api/text', { ref }), versionInfo(ctx, ref)]);
      draw(brackets, info.version, await markingTrack(ctx, info.version));
    } catch (error) {
      fill(body, errorBox(ctx.t('views.text.cannotLoad', { ref }), error));
    }
  }

  function draw(doc, info, track) {
    const version = `${doc.document}@${doc.version}`;
    ctx.title(ctx.t('views.text.title', { ref: version }));
    const c = doc.counts ?? {};
    const created = parseRecordDate(info?.created_at);
    const mark = markings(ctx, info, track);
    unpage();
    unpage = pageMarkings(ctx, {
      ref: version,
      date: created ? ctx.t('views.text.versionOf', { date: formatDate(lang(), created) }) : '',
      level: mark?.querySelector('.marking-level')?.textContent ?? '',
    });
    const parts = [];
    let part = null;
    let list = null;
    for (const point of doc.points ?? []) {
      if (point.part !== part || !list) {
        part = point.part;
        list = h('div', { class: 'bt-points' });
        parts.push(h('section', { class: 'bt-part' }, part ? h('h2', {}, part) : null, list));
      }
      list.append(pointBlock(ctx, point, doc.document));
    }
    const summary = [
      tp(ctx, 'views.text.countBracketed', c.bracketed ?? 0, { total: c.points ?? 0 }),
      tp(ctx, 'views.text.countBrackets', c.brackets ?? 0),
      tp(ctx, 'views.text.countProposed', c.proposed ?? 0),
      tp(ctx, 'views.text.countAlternatives', c.alternatives ?? 0),
      tp(ctx, 'views.text.countAgreed', c.agreed ?? 0),
    ];
    fill(
      body,
      mark,
      h(
        'div',
        { class: 'v-toolbar no-print' },
        h('button', { type: 'button', class: 'v-primary', on: { click: () => window.print() } }, ctx.t('views.text.print')),
        h('span', { class: 'v-spacer' }),
        h('a', { class: 'button button-quiet', href: `/d/${encodeURIComponent(version)}/matrix` }, ctx.t('views.text.toMatrix')),
      ),
      h(
        'header',
        { class: 'bt-head' },
        info?.title ? h('p', { class: 'bt-doc-title' }, info.title) : null,
        h(
          'p',
          { class: 'bt-meta' },
          ctx.t('views.text.meta', { ref: version, date: created ? formatDate(lang(), created) : '—', track: track ?? '—' }),
        ),
        h('p', { class: 'bt-counts' }, summary.join(' · ')),
      ),
      h(
        'details',
        { class: 'v-legend no-print' },
        h('summary', {}, ctx.t('views.text.howToRead')),
        h(
          'ul',
          {},
          ['brackets', 'owners', 'reason', 'agreed', 'proposed'].map((k) => h('li', {}, ctx.t(`views.text.legend.${k}`))),
        ),
      ),
      h('div', { class: 'bt-text' }, parts),
      h('p', { class: 'bt-end' }, ctx.t('views.text.end', { ref: version })),
    );
  }

  const off = liveRefresh(ctx, (e) => ['position.set', 'amendment.table', 'amendment.status', 'amendment.rebase', 'document.version'].includes(e.kind), load);
  await load();
  return () => {
    off();
    unpage();
    ctx.root.classList.remove('v-print-text');
  };
}

// The markings on every printed page: @page margin boxes can hold only
// fixed strings and counters (Chromium has no string-set), so this view
// adds, while it is shown, a stylesheet of its own (CSSOM: allowed under
// the page's CSP) naming the version, its date and its confidentiality at
// the top of each page, and "page x of y" at the bottom. Returns its removal.
function pageMarkings(ctx, { ref, date, level }) {
  const pageOf = ctx.t('views.text.pageOf', { page: '\u0001', pages: '\u0002' });
  const counters = pageOf
    .split(/(\u0001|\u0002)/)
    .filter(Boolean)
    .map((part) => (part === '\u0001' ? 'counter(page)' : part === '\u0002' ? 'counter(pages)' : cssString(part)))
    .join(' ');
  const rules = `@page {
  @top-left { content: ${cssString(date ? `${ref} — ${date}` : ref)}; font: 8.5pt sans-serif; color: #333; }
  @top-right { content: ${cssString(level)}; font: 600 8.5pt sans-serif; color: #000; text-transform: uppercase; }
  @bottom-center { content: ${cssString(level)}; font: 600 8.5pt sans-serif; color: #000; text-transform: uppercase; }
  @bottom-right { content: ${counters}; font: 8.5pt sans-serif; color: #333; }
}`;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(rules);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  } catch {
    return () => {};
  }
}

function cssString(text) {
  return `"${String(text).replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;
}

function pointBlock(ctx, point, document) {
  let segments;
  try {
    segments = bracketSegments(point);
  } catch {
    segments = [{ kind: 'text', text: point.text ?? '' }];
  }
  const classes = ['bt-point'];
  if (point.bracketed) classes.push('is-bracketed');
  if (point.agreed) classes.push('is-agreed');
  if (point.new) classes.push('is-new');
  const status = point.new
    ? ctx.t('views.text.statusNew')
    : point.agreed
      ? ctx.t('views.text.statusAgreed')
      : point.bracketed
        ? ctx.t('views.text.statusBracketed')
        : ctx.t('views.text.statusOpen');
  return h(
    'article',
    { class: classes.join(' '), 'aria-label': ctx.t('views.text.pointLabel', { label: point.label, status }) },
    h(
      'p',
      { class: 'bt-line' },
      h('span', { class: 'bt-label' }, `${point.label}.`),
      ' ',
      point.new ? h('span', { class: 'bt-new' }, `${ctx.t('views.text.proposedNew')} `) : null,
      segments.map((s) => (s.kind === 'text' ? s.text : bracket(ctx, s, document))),
      point.reason ? [' ', h('span', { class: 'bt-reason' }, h('span', { class: 'bt-brace', 'aria-hidden': 'true' }, '{'), point.reason, h('span', { class: 'bt-brace', 'aria-hidden': 'true' }, '}'))] : null,
    ),
    point.agreed ? h('p', { class: 'bt-status is-agreed' }, h('span', { 'aria-hidden': 'true' }, '✓ '), status) : null,
  );
}

function bracket(ctx, segment, document) {
  const alternatives = segment.alternatives.length ? segment.alternatives : [{ wording: segment.base, owners: '' }];
  const items = [];
  alternatives.forEach((alt, i) => {
    if (i) items.push(h('span', { class: 'bt-slash' }, ' / '));
    const wording =
      alt.wording === null
        ? h('em', { class: 'bt-delete' }, ctx.t('views.text.deletePoint'))
        : alt.wording === ''
          ? h('em', { class: 'bt-delete' }, ctx.t('views.text.deleteWords'))
          : alt.wording;
    const { parties, amendments } = splitOwners(alt.owners);
    const owners = alt.owners
      ? h(
          'span',
          { class: 'bt-owners' },
          ' (',
          alt.owners === 'base text'
            ? ctx.t('views.text.baseText')
            : [
                parties.join(', '),
                parties.length && amendments.length ? ', ' : '',
                amendments.map((id, k) => [
                  k ? ', ' : '',
                  h('a', { href: `/d/${encodeURIComponent(document)}/a/${encodeURIComponent(id)}` }, id),
                ]),
              ],
          ')',
        )
      : null;
    items.push(h('span', { class: `bt-alt${i === 0 ? ' is-base' : ''}` }, wording, owners));
  });
  return h(
    'span',
    { class: 'bt-bracket' },
    h('span', { class: 'bt-sq' }, '['),
    items,
    h('span', { class: 'bt-sq' }, ']'),
  );
}
