// amend.js — /d/:ref/p/:point/amend: amend a point by editing its text.
// The redline against the version's words follows the typing (a word diff
// in the page, core/worddiff.js); tabling it sends the whole new text as
// the CLI's --replace 'LABEL=new text' (parley help amend), prepared by the
// server, checked and signed here, then committed.

import { h, clear } from '../core/dom.js';
import { fullText, pathOf, redline, stanceMark } from '../core/text.js';
import { wordDiff } from '../core/worddiff.js';

// What the editor holds, as the amendment's text: sub-items written on
// lines of their own go back inline ("… (a) …"), as the plan writes them.
export function textOf(value) {
  return value.replace(/\r\n?/g, '\n').replace(/[ \t]*\n+[ \t]*(?=\([a-z0-9]{1,4}\)\s)/g, ' ').trim();
}

export default async function render(ctx) {
  const { t, api, params } = ctx;
  const label = params.point;
  ctx.title(t('amend.title', { label }));
  const doc = await api.get(`/api/docs/${encodeURIComponent(params.ref).replace(/%40/g, '@')}/show`, { point: label, positions: true });
  const point = doc.points[0];
  const versionRef = `${doc.name}@${doc.version}`;
  ctx.title(t('amend.title', { label: point.label }));
  const original = fullText(point);

  const editor = h('textarea', { id: 'amend-text', name: 'text', rows: 8, spellcheck: 'true', 'aria-describedby': 'amend-text-hint' });
  editor.value = original;
  const justification = h('textarea', { id: 'amend-why', name: 'justification', rows: 3, class: 'justification' });
  const preview = h('div', { class: 'text redline-preview', id: 'amend-redline' });
  const summary = h('p', { class: 'meta', id: 'amend-summary' });
  const spoken = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const status = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', id: 'amend-submit', disabled: true }, t('amend.submit'));

  let timer = null;
  const update = () => {
    const runs = wordDiff(textOf(original), textOf(editor.value));
    clear(preview).append(...redline(runs));
    const changed = runs.some((r) => r.kind !== 'equal');
    submit.disabled = !changed || !textOf(editor.value);
    const words = (kind) => runs.filter((r) => r.kind === kind).reduce((n, r) => n + (r.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0), 0);
    const said = changed ? t('amend.summary', { deleted: words('delete'), inserted: words('insert') }) : t('amend.unchanged');
    summary.textContent = said;
    // What is read out waits for a pause in the typing.
    clearTimeout(timer);
    timer = setTimeout(() => { spoken.textContent = said; }, 800);
  };
  editor.addEventListener('input', update);

  const redlines = (point.positions ?? []).filter((p) => p.stance === 'redline' && !p.stale);
  const form = h('form', { class: 'amend-form', on: { submit: async (event) => {
    event.preventDefault();
    const text = textOf(editor.value);
    if (!text) return;
    submit.disabled = true;
    clear(status).append(h('div', { class: 'notice' }, h('p', { text: t('amend.signing') })));
    try {
      const body = { ref: versionRef, operations: [{ replace: `${point.label}=${text}` }] };
      if (justification.value.trim()) body.justification = justification.value.trim();
      const result = await api.change('/api/amendments', body, { kinds: ['amendment.table'] });
      const id = /\b(A\d+)\b/.exec(result.message ?? '')?.[1];
      clear(status).append(h('div', { class: 'notice notice-ok' }, h('p', { text: t('amend.done', { id: id ?? '' }) })));
      if (id) ctx.navigate(pathOf('d', doc.name, 'a', id));
    } catch (error) {
      clear(status).append(h('div', { class: 'notice notice-error' }, h('p', { text: t('amend.failed', { message: error.message }) })));
      submit.disabled = false;
    }
  } } },
    h('div', { class: 'field' },
      h('label', { for: 'amend-text' }, t('amend.text'), h('span', { class: 'hint', id: 'amend-text-hint', text: t('amend.text_hint') })),
      editor),
    h('section', { class: 'redline-box', 'aria-labelledby': 'amend-redline-title' },
      h('h2', { id: 'amend-redline-title', text: t('amend.redline') }), preview, summary, spoken),
    h('div', { class: 'field' }, h('label', { for: 'amend-why' }, t('amend.justification'), h('span', { class: 'hint', text: t('amend.optional') })), justification),
    redlines.length ? h('div', { class: 'notice notice-error' }, h('p', {}, t('amend.redlines'), ' ', redlines.map((p) => stanceMark(p.party, p.stance, p)))) : null,
    status,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button button-quiet', href: pathOf('d', versionRef, 'p', point.label), text: t('amend.cancel') })),
    h('p', { class: 'meta', text: t('amend.signed_here', { name: ctx.me.name }) }));

  ctx.root.append(
    h('p', { class: 'breadcrumbs' }, h('a', { href: pathOf('d', versionRef), text: doc.title || versionRef }), ' › ',
      h('a', { href: pathOf('d', versionRef, 'p', point.label), text: t('point.title', { label: point.label, ref: versionRef }) })),
    form);
  update();
  editor.focus();
  return () => clearTimeout(timer);
}
