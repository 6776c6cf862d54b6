/* textdiff_large.c — the word redline of two large plain texts without
 * tokenizing what did not change (see pl_text_diff_large in
 * parley/redline.h for the contract).
 *
 * The idea is git's (xdiff diffs lines, --word-diff then re-diffs only the
 * changed hunks), with chunks instead of lines so that one long paragraph
 * still splits:
 *
 * 1. Scan (one thread per side): 64 bytes at a time, AVX2 compares (SSE2
 *    on CPUs without AVX2, chosen at run time) turn the bytes into bit
 *    masks (white space, letters, digits, ...). From the masks come, at
 *    once, the UTF-8 check (only blocks with a byte >= 0x80 are decoded,
 *    by utf8proc like the tokenizer does), the chunk cuts and the count
 *    of non-space tokens of each chunk. A chunk ends after a
 *    newline, or after the first white space following . ! ? ; or : — a
 *    cut chosen by content alone, so an insertion moves no other cut (as in
 *    content-defined chunking). Text without such marks is cut, once a
 *    chunk is 512 bytes long, at a white space whose 8 preceding bytes hash
 *    to 0 mod 32, and at any white space past 8 KiB; text without any white
 *    space is never cut. Each chunk gets a 64-bit hash.
 * 2. Chunks are interned to ids (hash, then bytes compared: equal ids are
 *    equal bytes) and diffed with pl_diff_compute.
 * 3. Each changed stretch that both deletes and inserts chunks loses the
 *    bytes its two sides start and end with (cut at token boundaries);
 *    the middle is split into tokens and its words (non-space tokens) are
 *    diffed — by an exact dynamic-programming LCS when both sides have at
 *    most SMALL_LCS words, else by pl_diff_compute — and white space is
 *    laid back between matched words. Both threads take half of the
 *    stretches (by bytes). A stretch that only deletes or only inserts
 *    needs no tokens: its words were counted in 1.
 * 4. White space left equal between two changes joins them, as in
 *    pl_text_diff_compute.
 *
 * Cutting at white space keeps every token except white space runs whole,
 * so the token counts of chunks add up to the counts of the whole text. */
#include "parley/mem.h"
#include "parley/redline.h"
#include "textdiff_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

enum {
	CHUNK_LONG = 512,        /* past this, also cut where the hash says so */
	CHUNK_HARD = 8192,       /* past this, cut at the next white space */
	CHUNK_HASH_MASK = 31,    /* one white space in 32 qualifies */
	PARALLEL_SCAN = 1 << 18, /* bytes (both sides) worth a second thread */
	PARALLEL_HUNKS = 1 << 16 /* bytes of changed stretches worth one */
};

/* --- bits ------------------------------------------------------------- */

/* Without -mpopcnt, __builtin_popcountll is a library call; this is not. */
static unsigned popcount64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

static unsigned lowest_bit(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(x);
#else
	unsigned n = 0;
	while (!(x & 1)) {
		x >>= 1;
		n++;
	}
	return n;
#endif
}

/* Bits 0 .. j of a word. */
static uint64_t bits_through(unsigned j)
{
	return j >= 63 ? ~(uint64_t)0 : ((uint64_t)2 << j) - 1;
}

#if defined(__SSE2__)
static uint64_t movemask(__m128i v, unsigned lane)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * lane);
}

static __m128i equal_to(__m128i v, char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

/* lo <= v <= hi, bytes taken as signed: bytes >= 0x80 never qualify. */
static __m128i within(__m128i v, char lo, char hi)
{
	return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
			     _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}

void pl_classify_block(const unsigned char *p, pl_block_masks *m)
{
	memset(m, 0, sizeof *m);
	for (unsigned lane = 0; lane < 4; lane++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * lane));
		__m128i dot = equal_to(v, '.');
		m->high |= movemask(v, lane);
		m->space |= movemask(_mm_or_si128(equal_to(v, ' '), within(v, 9, 13)), lane);
		m->letter |= movemask(within(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'), lane);
		m->digit |= movemask(within(v, '0', '9'), lane);
		m->joiner |= movemask(_mm_or_si128(dot, equal_to(v, ',')), lane);
		m->apostrophe |= movemask(equal_to(v, '\''), lane);
		m->percent |= movemask(equal_to(v, '%'), lane);
		m->newline |= movemask(equal_to(v, '\n'), lane);
		__m128i stop = _mm_or_si128(_mm_or_si128(dot, equal_to(v, '!')),
					    _mm_or_si128(equal_to(v, '?'), equal_to(v, ';')));
		m->terminator |= movemask(_mm_or_si128(stop, equal_to(v, ':')), lane);
	}
}
#else
void pl_classify_block(const unsigned char *p, pl_block_masks *m)
{
	memset(m, 0, sizeof *m);
	for (unsigned j = 0; j < 64; j++) {
		unsigned char c = p[j];
		uint64_t bit = (uint64_t)1 << j;
		if (c >= 0x80)
			m->high |= bit;
		if (c == ' ' || (c >= 9 && c <= 13))
			m->space |= bit;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			m->letter |= bit;
		if (c >= '0' && c <= '9')
			m->digit |= bit;
		if (c == ',' || c == '.')
			m->joiner |= bit;
		if (c == '\'')
			m->apostrophe |= bit;
		if (c == '%')
			m->percent |= bit;
		if (c == '\n')
			m->newline |= bit;
		if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
			m->terminator |= bit;
	}
}
#endif

#if defined(HAVE_AVX2_PATH)
/* The AVX2 form of pl_classify_block: two lanes of 32 bytes instead of
 * four of 16, the same masks. Compiled for AVX2 alone and called only
 * when the CPU has it (use_avx2). */
__attribute__((target("avx2"))) static inline uint64_t movemask32(__m256i v, unsigned lane)
{
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << (32 * lane);
}

__attribute__((target("avx2"))) static inline __m256i equal_to32(__m256i v, char c)
{
	return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
}

__attribute__((target("avx2"))) static inline __m256i within32(__m256i v, char lo, char hi)
{
	return _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8((char)(lo - 1))),
				_mm256_cmpgt_epi8(_mm256_set1_epi8((char)(hi + 1)), v));
}

/* Classes of a byte, looked up by nibble (after the classification of
 * simdjson, Langdale & Lemire 2019): bit k is set when the low nibble is
 * in one set and the high nibble in another, so each class is such a
 * product and a byte's classes are LOW[lo] & HIGH[hi]. Letters, white
 * space and the sentence ends take two classes each; bytes >= 0x80 none. */
enum {
	CLASS_CONTROL_SPACE = 1 << 0, /* \t \n \v \f \r: high 0, low 9..D */
	CLASS_BLANK = 1 << 1,         /* ' ': high 2, low 0 */
	CLASS_LETTER_LOW = 1 << 2,    /* A-O a-o: high 4 or 6, low 1..F */
	CLASS_LETTER_HIGH = 1 << 3,   /* P-Z p-z: high 5 or 7, low 0..A */
	CLASS_DIGIT = 1 << 4,         /* high 3, low 0..9 */
	CLASS_JOINER = 1 << 5,        /* , .: high 2, low C or E */
	CLASS_STOP_2 = 1 << 6,        /* ! .: high 2, low 1 or E */
	CLASS_STOP_3 = 1 << 7         /* : ; ?: high 3, low A, B or F */
};

/* Bit 7 of each byte of v shifted left by k, as a mask of 32 bits. */
__attribute__((target("avx2"))) static inline uint64_t bit_mask32(__m256i v, int k)
{
	switch (k) { /* the shift takes a constant */
	case 0:
		return (uint32_t)_mm256_movemask_epi8(v);
	case 1:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 1));
	case 2:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 2));
	case 3:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 3));
	case 4:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 4));
	case 5:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 5));
	case 6:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 6));
	default:
		return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(v, 7));
	}
}

__attribute__((target("avx2"))) static inline void classify_avx2(const unsigned char *p,
								 pl_block_masks *m)
{
	/* Each table twice: the shuffle looks up within each 16-byte half. */
	static const unsigned char tables[2][32] = {
	    {0x1A, 0x5C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1D, 0x8D, 0x85, 0x25, 0x05, 0x64, 0x84,
	     0x1A, 0x5C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1D, 0x8D, 0x85, 0x25, 0x05, 0x64, 0x84},
	    {0x01, 0x00, 0x62, 0x90, 0x04, 0x08, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
	     0x01, 0x00, 0x62, 0x90, 0x04, 0x08, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0}};
	const __m256i low_table = _mm256_loadu_si256((const __m256i *)(const void *)tables[0]);
	const __m256i high_table = _mm256_loadu_si256((const __m256i *)(const void *)tables[1]);
	const __m256i nibble = _mm256_set1_epi8(0x0F);
	memset(m, 0, sizeof *m);
	for (unsigned lane = 0; lane < 2; lane++) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32 * lane));
		__m256i low = _mm256_shuffle_epi8(low_table, _mm256_and_si256(v, nibble));
		__m256i high = _mm256_shuffle_epi8(
		    high_table, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
		__m256i c = _mm256_and_si256(low, high);
		unsigned shift = 32 * lane;
		m->high |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << shift;
		m->space |= (bit_mask32(c, 7) | bit_mask32(c, 6)) << shift;
		m->letter |= (bit_mask32(c, 5) | bit_mask32(c, 4)) << shift;
		m->digit |= bit_mask32(c, 3) << shift;
		m->joiner |= bit_mask32(c, 2) << shift;
		m->terminator |= (bit_mask32(c, 1) | bit_mask32(c, 0)) << shift;
		m->apostrophe |= movemask32(equal_to32(v, '\''), lane);
		m->percent |= movemask32(equal_to32(v, '%'), lane);
		m->newline |= movemask32(equal_to32(v, '\n'), lane);
	}
}

