#include "match_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "strmap_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A point's whole wording, sub-items included, as one comparable string. */
static char *full_text(const pl_point *point)
{
	pl_buf out = PL_BUF_INIT;
	pl_buf_puts(&out, point->text);
	for (size_t k = 0; k < point->item_count; k++)
		pl_buf_printf(&out, " (%s) %s", point->items[k].label, point->items[k].text);
	return pl_buf_detach(&out);
}

typedef struct word {
	const char *start;
	size_t len;
} word;

/* Words are runs of letters and digits (any byte >= 0x80 counts as a
 * letter, so non-Latin scripts form words too). */
static word *split_words(const char *text, size_t *count)
{
	word *words = NULL;
	size_t capacity = 0;
	*count = 0;
	for (const char *p = text; *p;) {
		while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		const char *start = p;
		while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (p > start) {
			words = pl_grow(words, &capacity, *count + 1, sizeof *words);
			words[(*count)++] = (word){start, (size_t)(p - start)};
		}
	}
	return words;
}

static int compare_words(const void *left, const void *right)
{
	const word *a = left, *b = right;
	size_t n = a->len < b->len ? a->len : b->len;
	for (size_t i = 0; i < n; i++) {
		int ca = tolower((unsigned char)a->start[i]), cb = tolower((unsigned char)b->start[i]);
		if (ca != cb)
			return ca - cb;
	}
	return (a->len > b->len) - (a->len < b->len);
}

double pl_word_similarity(const char *a, const char *b)
{
	size_t na, nb;
	word *wa = split_words(a, &na), *wb = split_words(b, &nb);
	qsort(wa, na, sizeof *wa, compare_words);
	qsort(wb, nb, sizeof *wb, compare_words);
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		int c = compare_words(&wa[i], &wb[j]);
		if (c == 0) {
			common++;
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	free(wa);
	free(wb);
	return na + nb ? 2.0 * (double)common / (double)(na + nb) : 1.0;
}

typedef struct matcher {
	const pl_doc *next;
	size_t *partner;       /* per next point: its previous point, or NONE */
	const pl_doc *previous;
	char **next_texts, **previous_texts;
	unsigned char *used;   /* per previous point */
	size_t *same_text;     /* chain of previous points with equal text */
	size_t *same_label;    /* chain of previous points with equal label */
	pl_strmap by_text, by_label;
} matcher;

#define END_OF_CHAIN ((size_t)-1)

/* Maps each key to its first index; chain[i] links to the next index with
 * the same key. */
static void build_index(pl_strmap *map, size_t *chain, char *const *keys, size_t count)
{
	pl_strmap_init(map);
	for (size_t i = count; i-- > 0;) {
		size_t head;
		chain[i] = pl_strmap_swap(map, keys[i], strlen(keys[i]), i, &head) ? head
										  : END_OF_CHAIN;
	}
}

static void take(matcher *m, size_t next_index, size_t previous_index)
{
	m->used[previous_index] = 1;
	m->partner[next_index] = previous_index;
}

/* Pass 1 (same_label = 1): identical text under the same label; pass 2:
 * identical text under any label. */
static void match_identical(matcher *m, int want_same_label)
{
	for (size_t i = 0; i < m->next->point_count; i++) {
		if (m->partner[i] != END_OF_CHAIN)
			continue;
		size_t j;
		const char *key = m->next_texts[i];
		if (!pl_strmap_get(&m->by_text, key, strlen(key), &j))
			continue;
		for (; j != END_OF_CHAIN; j = m->same_text[j]) {
			if (m->used[j])
				continue;
			if (want_same_label &&
			    strcmp(m->previous->points[j].label, m->next->points[i].label) != 0)
				continue;
			take(m, i, j);
			break;
		}
	}
}

static const char *part_heading(const pl_doc *doc, const pl_point *point)
{
	return point->part == PL_NO_PART ? "" : doc->parts[point->part].heading;
}

/* Pass 3: the same label. Under a part of the same heading the point is the
 * same provision however much it was rewritten (negotiators speak of "point
 * 21" through every draft); elsewhere the wording must be similar too. */
static void match_same_label(matcher *m)
{
	for (size_t i = 0; i < m->next->point_count; i++) {
		const pl_point *point = &m->next->points[i];
		size_t j;
		if (m->partner[i] != END_OF_CHAIN || !pl_strmap_get(&m->by_label, point->label, strlen(point->label), &j))
			continue;
		const char *heading = part_heading(m->next, point);
		size_t best = END_OF_CHAIN;
		double best_score = PL_MATCH_SIMILAR;
		for (; j != END_OF_CHAIN; j = m->same_label[j]) {
			if (m->used[j])
				continue;
			const pl_point *old = &m->previous->points[j];
			double score = strcmp(part_heading(m->previous, old), heading) == 0
					       ? 2.0
					       : pl_word_similarity(m->next_texts[i], m->previous_texts[j]);
			if (score >= best_score) {
				best_score = score;
				best = j;
			}
		}
		if (best != END_OF_CHAIN)
			take(m, i, best);
	}
}

typedef struct candidate {
	double score;
	size_t next, previous;
} candidate;

/* Best score first; ties in document order, so the result is deterministic. */
static int compare_candidates(const void *left, const void *right)
{
	const candidate *a = left, *b = right;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->next != b->next)
		return a->next < b->next ? -1 : 1;
	return (a->previous > b->previous) - (a->previous < b->previous);
}

