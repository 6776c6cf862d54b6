// <pl-position-form> — a delegate takes its party's stance on one or more
// points of a version, signed in the page (POST /api/positions through
// api.change, which checks and signs the prepared statement).
//
//   <pl-position-form ref="framework@2" points="6,7" stance="reject"
//                     note="…" party="UA"></pl-position-form>
//
// Attributes: ref (DOC@N, required), points (labels, comma-separated, or
// "*" for the whole plan; `point` for one label is read too), stance and
// note (the current ones, preselected), party (named in the legend; by
// default the signed-in delegate's). Property `t`: the message function
// (ctx.t); without it, i18n.js's t. Events (bubbling):
// `pl-position-saved` {detail: {ref, points, stance, note, result}} after the
// change is recorded, `pl-position-cancel` when Cancel is pressed. Light DOM,
// so app.css and views.css style it. Method focusFirst() puts the focus on
// the checked stance (or the first).

import * as api from '../core/api.js';
import * as keys from '../core/keys.js';
import { h } from '../core/dom.js';
import { t as translate } from '../core/i18n.js';
import { STANCES } from '../viewlib/heat.js';

let counter = 0;

export class PositionForm extends HTMLElement {
  static get observedAttributes() {
    return ['ref', 'points', 'point', 'stance', 'note', 'party'];
  }

  constructor() {
    super();
    this.uid = `pf${++counter}`;
    this.busy = false;
  }

  connectedCallback() {
    this.render();
    // Embedded without a party (the point page): the signed-in delegate's.
    if (!this.hasAttribute('party'))
      keys
        .load()
        .then((stored) => {
          const party = stored?.me?.party;
          if (party && !this.hasAttribute('party') && !this.busy) this.setAttribute('party', party);
        })
        .catch(() => {});
  }

  attributeChangedCallback() {
    if (this.isConnected && !this.busy) this.render();
  }

  msg(key, vars) {
    return (this.t ?? translate)(key, vars);
  }

  get pointList() {
    return (this.getAttribute('points') ?? this.getAttribute('point') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  render() {
    const ref = this.getAttribute('ref') ?? '';
    const points = this.pointList;
    const current = this.getAttribute('stance');
    const party = this.getAttribute('party') ?? '';
    const whole = points.length === 1 && points[0] === '*';
    const legend = whole
      ? this.msg('views.position.legendWhole', { party, ref })
      : this.msg(points.length === 1 ? 'views.position.legendOne' : 'views.position.legendMany', {
          party,
          ref,
          points: points.join(', '),
        });
    const id = (s) => `${this.uid}-${s}`;
    const options = STANCES.map((s) =>
      h(
        'label',
        { class: 'pf-option', for: id(s) },
        h('input', {
          type: 'radio',
          name: `${this.uid}-stance`,
          id: id(s),
          value: s,
          ...(s === current ? { checked: true } : {}),
          'aria-describedby': id(`${s}-hint`),
        }),
        h(
          'span',
          { class: 'pf-text' },
          h('span', { class: `pf-name stance stance-${s}` }, this.msg(`views.stance.${s}`)),
          h('span', { class: 'pf-hint', id: id(`${s}-hint`) }, this.msg(`views.stance.${s}.means`)),
        ),
      ),
    );
    this.status = h('p', { class: 'pf-status', role: 'status', 'aria-live': 'polite' });
    this.errorEl = h('p', { class: 'pf-error', role: 'alert', hidden: '' });
    this.noteEl = h('textarea', { id: id('note'), rows: '3', maxlength: '2000', 'aria-describedby': id('note-hint') });
    this.noteEl.value = this.getAttribute('note') ?? '';
    this.submitEl = h('button', { type: 'submit', class: 'v-primary' }, this.msg('views.position.submit'));
    const form = h(
      'form',
      { class: 'pf', novalidate: '', on: { submit: (e) => this.submit(e) } },
      h('fieldset', { class: 'pf-stances' }, h('legend', {}, legend), h('div', { class: 'pf-options' }, options)),
      h(
        'div',
        { class: 'pf-note' },
        h('label', { for: id('note') }, this.msg('views.position.note')),
        this.noteEl,
        h('p', { class: 'pf-hint', id: id('note-hint') }, this.msg('views.position.noteHint')),
      ),
      this.errorEl,
      h(
        'div',
        { class: 'pf-actions' },
        this.submitEl,
        h(
          'button',
          {
            type: 'button',
            class: 'button-quiet',
            on: { click: () => this.dispatchEvent(new CustomEvent('pl-position-cancel', { bubbles: true })) },
          },
          this.msg('views.position.cancel'),
        ),
      ),
      h('p', { class: 'pf-signed' }, this.msg('views.position.signed')),
      this.status,
    );
    this.form = form;
    this.replaceChildren(form);
    if (!ref || points.length === 0) this.showError(this.msg('views.position.noPoints'));
  }

  focusFirst() {
    const checked = this.querySelector('input[type=radio]:checked') ?? this.querySelector('input[type=radio]');
    checked?.focus();
  }

  showError(text) {
    this.errorEl.textContent = text;
    this.errorEl.hidden = !text;
  }

  async submit(event) {
    event.preventDefault();
    if (this.busy) return;
    const ref = this.getAttribute('ref') ?? '';
    const points = this.pointList;
    const choice = this.querySelector('input[type=radio]:checked');
    if (!choice) {
      this.showError(this.msg('views.position.chooseStance'));
      this.querySelector('input[type=radio]')?.focus();
      return;
    }
    const stance = choice.value;
    const note = this.noteEl.value.trim();
    const body = { ref, points, stance };
    if (note) body.note = note;
    this.showError('');
    this.busy = true;
    this.submitEl.disabled = true;
    this.setAttribute('aria-busy', 'true');
    this.status.textContent = this.msg('views.position.signing');
    try {
      const result = await api.change('/api/positions', body, { kinds: ['position.set'] });
      this.status.textContent = result?.message ?? this.msg('views.position.saved');
      this.dispatchEvent(
        new CustomEvent('pl-position-saved', { bubbles: true, detail: { ref, points, stance, note, result } }),
      );
    } catch (error) {
      this.status.textContent = '';
      this.showError(error?.message ?? String(error));
    } finally {
      this.busy = false;
      this.submitEl.disabled = false;
      this.removeAttribute('aria-busy');
    }
  }
}

if (!customElements.get('pl-position-form')) customElements.define('pl-position-form', PositionForm);