/* libgcc reads the CPU's features once, before main; this only looks. */
static int cpu_has_avx2(void)
{
	return __builtin_cpu_supports("avx2") != 0;
}
#else
static int cpu_has_avx2(void) { return 0; }
#endif

int pl_textdiff_avx2 = -1;

static int use_avx2(void)
{
	return pl_textdiff_avx2 != 0 && cpu_has_avx2();
}

int pl_classify_block_avx2(const unsigned char *p, pl_block_masks *m)
{
#if defined(HAVE_AVX2_PATH)
	if (cpu_has_avx2()) {
		classify_avx2(p, m);
		return 0;
	}
#endif
	(void)p;
	(void)m;
	return -1;
}

/* --- scanning one side into chunks -------------------------------------- */

/* Eight bytes, so that a side's chunks take little memory: their words
 * are counted again where a chunk's count is needed (text_words). */
typedef struct chunk {
	uint32_t hash;
	uint32_t start; /* the chunk is text[start .. next chunk's start) */
} chunk;

typedef struct side_scan {
	const unsigned char *s;
	size_t len;
	chunk *chunks;
	uint32_t *ids; /* B's point into A's array (intern_chunks) */
	size_t count, capacity;
	size_t upper; /* chunks whose hash has its top bit set */
	size_t words;
	size_t bad; /* first invalid byte; SIZE_MAX while none */
	pl_token_list tokens;
} side_scan;

/* State carried from block to block. */
typedef struct scan_state {
	size_t chunk_start;
	size_t valid_to; /* bytes before this are checked UTF-8 */
	size_t words;    /* tokens of the open chunk so far */
	int high;        /* the open chunk has a byte >= 0x80 */
	uint64_t prev_digit, prev_letter, prev_continues, prev_terminator; /* bit 0 */
} scan_state;

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x94D049BB133111EBull;
	h ^= h >> 32;
	return h;
}

/* Two independent lanes, so that the multiplications overlap. */
static uint64_t hash_bytes(const unsigned char *p, size_t len)
{
	const size_t start_len = len;
	uint64_t h = 0x9E3779B97F4A7C15ull * (len + 1), g = 0x94D049BB133111EBull;
	for (; len >= 16; p += 16, len -= 16) {
		uint64_t v, w;
		memcpy(&v, p, 8);
		memcpy(&w, p + 8, 8);
		h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
		g = (g ^ w) * 0x9E3779B97F4A7C15ull;
		h ^= h >> 29;
		g ^= g >> 32;
	}
	h ^= g * 0xD6E8FEB86659FD93ull;
	if (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 29;
		p += 8;
		len -= 8;
	}
	uint64_t w = 0;
	if (len && start_len >= 8) { /* the last 8 bytes, overlapping */
		memcpy(&w, p + len - 8, 8);
		w >>= 8 * (8 - len);
	} else {
		for (size_t i = 0; i < len; i++)
			w |= (uint64_t)p[i] << (8 * i);
	}
	return mix64((h ^ w) * 0xBF58476D1CE4E5B9ull);
}

static void reserve_chunks(side_scan *sd, size_t capacity)
{
	chunk *chunks = pl_malloc_huge(capacity * sizeof *chunks, 0);
	if (sd->count)
		memcpy(chunks, sd->chunks, sd->count * sizeof *chunks);
	free(sd->chunks);
	sd->chunks = chunks;
	sd->capacity = capacity;
}

/* Non-space tokens of text the fast count cannot judge (non-ASCII). */
static size_t count_words_slowly(side_scan *sd, size_t start, size_t end)
{
	if (pl_token_split(&sd->tokens, (const char *)sd->s + start, end - start, 0, NULL))
		return 0; /* not reached: the text was checked */
	size_t words = 0;
	for (size_t i = 0; i < sd->tokens.count; i++)
		words += sd->tokens.items[i].kind != PL_TOKEN_SPACE;
	return words;
}

static void close_chunk(side_scan *sd, scan_state *st, size_t end)
{
	if (sd->count == sd->capacity)
		reserve_chunks(sd, 2 * sd->capacity);
	size_t start = st->chunk_start;
	size_t words = st->high ? count_words_slowly(sd, start, end) : st->words;
	uint32_t hash = (uint32_t)(hash_bytes(sd->s + start, end - start) >> 32);
	sd->upper += hash >> 31;
	sd->chunks[sd->count++] = (chunk){hash, (uint32_t)start};
	sd->words += words;
	st->chunk_start = end;
	st->words = 0;
	st->high = 0;
}

/* 1 when the white space at pos ends a long chunk (see the top comment). */
static int long_cut(const side_scan *sd, const scan_state *st, size_t pos)
{
	size_t length = pos + 1 - st->chunk_start;
	if (length < CHUNK_LONG)
		return 0;
	if (length >= CHUNK_HARD)
		return 1;
	uint64_t w;
	memcpy(&w, sd->s + pos - 8, 8);
	return (mix64(w * 0xBF58476D1CE4E5B9ull) & CHUNK_HASH_MASK) == 0;
}

/* Checks the non-ASCII sequences starting in this block; 0 when valid. */
static int check_utf8(side_scan *sd, scan_state *st, size_t base, uint64_t high)
{
	while (high) {
		size_t i = base + lowest_bit(high);
		high &= high - 1;
		if (i < st->valid_to)
			continue;
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
		    utf8proc_iterate(sd->s + i, (utf8proc_ssize_t)(sd->len - i), &cp);
		if (n <= 0) {
			sd->bad = i;
			return -1;
		}
		st->valid_to = i + (size_t)n;
	}
	return 0;
}

/* The tokens starting in a block, per the rules of parley/token.h for
 * ASCII: a run of letters and digits is one token, where ',' or '.'
 * between two digits, an apostrophe between two letters and one '%' after
 * a digit stay inside; every other non-space byte is a token of its own.
 * Bytes >= 0x80 make the chunk counted by the tokenizer instead. */
static inline __attribute__((always_inline)) uint64_t token_starts(const pl_block_masks *m,
								   scan_state *st,
								   const unsigned char *next)
{
	uint64_t next_digit = next && *next >= '0' && *next <= '9';
	uint64_t next_letter = next && (*next | 0x20) >= 'a' && (*next | 0x20) <= 'z';
	uint64_t before_digit = m->digit << 1 | st->prev_digit;
	uint64_t after_digit = m->digit >> 1 | next_digit << 63;
	uint64_t before_letter = m->letter << 1 | st->prev_letter;
	uint64_t after_letter = m->letter >> 1 | next_letter << 63;
	uint64_t inside = (m->joiner & before_digit & after_digit) |
			  (m->apostrophe & before_letter & after_letter);
	uint64_t alnum = m->letter | m->digit;
	uint64_t continues = alnum | inside;
	uint64_t other = ~(m->high | m->space | alnum);
	uint64_t absorbed = inside | (m->percent & before_digit);
	uint64_t starts = (alnum & ~(continues << 1 | st->prev_continues)) | (other & ~absorbed);
	st->prev_digit = m->digit >> 63;
	st->prev_letter = m->letter >> 63;
	st->prev_continues = continues >> 63;
	return starts;
}

size_t pl_text_count_ascii_words(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	scan_state st;
	memset(&st, 0, sizeof st);
	size_t words = 0;
	pl_block_masks m;
	for (size_t base = 0; base < len; base += 64) {
		size_t n = len - base < 64 ? len - base : 64;
		if (n == 64) {
			pl_classify_block(s + base, &m);
		} else {
			unsigned char tail[64] = {0};
			memcpy(tail, s + base, n);
			pl_classify_block(tail, &m);
		}
		uint64_t live = bits_through((unsigned)n - 1);
		if (m.high & live)
			return SIZE_MAX;
		words += popcount64(token_starts(&m, &st, base + 64 < len ? s + base + 64 : NULL) &
				    ~m.space & live);
	}
	return words;
}

typedef void (*classify_fn)(const unsigned char *p, pl_block_masks *m);

/* pl_text_ascii_tokens with a given classifier; inlined into one copy per
 * instruction set, like scan_blocks. */
