// keys.js — /keys: my devices. Each of the delegate's keys, this browser's
// marked; a new device's enrolment code; removing a device revokes its key
// in the record (a signed change). Removing this browser's key also
// forgets it here.

import { h, clear } from '../core/dom.js';

function short(key) {
  return `${key.slice(0, 8)}…${key.slice(-8)}`;
}

export default async function render(ctx) {
  const { t, api, me } = ctx;
  ctx.title(t('keys.title'));
  const name = encodeURIComponent(me.name);
  const answer = await api.get(`/api/delegates/${name}/keys`);
  const status = h('div', { role: 'alert' });
  const say = (text, ok = false) => clear(status).append(h('div', { class: ['notice', ok ? 'notice-ok' : 'notice-error'] }, h('p', { text })));

  const current = answer.rows.filter((r) => r.state === 'current');
  const rows = answer.rows.map((row) => {
    const here = row.public_key === me.keyid;
    const cell = h('td', { class: 'key-actions' });
    const ask = () => {
      const yes = h('button', { type: 'button', class: 'button-danger', on: { click: remove } }, t('keys.remove.confirm'));
      const no = h('button', { type: 'button', class: 'button-quiet', on: { click: () => { clear(cell).append(removeButton); removeButton.focus(); } } }, t('keys.remove.cancel'));
      clear(cell).append(h('span', { class: 'confirm', text: here ? t('keys.remove.question_here') : t('keys.remove.question') }), ' ', yes, ' ', no);
      yes.focus();
    };
    async function remove() {
      try {
        await api.change(`/api/delegates/${name}/revoke`, { 'public-key': row.public_key }, { kinds: ['delegate.revoke'] });
        if (here) return ctx.session.signOut({ reason: 'keys.removed_here' });
        say(t('keys.removed', { key: short(row.public_key) }), true);
        ctx.refresh();
      } catch (error) {
        say(t('keys.failed', { message: error.message }));
      }
    }
    const removeButton = h('button', { type: 'button', class: 'button-quiet', 'aria-label': t('keys.remove.label', { key: short(row.public_key) }), on: { click: ask } }, t('keys.remove'));
    if (row.state === 'current' && current.length > 1) cell.append(removeButton);
    else if (row.state === 'current') cell.append(h('span', { class: 'meta', text: t('keys.last') }));
    return h('tr', { class: here ? 'this-device' : null },
      h('td', {}, h('code', { title: row.public_key, text: short(row.public_key) }), here ? h('span', { class: 'tag', text: t('keys.here') }) : null),
      h('td', { text: t('keys.state.' + row.state) }),
      cell);
  });

  // A code for a further device, made by the server and signed here.
  const codeBox = h('div', { 'aria-live': 'polite' });
  const invite = h('button', { type: 'button', on: { click: async () => {
    invite.disabled = true;
    try {
      const result = await api.change(`/api/delegates/${name}/invite`, {}, { kinds: ['delegate.invite'] });
      const message = result.message ?? '';
      const code = /[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}/.exec(message)?.[0];
      clear(codeBox).append(h('div', { class: 'notice notice-ok' },
        h('p', { text: t('keys.invite.done') }),
        code ? h('p', { class: 'invite-code mono', text: code }) : null,
        h('p', { class: 'meta', text: message.split('\n')[0] })));
    } catch (error) {
      say(t('keys.failed', { message: error.message }));
    } finally {
      invite.disabled = false;
    }
  } } }, t('keys.invite'));

  ctx.root.append(
    h('p', { class: 'lede', text: t('keys.lede', { name: me.name }) }),
    status,
    h('table', { class: 'keys' },
      h('caption', { class: 'visually-hidden', text: t('keys.caption') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('keys.key') }), h('th', { scope: 'col', text: t('keys.state') }), h('th', { scope: 'col', text: t('keys.actions') }))),
      h('tbody', {}, rows)),
    h('section', { 'aria-labelledby': 'keys-new' },
      h('h2', { id: 'keys-new', text: t('keys.new') }),
      h('p', { class: 'muted', text: t('keys.new.explain') }),
      invite, codeBox),
    h('section', { 'aria-labelledby': 'keys-out' },
      h('h2', { id: 'keys-out', text: t('keys.signout') }),
      h('p', { class: 'muted', text: t('keys.signout.explain') }),
      h('button', { type: 'button', class: 'button-quiet', on: { click: () => ctx.session.signOut() } }, t('nav.signout'))));
}