/* Pass 4: a point moved under a new label and reworded: the most similar
 * unmatched pair first, down to PL_MATCH_MOVED. All pairs are compared, so
 * the pass is skipped when too many points remain unmatched on both sides. */
static void match_moved(matcher *m)
{
	size_t n = m->next->point_count, p = m->previous->point_count;
	size_t open_next = 0, open_previous = 0;
	for (size_t i = 0; i < n; i++)
		open_next += m->partner[i] == END_OF_CHAIN;
	for (size_t j = 0; j < p; j++)
		open_previous += !m->used[j];
	if (!open_next || !open_previous || open_next * open_previous > PL_MATCH_MOVED_PAIRS)
		return;
	candidate *pairs = NULL;
	size_t count = 0, capacity = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < p && m->partner[i] == END_OF_CHAIN; j++) {
			if (m->used[j])
				continue;
			double score = pl_word_similarity(m->next_texts[i], m->previous_texts[j]);
			if (score < PL_MATCH_MOVED)
				continue;
			pairs = pl_grow(pairs, &capacity, count + 1, sizeof *pairs);
			pairs[count++] = (candidate){score, i, j};
		}
	}
	if (count)
		qsort(pairs, count, sizeof *pairs, compare_candidates);
	for (size_t k = 0; k < count; k++)
		if (m->partner[pairs[k].next] == END_OF_CHAIN && !m->used[pairs[k].previous])
			take(m, pairs[k].next, pairs[k].previous);
	free(pairs);
}

static char **all_texts(const pl_doc *doc)
{
	char **texts = pl_calloc(doc->point_count ? doc->point_count : 1, sizeof *texts);
	for (size_t i = 0; i < doc->point_count; i++)
		texts[i] = full_text(&doc->points[i]);
	return texts;
}

static void free_texts(char **texts, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(texts[i]);
	free(texts);
}

static void match_previous(matcher *m)
{
	const pl_doc *previous = m->previous;
	size_t n = previous->point_count;
	m->previous_texts = all_texts(previous);
	m->next_texts = all_texts(m->next);
	m->used = pl_calloc(n ? n : 1, 1);
	m->same_text = pl_calloc(n ? n : 1, sizeof(size_t));
	m->same_label = pl_calloc(n ? n : 1, sizeof(size_t));
	char **labels = pl_calloc(n ? n : 1, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = previous->points[i].label;
	build_index(&m->by_text, m->same_text, m->previous_texts, n);
	build_index(&m->by_label, m->same_label, labels, n);
	match_identical(m, 1);
	match_identical(m, 0);
	match_same_label(m);
	match_moved(m);
	free(labels);
	pl_strmap_free(&m->by_text);
	pl_strmap_free(&m->by_label);
	free(m->used);
	free(m->same_text);
	free(m->same_label);
	free_texts(m->previous_texts, n);
	free_texts(m->next_texts, m->next->point_count);
}

void pl_match_points(const pl_doc *next, const pl_doc *previous, size_t *partner)
{
	for (size_t i = 0; i < next->point_count; i++)
		partner[i] = END_OF_CHAIN;
	if (!previous || !previous->point_count || !next->point_count)
		return;
	matcher m = {.next = next, .previous = previous, .partner = partner};
	match_previous(&m);
}

void pl_match_ids(pl_doc *next, const pl_doc *previous, int64_t *next_serial,
		  pl_match_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	size_t *partner = pl_malloc((next->point_count + 1) * sizeof *partner);
	pl_match_points(next, previous, partner);
	for (size_t i = 0; i < next->point_count; i++) {
		if (partner[i] != END_OF_CHAIN) {
			pl_point_set_id(&next->points[i], previous->points[partner[i]].id);
			stats->carried++;
			continue;
		}
		char id[32];
		snprintf(id, sizeof id, "p%lld", (long long)(*next_serial)++);
		pl_point_set_id(&next->points[i], id);
		stats->added++;
	}
	free(partner);
}
