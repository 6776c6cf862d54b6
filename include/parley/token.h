/* token.h — splitting UTF-8 text into tokens, and interning tokens as ids.
 *
 * Ownership: tokens point into the caller's text by offset and never own
 * bytes; a pl_token_list owns its array and a pl_interner owns its copies of
 * comparison forms, each released by its _free function (NULL is allowed).
 *
 * A text is cut into a sequence of tokens that covers every byte exactly
 * once, in order:
 *
 * - WORD: a run of letters, combining marks and digits starting with a
 *   letter ("Ukraine", "п’ять", "café", "A4"); an apostrophe (' U+2019
 *   U+02BC) between two letters stays inside ("don't", "Ukraine’s"). Letters
 *   of scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao,
 *   Khmer, Myanmar) are one token per character, as a dictionary-free
 *   tokenizer cannot know their word boundaries.
 * - NUMBER: the same run starting with a digit, where a ',' or '.' between
 *   two digits and one '%' right after a digit stay inside: "600,000",
 *   "24.5", "24.5%", "1990s", "5th". Currency symbols and units are separate
 *   tokens ("$", "USD", "100", "billion"): a change from $100 to €100 shows
 *   as the symbol alone, and a changed amount as the number alone.
 * - PUNCT: one punctuation character (Unicode P*), with any combining marks.
 * - SYMBOL: one extended grapheme cluster of anything else — a symbol
 *   (S*: "$", "+", an emoji with its skin tone, a ZWJ family, a flag), a
 *   control or format character, a private-use or unassigned code point.
 * - SPACE: a run of white space (ASCII white space, Unicode Zs/Zl/Zp, NEL).
 *
 * Combining marks stay attached to the character before them; a mark with
 * no base (at the start, after white space) starts a WORD.
 *
 * Each token carries the hash of its comparison form: its bytes, optionally
 * case-folded and/or NFC-normalized, and for SPACE tokens under
 * PL_TOKEN_IGNORE_SPACE the single string " ". Output always shows the
 * original bytes; the comparison form only decides what is equal. */
#ifndef PARLEY_TOKEN_H
#define PARLEY_TOKEN_H

#include "parley/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum pl_token_kind {
	PL_TOKEN_SPACE = 0,
	PL_TOKEN_WORD = 1,
	PL_TOKEN_NUMBER = 2,
	PL_TOKEN_PUNCT = 3,
	PL_TOKEN_SYMBOL = 4
} pl_token_kind;

/* Comparison options, or-ed together. */
enum {
	/* Compare Unicode case-folded forms ("Ukraine" = "UKRAINE", "ß" = "ss"). */
	PL_TOKEN_FOLD_CASE = 1u << 0,
	/* Compare NFC forms ("é" precomposed = "e" + U+0301). */
	PL_TOKEN_NFC = 1u << 1,
	/* All white space runs compare equal to each other (like diff -b): a
	 * change in the amount or kind of white space is no change, but white
	 * space appearing between two words that touched still is. Runs are
	 * kept rather than dropped so that token i and id i stay aligned. */
	PL_TOKEN_IGNORE_SPACE = 1u << 2
};

/* Texts longer than this are refused with PL_ETOOBIG (256 MiB - 1), which
 * keeps a token at 12 bytes. */
#define PL_TOKEN_MAX_TEXT ((size_t)0x0FFFFFFF)

/* One token: text[offset .. offset + length) of the text it was cut from. */
typedef struct pl_token {
	uint32_t offset;
	uint32_t hash; /* of the comparison form; in-process only */
	unsigned int length : 28;
	unsigned int kind : 3;  /* a pl_token_kind */
	unsigned int ascii : 1; /* 1 when every byte is ASCII */
} pl_token;

typedef struct pl_token_list {
	pl_token *items;
	size_t count;
	size_t capacity;
	unsigned options; /* the options the list was split with */
} pl_token_list;

/* clang-format off */
#define PL_TOKEN_LIST_INIT {NULL, 0, 0, 0}
/* clang-format on */

/* Splits text[0..len) into out, replacing what out held before (its memory
 * is reused, so one list can serve many texts). text need not be
 * NUL-terminated. Returns 0; PL_EINVALID for invalid UTF-8 (overlong forms,
 * surrogates, code points past U+10FFFF, truncated sequences), with the
 * message "invalid UTF-8 at byte N", and out then empty; PL_ETOOBIG when
 * len > PL_TOKEN_MAX_TEXT. NUL bytes are accepted as SYMBOL tokens. */
int pl_token_split(pl_token_list *out, const char *text, size_t len, unsigned options,
                   pl_error *err);

/* Empties list, keeping its memory. */
void pl_token_list_clear(pl_token_list *list);

/* Releases list's array and leaves it as PL_TOKEN_LIST_INIT. */
void pl_token_list_free(pl_token_list *list);

/* The number of words (non-space tokens) of a NUL-terminated text split
 * with options; 0 for NULL or invalid UTF-8. */
size_t pl_token_word_count(const char *text, unsigned options);

/* A short English name of a kind ("word", "number", ...). */
const char *pl_token_kind_name(int kind);

/* An interner gives each distinct comparison form a dense id 0, 1, 2, ...,
 * so that two texts become two uint32 arrays for pl_diff_compute: equal ids
 * if and only if equal comparison forms (hash collisions are resolved by
 * comparing bytes). Intern both sides of a comparison in the same interner,
 * split with the same options. */
typedef struct pl_interner pl_interner;

/* A new empty interner for token lists split with options. Free it with
 * pl_interner_free. */
pl_interner *pl_interner_new(unsigned options);

void pl_interner_free(pl_interner *interner);

/* Writes the id of each of list's tokens to ids[0 .. list->count), adding
 * new forms as needed. text is the text list was split from. Returns 0;
 * PL_EINVALID when list was split with other options than the interner's;
 * PL_ETOOBIG past 2^32 - 1 distinct forms. */
int pl_interner_add(pl_interner *interner, uint32_t *ids, const char *text,
                    const pl_token_list *list, pl_error *err);

/* How many distinct forms the interner holds; ids are below this. */
size_t pl_interner_count(const pl_interner *interner);

/* The comparison form of id (borrowed, valid until the interner is freed or
 * grows; NUL-terminated) and its length in *len (if len is not NULL);
 * NULL when id is out of range. */
const char *pl_interner_form(const pl_interner *interner, uint32_t id, size_t *len);

#endif
