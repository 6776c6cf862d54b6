/* suggest.c — "did you mean": the known name nearest to a mistyped one. */
#include "cli.h"

#include <string.h>

enum { NAME_MAX_LEN = 64 };

static size_t min2(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* The optimal string alignment distance (Damerau 1964; Levenshtein 1966
 * with the transposition of two adjacent letters as one edit), over three
 * rows of the dynamic-programming table. Both lengths at most
 * NAME_MAX_LEN. */
static size_t edit_distance(const char *a, size_t a_len, const char *b, size_t b_len)
{
	size_t rows[3][NAME_MAX_LEN + 1];
	size_t *before = rows[0], *previous = rows[1], *current = rows[2];
	for (size_t j = 0; j <= b_len; j++)
		previous[j] = j;
	for (size_t i = 1; i <= a_len; i++) {
		current[0] = i;
		for (size_t j = 1; j <= b_len; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = min2(previous[j] + 1, current[j - 1] + 1);
			best = min2(best, previous[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = min2(best, before[j - 2] + 1);
			current[j] = best;
		}
		size_t *spare = before;
		before = previous;
		previous = current;
		current = spare;
	}
	return previous[b_len];
}

size_t cli_edit_distance(const char *a, size_t a_len, const char *b)
{
	size_t b_len = strlen(b);
	if (a_len > NAME_MAX_LEN || b_len > NAME_MAX_LEN)
		return (size_t)-1;
	return edit_distance(a, a_len, b, b_len);
}

const char *cli_nearest(const char *word, size_t len, const char *const *names, size_t count)
{
	/* Close means at most two edits, and fewer edits than half the word:
	 * "shwo" suggests "show", "x" suggests nothing. */
	const char *nearest = NULL;
	size_t best = 3;
	for (size_t i = 0; i < count; i++) {
		size_t distance = cli_edit_distance(word, len, names[i]);
		if (distance < best && distance * 2 < len) {
			best = distance;
			nearest = names[i];
		}
	}
	return nearest;
}
