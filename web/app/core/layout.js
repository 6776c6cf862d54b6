// layout.js — what stays around every view: the bar (the negotiation's
// nav, the document's views, the language, who is signed in), the live
// banner naming what changed, and the print markings of a working text.

import { h, clear } from './dom.js';
import * as i18n from './i18n.js';

const t = (key, vars) => i18n.t(key, vars);

// The nav: every view reachable from the bar.
const MAIN_NAV = [
  ['/', 'nav.home'],
  ['/timeline', 'nav.timeline'],
  ['/meetings', 'nav.meetings'],
  ['/compare', 'nav.compare'],
  ['/record', 'nav.record'],
  ['/keys', 'nav.keys'],
];
const DOC_NAV = [
  ['', 'nav.plan'],
  ['/text', 'nav.text'],
  ['/matrix', 'nav.matrix'],
  ['/redline', 'nav.redline'],
  ['/progress', 'nav.progress'],
];

let docNav = null;

export function layout(me, { signOut, chooseLanguage }) {
  const bar = clear(document.getElementById('bar'));
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('nav.skip');
  const language = h('select', {
    id: 'language',
    class: 'language',
    on: { change: (e) => chooseLanguage(e.target.value) },
  }, i18n.LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === i18n.current() }, l.name)));
  const tools = h('div', { class: 'bar-tools' },
    h('label', { for: 'language', class: 'visually-hidden', text: t('nav.language') }),
    language,
    me && h('span', { class: 'who' }, h('span', { class: 'who-name', text: me.name }), me.party && h('span', { class: 'party-tag', text: me.party })),
    me && h('button', { type: 'button', class: 'button-quiet', on: { click: () => signOut() } }, t('nav.signout')));
  const brand = h('a', { class: 'brand', href: '/' }, 'parley');
  const nav = me
    ? h('nav', { class: 'nav', 'aria-label': t('nav.label') },
        h('ul', {}, MAIN_NAV.map(([path, key]) => h('li', {}, h('a', { href: path, 'data-path': path, text: t(key) })))))
    : null;
  docNav = me ? h('nav', { class: 'doc-nav', 'aria-label': t('nav.document'), hidden: true }) : null;
  bar.append(h('div', { class: 'bar-row' }, brand, nav, tools));
  if (docNav) bar.append(docNav); // (append() would write a null as "null")
}

// Marks the current page in the nav; shows the document's views on /d/.
export function setNavState(path, params, me) {
  for (const a of document.querySelectorAll('.nav a')) {
    const target = a.dataset.path;
    const current = target === '/' ? path === '/' : path === target || path.startsWith(target + '/');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!docNav || !me) return;
  if (!params.doc) {
    docNav.hidden = true;
    return;
  }
  docNav.hidden = false;
  const ref = params.ref ?? params.doc;
  const base = '/d/' + encodeURIComponent(ref).replace(/%40/g, '@');
  const docBase = '/d/' + encodeURIComponent(params.doc);
  clear(docNav).append(
    h('span', { class: 'doc-name', text: ref }),
    h('ul', {}, DOC_NAV.map(([suffix, key]) => {
      const href = (suffix === '/redline' || suffix === '/progress' ? docBase : base) + suffix;
      return h('li', {}, h('a', { href, text: t(key), 'aria-current': path === href ? 'page' : null }));
    }), h('li', {}, h('a', { href: '/import?doc=' + encodeURIComponent(params.doc), text: t('views.imports.newVersion') }))));
}

// --- the live banner ----------------------------------------------------------

let bannerTimer = null;

// What an event says, in words: "umerov (UA): a position on a point".
export function describe(event) {
  const kind = t('event.' + event.kind);
  const who = event.actor ? event.actor : t('event.someone');
  return t('live.event', { who, what: kind, track: event.track });
}

export function banner(event) {
  const el = document.getElementById('live-banner');
  if (!el) return;
  const close = h('button', { type: 'button', class: 'banner-close', 'aria-label': t('live.dismiss'), on: { click: () => { el.classList.remove('shown'); clear(el); } } }, '×');
  clear(el).append(h('p', {}, h('strong', { text: t('live.title') + ' ' }), describe(event)), close);
  el.dataset.event = String(event.id);
  el.dataset.kind = event.kind;
  el.classList.add('shown');
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => el.classList.remove('shown'), 12000);
}

// --- print markings --------------------------------------------------------------

// The markings of a working text (issue 11): the track's confidentiality,
// the document and version, the date printed, page numbers (by @page in
// app.css). Shown at the top of a printable view and on paper.
export function markings({ doc, version, track } = {}) {
  const confidential = track && track !== 'plenary';
  return h('div', { class: ['markings', confidential && 'markings-confidential'] },
    h('span', { class: 'marking-level', text: confidential ? t('marking.confidential', { track }) : t('marking.plenary') }),
    doc && h('span', { class: 'marking-doc', text: version ? `${doc}@${version}` : doc }),
    h('span', { class: 'marking-date', text: t('marking.printed', { date: i18n.date(new Date().toISOString(), { time: true }) }) }));
}
