/* token_int.h — comparison forms and their hash, shared by the tokenizer
 * (token.c) and the interner (intern.c).
 *
 * Ownership: a pl_form_scratch owns its buffer (pl_form_scratch_free); forms
 * returned from it are borrowed until its next use. */
#ifndef PARLEY_TOKEN_INT_H
#define PARLEY_TOKEN_INT_H

#include "parley/token.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pl_form_scratch {
	int32_t *buf; /* utf8proc works in code points, then re-encodes in place */
	size_t capacity;
} pl_form_scratch;

void pl_form_scratch_free(pl_form_scratch *scratch);

/* Hash of p[0..len); lower != 0 lower-cases ASCII letters first (the bytes
 * must then all be ASCII). Not stable across platforms: never store it. */
uint32_t pl_token_hash(const unsigned char *p, size_t len, int lower);

/* The comparison form of the token text[tok->offset ..] split with options,
 * in *form / *form_len (borrowed: the text itself or scratch). */
void pl_token_form(pl_form_scratch *scratch, const char *text, const pl_token *tok,
                   unsigned options, const unsigned char **form, size_t *form_len);

/* Hash of the comparison form of tok, as pl_token_split computes it. */
uint32_t pl_token_form_hash(pl_form_scratch *scratch, const char *text, const pl_token *tok,
                            unsigned options);

/* The words (non-space tokens) of a text, one after another, cut exactly as
 * pl_token_split cuts them but without hashing or a token array: for code
 * that needs only where word k starts and ends (amendments' word spans). */
typedef struct pl_word_cursor {
	const unsigned char *s;
	size_t len;
	size_t at;  /* where the next token starts */
	size_t bad; /* offset of the first invalid byte; SIZE_MAX while none */
} pl_word_cursor;

void pl_word_cursor_init(pl_word_cursor *cursor, const char *text, size_t len);
/* The next max words at most into spans ([start, end) each); how many
 * (fewer only at the end of the text), or -1 on invalid UTF-8, with its
 * offset in cursor->bad. */
long pl_word_spans(pl_word_cursor *cursor, size_t (*spans)[2], size_t max);

#endif
