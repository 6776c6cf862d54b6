/* diff.h — the edit script between two arrays of token ids.
 *
 * Ownership: the diff only reads the caller's arrays; a pl_diff_script owns
 * its array of runs, released by pl_diff_script_free.
 *
 * The engine is generic, like lowdown's libdiff: it sees only uint32 ids
 * (equal ids are equal tokens; see pl_interner in parley/token.h) and
 * returns runs of EQUAL, DELETE and INSERT. How it works, in order:
 *
 * 1. The common prefix and suffix are stripped.
 * 2. Inputs longer than PL_DIFF_ANCHOR_MIN ids (sum of both sides) are cut
 *    into independent pieces at anchors, in the spirit of Bram Cohen's
 *    patience diff and git's histogram diff: first runs of 8 ids whose
 *    content occurs exactly once in each side, then, in pieces still
 *    longer than PL_DIFF_ANCHOR_MIN, single ids unique in both sides of the
 *    piece. On pieces over 65536 ids only the 1/16 of runs or ids picked by
 *    their content hash take part, so that every occurrence is picked alike
 *    and the tables stay small. The longest chain of anchors in the same
 *    order on both sides is kept (patience sorting). Anchoring makes large
 *    inputs fast but can, rarely, give a longer script than the minimum (a
 *    unique run matched where the optimum would not match it); inputs at or
 *    below the threshold never see it.
 * 3. Each piece is solved by E. W. Myers, "An O(ND) Difference Algorithm
 *    and Its Variations", Algorithmica 1(2), 1986, with the linear-space
 *    refinement (bidirectional search for the middle snake, section 4b),
 *    written after the formulation in libxdiff/git's xdiffi.c and run with
 *    an explicit stack rather than recursion.
 * 4. A cost limit bounds pathological input (two unrelated texts), like
 *    xdiff's mxcost and GNU diff's TOO_EXPENSIVE: a middle-snake search
 *    gives up after max(256, sqrt(N + M)) rounds and splits at the furthest
 *    point it reached, and the whole diff spends at most a fixed budget of
 *    work (PL_DIFF_WORK_LIMIT steps, one step being one diagonal visited or
 *    one pair of ids compared during the search), after which remaining
 *    pieces become one deletion plus one insertion each. Beyond the budget
 *    only linear passes remain, so the time is bounded by the budget plus
 *    O(N + M). Either limit makes the script valid but possibly not
 *    minimal, and sets PL_DIFF_CUT.
 * 5. A deletion or insertion between two equal runs is slid as far down as
 *    it can go without changing the script's cost (like diff's
 *    shift_boundaries), so equivalent edits come out in one canonical place
 *    and merge with a following edit when they reach it.
 *
 * Without PL_DIFF_CUT and PL_DIFF_ANCHORED in the result's flags, the
 * script is minimal: its deleted + inserted count is N + M - 2 LCS. */
#ifndef PARLEY_DIFF_H
#define PARLEY_DIFF_H

#include "parley/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum pl_diff_kind {
	PL_DIFF_EQUAL = 0,  /* a[a_start ..] equals b[b_start ..] */
	PL_DIFF_DELETE = 1, /* a[a_start ..] is not in B; b_start is where it was */
	PL_DIFF_INSERT = 2  /* b[b_start ..] is not in A; a_start is where it goes */
} pl_diff_kind;

/* One run of length >= 1. Runs are in order and cover both arrays: each
 * starts where the previous one ended on both sides, and within a changed
 * stretch the DELETE comes before the INSERT. */
typedef struct pl_diff_op {
	pl_diff_kind kind;
	size_t a_start;
	size_t b_start;
	size_t length;
} pl_diff_op;

/* Flags of a pl_diff_script, and (PL_DIFF_MINIMAL) of pl_diff_options. */
enum {
	PL_DIFF_MINIMAL = 1u << 0,  /* option: no anchors, no cost limit; can
	                             * take O((N + M) D) time */
	PL_DIFF_ANCHORED = 1u << 1, /* result: anchors were used */
	PL_DIFF_CUT = 1u << 2       /* result: a cost limit was reached */
};

/* The default work budget, in steps (see point 4 above): at about 1-3 ns
 * a step, well under a second however unrelated the inputs are. */
#define PL_DIFF_WORK_LIMIT ((size_t)1 << 26)

/* Inputs longer than this (N + M after stripping) are anchored. */
#define PL_DIFF_ANCHOR_MIN ((size_t)2048)

typedef struct pl_diff_options {
	unsigned flags;    /* 0 or PL_DIFF_MINIMAL */
	size_t work_limit; /* 0 for PL_DIFF_WORK_LIMIT */
} pl_diff_options;

typedef struct pl_diff_script {
	pl_diff_op *ops;
	size_t count;
	size_t capacity;
	size_t deleted;  /* ids in DELETE runs */
	size_t inserted; /* ids in INSERT runs */
	unsigned flags;  /* PL_DIFF_ANCHORED, PL_DIFF_CUT */
} pl_diff_script;

/* clang-format off */
#define PL_DIFF_SCRIPT_INIT {NULL, 0, 0, 0, 0, 0}
/* clang-format on */

/* Computes the edit script turning a[0..a_len) into b[0..b_len) into out,
 * replacing what it held (its memory is reused). options may be NULL for
 * the defaults. Either array may be NULL when its length is 0. Cannot fail
 * (out of memory aborts, as everywhere in parley). */
void pl_diff_compute(pl_diff_script *out, const uint32_t *a, size_t a_len, const uint32_t *b,
                     size_t b_len, const pl_diff_options *options);

/* Checks that script turns a into b: runs in order, covering both arrays,
 * equal runs equal, counts right. Returns 0, or PL_EINVALID with a message
 * naming the first bad run. For tests and for paranoid callers. */
int pl_diff_verify(const pl_diff_script *script, const uint32_t *a, size_t a_len, const uint32_t *b,
                   size_t b_len, pl_error *err);

/* Empties script (no runs, counts and flags 0), keeping its memory. */
void pl_diff_script_clear(pl_diff_script *script);
/* Appends a run of length ids (nothing when length is 0) and adds it to
 * the deleted or inserted count: for code that builds a script itself. */
void pl_diff_script_push(pl_diff_script *script, pl_diff_kind kind, size_t a_start, size_t b_start,
                         size_t length);

/* Releases script's runs and leaves it as PL_DIFF_SCRIPT_INIT. */
void pl_diff_script_free(pl_diff_script *script);

#endif
