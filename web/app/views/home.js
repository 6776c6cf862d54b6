// home.js — /: the documents and tracks the delegate can see, what changed
// since the last visit (the event stream's backlog, kept by live.js), and
// the next meetings.

import { h } from '../core/dom.js';
import * as live from '../core/live.js';
import { describe } from '../core/layout.js';
import { pathOf } from '../core/text.js';

// Kinds after which the documents, tracks or meetings shown may differ.
const REREAD = new Set(['version.circulate', 'document.version', 'track.create', 'track.join', 'meeting.add', 'meeting.postpone', 'meeting.cancel', 'meeting.held']);

export default async function render(ctx) {
  const { t, api, me, i18n } = ctx;
  const say = (key, vars) => t(key, vars); // the views' catalogue
  ctx.title(t('home.title'));
  const [docs, tracks, meetings] = await Promise.all([
    api.get('/api/docs'),
    api.get('/api/tracks'),
    api.get('/api/meetings').catch(() => ({ rows: [] })),
  ]);

  const trackTag = (track) => track === 'plenary'
    ? h('span', { class: 'tag', text: t('home.track.plenary') })
    : h('span', { class: 'tag tag-confidential', text: t('home.track.confidential', { track }) });

  const documents = h('section', { 'aria-labelledby': 'home-docs' },
    h('h2', { id: 'home-docs', text: t('home.documents') }),
    docs.versions.length === 0
      ? h('p', { class: 'muted', text: t('home.documents.none') })
      : h('ul', { class: 'list-plain doc-list' }, docs.versions.map((v) => h('li', {},
          h('a', { class: 'doc-title', href: pathOf('d', `${v.document}@${v.number}`) }, v.title || v.document),
          h('div', { class: 'meta' },
            h('span', { class: 'mono', text: `${v.document}@${v.number}` }), ' · ',
            t('home.points', { count: v.points }), ' · ', i18n.date(v.created_at), ' ', trackTag(v.track))))),
    h('p', { class: 'home-act' }, h('a', { class: 'button button-quiet', href: '/import' }, say('views.imports.link'))));

  const trackList = h('section', { 'aria-labelledby': 'home-tracks' },
    h('h2', { id: 'home-tracks', text: t('home.tracks') }),
    h('ul', { class: 'list-plain' }, tracks.rows.map((row) => h('li', {},
      h('strong', { text: row.track }), ' ', trackTag(row.track),
      h('div', { class: 'meta', text: t('home.members', { members: row.members }) })))),
    h('p', { class: 'home-act' }, h('a', { href: '/tracks' }, say('views.tracks.link'))));

  // What changed: the backlog, then live news as it comes.
  const changes = h('ol', { class: 'list-plain changes', reversed: true });
  const changeItem = (event) => h('li', {},
    h('span', { text: describe(event) }),
    h('div', { class: 'meta', text: i18n.date(event.at, { time: true }) }));
  const backlog = live.since();
  const sessionNews = live.recent();
  changes.append(...sessionNews.map(changeItem));
  const shown = backlog.slice(-15).reverse();
  const changesNote = h('p', { class: 'muted' });
  if (backlog.length === 0 && sessionNews.length === 0) changesNote.textContent = t('home.changes.none');
  else if (backlog.length > shown.length) changesNote.textContent = t('home.changes.more', { count: backlog.length - shown.length });
  changes.append(...shown.map(changeItem));
  ctx.live((event) => event.live, (event) => {
    // What the delegate may see changed: the lists are read again.
    if (REREAD.has(event.kind)) return ctx.refresh();
    changes.prepend(changeItem(event));
    changesNote.textContent = '';
  });
  const changed = h('section', { 'aria-labelledby': 'home-changes' },
    h('h2', { id: 'home-changes', text: t('home.changes') }), changes, changesNote);

  // Meetings ahead (today or later, not cancelled), else the latest.
  const today = new Date().toISOString().slice(0, 10);
  const ahead = meetings.rows.filter((m) => m.date >= today && m.status !== 'cancelled').sort((a, b) => (a.date + (a.time ?? '')).localeCompare(b.date + (b.time ?? '')));
  const meetingItem = (m) => h('li', {},
    h('strong', { text: m.title }),
    h('div', { class: 'meta' }, i18n.date(m.date), m.time ? ' ' + m.time : '', m.place ? ' · ' + m.place : '', ' · ', t('meeting.status.' + m.status), m.parties ? ' · ' + m.parties : ''));
  const meetingList = h('section', { 'aria-labelledby': 'home-meetings' },
    h('h2', { id: 'home-meetings', text: t('home.meetings') }),
    ahead.length
      ? h('ul', { class: 'list-plain' }, ahead.slice(0, 5).map(meetingItem))
      : h('p', { class: 'muted', text: t('home.meetings.none') }),
    h('p', {}, h('a', { href: '/meetings', text: t('home.meetings.all') }), ' · ', h('a', { href: '/statements' }, say('views.statements.link'))));

  ctx.root.append(
    h('p', { class: 'lede', text: t('home.lede', { name: me.name, party: me.party ?? '' }) }),
    h('div', { class: 'columns home' }, h('div', {}, documents, trackList), h('div', {}, changed, meetingList)));
}