static inline __attribute__((always_inline)) size_t ascii_tokens(const char *text, size_t len,
								 pl_ascii_token **toks,
								 size_t *capacity, size_t at,
								 classify_fn classify)
{
	const unsigned char *s = (const unsigned char *)text;
	scan_state st;
	memset(&st, 0, sizeof st);
	uint64_t prev_space = 0;
	size_t n = at;
	pl_block_masks m;
	for (size_t base = 0; base < len; base += 64) {
		size_t left = len - base < 64 ? len - base : 64;
		if (left == 64) {
			classify(s + base, &m);
		} else {
			unsigned char tail[64] = {0};
			memcpy(tail, s + base, left);
			classify(tail, &m);
		}
		uint64_t live = bits_through((unsigned)left - 1);
		if (m.high & live)
			return SIZE_MAX;
		uint64_t space = m.space & live;
		uint64_t starts = token_starts(&m, &st, base + 64 < len ? s + base + 64 : NULL) &
				  ~m.space & live;
		starts |= space & ~(space << 1 | prev_space); /* white space runs */
		prev_space = space >> 63;
		*toks = pl_grow(*toks, capacity, n + 64, sizeof **toks);
		pl_ascii_token *t = *toks;
		while (starts) {
			unsigned j = lowest_bit(starts);
			starts &= starts - 1;
			if (n > at)
				t[n - 1].length = (uint32_t)(base + j - t[n - 1].offset);
			t[n++] = (pl_ascii_token){(uint32_t)(base + j), 0, (uint32_t)(space >> j & 1)};
		}
	}
	if (n > at)
		(*toks)[n - 1].length = (uint32_t)(len - (*toks)[n - 1].offset);
	return n - at;
}

static size_t ascii_tokens_portable(const char *text, size_t len, pl_ascii_token **toks,
				    size_t *capacity, size_t at)
{
	return ascii_tokens(text, len, toks, capacity, at, pl_classify_block);
}

#if defined(HAVE_AVX2_PATH)
__attribute__((target("avx2"))) static size_t ascii_tokens_avx2(const char *text, size_t len,
								pl_ascii_token **toks,
								size_t *capacity, size_t at)
{
	return ascii_tokens(text, len, toks, capacity, at, classify_avx2);
}
#else
static size_t ascii_tokens_avx2(const char *text, size_t len, pl_ascii_token **toks,
				size_t *capacity, size_t at)
{
	return ascii_tokens_portable(text, len, toks, capacity, at);
}
#endif

size_t pl_text_ascii_tokens(const char *text, size_t len, pl_ascii_token **toks,
			    size_t *capacity, size_t at)
{
	return use_avx2() ? ascii_tokens_avx2(text, len, toks, capacity, at)
			  : ascii_tokens_portable(text, len, toks, capacity, at);
}

/* Cuts and counts one block of n <= 64 bytes at base. */
static inline __attribute__((always_inline)) void scan_block(side_scan *sd, scan_state *st,
							     size_t base, pl_block_masks *m)
{
	const unsigned char *s = sd->s;
	size_t n = sd->len - base < 64 ? sd->len - base : 64;
	uint64_t live = bits_through((unsigned)n - 1);
	m->high &= live;
	m->space &= live;
	m->letter &= live;
	m->digit &= live;
	uint64_t starts = token_starts(m, st, base + 64 < sd->len ? s + base + 64 : NULL) & live;
	uint64_t cuts = m->space & (m->newline | m->terminator << 1 | st->prev_terminator);
	st->prev_terminator = m->terminator >> 63;
	uint64_t candidates = cuts;
	if (base + 64 > st->chunk_start + CHUNK_LONG)
		candidates |= m->space;
	uint64_t high = m->high;
	while (candidates) {
		unsigned j = lowest_bit(candidates);
		candidates &= candidates - 1;
		if (!(cuts >> j & 1) && !long_cut(sd, st, base + j))
			continue;
		uint64_t mine = bits_through(j);
		st->words += popcount64(starts & mine);
		st->high |= (high & mine) != 0;
		starts &= ~mine;
		high &= ~mine;
		close_chunk(sd, st, base + j + 1);
	}
	st->words += popcount64(starts);
	st->high |= high != 0;
}

/* The blocks of a side, each classified by classify; inlined into one
 * copy per instruction set, so that classify is inlined too. */
static inline __attribute__((always_inline)) int scan_blocks(side_scan *sd, scan_state *st,
							     classify_fn classify)
{
	pl_block_masks m;
	for (size_t base = 0; base < sd->len; base += 64) {
		if (sd->len - base >= 64) {
			classify(sd->s + base, &m);
		} else {
			unsigned char tail[64] = {0};
			memcpy(tail, sd->s + base, sd->len - base);
			classify(tail, &m);
		}
		if (m.high && check_utf8(sd, st, base, m.high))
			return -1;
		scan_block(sd, st, base, &m);
	}
	return 0;
}

static int scan_blocks_portable(side_scan *sd, scan_state *st)
{
	return scan_blocks(sd, st, pl_classify_block);
}

#if defined(HAVE_AVX2_PATH)
__attribute__((target("avx2"))) static int scan_blocks_avx2(side_scan *sd, scan_state *st)
{
	return scan_blocks(sd, st, classify_avx2);
}
#else
static int scan_blocks_avx2(side_scan *sd, scan_state *st)
{
	return scan_blocks_portable(sd, st);
}
#endif

/* Scans a whole side; 0, or -1 with sd->bad set. */
static int scan_side(side_scan *sd)
{
	scan_state st;
	memset(&st, 0, sizeof st);
	sd->bad = SIZE_MAX;
	/* Untouched pages cost nothing: reserve for chunks of 32 bytes. */
	reserve_chunks(sd, sd->len / 32 + 64);
	int rc = use_avx2() ? scan_blocks_avx2(sd, &st) : scan_blocks_portable(sd, &st);
	if (rc)
		return rc;
	if (st.chunk_start < sd->len)
		close_chunk(sd, &st, sd->len);
	return 0;
}

static size_t chunk_end(const side_scan *sd, size_t k)
{
	return k + 1 < sd->count ? sd->chunks[k + 1].start : sd->len;
}

static void side_free(side_scan *sd)
{
	free(sd->chunks);
	pl_token_list_free(&sd->tokens);
}

/* --- threads ------------------------------------------------------------- */

typedef void *(*task_fn)(void *);

/* Runs task(arg) on a second thread; on failure to start one, right here.
 * Returns 1 when a thread must be joined. */
static int start_task(pthread_t *thread, task_fn task, void *arg)
{
	if (pthread_create(thread, NULL, task, arg) == 0)
		return 1;
	task(arg);
	return 0;
}

static void *scan_task(void *arg)
{
	scan_side(arg);
	return NULL;
}

/* --- chunk ids ------------------------------------------------------------ */

/* A chunk's id is the index of the first chunk of A with the same bytes;
 * a chunk of B found nowhere in A gets A's count plus its own index (equal
 * chunks of B need not share an id: they can match nothing in A). Such ids
 * need little coordination. First, each of two threads interns the chunks
 * of A whose hash has its top bit equal to the thread's number, in a table
 * of its own. Then each thread takes half of B's chunks: as B is mostly A
 * in the same order, a chunk of B is first compared with the chunk of A
 * after the one its predecessor matched (memory read in order), and looked
 * up in the tables only when that fails. */
typedef struct chunk_table {
	side_scan *a;
	unsigned part; /* 0 or 1: the top bit of the hashes this table holds */
	uint32_t *slots; /* a chunk of A plus 1; 0 empty */
	size_t mask;
} chunk_table;

static int same_chunk(const side_scan *x, size_t i, const side_scan *y, size_t j)
{
	size_t xs = x->chunks[i].start, ys = y->chunks[j].start;
	size_t len = chunk_end(x, i) - xs;
	return chunk_end(y, j) - ys == len && memcmp(x->s + xs, y->s + ys, len) == 0;
}

/* The slot holding chunk k of x's content, or the empty slot where it
 * would go. */
static size_t table_find(const chunk_table *t, const side_scan *x, size_t k)
{
	uint32_t hash = x->chunks[k].hash;
	for (size_t i = (size_t)hash & t->mask;; i = (i + 1) & t->mask) {
		uint32_t slot = t->slots[i];
		if (!slot || (t->a->chunks[slot - 1].hash == hash && same_chunk(t->a, slot - 1, x, k)))
			return i;
	}
}

enum { PREFETCH_AHEAD = 16 };

static void prefetch_slot(const chunk_table *t, const side_scan *x, size_t k)
{
#if defined(__GNUC__)
	if (k < x->count)
		__builtin_prefetch(&t->slots[(size_t)x->chunks[k].hash & t->mask]);
#else
	(void)t;
	(void)x;
	(void)k;
#endif
}

static void *intern_a_task(void *arg)
{
	chunk_table *t = arg;
	side_scan *a = t->a;
	size_t mine = t->part ? a->upper : a->count - a->upper, size = 64;
	while (size < 2 * mine) /* at most half full */
		size *= 2;
	/* Written before read: a zero page mapped by a first read would
	 * fault again at the first write. */
	t->slots = pl_malloc(size * sizeof *t->slots);
	memset(t->slots, 0, size * sizeof *t->slots);
	t->mask = size - 1;
	for (size_t k = 0; k < a->count; k++) {
		prefetch_slot(t, a, k + PREFETCH_AHEAD);
		if (a->chunks[k].hash >> 31 != t->part)
			continue;
		size_t i = table_find(t, a, k);
		if (!t->slots[i])
			t->slots[i] = (uint32_t)(k + 1);
		a->ids[k] = t->slots[i] - 1;
	}
	return NULL;
}

/* Chunks first .. last of B, against A's two tables. */
typedef struct b_range {
	const chunk_table *tables;
	side_scan *b;
	size_t first, last;
} b_range;

