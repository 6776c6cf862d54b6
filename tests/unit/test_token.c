/* test_token.c — the tokenizer and the interner. */
#include "testutil.h"
#include "utf8_int.h"

#include "parley/mem.h"
#include "parley/token.h"
#include "token_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The tokens of text as "tok|tok|tok", each word/number/punct/symbol as
 * is and each white space run as "_"; kinds as "w n p y s" letters. */
static void render(const char *text, unsigned options, char *out, size_t cap, char *kinds,
                   size_t kinds_cap)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	if (pl_token_split(&list, text, strlen(text), options, &err) != 0)
		fail_msg("split failed: %s", err.message);
	size_t len = 0, k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < list.count; i++) {
		const pl_token *t = &list.items[i];
		int n = t->kind == PL_TOKEN_SPACE
		            ? snprintf(out + len, cap - len, "%s_", i ? "|" : "")
		            : snprintf(out + len, cap - len, "%s%.*s", i ? "|" : "", (int)t->length,
		                       text + t->offset);
		assert_true(n > 0 && (size_t)n < cap - len);
		len += (size_t)n;
		if (kinds && k + 1 < kinds_cap)
			kinds[k++] = "wnpys"[t->kind == PL_TOKEN_WORD     ? 0
			                     : t->kind == PL_TOKEN_NUMBER ? 1
			                     : t->kind == PL_TOKEN_PUNCT  ? 2
			                     : t->kind == PL_TOKEN_SYMBOL ? 3
			                                                  : 4];
	}
	if (kinds)
		kinds[k] = '\0';
	pl_token_list_free(&list);
}

static void assert_tokens(const char *text, const char *expected)
{
	char got[4096];
	render(text, 0, got, sizeof got, NULL, 0);
	assert_string_equal(got, expected);
}

static void assert_kinds(const char *text, const char *expected)
{
	char got[4096], kinds[512];
	render(text, 0, got, sizeof got, kinds, sizeof kinds);
	assert_string_equal(kinds, expected);
}

/* Tokens cover the text: in order, without gaps, none empty. */
static void assert_covers(const pl_token_list *list, size_t len)
{
	size_t at = 0;
	for (size_t i = 0; i < list->count; i++) {
		assert_int_equal(list->items[i].offset, at);
		assert_true(list->items[i].length > 0);
		at += list->items[i].length;
	}
	assert_int_equal(at, len);
}

static void test_empty(void **state)
{
	(void)state;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	assert_int_equal(pl_token_split(&list, "", 0, 0, NULL), 0);
	assert_int_equal(list.count, 0);
	assert_int_equal(pl_token_split(&list, NULL, 0, PL_TOKEN_FOLD_CASE, NULL), 0);
	assert_int_equal(list.count, 0);
	pl_token_list_free(&list);
	pl_token_list_free(NULL);
}

static void test_english_and_numbers(void **state)
{
	(void)state;
	assert_tokens("The army is capped at 600,000 personnel.",
	              "The|_|army|_|is|_|capped|_|at|_|600,000|_|personnel|.");
	assert_tokens("grew 24.5% in the 1990s; 3.14, 1,2 and 5th.",
	              "grew|_|24.5%|_|in|_|the|_|1990s|;|_|3.14|,|_|1,2|_|and|_|5th|.");
	assert_kinds("600,000 24.5% 1990s", "nsnsn");
	/* A separator not between digits, or a % not after one, stands apart. */
	assert_tokens("10, 20. x% 100%.", "10|,|_|20|.|_|x|%|_|100%|.");
	/* Currency symbols and codes are tokens of their own. */
	assert_tokens("$100 USD 100 billion, €5", "$|100|_|USD|_|100|_|billion|,|_|€|5");
	assert_kinds("$100", "yn");
	assert_tokens("don't Ukraine's Ukraine’s 'quoted' rock'n'roll",
	              "don't|_|Ukraine's|_|Ukraine’s|_|'|quoted|'|_|rock'n'roll");
	assert_tokens("point 12(b), cease-fire", "point|_|12|(|b|)|,|_|cease|-|fire");
	assert_tokens("a \t\n\n b", "a|_|b");
	assert_kinds("a!+", "wpy");
}

