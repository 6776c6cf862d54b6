#include "hash_int.h"
#include "match_int.h"
#include "parley/buf.h"
#include "parley/mem.h"
#include "strmap_int.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A point's whole wording, sub-items included, as one comparable string
 * "text (a) item (b) item", into out (emptied first), without printf: it
 * runs for every point of both plans. */
static void write_full_text(pl_buf *out, const pl_point *point)
{
	pl_buf_clear(out);
	pl_buf_puts(out, point->text);
	for (size_t k = 0; k < point->item_count; k++) {
		pl_buf_puts(out, " (");
		pl_buf_puts(out, point->items[k].label);
		pl_buf_puts(out, ") ");
		pl_buf_puts(out, point->items[k].text);
	}
}

static char *full_text(const pl_point *point)
{
	pl_buf out = PL_BUF_INIT;
	write_full_text(&out, point);
	return pl_buf_detach(&out);
}

typedef struct word {
	const char *start;
	size_t len;
} word;

/* Words are runs of letters and digits (any byte >= 0x80 counts as a
 * letter, so non-Latin scripts form words too). */
/* The words of text into *words (grown as needed, *capacity its room). */
static void split_words_into(word **words, size_t *capacity, const char *text, size_t *count)
{
	*count = 0;
	for (const char *p = text; *p;) {
		while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		const char *start = p;
		while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (p > start) {
			*words = pl_grow(*words, capacity, *count + 1, sizeof **words);
			(*words)[(*count)++] = (word){start, (size_t)(p - start)};
		}
	}
}

static word *split_words(const char *text, size_t *count)
{
	word *words = NULL;
	size_t capacity = 0;
	split_words_into(&words, &capacity, text, count);
	return words;
}

/* ASCII lower case, whatever the locale: what tolower does in the "C"
 * locale the command runs in, inlined (comparing words calls it millions of
 * times). */
static int lower_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int compare_words(const void *left, const void *right)
{
	const word *a = left, *b = right;
	size_t n = a->len < b->len ? a->len : b->len;
	for (size_t i = 0; i < n; i++) {
		int ca = lower_ascii((unsigned char)a->start[i]);
		int cb = lower_ascii((unsigned char)b->start[i]);
		if (ca != cb)
			return ca - cb;
	}
	return (a->len > b->len) - (a->len < b->len);
}

/* A text's words: the multiset the Dice coefficient compares, words
 * equal when compare_words says so. */
typedef struct word_bag {
	word *words;
	size_t count;
} word_bag;

static word_bag bag_of(const char *text)
{
	word_bag bag;
	bag.words = split_words(text, &bag.count);
	return bag;
}

static uint64_t hash_word(const word *w)
{
	uint64_t h = 0xCBF29CE484222325ull;
	for (size_t i = 0; i < w->len; i++)
		h = (h ^ (uint64_t)lower_ascii((unsigned char)w->start[i])) * 0x100000001B3ull;
	return h ^ (h >> 29);
}

/* The tables of common_words, kept from one call to the next: the
 * matching of a large plan compares thousands of pairs. */
typedef struct bag_tables {
	size_t *slots, *left;
	size_t slots_capacity, left_capacity;
} bag_tables;

static void bag_tables_free(bag_tables *t)
{
	free(t->slots);
	free(t->left);
}

/* The words x and y have in common, each word of x paired with an equal
 * unpaired word of y: the count a merge of the two sorted bags gives, in
 * linear time (the similarity pass compares long texts). */
static size_t common_words(const word_bag *x, const word_bag *y, bag_tables *t)
{
	size_t size = 16;
	while (size < 2 * y->count)
		size *= 2;
	if (t->slots_capacity < size) {
		free(t->slots);
		t->slots = pl_malloc(size * sizeof *t->slots);
		t->slots_capacity = size;
	}
	if (t->left_capacity < y->count + 1) {
		free(t->left);
		t->left = pl_malloc((y->count + 1) * sizeof *t->left);
		t->left_capacity = y->count + 1;
	}
	size_t *slots = t->slots; /* index in y + 1 of a form */
	size_t *left = t->left;   /* unpaired copies, by form */
	memset(slots, 0, size * sizeof *slots);
	memset(left, 0, (y->count + 1) * sizeof *left);
	for (size_t j = 0; j < y->count; j++) {
		size_t k = (size_t)hash_word(&y->words[j]) & (size - 1);
		while (slots[k] && compare_words(&y->words[slots[k] - 1], &y->words[j]) != 0)
			k = (k + 1) & (size - 1);
		if (!slots[k])
			slots[k] = j + 1;
		left[slots[k] - 1]++;
	}
	size_t common = 0;
	for (size_t i = 0; i < x->count; i++) {
		size_t k = (size_t)hash_word(&x->words[i]) & (size - 1);
		while (slots[k] && compare_words(&y->words[slots[k] - 1], &x->words[i]) != 0)
			k = (k + 1) & (size - 1);
		if (slots[k] && left[slots[k] - 1]) {
			left[slots[k] - 1]--;
			common++;
		}
	}
	return common;
}

