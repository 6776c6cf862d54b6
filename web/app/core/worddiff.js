// worddiff.js — a word diff for the redline that follows the typing in the
// amend view: the texts split into words, spaces and punctuation; the
// longest common subsequence of the tokens (dynamic programming, after
// trimming the common head and tail, which is all an edit usually leaves);
// the result as runs {kind: 'equal'|'delete'|'insert', text}, merged, a
// deleted run always before the inserted one that replaces it.

// Numbers keep their separators (600,000 is one word).
const TOKEN = /\s+|\p{N}+(?:[.,’']\p{N}+)*|[\p{L}\p{N}\p{M}'’-]+|[^\s\p{L}\p{N}]/gu;

export function tokens(text) {
  return text.match(TOKEN) ?? [];
}

function push(runs, kind, text) {
  if (!text) return;
  const last = runs[runs.length - 1];
  if (last && last.kind === kind) last.text += text;
  else runs.push({ kind, text });
}

// Up to this many cells the table is filled; past it (a text rewritten from
// end to end) the middle is shown as one deletion and one insertion.
const MAX_CELLS = 4_000_000;

export function wordDiff(before, after) {
  const a = tokens(before), b = tokens(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail), y = b.slice(head, b.length - tail);
  const runs = [];
  push(runs, 'equal', a.slice(0, head).join(''));
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    push(runs, 'delete', x.join(''));
    push(runs, 'insert', y.join(''));
  } else {
    // lcs[i][j]: the common subsequence of x[i..] and y[j..], as a length.
    const width = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * width);
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--)
        lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    let i = 0, j = 0, deleted = '', inserted = '';
    const flush = () => {
      push(runs, 'delete', deleted);
      push(runs, 'insert', inserted);
      deleted = inserted = '';
    };
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        flush();
        push(runs, 'equal', x[i]);
        i++;
        j++;
      } else if (j >= y.length || (i < x.length && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
        deleted += x[i++];
      } else {
        inserted += y[j++];
      }
    }
    flush();
  }
  push(runs, 'equal', a.slice(a.length - tail).join(''));
  return absorbSpaces(runs);
}

// A lone space between two changes reads better inside them: "[-a b-]{+x
// y+}" rather than "[-a-]{+x+} [-b-]{+y+}": it becomes deleted and inserted.
function absorbSpaces(runs) {
  const out = [];
  runs.forEach((run, k) => {
    const between = k > 0 && k < runs.length - 1 && runs[k - 1].kind !== 'equal' && runs[k + 1].kind !== 'equal';
    if (run.kind === 'equal' && between && /^\s+$/.test(run.text)) out.push({ kind: 'delete', text: run.text }, { kind: 'insert', text: run.text });
    else out.push(run);
  });
  return reorder(out);
}

// Within a stretch of changes, deletions first, then insertions.
function reorder(runs) {
  const out = [];
  let del = '', ins = '';
  const flush = () => {
    if (del) out.push({ kind: 'delete', text: del });
    if (ins) out.push({ kind: 'insert', text: ins });
    del = ins = '';
  };
  for (const run of runs) {
    if (run.kind === 'equal') {
      flush();
      out.push(run);
    } else if (run.kind === 'delete') del += run.text;
    else ins += run.text;
  }
  flush();
  return out;
}

// The text before and after, read back from the runs (a check for tests).
export function sides(runs) {
  return {
    before: runs.filter((r) => r.kind !== 'insert').map((r) => r.text).join(''),
    after: runs.filter((r) => r.kind !== 'delete').map((r) => r.text).join(''),
  };
}
