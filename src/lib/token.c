/* token.c — the UTF-8 tokenizer (rules in parley/token.h).
 *
 * Most text is ASCII, so a 256-entry class table decides each byte and
 * utf8proc is asked only about bytes >= 0x80; tokens go into one array that
 * is reused between calls, and nothing is allocated per token. */
#include "parley/token.h"

#include "parley/mem.h"
#include "token_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { C_HIGH = 0, C_SPACE, C_ALPHA, C_DIGIT, C_PUNCT, C_SYMBOL };

#define S_ C_SPACE
#define A_ C_ALPHA
#define D_ C_DIGIT
#define P_ C_PUNCT
#define Y_ C_SYMBOL
/* Classes of ASCII bytes by their Unicode category; bytes >= 0x80 are
 * C_HIGH (0) and go to utf8proc. Controls other than white space are
 * symbols. */
/* clang-format off */
static const unsigned char ascii_class[256] = {
	Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, S_, S_, S_, S_, S_, Y_, Y_, /* 0x00 */
	Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, Y_, /* 0x10 */
	S_, P_, P_, P_, Y_, P_, P_, P_, P_, P_, P_, Y_, P_, P_, P_, P_, /*  !"#$%&'()*+,-./ */
	D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, P_, P_, Y_, Y_, Y_, P_, /* 0-9 :;<=>? */
	P_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, /* @A-O */
	A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, P_, P_, P_, Y_, P_, /* P-Z [\]^_ */
	Y_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, /* `a-o */
	A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, P_, Y_, P_, Y_, Y_, /* p-z {|}~ DEL */
};
/* clang-format on */
#undef S_
#undef A_
#undef D_
#undef P_
#undef Y_

enum { LAST_LETTER, LAST_DIGIT };

typedef struct scanner {
	const unsigned char *s;
	size_t len;
	size_t bad; /* offset of the first invalid byte; SIZE_MAX while none */
	int high;   /* the token being scanned has a byte >= 0x80 */
} scanner;

/* Decodes the code point at i (s[i] >= 0x80); 0 when invalid, noting where. */
static size_t decode(scanner *sc, size_t i, int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate(sc->s + i, (utf8proc_ssize_t)(sc->len - i), cp);
	if (n <= 0) {
		if (i < sc->bad)
			sc->bad = i;
		return 0;
	}
	return (size_t)n;
}

static int cat_is_letter(int cat)
{
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       cat == UTF8PROC_CATEGORY_NL;
}

static int cat_is_mark(int cat)
{
	return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

static int cp_is_space(int32_t cp, int cat)
{
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP || cp == 0x85;
}

/* Scripts written without spaces between words: one token per character. */
static int cp_is_isolated(int32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) ||   /* CJK radicals .. unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* CJK compatibility ideographs */
	       (cp >= 0xFF66 && cp <= 0xFF9F) ||   /* halfwidth katakana */
	       (cp >= 0x20000 && cp <= 0x3FFFF) || /* CJK extensions B .. */
	       (cp >= 0x0E00 && cp <= 0x0EFF) ||   /* Thai, Lao */
	       (cp >= 0x1000 && cp <= 0x109F) ||   /* Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF);     /* Khmer */
}

/* 1 when a letter that may continue a word starts at i; never an error. */
static int letter_at(const scanner *sc, size_t i)
{
	if (i >= sc->len)
		return 0;
	if (sc->s[i] < 0x80)
		return ascii_class[sc->s[i]] == C_ALPHA;
	int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(sc->s + i, (utf8proc_ssize_t)(sc->len - i), &cp);
	return n > 0 && cat_is_letter(utf8proc_category(cp)) && !cp_is_isolated(cp);
}

/* How many bytes the non-ASCII character at i adds to a word or number
 * run; 0 when it ends the run. */
static size_t run_high(scanner *sc, size_t i, int *last)
{
	int32_t cp;
	size_t n = decode(sc, i, &cp);
	if (!n)
		return 0;
	int cat = utf8proc_category(cp);
	if (cat_is_mark(cat) || cp == 0x200C || cp == 0x200D) /* marks, ZWNJ, ZWJ */
		return n;
	if (cat_is_letter(cat) && !cp_is_isolated(cp))
		*last = LAST_LETTER;
	else if (cat == UTF8PROC_CATEGORY_ND)
		*last = LAST_DIGIT;
	else if (!(cp == 0x2019 && *last == LAST_LETTER && letter_at(sc, i + n)))
		return 0;
	return n;
}

