#include "subitem_int.h"
#include "doc_int.h"
#include "parley/mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum scheme { SCHEME_LETTER, SCHEME_ROMAN, SCHEME_DIGIT };

#define MAX_MARKER_LABEL 8

typedef struct marker {
	size_t start; /* offset of '(' */
	size_t end;   /* offset just after the marker and its space */
	char label[MAX_MARKER_LABEL];
} marker;

size_t pl_item_marker(const char *text, size_t len, char *label, size_t label_size)
{
	if (len < 3 || text[0] != '(')
		return 0;
	size_t i = 1;
	int digits = isdigit((unsigned char)text[1]);
	while (i < len && i < MAX_MARKER_LABEL &&
	       (digits ? isdigit((unsigned char)text[i]) : islower((unsigned char)text[i])))
		i++;
	if (i == 1 || i >= len || text[i] != ')' || i - 1 >= label_size)
		return 0;
	if (i + 1 < len && text[i + 1] != ' ' && text[i + 1] != '\t' && text[i + 1] != '\n')
		return 0;
	memcpy(label, text + 1, i - 1);
	label[i - 1] = '\0';
	return i + 1 < len ? i + 2 : i + 1;
}

void pl_item_label_nth(char *label, size_t label_size, size_t n)
{
	char reversed[16];
	size_t k = 0;
	do {
		reversed[k++] = (char)('a' + n % 26);
		n = n / 26;
	} while (n-- > 0 && k < sizeof reversed);
	size_t i = 0;
	for (; i < k && i + 1 < label_size; i++)
		label[i] = reversed[k - 1 - i];
	label[i] = '\0';
}

static void roman(char *out, size_t size, unsigned n)
{
	static const char *const ones[] = {"",  "i",  "ii",  "iii",  "iv",
	                                   "v", "vi", "vii", "viii", "ix"};
	static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l"};
	snprintf(out, size, "%s%s", tens[(n / 10) % 6], ones[n % 10]);
}

/* The label of the n-th (0-based) item in a scheme. */
static void nth_label(char *out, size_t size, enum scheme scheme, size_t n)
{
	if (scheme == SCHEME_DIGIT)
		snprintf(out, size, "%zu", n + 1);
	else if (scheme == SCHEME_ROMAN)
		roman(out, size, (unsigned)(n + 1));
	else
		pl_item_label_nth(out, size, n);
}

/* Every marker in text that stands at the start or after white space. */
static marker *find_markers(const char *text, size_t len, size_t *count)
{
	marker *found = NULL;
	size_t capacity = 0;
	*count = 0;
	/* memchr: every point of a large plan passes here, and few hold a '('. */
	for (const char *p = memchr(text, '(', len); p;
	     p = memchr(p + 1, '(', len - (size_t)(p + 1 - text))) {
		size_t i = (size_t)(p - text);
		if (i > 0 && !isspace((unsigned char)text[i - 1]))
			continue;
		marker m = {.start = i};
		size_t n = pl_item_marker(text + i, len - i, m.label, sizeof m.label);
		if (!n)
			continue;
		m.end = i + n;
		found = pl_grow(found, &capacity, *count + 1, sizeof *found);
		found[(*count)++] = m;
	}
	return found;
}

/* Picks from markers[first..] the longest run labelled in sequence from
 * the first one; writes the chosen indexes into chosen. */
static size_t sequence_from(const marker *markers, size_t count, size_t first, enum scheme scheme,
                            size_t *chosen)
{
	size_t taken = 0;
	char expected[MAX_MARKER_LABEL];
	for (size_t i = first; i < count; i++) {
		nth_label(expected, sizeof expected, scheme, taken);
		if (strcmp(markers[i].label, expected) == 0)
			chosen[taken++] = i;
	}
	return taken;
}

/* s[0..len) without the spaces around it: *skip bytes in, its length. */
static size_t trimmed(const char *s, size_t len, size_t *skip)
{
	*skip = 0;
	while (len && isspace((unsigned char)s[*skip])) {
		++*skip;
		len--;
	}
	while (len && isspace((unsigned char)s[*skip + len - 1]))
		len--;
	return len;
}

static char *trimmed_copy(const char *s, size_t len)
{
	size_t skip;
	len = trimmed(s, len, &skip);
	return pl_strndup(s + skip, len);
}

static void split_at(pl_point *point, const marker *markers, const size_t *chosen, size_t n)
{
	char *text = point->text;
	size_t len = strlen(text);
	/* The items are added as pl_point_add_item adds them, the array
	 * grown once and each body kept rather than copied again: every
	 * point of a large plan with sub-items passes here. */
	point->items = pl_realloc(point->items, (point->item_count + n) * sizeof *point->items);
	for (size_t k = 0; k < n; k++) {
		const marker *m = &markers[chosen[k]];
		size_t end = k + 1 < n ? markers[chosen[k + 1]].start : len;
		pl_item *item = &point->items[point->item_count++];
		item->label = pl_strdup(m->label);
		item->text = trimmed_copy(text + m->end, end - m->end);
	}
	/* The lead is what comes before the first item. A text packed with
	 * its label (the Markdown reader's) is cut where it lies, so that it
	 * stays packed; another is copied. */
	size_t skip, lead = trimmed(text, markers[chosen[0]].start, &skip);
	if (pl_point_text_packed(point)) {
		memmove(text, text + skip, lead);
		text[lead] = '\0';
	} else {
		pl_point_replace_text(point, pl_strndup(text + skip, lead));
	}
}

void pl_split_inline_items(pl_point *point)
{
	size_t count;
	marker *markers = find_markers(point->text, strlen(point->text), &count);
	if (count < 2) { /* a split needs two markers; most points have none */
		free(markers);
		return;
	}
	size_t *chosen = pl_calloc(count, sizeof *chosen);
	for (size_t first = 0; first < count; first++) {
		enum scheme scheme;
		if (strcmp(markers[first].label, "a") == 0)
			scheme = SCHEME_LETTER;
		else if (strcmp(markers[first].label, "i") == 0)
			scheme = SCHEME_ROMAN;
		else if (strcmp(markers[first].label, "1") == 0)
			scheme = SCHEME_DIGIT;
		else
			continue;
		size_t n = sequence_from(markers, count, first, scheme, chosen);
		if (n >= 2) {
			split_at(point, markers, chosen, n);
			break;
		}
	}
	free(chosen);
	free(markers);
}
