// statement-form.js — the form with which a delegation states its position
// in words (the CLI's `parley statement add`, POST /api/statements),
// prepared by the server, checked and signed in the page (api.change), then
// recorded. The party is always the signed-in delegate's: the server fills
// it in, and names the delegate as the speaker of an on-record statement
// unless another speaker of the delegation is given.
//
//   statementForm(ctx, { id: 'st', text: 'On point 6: ', track: 'plenary',
//                        tracks: ['plenary', 'coalition'], onDone(result) {} })
//
// Returns {el, focus(), draft(), restore(draft)}: draft() is what the
// delegate typed, for a view that draws itself again on live news and must
// not lose it. Every message is the server's when it refuses.

import { h } from '../core/dom.js';

export const LEVELS = ['record', 'background', 'nfa'];

// Today in the delegate's time zone, as the record writes dates.
export function today() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export function statementForm(ctx, options = {}) {
  const say = (key, vars) => ctx.t(key, vars);
  const id = (s) => `${options.id ?? 'st'}-${s}`;
  const tracks = options.tracks?.length ? options.tracks : ['plenary'];
  const text = h('textarea', { id: id('text'), name: 'text', rows: '4', maxlength: '8192', 'aria-describedby': id('text-hint') });
  text.value = options.text ?? '';
  const date = h('input', { id: id('date'), name: 'date', type: 'date', value: today(), class: 'sf-date' });
  const levels = LEVELS.map((level) =>
    h('label', { class: 'pf-option', for: id(`level-${level}`) },
      h('input', { type: 'radio', name: id('level'), id: id(`level-${level}`), value: level, 'aria-describedby': id(`level-${level}-hint`), ...(level === 'record' ? { checked: true } : {}) }),
      h('span', { class: 'pf-text' },
        h('span', { class: 'pf-name' }, say(`views.statements.level.${level}`)),
        h('span', { class: 'pf-hint', id: id(`level-${level}-hint`) }, say(`views.statements.level.${level}.means`, { party: ctx.me.party ?? '' })))));
  const speaker = h('input', { id: id('speaker'), name: 'speaker', type: 'text', autocomplete: 'off', placeholder: ctx.me.name, 'aria-describedby': id('speaker-hint') });
  const track = h('select', { id: id('track'), name: 'track' }, tracks.map((t) => h('option', { value: t }, t)));
  if (options.track && tracks.includes(options.track)) track.value = options.track;
  const error = h('p', { class: 'pf-error', role: 'alert', hidden: '' });
  const status = h('p', { class: 'pf-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'v-primary' }, say('views.statements.submit'));
  const speakerField = h('div', { class: 'v-field' },
    h('label', { for: id('speaker') }, say('views.statements.speaker')),
    speaker,
    h('p', { class: 'pf-hint', id: id('speaker-hint') }, say('views.statements.speakerHint', { name: ctx.me.name })));
  const level = () => el.querySelector(`input[name="${id('level')}"]:checked`)?.value ?? 'record';
  // The speaker is named only on the record: the field is there only then.
  const showSpeaker = () => {
    speakerField.hidden = level() !== 'record';
  };
  let busy = false;
  const el = h('form', { class: 'pf sf v-form', novalidate: '', 'aria-labelledby': options.labelledBy ?? null, on: { submit: async (event) => {
    event.preventDefault();
    if (busy) return;
    const body = { text: text.value.trim(), date: date.value, level: level() };
    if (body.level === 'record' && speaker.value.trim()) body.speaker = speaker.value.trim();
    if (track.value !== 'plenary') body.track = track.value;
    busy = true;
    submit.disabled = true;
    error.hidden = true;
    status.textContent = say('views.statements.signing');
    try {
      const result = await ctx.api.change('/api/statements', body, { kinds: ['statement.add'] });
      status.textContent = result?.message ?? say('views.statements.done');
      text.value = options.text ?? '';
      options.onDone?.(result, body);
    } catch (failure) {
      status.textContent = '';
      error.textContent = say('views.statements.failed', { message: failure.message });
      error.hidden = false;
      text.focus();
    } finally {
      busy = false;
      submit.disabled = false;
    }
  } } },
    h('div', { class: 'v-field' },
      h('label', { for: id('text') }, say('views.statements.text')),
      text,
      h('p', { class: 'pf-hint', id: id('text-hint') }, say(options.textHint ?? 'views.statements.textHint', options.textHintVars))),
    h('fieldset', { class: 'pf-stances' }, h('legend', {}, say('views.statements.level')), h('div', { class: 'pf-options' }, levels)),
    h('div', { class: 'v-row' },
      h('div', { class: 'v-field' }, h('label', { for: id('date') }, say('views.statements.date')), date),
      h('div', { class: 'v-field' }, h('label', { for: id('track') }, say('views.statements.track')), track)),
    speakerField,
    error,
    h('div', { class: 'pf-actions' }, submit),
    h('p', { class: 'pf-signed' }, say('views.statements.signedHere', { name: ctx.me.name, party: ctx.me.party ?? '' })),
    status);
  el.addEventListener('change', showSpeaker);
  showSpeaker();
  return {
    el,
    focus: () => text.focus(),
    draft: () => ({ text: text.value, date: date.value, level: level(), speaker: speaker.value, track: track.value, focused: el.contains(document.activeElement) ? document.activeElement.id : null }),
    restore(draft) {
      if (!draft) return;
      text.value = draft.text;
      date.value = draft.date;
      speaker.value = draft.speaker;
      if (tracks.includes(draft.track)) track.value = draft.track;
      const radio = el.querySelector(`#${CSS.escape(id(`level-${draft.level}`))}`);
      if (radio) radio.checked = true;
      showSpeaker();
      if (draft.focused) el.querySelector(`#${CSS.escape(draft.focused)}`)?.focus({ preventScroll: true });
    },
  };
}
