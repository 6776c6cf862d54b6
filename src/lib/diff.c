/* diff.c — the edit script between two id arrays (see parley/diff.h for the
 * algorithms and their sources).
 *
 * Like xdiff, the search only marks which ids of each side are deleted or
 * inserted (one byte per id); the script is read off those marks at the
 * end. Pieces of work wait on an explicit stack, so no input, however
 * long or skewed, can overflow the C stack. */
#include "parley/diff.h"

#include "parley/mem.h"
#include "diff_int.h"

#include <stdlib.h>
#include <string.h>

/* Stages of a piece: anchor on runs of ANCHOR_RUN ids, then on single ids,
 * then Myers. Pieces from Myers' splits stay at STAGE_MYERS. */
enum { STAGE_RUNS, STAGE_SINGLE, STAGE_MYERS };
enum { ANCHOR_RUN = 8, SAMPLE_BITS = 4, SAMPLE_ABOVE = 1 << 16, MIN_COST = 256 };

typedef struct pl_diff_piece {
	ptrdiff_t off1, lim1, off2, lim2;
	int need_min; /* the cost is known small: no cost limit needed */
	int stage;
} piece;

typedef struct diff_ctx {
	const uint32_t *a, *b;
	size_t n, m;
	unsigned char *deleted;  /* deleted[i]: a[i] is not in the common part */
	unsigned char *inserted; /* inserted[j]: b[j] is not in the common part */
	ptrdiff_t *kvd;          /* Myers' furthest points, forward then backward */
	ptrdiff_t *kvdf, *kvdb;  /* indexed by diagonal i1 - i2 */
	ptrdiff_t max_cost;
	size_t work, work_limit;
	int minimal;
	unsigned flags;
	piece *stack;
	size_t stack_len;
	pl_diff_workspace *ws; /* owns kvd, the stack and the anchors */
} diff_ctx;

typedef struct split_point {
	ptrdiff_t i1, i2;
	int min_lo, min_hi;
} split_point;

static void push(diff_ctx *c, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2,
                 int need_min, int stage)
{
	c->stack = c->ws->stack =
	    pl_grow(c->ws->stack, &c->ws->stack_capacity, c->stack_len + 1, sizeof *c->stack);
	c->stack[c->stack_len++] = (piece){off1, lim1, off2, lim2, need_min, stage};
}

static int over_budget(const diff_ctx *c)
{
	return !c->minimal && c->work > c->work_limit;
}

/* Cut short: the furthest-reaching point of either search, by i1 + i2, is
 * the split (xdiff's "enough is enough"). */
static void split_at_furthest(const diff_ctx *c, const ptrdiff_t *range, ptrdiff_t off1,
                              ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2, split_point *spl)
{
	ptrdiff_t fmin = range[0], fmax = range[1], bmin = range[2], bmax = range[3];
	ptrdiff_t fbest = -1, fbest1 = -1, bbest = PTRDIFF_MAX, bbest1 = PTRDIFF_MAX;
	for (ptrdiff_t d = fmax; d >= fmin; d -= 2) {
		ptrdiff_t i1 = c->kvdf[d] < lim1 ? c->kvdf[d] : lim1, i2 = i1 - d;
		if (lim2 < i2) {
			i1 = lim2 + d;
			i2 = lim2;
		}
		if (fbest < i1 + i2) {
			fbest = i1 + i2;
			fbest1 = i1;
		}
	}
	for (ptrdiff_t d = bmax; d >= bmin; d -= 2) {
		ptrdiff_t i1 = c->kvdb[d] > off1 ? c->kvdb[d] : off1, i2 = i1 - d;
		if (i2 < off2) {
			i1 = off2 + d;
			i2 = off2;
		}
		if (i1 + i2 < bbest) {
			bbest = i1 + i2;
			bbest1 = i1;
		}
	}
	if ((lim1 + lim2) - bbest < fbest - (off1 + off2))
		*spl = (split_point){fbest1, fbest - fbest1, 1, 0};
	else
		*spl = (split_point){bbest1, bbest - bbest1, 0, 1};
}

