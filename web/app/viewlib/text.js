// text.js — pure helpers for the texts the views show: byte offsets into
// UTF-8 (the server counts bytes, JavaScript strings count UTF-16 units),
// the runs of a redline, the segments of a bracketed point, and plurals.
// No DOM here, so `node --test` runs them (tests/web/views-lib.test.mjs).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The text of `length` bytes from byte `start` of the UTF-8 form of `text`.
export function sliceBytes(text, start, length) {
  const bytes = encoder.encode(text);
  return decoder.decode(bytes.subarray(start, start + length));
}

// A <change> of parley.redline/1 as runs {op: 'equal'|'delete'|'insert',
// text}, in reading order. A text equal on both sides is written once, as
// "b"; an added text has only "b", a deleted one only "a".
export function redlineRuns(change) {
  if (!change) return [];
  const a = change.a ?? null, b = change.b ?? null;
  if (change.change === 'added')
    return b ? [{ op: 'insert', text: b }] : [];
  if (change.change === 'deleted' || b === null) return a ? [{ op: 'delete', text: a }] : [];
  if (a === null) return b ? [{ op: 'equal', text: b }] : [];
  if (!Array.isArray(change.edits)) {
    if (a === b) return b ? [{ op: 'equal', text: b }] : [];
    return [a && { op: 'delete', text: a }, b && { op: 'insert', text: b }].filter(Boolean);
  }
  const bBytes = encoder.encode(b);
  const aBytes = encoder.encode(a);
  const runs = [];
  for (const edit of change.edits) {
    let text;
    if (edit.op === 'equal') text = decoder.decode(bBytes.subarray(edit.b[0], edit.b[0] + edit.b[1]));
    else if (edit.op === 'delete') text = edit.text ?? decoder.decode(aBytes.subarray(edit.a[0], edit.a[0] + edit.a[1]));
    else if (edit.op === 'insert') text = edit.text ?? decoder.decode(bBytes.subarray(edit.b[0], edit.b[0] + edit.b[1]));
    else continue;
    if (text === '') continue;
    const last = runs[runs.length - 1];
    if (last && last.op === edit.op) last.text += text;
    else runs.push({ op: edit.op, text });
  }
  return runs;
}

// A point of parley.brackets/1 as segments in text order: {kind: 'text',
// text} and {kind: 'bracket', alternatives: [{wording, owners}]}, each
// bracket standing where its span [start, end) (bytes) is in the text.
// Brackets that overlap or run past the text are refused (an Error).
export function bracketSegments(point) {
  const text = point.text ?? '';
  const bytes = encoder.encode(text);
  const segments = [];
  let at = 0;
  for (const bracket of point.brackets ?? []) {
    const [start, end] = bracket.span ?? [0, 0];
    if (!(start >= at && end >= start && end <= bytes.length))
      throw new Error(`a bracket of point ${point.label} lies outside its text`);
    if (start > at) segments.push({ kind: 'text', text: decoder.decode(bytes.subarray(at, start)) });
    segments.push({
      kind: 'bracket',
      base: decoder.decode(bytes.subarray(start, end)),
      alternatives: (bracket.alternatives ?? []).map((alt) => ({ wording: alt.wording, owners: alt.owners ?? '' })),
    });
    at = end;
  }
  if (at < bytes.length) segments.push({ kind: 'text', text: decoder.decode(bytes.subarray(at)) });
  return segments;
}

// The owners of an alternative ("UA, A5", "base text") split into parties
// and amendment ids, so a view can link the amendments.
export function splitOwners(owners) {
  const parts = String(owners ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    parties: parts.filter((p) => !/^A\d+$/.test(p)),
    amendments: parts.filter((p) => /^A\d+$/.test(p)),
  };
}

// A date or time of the record ("2025-11-20", "2025-11-20T12:00:00Z",
// with an optional "12:00Z") as a Date in UTC, or null.
export function parseRecordDate(date, time) {
  if (!date) return null;
  let iso = String(date);
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const hm = time && /^(\d{2}):(\d{2})/.exec(time);
    iso += hm ? `T${hm[1]}:${hm[2]}:00Z` : 'T00:00:00Z';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A record date shown in the language; in UTC, as the record keeps it.
export function formatDate(lang, date, { time = false, weekday = false } = {}) {
  if (!date) return '';
  const options = { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' };
  if (weekday) options.weekday = 'long';
  if (time) Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  try {
    return new Intl.DateTimeFormat(lang || 'en', options).format(date);
  } catch {
    return date.toISOString().slice(0, time ? 16 : 10);
  }
}

// A reference DOC@N split into {doc, version} (version null when absent).
export function splitRef(ref) {
  const m = /^(.*)@(\d+)$/.exec(String(ref ?? ''));
  return m ? { doc: m[1], version: Number(m[2]) } : { doc: String(ref ?? ''), version: null };
}

// A message of the library (which starts in lower case, to be spliced into
// a sentence) as a sentence of its own: its first letter capitalised.
export function asSentence(message) {
  const text = String(message ?? '');
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase() + text.slice(char.length);
}
