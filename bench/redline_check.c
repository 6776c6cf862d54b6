/* redline_check.c — checks a parley.textdiff/1 document against its texts.
 *
 * usage: redline_check A B JSON
 *        redline_check --tokens FILE
 *
 * Verifies that the edits cover A and B in order (equal and deleted ranges
 * rebuild A, equal and inserted ranges rebuild B, equal ranges are equal
 * bytes, deleted and inserted texts are the bytes they name) and prints one
 * line:
 *
 *   valid RUNS WORDS_DELETED WORDS_INSERTED CHUNKS_DELETED CHUNKS_INSERTED
 *
 * where WORDS_* are the JSON's own counts (parley's tokens) and CHUNKS_* the
 * whitespace-separated words of A (of B) that a deleted (inserted) range
 * touches — the unit `tr -s '[:space:]' '\n'` gives GNU diff, so that the
 * two scripts can be compared in the same unit. Exits 1 on any mismatch.
 *
 * With --tokens, prints the non-space tokens of FILE as parley's tokenizer
 * cuts them, one a line, for GNU diff to find the minimal script in
 * parley's own unit. */
#include "parley/file.h"
#include "parley/token.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whitespace-separated words of text with a byte in a marked range. */
static size_t touched_chunks(const char *text, size_t len, const unsigned char *marked)
{
	size_t count = 0, i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)text[i]))
			i++;
		int touched = 0;
		size_t start = i;
		while (i < len && !isspace((unsigned char)text[i]))
			touched |= marked[i++];
		count += i > start && touched;
	}
	return count;
}

static int range(json_t *edit, const char *key, size_t *offset, size_t *length)
{
	json_t *r = json_object_get(edit, key);
	if (!json_is_array(r) || json_array_size(r) != 2)
		return -1;
	*offset = (size_t)json_integer_value(json_array_get(r, 0));
	*length = (size_t)json_integer_value(json_array_get(r, 1));
	return 0;
}

static int fail(const char *what, size_t index)
{
	fprintf(stderr, "redline_check: edit %zu: %s\n", index, what);
	return 1;
}

static int print_tokens(const char *path)
{
	pl_error err;
	char *text;
	size_t len;
	pl_token_list list = PL_TOKEN_LIST_INIT;
	if (pl_file_read(path, (size_t)1 << 30, &text, &len, &err) ||
	    pl_token_split(&list, text, len, 0, &err)) {
		fprintf(stderr, "redline_check: %s\n", err.message);
		return 2;
	}
	for (size_t i = 0; i < list.count; i++) {
		const pl_token *t = &list.items[i];
		if (t->kind == PL_TOKEN_SPACE)
			continue;
		fwrite(text + t->offset, 1, t->length, stdout);
		putchar('\n');
	}
	pl_token_list_free(&list);
	free(text);
	return fflush(stdout) == 0 ? 0 : 2;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--tokens") == 0)
		return print_tokens(argv[2]);
	if (argc != 4) {
		fprintf(stderr, "usage: redline_check A B JSON | --tokens FILE\n");
		return 2;
	}
	pl_error err;
	char *a, *b;
	size_t a_len, b_len;
	if (pl_file_read(argv[1], (size_t)1 << 30, &a, &a_len, &err) ||
	    pl_file_read(argv[2], (size_t)1 << 30, &b, &b_len, &err)) {
		fprintf(stderr, "redline_check: %s\n", err.message);
		return 2;
	}
	json_error_t jerr;
	json_t *doc = json_load_file(argv[3], 0, &jerr);
	json_t *edits = doc ? json_object_get(doc, "edits") : NULL;
	if (!json_is_array(edits)) {
		fprintf(stderr, "redline_check: %s: no edits (%s)\n", argv[3], jerr.text);
		return 1;
	}
	unsigned char *del = calloc(a_len + 1, 1), *ins = calloc(b_len + 1, 1);
	size_t a_pos = 0, b_pos = 0, n = json_array_size(edits);
	for (size_t k = 0; k < n; k++) {
		json_t *e = json_array_get(edits, k);
		const char *op = json_string_value(json_object_get(e, "op"));
		size_t ao = a_pos, al = 0, bo = b_pos, bl = 0;
		int is_eq = op && strcmp(op, "equal") == 0,
		    is_del = op && strcmp(op, "delete") == 0;
		int is_ins = op && strcmp(op, "insert") == 0;
		if ((!is_ins && range(e, "a", &ao, &al)) || (!is_del && range(e, "b", &bo, &bl)) ||
		    !(is_eq || is_del || is_ins))
			return fail("malformed", k);
		if (ao != a_pos || bo != b_pos || ao + al > a_len || bo + bl > b_len)
			return fail("not contiguous", k);
		if (is_eq && (al != bl || memcmp(a + ao, b + bo, al) != 0))
			return fail("equal ranges differ", k);
		const char *text = json_string_value(json_object_get(e, "text"));
		if (is_del && (!text || strlen(text) != al || memcmp(text, a + ao, al) != 0))
			return fail("deleted text is not a's bytes", k);
		if (is_ins && (!text || strlen(text) != bl || memcmp(text, b + bo, bl) != 0))
			return fail("inserted text is not b's bytes", k);
		if (is_del)
			memset(del + ao, 1, al);
		if (is_ins)
			memset(ins + bo, 1, bl);
		a_pos += al;
		b_pos += bl;
	}
	if (a_pos != a_len || b_pos != b_len)
		return fail("edits do not cover the texts", n);
	json_t *words = json_object_get(doc, "words");
	printf("valid %zu %lld %lld %zu %zu\n", n,
	       (long long)json_integer_value(json_object_get(words, "deleted")),
	       (long long)json_integer_value(json_object_get(words, "inserted")),
	       touched_chunks(a, a_len, del), touched_chunks(b, b_len, ins));
	json_decref(doc);
	free(del);
	free(ins);
	free(a);
	free(b);
	return 0;
}