/* A word or number run continuing at i; returns its end. */
static size_t scan_run(scanner *sc, size_t i, int last)
{
	const unsigned char *s = sc->s;
	size_t len = sc->len;
	while (i < len) {
		unsigned char c = s[i];
		int cls = ascii_class[c];
		if (cls == C_ALPHA) {
			do
				i++;
			while (i < len && ascii_class[s[i]] == C_ALPHA);
			last = LAST_LETTER;
		} else if (cls == C_DIGIT) {
			do
				i++;
			while (i < len && ascii_class[s[i]] == C_DIGIT);
			last = LAST_DIGIT;
		} else if (cls == C_HIGH) {
			size_t n = run_high(sc, i, &last);
			if (!n)
				return i;
			sc->high = 1;
			i += n;
		} else if ((c == ',' || c == '.') && last == LAST_DIGIT && i + 1 < len &&
		           ascii_class[s[i + 1]] == C_DIGIT) {
			i++;
		} else if (c == '\'' && last == LAST_LETTER && letter_at(sc, i + 1)) {
			i++;
		} else {
			return c == '%' && last == LAST_DIGIT ? i + 1 : i;
		}
	}
	return i;
}

/* A white space run continuing at i; returns its end. */
static size_t scan_space(scanner *sc, size_t i)
{
	for (;;) {
		while (i < sc->len && ascii_class[sc->s[i]] == C_SPACE)
			i++;
		if (i >= sc->len || sc->s[i] < 0x80)
			return i;
		int32_t cp;
		size_t n = decode(sc, i, &cp);
		if (!n || !cp_is_space(cp, utf8proc_category(cp)))
			return i;
		sc->high = 1;
		i += n;
	}
}

/* The rest of the extended grapheme cluster (UAX #29, as utf8proc knows
 * it) that started with prev: marks, emoji modifiers, ZWJ sequences, flag
 * pairs. No ASCII character extends a cluster (CR LF is white space). */
static size_t scan_cluster(scanner *sc, size_t i, int32_t prev)
{
	utf8proc_int32_t state = 0;
	while (i < sc->len && sc->s[i] >= 0x80) {
		int32_t cp;
		size_t n = decode(sc, i, &cp);
		if (!n || utf8proc_grapheme_break_stateful(prev, cp, &state))
			return i;
		sc->high = 1;
		prev = cp;
		i += n;
	}
	return i;
}

/* A token starting with the non-ASCII character at i. */
static size_t scan_high(scanner *sc, size_t i, int *kind)
{
	int32_t cp;
	size_t n = decode(sc, i, &cp);
	if (!n)
		return i;
	sc->high = 1;
	int cat = utf8proc_category(cp);
	if (cp_is_space(cp, cat)) {
		*kind = PL_TOKEN_SPACE;
		return scan_space(sc, i + n);
	}
	if (cat_is_letter(cat) || cat_is_mark(cat)) {
		*kind = PL_TOKEN_WORD;
		if (cp_is_isolated(cp))
			return scan_cluster(sc, i + n, cp);
		return scan_run(sc, i + n, LAST_LETTER);
	}
	if (cat == UTF8PROC_CATEGORY_ND) {
		*kind = PL_TOKEN_NUMBER;
		return scan_run(sc, i + n, LAST_DIGIT);
	}
	if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO)
		*kind = PL_TOKEN_PUNCT;
	else if (cat == UTF8PROC_CATEGORY_NO) /* ², ½, circled digits */
		*kind = PL_TOKEN_NUMBER;
	else
		*kind = PL_TOKEN_SYMBOL;
	return scan_cluster(sc, i + n, cp);
}

