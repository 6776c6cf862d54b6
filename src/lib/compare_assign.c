/* compare_assign.c — step 4 of plan comparison: the maximum-weight
 * one-to-one matching of candidate pairs, each point free to stay
 * unmatched.
 *
 * Solved as a rectangular linear assignment: every row (point of a) is
 * assigned to a column, either a point of b at cost 1 - score or its own
 * "unmatched" column at cost 1, so minimising the cost maximises the total
 * score. The solver is the successive shortest augmenting path method of
 * Jonker & Volgenant ("A shortest augmenting path algorithm for dense and
 * sparse linear assignment problems", Computing 38, 1987) in the
 * rectangular form of D. F. Crouse ("On implementing 2D rectangular
 * assignment algorithms", IEEE Trans. AES 52(4), 2016) — the algorithm of
 * SciPy's linear_sum_assignment — run over the sparse candidate graph with
 * Dijkstra on a binary heap. Dual potentials u, v keep reduced costs
 * non-negative; each row's search stops at the first free column, and its
 * own unmatched column is always free, so a search is short. The result
 * is an exact optimum; ties are broken by column index, so it is
 * deterministic. */
#include "compare_int.h"
#include "parley/mem.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

typedef struct heap_item {
	double d;
	size_t col;
} heap_item;

typedef struct heap {
	heap_item *items;
	size_t count, capacity;
} heap;

static int before(const heap_item *x, const heap_item *y)
{
	return x->d < y->d || (x->d == y->d && x->col < y->col);
}

static void heap_push(heap *h, double d, size_t col)
{
	h->items = pl_grow(h->items, &h->capacity, h->count + 1, sizeof *h->items);
	size_t k = h->count++;
	heap_item item = {d, col};
	while (k > 0 && before(&item, &h->items[(k - 1) / 2])) {
		h->items[k] = h->items[(k - 1) / 2];
		k = (k - 1) / 2;
	}
	h->items[k] = item;
}

static heap_item heap_pop(heap *h)
{
	heap_item top = h->items[0], last = h->items[--h->count];
	size_t k = 0;
	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= h->count)
			break;
		if (c + 1 < h->count && before(&h->items[c + 1], &h->items[c]))
			c++;
		if (!before(&h->items[c], &last))
			break;
		h->items[k] = h->items[c];
		k = c;
	}
	if (h->count)
		h->items[k] = last;
	return top;
}

typedef struct solver {
	const pl_cmp_edge *edges;
	size_t *row_start; /* a_count + 1 */
	size_t a_count, b_count;
	double *u, *v, *dist;
	size_t *col4row, *row4col, *pred;
	unsigned char *done;
	size_t *seen, seen_count; /* columns touched by the current search */
	size_t *rows, row_count;  /* rows scanned by the current search */
	heap heap;
} solver;

static void relax_to(solver *s, size_t row, size_t col, double cost, double base)
{
	if (s->done[col])
		return;
	double d = base + cost - s->u[row] - s->v[col];
	if (s->dist[col] == DBL_MAX)
		s->seen[s->seen_count++] = col;
	if (d < s->dist[col]) {
		s->dist[col] = d;
		s->pred[col] = row;
		heap_push(&s->heap, d, col);
	}
}

static void relax(solver *s, size_t row, double base)
{
	for (size_t e = s->row_start[row]; e < s->row_start[row + 1]; e++)
		relax_to(s, row, s->edges[e].b, 1 - s->edges[e].score, base);
	relax_to(s, row, s->b_count + row, 1, base);
}

/* Dijkstra from row cur to the nearest free column; returns it. */
static size_t search(solver *s, size_t cur, double *min_value)
{
	s->heap.count = 0;
	relax(s, cur, 0);
	for (;;) {
		heap_item top = heap_pop(&s->heap);
		size_t col = top.col;
		if (s->done[col] || top.d > s->dist[col])
			continue;
		s->done[col] = 1;
		size_t row = s->row4col[col];
		if (row == CMP_NONE) {
			*min_value = top.d;
			return col;
		}
		s->rows[s->row_count++] = row;
		relax(s, row, top.d);
	}
}

static void augment(solver *s, size_t cur)
{
	s->row_count = 0;
	double min_value = 0;
	size_t sink = search(s, cur, &min_value);
	s->u[cur] += min_value;
	for (size_t k = 0; k < s->row_count; k++) {
		size_t row = s->rows[k];
		s->u[row] += min_value - s->dist[s->col4row[row]];
	}
	for (size_t k = 0; k < s->seen_count; k++) {
		size_t col = s->seen[k];
		if (s->done[col])
			s->v[col] -= min_value - s->dist[col];
	}
	for (size_t col = sink;;) {
		size_t row = s->pred[col];
		s->row4col[col] = row;
		size_t previous = s->col4row[row];
		s->col4row[row] = col;
		col = previous;
		if (row == cur)
			break;
	}
	for (size_t k = 0; k < s->seen_count; k++) {
		s->dist[s->seen[k]] = DBL_MAX;
		s->done[s->seen[k]] = 0;
	}
	s->seen_count = 0;
}

static void solver_init(solver *s, const pl_cmp_edge *edges, size_t edge_count, size_t a_count,
                        size_t b_count)
{
	memset(s, 0, sizeof *s);
	size_t cols = a_count + b_count;
	s->edges = edges;
	s->a_count = a_count;
	s->b_count = b_count;
	s->row_start = pl_calloc(a_count + 1, sizeof *s->row_start);
	for (size_t e = 0; e < edge_count; e++)
		s->row_start[edges[e].a + 1]++;
	for (size_t i = 0; i < a_count; i++)
		s->row_start[i + 1] += s->row_start[i];
	s->u = pl_calloc(a_count + 1, sizeof *s->u);
	s->v = pl_calloc(cols + 1, sizeof *s->v);
	s->dist = pl_malloc((cols + 1) * sizeof *s->dist);
	for (size_t c = 0; c < cols; c++)
		s->dist[c] = DBL_MAX;
	s->col4row = pl_malloc((a_count + 1) * sizeof *s->col4row);
	s->row4col = pl_malloc((cols + 1) * sizeof *s->row4col);
	memset(s->col4row, 0xff, (a_count + 1) * sizeof *s->col4row);
	memset(s->row4col, 0xff, (cols + 1) * sizeof *s->row4col);
	s->pred = pl_calloc(cols + 1, sizeof *s->pred);
	s->done = pl_calloc(cols + 1, 1);
	s->seen = pl_malloc((cols + 1) * sizeof *s->seen);
	s->rows = pl_malloc((a_count + 1) * sizeof *s->rows);
}

static void solver_free(solver *s)
{
	free(s->row_start);
	free(s->u);
	free(s->v);
	free(s->dist);
	free(s->col4row);
	free(s->row4col);
	free(s->pred);
	free(s->done);
	free(s->seen);
	free(s->rows);
	free(s->heap.items);
}

void pl_cmp_assign(const pl_cmp_edge *edges, size_t edge_count, size_t a_count, size_t b_count,
                   size_t *match)
{
	solver s;
	solver_init(&s, edges, edge_count, a_count, b_count);
	for (size_t row = 0; row < a_count; row++)
		augment(&s, row);
	for (size_t row = 0; row < a_count; row++) {
		match[row] = CMP_NONE;
		for (size_t e = s.row_start[row]; e < s.row_start[row + 1]; e++)
			if (edges[e].b == s.col4row[row])
				match[row] = e;
	}
	solver_free(&s);
}
