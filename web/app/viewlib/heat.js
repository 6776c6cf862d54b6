// heat.js — the matrix of positions (parley.matrix/1) as a model the heat
// map draws: parties, points with one cell per party, the counts per
// stance, the points every party accepts, and the notes. Pure, tested in
// Node.

// The stances of docs/talks.md, in the order the server counts them.
export const STANCES = ['accept', 'reserve', 'reject', 'redline', 'keep', 'undecided'];

// One cell of the matrix: "reserve", "stale:reserve", or "reserve [1]" (a
// note's mark, in the text and HTML forms only).
export function parseCell(value) {
  let v = String(value ?? 'undecided').trim();
  let stale = false;
  let mark = null;
  const m = /^(.*?)\s*\[(\d+)\]$/.exec(v);
  if (m) {
    v = m[1];
    mark = m[2];
  }
  if (v.startsWith('stale:')) {
    stale = true;
    v = v.slice(6);
  }
  const stance = STANCES.includes(v) ? v : 'undecided';
  return { stance, stale, mark };
}

// The classes of a table cell of the heat map: its stance's tint
// (views.css, from app.css's --stance-<name>) and whether it is stale or
// noted. The chip inside carries app.css's stance-<name> (colour, symbol).
export function cellClasses(cell) {
  const classes = ['heat-cell', `heat-${cell.stance}`];
  if (cell.stale) classes.push('is-stale');
  if (cell.note) classes.push('has-note');
  return classes.join(' ');
}

// parley.matrix/1 → {parties, points: [{label, cells: {PARTY: {stance,
// stale, note, mark}}, consensus}], counts: {PARTY: {stance: n}}, agreed:
// [labels], notes: [{mark, point, party, stance, note, on}]}.
export function matrixModel(doc) {
  const rows = doc?.rows ?? [];
  const first = rows[0] ?? {};
  const parties = Object.keys(first).filter((k) => k !== 'point' && k !== 'consensus');
  const notes = (doc?.notes ?? []).map((n) => ({ ...n }));
  const points = [];
  const counts = Object.fromEntries(parties.map((p) => [p, Object.fromEntries(STANCES.map((s) => [s, 0]))]));
  let agreed = [];
  for (const row of rows) {
    const label = String(row.point);
    if (label.startsWith('#')) {
      const what = label.slice(1);
      if (STANCES.includes(what)) for (const p of parties) counts[p][what] = Number(row[p] ?? 0);
      else if (what === 'agreed by all') agreed = String(row.consensus ?? '').split(/\s+/).filter(Boolean);
      continue;
    }
    const cells = {};
    for (const p of parties) {
      const cell = parseCell(row[p]);
      const note = notes.find((n) => n.point === label && n.party === p);
      if (note) {
        cell.note = note.note;
        cell.mark = note.mark;
        cell.on = note.on;
      }
      cells[p] = cell;
    }
    points.push({ label, cells, consensus: row.consensus === 'yes' });
  }
  return { parties, points, counts, agreed, notes };
}

// Does party's stance differ from another party's on the point, counting
// only stances that hold (not stale, not undecided)?
export function disagrees(point, party) {
  const mine = point.cells[party];
  if (!mine || mine.stale || mine.stance === 'undecided') return !point.consensus;
  const side = (s) => (['accept', 'reserve', 'keep'].includes(s) ? 'for' : s === 'undecided' ? null : 'against');
  return Object.entries(point.cells).some(
    ([p, c]) => p !== party && !c.stale && side(c.stance) && side(c.stance) !== side(mine.stance),
  );
}

// The notes listed once per mark (a stance on the whole plan carries one
// mark on every point), in mark order.
export function uniqueNotes(notes) {
  const seen = new Set();
  const out = [];
  for (const n of [...notes].sort((a, b) => Number(a.mark) - Number(b.mark)))
    if (!seen.has(n.mark)) {
      seen.add(n.mark);
      out.push(n);
    }
  return out;
}