/* One forward round of the middle-snake search; 1 when the paths met. */
static int forward_round(diff_ctx *c, ptrdiff_t *range, ptrdiff_t dmin, ptrdiff_t dmax,
                         ptrdiff_t lim1, ptrdiff_t lim2, int odd, split_point *spl)
{
	ptrdiff_t *kvdf = c->kvdf;
	const uint32_t *a = c->a, *b = c->b;
	/* Widen the diagonals by one each way, or step inward at the box's
	 * edge; -1 outside makes the choice below need no bounds checks. */
	if (range[0] > dmin)
		kvdf[--range[0] - 1] = -1;
	else
		++range[0];
	if (range[1] < dmax)
		kvdf[++range[1] + 1] = -1;
	else
		--range[1];
	c->work += (size_t)(range[1] - range[0]) / 2 + 1;
	for (ptrdiff_t d = range[1]; d >= range[0]; d -= 2) {
		ptrdiff_t i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1];
		ptrdiff_t start = i1, i2 = i1 - d;
		while (i1 < lim1 && i2 < lim2 && a[i1] == b[i2])
			i1++, i2++;
		c->work += (size_t)(i1 - start);
		kvdf[d] = i1;
		if (odd && range[2] <= d && d <= range[3] && c->kvdb[d] <= i1) {
			*spl = (split_point){i1, i2, 1, 1};
			return 1;
		}
	}
	return 0;
}

/* One backward round, the mirror image of forward_round. */
static int backward_round(diff_ctx *c, ptrdiff_t *range, ptrdiff_t dmin, ptrdiff_t dmax,
                          ptrdiff_t off1, ptrdiff_t off2, int odd, split_point *spl)
{
	ptrdiff_t *kvdb = c->kvdb;
	const uint32_t *a = c->a, *b = c->b;
	if (range[2] > dmin)
		kvdb[--range[2] - 1] = PTRDIFF_MAX;
	else
		++range[2];
	if (range[3] < dmax)
		kvdb[++range[3] + 1] = PTRDIFF_MAX;
	else
		--range[3];
	c->work += (size_t)(range[3] - range[2]) / 2 + 1;
	for (ptrdiff_t d = range[3]; d >= range[2]; d -= 2) {
		ptrdiff_t i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] - 1;
		ptrdiff_t start = i1, i2 = i1 - d;
		while (i1 > off1 && i2 > off2 && a[i1 - 1] == b[i2 - 1])
			i1--, i2--;
		c->work += (size_t)(start - i1);
		kvdb[d] = i1;
		if (!odd && range[0] <= d && d <= range[1] && i1 <= c->kvdf[d]) {
			*spl = (split_point){i1, i2, 1, 1};
			return 1;
		}
	}
	return 0;
}

/* Myers' middle snake of a[off1..lim1) x b[off2..lim2) (both non-empty,
 * first and last ids differing): searches from both corners until the
 * paths meet, or until the cost limit, then splits at the furthest point. */
static void split(diff_ctx *c, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2,
                  int need_min, split_point *spl)
{
	ptrdiff_t dmin = off1 - lim2, dmax = lim1 - off2;
	ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
	int odd = (int)((fmid - bmid) & 1);
	ptrdiff_t range[4] = {fmid, fmid, bmid, bmid}; /* fmin fmax bmin bmax */
	c->kvdf[fmid] = off1;
	c->kvdb[bmid] = lim1;
	for (ptrdiff_t cost = 1;; cost++) {
		if (forward_round(c, range, dmin, dmax, lim1, lim2, odd, spl) ||
		    backward_round(c, range, dmin, dmax, off1, off2, odd, spl))
			return;
		if (c->minimal)
			continue;
		if (over_budget(c) || (!need_min && cost >= c->max_cost)) {
			c->flags |= PL_DIFF_CUT;
			split_at_furthest(c, range, off1, lim1, off2, lim2, spl);
			return;
		}
	}
}

static void mark_changed(diff_ctx *c, const piece *p)
{
	if (p->lim1 > p->off1)
		memset(c->deleted + p->off1, 1, (size_t)(p->lim1 - p->off1));
	if (p->lim2 > p->off2)
		memset(c->inserted + p->off2, 1, (size_t)(p->lim2 - p->off2));
}

static void strip_common(const diff_ctx *c, piece *p)
{
	while (p->off1 < p->lim1 && p->off2 < p->lim2 && c->a[p->off1] == c->b[p->off2])
		p->off1++, p->off2++;
	while (p->off1 < p->lim1 && p->off2 < p->lim2 && c->a[p->lim1 - 1] == c->b[p->lim2 - 1])
		p->lim1--, p->lim2--;
}

