// The pure parts of webviews' views, in Node: the chart's arithmetic, the
// heat map's model, redlines and brackets over UTF-8 byte offsets, the
// N-column layout of a comparison, and the message catalogues (every key of
// English in French and Ukrainian, with the same placeholders).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bandPositions, linePath, linearScale, niceTicks, progressSeries, spreadLabels, trend } from '../../web/app/viewlib/chart.js';
import { cellClasses, disagrees, matrixModel, parseCell, uniqueNotes } from '../../web/app/viewlib/heat.js';
import { asSentence, bracketSegments, formatDate, parseRecordDate, redlineRuns, sliceBytes, splitOwners, splitRef } from '../../web/app/viewlib/text.js';
import { compareRows, pointText, relationCounts } from '../../web/app/viewlib/compare.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('ticks are nice steps from 0 past the maximum', () => {
  assert.deepEqual(niceTicks(15), [0, 5, 10, 15]);
  assert.deepEqual(niceTicks(11), [0, 5, 10, 15]);
  assert.deepEqual(niceTicks(28), [0, 10, 20, 30]);
  assert.deepEqual(niceTicks(100), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(1), [0, 1]);
  assert.deepEqual(niceTicks(0), [0, 1]);
  assert.deepEqual(niceTicks(-4), [0, 1]);
  for (const max of [2, 7, 13, 26, 99, 4999]) {
    const ticks = niceTicks(max);
    assert.ok(ticks[ticks.length - 1] >= max, `covers ${max}`);
    assert.ok(ticks.length <= 8, `few ticks for ${max}`);
    assert.ok(ticks.every((t) => Number.isInteger(t)), `whole counts for ${max}`);
  }
});

test('a linear scale maps the domain onto the range, a flat domain to its middle', () => {
  const y = linearScale([0, 20], [300, 20]);
  assert.equal(y(0), 300);
  assert.equal(y(20), 20);
  assert.equal(y(10), 160);
  assert.equal(linearScale([5, 5], [0, 100])(5), 50);
  assert.deepEqual(bandPositions(1, 100, 300), [200]);
  assert.deepEqual(bandPositions(3, 100, 300), [100, 200, 300]);
  assert.deepEqual(bandPositions(0, 0, 1), []);
  assert.equal(linePath([[0, 1], [10.04, 2.26]]), 'M0 1 L10 2.3');
});

test('end labels are spread apart in order and kept inside the plot', () => {
  const placed = spreadLabels([100, 100, 100, 40], 17, 0, 300);
  assert.equal(placed[3], 40);
  assert.deepEqual(placed.slice(0, 3), [100, 117, 134]);
  // A cluster at the bottom moves up; a label far from it stays where it is.
  assert.deepEqual(spreadLabels([50, 300, 300, 300], 17, 0, 300), [50, 266, 283, 300]);
  const low = spreadLabels([295, 298, 300], 17, 0, 300);
  assert.ok(low.every((v) => v <= 300));
  assert.ok(low[1] - low[0] >= 17 && low[2] - low[1] >= 17);
});

test('progress rows become series: open points are those not agreed', () => {
  const rows = [
    { version: '2', created: '2025-11-25T12:00:00Z', points: '26', bracketed: '6', brackets: '6', proposed: '0', alternatives: '11', agreed: '20' },
    { version: '1', created: '2025-10-26T12:00:00Z', points: '28', bracketed: '8', brackets: '8', proposed: '0', alternatives: '15', agreed: '20' },
  ];
  const { versions, max } = progressSeries(rows);
  assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  assert.equal(versions[0].open, 8);
  assert.equal(versions[1].open, 6);
  assert.equal(max, 15);
  assert.deepEqual(trend(versions, 'alternatives'), { from: 15, to: 11, delta: -4 });
  assert.equal(trend([], 'open'), null);
});

test('a matrix cell: stance, stale, note mark; unknown words read as undecided', () => {
  assert.deepEqual(parseCell('reserve'), { stance: 'reserve', stale: false, mark: null });
  assert.deepEqual(parseCell('stale:reject'), { stance: 'reject', stale: true, mark: null });
  assert.deepEqual(parseCell('keep [2]'), { stance: 'keep', stale: false, mark: '2' });
  assert.deepEqual(parseCell('nonsense'), { stance: 'undecided', stale: false, mark: null });
  assert.equal(cellClasses({ stance: 'reject', stale: true }), 'heat-cell heat-reject is-stale');
});