static void test_cyrillic(void **state)
{
	(void)state;
	/* Ukrainian, with the apostrophe inside words (п’ять, м'ясо). */
	assert_tokens("Україна отримає гарантії безпеки; п’ять м'ясо ґанок.",
	              "Україна|_|отримає|_|гарантії|_|безпеки|;|_|п’ять|_|м'ясо|_|ґанок|.");
	/* Russian. */
	assert_tokens("Россия не будет размещать войска — 600 000 человек.",
	              "Россия|_|не|_|будет|_|размещать|_|войска|_|—|_|600|_|000|_|человек|.");
	assert_kinds("Ёлка, ёж", "wpsw");
}

static void test_combining_marks(void **state)
{
	(void)state;
	/* e + U+0301 stays in its word; a mark after punctuation stays with
	 * it; a mark with no base starts a word. */
	assert_tokens("cafe\xcc\x81 re\xcc\x81sume\xcc\x81",
	              "cafe\xcc\x81|_|re\xcc\x81sume\xcc\x81");
	assert_tokens("!\xcc\x81x", "!\xcc\x81|x");
	assert_tokens(" \xcc\x81x", "_|\xcc\x81x");
	assert_tokens("\xcc\x81", "\xcc\x81");
	/* Devanagari: vowel signs are marks of their consonants. */
	assert_tokens("नमस्ते दुनिया", "नमस्ते|_|दुनिया");
}

static void test_emoji(void **state)
{
	(void)state;
	/* thumbs up + skin tone; family by ZWJ; two flags; keycap */
	assert_tokens("ok \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd!",
	              "ok|_|\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd|!");
	const char *family =
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
	char text[64], expected[64];
	snprintf(text, sizeof text, "a%sb", family);
	snprintf(expected, sizeof expected, "a|%s|b", family);
	assert_tokens(text, expected);
	assert_tokens("\xf0\x9f\x87\xba\xf0\x9f\x87\xa6\xf0\x9f\x87\xaa\xf0\x9f\x87\xba",
	              "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6|\xf0\x9f\x87\xaa\xf0\x9f\x87\xba");
	assert_kinds("\xf0\x9f\x91\x8d\xe2\x9d\xa4\xef\xb8\x8f", "yy");
	assert_tokens("1\xef\xb8\x8f\xe2\x83\xa3", "1\xef\xb8\x8f\xe2\x83\xa3");
}

static void test_cjk(void **state)
{
	(void)state;
	assert_tokens("中文ABC日本語です。", "中|文|ABC|日|本|語|で|す|。");
	assert_kinds("中文。", "wwp");
	/* Hangul is written with spaces: its words stay whole. */
	assert_tokens("한국어 텍스트", "한국어|_|텍스트");
	/* Full-width space is white space. */
	assert_tokens("和平\xe3\x80\x80协议", "和|平|_|协|议");
}

static void assert_invalid(const char *bytes, size_t len, size_t offset)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	char expected[64];
	pl_error_clear(&err);
	assert_int_equal(pl_token_split(&list, bytes, len, 0, &err), PL_EINVALID);
	assert_int_equal(err.code, PL_EINVALID);
	snprintf(expected, sizeof expected, "invalid UTF-8 at byte %zu", offset);
	assert_string_equal(err.message, expected);
	assert_int_equal(list.count, 0);
	assert_int_equal(pl_token_split(&list, bytes, len, 0, NULL), PL_EINVALID);
	pl_token_list_free(&list);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_invalid("ab\xff"
	               "cd",
	               5, 2);
	assert_invalid("\x80", 1, 0);
	assert_invalid("abc \xed\xa0\x80", 7, 4);     /* surrogate */
	assert_invalid("x\xc0\xaf", 3, 1);            /* overlong '/' */
	assert_invalid("\xf4\x90\x80\x80", 4, 0);     /* past U+10FFFF */
	assert_invalid("caf\xc3", 4, 3);              /* truncated */
	assert_invalid("don'\xe2", 5, 4);             /* after a joiner */
	assert_invalid("12,\xe2", 4, 3);              /* after a separator */
	assert_invalid("\xf0\x9f\x91\x8d\xcc", 5, 4); /* inside a cluster */
	assert_invalid("   \xa0", 4, 3);              /* inside white space */
	assert_invalid("\xd0\x9f\xd1", 3, 2);         /* inside a Cyrillic word */
	/* A bad byte far in: the offset is exact. */
	size_t len = 1235;
	char *big = pl_malloc(len);
	memset(big, 'a', len);
	for (size_t i = 5; i < len; i += 7)
		big[i] = ' ';
	big[1234] = (char)0xfe;
	assert_invalid(big, len, 1234);
	free(big);
}

