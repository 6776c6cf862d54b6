// /meetings — the meetings the delegate may see (parley.meetings/1):
// upcoming first, then the earlier ones; plan one, postpone it, mark it held
// or cancel it (each a signed change); and the calendar.
//
// A calendar application cannot sign its requests, so the delegate signs
// once: "Make my calendar link" signs the calendar statement of
// src/lib/calendar.c with this device's key, and the link
// (GET /api/calendar/NAME/KEY/SIGNATURE.ics, unsigned) answers with what
// this delegate may see until the key is revoked. A download, fetched and
// signed in this page, gives a file once.

import { h } from '../core/dom.js';
import { formatDate, parseRecordDate } from '../viewlib/text.js';
import { errorBox, fill, lang, liveRefresh, loading, partyNames, statusRegion } from '../viewlib/ui.js';

const FINAL = new Set(['held', 'cancelled', 'canceled']);

export default async function render(ctx) {
  ctx.title(ctx.t('views.meetings.title'));
  const status = statusRegion();
  const body = h('div', { class: 'mt-body' }, loading(ctx.t('views.common.loading')));
  const planner = h('div', { class: 'mt-plan' });
  const calendar = h('section', { class: 'mt-calendar', 'aria-labelledby': 'mt-cal-title' });
  const dialog = actionDialog(ctx, status, () => load());
  ctx.root.append(status, body, planner, calendar, dialog.el);
  let tracks = [];
  let shown = null;

  async function load() {
    try {
      const [meetings, trackList, names, docs] = await Promise.all([
        ctx.api.get('/api/meetings'),
        ctx.api.get('/api/tracks'),
        partyNames(ctx),
        ctx.api.get('/api/docs'),
      ]);
      tracks = (trackList.rows ?? []).map((r) => r.track);
      // the live echo of the delegate's own change reads what is shown
      // already: nothing is drawn again (and no focused button replaced)
      const key = JSON.stringify([meetings.rows, [...names]]);
      if (key !== shown) draw(meetings.rows ?? [], names);
      shown = key;
      // the form and the calendar are drawn once: a live event must not
      // take away what the delegate is typing
      if (!planner.firstChild) drawPlanner(names, docs.versions ?? []);
      if (!calendar.firstChild) drawCalendar();
    } catch (error) {
      fill(body, errorBox(ctx.t('views.common.error'), error));
    }
  }

  function draw(rows, names) {
    const today = new Date().toISOString().slice(0, 10);
    const upcoming = rows.filter((m) => !FINAL.has(m.status) && m.date >= today).sort((a, b) => (a.date + (a.time ?? '')).localeCompare(b.date + (b.time ?? '')));
    const earlier = rows.filter((m) => !upcoming.includes(m)).sort((a, b) => b.date.localeCompare(a.date));
    fill(
      body,
      h(
        'section',
        { 'aria-labelledby': 'mt-upcoming' },
        h('h2', { id: 'mt-upcoming' }, ctx.t('views.meetings.upcoming')),
        upcoming.length ? h('ol', { class: 'mt-list' }, upcoming.map((m) => card(m, names))) : h('p', { class: 'v-empty' }, ctx.t('views.meetings.noUpcoming')),
      ),
      h(
        'section',
        { 'aria-labelledby': 'mt-earlier' },
        h('h2', { id: 'mt-earlier' }, ctx.t('views.meetings.earlier')),
        earlier.length ? h('ol', { class: 'mt-list' }, earlier.map((m) => card(m, names))) : h('p', { class: 'v-empty' }, ctx.t('views.meetings.noEarlier')),
      ),
    );
  }

  function card(m, names) {
    const d = parseRecordDate(m.date);
    const parties = String(m.parties ?? '').split(/\s+/).filter(Boolean);
    const final = FINAL.has(m.status);
    return h(
      'li',
      { class: `mt-card mt-${m.status}` },
      h(
        'div',
        { class: 'mt-date', 'aria-hidden': 'true' },
        h('span', { class: 'mt-month' }, d ? new Intl.DateTimeFormat(lang(), { month: 'short', timeZone: 'UTC' }).format(d) : ''),
        h('span', { class: 'mt-day' }, d ? String(d.getUTCDate()) : ''),
        h('span', { class: 'mt-year' }, d ? String(d.getUTCFullYear()) : ''),
      ),
      h(
        'div',
        { class: 'mt-main' },
        h('h3', { class: 'mt-title' }, m.title),
        h(
          'p',
          { class: 'mt-when' },
          h('time', { datetime: m.date }, d ? formatDate(lang(), d, { weekday: true }) : m.date),
          m.time ? ` · ${m.time}` : ` · ${ctx.t('views.meetings.allDay')}`,
          ' ',
          h('span', { class: `mt-status mt-status-${m.status}` }, ctx.t(`views.meetings.status.${m.status}`)),
        ),
        h(
          'dl',
          { class: 'mt-facts' },
          h('dt', {}, ctx.t('views.meetings.place')),
          h('dd', {}, m.place ?? '—'),
          h('dt', {}, ctx.t('views.meetings.parties')),
          h('dd', {}, parties.map((p) => names.get(p) ? `${names.get(p)} (${p})` : p).join(', ') || '—'),
          h('dt', {}, ctx.t('views.meetings.track')),
          h('dd', {}, m.track),
          m.agenda ? [h('dt', {}, ctx.t('views.meetings.agenda')), h('dd', {}, h('a', { href: `/d/${encodeURIComponent(m.agenda)}` }, m.agenda))] : null,
          h('dt', {}, ctx.t('views.meetings.id')),
          h('dd', {}, h('code', {}, m.id)),
        ),
        final
          ? null
          : h(
              'div',
              { class: 'mt-actions', role: 'group', 'aria-label': ctx.t('views.meetings.actionsFor', { title: m.title }) },
              ['postpone', 'held', 'cancel'].map((a) =>
                h('button', { type: 'button', class: 'button-quiet', 'data-focus': `${a}-${m.id}`, on: { click: () => dialog.open(a, m) } }, ctx.t(`views.meetings.action.${a}`)),
              ),
            ),
      ),
    );
  }

  function drawPlanner(names, docs) {
    const id = (s) => `mt-new-${s}`;
    const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
    const form = h(
      'form',
      {
        class: 'v-form mt-form',
        on: {
          submit: async (e) => {
            e.preventDefault();
            const f = e.target;
            const parties = [...f.querySelectorAll('input[name=party]:checked')].map((i) => i.value);
            const bodyDoc = { title: f.elements.title.value.trim(), date: f.elements.date.value, place: f.elements.place.value.trim(), parties };
            if (f.elements.time.value) bodyDoc.time = f.elements.time.value;
            if (f.elements.track.value) bodyDoc.track = f.elements.track.value;
            if (f.elements.agenda.value) bodyDoc.agenda = f.elements.agenda.value;
            if (!bodyDoc.title || !bodyDoc.date || !bodyDoc.place || !parties.length) {
              error.textContent = ctx.t('views.meetings.missing');
              error.hidden = false;
              return;
            }
            error.hidden = true;
            try {
              const result = await ctx.api.change('/api/meetings', bodyDoc, { kinds: ['meeting.add'] });
              status.textContent = result?.message ?? ctx.t('views.meetings.planned');
              await load();
            } catch (err) {
              error.textContent = err.message;
              error.hidden = false;
            }
          },
        },
      },
      field(id('title'), ctx.t('views.meetings.new.title'), h('input', { id: id('title'), name: 'title', type: 'text', required: '', autocomplete: 'off' })),
      h(
        'div',
        { class: 'v-row' },
        field(id('date'), ctx.t('views.meetings.new.date'), h('input', { id: id('date'), name: 'date', type: 'date', required: '' })),
        field(id('time'), ctx.t('views.meetings.new.time'), h('input', { id: id('time'), name: 'time', type: 'time' })),
      ),
      field(id('place'), ctx.t('views.meetings.new.place'), h('input', { id: id('place'), name: 'place', type: 'text', required: '' })),
      h(
        'fieldset',
        { class: 'v-checks' },
        h('legend', {}, ctx.t('views.meetings.new.parties')),
        [...names.entries()].map(([code, name]) =>
          h('div', { class: 'v-check' }, h('input', { type: 'checkbox', name: 'party', value: code, id: id(`p-${code}`), ...(code === ctx.me?.party ? { checked: true } : {}) }), h('label', { for: id(`p-${code}`) }, `${name} (${code})`)),
        ),
      ),
      h(
        'div',
        { class: 'v-row' },
        field(id('track'), ctx.t('views.meetings.new.track'), h('select', { id: id('track'), name: 'track' }, tracks.map((t) => h('option', { value: t }, t)))),
        field(
          id('agenda'),
          ctx.t('views.meetings.new.agenda'),
          h('select', { id: id('agenda'), name: 'agenda' }, h('option', { value: '' }, ctx.t('views.meetings.new.noAgenda')), docs.map((d) => h('option', { value: `${d.document}@${d.number}` }, `${d.document}@${d.number}`))),
        ),
      ),
      error,
      h('button', { type: 'submit', class: 'v-primary' }, ctx.t('views.meetings.new.submit')),
    );
    fill(planner, h('details', { class: 'mt-new' }, h('summary', {}, ctx.t('views.meetings.new.heading')), form));
  }

  function drawCalendar() {
    const output = h('div', { class: 'mt-link' });
    const copied = statusRegion('mt-copied');
    // The link a calendar program subscribes to: this device's key signs,
    // once, "my calendar in this negotiation" (pl_calendar_statement in
    // src/lib/calendar.c); the server answers it, unsigned, with what this
    // delegate may see, until the key is revoked. Made on demand: it is a
    // secret, not shown to whoever glances at the page.
    async function makeLink() {
      const signer = ctx.api.currentSigner();
      const statement = `parley.calendar/1\n${ctx.me.negotiation}\n${ctx.me.name}\n`;
      const signature = await signer.sign(new TextEncoder().encode(statement));
      const hex = [...signature].map((b) => b.toString(16).padStart(2, '0')).join('');
      const address = `${location.origin}/api/calendar/${encodeURIComponent(ctx.me.name)}/${signer.keyid}/${hex}.ics`;
      const input = h('input', { type: 'text', id: 'mt-ics-url', readonly: '', value: address, class: 'mt-url' });
      fill(
        output,
        h(
          'div',
          { class: 'v-row mt-url-row' },
          h('label', { for: 'mt-ics-url' }, ctx.t('views.meetings.calendar.link')),
          input,
          h(
            'button',
            {
              type: 'button',
              class: 'button-quiet',
              on: {
                click: async () => {
                  input.select();
                  try {
                    await navigator.clipboard.writeText(address);
                    copied.textContent = ctx.t('views.meetings.calendar.copied');
                  } catch {
                    copied.textContent = ctx.t('views.meetings.calendar.copyByHand');
                  }
                },
              },
            },
            ctx.t('views.meetings.calendar.copy'),
          ),
          copied,
        ),
        h('p', {}, h('a', { href: address.replace(/^https?:/, 'webcal:'), class: 'mt-subscribe' }, ctx.t('views.meetings.calendar.subscribe'))),
        h('p', { class: 'mt-warning' }, ctx.t('views.meetings.calendar.secret')),
      );
      input.focus();
    }
    fill(
      calendar,
      h('h2', { id: 'mt-cal-title' }, ctx.t('views.meetings.calendar.title')),
      h('p', {}, ctx.t('views.meetings.calendar.intro')),
      h('h3', {}, ctx.t('views.meetings.calendar.linkTitle')),
      h('p', {}, ctx.t('views.meetings.calendar.linkIntro')),
      h('button', { type: 'button', id: 'mt-make-link', on: { click: () => makeLink().catch((error) => { status.textContent = error.message; }) } }, ctx.t('views.meetings.calendar.make')),
      output,
      h('p', {}, ctx.t('views.meetings.calendar.cliHint')),
      h('pre', { class: 'mt-cli' }, h('code', {}, `parley --server ${location.origin} meeting link --as ${ctx.me?.name ?? 'NAME'}`)),
      h('h3', {}, ctx.t('views.meetings.calendar.fileTitle')),
      h(
        'div',
        { class: 'v-row' },
        h('label', { for: 'mt-ics-track' }, ctx.t('views.meetings.calendar.which')),
        h('select', { id: 'mt-ics-track' }, h('option', { value: '' }, ctx.t('views.meetings.calendar.allTracks')), tracks.map((t) => h('option', { value: t }, t))),
        h('button', { type: 'button', class: 'v-primary', on: { click: () => download() } }, ctx.t('views.meetings.calendar.download')),
      ),
      h('p', { class: 'muted' }, ctx.t('views.meetings.calendar.downloadHint')),
    );

    async function download() {
      const track = calendar.querySelector('#mt-ics-track').value;
      try {
        const text = await ctx.api.get('/api/meetings.ics', track ? { track } : {}, { accept: 'ics' });
        const blob = new Blob([text], { type: 'text/calendar' });
        const href = URL.createObjectURL(blob);
        const a = h('a', { href, download: track ? `meetings-${track}.ics` : 'meetings.ics', hidden: '' });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(href), 10000);
        status.textContent = ctx.t('views.meetings.calendar.downloaded');
      } catch (error) {
        status.textContent = error.message;
      }
    }
  }

  const off = liveRefresh(ctx, (e) => String(e.kind).startsWith('meeting.'), load);
  await load();
  return () => {
    off();
    dialog.close();
  };
}