static void *intern_b_task(void *arg)
{
	b_range *r = arg;
	const side_scan *a = r->tables[0].a;
	side_scan *b = r->b;
	size_t next = SIZE_MAX; /* the chunk of A expected next */
	for (size_t k = r->first; k < r->last; k++) {
		uint32_t hash = b->chunks[k].hash;
		if (next < a->count && a->chunks[next].hash == hash && same_chunk(a, next, b, k)) {
			b->ids[k] = a->ids[next++];
			continue;
		}
		const chunk_table *t = &r->tables[hash >> 31];
		uint32_t slot = t->slots[table_find(t, b, k)];
		b->ids[k] = slot ? slot - 1 : (uint32_t)(a->count + k);
		next = slot ? slot : SIZE_MAX;
	}
	return NULL;
}

/* Both sides' ids are in one array, a->ids, for the caller to free. */
static void intern_chunks(side_scan *a, side_scan *b)
{
	a->ids = pl_malloc_huge((a->count + b->count + 2) * sizeof *a->ids, 0);
	b->ids = a->ids + a->count + 1;
	chunk_table t[2] = {{a, 0, NULL, 0}, {a, 1, NULL, 0}};
	b_range r[2] = {{t, b, 0, b->count / 2}, {t, b, b->count / 2, b->count}};
	if (a->len + b->len >= PARALLEL_SCAN) {
		pthread_t thread;
		int joined = start_task(&thread, intern_a_task, &t[1]);
		intern_a_task(&t[0]);
		if (joined)
			pthread_join(thread, NULL);
		joined = start_task(&thread, intern_b_task, &r[1]);
		intern_b_task(&r[0]);
		if (joined)
			pthread_join(thread, NULL);
	} else {
		intern_a_task(&t[0]);
		intern_a_task(&t[1]);
		r[0].last = b->count;
		intern_b_task(&r[0]);
	}
	free(t[0].slots);
	free(t[1].slots);
}

/* --- changed stretches ------------------------------------------------------ */

/* A changed stretch: chunks of A replaced by chunks of B. Its runs are
 * runs[run_begin .. run_end) of the worker that solved it. */
typedef struct hunk {
	size_t a_first, a_count, b_first, b_count;
	size_t run_begin, run_end;
	int worker;
} hunk;

typedef struct hunk_worker {
	const side_scan *a, *b;
	unsigned options;
	hunk *hunks;
	size_t first, last; /* hunks[first .. last) */
	size_t budget;      /* diff steps left, see the header */
	pl_ascii_token *toks; /* the middle's tokens, A's then B's */
	size_t toks_capacity;
	size_t na, nb;        /* tokens of each side */
	uint32_t *ids;        /* of each token: equal ids, equal forms */
	uint32_t *words;      /* ids of the non-space tokens, A's then B's */
	uint32_t *word_at;    /* the token index of each of those */
	size_t ids_capacity;
	uint32_t *slots; /* the ASCII path's table of forms: a token plus 1 */
	size_t slots_capacity;
	pl_token_list split;   /* the general path: one side's tokens, */
	pl_interner *interner; /* and their ids */
	pl_diff_script script;
	pl_text_diff *runs; /* where the runs go: own, or the span's result */
	pl_text_diff own;   /* only its runs are used */
	size_t words_deleted, words_inserted;
	int not_minimal;
} hunk_worker;

static size_t hunk_bytes(const side_scan *sd, size_t first, size_t count)
{
	return count ? chunk_end(sd, first + count - 1) - sd->chunks[first].start : 0;
}

/* Non-space tokens of p[0 .. len): the fast count, or the tokenizer's
 * where the text is not ASCII. */
static size_t text_words(const unsigned char *p, size_t len, pl_token_list *scratch)
{
	size_t words = pl_text_count_ascii_words((const char *)p, len);
	if (words != SIZE_MAX)
		return words;
	if (pl_token_split(scratch, (const char *)p, len, 0, NULL))
		return 0; /* not reached: the text was checked */
	words = 0;
	for (size_t i = 0; i < scratch->count; i++)
		words += scratch->items[i].kind != PL_TOKEN_SPACE;
	return words;
}

/* Words of chunks first .. first + count: no token spans two chunks, so
 * their bytes are counted as one text. */
static size_t chunk_words(const side_scan *sd, size_t first, size_t count, pl_token_list *scratch)
{
	if (!count)
		return 0;
	size_t start = sd->chunks[first].start;
	return text_words(sd->s + start, chunk_end(sd, first + count - 1) - start, scratch);
}

/* The bytes of tokens [start, start + length) of toks[0 .. count),
 * shifted by base; end is where the side's middle ends. */
static void token_bytes(const pl_ascii_token *toks, size_t count, size_t base, size_t end,
			size_t start, size_t length, size_t *offset, size_t *len)
{
	if (!length) {
		*offset = start < count ? base + toks[start].offset : end;
		*len = 0;
		return;
	}
	const pl_ascii_token *first = &toks[start], *last = &toks[start + length - 1];
	*offset = base + first->offset;
	*len = last->offset + last->length - first->offset;
}

/* The stretch as one deletion and one insertion, words counted in 1. */
static void solve_whole(hunk_worker *w, const hunk *h, size_t a_off, size_t a_len,
			size_t b_off, size_t b_len)
{
	pl_text_diff_add_run(w->runs, PL_DIFF_DELETE, a_off, a_len, b_off, 0);
	pl_text_diff_add_run(w->runs, PL_DIFF_INSERT, a_off + a_len, 0, b_off, b_len);
	w->words_deleted += chunk_words(w->a, h->a_first, h->a_count, &w->split);
	w->words_inserted += chunk_words(w->b, h->b_first, h->b_count, &w->split);
}

static int is_space(unsigned char c)
{
	return c == ' ' || (c >= 9 && c <= 13);
}

/* How many bytes x and y have in common at their start (forward) or end. */
static size_t common_prefix(const char *x, const char *y, size_t max)
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

static size_t common_suffix(const char *x, size_t x_len, const char *y, size_t y_len, size_t max)
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

/* The stretch less the bytes it starts and ends with on both sides, cut
 * where both sides have a token boundary: before a white space run that
 * follows a non-space byte, inside the common part. Stripping a common
 * prefix and suffix never lengthens the script (they are in some LCS),
 * and the token diff then sees only the few words that differ. */
static void trim_stretch(const char *a, size_t *a_off, size_t *a_len, const char *b,
			 size_t *b_off, size_t *b_len, size_t *prefix, size_t *suffix)
{
	const char *x = a + *a_off, *y = b + *b_off;
	size_t shorter = *a_len < *b_len ? *a_len : *b_len;
	size_t p = common_prefix(x, y, shorter);
	size_t q = p;
	while (q > 0 && !(q < p && is_space((unsigned char)x[q]) && !is_space((unsigned char)x[q - 1])))
		q--;
	size_t k = common_suffix(x, *a_len, y, *b_len, shorter - p);
	/* r: bytes from the end; the byte before the cut is common white space
	 * and the byte after it is not. */
	size_t r = k;
	while (r > 0 && !(r < k && is_space((unsigned char)x[*a_len - r - 1]) &&
			  !is_space((unsigned char)x[*a_len - r])))
		r--;
	*prefix = q;
	*suffix = r;
	*a_off += q;
	*b_off += q;
	*a_len -= q + r;
	*b_len -= q + r;
}

/* The words (non-space tokens) of toks[0 .. count): ids and indices. */
static size_t pick_words(const pl_ascii_token *toks, size_t count, const uint32_t *ids,
			 uint32_t *words, uint32_t *word_at)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		if (!toks[i].space) {
			words[n] = ids[i];
			word_at[n++] = (uint32_t)i;
		}
	return n;
}

/* Most middles are a word or two: an exact LCS by dynamic programming
 * (suffix table, greedy forward walk; matching equal heads is always part
 * of some LCS) beats the setup of pl_diff_compute. SMALL_LCS words a side
 * at most. */
enum { SMALL_LCS = 24 };

static void small_lcs(pl_diff_script *s, const uint32_t *x, size_t n, const uint32_t *y,
		      size_t m)
{
	unsigned char lcs[SMALL_LCS + 1][SMALL_LCS + 1];
	for (size_t i = n + 1; i-- > 0;)
		for (size_t j = m + 1; j-- > 0;)
			lcs[i][j] = i == n || j == m ? 0
				    : x[i] == y[j]   ? (unsigned char)(lcs[i + 1][j + 1] + 1)
				    : lcs[i + 1][j] >= lcs[i][j + 1] ? lcs[i + 1][j]
								      : lcs[i][j + 1];
	pl_diff_script_clear(s);
	size_t i = 0, j = 0, i0 = 0, j0 = 0, same = 0;
	while (i < n || j < m) {
		if (i < n && j < m && x[i] == y[j]) {
			if (!same) { /* a changed stretch ends: deletion first */
				pl_diff_script_push(s, PL_DIFF_DELETE, i0, j0, i - i0);
				pl_diff_script_push(s, PL_DIFF_INSERT, i, j0, j - j0);
			}
			same++;
			i++;
			j++;
			continue;
		}
		pl_diff_script_push(s, PL_DIFF_EQUAL, i - same, j - same, same);
		if (same) {
			i0 = i;
			j0 = j;
		}
		same = 0;
		if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]))
			i++;
		else
			j++;
	}
	if (same) {
		pl_diff_script_push(s, PL_DIFF_EQUAL, i - same, j - same, same);
	} else {
		pl_diff_script_push(s, PL_DIFF_DELETE, i0, j0, i - i0);
		pl_diff_script_push(s, PL_DIFF_INSERT, i, j0, j - j0);
	}
}

