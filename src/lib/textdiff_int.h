/* textdiff_int.h — the byte classifier of textdiff_large.c and the
 * counting and cutting built on it, exposed so that its two forms (SSE2 or
 * portable, and AVX2) can be tested against each other and against the
 * tokenizer. */
#ifndef PARLEY_TEXTDIFF_INT_H
#define PARLEY_TEXTDIFF_INT_H

#include <stddef.h>
#include <stdint.h>

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
size_t pl_text_ascii_tokens(const char *text, size_t len, pl_ascii_token **toks,
                            size_t *capacity, size_t at);

/* Which classifier pl_text_diff_large uses: -1 (the default) AVX2 when the
 * CPU has it, 0 never. For tests, which compare the two paths; set it
 * only while no diff is running. */
extern int pl_textdiff_avx2;

/* Whether pl_text_diff_large may cut two similar texts in two halves
 * solved on two threads: -1 (the default) when it finds a cut, 0 never.
 * For tests, which compare the two; set it only while no diff is running. */
extern int pl_textdiff_cut;

#endif
