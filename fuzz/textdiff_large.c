/* textdiff_large.c — a libFuzzer target for pl_text_diff_large.
 *
 * The input is a repetition count (its first byte, 1 to 64), then text A,
 * a 0xFF byte, and text B. Each text is repeated that many times, and one
 * copy of B in three has a byte changed, so that small inputs reach the
 * sizes where chunks repeat, the chunk script searches far for a place to
 * agree again, and two halves are solved on two threads. Whatever the
 * bytes, the call must return an error or a redline that rebuilds both
 * texts: runs in order and covering both, equal runs equal bytes, and the
 * word counts pl_token_split gives. Anything else aborts. */
#include "parley/redline.h"
#include "parley/token.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Non-space tokens of text, or SIZE_MAX when it is not valid UTF-8. */
static size_t words_of(const char *text, size_t len)
{
	pl_token_list list = PL_TOKEN_LIST_INIT;
	size_t words = SIZE_MAX;
	if (pl_token_split(&list, text, len, 0, NULL) == 0) {
		words = 0;
		for (size_t i = 0; i < list.count; i++)
			words += list.items[i].kind != PL_TOKEN_SPACE;
	}
	pl_token_list_free(&list);
	return words;
}

static char *repeat(const uint8_t *part, size_t len, size_t times, int vary)
{
	char *text = malloc(len * times + 1);
	if (!text)
		abort();
	for (size_t k = 0; k < times; k++) {
		memcpy(text + k * len, part, len);
		if (vary && len && k % 3 == 1)
			text[k * len + k % len] = (char)('a' + k % 26);
	}
	return text;
}

static void check(const pl_text_diff *d, const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t a_at = 0, b_at = 0;
	for (size_t r = 0; r < d->run_count; r++) {
		const pl_text_run *run = &d->runs[r];
		if (run->a_offset != a_at || run->b_offset != b_at)
			abort();
		if (run->kind == PL_DIFF_EQUAL && (run->a_length != run->b_length ||
		                                   memcmp(a + a_at, b + b_at, run->a_length) != 0))
			abort();
		if ((run->kind == PL_DIFF_DELETE && run->b_length) ||
		    (run->kind == PL_DIFF_INSERT && run->a_length))
			abort();
		a_at += run->a_length;
		b_at += run->b_length;
	}
	if (a_at != a_len || b_at != b_len)
		abort();
	if (d->words_a != words_of(a, a_len) || d->words_b != words_of(b, b_len) ||
	    d->words_a - d->words_deleted != d->words_b - d->words_inserted)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t times = 1 + data[0] % 64;
	const uint8_t *a_part = data + 1, *end = data + size;
	const uint8_t *mark = memchr(a_part, 0xFF, (size_t)(end - a_part));
	if (!mark)
		return 0;
	size_t a_part_len = (size_t)(mark - a_part), b_part_len = (size_t)(end - mark - 1);
	char *a = repeat(a_part, a_part_len, times, 0);
	char *b = repeat(mark + 1, b_part_len, times, 1);
	size_t a_len = a_part_len * times, b_len = b_part_len * times;
	pl_text_diff d;
	pl_error err;
	if (pl_text_diff_large(&d, a, a_len, b, b_len, 0, &err) == 0) {
		check(&d, a, a_len, b, b_len);
		pl_text_diff_free(&d);
	} else if (err.code != PL_EINVALID) {
		abort();
	}
	free(a);
	free(b);
	return 0;
}