/* Room for n tokens in ids, words and word_at. */
static void reserve_ids(hunk_worker *w, size_t n)
{
	if (n <= w->ids_capacity)
		return;
	w->ids = pl_grow(w->ids, &w->ids_capacity, n, sizeof *w->ids);
	w->words = pl_realloc(w->words, w->ids_capacity * sizeof *w->words);
	w->word_at = pl_realloc(w->word_at, w->ids_capacity * sizeof *w->word_at);
}

/* A hash of the bytes of a token; p + len <= end, and bytes up to end may
 * be read. Most tokens are one 8-byte load. */
static uint32_t token_key(const unsigned char *p, size_t len, const unsigned char *end)
{
	uint64_t h = (len + 1) * 0x9E3779B97F4A7C15ull;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	uint64_t v = 0;
	if (len && end - p >= 8) {
		memcpy(&v, p, 8);
		v &= ~(uint64_t)0 >> (64 - 8 * len);
	} else {
		for (size_t i = 0; i < len; i++)
			v |= (uint64_t)p[i] << (8 * i);
	}
	h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
	return (uint32_t)(h >> 32);
}

/* ASCII middles without options: cut by the masks of the scan, and ids
 * from a table of the middle's own forms (a form's id is the index of its
 * first token); equal ids are equal bytes, which is all a middle's diff
 * compares. 0, or -1 when a side has a byte >= 0x80. */
static int split_ascii(hunk_worker *w, const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t na = pl_text_ascii_tokens(a, a_len, &w->toks, &w->toks_capacity, 0);
	if (na == SIZE_MAX)
		return -1;
	size_t nb = pl_text_ascii_tokens(b, b_len, &w->toks, &w->toks_capacity, na);
	if (nb == SIZE_MAX)
		return -1;
	w->na = na;
	w->nb = nb;
	size_t n = na + nb, size = 16;
	reserve_ids(w, n + 1);
	while (size < 2 * n)
		size *= 2;
	w->slots = pl_grow(w->slots, &w->slots_capacity, size, sizeof *w->slots);
	memset(w->slots, 0, size * sizeof *w->slots);
	const pl_ascii_token *t = w->toks;
	const unsigned char *a_end = w->a->s + w->a->len, *b_end = w->b->s + w->b->len;
	for (size_t k = 0; k < n; k++) {
		const char *p = (k < na ? a : b) + t[k].offset;
		size_t len = t[k].length;
		uint32_t key = token_key((const unsigned char *)p, len, k < na ? a_end : b_end);
		for (size_t i = key & (size - 1);; i = (i + 1) & (size - 1)) {
			uint32_t slot = w->slots[i];
			if (!slot) {
				w->slots[i] = (uint32_t)(k + 1);
				w->ids[k] = (uint32_t)k;
				break;
			}
			const pl_ascii_token *u = &t[slot - 1];
			if (u->length == len && memcmp((slot - 1 < na ? a : b) + u->offset, p, len) == 0) {
				w->ids[k] = w->ids[slot - 1];
				break;
			}
		}
	}
	return 0;
}

/* One side's tokens by pl_token_split and their ids by the interner,
 * appended to w->toks and w->ids at `at`; how many. */
static size_t split_general(hunk_worker *w, const char *text, size_t len, size_t at)
{
	if (pl_token_split(&w->split, text, len, w->options, NULL))
		return SIZE_MAX;
	size_t n = w->split.count;
	w->toks = pl_grow(w->toks, &w->toks_capacity, at + n + 1, sizeof *w->toks);
	reserve_ids(w, at + n + 1);
	pl_interner_add(w->interner, w->ids + at, text, &w->split, NULL);
	for (size_t k = 0; k < n; k++) {
		const pl_token *x = &w->split.items[k];
		w->toks[at + k] =
		    (pl_ascii_token){x->offset, x->length, x->kind == PL_TOKEN_SPACE};
	}
	return n;
}

/* Splits both sides of the middle into w->toks and w->ids; 0, or -1 (not
 * reached: both texts were checked before). */
static int split_middle(hunk_worker *w, const char *a, size_t a_len, const char *b, size_t b_len)
{
	if (!w->options && split_ascii(w, a, a_len, b, b_len) == 0)
		return 0;
	if (!w->interner)
		w->interner = pl_interner_new(w->options);
	size_t na = split_general(w, a, a_len, 0);
	size_t nb = na == SIZE_MAX ? SIZE_MAX : split_general(w, b, b_len, na);
	if (nb == SIZE_MAX)
		return -1;
	w->na = na;
	w->nb = nb;
	return 0;
}

/* The word script of the stretch's middle into w->script, over the words
 * alone: white space is laid back in between (see emit_middle), so the
 * script is minimal in words, the unit a reader counts, rather than in
 * tokens, where an LCS may keep a space instead of a word. Within what is
 * left of the budget; once it is spent, one deletion and one insertion. */
static void diff_words(hunk_worker *w, size_t *nwa, size_t *nwb)
{
	size_t na = w->na, nb = w->nb;
	*nwa = pick_words(w->toks, na, w->ids, w->words, w->word_at);
	*nwb = pick_words(w->toks + na, nb, w->ids + na, w->words + *nwa, w->word_at + *nwa);
	pl_diff_script *s = &w->script;
	if (!w->budget) {
		w->not_minimal = 1;
		pl_diff_script_clear(s);
		pl_diff_script_push(s, PL_DIFF_DELETE, 0, 0, *nwa);
		pl_diff_script_push(s, PL_DIFF_INSERT, *nwa, 0, *nwb);
		return;
	}
	if (*nwa <= SMALL_LCS && *nwb <= SMALL_LCS) {
		small_lcs(s, w->words, *nwa, w->words + *nwa, *nwb);
		return;
	}
	size_t limit = w->budget < PL_DIFF_WORK_LIMIT ? w->budget : PL_DIFF_WORK_LIMIT;
	pl_diff_options options = {0, limit};
	pl_diff_compute(s, w->words, *nwa, w->words + *nwa, *nwb, &options);
	/* Myers' work is about (N + M) D; a cut search spent its whole limit. */
	size_t spent = (*nwa + *nwb) * (s->deleted + s->inserted + 1);
	if (spent > limit || (s->flags & PL_DIFF_CUT))
		spent = limit;
	w->budget -= spent;
	w->not_minimal |= (s->flags & (PL_DIFF_CUT | PL_DIFF_ANCHORED)) != 0;
}

/* Where the middle's text cursor stands: token indices on each side, and
 * the byte offsets of the middle in the texts. */
typedef struct middle {
	size_t a_off, a_len, b_off, b_len;
	size_t ta, tb;
} middle;

/* Tokens ta .. a_to of A and tb .. b_to of B as runs of kind (EQUAL only
 * when the two stretches are the same tokens, else DELETE and INSERT). */
static void emit_tokens(hunk_worker *w, middle *m, size_t a_to, size_t b_to, int equal)
{
	size_t na = w->na;
	if (equal && a_to - m->ta == b_to - m->tb) {
		for (size_t i = 0; equal && i < a_to - m->ta; i++)
			equal = w->ids[m->ta + i] == w->ids[na + m->tb + i];
	} else {
		equal = 0;
	}
	size_t ao, al, bo, bl;
	token_bytes(w->toks, na, m->a_off, m->a_off + m->a_len, m->ta, a_to - m->ta, &ao, &al);
	token_bytes(w->toks + na, w->nb, m->b_off, m->b_off + m->b_len, m->tb, b_to - m->tb, &bo,
		    &bl);
	if (equal) {
		pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, ao, al, bo, bl);
	} else {
		pl_text_diff_add_run(w->runs, PL_DIFF_DELETE, ao, al, bo, 0);
		pl_text_diff_add_run(w->runs, PL_DIFF_INSERT, ao + al, 0, bo, bl);
	}
	m->ta = a_to;
	m->tb = b_to;
}

