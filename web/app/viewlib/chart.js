// chart.js — the arithmetic of the progress chart: nice ticks, linear
// scales, the series drawn from parley.progress/1 and the sentence that
// describes them. Pure (no DOM), tested in Node.

// Ticks from 0 to at least max, at a "nice" step (1, 2 or 5 × 10^k) so that
// there are about `count` intervals. max <= 0 gives [0, 1].
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-9);
  const ticks = [];
  const top = Math.ceil(max / step - 1e-9) * step;
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  // counts are whole numbers: a step under 1 is no use
  return step < 1 ? niceTicks(Math.max(1, Math.ceil(max)), Math.min(count, Math.ceil(max))) : ticks;
}

// A linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the
// middle of the range.
export function linearScale([d0, d1], [r0, r1]) {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

// The x position of each of n versions: evenly spread inside [left, right],
// the single one in the middle.
export function bandPositions(n, left, right) {
  if (n <= 0) return [];
  if (n === 1) return [(left + right) / 2];
  const step = (right - left) / (n - 1);
  return Array.from({ length: n }, (_, i) => left + i * step);
}

// An SVG path through the points [[x, y], ...].
export function linePath(points) {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${round(x)} ${round(y)}`).join(' ');
}

function round(v) {
  return Math.round(v * 10) / 10;
}

// The series of the chart from parley.progress/1's rows: the open points
// (points not agreed by every party), the points in brackets, the brackets
// and the alternatives; each value a number per version.
export const SERIES = ['open', 'bracketed', 'brackets', 'alternatives'];

export function progressSeries(rows) {
  const versions = rows.map((r) => ({
    version: Number(r.version),
    created: r.created ?? null,
    points: num(r.points),
    agreed: num(r.agreed),
    open: Math.max(0, num(r.points) - num(r.agreed)),
    bracketed: num(r.bracketed),
    brackets: num(r.brackets),
    proposed: num(r.proposed),
    alternatives: num(r.alternatives),
  }));
  versions.sort((x, y) => x.version - y.version);
  const max = Math.max(0, ...versions.flatMap((v) => SERIES.map((s) => v[s])));
  return { versions, max };
}

function num(v) {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

// How a series moved from the first version to the last: {from, to, delta}.
export function trend(versions, series) {
  if (!versions.length) return null;
  const from = versions[0][series], to = versions[versions.length - 1][series];
  return { from, to, delta: to - from };
}

// Where to put the end labels of the series so they do not overlap: given
// the wanted y of each label (pixels), returns ys at least `gap` apart,
// kept in the same order, inside [top, bottom] where the gaps allow, each
// moved as little as the gap asks (a cluster at the bottom moves up, the
// others stay).
export function spreadLabels(wanted, gap, top = -Infinity, bottom = Infinity) {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const n = order.length;
  for (let k = 1; k < n; k++) order[k].y = Math.max(order[k].y, order[k - 1].y + gap);
  if (n) order[n - 1].y = Math.min(order[n - 1].y, bottom);
  for (let k = n - 2; k >= 0; k--) order[k].y = Math.min(order[k].y, order[k + 1].y - gap);
  if (n) order[0].y = Math.max(order[0].y, top);
  for (let k = 1; k < n; k++) order[k].y = Math.max(order[k].y, order[k - 1].y + gap);
  const out = new Array(wanted.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}