/* The first invalid byte by the UTF-8 definition (RFC 3629), independent of
 * the tokenizer's decoder; len when none. */
static size_t reference_bad_offset(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n = c < 0x80                 ? 1
		           : c >= 0xc2 && c <= 0xdf ? 2
		           : c >= 0xe0 && c <= 0xef ? 3
		           : c >= 0xf0 && c <= 0xf4 ? 4
		                                    : 0;
		if (!n || i + n > len)
			return i;
		unsigned lo = 0x80, hi = 0xbf;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		for (size_t k = 1; k < n; k++)
			if (s[i + k] < (k == 1 ? lo : 0x80) || s[i + k] > (k == 1 ? hi : 0xbf))
				return i;
		i += n;
	}
	return len;
}

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random bytes biased towards UTF-8 lead and continuation bytes: either
 * the text is valid and tokens cover it, or the error names the first bad
 * byte. */
static void test_random_bytes(void **state)
{
	(void)state;
	static const unsigned char pieces[][5] = {"a",
	                                          " ",
	                                          "7",
	                                          ",",
	                                          ".",
	                                          "'",
	                                          "%",
	                                          "\xc3\xa9",
	                                          "\xd0\x96",
	                                          "\xcc\x81",
	                                          "\xe2\x80\x99",
	                                          "\xe4\xb8\xad",
	                                          "\xf0\x9f\x91\x8d",
	                                          "\xe2\x80\x8d",
	                                          "\x80",
	                                          "\xc3",
	                                          "\xed\xa0\x80",
	                                          "\xf5",
	                                          "\xe3\x80\x80",
	                                          "\n",
	                                          "\xef\xb8\x8f"};
	unsigned char text[64];
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	for (int round = 0; round < 20000; round++) {
		size_t len = 0, want = 1 + rng() % 20;
		int allow_bad = round % 4 == 0;
		for (size_t i = 0; i < want; i++) {
			size_t p = rng() % (sizeof pieces / sizeof pieces[0]);
			if (!allow_bad && (p >= 14 && p <= 17))
				continue;
			size_t n = strlen((const char *)pieces[p]);
			memcpy(text + len, pieces[p], n);
			len += n;
		}
		size_t bad = reference_bad_offset(text, len);
		int rc = pl_token_split(&list, (const char *)text, len, 0, &err);
		if (bad == len) {
			assert_int_equal(rc, 0);
			assert_covers(&list, len);
		} else {
			char expected[64];
			assert_int_equal(rc, PL_EINVALID);
			snprintf(expected, sizeof expected, "invalid UTF-8 at byte %zu", bad);
			assert_string_equal(err.message, expected);
		}
	}
	pl_token_list_free(&list);
}

/* The word cursor (amendments' word spans) cuts exactly the non-space
 * tokens pl_token_split cuts, in batches of any size, and names the same
 * invalid byte; texts sit in buffers of their exact size, so that reading
 * eight bytes at a time past the end would be caught by ASan. */