/* 1 when tokens a_from .. a_to of A are tokens b_from .. b_to of B. */
static int same_tokens(const hunk_worker *w, size_t a_from, size_t a_to, size_t b_from,
		       size_t b_to)
{
	if (a_to - a_from != b_to - b_from)
		return 0;
	const uint32_t *x = w->ids + a_from, *y = w->ids + w->na + b_from;
	for (size_t i = 0; i < a_to - a_from; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* count matched words (token indices at_a[k] and at_b[k]) with the white
 * space before each: every stretch of words whose gaps are the same on
 * both sides as one equal run, a gap that differs as a change. */
static void emit_matched(hunk_worker *w, middle *m, const uint32_t *at_a, const uint32_t *at_b,
			 size_t count)
{
	for (size_t i = 0; i < count;) {
		if (!same_tokens(w, m->ta, at_a[i], m->tb, at_b[i]))
			emit_tokens(w, m, at_a[i], at_b[i], 0);
		size_t k = i;
		while (k + 1 < count && same_tokens(w, at_a[k] + 1, at_a[k + 1], at_b[k] + 1, at_b[k + 1]))
			k++;
		emit_tokens(w, m, at_a[k] + 1, at_b[k] + 1, 1);
		i = k + 1;
	}
}

/* The word script as byte runs: matched words equal, the white space
 * before a matched word equal when it is the same on both sides, every
 * other token deleted or inserted. */
static void emit_middle(hunk_worker *w, middle *m, size_t nwa)
{
	const uint32_t *at_a = w->word_at, *at_b = w->word_at + nwa;
	for (size_t r = 0; r < w->script.count; r++) {
		const pl_diff_op *op = &w->script.ops[r];
		if (op->kind == PL_DIFF_DELETE) {
			emit_tokens(w, m, at_a[op->a_start + op->length - 1] + 1, m->tb, 0);
			w->words_deleted += op->length;
		} else if (op->kind == PL_DIFF_INSERT) {
			emit_tokens(w, m, m->ta, at_b[op->b_start + op->length - 1] + 1, 0);
			w->words_inserted += op->length;
		} else {
			emit_matched(w, m, at_a + op->a_start, at_b + op->b_start, op->length);
		}
	}
	emit_tokens(w, m, w->na, w->nb, 1);
}

/* Solves one stretch: its common ends as equal runs, its middle by words. */
static void solve_hunk(hunk_worker *w, hunk *h)
{
	const char *a = (const char *)w->a->s, *b = (const char *)w->b->s;
	size_t a_off = w->a->chunks[h->a_first].start, b_off = w->b->chunks[h->b_first].start;
	size_t a_len = hunk_bytes(w->a, h->a_first, h->a_count);
	size_t b_len = hunk_bytes(w->b, h->b_first, h->b_count);
	h->run_begin = w->runs->run_count;
	size_t prefix, suffix;
	trim_stretch(a, &a_off, &a_len, b, &b_off, &b_len, &prefix, &suffix);
	if (split_middle(w, a + a_off, a_len, b + b_off, b_len)) {
		/* Not reached: both texts were checked before. */
		w->not_minimal = 1;
		solve_whole(w, h, a_off - prefix, a_len + prefix + suffix, b_off - prefix,
			    b_len + prefix + suffix);
		h->run_end = w->runs->run_count;
		return;
	}
	pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, a_off - prefix, prefix, b_off - prefix,
			     prefix);
	size_t nwa, nwb;
	diff_words(w, &nwa, &nwb);
	middle m = {a_off, a_len, b_off, b_len, 0, 0};
	emit_middle(w, &m, nwa);
	pl_text_diff_add_run(w->runs, PL_DIFF_EQUAL, a_off + a_len, suffix, b_off + b_len,
			     suffix);
	h->run_end = w->runs->run_count;
}

enum { PREFETCH_LINES = 4 };

/* Asks for the first and last bytes of a stretch, read by the next
 * solve_hunk: stretches lie far apart, out of the hardware's sight. */
static void prefetch_hunk(const hunk_worker *w, const hunk *h)
{
#if defined(__GNUC__)
	const unsigned char *a = w->a->s + w->a->chunks[h->a_first].start;
	const unsigned char *b = w->b->s + w->b->chunks[h->b_first].start;
	const unsigned char *a_end = w->a->s + chunk_end(w->a, h->a_first + h->a_count - 1);
	const unsigned char *b_end = w->b->s + chunk_end(w->b, h->b_first + h->b_count - 1);
	for (size_t i = 0; i < PREFETCH_LINES; i++) {
		__builtin_prefetch(a + 64 * i);
		__builtin_prefetch(b + 64 * i);
		__builtin_prefetch(a_end - 1 - 64 * i);
		__builtin_prefetch(b_end - 1 - 64 * i);
	}
#else
	(void)w;
	(void)h;
#endif
}

static void *hunk_task(void *arg)
{
	hunk_worker *w = arg;
	for (size_t k = w->first; k < w->last; k++) {
		if (k + 1 < w->last)
			prefetch_hunk(w, &w->hunks[k + 1]);
		solve_hunk(w, &w->hunks[k]);
	}
	return NULL;
}

static void worker_free(hunk_worker *w)
{
	pl_token_list_free(&w->split);
	pl_interner_free(w->interner);
	free(w->toks);
	free(w->slots);
	free(w->ids);
	free(w->words);
	free(w->word_at);
	pl_diff_script_free(&w->script);
	pl_text_diff_free(&w->own);
}

/* The stretches of the chunk script that delete and insert both. */
static hunk *collect_hunks(const pl_diff_script *s, size_t *count, size_t *bytes,
			   const side_scan *a, const side_scan *b)
{
	hunk *hunks = NULL;
	size_t capacity = 0;
	*count = *bytes = 0;
	for (size_t r = 0; r + 1 < s->count; r++) {
		const pl_diff_op *del = &s->ops[r], *ins = &s->ops[r + 1];
		if (del->kind != PL_DIFF_DELETE || ins->kind != PL_DIFF_INSERT)
			continue;
		hunks = pl_grow(hunks, &capacity, *count + 1, sizeof *hunks);
		hunks[(*count)++] =
		    (hunk){del->a_start, del->length, ins->b_start, ins->length, 0, 0, 0};
		*bytes += hunk_bytes(a, del->a_start, del->length) +
			  hunk_bytes(b, ins->b_start, ins->length);
	}
	return hunks;
}

/* Solves the stretches on two threads, each into its own runs: the first
 * worker takes the stretches up to half of the bytes. */
static void solve_hunks(hunk_worker w[2], hunk *hunks, size_t count, size_t bytes, size_t budget)
{
	size_t split = 0;
	for (size_t sum = 0; split < count && 2 * sum < bytes; split++)
		sum += hunk_bytes(w[0].a, hunks[split].a_first, hunks[split].a_count) +
		       hunk_bytes(w[0].b, hunks[split].b_first, hunks[split].b_count);
	w[0].first = 0;
	w[0].last = split;
	w[1].first = split;
	w[1].last = count;
	for (size_t k = split; k < count; k++)
		hunks[k].worker = 1;
	if (split < count) {
		w[0].budget = w[1].budget = budget / 2;
		pthread_t thread;
		int joined = start_task(&thread, hunk_task, &w[1]);
		hunk_task(&w[0]);
		if (joined)
			pthread_join(thread, NULL);
	} else {
		w[0].budget = budget;
		hunk_task(&w[0]);
	}
}

/* --- putting the runs together ---------------------------------------------- */

static int all_space(const char *text, size_t len, pl_token_list *scratch)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c >= 0x80)
			break;
		if (!(c == ' ' || (c >= 9 && c <= 13)))
			return 0;
		if (i + 1 == len)
			return 1;
	}
	if (!len || pl_token_split(scratch, text, len, 0, NULL))
		return 0;
	return scratch->count == 1 && scratch->items[0].kind == PL_TOKEN_SPACE;
}

/* Appends a run to runs[0 .. *n), merged with the last one when that has
 * the same kind and ends where this one starts (as pl_text_diff_add_run). */
static void put_run(pl_text_run *runs, size_t *n, pl_diff_kind kind, size_t a_offset,
		    size_t a_length, size_t b_offset, size_t b_length)
{
	if (!a_length && !b_length)
		return;
	if (*n) {
		pl_text_run *last = &runs[*n - 1];
		if (last->kind == kind && last->a_offset + last->a_length == a_offset &&
		    last->b_offset + last->b_length == b_offset) {
			last->a_length += a_length;
			last->b_length += b_length;
			return;
		}
	}
	runs[(*n)++] = (pl_text_run){kind, a_offset, a_length, b_offset, b_length};
}

/* Equal white space between two changes joins them (as the redline of
 * pl_text_diff_compute does), so that a changed phrase reads as one. In
 * place: a group of runs becomes at most as many. */
static void join_changes(pl_text_diff *d, pl_token_list *scratch)
{
	pl_text_run *runs = d->runs;
	size_t r = 0, n = d->run_count, kept = 0;
	while (r < n) {
		pl_text_run run = runs[r];
		if (run.kind == PL_DIFF_EQUAL) {
			put_run(runs, &kept, PL_DIFF_EQUAL, run.a_offset, run.a_length, run.b_offset,
				run.b_length);
			r++;
			continue;
		}
		size_t a_end = run.a_offset, b_end = run.b_offset, end = r;
		for (size_t k = r; k < n; k++) {
			const pl_text_run *x = &runs[k];
			if (x->kind == PL_DIFF_EQUAL &&
			    !(k + 1 < n && all_space(d->a + x->a_offset, x->a_length, scratch)))
				break;
			a_end = x->a_offset + x->a_length;
			b_end = x->b_offset + x->b_length;
			end = k + 1;
		}
		put_run(runs, &kept, PL_DIFF_DELETE, run.a_offset, a_end - run.a_offset, run.b_offset,
			0);
		put_run(runs, &kept, PL_DIFF_INSERT, a_end, 0, run.b_offset, b_end - run.b_offset);
		r = end;
	}
	d->run_count = kept;
}

/* The chunk script's runs into out, in order. Each stretch is copied from
 * the worker that solved it, or, when solver is given, solved right here
 * by solver into out. */
