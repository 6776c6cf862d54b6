// live.js — the server's event stream (GET /api/events, docs/server.md).
// EventSource cannot send the signature headers, so the stream is read by a
// signed fetch and a stream reader, parsed as Server-Sent Events, and
// opened again after a drop with ?since= the last id seen.
//
// The last id seen is kept in localStorage per delegate: the next visit
// starts from it, and what arrives at once is "what changed since your last
// visit" (backlog), told apart from live news by its age.

import { request } from './api.js';

const subscribers = new Set();
const backlog = [];
const news = []; // live events of this page's life, newest first
let storageKey = null;
let lastId = null;
let controller = null;
let openedAt = 0;
let onNews = null;
let running = false;

// Calls callback(event) for each event that predicate accepts; returns the
// function that stops it.
export function subscribe(predicate, callback) {
  const entry = { predicate, callback };
  subscribers.add(entry);
  return () => subscribers.delete(entry);
}

// The events recorded between the last visit and this one (oldest first).
export function since() {
  return backlog.slice();
}

// The news that came while the page was open, newest first.
export function recent() {
  return news.slice();
}

export function lastSeen() {
  return lastId;
}

function deliver(event) {
  lastId = Math.max(lastId ?? 0, event.id);
  localStorage.setItem(storageKey, String(lastId));
  // Older than the stream: caught up, not news.
  const old = Date.parse(event.at) < openedAt - 10000;
  event.live = !old;
  if (old) backlog.push(event);
  else {
    news.unshift(event);
    if (news.length > 100) news.pop();
    if (onNews) onNews(event);
  }
  for (const { predicate, callback } of [...subscribers]) {
    try {
      if (predicate(event)) callback(event);
    } catch (error) {
      console.error(error);
    }
  }
}

// One SSE message (its lines); data is JSON.
function parse(block) {
  let id = null, kind = null, data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') kind = value;
    else if (field === 'data') data += (data ? '\n' : '') + value;
  }
  if (id === null || !data) return null;
  try {
    return { id, kind, ...JSON.parse(data) };
  } catch {
    return null;
  }
}

async function readOnce() {
  controller = new AbortController();
  const query = lastId !== null ? { since: lastId } : { since: 0 };
  openedAt = Date.now();
  const answer = await request('GET', '/api/events', { query, accept: 'text/event-stream', signal: controller.signal });
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const event = parse(pending.slice(0, end));
      pending = pending.slice(end + 2);
      if (event) deliver(event);
    }
  }
}

// Starts the stream for who ({name, negotiation}); news(event) is called
// for every live event (the banner). Reconnects after a drop: at once the
// first time, then waiting up to ten seconds.
export async function start(who, news) {
  stop();
  storageKey = `parley.lastEvent.${who.negotiation}.${who.name}`;
  const stored = localStorage.getItem(storageKey);
  lastId = stored === null ? null : Number(stored);
  onNews = news;
  running = true;
  let wait = 250;
  while (running) {
    try {
      await readOnce();
      wait = 250;
    } catch (error) {
      if (!running) return;
      if (error && (error.code === 'unknown_key' || error.code === 'signed_out')) return;
      wait = Math.min(wait * 2, 10000);
    }
    if (running) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export function stop() {
  running = false;
  if (controller) controller.abort();
  controller = null;
}
