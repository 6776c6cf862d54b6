// compare.js — parley.compare/1 and the plans' texts (parley.document/1)
// laid out as the N-column view: one row per point of the first plan, in its
// order, with the points of each other plan linked to it; then the points
// of the other plans that nothing in the first addresses. Pure, tested in
// Node.

export const RELATIONS = ['same', 'overlaps', 'conflicts'];

// compare: parley.compare/1; plans: the parley.document/1 of each of its
// documents, in the same order. Returns {documents, rows}, a row being
// {a: point|null, columns: [[{point, link}], ...]} with one column per
// other plan (columns[k - 1] for documents[k]).
export function compareRows(compare, plans) {
  const documents = compare.documents ?? [];
  const others = documents.length - 1;
  const byLabel = plans.map((plan) => {
    const map = new Map();
    for (const p of plan?.points ?? []) if (!map.has(p.label)) map.set(p.label, p);
    return map;
  });
  const links = (compare.links ?? []).map((l) => ({ ...l, b_document: l.b_document ?? 1 }));
  const rows = [];
  for (const a of plans[0]?.points ?? []) {
    const columns = Array.from({ length: others }, () => []);
    for (const link of links) {
      if (link.a !== a.label) continue;
      const k = link.b_document;
      if (k < 1 || k > others) continue;
      const point = byLabel[k].get(link.b) ?? { label: link.b, text: '' };
      columns[k - 1].push({ point, link });
    }
    for (const column of columns) column.sort((x, y) => Number(y.link.primary) - Number(x.link.primary) || y.link.score - x.link.score);
    rows.push({ a, columns });
  }
  for (let k = 1; k <= others; k++) {
    const unmatched = documents[k]?.unmatched ?? (k === 1 ? compare.unmatched_b ?? [] : []);
    for (const label of unmatched) {
      const columns = Array.from({ length: others }, () => []);
      columns[k - 1].push({ point: byLabel[k].get(label) ?? { label, text: '' }, link: null });
      rows.push({ a: null, columns });
    }
  }
  return { documents, rows };
}

// The whole text of a point as one string: its lead text and its items
// "(a) …" (the plan's own words, as written).
export function pointText(point) {
  const items = (point?.items ?? []).map((i) => `(${i.label}) ${i.text}`);
  return [point?.text ?? '', ...items].filter(Boolean).join(' ');
}

// How many rows of each relation the first plan has with plan k.
export function relationCounts(compare, k) {
  const counts = { same: 0, overlaps: 0, conflicts: 0 };
  for (const l of compare.links ?? []) if ((l.b_document ?? 1) === k && l.primary && l.relation in counts) counts[l.relation]++;
  return counts;
}