static void assemble(pl_text_diff *out, const pl_diff_script *s, const side_scan *a,
		     const side_scan *b, hunk *hunks, size_t count, const hunk_worker w[2],
		     hunk_worker *solver, pl_token_list *scratch, size_t *words_deleted,
		     size_t *words_inserted)
{
	/* Room for every run: a stretch's, or one per chunk run (stretches
	 * solved here mostly take fewer than 8; untouched room costs no
	 * memory). */
	size_t capacity = s->count + (solver ? 8 * count : w[0].own.run_count + w[1].own.run_count);
	out->runs = pl_grow(out->runs, &out->run_capacity, capacity, sizeof *out->runs);
	size_t next = 0;
	for (size_t r = 0; r < s->count; r++) {
		const pl_diff_op *op = &s->ops[r];
		size_t a_off = op->a_start < a->count ? a->chunks[op->a_start].start : a->len;
		size_t b_off = op->b_start < b->count ? b->chunks[op->b_start].start : b->len;
		if (op->kind == PL_DIFF_DELETE && r + 1 < s->count &&
		    s->ops[r + 1].kind == PL_DIFF_INSERT) {
			hunk *h = &hunks[next++];
			r++;
			if (solver) {
				if (next < count)
					prefetch_hunk(solver, &hunks[next]);
				solve_hunk(solver, h);
				continue;
			}
			const pl_text_diff *runs = &w[h->worker].own;
			for (size_t k = h->run_begin; k < h->run_end; k++) {
				const pl_text_run *x = &runs->runs[k];
				pl_text_diff_add_run(out, x->kind, x->a_offset, x->a_length,
						     x->b_offset, x->b_length);
			}
		} else if (op->kind == PL_DIFF_EQUAL) {
			pl_text_diff_add_run(out, PL_DIFF_EQUAL, a_off,
					     hunk_bytes(a, op->a_start, op->length), b_off,
					     hunk_bytes(b, op->b_start, op->length));
		} else if (op->kind == PL_DIFF_DELETE) {
			pl_text_diff_add_run(out, PL_DIFF_DELETE, a_off,
					     hunk_bytes(a, op->a_start, op->length), b_off, 0);
			*words_deleted += chunk_words(a, op->a_start, op->length, scratch);
		} else {
			pl_text_diff_add_run(out, PL_DIFF_INSERT, a_off, 0, b_off,
					     hunk_bytes(b, op->b_start, op->length));
			*words_inserted += chunk_words(b, op->b_start, op->length, scratch);
		}
	}
}

/* --- the entry point ------------------------------------------------------------ */

static int scan_both(side_scan *a, side_scan *b, pl_error *err)
{
	if (a->len + b->len >= PARALLEL_SCAN) {
		pthread_t thread;
		int joined = start_task(&thread, scan_task, b);
		scan_side(a);
		if (joined)
			pthread_join(thread, NULL);
	} else {
		scan_side(a);
		scan_side(b);
	}
	if (a->bad != SIZE_MAX)
		return pl_error_set(err, PL_EINVALID, "invalid UTF-8 at byte %zu", a->bad);
	if (b->bad != SIZE_MAX)
		return pl_error_set(err, PL_EINVALID, "invalid UTF-8 at byte %zu", b->bad);
	return 0;
}

/* --- the chunk script ---------------------------------------------------- */

/* Most chunks of two versions are equal and in the same order, so the
 * chunk script is found by walking both sides in step. Where they differ,
 * the stretch ends at the nearest place (fewest chunks skipped on both
 * sides) where RESYNC_RUN chunks in a row are equal again, or where both
 * sides end: pairs of places are tried up to RESYNC_NEAR chunks skipped,
 * then the chunks of A against a table of the next RESYNC_FAR chunks of B.
 * The stretch itself is diffed exactly by pl_diff_compute (it may hold
 * equal chunks too). Where no such place is near, the rest of both sides
 * goes to pl_diff_compute whole (two unrelated texts, or a block of over
 * RESYNC_FAR chunks moved). */
enum { RESYNC_RUN = 2, RESYNC_NEAR = 16, RESYNC_FAR = 1024 };

typedef struct step_diff {
	const uint32_t *a, *b;
	size_t n, m;
	size_t budget; /* steps left for pl_diff_compute */
	int cut;       /* a call of pl_diff_compute was cut short */
	pl_diff_script piece;
	uint32_t *table; /* RESYNC_FAR's table: a position of B plus 1 */
} step_diff;

/* 1 when both sides agree from i and j for RESYNC_RUN chunks, or both end
 * there or within them. */
static int resyncs(const step_diff *d, size_t i, size_t j)
{
	for (size_t r = 0; r < RESYNC_RUN; r++) {
		if (i + r == d->n || j + r == d->m)
			return i + r == d->n && j + r == d->m;
		if (d->a[i + r] != d->b[j + r])
			return 0;
	}
	return 1;
}

static uint32_t id_slot(uint32_t id)
{
	return (id * 0x9E3779B1u) >> (32 - 11); /* 2048 slots */
}

/* The nearest place after a difference at i, j where the sides agree
 * again, in *ri and *rj; 0 when there is none near. */
static int find_resync(step_diff *d, size_t i, size_t j, size_t *ri, size_t *rj)
{
	for (size_t dist = 1; dist <= RESYNC_NEAR; dist++)
		for (size_t di = 0; di <= dist; di++) {
			size_t dj = dist - di;
			if (i + di <= d->n && j + dj <= d->m && resyncs(d, i + di, j + dj)) {
				*ri = i + di;
				*rj = j + dj;
				return 1;
			}
		}
	/* Farther: each chunk of B's window by id (its first place), then A's
	 * chunks looked up in order, as long as they can still do better. */
	if (!d->table)
		d->table = pl_malloc(2048 * sizeof *d->table);
	memset(d->table, 0, 2048 * sizeof *d->table);
	size_t end = j + RESYNC_FAR < d->m ? j + RESYNC_FAR : d->m;
	for (size_t k = j; k < end; k++)
		for (uint32_t h = id_slot(d->b[k]);; h = (h + 1) & 2047) {
			if (!d->table[h]) {
				d->table[h] = (uint32_t)(k - j + 1);
				break;
			}
			if (d->b[j + d->table[h] - 1] == d->b[k])
				break;
		}
	size_t best = SIZE_MAX;
	for (size_t di = 0; di < RESYNC_FAR && i + di < d->n && di < best; di++)
		for (uint32_t h = id_slot(d->a[i + di]); d->table[h]; h = (h + 1) & 2047) {
			size_t k = j + d->table[h] - 1;
			if (d->b[k] != d->a[i + di])
				continue;
			if (di + (k - j) < best && resyncs(d, i + di, k)) {
				best = di + (k - j);
				*ri = i + di;
				*rj = k;
			}
			break;
		}
	return best != SIZE_MAX;
}

/* Appends a run, merged with the last one when it continues it. */
static void push_run(pl_diff_script *s, pl_diff_kind kind, size_t a_start, size_t b_start,
		     size_t length)
{
	if (!length)
		return;
	if (s->count) {
		pl_diff_op *last = &s->ops[s->count - 1];
		size_t a_end = last->a_start + (last->kind == PL_DIFF_INSERT ? 0 : last->length);
		size_t b_end = last->b_start + (last->kind == PL_DIFF_DELETE ? 0 : last->length);
		if (last->kind == kind && a_end == a_start && b_end == b_start) {
			last->length += length;
			s->deleted += kind == PL_DIFF_DELETE ? length : 0;
			s->inserted += kind == PL_DIFF_INSERT ? length : 0;
			return;
		}
	}
	pl_diff_script_push(s, kind, a_start, b_start, length);
}

/* The stretch a[i .. ri) against b[j .. rj) into out. */
static void diff_stretch(step_diff *d, pl_diff_script *out, size_t i, size_t ri, size_t j,
			 size_t rj)
{
	if (ri - i <= 1 || rj - j <= 1 || !d->budget) {
		push_run(out, PL_DIFF_DELETE, i, j, ri - i);
		push_run(out, PL_DIFF_INSERT, ri, j, rj - j);
		d->cut |= !d->budget && ri > i && rj > j;
		return;
	}
	pl_diff_options limit = {0, d->budget};
	pl_diff_compute(&d->piece, d->a + i, ri - i, d->b + j, rj - j, &limit);
	size_t spent = (ri - i + rj - j) * (d->piece.deleted + d->piece.inserted + 1);
	if (spent > d->budget || (d->piece.flags & PL_DIFF_CUT))
		spent = d->budget;
	d->budget -= spent;
	d->cut |= (d->piece.flags & PL_DIFF_CUT) != 0;
	for (size_t r = 0; r < d->piece.count; r++) {
		const pl_diff_op *op = &d->piece.ops[r];
		push_run(out, op->kind, i + op->a_start, j + op->b_start, op->length);
	}
}

/* The chunk script of a[0 .. n) against b[0 .. m); 1 when a diff of a
 * stretch was cut short by the budget. */
static int chunk_script(pl_diff_script *out, const uint32_t *a, size_t n, const uint32_t *b,
			size_t m, size_t budget)
{
	step_diff d = {a, b, n, m, budget, 0, PL_DIFF_SCRIPT_INIT, NULL};
	pl_diff_script_clear(out);
	size_t i = 0, j = 0;
	while (i < n && j < m) {
		size_t k = 0;
		while (i + k < n && j + k < m && a[i + k] == b[j + k])
			k++;
		push_run(out, PL_DIFF_EQUAL, i, j, k);
		i += k;
		j += k;
		if (i == n || j == m)
			break;
		size_t ri, rj;
		if (!find_resync(&d, i, j, &ri, &rj)) {
			ri = n;
			rj = m;
		}
		diff_stretch(&d, out, i, ri, j, rj);
		i = ri;
		j = rj;
	}
	push_run(out, PL_DIFF_DELETE, i, j, n - i);
	push_run(out, PL_DIFF_INSERT, n, j, m - j);
	pl_diff_script_free(&d.piece);
	free(d.table);
	return d.cut;
}

