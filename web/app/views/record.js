// /record — what the record proves and who holds what:
//  - verify: every chain and signature the delegate may see (GET
//    /api/verify), and a receipt checked against it (?expect=);
//  - the head receipt of each track (GET /api/log/{track}/head);
//  - who has had which version since when (GET /api/seen per version);
//  - circulate a version to a track: before anything is signed, a
//    confirmation names the parties that will newly see it (the track's
//    members, GET /api/tracks/{t}/members, less those that had it, as far
//    as the record lets the delegate know); then POST /api/circulate through
//    api.change.

import { h } from '../core/dom.js';
import { asSentence, formatDate, parseRecordDate } from '../viewlib/text.js';
import { errorBox, fill, lang, liveRefresh, loading, partyNames, statusRegion, tp } from '../viewlib/ui.js';

export default async function render(ctx) {
  ctx.title(ctx.t('views.record.title'));
  const status = statusRegion();
  const integrity = h('section', { class: 'rc-section', 'aria-labelledby': 'rc-verify' }, loading(ctx.t('views.common.loading')));
  const receipts = h('section', { class: 'rc-section', 'aria-labelledby': 'rc-receipts' });
  const holders = h('section', { class: 'rc-section', 'aria-labelledby': 'rc-seen' });
  const circulate = h('section', { class: 'rc-section', 'aria-labelledby': 'rc-circulate' });
  const confirm = confirmDialog(ctx);
  ctx.root.append(status, integrity, circulate, holders, receipts, confirm.el);
  const state = { names: new Map(), tracks: [], versions: [], seen: new Map() };

  async function loadAll() {
    try {
      const [names, tracks, docs] = await Promise.all([partyNames(ctx), ctx.api.get('/api/tracks'), ctx.api.get('/api/docs')]);
      state.names = names;
      state.tracks = (tracks.rows ?? []).map((r) => r.track);
      const lists = await Promise.all(
        (docs.versions ?? []).map((d) => ctx.api.get(`/api/docs/${encodeURIComponent(d.document)}/versions`).then((v) => v.versions ?? [])),
      );
      state.versions = lists.flat();
      const seen = await Promise.all(state.versions.map((v) => ctx.api.get('/api/seen', { ref: `${v.document}@${v.number}` }).then((s) => s.rows ?? [])));
      state.seen = new Map(state.versions.map((v, i) => [`${v.document}@${v.number}`, seen[i]]));
    } catch (error) {
      fill(holders, errorBox(ctx.t('views.common.error'), error));
      return;
    }
    // what did not change is not drawn again (the live echo of a change)
    const key = JSON.stringify([[...state.names], state.tracks, state.versions, [...state.seen]]);
    if (key !== state.shown) {
      drawHolders();
      drawCirculate();
    }
    state.shown = key;
    await Promise.all([drawVerify(), drawReceipts()]);
  }

  async function drawVerify(expect) {
    let result, failure;
    try {
      result = await ctx.api.get('/api/verify', expect ? { expect } : {});
    } catch (error) {
      failure = error;
    }
    const receiptError = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
    const badge = failure && !expect
      ? h('div', { class: 'rc-badge is-bad', role: 'alert' }, h('span', { class: 'rc-symbol', 'aria-hidden': 'true' }, '✗'), h('div', {}, h('strong', {}, ctx.t('views.record.notVerified')), h('p', {}, failure.message)))
      : h(
          'div',
          { class: 'rc-badge is-good' },
          h('span', { class: 'rc-symbol', 'aria-hidden': 'true' }, '✓'),
          h(
            'div',
            {},
            h('strong', {}, ctx.t('views.record.verified')),
            result ? h('p', {}, tp(ctx, 'views.record.verifiedDetail', result.events, { chains: result.chains, signed: result.signed })) : null,
          ),
        );
    let expectLine = null;
    if (expect)
      expectLine = failure
        ? h('p', { class: 'rc-expect is-bad', role: 'alert' }, h('span', { 'aria-hidden': 'true' }, '✗ '), ctx.t('views.record.receiptMissing', { hash: short(expect) }), ' ', asSentence(failure.message))
        : h('p', { class: 'rc-expect is-good', role: 'status' }, h('span', { 'aria-hidden': 'true' }, '✓ '), ctx.t('views.record.receiptFound', { hash: short(expect) }));
    fill(
      integrity,
      h('h2', { id: 'rc-verify' }, ctx.t('views.record.verifyTitle')),
      h('p', { class: 'lede' }, ctx.t('views.record.verifyLede')),
      badge,
      h(
        'form',
        {
          class: 'v-toolbar rc-expect-form',
          on: {
            submit: (e) => {
              e.preventDefault();
              const value = e.target.elements.expect.value.trim().toLowerCase();
              if (value && !/^[0-9a-f]{64}$/.test(value)) {
                receiptError.textContent = ctx.t('views.record.receiptInvalid');
                receiptError.hidden = false;
                // the last answer was about another receipt
                if (expectLine) expectLine.hidden = true;
                return;
              }
              drawVerify(value || undefined);
            },
          },
        },
        h('label', { for: 'rc-expect' }, ctx.t('views.record.receiptLabel')),
        h('input', { id: 'rc-expect', name: 'expect', type: 'text', inputmode: 'latin', spellcheck: 'false', autocomplete: 'off', class: 'rc-hash-input', value: expect ?? '', 'aria-describedby': 'rc-expect-hint' }),
        h('button', { type: 'submit', class: 'v-primary' }, ctx.t('views.record.verifyAgain')),
      ),
      h('p', { class: 'muted', id: 'rc-expect-hint' }, ctx.t('views.record.receiptHint')),
      receiptError,
      expectLine,
    );
  }

  async function drawReceipts() {
    const heads = await Promise.all(state.tracks.map((t) => ctx.api.get(`/api/log/${encodeURIComponent(t)}/head`).catch((error) => ({ track: t, error }))));
    fill(
      receipts,
      h('h2', { id: 'rc-receipts' }, ctx.t('views.record.receiptsTitle')),
      h('p', { class: 'lede' }, ctx.t('views.record.receiptsLede')),
      h(
        'table',
        { class: 'v-table rc-heads' },
        h('caption', { class: 'visually-hidden' }, ctx.t('views.record.receiptsTitle')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ctx.t('views.record.track')), h('th', { scope: 'col', class: 'v-num' }, ctx.t('views.record.events')), h('th', { scope: 'col' }, ctx.t('views.record.hash')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, ctx.t('views.record.actions'))))),
        h(
          'tbody',
          {},
          heads.map((head) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, head.track),
              head.error
                ? h('td', { colspan: '3' }, head.error.message)
                : [
                    h('td', { class: 'v-num' }, String(head.seq)),
                    h('td', {}, h('code', { class: 'rc-hash' }, head.hash)),
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'button-quiet v-small',
                          'aria-label': ctx.t('views.record.copyReceipt', { track: head.track }),
                          'data-focus': `copy-${head.track}`,
                          on: {
                            click: async () => {
                              try {
                                await navigator.clipboard.writeText(head.hash);
                                status.textContent = ctx.t('views.record.copied', { track: head.track });
                              } catch {
                                status.textContent = ctx.t('views.record.copyByHand');
                              }
                            },
                          },
                        },
                        ctx.t('views.record.copy'),
                      ),
                      ' ',
                      h('button', { type: 'button', class: 'button-quiet v-small', 'data-focus': `check-${head.track}`, 'aria-label': ctx.t('views.record.checkReceiptOf', { track: head.track }), on: { click: () => drawVerify(head.hash) } }, ctx.t('views.record.check')),
                    ),
                  ],
            ),
          ),
        ),
      ),
    );
  }

  function drawHolders() {
    const parties = [...state.names.keys()];
    const rows = state.versions.map((v) => {
      const ref = `${v.document}@${v.number}`;
      const seen = state.seen.get(ref) ?? [];
      return h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'rc-version' }, h('a', { href: `/d/${encodeURIComponent(ref)}` }, ref), h('span', { class: 'rc-home' }, ctx.t('views.record.home', { track: v.track }))),
        parties.map((p) => {
          const mine = seen.filter((s) => s.party === p).sort((a, b) => a.since.localeCompare(b.since));
          if (!mine.length) return h('td', { class: 'rc-none' }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, ctx.t('views.record.notHeld')));
          const first = mine[0];
          const d = parseRecordDate(first.since);
          return h(
            'td',
            { class: 'rc-has' },
            h('time', { datetime: first.since }, d ? formatDate(lang(), d) : first.since),
            h('span', { class: 'rc-via' }, mine.map((s) => (s.shared_by ? ctx.t('views.record.viaShared', { track: s.track, by: s.shared_by }) : ctx.t('views.record.via', { track: s.track }))).join('; ')),
          );
        }),
      );
    });
    fill(
      holders,
      h('h2', { id: 'rc-seen' }, ctx.t('views.record.seenTitle')),
      h('p', { class: 'lede' }, ctx.t('views.record.seenLede')),
      h(
        'div',
        { class: 'rc-scroll', tabindex: '0', role: 'region', 'aria-label': ctx.t('views.record.seenTitle') },
        h(
          'table',
          { class: 'v-table rc-seen' },
          h('caption', { class: 'visually-hidden' }, ctx.t('views.record.seenTitle')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ctx.t('views.record.version')), parties.map((p) => h('th', { scope: 'col' }, h('abbr', { title: state.names.get(p) }, p))))),
          h('tbody', {}, rows),
        ),
      ),
    );
  }

  function drawCirculate() {
    // drawn again on live events: what the delegate chose or typed stays
    const kept = circulate.querySelector('form');
    const note = kept?.elements.note;
    const keep = kept
      ? {
          ref: kept.elements.ref.value,
          to: kept.elements.to.value,
          note: note.value,
          caret: document.activeElement === note ? [note.selectionStart, note.selectionEnd, note.selectionDirection] : null,
        }
      : null;
    const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: '' });
    const form = h(
      'form',
      {
        class: 'v-form rc-circulate-form',
        on: {
          submit: async (e) => {
            e.preventDefault();
            error.hidden = true;
            const f = e.target;
            const ref = f.elements.ref.value, to = f.elements.to.value, note = f.elements.note.value.trim();
            try {
              const [members, seenRows] = await Promise.all([
                ctx.api.get(`/api/tracks/${encodeURIComponent(to)}/members`),
                ctx.api.get('/api/seen', { ref }),
              ]);
              const had = new Set((seenRows.rows ?? []).map((r) => r.party));
              const already = new Set((seenRows.rows ?? []).filter((r) => r.track === to).map((r) => r.party));
              const memberList = (members.rows ?? []).map((r) => ({ code: r.party, name: r.name }));
              const fresh = memberList.filter((m) => !had.has(m.code));
              const confirmed = await confirm.ask({ ref, to, note, fresh, holders: memberList.filter((m) => had.has(m.code)), inTrack: memberList.length && memberList.every((m) => already.has(m.code)) });
              if (!confirmed) return;
              const body = { ref, to };
              if (note) body.note = note;
              const result = await ctx.api.change('/api/circulate', body, { kinds: ['version.circulate'] });
              status.textContent = result?.message ?? ctx.t('views.record.circulated', { ref, to });
              await loadAll();
              circulate.querySelector('#rc-ref')?.focus();
            } catch (err) {
              error.textContent = err.message;
              error.hidden = false;
            }
          },
        },
      },
      h(
        'div',
        { class: 'v-row' },
        h(
          'div',
          { class: 'v-field' },
          h('label', { for: 'rc-ref' }, ctx.t('views.record.circulateWhat')),
          h(
            'select',
            { id: 'rc-ref', name: 'ref' },
            state.versions.map((v) => h('option', { value: `${v.document}@${v.number}` }, `${v.document}@${v.number} — ${ctx.t('views.record.home', { track: v.track })}`)),
          ),
        ),
        h(
          'div',
          { class: 'v-field' },
          h('label', { for: 'rc-to' }, ctx.t('views.record.circulateTo')),
          h('select', { id: 'rc-to', name: 'to' }, state.tracks.map((t) => h('option', { value: t }, t))),
        ),
      ),
      h('div', { class: 'v-field' }, h('label', { for: 'rc-note' }, ctx.t('views.record.note')), h('textarea', { id: 'rc-note', name: 'note', rows: '2' })),
      error,
      h('button', { type: 'submit', class: 'v-primary' }, ctx.t('views.record.review')),
    );
    fill(circulate, h('h2', { id: 'rc-circulate' }, ctx.t('views.record.circulateTitle')), h('p', { class: 'lede' }, ctx.t('views.record.circulateLede')), form);
    if (keep) {
      if (state.versions.some((v) => `${v.document}@${v.number}` === keep.ref)) form.elements.ref.value = keep.ref;
      if (state.tracks.includes(keep.to)) form.elements.to.value = keep.to;
      form.elements.note.value = keep.note;
      // fill() gave the focus back; setting the text moved the caret to
      // its end, so it goes back where the delegate left it
      if (keep.caret && document.activeElement === form.elements.note) form.elements.note.setSelectionRange(...keep.caret);
    }
  }

  const off = liveRefresh(ctx, (e) => ['version.circulate', 'document.version', 'track.create', 'track.join', 'party.add'].includes(e.kind), loadAll, 300);
  await loadAll();
  return () => {
    off();
    confirm.close();
  };
}