test('the matrix model: parties, points, counts, agreed points, notes', () => {
  const doc = {
    format: 'parley.matrix/1',
    rows: [
      { point: '6', EU: 'reject', RU: 'accept', UA: 'keep', US: 'stale:accept', consensus: 'no' },
      { point: '7', EU: 'accept', RU: 'accept', UA: 'reserve', US: 'accept', consensus: 'yes' },
      { point: '#accept', EU: '1', RU: '2', UA: '0', US: '1', consensus: null },
      { point: '#reject', EU: '1', RU: '0', UA: '0', US: '0', consensus: null },
      { point: '#agreed by all', EU: null, RU: null, UA: null, US: null, consensus: '7' },
    ],
    notes: [
      { mark: '1', point: '6', party: 'UA', stance: 'keep', note: 'our army', on: '6' },
      { mark: '2', point: '6', party: 'RU', stance: 'accept', note: 'whole', on: '*' },
      { mark: '2', point: '7', party: 'RU', stance: 'accept', note: 'whole', on: '*' },
    ],
  };
  const m = matrixModel(doc);
  assert.deepEqual(m.parties, ['EU', 'RU', 'UA', 'US']);
  assert.equal(m.points.length, 2);
  assert.equal(m.points[0].cells.UA.note, 'our army');
  assert.equal(m.points[0].cells.US.stale, true);
  assert.equal(m.points[1].consensus, true);
  assert.equal(m.counts.RU.accept, 2);
  assert.equal(m.counts.EU.reject, 1);
  assert.equal(m.counts.UA.redline, 0);
  assert.deepEqual(m.agreed, ['7']);
  assert.deepEqual(uniqueNotes(m.notes).map((n) => n.mark), ['1', '2']);
  assert.equal(disagrees(m.points[0], 'UA'), true); // EU rejects what UA keeps
  assert.equal(disagrees(m.points[1], 'UA'), false);
  assert.deepEqual(matrixModel({ rows: [] }).parties, []);
});

test('redline runs slice UTF-8 byte offsets, not UTF-16 units', () => {
  const a = 'capped at 600 000 — “personnel” ✓';
  const b = 'capped at 800 000 — “personnel” ✓';
  const enc = (s) => Buffer.byteLength(s);
  const change = {
    change: 'substantive',
    a,
    b,
    edits: [
      { op: 'equal', a: [0, 10], b: [0, 10] },
      { op: 'delete', a: [10, 3], text: '600' },
      { op: 'insert', b: [10, 3], text: '800' },
      { op: 'equal', a: [13, enc(a) - 13], b: [13, enc(b) - 13] },
    ],
  };
  assert.deepEqual(redlineRuns(change), [
    { op: 'equal', text: 'capped at ' },
    { op: 'delete', text: '600' },
    { op: 'insert', text: '800' },
    { op: 'equal', text: ' 000 — “personnel” ✓' },
  ]);
  assert.deepEqual(redlineRuns({ change: 'unchanged', b: 'Той самий' }), [{ op: 'equal', text: 'Той самий' }]);
  assert.deepEqual(redlineRuns({ change: 'added', a: null, b: 'новий' }), [{ op: 'insert', text: 'новий' }]);
  assert.deepEqual(redlineRuns({ change: 'deleted', a: 'old', b: null }), [{ op: 'delete', text: 'old' }]);
  assert.deepEqual(redlineRuns(null), []);
  assert.equal(sliceBytes('Україна', 2, 4), 'кр');
});

test('bracket segments stand where their byte spans are; a bad span is refused', () => {
  const text = 'Війська: capped at 600,000 personnel.';
  const start = Buffer.byteLength('Війська: capped at ');
  const end = start + Buffer.byteLength('600,000 personnel');
  const point = {
    label: '6',
    text,
    brackets: [{ span: [start, end], alternatives: [{ wording: '600,000 personnel', owners: 'RU, US' }, { wording: '', owners: 'UA, A1' }] }],
  };
  const segments = bracketSegments(point);
  assert.deepEqual(segments[0], { kind: 'text', text: 'Війська: capped at ' });
  assert.equal(segments[1].kind, 'bracket');
  assert.equal(segments[1].base, '600,000 personnel');
  assert.equal(segments[1].alternatives[1].wording, '');
  assert.deepEqual(segments[2], { kind: 'text', text: '.' });
  assert.deepEqual(bracketSegments({ label: '1', text: 'plain', brackets: [] }), [{ kind: 'text', text: 'plain' }]);
  assert.throws(() => bracketSegments({ label: '9', text: 'short', brackets: [{ span: [2, 40], alternatives: [] }] }), /point 9/);
  assert.throws(() => bracketSegments({ label: '9', text: 'short text', brackets: [{ span: [4, 6] }, { span: [5, 8] }] }), /outside/);
  assert.deepEqual(splitOwners('UA, A5, EU'), { parties: ['UA', 'EU'], amendments: ['A5'] });
  assert.deepEqual(splitOwners(null), { parties: [], amendments: [] });
});

test('dates of the record read in UTC; references split at the last @', () => {
  const d = parseRecordDate('2025-11-26', '09:30Z');
  assert.equal(d.toISOString(), '2025-11-26T09:30:00.000Z');
  assert.equal(parseRecordDate('2025-11-20T12:00:00Z').toISOString(), '2025-11-20T12:00:00.000Z');
  assert.equal(parseRecordDate('not a date'), null);
  assert.equal(parseRecordDate(null), null);
  assert.equal(formatDate('en', parseRecordDate('2025-11-26')), 'November 26, 2025');
  assert.match(formatDate('fr', parseRecordDate('2025-11-26')), /26 novembre 2025/);
  assert.match(formatDate('uk', parseRecordDate('2025-11-26')), /26 листопада 2025/);
  assert.deepEqual(splitRef('framework@2'), { doc: 'framework', version: 2 });
  assert.deepEqual(splitRef('framework'), { doc: 'framework', version: null });
  assert.deepEqual(splitRef('a@b@3'), { doc: 'a@b', version: 3 });
});