/* A part of the chunk sequences solved on its own: chunks a_first ..
 * a_first + a_count of A against b_first .. b_first + b_count of B, its
 * runs into out. threads is 2 when its stretches are worth two threads
 * (the whole text, when it was not cut in two), else 1. */
typedef struct span_job {
	side_scan *a, *b;
	size_t a_first, a_count, b_first, b_count;
	unsigned options;
	int threads;
	size_t budget; /* of the chunk diff and of the stretches, each */
	pl_text_diff *out;
	size_t words_deleted, words_inserted;
	size_t stretches; /* changed stretches of the chunk script */
	int not_minimal;
} span_job;

static void solve_span(span_job *j)
{
	side_scan *a = j->a, *b = j->b;
	pl_diff_script script = PL_DIFF_SCRIPT_INIT;
	j->not_minimal = chunk_script(&script, a->ids + j->a_first, j->a_count,
				      b->ids + j->b_first, j->b_count, j->budget);
	j->stretches = 0;
	for (size_t r = 0; r < script.count; r++) {
		script.ops[r].a_start += j->a_first;
		script.ops[r].b_start += j->b_first;
		j->stretches += script.ops[r].kind != PL_DIFF_EQUAL &&
				(r == 0 || script.ops[r - 1].kind == PL_DIFF_EQUAL);
	}

	size_t count, bytes;
	hunk *hunks = collect_hunks(&script, &count, &bytes, a, b);
	hunk_worker w[2];
	memset(w, 0, sizeof w);
	for (int k = 0; k < 2; k++) {
		w[k].a = a;
		w[k].b = b;
		w[k].options = j->options;
		w[k].hunks = hunks;
		w[k].runs = &w[k].own;
	}
	/* On one thread the stretches are solved in order, into the result. */
	hunk_worker *solver = NULL;
	if (j->threads == 2 && bytes >= PARALLEL_HUNKS) {
		solve_hunks(w, hunks, count, bytes, j->budget);
	} else {
		solver = &w[0];
		solver->budget = j->budget;
		solver->runs = j->out;
	}
	pl_token_list scratch = PL_TOKEN_LIST_INIT;
	assemble(j->out, &script, a, b, hunks, count, w, solver, &scratch, &j->words_deleted,
		 &j->words_inserted);
	j->words_deleted += w[0].words_deleted + w[1].words_deleted;
	j->words_inserted += w[0].words_inserted + w[1].words_inserted;
	join_changes(j->out, &scratch);
	pl_token_list_free(&scratch);
	j->not_minimal |= w[0].not_minimal || w[1].not_minimal;
	worker_free(&w[0]);
	worker_free(&w[1]);
	free(hunks);
	pl_diff_script_free(&script);
}

static void *span_task(void *arg)
{
	solve_span(arg);
	return NULL;
}

enum {
	CUT_RUN = 8,         /* equal chunks in a row at a cut */
	CUT_TRIES = 16,      /* chunks of A tried as a cut */
	CUT_WINDOW = 1 << 12 /* chunks of B searched on each side of the guess */
};

/* 1 when chunk k holds more than white space. */
static int has_word(const side_scan *sd, size_t k)
{
	for (size_t i = sd->chunks[k].start; i < chunk_end(sd, k); i++)
		if (!is_space(sd->s[i]))
			return 1;
	return 0;
}

/* How many of ids[0 .. n) are id. */
static size_t occurrences(const uint32_t *ids, size_t n, uint32_t id)
{
	size_t found = 0;
	for (size_t k = 0; k < n; k++)
		found += ids[k] == id;
	return found;
}

/* Where both sides can be cut in two parts diffed on their own, near the
 * middle of A: chunk *ai of A and *bj of B start CUT_RUN chunks equal on
 * both sides, the first more than white space, found once in A and once in B.
 * Such a run is what pl_diff_compute anchors on (see parley/diff.h); 0
 * when none is found close to the middle. */
static int find_cut(const side_scan *a, const side_scan *b, size_t *ai, size_t *bj)
{
	if (a->count < 4 * CUT_RUN || b->count < 4 * CUT_RUN)
		return 0;
	size_t i = a->count / 2;
	for (int tries = 0; tries < CUT_TRIES && i + CUT_RUN <= a->count; tries++, i += CUT_RUN) {
		if (a->ids[i] != i || !has_word(a, i))
			continue;
		size_t guess = (size_t)((double)i * (double)b->count / (double)a->count);
		size_t lo = guess > CUT_WINDOW ? guess - CUT_WINDOW : 0;
		size_t hi = guess + CUT_WINDOW < b->count ? guess + CUT_WINDOW : b->count;
		size_t j = lo;
		while (j < hi && b->ids[j] != i)
			j++;
		if (j == hi || j + CUT_RUN > b->count)
			continue;
		size_t r = 1;
		while (r < CUT_RUN && a->ids[i + r] == b->ids[j + r])
			r++;
		if (r < CUT_RUN || occurrences(a->ids + i + 1, a->count - i - 1, (uint32_t)i) ||
		    occurrences(b->ids, b->count, (uint32_t)i) != 1)
			continue;
		*ai = i;
		*bj = j;
		return 1;
	}
	return 0;
}

int pl_textdiff_cut = -1;

/* Appends src's runs to dst (merging where they meet). */
static void append_runs(pl_text_diff *dst, const pl_text_diff *src)
{
	size_t need = dst->run_count + src->run_count;
	if (need > dst->run_capacity) {
		dst->runs = pl_realloc(dst->runs, need * sizeof *dst->runs);
		dst->run_capacity = need;
	}
	for (size_t r = 0; r < src->run_count; r++) {
		const pl_text_run *x = &src->runs[r];
		put_run(dst->runs, &dst->run_count, x->kind, x->a_offset, x->a_length, x->b_offset,
			x->b_length);
	}
}

/* Diffs the chunks, solves the changed stretches, fills out's runs: in
 * two halves on two threads when a cut is found, else as one span whose
 * stretches are shared by two threads. */
static void diff_chunks(pl_text_diff *out, side_scan *a, side_scan *b, unsigned options)
{
	intern_chunks(a, b);
	int parallel = a->len + b->len >= PARALLEL_SCAN;
	size_t ai, bj;
	span_job job[2];
	memset(job, 0, sizeof job);
	pl_text_diff second;
	memset(&second, 0, sizeof second);
	second.a = out->a;
	second.b = out->b;
	job[0] = (span_job){a, b, 0, a->count, 0, b->count, options, parallel ? 2 : 1,
			    PL_DIFF_WORK_LIMIT, out, 0, 0, 0, 0};
	int halves = parallel && pl_textdiff_cut != 0 && find_cut(a, b, &ai, &bj);
	if (halves) {
		job[0].a_count = ai;
		job[0].b_count = bj;
		job[0].threads = 1;
		job[0].budget = PL_DIFF_WORK_LIMIT / 2;
		job[1] = (span_job){a, b, ai, a->count - ai, bj, b->count - bj, options, 1,
				    PL_DIFF_WORK_LIMIT / 2, &second, 0, 0, 0, 0};
		pthread_t thread;
		int joined = start_task(&thread, span_task, &job[1]);
		solve_span(&job[0]);
		if (joined)
			pthread_join(thread, NULL);
		append_runs(out, &second);
		pl_text_diff_free(&second);
	} else {
		solve_span(&job[0]);
	}
	

	/* Minimal when the chunks changed in one stretch only (the common
	 * prefix and suffix are in every LCS) and its token diff was. */
	out->minimal = job[0].stretches + job[1].stretches <= 1 && !job[0].not_minimal &&
		       !job[1].not_minimal;
	out->words_deleted = job[0].words_deleted + job[1].words_deleted;
	out->words_inserted = job[0].words_inserted + job[1].words_inserted;
	free(a->ids); /* b's ids are in the same array */
	a->ids = b->ids = NULL;
}

int pl_text_diff_large(pl_text_diff *out, const char *a, size_t a_len, const char *b,
		       size_t b_len, unsigned token_options, pl_error *err)
{
	memset(out, 0, sizeof *out);
	out->a = a;
	out->b = b;
	out->a_len = a_len;
	out->b_len = b_len;
	out->minimal = 1;
	if (a_len > PL_TOKEN_MAX_TEXT || b_len > PL_TOKEN_MAX_TEXT)
		return pl_error_set(err, PL_ETOOBIG, "text of %zu bytes is over the %zu-byte limit",
				    a_len > b_len ? a_len : b_len, PL_TOKEN_MAX_TEXT);
	side_scan sa, sb;
	memset(&sa, 0, sizeof sa);
	memset(&sb, 0, sizeof sb);
	sa.s = (const unsigned char *)a;
	sa.len = a_len;
	sb.s = (const unsigned char *)b;
	sb.len = b_len;
	int rc = scan_both(&sa, &sb, err);
	if (rc == 0) {
		out->words_a = sa.words;
		out->words_b = sb.words;
		diff_chunks(out, &sa, &sb, token_options);
		for (size_t r = 0; r < out->run_count; r++)
			out->changed |= out->runs[r].kind != PL_DIFF_EQUAL;
	}
	side_free(&sa);
	side_free(&sb);
	return rc;
}
