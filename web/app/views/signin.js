// signin.js — /signin: a browser becomes one of a delegate's devices,
// either with the one-time enrolment code of 'parley delegate invite NAME'
// (the page makes its own key; docs/signing.md, "Devices") or with a key
// file made by 'parley keygen'. The key is kept non-extractable in this
// browser's IndexedDB; the server only ever sees its public half.

import { h, clear } from '../core/dom.js';
import * as keys from '../core/keys.js';

// Who the signer is, asked of the server with a signed request.
async function whoAmI(api, signer, name) {
  api.useSigner(signer, name ?? null);
  const negotiation = await api.get('/api/negotiation');
  const delegates = await api.get('/api/delegates');
  const row = delegates.rows.find((d) => d.name === negotiation.delegate);
  return { name: negotiation.delegate, party: row ? row.party : null, negotiation: negotiation.id };
}

export default async function render(ctx) {
  const { t, api } = ctx;
  ctx.title(t('signin.title'));
  const reason = sessionStorage.getItem('parley.signin.reason');
  sessionStorage.removeItem('parley.signin.reason');
  const status = h('div', { class: 'signin-status', role: 'alert', 'aria-live': 'assertive' });
  const say = (key, vars, kind = 'error') => {
    clear(status).append(h('div', { class: ['notice', kind === 'error' ? 'notice-error' : 'notice-ok'] }, h('p', { text: t(key, vars) })));
  };
  const fail = (error) => {
    if (error instanceof keys.KeyError) say('signin.error.' + error.code);
    else if (error instanceof api.ApiError) say('signin.error.server', { message: error.message });
    else say('signin.error.browser', { message: error.message ?? String(error) });
  };
  const done = async (signer, who) => {
    await ctx.session.signIn(signer, who);
    say('signin.done', { name: who.name }, 'ok');
    ctx.navigate('/');
  };

  // (a) an enrolment code
  const name = h('input', { type: 'text', id: 'enrol-name', name: 'name', autocomplete: 'username', required: true, spellcheck: 'false', autocapitalize: 'none' });
  const code = h('input', { type: 'text', id: 'enrol-code', name: 'code', class: 'code-input', autocomplete: 'one-time-code', required: true, spellcheck: 'false', 'aria-describedby': 'enrol-code-hint' });
  const enrolButton = h('button', { type: 'submit' }, t('signin.enrol.submit'));
  const enrolForm = h('form', { class: 'card', id: 'enrol-form', on: { submit: async (event) => {
    event.preventDefault();
    if (!name.value.trim()) return say('signin.error.name');
    if (!keys.normalizeCode(code.value)) return say('signin.error.code_malformed');
    enrolButton.disabled = true;
    say('signin.working', {}, 'ok');
    try {
      const device = await keys.generate();
      const doc = await keys.enrolDocument(name.value.trim(), code.value, device);
      await api.enrol(doc, device);
      await done(device, await whoAmI(api, device, name.value.trim()));
    } catch (error) {
      api.useSigner(null);
      fail(error);
    } finally {
      enrolButton.disabled = false;
    }
  } } },
    h('h2', { text: t('signin.enrol.heading') }),
    h('p', { class: 'muted', text: t('signin.enrol.explain') }),
    h('div', { class: 'field' }, h('label', { for: 'enrol-name', text: t('signin.enrol.name') }), name),
    h('div', { class: 'field' },
      h('label', { for: 'enrol-code' }, t('signin.enrol.code'), h('span', { class: 'hint', id: 'enrol-code-hint', text: t('signin.enrol.code_hint') })),
      code),
    h('div', { class: 'actions' }, enrolButton));

  // (b) a key file
  const file = h('input', { type: 'file', id: 'key-file', name: 'key', accept: '.key,text/plain', 'aria-describedby': 'key-file-hint' });
  const fileButton = h('button', { type: 'submit' }, t('signin.file.submit'));
  const fileForm = h('form', { class: 'card', id: 'key-form', on: { submit: async (event) => {
    event.preventDefault();
    if (!file.files.length) return say('signin.error.no_file');
    fileButton.disabled = true;
    try {
      const text = await file.files[0].text();
      const signer = await keys.fromKeyFile(text);
      await done(signer, await whoAmI(api, signer));
    } catch (error) {
      api.useSigner(null);
      fail(error);
    } finally {
      fileButton.disabled = false;
    }
  } } },
    h('h2', { text: t('signin.file.heading') }),
    h('p', { class: 'muted', text: t('signin.file.explain') }),
    h('div', { class: 'field' },
      h('label', { for: 'key-file' }, t('signin.file.label'), h('span', { class: 'hint', id: 'key-file-hint', text: t('signin.file.hint') })),
      file),
    h('div', { class: 'actions' }, fileButton));

  ctx.root.append(
    h('p', { class: 'lede', text: t('signin.lede') }),
    h('div', {}, reason ? h('div', { class: 'notice notice-error', role: 'alert' }, h('p', { text: t(reason) })) : null),
    status,
    h('div', { class: 'columns' }, enrolForm, fileForm),
    h('p', { class: 'muted small signin-host', text: t('signin.host') }));
  if (ctx.me) ctx.root.prepend(h('div', { class: 'notice' }, h('p', { text: t('signin.already', { name: ctx.me.name }) })));
}
