/* textdiff_scan.c — the first pass of pl_text_diff_large: both texts
 * read 64 bytes at a time into bit masks, from which come at once the
 * UTF-8 check, the cuts between chunks, the chunks' hashes and the count
 * of words (see textdiff_large.c for the whole). */
#include "parley/mem.h"
#include "textdiff_int.h"

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
	CHUNK_LONG = 512,     /* past this, also cut where the hash says so */
	CHUNK_HARD = 8192,    /* past this, cut at the next white space */
	CHUNK_HASH_MASK = 31, /* one white space in 32 qualifies */
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
 * four of 16, the classes looked up by nibble instead of compared one by
 * one, the same masks. Compiled for AVX2 alone and called only when the
 * CPU has it (use_avx2). */
__attribute__((target("avx2"))) static inline uint64_t movemask32(__m256i v, unsigned lane)
{
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << (32 * lane);
}

__attribute__((target("avx2"))) static inline __m256i equal_to32(__m256i v, char c)
{
	return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
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
	    {0x1A, 0x5C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1C, 0x1D, 0x8D,
	     0x85, 0x25, 0x05, 0x64, 0x84, 0x1A, 0x5C, 0x1C, 0x1C, 0x1C, 0x1C,
	     0x1C, 0x1C, 0x1C, 0x1D, 0x8D, 0x85, 0x25, 0x05, 0x64, 0x84},
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
static int cpu_has_avx2(void)
{
	return 0;
}
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

static void reserve_chunks(pl_side_scan *sd, size_t capacity)
{
	pl_chunk *chunks = pl_malloc_huge(capacity * sizeof *chunks, 0);
	if (sd->count)
		memcpy(chunks, sd->chunks, sd->count * sizeof *chunks);
	free(sd->chunks);
	sd->chunks = chunks;
	sd->capacity = capacity;
}

/* Non-space tokens of text the fast count cannot judge (non-ASCII), by
 * the tokenizer itself. */
static size_t tokenizer_words(const unsigned char *p, size_t len, pl_token_list *scratch)
{
	if (pl_token_split(scratch, (const char *)p, len, 0, NULL))
		return 0; /* not reached: the text was checked */
	size_t words = 0;
	for (size_t i = 0; i < scratch->count; i++)
		words += scratch->items[i].kind != PL_TOKEN_SPACE;
	return words;
}

static void close_chunk(pl_side_scan *sd, scan_state *st, size_t end)
{
	if (sd->count == sd->capacity)
		reserve_chunks(sd, 2 * sd->capacity);
	size_t start = st->chunk_start;
	size_t words =
	    st->high ? tokenizer_words(sd->s + start, end - start, &sd->tokens) : st->words;
	uint32_t hash = (uint32_t)(hash_bytes(sd->s + start, end - start) >> 32);
	sd->upper += hash >> 31;
	sd->chunks[sd->count++] = (pl_chunk){hash, (uint32_t)start};
	sd->words += words;
	st->chunk_start = end;
	st->words = 0;
	st->high = 0;
}

/* 1 when the white space at pos ends a long chunk (see the top comment). */
static int long_cut(const pl_side_scan *sd, const scan_state *st, size_t pos)
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
static int check_utf8(pl_side_scan *sd, scan_state *st, size_t base, uint64_t high)
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
static inline __attribute__((always_inline)) uint64_t
token_starts(const pl_block_masks *m, scan_state *st, const unsigned char *next)
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

typedef void (*classify_fn)(const unsigned char *p, pl_block_masks *m);

/* Classifies the block of s[0 .. len) at base, the last one padded with
 * zero bytes; returns the mask of the block's bytes. */
static inline __attribute__((always_inline)) uint64_t classify_at(const unsigned char *s,
                                                                  size_t len, size_t base,
                                                                  pl_block_masks *m,
                                                                  classify_fn classify)
{
	size_t n = len - base < 64 ? len - base : 64;
	if (n == 64) {
		classify(s + base, m);
	} else {
		unsigned char tail[64] = {0};
		memcpy(tail, s + base, n);
		classify(tail, m);
	}
	return bits_through((unsigned)n - 1);
}

size_t pl_text_count_ascii_words(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	scan_state st;
	memset(&st, 0, sizeof st);
	size_t words = 0;
	pl_block_masks m;
	for (size_t base = 0; base < len; base += 64) {
		uint64_t live = classify_at(s, len, base, &m, pl_classify_block);
		if (m.high & live)
			return SIZE_MAX;
		words += popcount64(token_starts(&m, &st, base + 64 < len ? s + base + 64 : NULL) &
		                    ~m.space & live);
	}
	return words;
}

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
		uint64_t live = classify_at(s, len, base, &m, classify);
		if (m.high & live)
			return SIZE_MAX;
		uint64_t space = m.space & live;
		uint64_t starts =
		    token_starts(&m, &st, base + 64 < len ? s + base + 64 : NULL) & ~m.space & live;
		starts |= space & ~(space << 1 | prev_space); /* white space runs */
		prev_space = space >> 63;
		*toks = pl_grow(*toks, capacity, n + 64, sizeof **toks);
		pl_ascii_token *t = *toks;
		while (starts) {
			unsigned j = lowest_bit(starts);
			starts &= starts - 1;
			if (n > at)
				t[n - 1].length = (uint32_t)(base + j - t[n - 1].offset);
			t[n++] =
			    (pl_ascii_token){(uint32_t)(base + j), 0, (uint32_t)(space >> j & 1)};
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
__attribute__((target("avx2"))) static size_t
ascii_tokens_avx2(const char *text, size_t len, pl_ascii_token **toks, size_t *capacity, size_t at)
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

size_t pl_text_ascii_tokens(const char *text, size_t len, pl_ascii_token **toks, size_t *capacity,
                            size_t at)
{
	return use_avx2() ? ascii_tokens_avx2(text, len, toks, capacity, at)
	                  : ascii_tokens_portable(text, len, toks, capacity, at);
}

/* Cuts and counts one block of n <= 64 bytes at base. */
static inline __attribute__((always_inline)) void scan_block(pl_side_scan *sd, scan_state *st,
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
static inline __attribute__((always_inline)) int scan_blocks(pl_side_scan *sd, scan_state *st,
                                                             classify_fn classify)
{
	pl_block_masks m;
	for (size_t base = 0; base < sd->len; base += 64) {
		classify_at(sd->s, sd->len, base, &m, classify);
		if (m.high && check_utf8(sd, st, base, m.high))
			return -1;
		scan_block(sd, st, base, &m);
	}
	return 0;
}

static int scan_blocks_portable(pl_side_scan *sd, scan_state *st)
{
	return scan_blocks(sd, st, pl_classify_block);
}

#if defined(HAVE_AVX2_PATH)
__attribute__((target("avx2"))) static int scan_blocks_avx2(pl_side_scan *sd, scan_state *st)
{
	return scan_blocks(sd, st, classify_avx2);
}
#else
static int scan_blocks_avx2(pl_side_scan *sd, scan_state *st)
{
	return scan_blocks_portable(sd, st);
}
#endif

/* Scans a whole side; 0, or -1 with sd->bad set. */
static int scan_side(pl_side_scan *sd)
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

void pl_side_scan_free(pl_side_scan *sd)
{
	free(sd->chunks);
	pl_token_list_free(&sd->tokens);
}

/* --- both sides ---------------------------------------------------------- */

int pl_textdiff_start_task(pthread_t *thread, void *(*task)(void *), void *arg)
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

int pl_textdiff_scan(pl_side_scan *a, pl_side_scan *b, pl_error *err)
{
	if (a->len + b->len >= PL_TEXTDIFF_PARALLEL) {
		pthread_t thread;
		int joined = pl_textdiff_start_task(&thread, scan_task, b);
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

size_t pl_text_words(const unsigned char *p, size_t len, pl_token_list *scratch)
{
	size_t words = pl_text_count_ascii_words((const char *)p, len);
	return words != SIZE_MAX ? words : tokenizer_words(p, len, scratch);
}