static double bag_similarity(const word_bag *x, const word_bag *y, bag_tables *t)
{
	size_t total = x->count + y->count;
	return total ? 2.0 * (double)common_words(x, y, t) / (double)total : 1.0;
}

double pl_word_similarity(const char *a, const char *b)
{
	word_bag x = bag_of(a), y = bag_of(b);
	bag_tables t = {0};
	double score = bag_similarity(&x, &y, &t);
	bag_tables_free(&t);
	free(x.words);
	free(y.words);
	return score;
}

/* A point's whole wording and its hash, for one side of the matching. The
 * texts are built only for the points that similarity must judge. */
typedef struct side_texts {
	const pl_doc *doc;
	uint64_t *hashes; /* of each point's full_text */
	char **texts;     /* full_text, or NULL until needed */
	word_bag *bags;   /* the words of texts[i]; words NULL until needed */
} side_texts;

typedef struct matcher {
	const pl_doc *next;
	size_t *partner; /* per next point: its previous point, or NONE */
	const pl_doc *previous;
	side_texts next_side, previous_side;
	unsigned char *used; /* per previous point */
	size_t *same_text;   /* chain of previous points with equal text hash */
	size_t *same_label;  /* chain of previous points with equal label */
	size_t *by_text;     /* open addressing on the hash: first point + 1 */
	size_t text_mask;
	pl_strmap by_label;
	pl_buf scratch[2]; /* full texts compared without keeping them */
	bag_tables tables;
	word_bag passing[2]; /* words of a pair compared once, not kept */
	size_t passing_capacity[2];
} matcher;

#define END_OF_CHAIN ((size_t)-1)

static uint64_t hash_text(const char *p, size_t len)
{
	return pl_hash_bytes((const unsigned char *)p, len, len);
}

static void hash_side(side_texts *side, const pl_doc *doc, pl_buf *scratch)
{
	size_t n = doc->point_count;
	side->doc = doc;
	side->hashes = pl_malloc((n ? n : 1) * sizeof *side->hashes);
	side->texts = pl_calloc(n ? n : 1, sizeof *side->texts);
	side->bags = pl_calloc(n ? n : 1, sizeof *side->bags);
	for (size_t i = 0; i < n; i++) {
		const pl_point *point = &doc->points[i];
		if (point->item_count) {
			write_full_text(scratch, point);
			side->hashes[i] = hash_text(scratch->ptr, scratch->len);
		} else {
			side->hashes[i] = hash_text(point->text, strlen(point->text));
		}
	}
}

typedef struct hash_job {
	side_texts *side;
	const pl_doc *doc;
	pl_buf *scratch;
} hash_job;

static void *hash_task(void *arg)
{
	hash_job *job = arg;
	hash_side(job->side, job->doc, job->scratch);
	return NULL;
}

