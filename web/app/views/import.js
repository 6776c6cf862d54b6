// import.js — /import (?doc=NAME): a plan drafted as Markdown becomes a new
// document, or the next version of one (the CLI's `parley import FILE --doc
// NAME [--track T]`, POST /api/import).
//
// The text is typed, or read from a file in the page: nothing leaves the
// browser before "Preview". The preview is the server's own: POST
// /api/import only prepares (every check and rule applies, nothing is
// recorded) and answers the statement to be signed, with the texts it
// names; the page draws the version from that statement — the points as
// the server parsed them, their parts and labels, the version number, what
// is carried over — before anything is signed. "Sign" then runs
// api.change on the same body: the server prepares again (as it does after
// any stale commit), the page checks what it is asked to sign and signs it.
// On success the page goes to the new version's plan. (A text the same as
// the latest version is refused by the server before any preview: "nothing
// was prepared", shown as it says.)

import { h } from '../core/dom.js';
import { pathOf } from '../core/text.js';
import { fill, statusRegion } from '../viewlib/ui.js';

// The version a prepared import would record: {ref, track, title, parts:
// [{heading, points: [{label, text, items: [{label, text}]}]}]}, read from
// the prepared document's one document.version statement and its texts.
export function previewOf(prepared) {
  const texts = prepared?.texts ?? {};
  const text = (hash) => (hash === null || hash === undefined ? null : texts[hash] ?? null);
  const item = (prepared?.statements ?? []).map((s) => JSON.parse(s.statement)).find((s) => s.kind === 'document.version');
  if (!item) return null;
  const p = item.payload;
  const parts = (p.parts ?? []).map((part) => ({ heading: text(part.heading), intro: text(part.intro), points: [] }));
  const loose = { heading: null, intro: null, points: [] };
  for (const point of p.points ?? []) {
    const entry = { label: point.label, text: text(point.text), items: (point.items ?? []).map((i) => ({ label: i.label, text: text(i.text) })) };
    (point.part === null || point.part === undefined ? loose : parts[point.part] ?? loose).points.push(entry);
  }
  return {
    ref: `${p.document}@${p.number}`,
    document: p.document,
    number: p.number,
    track: item.track,
    title: text(p.title),
    preamble: text(p.preamble),
    parts: loose.points.length ? [loose, ...parts] : parts,
  };
}

