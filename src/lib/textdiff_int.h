/* textdiff_int.h — what the three files of pl_text_diff_large share
 * (textdiff_scan.c, textdiff_chunks.c, textdiff_large.c), and the byte
 * classifier and the counting and cutting built on it, exposed so that its
 * two forms (SSE2 or portable, and AVX2) can be tested against each other
 * and against the tokenizer.
 *
 * Ownership: a pl_side_scan borrows its text and owns its chunks and
 * token scratch (pl_side_scan_free); ids live in the caller's array. */
#ifndef PARLEY_TEXTDIFF_INT_H
#define PARLEY_TEXTDIFF_INT_H

#include "parley/diff.h"
#include "parley/error.h"
#include "parley/token.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* One block of 64 bytes as masks: bit j is byte j. */
typedef struct pl_block_masks {
	uint64_t high;       /* >= 0x80 */
	uint64_t space;      /* ASCII white space, as the tokenizer has it */
	uint64_t letter;     /* A-Z a-z */
	uint64_t digit;      /* 0-9 */
	uint64_t joiner;     /* , and . (inside numbers) */
	uint64_t apostrophe; /* ' (inside words) */
	uint64_t percent;    /* % (ends a number) */
	uint64_t newline;
	uint64_t terminator; /* . ! ? ; : */
} pl_block_masks;

/* The masks of p[0..64) with SSE2 (a byte loop where SSE2 is missing). */
void pl_classify_block(const unsigned char *p, pl_block_masks *m);
/* The same with AVX2: 0, or -1 (m untouched) when the CPU lacks it. */
int pl_classify_block_avx2(const unsigned char *p, pl_block_masks *m);

/* The words (non-space tokens) of text[0..len) as pl_token_split counts
 * them, from the same masks; SIZE_MAX when the text has a byte >= 0x80. */
size_t pl_text_count_ascii_words(const char *text, size_t len);

/* A token of a middle: where it starts and ends, whether it is white
 * space. */
typedef struct pl_ascii_token {
	uint32_t offset;
	uint32_t length : 31;
	uint32_t space : 1;
} pl_ascii_token;

/* Appends the tokens of ASCII text[0..len) as pl_token_split cuts them to
 * (*toks)[at ..], growing *toks (pl_grow, *capacity); how many, or
 * SIZE_MAX when the text has a byte >= 0x80. */
size_t pl_text_ascii_tokens(const char *text, size_t len, pl_ascii_token **toks, size_t *capacity,
                            size_t at);

/* Which classifier pl_text_diff_large uses: -1 (the default) AVX2 when the
 * CPU has it, 0 never. For tests, which compare the two paths; set it
 * only while no diff is running. */
extern int pl_textdiff_avx2;

/* Whether pl_text_diff_large may cut two similar texts in two halves
 * solved on two threads: -1 (the default) when it finds a cut, 0 never.
 * For tests, which compare the two; set it only while no diff is running. */
extern int pl_textdiff_cut;

/* --- the chunks of pl_text_diff_large, shared by its three files ------ */

/* Inputs of at least this many bytes (both sides) are worth a second
 * thread. */
#define PL_TEXTDIFF_PARALLEL ((size_t)1 << 18)

/* Eight bytes, so that a side's chunks take little memory: their words
 * are counted again where a chunk's count is needed (pl_text_words). */
typedef struct pl_chunk {
	uint32_t hash;
	uint32_t start; /* the chunk is text[start .. next chunk's start) */
} pl_chunk;

typedef struct pl_side_scan {
	const unsigned char *s;
	size_t len;
	pl_chunk *chunks;
	uint32_t *ids; /* B's point into A's array (pl_textdiff_intern) */
	size_t count, capacity;
	size_t upper; /* chunks whose hash has its top bit set */
	size_t words;
	size_t bad; /* first invalid byte; SIZE_MAX while none */
	pl_token_list tokens;
} pl_side_scan;

/* Where chunk k of sd ends. */
static inline size_t pl_chunk_end(const pl_side_scan *sd, size_t k)
{
	return k + 1 < sd->count ? sd->chunks[k + 1].start : sd->len;
}

/* ASCII white space, as the tokenizer has it. */
static inline int pl_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= 9 && c <= 13);
}

/* How many bytes x and y have in common at their start, at most max. */
static inline size_t pl_common_prefix(const char *x, const char *y, size_t max)
{
	size_t n = 0;
	for (; n + 8 <= max; n += 8) {
		uint64_t u, v;
		memcpy(&u, x + n, 8);
		memcpy(&v, y + n, 8);
		if (u != v)
			break;
	}
	while (n < max && x[n] == y[n])
		n++;
	return n;
}

/* How many bytes x[0 .. x_len) and y[0 .. y_len) have in common at their
 * end, at most max. */
static inline size_t pl_common_suffix(const char *x, size_t x_len, const char *y, size_t y_len,
                                      size_t max)
{
	size_t n = 0;
	for (; n + 8 <= max; n += 8) {
		uint64_t u, v;
		memcpy(&u, x + x_len - n - 8, 8);
		memcpy(&v, y + y_len - n - 8, 8);
		if (u != v)
			break;
	}
	while (n < max && x[x_len - 1 - n] == y[y_len - 1 - n])
		n++;
	return n;
}

/* textdiff_scan.c: scans both sides into chunks (b on a second thread when
 * they are large); 0, or PL_EINVALID "invalid UTF-8 at byte N" (a's
 * offset when a is bad, else b's). */
int pl_textdiff_scan(pl_side_scan *a, pl_side_scan *b, pl_error *err);
void pl_side_scan_free(pl_side_scan *sd);
/* Non-space tokens of p[0 .. len): the fast count, or the tokenizer's
 * (scratch) where the text is not ASCII. */
size_t pl_text_words(const unsigned char *p, size_t len, pl_token_list *scratch);
/* Runs task(arg) on a second thread; on failure to start one, right here.
 * Returns 1 when a thread must be joined. */
int pl_textdiff_start_task(pthread_t *thread, void *(*task)(void *), void *arg);

/* textdiff_chunks.c: the ids of both sides' chunks, in a->ids (B's after
 * A's; the caller frees a->ids): equal ids are equal bytes. */
void pl_textdiff_intern(pl_side_scan *a, pl_side_scan *b);
/* The chunk script of a[0 .. n) against b[0 .. m) within budget steps; 1
 * when a stretch's diff was cut short by the budget. */
int pl_textdiff_chunk_script(pl_diff_script *out, const uint32_t *a, size_t n, const uint32_t *b,
                             size_t m, size_t budget);
/* Where both sides can be cut in halves diffed apart: chunk *ai of A and
 * *bj of B; 0 when no cut is found near the middle. */
int pl_textdiff_find_cut(const pl_side_scan *a, const pl_side_scan *b, size_t *ai, size_t *bj);

#endif
