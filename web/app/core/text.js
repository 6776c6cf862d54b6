// text.js — helpers shared by the views that show a plan's points: the
// numbered lines of docs/lines.md (byte offsets into UTF-8 text), the
// stance marks, labels of amendments' points, links.

import { h, hidden } from './dom.js';
import * as i18n from './i18n.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The text of a point's line: bytes start..end of its lead text or item.
export function lineText(point, line) {
  const source = line.item === null ? point.text : (point.items.find((i) => i.label === line.item)?.text ?? '');
  if (/^[\x00-\x7f]*$/.test(source)) return source.slice(line.start, line.end);
  return decoder.decode(encoder.encode(source).subarray(line.start, line.end));
}

// The point's text as numbered lines: <ol class="lines">.
export function numberedLines(point) {
  const lines = point.lines?.length ? point.lines : [{ item: null, start: 0, end: encoder.encode(point.text).length }];
  let lastItem = null;
  return h('ol', { class: 'lines' }, lines.map((line, i) => {
    const text = lineText(point, line);
    const first = line.item !== null && line.item !== lastItem && line.start === 0;
    lastItem = line.item;
    return h('li', {},
      h('span', { class: 'line-no', 'aria-hidden': 'true', text: String(i + 1) }),
      h('span', { class: 'line-text' }, first ? h('span', { class: 'item-label', text: `(${line.item}) ` }) : null, text));
  }));
}

export const STANCES = ['accept', 'reserve', 'reject', 'redline', 'keep', 'undecided'];

// A party's stance: colour, symbol (app.css) and words for screen readers.
export function stanceMark(party, stance, { stale = false, note = null } = {}) {
  const word = i18n.t('stance.' + stance);
  return h('span', {
    class: ['stance', 'stance-' + stance, stale && 'stance-stale'],
    title: `${party}: ${word}${stale ? ' — ' + i18n.t('stance.stale') : ''}${note ? ' — ' + note : ''}`,
  }, party, hidden(`: ${word}${stale ? ', ' + i18n.t('stance.stale') : ''}`));
}

export function stanceLegend() {
  return h('div', { class: 'legend', 'aria-hidden': 'true' },
    STANCES.map((s) => h('span', {}, h('span', { class: ['stance', 'stance-' + s] }, ''), ' ', i18n.t('stance.' + s))));
}

// The labels an amendment's "points" cell names: "3 (deleted), lines 1-2;
// 26 (deleted), lines 1-3" -> ["3", "26"].
export function amendmentLabels(cell) {
  if (!cell) return [];
  return cell.split(';').map((part) => part.trim().replace(/^(after|before)\s+/, '').split(/,|\s\(/)[0].trim()).filter(Boolean);
}

export function pathOf(...parts) {
  return '/' + parts.map((p) => encodeURIComponent(p).replace(/%40/g, '@')).join('/');
}

// {kind: equal|delete|insert, text} runs as <del>/<ins>.
// Each change is named for screen readers, which do not announce <del>
// and <ins> by themselves.
export function redline(runs) {
  return runs.map((run) =>
    run.kind === 'delete' ? h('del', {}, hidden(i18n.t('redline.deleted') + ' '), run.text, hidden(' ' + i18n.t('redline.end')))
      : run.kind === 'insert' ? h('ins', {}, hidden(i18n.t('redline.inserted') + ' '), run.text, hidden(' ' + i18n.t('redline.end')))
        : run.text);
}

// The runs of a text redline as the CLI writes it: "[-old-]{+new+}".
export function parseRedline(text) {
  const runs = [];
  const pattern = /\[-([\s\S]*?)-\]|\{\+([\s\S]*?)\+\}/g;
  let at = 0, m;
  while ((m = pattern.exec(text ?? ''))) {
    if (m.index > at) runs.push({ kind: 'equal', text: text.slice(at, m.index) });
    runs.push(m[1] !== undefined ? { kind: 'delete', text: m[1] } : { kind: 'insert', text: m[2] });
    at = pattern.lastIndex;
  }
  if (at < (text ?? '').length) runs.push({ kind: 'equal', text: text.slice(at) });
  return runs;
}

// A point's whole text as an editor shows it: the lead text, then each
// sub-item on a line of its own, "(a) …" (pl_point_full_text, one line each).
export function fullText(point) {
  return [point.text, ...(point.items ?? []).map((i) => `(${i.label}) ${i.text}`)].filter((s) => s !== '').join('\n');
}

// The runs of a parley.redline/1 text change: edits [{op, a:[start,len],
// b:[start,len], text}] with offsets in UTF-8 bytes.
export function editsToRuns(change) {
  if (!change.edits) {
    if (change.change === 'deleted') return [{ kind: 'delete', text: change.a ?? '' }];
    if (change.change === 'added') return [{ kind: 'insert', text: change.b ?? '' }];
    return [{ kind: 'equal', text: change.b ?? change.a ?? '' }];
  }
  const bytes = encoder.encode(change.b ?? '');
  return change.edits.map((e) => e.op === 'equal'
    ? { kind: 'equal', text: decoder.decode(bytes.subarray(e.b[0], e.b[0] + e.b[1])) }
    : { kind: e.op === 'delete' ? 'delete' : 'insert', text: e.text });
}