/* The token starting at i: its end, and its kind in *kind. */
static size_t scan_token(scanner *sc, size_t i, int *kind)
{
	unsigned char c = sc->s[i];
	switch (ascii_class[c]) {
	case C_SPACE:
		*kind = PL_TOKEN_SPACE;
		return scan_space(sc, i + 1);
	case C_ALPHA:
		*kind = PL_TOKEN_WORD;
		return scan_run(sc, i + 1, LAST_LETTER);
	case C_DIGIT:
		*kind = PL_TOKEN_NUMBER;
		return scan_run(sc, i + 1, LAST_DIGIT);
	case C_PUNCT:
		*kind = PL_TOKEN_PUNCT;
		return scan_cluster(sc, i + 1, c);
	case C_SYMBOL:
		*kind = PL_TOKEN_SYMBOL;
		return scan_cluster(sc, i + 1, c);
	default:
		return scan_high(sc, i, kind);
	}
}

void pl_word_cursor_init(pl_word_cursor *cursor, const char *text, size_t len)
{
	*cursor = (pl_word_cursor){(const unsigned char *)text, len, 0, SIZE_MAX};
}

/* Where the run of ASCII letters from i ends: eight bytes at a time while
 * eight can be read (a byte is a letter when, with bit 0x20 set, it lies in
 * 'a'..'z' and it is below 0x80), then byte by byte. */
static inline size_t letters_end(const unsigned char *s, size_t len, size_t i)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t x = (w | ones * 0x20) & ~high;
		uint64_t at_least_a = x + ones * (0x80 - 'a');
		uint64_t above_z = x + ones * (0x7F - 'z');
		uint64_t other = ~(at_least_a & ~above_z & ~w) & high;
		if (other) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(other) / 8;
#else
			break;
#endif
		}
	}
	while (i < len && ascii_class[s[i]] == C_ALPHA)
		i++;
	return i;
}

/* The end of the ASCII word or single punctuation mark at i, when the
 * general scanner would cut it there too; 0 when it must decide. */
__attribute__((always_inline)) static inline size_t quick_word(const unsigned char *s, size_t len,
                                                               size_t i)
{
	int cls = ascii_class[s[i]];
	size_t j = i + 1;
	if (cls == C_ALPHA) {
		j = letters_end(s, len, j);
		/* Digits, non-ASCII letters and "'s" may continue the word. */
		if (j == len ||
		    (ascii_class[s[j]] != C_DIGIT && ascii_class[s[j]] != C_HIGH && s[j] != '\''))
			return j;
		return 0;
	}
	/* A mark stands alone unless a combining character follows it. */
	if ((cls == C_PUNCT || cls == C_SYMBOL) && (j == len || s[j] < 0x80))
		return j;
	return 0;
}

/* The next word by the general scanner, for what quick_word leaves. */
__attribute__((noinline)) static int slow_word(pl_word_cursor *cursor, size_t *start, size_t *end)
{
	scanner sc = {cursor->s, cursor->len, SIZE_MAX, 0};
	while (cursor->at < cursor->len) {
		int kind = PL_TOKEN_SYMBOL;
		size_t from = cursor->at, to = scan_token(&sc, from, &kind);
		if (sc.bad != SIZE_MAX) {
			cursor->bad = sc.bad;
			return -1;
		}
		cursor->at = to;
		if (kind != PL_TOKEN_SPACE) {
			*start = from;
			*end = to;
			return 1;
		}
	}
	return 0;
}

long pl_word_spans(pl_word_cursor *cursor, size_t (*spans)[2], size_t max)
{
	const unsigned char *s = cursor->s;
	size_t len = cursor->len, i = cursor->at, n = 0;
	while (n < max) {
		while (i < len && ascii_class[s[i]] == C_SPACE)
			i++;
		if (i == len)
			break;
		size_t quick = quick_word(s, len, i);
		if (quick) {
			spans[n][0] = i;
			spans[n++][1] = i = quick;
			continue;
		}
		cursor->at = i;
		int got = slow_word(cursor, &spans[n][0], &spans[n][1]);
		if (got < 0)
			return -1;
		i = cursor->at;
		if (!got)
			break;
		n++;
	}
	cursor->at = i;
	return (long)n;
}

/* Lower-cases the ASCII letters of eight ASCII bytes at once: a byte gets
 * 0x20 added when it is >= 'A' and not > 'Z' (no byte carries into the next
 * because all are below 0x80). */
static uint64_t lower_ascii8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t at_least_a = w + ones * (0x80 - 'A');
	uint64_t above_z = w + ones * (0x7F - 'Z');
	uint64_t upper = at_least_a & ~above_z & (ones * 0x80);
	return w | (upper >> 2);
}