export default async function render(ctx) {
  const say = (key, vars) => ctx.t(key, vars);
  ctx.title(say('views.imports.title'));
  const [docs, tracks] = await Promise.all([ctx.api.get('/api/docs'), ctx.api.get('/api/tracks')]);
  const latest = new Map((docs.versions ?? []).map((v) => [v.document, v]));
  const trackNames = (tracks.rows ?? []).map((r) => r.track);

  const status = statusRegion();
  const name = h('input', { id: 'im-doc', name: 'doc', type: 'text', autocomplete: 'off', spellcheck: 'false', list: 'im-docs', 'aria-describedby': 'im-doc-hint im-doc-what' });
  name.value = ctx.query.get('doc') ?? '';
  const docList = h('datalist', { id: 'im-docs' }, [...latest.keys()].map((d) => h('option', { value: d })));
  const what = h('p', { class: 'im-what', id: 'im-doc-what', 'aria-live': 'polite' });
  const track = h('select', { id: 'im-track', name: 'track', 'aria-describedby': 'im-track-hint' }, trackNames.map((t) => h('option', { value: t }, t)));
  const trackHint = h('p', { class: 'pf-hint', id: 'im-track-hint' }, say('views.imports.trackHint'));
  const trackField = h('div', { class: 'v-field' }, h('label', { for: 'im-track' }, say('views.imports.track')), track, trackHint);
  const keptNote = h('p', { class: 'pf-hint im-kept' });
  const title = h('input', { id: 'im-title', name: 'title', type: 'text', autocomplete: 'off', 'aria-describedby': 'im-title-hint' });
  const file = h('input', { id: 'im-file', name: 'file', type: 'file', accept: '.md,.markdown,.txt,text/markdown,text/plain', 'aria-describedby': 'im-file-hint' });
  const text = h('textarea', { id: 'im-text', name: 'text', rows: '16', spellcheck: 'true', class: 'im-text', 'aria-describedby': 'im-text-hint' });
  const startFrom = h('button', { type: 'button', class: 'button-quiet v-small', hidden: '' });
  const error = h('div', { class: 'notice notice-error im-error', role: 'alert', hidden: '' });
  const preview = h('section', { class: 'im-preview', 'aria-labelledby': 'im-preview-title', hidden: '' });
  const previewButton = h('button', { type: 'submit', class: 'v-primary' }, say('views.imports.preview'));

  // The file the text was read from, while the text is still what it held:
  // its name is the version's source (a label; the server never opens it).
  let loaded = null;
  let prepared = null; // {body, preview} once the server prepared the import

  const existing = () => latest.get(name.value.trim()) ?? null;
  const describeTarget = () => {
    const doc = existing();
    const wanted = name.value.trim();
    what.textContent = !wanted ? '' : doc ? say('views.imports.existing', { doc: doc.document, ref: `${doc.document}@${doc.number}` }) : say('views.imports.new', { doc: wanted });
    // A new version stays in its document's track: only a new document
    // is given one.
    trackField.hidden = Boolean(doc);
    keptNote.textContent = doc ? say('views.imports.trackKept', { doc: doc.document }) : '';
    startFrom.hidden = !doc;
    startFrom.textContent = doc ? say('views.imports.startFrom', { ref: `${doc.document}@${doc.number}` }) : '';
  };
  const forget = () => {
    // Anything changed after the preview: the preview no longer says what
    // would be signed.
    if (!prepared) return;
    prepared = null;
    preview.hidden = true;
    fill(preview);
  };
  const showError = (message) => {
    fill(error, h('p', { class: 'notice-title' }, say('views.imports.refused')), h('p', {}, message));
    error.hidden = false;
  };

  name.addEventListener('input', () => {
    describeTarget();
    forget();
  });
  for (const field of [track, title]) field.addEventListener('input', forget);
  text.addEventListener('input', () => {
    if (loaded && text.value !== loaded.text) loaded = null;
    forget();
  });
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    error.hidden = true;
    try {
      const content = await chosen.text();
      text.value = content;
      loaded = { name: chosen.name, text: content };
      status.textContent = say('views.imports.read', { file: chosen.name, count: content.length });
      forget();
    } catch (failure) {
      showError(say('views.imports.unreadable', { file: chosen.name, message: failure.message }));
    }
  });
  startFrom.addEventListener('click', async () => {
    const doc = existing();
    if (!doc) return;
    error.hidden = true;
    try {
      text.value = await ctx.api.get(pathOf('api', 'docs', `${doc.document}@${doc.number}`, 'show'), {}, { accept: 'markdown' });
      loaded = null;
      forget();
      status.textContent = say('views.imports.started', { ref: `${doc.document}@${doc.number}` });
      text.focus();
    } catch (failure) {
      showError(failure.message);
    }
  });

  const bodyOf = () => {
    const body = { doc: name.value.trim(), text: text.value };
    if (title.value.trim()) body.title = title.value.trim();
    if (!existing() && track.value && track.value !== 'plenary') body.track = track.value;
    if (loaded) body.file = loaded.name;
    return body;
  };

  const form = h('form', { class: 'v-form im-form', novalidate: '', on: { submit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    forget();
    previewButton.disabled = true;
    status.textContent = say('views.imports.preparing');
    const body = bodyOf();
    try {
      // Prepared only: nothing is recorded, nothing signed.
      const doc = await (await ctx.api.request('POST', '/api/import', { body: JSON.stringify(body) })).json();
      // The text the document holds already: the server's words say so.
      if (doc.result?.unchanged === true) throw new Error(doc.result.message);
      const seen = previewOf(doc);
      if (!seen) throw new Error(say('views.imports.nothing'));
      prepared = { body, result: doc.result, seen };
      status.textContent = '';
      drawPreview();
      preview.querySelector('h2')?.focus();
    } catch (failure) {
      status.textContent = '';
      showError(failure.message);
    } finally {
      previewButton.disabled = false;
    }
  } } },
    h('div', { class: 'v-row' },
      h('div', { class: 'v-field im-name' },
        h('label', { for: 'im-doc' }, say('views.imports.doc')),
        name, docList,
        h('p', { class: 'pf-hint', id: 'im-doc-hint' }, say('views.imports.docHint'))),
      trackField),
    what,
    keptNote,
    h('div', { class: 'v-field' },
      h('label', { for: 'im-title' }, say('views.imports.titleField'), ' ', h('span', { class: 'hint-inline' }, say('views.imports.optional'))),
      title,
      h('p', { class: 'pf-hint', id: 'im-title-hint' }, say('views.imports.titleHint'))),
    h('div', { class: 'v-field' },
      h('label', { for: 'im-file' }, say('views.imports.file')),
      file,
      h('p', { class: 'pf-hint', id: 'im-file-hint' }, say('views.imports.fileHint'))),
    h('div', { class: 'v-field' },
      h('label', { for: 'im-text' }, say('views.imports.text')),
      h('p', { class: 'pf-hint', id: 'im-text-hint' }, say('views.imports.textHint')),
      h('div', {}, startFrom),
      text),
    error,
    h('div', { class: 'pf-actions' }, previewButton),
    h('p', { class: 'pf-signed' }, say('views.imports.nothingSent')));

  function drawPreview() {
    const { result, seen } = prepared;
    const sign = h('button', { type: 'button', class: 'v-primary im-sign' }, say('views.imports.sign', { ref: seen.ref }));
    const back = h('button', { type: 'button', class: 'button-quiet' }, say('views.imports.back'));
    back.addEventListener('click', () => {
      forget();
      text.focus();
    });
    sign.addEventListener('click', async () => {
      const { body } = prepared ?? {};
      if (!body) return;
      sign.disabled = true;
      error.hidden = true;
      status.textContent = say('views.imports.signing');
      try {
        const done = await ctx.api.change('/api/import', body, { kinds: ['document.version'] });
        status.textContent = done?.message ?? '';
        ctx.navigate(pathOf('d', `${done?.document ?? body.doc}@${done?.version ?? seen.number}`));
      } catch (failure) {
        status.textContent = '';
        sign.disabled = false;
        showError(failure.message);
      }
    });
    const counts = result.version > 1
      ? say('views.imports.countsVersion', { count: result.points, parts: result.parts, carried: result.carried, added: result.new })
      : say('views.imports.countsNew', { count: result.points, parts: result.parts });
    fill(preview,
      h('h2', { id: 'im-preview-title', tabindex: '-1' }, say('views.imports.previewTitle', { ref: seen.ref })),
      h('p', { class: 'lede' }, say('views.imports.previewLede')),
      h('dl', { class: 'im-facts' },
        h('dt', {}, say('views.imports.fact.version')), h('dd', {}, h('span', { class: 'mono' }, seen.ref), ' ', result.version > 1 ? say('views.imports.aNewVersion') : say('views.imports.aNewDocument')),
        h('dt', {}, say('views.imports.fact.track')), h('dd', {}, seen.track, seen.track !== 'plenary' ? h('span', { class: 'tag tag-confidential im-tag' }, say('views.imports.confidential')) : null),
        h('dt', {}, say('views.imports.fact.title')), h('dd', {}, seen.title ?? '—'),
        h('dt', {}, say('views.imports.fact.points')), h('dd', {}, counts)),
      h('div', { class: 'im-plan', role: 'region', tabindex: '0', 'aria-label': say('views.imports.planRegion', { ref: seen.ref }) },
        seen.title ? h('p', { class: 'im-plan-title' }, seen.title) : null,
        seen.preamble ? h('p', { class: 'im-preamble' }, seen.preamble) : null,
        seen.parts.map((part) => h('div', { class: 'im-part' },
          part.heading ? h('h3', {}, part.heading) : null,
          part.intro ? h('p', { class: 'im-preamble' }, part.intro) : null,
          h('ol', { class: 'list-plain im-points' }, part.points.map((p) => h('li', {},
            h('span', { class: 'im-label' }, `${p.label}.`), ' ', p.text ?? '',
            p.items.map((i) => h('span', { class: 'im-item' }, ` (${i.label}) `, i.text ?? '')))))))),
      h('div', { class: 'pf-actions' }, sign, back),
      h('p', { class: 'pf-signed' }, say('views.imports.signedHere', { name: ctx.me.name })));
    preview.hidden = false;
  }

  ctx.root.append(
    h('p', { class: 'lede' }, say('views.imports.lede')),
    status,
    form,
    preview);
  describeTarget();
  // The lists of documents and tracks follow the record.
  ctx.live((e) => e.live && ['document.version', 'track.create', 'track.join', 'version.circulate'].includes(e.kind), async () => {
    try {
      const [d, tr] = await Promise.all([ctx.api.get('/api/docs'), ctx.api.get('/api/tracks')]);
      latest.clear();
      for (const v of d.versions ?? []) latest.set(v.document, v);
      fill(docList, [...latest.keys()].map((doc) => h('option', { value: doc })));
      const keep = track.value;
      fill(track, (tr.rows ?? []).map((r) => h('option', { value: r.track }, r.track)));
      if ((tr.rows ?? []).some((r) => r.track === keep)) track.value = keep;
      describeTarget();
    } catch (failure) {
      showError(failure.message);
    }
  });
  name.focus();
}