static void ensure_myers_arrays(diff_ctx *c)
{
	if (c->kvd)
		return;
	/* Diagonals run from -(m + 1) to n + 1; untouched pages are never
	 * faulted in, so the size costs address space, not memory. Every
	 * value is written before it is read (split sets its start, the
	 * rounds the edges), so what an earlier call left is harmless. */
	size_t diagonals = c->n + c->m + 3;
	if (c->ws->kvd_capacity < 2 * diagonals) {
		free(c->ws->kvd);
		c->ws->kvd = pl_malloc(2 * diagonals * sizeof *c->kvd);
		c->ws->kvd_capacity = 2 * diagonals;
	}
	c->kvd = c->ws->kvd;
	c->kvdf = c->kvd + c->m + 1;
	c->kvdb = c->kvdf + diagonals;
}

static void solve_myers(diff_ctx *c, const piece *p)
{
	split_point spl;
	ensure_myers_arrays(c);
	split(c, p->off1, p->lim1, p->off2, p->lim2, p->need_min, &spl);
	int inside = spl.i1 >= p->off1 && spl.i1 <= p->lim1 && spl.i2 >= p->off2 &&
	             spl.i2 <= p->lim2 && spl.i1 + spl.i2 > p->off1 + p->off2 &&
	             spl.i1 + spl.i2 < p->lim1 + p->lim2;
	if (!inside) { /* a cut that would not shrink the piece: give it up */
		c->flags |= PL_DIFF_CUT;
		mark_changed(c, p);
		return;
	}
	push(c, spl.i1, p->lim1, spl.i2, p->lim2, spl.min_hi, STAGE_MYERS);
	push(c, p->off1, spl.i1, p->off2, spl.i2, spl.min_lo, STAGE_MYERS);
}

/* Anchors the piece and queues the gaps between anchors; 0 when there was
 * nothing to anchor on. */
static int solve_anchored(diff_ctx *c, const piece *p)
{
	size_t off1 = (size_t)p->off1, lim1 = (size_t)p->lim1;
	size_t off2 = (size_t)p->off2, lim2 = (size_t)p->lim2;
	unsigned k = p->stage == STAGE_RUNS ? ANCHOR_RUN : 1;
	/* Sampling keeps the tables of large pieces small (16 bytes a sample). */
	unsigned bits = (lim1 - off1) + (lim2 - off2) > SAMPLE_ABOVE ? SAMPLE_BITS : 0;
	size_t count =
	    pl_diff_find_anchors(&c->ws->anchors, c->a, off1, lim1, c->b, off2, lim2, k, bits);
	if (!count)
		return 0;
	c->flags |= PL_DIFF_ANCHORED;
	/* Pushed last to first, so that pieces are solved in text order. */
	const pl_diff_anchor *an = c->ws->anchors.anchors;
	push(c, (ptrdiff_t)(an[count - 1].a + an[count - 1].length), p->lim1,
	     (ptrdiff_t)(an[count - 1].b + an[count - 1].length), p->lim2, 0, p->stage + 1);
	for (size_t i = count; i-- > 0;) {
		size_t a0 = i ? an[i - 1].a + an[i - 1].length : off1;
		size_t b0 = i ? an[i - 1].b + an[i - 1].length : off2;
		push(c, (ptrdiff_t)a0, (ptrdiff_t)an[i].a, (ptrdiff_t)b0, (ptrdiff_t)an[i].b, 0,
		     p->stage + 1);
	}
	return 1;
}

static void solve(diff_ctx *c)
{
	while (c->stack_len) {
		piece p = c->stack[--c->stack_len];
		strip_common(c, &p);
		if (p.off1 == p.lim1 || p.off2 == p.lim2) {
			mark_changed(c, &p);
		} else if (over_budget(c)) {
			c->flags |= PL_DIFF_CUT;
			mark_changed(c, &p);
		} else if (p.stage < STAGE_MYERS && !c->minimal &&
		           (size_t)(p.lim1 - p.off1 + p.lim2 - p.off2) > PL_DIFF_ANCHOR_MIN) {
			if (!solve_anchored(c, &p))
				push(c, p.off1, p.lim1, p.off2, p.lim2, 0, p.stage + 1);
		} else {
			solve_myers(c, &p);
		}
	}
}

/* ---- reading the script off the marks ---- */

static void emit_run(pl_diff_script *out, pl_diff_kind kind, size_t a_start, size_t b_start,
                     size_t length)
{
	/* Runs arrive in order, so a run of the kind just emitted continues it. */
	if (out->count && out->ops[out->count - 1].kind == kind) {
		out->ops[out->count - 1].length += length;
		return;
	}
	out->ops = pl_grow(out->ops, &out->capacity, out->count + 1, sizeof *out->ops);
	out->ops[out->count++] = (pl_diff_op){kind, a_start, b_start, length};
}