/* Both plans hashed at once when they are large. */
static void hash_sides(matcher *m)
{
	hash_job jobs[2] = {{&m->previous_side, m->previous, &m->scratch[0]},
	                    {&m->next_side, m->next, &m->scratch[1]}};
	pthread_t thread;
	int threaded = m->previous->point_count + m->next->point_count >= 4096 &&
	               pthread_create(&thread, NULL, hash_task, &jobs[1]) == 0;
	hash_task(&jobs[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		hash_task(&jobs[1]);
}

static void free_side(side_texts *side)
{
	for (size_t i = 0; i < side->doc->point_count; i++) {
		free(side->texts[i]);
		free(side->bags[i].words);
	}
	free(side->texts);
	free(side->bags);
	free(side->hashes);
}

/* The full text of point i of a side, built on first use. */
static const char *text_of(side_texts *side, size_t i)
{
	if (!side->texts[i])
		side->texts[i] = full_text(&side->doc->points[i]);
	return side->texts[i];
}

/* The words of point i of a side, split on first use: the pass over
 * moved points compares each point with many others. */
static const word_bag *bag_of_point(side_texts *side, size_t i)
{
	if (!side->bags[i].words)
		side->bags[i] = bag_of(text_of(side, i));
	return &side->bags[i];
}

/* pl_word_similarity of next point i and previous point j. */
static double point_similarity(matcher *m, size_t i, size_t j)
{
	return bag_similarity(bag_of_point(&m->next_side, i), bag_of_point(&m->previous_side, j),
	                      &m->tables);
}

/* The words of point's full text into m->passing[k], whose words point
 * into the point's text or into m->scratch[k]. */
static const word_bag *passing_bag(matcher *m, int k, const pl_point *point)
{
	const char *text = point->text;
	if (point->item_count) {
		write_full_text(&m->scratch[k], point);
		text = m->scratch[k].ptr;
	}
	split_words_into(&m->passing[k].words, &m->passing_capacity[k], text, &m->passing[k].count);
	return &m->passing[k];
}

/* 1 when next point i and previous point j have the same full text. */
static int same_full_text(matcher *m, size_t i, size_t j)
{
	const pl_point *x = &m->next->points[i], *y = &m->previous->points[j];
	if (!x->item_count && !y->item_count)
		return strcmp(x->text, y->text) == 0;
	write_full_text(&m->scratch[0], x);
	write_full_text(&m->scratch[1], y);
	return m->scratch[0].len == m->scratch[1].len &&
	       memcmp(m->scratch[0].ptr, m->scratch[1].ptr, m->scratch[0].len) == 0;
}

/* Maps each previous point's text hash to its first point; same_text[j]
 * links to the next point with the same hash. */
static void index_texts(matcher *m)
{
	size_t n = m->previous->point_count, size = 16;
	while (size < 2 * n)
		size *= 2;
	m->by_text = pl_calloc(size, sizeof *m->by_text);
	m->text_mask = size - 1;
	const uint64_t *hashes = m->previous_side.hashes;
	for (size_t j = n; j-- > 0;) {
		size_t slot = (size_t)hashes[j] & m->text_mask;
		while (m->by_text[slot] && hashes[m->by_text[slot] - 1] != hashes[j])
			slot = (slot + 1) & m->text_mask;
		m->same_text[j] = m->by_text[slot] ? m->by_text[slot] - 1 : END_OF_CHAIN;
		m->by_text[slot] = j + 1;
	}
}

/* The first previous point whose text has hash h, or END_OF_CHAIN. */
static size_t first_with_hash(const matcher *m, uint64_t h)
{
	const uint64_t *hashes = m->previous_side.hashes;
	for (size_t slot = (size_t)h & m->text_mask; m->by_text[slot];
	     slot = (slot + 1) & m->text_mask)
		if (hashes[m->by_text[slot] - 1] == h)
			return m->by_text[slot] - 1;
	return END_OF_CHAIN;
}

/* Maps each label to its first index; chain[i] links to the next index
 * with the same label. */
static void index_labels(pl_strmap *map, size_t *chain, const pl_doc *doc)
{
	pl_strmap_init(map);
	pl_strmap_reserve(map, doc->point_count); /* no rehash on the way */
	for (size_t i = doc->point_count; i-- > 0;) {
		const char *label = doc->points[i].label;
		size_t head;
		chain[i] =
		    pl_strmap_swap(map, label, strlen(label), i, &head) ? head : END_OF_CHAIN;
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
		uint64_t h = m->next_side.hashes[i];
		for (size_t j = first_with_hash(m, h); j != END_OF_CHAIN; j = m->same_text[j]) {
			if (m->used[j])
				continue;
			if (want_same_label &&
			    strcmp(m->previous->points[j].label, m->next->points[i].label) != 0)
				continue;
			if (!same_full_text(m, i, j))
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
		if (m->partner[i] != END_OF_CHAIN ||
		    !pl_strmap_get(&m->by_label, point->label, strlen(point->label), &j))
			continue;
		const char *heading = part_heading(m->next, point);
		/* A point under a part of the same heading scores 2, above any
		 * similarity, and the last of equal scores wins: when there is
		 * one, the words need not be compared. */
		size_t best = END_OF_CHAIN;
		for (size_t k = j; k != END_OF_CHAIN; k = m->same_label[k])
			if (!m->used[k] &&
			    strcmp(part_heading(m->previous, &m->previous->points[k]), heading) ==
			        0)
				best = k;
		int same_heading = best != END_OF_CHAIN;
		double best_score = PL_MATCH_SIMILAR;
		/* Labels are mostly unique, so each point is compared here once
		 * or twice: its words are split into arrays used again for the
		 * next point rather than kept (point_similarity keeps them for
		 * the pass that compares every pair). */
		const word_bag *words = NULL;
		for (; !same_heading && j != END_OF_CHAIN; j = m->same_label[j]) {
			if (m->used[j])
				continue;
			if (!words)
				words = passing_bag(m, 0, point);
			double score = bag_similarity(
			    words, passing_bag(m, 1, &m->previous->points[j]), &m->tables);
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
			double score = point_similarity(m, i, j);
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

static void match_previous(matcher *m)
{
	size_t n = m->previous->point_count;
	pl_buf_init(&m->scratch[0]);
	pl_buf_init(&m->scratch[1]);
	hash_sides(m);
	m->used = pl_calloc(n ? n : 1, 1);
	m->same_text = pl_calloc(n ? n : 1, sizeof(size_t));
	m->same_label = pl_calloc(n ? n : 1, sizeof(size_t));
	index_texts(m);
	index_labels(&m->by_label, m->same_label, m->previous);
	match_identical(m, 1);
	match_identical(m, 0);
	match_same_label(m);
	match_moved(m);
	pl_strmap_free(&m->by_label);
	free(m->by_text);
	free(m->used);
	free(m->same_text);
	free(m->same_label);
	free_side(&m->previous_side);
	free_side(&m->next_side);
	pl_buf_free(&m->scratch[0]);
	pl_buf_free(&m->scratch[1]);
	bag_tables_free(&m->tables);
	free(m->passing[0].words);
	free(m->passing[1].words);
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

void pl_match_ids(pl_doc *next, const pl_doc *previous, int64_t *next_serial, pl_match_stats *stats)
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