static void test_word_spans_match_tokens(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a",
	                                     " ",
	                                     "Word",
	                                     "abcdefghijklmnop",
	                                     "7",
	                                     "1,000",
	                                     "24.5%",
	                                     ",",
	                                     ".",
	                                     "'",
	                                     "%",
	                                     "it's",
	                                     "\xc3\xa9",
	                                     "\xd0\x96",
	                                     "\xcc\x81",
	                                     "\xe2\x80\x99",
	                                     "\xe4\xb8\xad",
	                                     "\n",
	                                     "\t",
	                                     "\xc2\xa0",
	                                     "\xf0\x9f\x91\x8d",
	                                     "x\xcc\x81y",
	                                     "@",
	                                     "[b]",
	                                     "\x80",
	                                     "\xc3"};
	const size_t bad_pieces = 2; /* the last two are invalid UTF-8 */
	const size_t count = sizeof pieces / sizeof pieces[0];
	pl_token_list list = PL_TOKEN_LIST_INIT;
	size_t spans[8][2];
	for (int round = 0; round < 20000; round++) {
		char built[256];
		size_t len = 0, want = 1 + rng() % 24;
		for (size_t i = 0; i < want; i++) {
			size_t p = rng() % count;
			if (round % 4 != 0 && p >= count - bad_pieces)
				continue;
			size_t n = strlen(pieces[p]);
			memcpy(built + len, pieces[p], n);
			len += n;
		}
		char *text = malloc(len ? len : 1);
		memcpy(text, built, len);
		pl_error err;
		int rc = pl_token_split(&list, text, len, 0, &err);
		pl_word_cursor cursor;
		pl_word_cursor_init(&cursor, text, len);
		size_t k = 0;
		long got = 0;
		for (;;) {
			size_t ask = 1 + rng() % 8;
			got = pl_word_spans(&cursor, spans, ask);
			if (got < 0)
				break;
			for (long j = 0; rc == 0 && j < got; j++) {
				while (k < list.count && list.items[k].kind == PL_TOKEN_SPACE)
					k++;
				assert_true(k < list.count);
				assert_int_equal(spans[j][0], list.items[k].offset);
				assert_int_equal(spans[j][1],
				                 list.items[k].offset + list.items[k].length);
				k++;
			}
			if ((size_t)got < ask)
				break;
		}
		if (rc == 0) {
			assert_true(got >= 0);
			while (k < list.count && list.items[k].kind == PL_TOKEN_SPACE)
				k++;
			assert_int_equal(k, list.count);
		} else {
			char expected[64];
			assert_int_equal(got, -1);
			snprintf(expected, sizeof expected, "invalid UTF-8 at byte %zu",
			         cursor.bad);
			assert_string_equal(err.message, expected);
		}
		free(text);
	}
	pl_token_list_free(&list);
}