static void emit(pl_diff_script *out, pl_diff_kind kind, size_t a_start, size_t b_start,
                 size_t length)
{
	if (!length)
		return;
	if (kind == PL_DIFF_DELETE)
		out->deleted += length;
	else if (kind == PL_DIFF_INSERT)
		out->inserted += length;
	if (kind == PL_DIFF_DELETE && out->count &&
	    out->ops[out->count - 1].kind == PL_DIFF_INSERT) {
		/* An insertion slid onto a deletion: put the deletion first, so
		 * that every changed stretch reads DELETE then INSERT. */
		pl_diff_op ins = out->ops[--out->count];
		emit_run(out, PL_DIFF_DELETE, ins.a_start, ins.b_start, length);
		emit_run(out, PL_DIFF_INSERT, ins.a_start + length, ins.b_start, ins.length);
		return;
	}
	emit_run(out, kind, a_start, b_start, length);
}

/* How far a lone change v[pos .. pos + len) (own marks it) can slide down:
 * while the id after it equals its first id, and that id is paired with
 * other[other_pos + t] in the equal run that follows. Sliding keeps the
 * common part the same sequence, so the script stays valid and as short. */
static size_t slide_length(const uint32_t *v, const unsigned char *own, size_t own_len,
                           const unsigned char *other, size_t other_len, size_t pos,
                           size_t other_pos, size_t len)
{
	size_t t = 0;
	while (pos + len + t < own_len && other_pos + t < other_len && !own[pos + len + t] &&
	       !other[other_pos + t] && v[pos + t] == v[pos + len + t])
		t++;
	return t;
}

static size_t run_of(const unsigned char *marks, size_t from, size_t len, unsigned char value)
{
	size_t i = from;
	while (i < len && marks[i] == value)
		i++;
	return i - from;
}

static void build_script(const diff_ctx *c, pl_diff_script *out)
{
	size_t i = 0, j = 0;
	while (i < c->n || j < c->m) {
		size_t same = 0;
		while (i + same < c->n && j + same < c->m && !c->deleted[i + same] &&
		       !c->inserted[j + same])
			same++;
		emit(out, PL_DIFF_EQUAL, i, j, same);
		i += same;
		j += same;
		size_t del = run_of(c->deleted, i, c->n, 1);
		size_t ins = run_of(c->inserted, j, c->m, 1);
		if (!same && !del && !ins)
			abort(); /* the marks disagree: a bug in this file */
		size_t t = 0;
		if (del && !ins)
			t = slide_length(c->a, c->deleted, c->n, c->inserted, c->m, i, j, del);
		else if (ins && !del)
			t = slide_length(c->b, c->inserted, c->m, c->deleted, c->n, j, i, ins);
		emit(out, PL_DIFF_EQUAL, i, j, t);
		i += t;
		j += t;
		emit(out, PL_DIFF_DELETE, i, j, del);
		i += del;
		emit(out, PL_DIFF_INSERT, i, j, ins);
		j += ins;
	}
}

/* xdiff's mxcost: the square root of the input size, at least MIN_COST. */
static ptrdiff_t cost_limit(size_t total)
{
	uint64_t root = 0;
	for (uint64_t bit = (uint64_t)1 << 31; bit; bit >>= 1)
		if ((root + bit) * (root + bit) <= total)
			root += bit;
	return root < MIN_COST ? MIN_COST : (ptrdiff_t)root;
}

void pl_diff_compute_in(pl_diff_workspace *workspace, pl_diff_script *out, const uint32_t *a,
                        size_t a_len, const uint32_t *b, size_t b_len,
                        const pl_diff_options *options)
{
	pl_diff_workspace own;
	pl_diff_workspace *ws = workspace ? workspace : &own;
	if (!workspace)
		memset(&own, 0, sizeof own);
	out->count = 0;
	out->deleted = out->inserted = 0;
	out->flags = 0;
	diff_ctx c;
	memset(&c, 0, sizeof c);
	c.ws = ws;
	c.a = a;
	c.b = b;
	c.n = a_len;
	c.m = b_len;
	c.minimal = options && (options->flags & PL_DIFF_MINIMAL);
	c.work_limit = options && options->work_limit ? options->work_limit : PL_DIFF_WORK_LIMIT;
	c.max_cost = cost_limit(a_len + b_len);
	size_t marks = a_len + b_len + 2;
	if (ws->marks_capacity < marks) {
		free(ws->marks);
		ws->marks = pl_malloc(marks);
		ws->marks_capacity = marks;
	}
	memset(ws->marks, 0, marks);
	c.deleted = ws->marks;
	c.inserted = ws->marks + a_len + 1;
	push(&c, 0, (ptrdiff_t)a_len, 0, (ptrdiff_t)b_len, 0, STAGE_RUNS);
	solve(&c);
	build_script(&c, out);
	out->flags = c.flags;
	if (!workspace)
		pl_diff_workspace_free(&own);
}

