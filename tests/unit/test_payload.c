/* test_payload.c — the one-pass payload reader (payload_int.h) against
 * jansson: whatever it accepts as canonical must be exactly what jansson
 * writes for what it reads, and it must read the same fields. */
#include "testutil.h"

#include "event_int.h"
#include "payload_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANONICAL (JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY)

/* 1 when jansson reads text and writes it back byte for byte. */
static int jansson_canonical(const char *text)
{
	json_t *tree = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!tree)
		return 0;
	char *again = json_dumps(tree, CANONICAL);
	int same = again && strcmp(again, text) == 0;
	free(again);
	json_decref(tree);
	return same;
}

static void assert_same_fields(const pl_payload *a, const pl_payload *b, const json_t *tree)
{
	assert_int_equal(a->container, b->container);
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)tree, key, v)
	{
		assert_int_equal(pl_payload_type(a, key), pl_payload_type(b, key));
		const char *sa = pl_payload_string(a, key), *sb = pl_payload_string(b, key);
		assert_true((sa == NULL) == (sb == NULL));
		if (sa)
			assert_string_equal(sa, sb);
		assert_true(pl_payload_integer(a, key) == pl_payload_integer(b, key));
		const pl_payload_entry *ia, *ib;
		size_t na = pl_payload_array(a, key, &ia), nb = pl_payload_array(b, key, &ib);
		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			const char *x = pl_payload_item(a, ia, i), *y = pl_payload_item(b, ib, i);
			assert_true((x == NULL) == (y == NULL));
			if (x)
				assert_string_equal(x, y);
		}
	}
	assert_int_equal(pl_payload_type(a, "no such key"), PL_PAYLOAD_ABSENT);
}

/* The reader's verdict on text: when it accepts, jansson must agree and
 * read the same fields. Returns the verdict. */
static int check(const char *text)
{
	pl_payload fast, slow;
	pl_payload_init(&fast);
	pl_payload_init(&slow);
	int accepted = pl_payload_read(&fast, text, strlen(text));
	if (accepted) {
		if (!jansson_canonical(text))
			fail_msg("accepted as canonical, but jansson writes it otherwise: %s",
			         text);
		json_t *tree = json_loads(text, JSON_DECODE_ANY, NULL);
		pl_payload_from_json(&slow, tree);
		assert_same_fields(&fast, &slow, tree);
		json_decref(tree);
	}
	pl_payload_clear(&fast);
	pl_payload_clear(&slow);
	return accepted;
}

static void test_reads_what_parley_writes(void **state)
{
	(void)state;
	const char *accepted[] = {
	    "{}",
	    "[]",
	    "{\"a\":1}",
	    "\"bare\"",
	    "0",
	    "-12",
	    "true",
	    "null",
	    "{\"document\":\"bench\",\"note\":\"position 0\",\"number\":1,\"party\":\"AA\","
	    "\"point\":\"p1\",\"stance\":\"accept\"}",
	    "{\"a\":\"q\\\"b\\\\s\\n\\t\\r\\b\\f\\u0001\\u001Fz\"}",
	    "{\"a\":\"\x7f caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80\"}",
	    "{\"a\":[\"x\",1,[2],{\"b\":null}],\"b\":{\"c\":[]},\"members\":[\"AA\",\"BB\"]}",
	    "{\"a\":1,\"ab\":2,\"b\":3}",
	    "{\"\":0,\"a\":-9223372036854775}",
	    "[{\"z\":1,\"\xc3\xa9\":2}]"};
	for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
		if (!check(accepted[i]))
			fail_msg("declined: %s", accepted[i]);
	}
}

static void test_declines_the_rest(void **state)
{
	(void)state;
	const char *declined[] = {"",
	                          " {}",
	                          "{} ",
	                          "{\"a\": 1}",
	                          "{\"b\":1,\"a\":2}",
	                          "{\"a\":1,\"a\":1}",
	                          "{\"a\":-0}",
	                          "{\"a\":01}",
	                          "{\"a\":1.5}",
	                          "{\"a\":1e5}",
	                          "{\"a\":1E5}",
	                          "{\"a\":1234567890123456789}",
	                          "{\"a\":\"\\/\"}",
	                          "{\"a\":\"\\u0041\"}",
	                          "{\"a\":\"\\u001f\"}",
	                          "{\"a\":\"\\u000A\"}",
	                          "{\"a\":\"\\u0000\"}",
	                          "{\"a\":\"\x01\"}",
	                          "{\"a\":\"\xff\"}",
	                          "{\"a\":\"\xc0\xaf\"}",
	                          "{\"a\":\"\xed\xa0\x80\"}",
	                          "{\"a\":\"\xf4\x90\x80\x80\"}",
	                          "{\"a\":\"\xe2\x80\"}",
	                          "{\"a\\n\":1}",
	                          "{\"a\":tru}",
	                          "{\"a\":1,}",
	                          "[1,]",
	                          "{\"a\"}",
	                          "{\"a\":\"x}",
	                          "[1]x",
	                          "{\"a\":[1 ,2]}",
	                          "+1",
	                          "{\"a\":\"\\ud83d\\ude00\"}",
	                          "NaN"};
	for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
		if (check(declined[i]))
			fail_msg("accepted: %s", declined[i]);
	/* Nesting past the reader's depth goes to jansson. */
	char deep[400];
	memset(deep, '[', 150);
	memset(deep + 150, ']', 150);
	deep[300] = '\0';
	assert_false(check(deep));
}