/* 10 MB of words and spaces in one paragraph, no newline. */
static void test_ten_megabyte_paragraph(void **state)
{
	(void)state;
	static const char *words[] = {"peace",      "framework", "Ukraine", "600,000", "24.5%",
	                              "guarantees", "NATO",      "Європа",  "сторони", "a"};
	size_t cap = 10u << 20, len = 0, expected = 0;
	char *text = pl_malloc(cap + 32);
	while (len < cap) {
		const char *w = words[rng() % 10];
		size_t n = strlen(w);
		memcpy(text + len, w, n);
		len += n;
		text[len++] = ' ';
		expected += 2;
	}
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	if (pl_token_split(&list, text, len, 0, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(list.count, expected);
	assert_covers(&list, len);
	pl_interner *in = pl_interner_new(0);
	uint32_t *ids = pl_malloc(list.count * sizeof *ids);
	assert_int_equal(pl_interner_add(in, ids, text, &list, &err), 0);
	assert_int_equal(pl_interner_count(in), 11); /* ten words and " " */
	pl_interner_free(in);
	free(ids);
	pl_token_list_free(&list);
	free(text);
}

/* The ids of text's tokens under options, into ids (at most cap). */
static size_t ids_of(pl_interner *in, const char *text, unsigned options, uint32_t *ids, size_t cap)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	assert_int_equal(pl_token_split(&list, text, strlen(text), options, &err), 0);
	assert_true(list.count <= cap);
	assert_int_equal(pl_interner_add(in, ids, text, &list, &err), 0);
	size_t count = list.count;
	pl_token_list_free(&list);
	return count;
}

static void test_case_fold(void **state)
{
	(void)state;
	uint32_t ids[32];
	pl_interner *in = pl_interner_new(PL_TOKEN_FOLD_CASE);
	const char *text = "Ukraine UKRAINE ukraine Україна УКРАЇНА Straße STRASSE "
	                   "LongWordOverEightBytes LONGWORDOVEREIGHTBYTES";
	assert_int_equal(ids_of(in, text, PL_TOKEN_FOLD_CASE, ids, 32), 17);
	assert_int_equal(ids[0], ids[2]);
	assert_int_equal(ids[0], ids[4]);
	assert_int_equal(ids[6], ids[8]);
	assert_int_equal(ids[10], ids[12]);
	assert_int_equal(ids[14], ids[16]);
	assert_int_not_equal(ids[0], ids[6]);
	size_t len;
	assert_string_equal(pl_interner_form(in, ids[0], &len), "ukraine");
	assert_int_equal(len, 7);
	assert_string_equal(pl_interner_form(in, ids[10], NULL), "strasse");
	assert_null(pl_interner_form(in, 1000, NULL));
	pl_interner_free(in);
	/* Without the option, case matters. */
	in = pl_interner_new(0);
	ids_of(in, text, 0, ids, 32);
	assert_int_not_equal(ids[0], ids[2]);
	assert_int_not_equal(ids[6], ids[8]);
	pl_interner_free(in);
}

static void test_nfc(void **state)
{
	(void)state;
	uint32_t ids[16];
	/* é precomposed, then e + U+0301 */
	const char *text = "caf\xc3\xa9 cafe\xcc\x81 CAF\xc3\x89";
	pl_interner *in = pl_interner_new(PL_TOKEN_NFC);
	assert_int_equal(ids_of(in, text, PL_TOKEN_NFC, ids, 16), 5);
	assert_int_equal(ids[0], ids[2]);
	assert_int_not_equal(ids[0], ids[4]);
	assert_string_equal(pl_interner_form(in, ids[2], NULL), "caf\xc3\xa9");
	pl_interner_free(in);
	in = pl_interner_new(0);
	ids_of(in, text, 0, ids, 16);
	assert_int_not_equal(ids[0], ids[2]);
	pl_interner_free(in);
	unsigned both = PL_TOKEN_NFC | PL_TOKEN_FOLD_CASE;
	in = pl_interner_new(both);
	ids_of(in, text, both, ids, 16);
	assert_int_equal(ids[0], ids[2]);
	assert_int_equal(ids[0], ids[4]);
	pl_interner_free(in);
}

static void test_ignore_space(void **state)
{
	(void)state;
	uint32_t ids[16];
	const char *text = "a b  c\n\td\xc2\xa0"
	                   "e";
	pl_interner *in = pl_interner_new(PL_TOKEN_IGNORE_SPACE);
	assert_int_equal(ids_of(in, text, PL_TOKEN_IGNORE_SPACE, ids, 16), 9);
	assert_int_equal(ids[1], ids[3]);
	assert_int_equal(ids[1], ids[5]);
	assert_int_equal(ids[1], ids[7]);
	pl_interner_free(in);
	in = pl_interner_new(0);
	ids_of(in, text, 0, ids, 16);
	assert_int_not_equal(ids[1], ids[3]);
	pl_interner_free(in);
}

/* Equal hashes, different bytes: the interner compares bytes. */
static void test_interner_collision(void **state)
{
	(void)state;
	const char *text = "alpha beta alpha";
	pl_token_list list = PL_TOKEN_LIST_INIT;
	assert_int_equal(pl_token_split(&list, text, strlen(text), 0, NULL), 0);
	for (size_t i = 0; i < list.count; i++)
		list.items[i].hash = 42;
	uint32_t ids[5];
	pl_interner *in = pl_interner_new(0);
	assert_int_equal(pl_interner_add(in, ids, text, &list, NULL), 0);
	assert_int_equal(ids[0], ids[4]);
	assert_int_equal(ids[1], ids[3]);
	assert_int_not_equal(ids[0], ids[2]);
	assert_int_equal(pl_interner_count(in), 3);
	pl_interner_free(in);
	pl_interner_free(NULL);
	pl_token_list_free(&list);
}

/* Many distinct forms grow the table; ids stay dense and stable. */
static void test_interner_growth(void **state)
{
	(void)state;
	pl_interner *in = pl_interner_new(0);
	pl_token_list list = PL_TOKEN_LIST_INIT;
	char word[32];
	uint32_t id, again;
	for (unsigned i = 0; i < 50000; i++) {
		int n = snprintf(word, sizeof word, "w%u", i);
		assert_int_equal(pl_token_split(&list, word, (size_t)n, 0, NULL), 0);
		assert_int_equal(pl_interner_add(in, &id, word, &list, NULL), 0);
		assert_int_equal(id, i);
	}
	assert_int_equal(pl_token_split(&list, "w123", 4, 0, NULL), 0);
	assert_int_equal(pl_interner_add(in, &again, "w123", &list, NULL), 0);
	assert_int_equal(again, 123);
	assert_int_equal(pl_interner_count(in), 50000);
	pl_interner_free(in);
	pl_token_list_free(&list);
}

static void test_interner_options_mismatch(void **state)
{
	(void)state;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	uint32_t ids[1];
	assert_int_equal(pl_token_split(&list, "x", 1, PL_TOKEN_NFC, NULL), 0);
	pl_interner *in = pl_interner_new(0);
	assert_int_equal(pl_interner_add(in, ids, "x", &list, &err), PL_EINVALID);
	assert_non_null(strstr(err.message, "options"));
	pl_interner_free(in);
	pl_token_list_free(&list);
}

static void test_too_big(void **state)
{
	(void)state;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	pl_error err;
	/* The length is checked before any byte is read. */
	assert_int_equal(pl_token_split(&list, "", PL_TOKEN_MAX_TEXT + 1, 0, &err), PL_ETOOBIG);
	assert_non_null(strstr(err.message, "limit"));
	assert_string_equal(pl_token_kind_name(PL_TOKEN_NUMBER), "number");
	pl_token_list_free(&list);
}

/* pl_utf8_valid, whose fast paths skip 32 and 8 ASCII bytes at a time,
 * finds the first bad byte (invalid sequence or NUL) where a plain walk
 * with utf8proc does, wherever it falls. */
static void test_utf8_valid_offsets(void **state)
{
	(void)state;
	static const char *const bad[] = {"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf"};
	unsigned seed = 11;
	char text[200];
	for (int round = 0; round < 3000; round++) {
		size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 150;
		for (size_t i = 0; i < len; i++)
			text[i] = (char)('a' + (i * 7 + (size_t)round) % 26);
		if (round % 5 == 0)
			memcpy(text + len / 3, "\xc3\xa9", 2);
		size_t at = (seed >> 8) % len;
		int kind = (int)((seed >> 4) % 6);
		if (kind == 5)
			text[at] = '\0';
		else if (at + strlen(bad[kind]) <= len)
			memcpy(text + at, bad[kind], strlen(bad[kind]));
		size_t expected = len, i = 0;
		while (i < len) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
			                                      (utf8proc_ssize_t)(len - i), &cp);
			if (n <= 0 || cp == 0) {
				expected = i;
				break;
			}
			i += (size_t)n;
		}
		size_t got = len;
		int valid = pl_utf8_valid(text, len, &got);
		assert_int_equal(valid, expected == len);
		assert_int_equal(got, expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_english_and_numbers),
	    cmocka_unit_test(test_cyrillic),
	    cmocka_unit_test(test_combining_marks),
	    cmocka_unit_test(test_emoji),
	    cmocka_unit_test(test_cjk),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_random_bytes),
	    cmocka_unit_test(test_word_spans_match_tokens),
	    cmocka_unit_test(test_ten_megabyte_paragraph),
	    cmocka_unit_test(test_case_fold),
	    cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_ignore_space),
	    cmocka_unit_test(test_interner_collision),
	    cmocka_unit_test(test_interner_growth),
	    cmocka_unit_test(test_interner_options_mismatch),
	    cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_utf8_valid_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