function short(hash) {
  return `${hash.slice(0, 12)}…${hash.slice(-6)}`;
}

// The confirmation before a circulation is signed: names who will newly see
// the version. ask() resolves true (confirmed) or false.
function confirmDialog(ctx) {
  const heading = h('h2', { id: 'rc-confirm-title' });
  const content = h('div', { id: 'rc-confirm-body' });
  const yes = h('button', { type: 'button', class: 'v-primary', value: 'yes' });
  const no = h('button', { type: 'button', class: 'button-quiet' }, ctx.t('views.common.cancel'));
  const el = h('dialog', { class: 'v-dialog rc-confirm', 'aria-labelledby': 'rc-confirm-title', 'aria-describedby': 'rc-confirm-body' }, heading, content, h('div', { class: 'pf-actions' }, yes, no));
  let resolve = null;
  let opener = null;
  const finish = (answer) => {
    const r = resolve;
    resolve = null;
    if (el.open) el.close();
    r?.(answer);
  };
  yes.addEventListener('click', () => finish(true));
  no.addEventListener('click', () => finish(false));
  el.addEventListener('close', () => {
    if (resolve) finish(false);
    if (opener?.isConnected) opener.focus();
  });
  return {
    el,
    ask({ ref, to, note, fresh, holders, inTrack }) {
      opener = document.activeElement;
      heading.textContent = ctx.t('views.record.confirmTitle', { ref, to });
      const who = (list) => h('ul', { class: 'rc-who' }, list.map((m) => h('li', {}, `${m.name} (${m.code})`)));
      fill(
        content,
        fresh.length
          ? [h('p', { class: 'rc-newly' }, h('strong', {}, tp(ctx, 'views.record.newly', fresh.length, { ref }))), who(fresh)]
          : h('p', { class: 'rc-newly' }, h('strong', {}, inTrack ? ctx.t('views.record.alreadyInTrack', { to }) : ctx.t('views.record.nobodyNew'))),
        holders.length ? [h('p', { class: 'muted' }, ctx.t('views.record.alreadyHave')), who(holders)] : null,
        note ? h('p', {}, ctx.t('views.record.withNote', { note })) : null,
        h('p', { class: 'muted' }, ctx.t('views.record.asFarAs')),
        h('p', { class: 'pf-signed' }, ctx.t('views.record.signedHere')),
      );
      yes.textContent = ctx.t('views.record.confirm', { to });
      return new Promise((r) => {
        resolve = r;
        el.showModal();
        no.focus();
      });
    },
    close() {
      finish(false);
    },
  };
}