function field(id, label, control) {
  return h('div', { class: 'v-field' }, h('label', { for: id }, label), control);
}

// One dialog for postponing, marking held and cancelling a meeting.
function actionDialog(ctx, status, reload) {
  const heading = h('h2', { id: 'mt-dialog-title' });
  const form = h('form', { class: 'v-form', method: 'dialog' });
  const el = h('dialog', { class: 'v-dialog', 'aria-labelledby': 'mt-dialog-title' }, heading, form);
  let opener = null;
  el.addEventListener('close', () => {
    // the list may have been drawn again: the opener's successor takes the focus
    const key = opener?.dataset?.focus;
    const target = opener?.isConnected ? opener : key ? document.querySelector(`[data-focus="${CSS.escape(key)}"]`) : null;
    target?.focus();
  });
  return {
    el,
    open(action, m) {
      opener = document.activeElement;
      heading.textContent = ctx.t(`views.meetings.dialog.${action}`, { title: m.title });
      const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
      const fields = [];
      if (action === 'postpone')
        fields.push(
          h('div', { class: 'v-row' }, field('mt-to', ctx.t('views.meetings.dialog.to'), h('input', { id: 'mt-to', name: 'to', type: 'date', required: '' })), field('mt-to-time', ctx.t('views.meetings.new.time'), h('input', { id: 'mt-to-time', name: 'time', type: 'time' }))),
        );
      fields.push(field('mt-note', ctx.t('views.meetings.dialog.note'), h('textarea', { id: 'mt-note', name: 'note', rows: '2' })));
      fill(
        form,
        fields,
        error,
        h(
          'div',
          { class: 'pf-actions' },
          h(
            'button',
            {
              type: 'submit',
              class: 'v-primary',
              on: {
                click: async (e) => {
                  e.preventDefault();
                  const body = {};
                  const note = form.elements.note.value.trim();
                  if (note) body.note = note;
                  if (action === 'postpone') {
                    if (!form.elements.to.value) {
                      error.textContent = ctx.t('views.meetings.dialog.needDate');
                      error.hidden = false;
                      form.elements.to.focus();
                      return;
                    }
                    body.to = form.elements.to.value;
                    if (form.elements.time.value) body.time = form.elements.time.value;
                  }
                  try {
                    const result = await ctx.api.change(`/api/meetings/${encodeURIComponent(m.id)}/${action}`, body, { kinds: [`meeting.${action}`] });
                    status.textContent = result?.message ?? '';
                    await reload();
                    el.close();
                  } catch (err) {
                    error.textContent = err.message;
                    error.hidden = false;
                  }
                },
              },
            },
            ctx.t(`views.meetings.action.${action}`),
          ),
          h('button', { type: 'button', class: 'button-quiet', on: { click: () => el.close() } }, ctx.t('views.common.cancel')),
        ),
      );
      el.showModal();
      form.querySelector('input, textarea')?.focus();
    },
    close() {
      if (el.open) el.close();
    },
  };
}
