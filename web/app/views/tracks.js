// tracks.js — /tracks: the tracks my delegation may see, with their
// members; a new track (POST /api/tracks, `parley track add`); in a track
// of ours, another party brought in (POST /api/tracks/{t}/join, `track
// join`) and our consent to a decision rule (POST /api/tracks/{t}/rule,
// `track rule`). Each change is prepared by the server, checked and signed
// in the page; what the delegate may not do, the server refuses, and its
// one line is shown where the delegate acted.

import { h } from '../core/dom.js';
import { fill, liveRefresh, partyNames, statusRegion } from '../viewlib/ui.js';

export const RULES = ['consensus', 'chair', 'majority'];

export default async function render(ctx) {
  const say = (key, vars) => ctx.t(key, vars);
  ctx.title(say('views.tracks.title'));
  const status = statusRegion();
  const listing = h('section', { 'aria-labelledby': 'tr-list' });
  const creating = h('section', { 'aria-labelledby': 'tr-new' });
  ctx.root.append(h('p', { class: 'lede' }, say('views.tracks.lede')), status, h('div', { class: 'columns tr-columns' }, listing, creating));
  const state = { names: new Map(), tracks: [] };

  // A change: once recorded, the list is read again and then the server's
  // message is shown, so that what the message tells is already on the
  // page when it is announced. Refused, its one line goes in `error`.
  // Returns whether it was recorded.
  async function act(path, body, kinds, error) {
    error.hidden = true;
    status.textContent = say('views.tracks.signing');
    let result;
    try {
      result = await ctx.api.change(path, body, { kinds });
    } catch (failure) {
      status.textContent = '';
      error.textContent = failure.message;
      error.hidden = false;
      return false;
    }
    await load();
    status.textContent = result?.message ?? '';
    return true;
  }

  // The list is read again on every change of ours and on live news, but
  // drawn again only when what it shows has changed: a redraw replaces the
  // forms, and a click that straddles it (pressed on the old button,
  // released on the new) submits nothing.
  let drawn = null;
  async function load() {
    listing.setAttribute('aria-busy', 'true');
    try {
      const [names, tracks] = await Promise.all([partyNames(ctx), ctx.api.get('/api/tracks')]);
      const rows = await Promise.all((tracks.rows ?? []).map(async (row) => {
        const members = await ctx.api.get(`/api/tracks/${encodeURIComponent(row.track)}/members`).then((m) => m.rows ?? []).catch(() => null);
        return { ...row, memberRows: members };
      }));
      const shown = JSON.stringify([[...names], rows]);
      state.names = names;
      state.tracks = rows;
      if (shown !== drawn) {
        drawList();
        drawn = shown;
      }
    } finally {
      listing.removeAttribute('aria-busy');
    }
  }

  const ruleName = (rule) => (RULES.includes(rule) ? say(`views.tracks.rule.${rule}`) : rule);
  const partyLabel = (code) => (state.names.get(code) ? `${state.names.get(code)} (${code})` : code);

  function trackItem(track, i) {
    const members = track.memberRows ?? track.members.split(/\s+/).filter(Boolean).map((party) => ({ party, since: null }));
    const inIt = new Set(members.map((m) => m.party));
    const outside = [...state.names.keys()].filter((p) => !inIt.has(p));
    const base = `tr-${i}`;
    // "EU:majority UA:majority" (`track list`): who has consented to which
    // other rule.
    const pending = (track.consents ?? '').split(/\s+/).filter(Boolean).map((c) => {
      const [code, rule] = c.split(':');
      return say('views.tracks.pendingOne', { party: partyLabel(code), rule: ruleName(rule) });
    });
    const joinError = h('p', { class: 'pf-error', role: 'alert', hidden: '' });
    const ruleError = h('p', { class: 'pf-error', role: 'alert', hidden: '' });
    const party = h('select', { id: `${base}-party`, name: 'party', 'data-focus': `${track.track}-party` }, outside.map((p) => h('option', { value: p }, partyLabel(p))));
    const rule = h('select', { id: `${base}-rule`, name: 'rule', 'data-focus': `${track.track}-rule` }, RULES.map((r) => h('option', { value: r }, say(`views.tracks.rule.${r}`))));
    const join = track.track === 'plenary'
      ? h('p', { class: 'muted' }, say('views.tracks.plenaryAll'))
      : outside.length === 0
        ? h('p', { class: 'muted' }, say('views.tracks.everyone'))
        : h('form', { class: 'v-toolbar tr-join', novalidate: '', on: { submit: async (e) => {
            e.preventDefault();
            await act(`/api/tracks/${encodeURIComponent(track.track)}/join`, { party: party.value }, ['track.join'], joinError);
          } } },
            h('label', { for: `${base}-party` }, say('views.tracks.join', { track: track.track })),
            party,
            h('button', { type: 'submit', class: 'v-primary v-small', 'data-focus': `${track.track}-join` }, say('views.tracks.joinSubmit')));
    const consent = h('form', { class: 'v-toolbar tr-rule', novalidate: '', on: { submit: async (e) => {
      e.preventDefault();
      await act(`/api/tracks/${encodeURIComponent(track.track)}/rule`, { rule: rule.value }, ['track.rule'], ruleError);
    } } },
      h('label', { for: `${base}-rule` }, say('views.tracks.ruleLabel', { track: track.track })),
      rule,
      h('button', { type: 'submit', class: 'button-quiet v-small', 'data-focus': `${track.track}-consent` }, say('views.tracks.ruleSubmit')));
    return h('li', { class: 'tr-track', 'data-track': track.track },
      h('h3', {}, track.track, ' ', track.track === 'plenary' ? h('span', { class: 'tag' }, say('views.tracks.open')) : h('span', { class: 'tag tag-confidential' }, say('views.tracks.confidential'))),
      track.created ? h('p', { class: 'meta' }, say('views.tracks.created', { date: ctx.i18n.date(track.created) })) : null,
      track.rule ? h('p', { class: 'tr-rule-now' }, say('views.tracks.ruleNow', { rule: ruleName(track.rule) })) : null,
      pending.length ? h('p', { class: 'meta tr-pending' }, say('views.tracks.pending', { consents: pending.join(', ') })) : null,
      h('ul', { class: 'tr-members', 'aria-label': say('views.tracks.members', { track: track.track }) },
        members.map((m) => h('li', {}, partyLabel(m.party), m.since ? h('span', { class: 'meta' }, ' · ', say('views.tracks.since', { date: ctx.i18n.date(m.since) })) : null))),
      join, joinError, consent, ruleError);
  }

  // Drawn again on live news: a party or a rule the delegate has chosen,
  // and not yet sent, stays chosen.
  function drawList() {
    const chosen = new Map([...listing.querySelectorAll('select[data-focus]')].map((el) => [el.dataset.focus, el.value]));
    fill(listing,
      h('h2', { id: 'tr-list' }, say('views.tracks.ours')),
      h('ul', { class: 'list-plain tr-tracks' }, state.tracks.map(trackItem)),
      h('p', { class: 'pf-hint' }, say('views.tracks.ruleHint')));
    for (const el of listing.querySelectorAll('select[data-focus]')) {
      const value = chosen.get(el.dataset.focus);
      if (value !== undefined && [...el.options].some((o) => o.value === value)) el.value = value;
    }
  }

  // The new-track form is drawn once: live news redraws only the list.
  const newError = h('p', { class: 'pf-error', role: 'alert', hidden: '' });
  const newName = h('input', { id: 'tr-name', name: 'name', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'tr-name-hint' });
  const newRule = h('select', { id: 'tr-new-rule', name: 'rule' }, RULES.map((r) => h('option', { value: r }, say(`views.tracks.rule.${r}`))));
  const checks = h('div', { class: 'v-checks' });
  const newForm = h('form', { class: 'v-form tr-new-form', novalidate: '', on: { submit: async (e) => {
    e.preventDefault();
    const parties = [...checks.querySelectorAll('input:checked')].map((c) => c.value);
    const body = { name: newName.value.trim(), parties };
    if (newRule.value !== 'consensus') body.rule = newRule.value;
    if (await act('/api/tracks', body, ['track.create'], newError)) {
      // Made: the form is fresh for the next track.
      newName.value = '';
      newRule.value = 'consensus';
      for (const box of checks.querySelectorAll('input')) box.checked = box.value === ctx.me.party;
    }
  } } },
    h('div', { class: 'v-field' }, h('label', { for: 'tr-name' }, say('views.tracks.name')), newName, h('p', { class: 'pf-hint', id: 'tr-name-hint' }, say('views.tracks.nameHint'))),
    h('fieldset', {}, h('legend', {}, say('views.tracks.parties')), checks, h('p', { class: 'pf-hint' }, say('views.tracks.partiesHint', { party: ctx.me.party ?? '' }))),
    h('div', { class: 'v-field' }, h('label', { for: 'tr-new-rule' }, say('views.tracks.newRule')), newRule),
    newError,
    h('div', { class: 'pf-actions' }, h('button', { type: 'submit', class: 'v-primary' }, say('views.tracks.create'))),
    h('p', { class: 'pf-signed' }, say('views.tracks.signedHere', { name: ctx.me.name })));

  await load();
  fill(checks, [...state.names.keys()].map((code) => h('label', { class: 'v-check', for: `tr-p-${code}` },
    h('input', { type: 'checkbox', id: `tr-p-${code}`, value: code, ...(code === ctx.me.party ? { checked: true } : {}) }),
    partyLabel(code))));
  fill(creating, h('h2', { id: 'tr-new' }, say('views.tracks.new')), newForm);
  return liveRefresh(ctx, (e) => e.live && ['track.create', 'track.join', 'track.rule', 'party.add'].includes(e.kind), load, 200);
}
