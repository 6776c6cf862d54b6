/* redline.h — what changed between two versions of a plan: points matched,
 * classified, and redlined word by word.
 *
 * Ownership: a pl_redline borrows the two documents it compares (they must
 * outlive it) and owns everything else; pl_redline_free releases it. The
 * texts a pl_text_diff points into are the documents' own strings. */
#ifndef PARLEY_REDLINE_H
#define PARLEY_REDLINE_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/diff.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/token.h"

/* How a point (or sub-item, or heading) changed. */
typedef enum pl_change {
	PL_CHANGE_UNCHANGED = 0,
	PL_CHANGE_REWORDED,    /* small edits that keep the meaning: a word's form,
	                        * punctuation, articles, spacing */
	PL_CHANGE_SUBSTANTIVE, /* anything else: numbers, names, negations and
	                        * modal verbs, added or removed content words */
	PL_CHANGE_MOVED,       /* the same words under another label or part */
	PL_CHANGE_ADDED,
	PL_CHANGE_DELETED,
	PL_CHANGE_COUNT
} pl_change;

/* "unchanged", "reworded", "substantive", "moved", "added", "deleted". */
const char *pl_change_name(pl_change change);

/* One run of a redline in bytes: a[a_offset..+a_length) and
 * b[b_offset..+b_length); an EQUAL run has both, a DELETE only a's bytes
 * (b_length 0), an INSERT only b's (a_length 0). */
typedef struct pl_text_run {
	pl_diff_kind kind;
	size_t a_offset, a_length;
	size_t b_offset, b_length;
} pl_text_run;

/* A word-level redline of text a against text b. Texts are borrowed.
 * runs is what outputs print; the token lists and the token script are
 * kept for the classification of the texts, and are empty when the diff
 * was computed without them (large plain texts, pl_text_diff_large; the
 * texts of a pl_redline, which are classified as they are diffed). */
typedef struct pl_text_diff {
	const char *a, *b;
	size_t a_len, b_len;
	pl_text_run *runs;
	size_t run_count, run_capacity;
	pl_token_list a_tokens, b_tokens;
	pl_diff_script script;
	size_t words_a, words_b; /* non-space tokens on each side */
	size_t words_deleted, words_inserted;
	int changed; /* 0 when the texts compare equal */
	int minimal; /* 1 when no cost limit or anchor was used */
} pl_text_diff;

/* Appends a run to diff->runs, merging it with the last run of the same
 * kind. */
void pl_text_diff_add_run(pl_text_diff *diff, pl_diff_kind kind, size_t a_offset, size_t a_length,
                          size_t b_offset, size_t b_length);

typedef struct pl_item_diff {
	const pl_item *a, *b; /* either may be NULL (added / deleted) */
	pl_change change;
	pl_text_diff text;
} pl_item_diff;

typedef struct pl_point_diff {
	const pl_point *a, *b; /* a NULL: added; b NULL: deleted */
	pl_change change;      /* the point as a whole */
	pl_change text_change; /* the lead text alone (pl_text_diff_classify) */
	int relabelled;        /* the label differs */
	int moved;             /* the part differs (by heading) */
	pl_text_diff text;     /* the lead text */
	pl_item_diff *items;   /* in b's order, deleted items where they stood */
	size_t item_count;
} pl_point_diff;

typedef struct pl_part_diff {
	const pl_part *a, *b;
	pl_change change;
	pl_text_diff heading;
} pl_part_diff;

typedef struct pl_redline {
	const pl_doc *a, *b;
	pl_change title_change;
	pl_text_diff title;
	pl_part_diff *parts; /* b's parts in order, then a's parts that are gone */
	size_t part_count;
	pl_point_diff *points; /* reading order of b; deleted points of a after
	                        * the point that preceded them in a */
	size_t point_count;
	size_t counts[PL_CHANGE_COUNT]; /* points per change */
	int matched_by_id;              /* 1 when the points were matched by stable id */
} pl_redline;

typedef struct pl_redline_options {
	unsigned token_options; /* PL_TOKEN_FOLD_CASE, PL_TOKEN_NFC, PL_TOKEN_IGNORE_SPACE */
	int match_by_id;        /* match by stable id (one document's versions);
	                         * otherwise by label and wording */
} pl_redline_options;

/* Compares plan a (older) with plan b (newer). Points are matched by id
 * (options->match_by_id, for versions of one document) or by the rules of
 * pl_match_ids (label, identical or similar wording). Returns 0, or
 * PL_EINVALID for text that is not valid UTF-8. */
int pl_redline_compute(pl_redline **out, const pl_doc *a, const pl_doc *b,
                       const pl_redline_options *options, pl_error *err);
/* 1 when the redline shows any change: the title, a part heading, a point
 * (what `parley diff` exits 1 for). */
int pl_redline_differs(const pl_redline *redline);
void pl_redline_free(pl_redline *redline);

/* The word redline of two plain texts (no plan structure). */
int pl_text_diff_compute(pl_text_diff *out, const char *a, size_t a_len, const char *b,
                         size_t b_len, unsigned token_options, pl_error *err);