void pl_diff_compute(pl_diff_script *out, const uint32_t *a, size_t a_len, const uint32_t *b,
                     size_t b_len, const pl_diff_options *options)
{
	pl_diff_compute_in(NULL, out, a, a_len, b, b_len, options);
}

void pl_diff_workspace_free(pl_diff_workspace *workspace)
{
	if (!workspace)
		return;
	free(workspace->marks);
	free(workspace->kvd);
	free(workspace->stack);
	free(workspace->ids);
	pl_anchor_scratch_free(&workspace->anchors);
	memset(workspace, 0, sizeof *workspace);
}

static int verify_run(const pl_diff_op *op, size_t index, const uint32_t *a, size_t a_len,
                      const uint32_t *b, size_t b_len, size_t i, size_t j, pl_error *err)
{
	if (op->length == 0 || op->a_start != i || op->b_start != j)
		return pl_error_set(err, PL_EINVALID,
		                    "run %zu: starts at %zu/%zu with length %zu, expected %zu/%zu",
		                    index, op->a_start, op->b_start, op->length, i, j);
	int uses_a = op->kind != PL_DIFF_INSERT, uses_b = op->kind != PL_DIFF_DELETE;
	if ((op->kind != PL_DIFF_EQUAL && op->kind != PL_DIFF_DELETE &&
	     op->kind != PL_DIFF_INSERT) ||
	    (uses_a && op->length > a_len - i) || (uses_b && op->length > b_len - j))
		return pl_error_set(err, PL_EINVALID, "run %zu: bad kind or past the end", index);
	if (op->kind == PL_DIFF_EQUAL && memcmp(a + i, b + j, op->length * sizeof *a) != 0)
		return pl_error_set(err, PL_EINVALID, "run %zu: equal run differs", index);
	return 0;
}

int pl_diff_verify(const pl_diff_script *script, const uint32_t *a, size_t a_len, const uint32_t *b,
                   size_t b_len, pl_error *err)
{
	size_t i = 0, j = 0, deleted = 0, inserted = 0;
	for (size_t k = 0; k < script->count; k++) {
		const pl_diff_op *op = &script->ops[k];
		int rc = verify_run(op, k, a, a_len, b, b_len, i, j, err);
		if (rc)
			return rc;
		if (k && op->kind == script->ops[k - 1].kind)
			return pl_error_set(err, PL_EINVALID,
			                    "run %zu: same kind as the one before", k);
		if (op->kind == PL_DIFF_INSERT && k + 1 < script->count &&
		    script->ops[k + 1].kind == PL_DIFF_DELETE)
			return pl_error_set(err, PL_EINVALID, "run %zu: insertion before deletion",
			                    k);
		i += op->kind != PL_DIFF_INSERT ? op->length : 0;
		j += op->kind != PL_DIFF_DELETE ? op->length : 0;
		deleted += op->kind == PL_DIFF_DELETE ? op->length : 0;
		inserted += op->kind == PL_DIFF_INSERT ? op->length : 0;
	}
	if (i != a_len || j != b_len)
		return pl_error_set(err, PL_EINVALID, "script ends at %zu/%zu, not %zu/%zu", i, j,
		                    a_len, b_len);
	if (deleted != script->deleted || inserted != script->inserted)
		return pl_error_set(err, PL_EINVALID, "counts %zu/%zu, runs say %zu/%zu",
		                    script->deleted, script->inserted, deleted, inserted);
	return 0;
}

void pl_diff_script_clear(pl_diff_script *script)
{
	script->count = script->deleted = script->inserted = 0;
	script->flags = 0;
}

void pl_diff_script_push(pl_diff_script *script, pl_diff_kind kind, size_t a_start, size_t b_start,
                         size_t length)
{
	if (!length)
		return;
	script->ops =
	    pl_grow(script->ops, &script->capacity, script->count + 1, sizeof *script->ops);
	script->ops[script->count++] = (pl_diff_op){kind, a_start, b_start, length};
	if (kind == PL_DIFF_DELETE)
		script->deleted += length;
	else if (kind == PL_DIFF_INSERT)
		script->inserted += length;
}

void pl_diff_script_free(pl_diff_script *script)
{
	if (!script)
		return;
	free(script->ops);
	*script = (pl_diff_script)PL_DIFF_SCRIPT_INIT;
}