test('a comparison is laid out in rows of the first plan, then what it lacks', () => {
  const compare = {
    documents: [
      { name: 'a@1', points: 3, matched: 2, unmatched: ['3'] },
      { name: 'b@1', points: 2, matched: 1, unmatched: ['9'] },
      { name: 'c@1', points: 1, matched: 1, unmatched: [] },
    ],
    links: [
      { a: '1', b: '1', score: 1, relation: 'same', primary: true, evidence: [], b_document: 1 },
      { a: '2', b: '5', score: 0.7, relation: 'conflicts', primary: true, evidence: ['number'], why: '6 vs 8', b_document: 2 },
      { a: '2', b: '1', score: 0.3, relation: 'overlaps', primary: false, evidence: [], b_document: 1 },
    ],
  };
  const plans = [
    { points: [{ label: '1', text: 'one' }, { label: '2', text: 'two', items: [{ label: 'a', text: 'alpha' }] }, { label: '3', text: 'three' }] },
    { points: [{ label: '1', text: 'uno' }, { label: '9', text: 'nove' }] },
    { points: [{ label: '5', text: 'cinq' }] },
  ];
  const { rows } = compareRows(compare, plans);
  assert.equal(rows.length, 4);
  assert.equal(rows[0].columns[0][0].point.text, 'uno');
  assert.equal(rows[1].columns[1][0].link.relation, 'conflicts');
  assert.equal(rows[1].columns[0][0].link.primary, false);
  assert.deepEqual(rows[2].columns, [[], []]);
  assert.equal(rows[3].a, null);
  assert.equal(rows[3].columns[0][0].point.label, '9');
  assert.equal(pointText(plans[0].points[1]), 'two (a) alpha');
  assert.deepEqual(relationCounts(compare, 1), { same: 1, overlaps: 0, conflicts: 0 });
  assert.deepEqual(relationCounts(compare, 2), { same: 0, overlaps: 0, conflicts: 1 });
});

test('every message of views.en.json is in French and Ukrainian, with the same placeholders and plural forms', () => {
  const read = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, `web/i18n/views.${lang}.json`), 'utf8'));
  const en = read('en');
  const placeholders = (m) => [...new Set((typeof m === 'string' ? [m] : Object.values(m)).flatMap((s) => s.match(/\{\w+\}/g) ?? []))].sort();
  for (const key of Object.keys(en)) assert.match(key, /^views\.[a-z]+\./, `namespaced: ${key}`);
  for (const lang of ['fr', 'uk']) {
    const other = read(lang);
    const missing = Object.keys(en).filter((k) => !(k in other));
    assert.deepEqual(missing, [], `keys missing in views.${lang}.json`);
    const extra = Object.keys(other).filter((k) => !(k in en));
    assert.deepEqual(extra, [], `keys of views.${lang}.json unknown in English`);
    const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [key, message] of Object.entries(other)) {
      assert.equal(typeof message === 'string', typeof en[key] === 'string', `${lang} ${key}: a string where English has one`);
      assert.deepEqual(placeholders(message), placeholders(en[key]), `${lang} ${key}: placeholders`);
      if (typeof message === 'object') for (const f of forms.filter((f) => f !== 'many' || lang === 'uk')) assert.ok(message[f] ?? message.other, `${lang} ${key}: form ${f}`);
      if (typeof message === 'string') assert.notEqual(message.trim(), '', `${lang} ${key}: empty`);
    }
  }
});

test('every message the views name is in the English catalogue', () => {
  const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'web/i18n/views.en.json'), 'utf8'));
  const dirs = ['web/app/views', 'web/app/components', 'web/app/viewlib'];
  const mine = ['redline', 'text', 'progress', 'compare', 'matrix', 'timeline', 'meetings', 'record', 'position-form', 'chart', 'heat', 'compare', 'ui', 'text'];
  const missing = [];
  for (const dir of dirs)
    for (const file of fs.readdirSync(path.join(ROOT, dir))) {
      if (!mine.includes(file.replace(/\.js$/, ''))) continue;
      const source = fs.readFileSync(path.join(ROOT, dir, file), 'utf8');
      for (const [, key] of source.matchAll(/['`](views\.[A-Za-z0-9_.]+)['`]/g)) if (!(key in en)) missing.push(`${file}: ${key}`);
    }
  assert.deepEqual(missing, []);
});

test('a library message reads as a sentence of its own', () => {
  assert.equal(asSentence('the event of receipt abab… is gone'), 'The event of receipt abab… is gone');
  assert.equal(asSentence('état inconnu'), 'État inconnu');
  assert.equal(asSentence('їжак'), 'Їжак');
  assert.equal(asSentence('2 events'), '2 events');
  assert.equal(asSentence(''), '');
  assert.equal(asSentence(undefined), '');
});