/* The word redline of two large plain texts, for a fraction of the cost
 * of pl_text_diff_compute: both texts are cut into chunks (after each
 * newline, after white space that follows . ! ? ; or :, and in long
 * stretches without them at content-chosen white space), the chunks are
 * hashed and walked in step, and only the stretches where chunks differ
 * are split into tokens and diffed word by word; two similar texts are
 * cut in halves solved on two threads. Fills out like
 * pl_text_diff_compute (free it with pl_text_diff_free) but with runs and
 * counts only: a_tokens, b_tokens and script stay empty. Both whole texts
 * are checked: PL_EINVALID "invalid UTF-8 at byte N" (a's offset when a is
 * bad, else b's), PL_ETOOBIG past PL_TOKEN_MAX_TEXT. words_a, words_b,
 * words_deleted and words_inserted are exact counts of non-space tokens,
 * as pl_text_diff_compute counts them. Each changed stretch is diffed over
 * its words (non-space tokens), white space laid back in between, so the
 * script is minimal in words rather than in tokens within a stretch; as a
 * whole it need not be minimal (equal chunks are kept as they were
 * matched): minimal is 1 only when the chunks differ in one stretch whose
 * word diff was exact. Cost is bounded: the chunk
 * script takes at most PL_DIFF_WORK_LIMIT steps and the word diffs of all
 * the stretches together about as many (each is charged (N + M) * (D + 1) steps, or its
 * whole limit when cut); once spent, the remaining stretches become one
 * deletion and one insertion each — two unrelated 10 MB texts then take
 * about as long as two diffs of PL_DIFF_WORK_LIMIT steps plus linear
 * passes. For texts under 64 KiB pl_text_diff_compute is as fast and
 * minimal. */
int pl_text_diff_large(pl_text_diff *out, const char *a, size_t a_len, const char *b, size_t b_len,
                       unsigned token_options, pl_error *err);
void pl_text_diff_free(pl_text_diff *diff);

/* How a changed text counts: reworded or substantive (see pl_change). */
pl_change pl_text_diff_classify(const pl_text_diff *diff);

/* --- writing a redline ------------------------------------------------ */

typedef struct pl_redline_render {
	const char *a_name, *b_name; /* "framework@1"; shown in headers */
	int changed_only;            /* leave out unchanged points */
	int ansi;                    /* terminal colours instead of [-…-]{+…+} */
	const char *date;            /* HTML: ISO 8601 time of the newer version */
	const char *marking;         /* HTML: the confidentiality marking of the
				      * versions (see pl_version_marking) */
} pl_redline_render;

/* Plain text: deletions [-like this-], insertions {+like this+} (as wdiff
 * writes them), or in colour with render->ansi. */
void pl_redline_write_text(pl_buf *out, const pl_redline *r, const pl_redline_render *render);
/* CommonMark with <del>/<ins> inline HTML, which renders in any CommonMark
 * viewer and keeps the markers unambiguous. */
void pl_redline_write_markdown(pl_buf *out, const pl_redline *r, const pl_redline_render *render);
/* A standalone HTML page with the summary at the top. */
void pl_redline_write_html(pl_buf *out, const pl_redline *r, const pl_redline_render *render);
/* The schema parley.redline/1 (docs/json.md). */
void pl_redline_write_json(pl_buf *out, const pl_redline *r, const pl_redline_render *render);
/* Where a stream of output goes: write len bytes of data, 0 or an error
 * code (which stops the stream and is returned). */
typedef int (*pl_write_fn)(void *context, const char *data, size_t len);
/* The JSON of pl_redline_write_json, handed to write piece by piece as it
 * is made (points in batches, two at a time on two threads), so that a
 * large redline never lies in memory whole. Returns 0 or write's error. */
int pl_redline_stream_json(const pl_redline *r, const pl_redline_render *render, pl_write_fn write,
                           void *context);
/* A per-point summary table: label, change, words deleted and inserted. */
void pl_redline_write_stat(pl_buf *out, const pl_redline *r, const pl_redline_render *render);

/* A plain-text redline (no plan structure) in each format. */
typedef enum pl_redline_format {
	PL_FORMAT_TEXT,
	PL_FORMAT_MARKDOWN,
	PL_FORMAT_HTML,
	PL_FORMAT_JSON
} pl_redline_format;
void pl_text_diff_write_json(pl_buf *out, const pl_text_diff *diff,
                             const pl_redline_render *render);
/* The same JSON handed to write piece by piece (runs in batches, two at a
 * time on two threads), so that a long script never lies in memory
 * whole. Returns 0 or write's error. */
int pl_text_diff_stream_json(const pl_text_diff *diff, const pl_redline_render *render,
                             pl_write_fn write, void *context);
void pl_text_diff_write(pl_buf *out, const pl_text_diff *diff, pl_redline_format format,
                        const pl_redline_render *render);

/* The summary line "28 points: 6 unchanged, 1 reworded, ..." */
void pl_redline_write_summary(pl_buf *out, const pl_redline *r);

/* Calls back with each segment of a text diff in order: equal text,
 * deleted text (from a), inserted text (from b). An unchanged text that was
 * never tokenized comes as one equal segment. */
typedef struct pl_segment_sink {
	void (*equal)(void *context, const char *text, size_t len);
	void (*deleted)(void *context, const char *text, size_t len);
	void (*inserted)(void *context, const char *text, size_t len);
	void *context;
} pl_segment_sink;
void pl_text_diff_walk(const pl_text_diff *diff, const pl_segment_sink *sink);

#endif
