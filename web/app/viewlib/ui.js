// ui.js — small pieces the views of webviews share: the document's tabs,
// an error shown in place, a live region, a debounced live refresh, and the
// page language. Built on webcore's dom.js.

import { h } from '../core/dom.js';
import { splitRef } from './text.js';

export function lang() {
  return document.documentElement.lang || 'en';
}

// A message with a count: the catalogue holds its plural forms
// ({"one": …, "few": …, "other": …}), chosen by i18n.js from `count`.
export function tp(ctx, key, n, vars = {}) {
  return ctx.t(key, { ...vars, count: n, n });
}

// An error in place of what could not be shown: a title (the view's
// words) and the server's line as is. (The views pass every message in:
// this module names none of the catalogue's keys.)
export function errorBox(title, error) {
  const message = error?.message || String(error);
  return h('div', { class: 'notice notice-error', role: 'alert' }, h('p', { class: 'notice-title' }, title), h('p', {}, message));
}

export function loading(text) {
  return h('p', { class: 'loading', role: 'status' }, text);
}

// A polite live region whose text can be set (announced to screen readers).
export function statusRegion(className = 'v-status') {
  return h('p', { class: className, role: 'status', 'aria-live': 'polite' });
}

// Runs fn at most once per `wait` ms after live events that match; returns
// the unsubscribe function of ctx.live. What fn draws again replaces the
// focused element: the focus is put back on its successor (same id or
// data-focus), so a delegate working with the keyboard does not lose it.
export function liveRefresh(ctx, predicate, fn, wait = 150) {
  let timer = null;
  const off = ctx.live(predicate, () => {
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      const active = document.activeElement;
      const key = active ? focusKey(active) : null;
      await fn();
      if (key && active !== document.activeElement && !active.isConnected) ctx.root.querySelector(key)?.focus();
    }, wait);
  });
  return () => {
    if (timer) clearTimeout(timer);
    off?.();
  };
}

// Replaces the children of el. When the focused element is among those
// replaced, the focus moves at once to its successor (same data-focus key or
// id), so that nothing typed between a redraw and the next one is lost.
export function fill(el, ...children) {
  const active = document.activeElement;
  const key = active && active !== el && el.contains(active) ? focusKey(active) : null;
  el.replaceChildren();
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c);
  if (key && !active.isConnected) el.querySelector(key)?.focus();
  return el;
}

function focusKey(el) {
  if (el.dataset?.focus) return `[data-focus="${CSS.escape(el.dataset.focus)}"]`;
  return el.id ? `#${CSS.escape(el.id)}` : null;
}

// Keeps the keyboard focus across a re-render: remembers the focused
// element's data-focus key and puts focus back on the new element with it.
export function keepFocus(root, render) {
  const key = document.activeElement?.closest?.('[data-focus]')?.dataset.focus;
  render();
  if (key) root.querySelector(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}

// The parties at the table, as a map code → name.
export async function partyNames(ctx) {
  try {
    const doc = await ctx.api.get('/api/parties');
    return new Map((doc.rows ?? []).map((r) => [r.code, r.name]));
  } catch {
    return new Map();
  }
}

// A version's place: its track and date, from the document's versions.
export async function versionInfo(ctx, ref) {
  const { doc, version } = splitRef(ref);
  const list = await ctx.api.get(`/api/docs/${encodeURIComponent(doc)}/versions`);
  const versions = list.versions ?? [];
  const v = version === null ? versions[versions.length - 1] : versions.find((x) => x.number === version);
  return { doc, versions, version: v ?? null };
}

// The track whose confidentiality a printed version carries: the plenary
// once the version was circulated there (docs/printing.md: a version held
// in another track and not circulated to the plenary is confidential),
// else the track through which the delegate knows it.
export async function markingTrack(ctx, info) {
  if (!info || info.track === 'plenary') return info?.track ?? null;
  try {
    const seen = await ctx.api.get('/api/seen', { ref: `${info.document}@${info.number}` });
    return (seen.rows ?? []).some((r) => r.track === 'plenary') ? 'plenary' : info.track;
  } catch {
    return info.track;
  }
}

// The markings element of webcore's layout for a version (info: a row of
// parley.versions/1; track: from markingTrack).
export function markings(ctx, info, track = info?.track) {
  if (!ctx.markings || !info) return null;
  return ctx.markings({
    doc: info.document,
    version: info.number,
    track,
    created_at: info.created_at,
    title: info.title,
  });
}