/* The last 1..7 bytes as a little-endian word. When 8 bytes can be read
 * from p (room >= 8), one load and a mask do it on little-endian machines;
 * the byte loop gives the same word everywhere else. */
static uint64_t load_tail(const unsigned char *p, size_t len, size_t room)
{
	uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (room >= 8) {
		memcpy(&w, p, 8);
		return w & (~(uint64_t)0 >> (64 - 8 * len));
	}
#else
	(void)room;
#endif
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

/* The hash of p[0..len) (see pl_token_hash); room is how many bytes may be
 * read from p, at least len. */
static inline uint32_t hash_bytes(const unsigned char *p, size_t len, size_t room, int lower)
{
	uint64_t h = 0x9E3779B97F4A7C15ull * (len + 1);
	for (; len >= 8; p += 8, len -= 8, room -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		if (lower)
			w = lower_ascii8(w);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 29;
	}
	if (len) {
		uint64_t w = load_tail(p, len, room);
		if (lower)
			w = lower_ascii8(w);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
	}
	/* splitmix64's finalizer */
	h ^= h >> 31;
	h *= 0x94D049BB133111EBull;
	h ^= h >> 32;
	return (uint32_t)h;
}

uint32_t pl_token_hash(const unsigned char *p, size_t len, int lower)
{
	return hash_bytes(p, len, len, lower);
}

/* English averages about one token per three bytes; reserving that much
 * up front makes regrowth rare, and untouched pages cost nothing. */
static void reserve_tokens(pl_token_list *out, size_t len)
{
	size_t want = len / 3 + 16;
	if (want <= out->capacity)
		return;
	out->items = pl_grow(out->items, &out->capacity, want, sizeof *out->items);
	/* Large token arrays are touched once, page by page; huge pages make
	 * that first touch several times cheaper. */
	pl_advise_huge(out->items, out->capacity * sizeof *out->items);
}

static int split_all(pl_token_list *out, scanner *sc, pl_form_scratch *scratch, const char *text,
                     pl_error *err)
{
	size_t i = 0;
	while (i < sc->len) {
		int kind = PL_TOKEN_SYMBOL;
		sc->high = 0;
		size_t end = scan_token(sc, i, &kind);
		if (sc->bad != SIZE_MAX) {
			out->count = 0;
			return pl_error_set(err, PL_EINVALID, "invalid UTF-8 at byte %zu", sc->bad);
		}
		if (out->count == out->capacity)
			out->items =
			    pl_grow(out->items, &out->capacity, out->count + 1, sizeof *out->items);
		/* Built in a local and stored once: reading a field back from
		 * the array would wait for the store's cache miss. */
		pl_token tok = {(uint32_t)i, 0, (unsigned)(end - i), (unsigned)kind, !sc->high};
		if (!sc->high && !(out->options & PL_TOKEN_IGNORE_SPACE))
			tok.hash = hash_bytes(sc->s + i, end - i, sc->len - i,
			                      (out->options & PL_TOKEN_FOLD_CASE) != 0);
		else
			tok.hash = pl_token_form_hash(scratch, text, &tok, out->options);
		out->items[out->count++] = tok;
		i = end;
	}
	return 0;
}

int pl_token_split(pl_token_list *out, const char *text, size_t len, unsigned options,
                   pl_error *err)
{
	out->count = 0;
	out->options = options;
	if (len > PL_TOKEN_MAX_TEXT)
		return pl_error_set(err, PL_ETOOBIG, "text of %zu bytes is over the %zu-byte limit",
		                    len, PL_TOKEN_MAX_TEXT);
	if (len == 0)
		return 0;
	reserve_tokens(out, len);
	scanner sc = {(const unsigned char *)text, len, SIZE_MAX, 0};
	pl_form_scratch scratch = {NULL, 0};
	int rc = split_all(out, &sc, &scratch, text, err);
	pl_form_scratch_free(&scratch);
	return rc;
}

void pl_token_list_clear(pl_token_list *list)
{
	list->count = 0;
}

void pl_token_list_free(pl_token_list *list)
{
	if (!list)
		return;
	free(list->items);
	*list = (pl_token_list)PL_TOKEN_LIST_INIT;
}

const char *pl_token_kind_name(int kind)
{
	switch (kind) {
	case PL_TOKEN_SPACE:
		return "space";
	case PL_TOKEN_WORD:
		return "word";
	case PL_TOKEN_NUMBER:
		return "number";
	case PL_TOKEN_PUNCT:
		return "punct";
	case PL_TOKEN_SYMBOL:
		return "symbol";
	default:
		return "unknown";
	}
}

/* ---- comparison forms (shared with intern.c through token_int.h) ---- */

void pl_form_scratch_free(pl_form_scratch *scratch)
{
	free(scratch->buf);
	scratch->buf = NULL;
	scratch->capacity = 0;
}

static void scratch_reserve(pl_form_scratch *scratch, size_t count)
{
	if (count < 64)
		count = 64;
	scratch->buf = pl_grow(scratch->buf, &scratch->capacity, count, sizeof *scratch->buf);
}

/* NFC and/or case folding by utf8proc, into scratch: decompose to code
 * points (folding on the way), then compose and re-encode in place. */
static void unicode_form(pl_form_scratch *scratch, const unsigned char *p, size_t len,
                         unsigned options, const unsigned char **form, size_t *form_len)
{
	utf8proc_option_t flags = UTF8PROC_STABLE;
	if (options & PL_TOKEN_NFC)
		flags |= UTF8PROC_COMPOSE;
	if (options & PL_TOKEN_FOLD_CASE)
		flags |= UTF8PROC_CASEFOLD;
	scratch_reserve(scratch, len);
	for (;;) {
		utf8proc_ssize_t n = utf8proc_decompose(p, (utf8proc_ssize_t)len, scratch->buf,
		                                        (utf8proc_ssize_t)scratch->capacity, flags);
		if (n < 0)
			break; /* not after validation; fall back to the bytes */
		if ((size_t)n <= scratch->capacity) {
			utf8proc_ssize_t bytes = utf8proc_reencode(scratch->buf, n, flags);
			if (bytes < 0)
				break;
			*form = (const unsigned char *)scratch->buf;
			*form_len = (size_t)bytes;
			return;
		}
		scratch_reserve(scratch, (size_t)n);
	}
	*form = p;
	*form_len = len;
}

void pl_token_form(pl_form_scratch *scratch, const char *text, const pl_token *tok,
                   unsigned options, const unsigned char **form, size_t *form_len)
{
	const unsigned char *p = (const unsigned char *)text + tok->offset;
	size_t len = tok->length;
	if (tok->kind == PL_TOKEN_SPACE && (options & PL_TOKEN_IGNORE_SPACE)) {
		*form = (const unsigned char *)" ";
		*form_len = 1;
	} else if (tok->ascii && (options & PL_TOKEN_FOLD_CASE)) {
		scratch_reserve(scratch, len / sizeof *scratch->buf + 1);
		unsigned char *out = (unsigned char *)scratch->buf;
		for (size_t i = 0; i < len; i++)
			out[i] = (unsigned char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		*form = out;
		*form_len = len;
	} else if (tok->ascii || !(options & (PL_TOKEN_FOLD_CASE | PL_TOKEN_NFC))) {
		*form = p;
		*form_len = len;
	} else {
		unicode_form(scratch, p, len, options, form, form_len);
	}
}

uint32_t pl_token_form_hash(pl_form_scratch *scratch, const char *text, const pl_token *tok,
                            unsigned options)
{
	static const unsigned char space[] = " ";
	if (tok->kind == PL_TOKEN_SPACE && (options & PL_TOKEN_IGNORE_SPACE))
		return pl_token_hash(space, 1, 0);
	if (tok->ascii)
		return pl_token_hash((const unsigned char *)text + tok->offset, tok->length,
		                     (options & PL_TOKEN_FOLD_CASE) != 0);
	const unsigned char *form;
	size_t len;
	pl_token_form(scratch, text, tok, options, &form, &len);
	return pl_token_hash(form, len, 0);
}

size_t pl_token_word_count(const char *text, unsigned options)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	size_t words = 0;
	if (text && pl_token_split(&list, text, strlen(text), options, NULL) == 0)
		for (size_t i = 0; i < list.count; i++)
			words += list.items[i].kind != PL_TOKEN_SPACE;
	pl_token_list_free(&list);
	return words;
}