/* --- random payloads ------------------------------------------------------ */

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static unsigned next(unsigned bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % bound);
}

/* Keys draw on pieces 0 .. KEY_PIECES - 1 only: the reader leaves escaped
 * keys to jansson. */
#define KEY_PIECES 3

static json_t *random_string(size_t piece_count)
{
	static const char *const pieces[] = {"a",
	                                     "\xc3\xa9",
	                                     "{",
	                                     "b",
	                                     "AA",
	                                     "\"",
	                                     "\\",
	                                     "\n",
	                                     "\t",
	                                     "\x01",
	                                     "\x1f",
	                                     "\x7f",
	                                     "/",
	                                     "\xe2\x80\xa8",
	                                     "\xf0\x9f\x98\x80",
	                                     " ",
	                                     "]",
	                                     ":",
	                                     ","};
	char s[64];
	size_t len = 0;
	for (size_t i = next(6); i > 0; i--) {
		size_t count = piece_count ? piece_count : sizeof pieces / sizeof *pieces;
		const char *piece = pieces[next((unsigned)count)];
		memcpy(s + len, piece, strlen(piece));
		len += strlen(piece);
	}
	s[len] = '\0';
	return json_string(s);
}

static json_t *random_value(int depth)
{
	switch (next(depth > 3 ? 5 : 8)) {
	case 0:
		return json_integer((json_int_t)next(2000) - 1000);
	case 1:
		return random_string(0);
	case 2:
		return next(2) ? json_true() : json_null();
	case 3:
		return json_integer(next(2) ? 9007199254740993ll : -123456789012345678ll);
	case 4:
		return json_false();
	case 5: {
		json_t *a = json_array();
		for (unsigned i = next(4); i > 0; i--)
			json_array_append_new(a, random_value(depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		for (unsigned i = next(6); i > 0; i--) {
			json_t *key = random_string(KEY_PIECES);
			json_object_set_new(o, json_string_value(key), random_value(depth + 1));
			json_decref(key);
		}
		return o;
	}
	}
}

static void test_agrees_with_jansson_on_random_payloads(void **state)
{
	(void)state;
	size_t accepted = 0, mutated_accepted = 0;
	for (int round = 0; round < 20000; round++) {
		json_t *tree = random_value(0);
		char *text = json_dumps(tree, CANONICAL);
		json_decref(tree);
		/* What jansson writes (no reals) is always read in one pass, */
		if (!check(text))
			fail_msg("declined jansson's own output: %s", text);
		accepted++;
		/* and a damaged copy is accepted only when still canonical. */
		size_t len = strlen(text);
		if (len > 0) {
			static const char bytes[] = "{}[]\":,\\ 0-19aeu\x01\x7f\xc3\xa9\xff";
			text[next((unsigned)len)] = bytes[next(sizeof bytes - 1)];
			mutated_accepted += (size_t)check(text);
		}
		free(text);
	}
	assert_int_equal(accepted, 20000);
	assert_true(mutated_accepted > 0);
}

/* The content check gives the verdict the encoding through jansson gives. */
static void test_content_matches_the_encoding(void **state)
{
	(void)state;
	const char *payloads[] = {
	    "{\"a\":1,\"b\":\"x\"}", "{\"b\":1,\"a\":2}", "{\"a\":1.5}", "[1,2]", "7", "not json"};
	uint8_t prev[PL_HASH_BYTES] = {1, 2, 3};
	for (size_t i = 0; i < sizeof payloads / sizeof *payloads; i++) {
		for (int with_prev = 0; with_prev < 2; with_prev++) {
			uint8_t hash[PL_HASH_BYTES] = {0};
			pl_store_event e = {.track = "plenary",
			                    .seq = with_prev ? 12 : 1,
			                    .kind = "statement.add",
			                    .at = "2025-11-20T09:30:00Z",
			                    .actor = with_prev ? "a\"1" : NULL,
			                    .payload = payloads[i],
			                    .prev = with_prev ? prev : NULL,
			                    .hash = hash};
			char *text = NULL;
			pl_error err;
			uint8_t statement[PL_HASH_BYTES], got[PL_HASH_BYTES];
			int encodable = pl_event_statement(&e, &text, &err) == 0;
			if (encodable) {
				pl_hash(statement, text, strlen(text));
				pl_event_link_hash(e.prev, e.seq, statement, hash);
			}
			free(text);
			pl_payload fields;
			pl_payload_init(&fields);
			int content = pl_event_content(&e, &fields, got);
			assert_int_equal(content,
			                 encodable ? PL_CONTENT_SOUND : PL_CONTENT_NOT_CANONICAL);
			if (encodable) {
				assert_memory_equal(got, statement, PL_HASH_BYTES);
				hash[5] ^= 1;
				assert_int_equal(pl_event_content(&e, &fields, got),
				                 PL_CONTENT_ALTERED);
			}
			pl_payload_clear(&fields);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_what_parley_writes),
	    cmocka_unit_test(test_declines_the_rest),
	    cmocka_unit_test(test_agrees_with_jansson_on_random_payloads),
	    cmocka_unit_test(test_content_matches_the_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
