/* compare_terms.c — step 1 of plan comparison: the terms of a point (words
 * and numbers, case-folded and stemmed by Snowball) and the signals of
 * step 5 (numbers, negation, opposite verbs). */
#include "compare_int.h"
#include "parley/mem.h"
#include "parley/token.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct cmp_terms {
	struct sb_stemmer *stemmer; /* NULL: no stemming */
	int english;                /* negators and opposite verbs apply */
	pl_strmap map;              /* term -> id; keys in strings */
	char **strings;
	size_t count, capacity;
	pl_token_list tokens;
	char *fold; /* scratch for ASCII folding */
	size_t fold_capacity;
};

int cmp_terms_new(cmp_terms **out, const char *language, pl_error *err)
{
	*out = NULL;
	if (!language)
		language = "english";
	cmp_terms *t = pl_calloc(1, sizeof *t);
	if (strcmp(language, "none") != 0) {
		t->stemmer = sb_stemmer_new(language, "UTF_8");
		if (!t->stemmer) {
			free(t);
			return pl_error_set(err, PL_EINVALID,
			                    "unknown language '%s' (a Snowball stemmer name such "
			                    "as english, german, french, russian, or none)",
			                    language);
		}
	}
	t->english = strcmp(language, "english") == 0 || strcmp(language, "en") == 0 ||
	             strcmp(language, "porter") == 0;
	pl_strmap_init(&t->map);
	*out = t;
	return 0;
}

void cmp_terms_free(cmp_terms *t)
{
	if (!t)
		return;
	if (t->stemmer)
		sb_stemmer_delete(t->stemmer);
	pl_strmap_free(&t->map);
	for (size_t i = 0; i < t->count; i++)
		free(t->strings[i]);
	free(t->strings);
	pl_token_list_free(&t->tokens);
	free(t->fold);
	free(t);
}

size_t cmp_terms_count(const cmp_terms *t)
{
	return t->count;
}

static uint32_t term_id(cmp_terms *t, const char *s, size_t len)
{
	size_t id;
	if (pl_strmap_get(&t->map, s, len, &id))
		return (uint32_t)id;
	t->strings = pl_grow(t->strings, &t->capacity, t->count + 1, sizeof *t->strings);
	t->strings[t->count] = pl_strndup(s, len);
	pl_strmap_put(&t->map, t->strings[t->count], len, t->count);
	return (uint32_t)t->count++;
}

/* The case-folded form of a word in t->fold (ASCII) or a new string
 * (*owned, to free); curly apostrophes become ASCII ones. */
static const char *fold_word(cmp_terms *t, const char *s, size_t len, int ascii, size_t *out_len,
                             char **owned)
{
	*owned = NULL;
	if (ascii) {
		t->fold = pl_grow(t->fold, &t->fold_capacity, len + 1, 1);
		for (size_t i = 0; i < len; i++)
			t->fold[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		*out_len = len;
		return t->fold;
	}
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n =
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
	                 UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n < 0) { /* cannot happen after pl_token_split validated it */
		*out_len = 0;
		return "";
	}
	size_t w = 0;
	for (size_t r = 0; r < (size_t)n; r++) {
		if ((mapped[r] == 0xE2 && r + 2 < (size_t)n && mapped[r + 1] == 0x80 &&
		     mapped[r + 2] == 0x99) ||
		    (mapped[r] == 0xCA && r + 1 < (size_t)n && mapped[r + 1] == 0xBC)) {
			mapped[w++] = '\'';
			r += mapped[r] == 0xE2 ? 2 : 1;
			continue;
		}
		mapped[w++] = mapped[r];
	}
	mapped[w] = 0;
	*owned = (char *)mapped;
	*out_len = w;
	return *owned;
}

/* English negators, compared with the folded word. */
static int is_negator(const char *w, size_t len)
{
	static const char *const words[] = {"not",  "no",      "never",  "nor",    "neither",
	                                    "none", "nothing", "cannot", "nobody", "nowhere"};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == len && memcmp(words[k], w, len) == 0)
			return 1;
	return len > 3 && memcmp(w + len - 3, "n't", 3) == 0;
}

/* Pairs of opposite directions, as Snowball English stems: side 0 of
 * pair k sets bit k, side 1 bit 16 + k. */
static const char *const opposites[][2][4] = {
    {{"lift", "eas", "relax", NULL}, {"impos", "tighten", "reimpos", NULL}},
    {{"releas", "unfreez", "return", NULL}, {"freez", "frozen", "immobilis", "immobil"}},
    {{"increas", "rais", "expand", NULL}, {"decreas", "reduc", "cut", "cap"}},
    {{"allow", "permit", "author", NULL}, {"prohibit", "ban", "forbid", "bar"}},
    {{"accept", "approv", NULL, NULL}, {"reject", "refus", NULL, NULL}},
    {{"withdraw", "pull", NULL, NULL}, {"deploy", "station", NULL, NULL}},
};

static unsigned opposite_bits(const char *stem, size_t len)
{
	unsigned bits = 0;
	for (size_t k = 0; k < sizeof opposites / sizeof *opposites; k++)
		for (int side = 0; side < 2; side++)
			for (int w = 0; w < 4 && opposites[k][side][w]; w++) {
				const char *o = opposites[k][side][w];
				if (strlen(o) == len && memcmp(o, stem, len) == 0)
					bits |= 1u << (k + 16 * (unsigned)side);
			}
	return bits;
}

static void add_number(cmp_signals *s, const char *w, size_t len, size_t *capacity)
{
	char *n = pl_malloc(len + 1);
	size_t k = 0;
	for (size_t i = 0; i < len; i++)
		if (w[i] != ',')
			n[k++] = w[i];
	n[k] = 0;
	s->numbers = pl_grow(s->numbers, capacity, s->number_count + 1, sizeof *s->numbers);
	s->numbers[s->number_count++] = n;
}

typedef struct id_list {
	uint32_t *ids;
	size_t count, capacity;
} id_list;

/* Appends the terms of text to ids and records its signals in s (when s
 * is not NULL). */
static int read_text(cmp_terms *t, const char *text, id_list *ids, cmp_signals *s,
                     size_t *number_capacity, pl_error *err)
{
	int rc = pl_token_split(&t->tokens, text, strlen(text), 0, err);
	if (rc)
		return rc;
	for (size_t k = 0; k < t->tokens.count; k++) {
		const pl_token *tok = &t->tokens.items[k];
		if (tok->kind != PL_TOKEN_WORD && tok->kind != PL_TOKEN_NUMBER)
			continue;
		size_t len;
		char *owned;
		const char *w =
		    fold_word(t, text + tok->offset, tok->length, tok->ascii, &len, &owned);
		if (s && tok->kind == PL_TOKEN_NUMBER)
			add_number(s, w, len, number_capacity);
		if (s && t->english && is_negator(w, len))
			s->negated = 1;
		if (t->stemmer && tok->kind == PL_TOKEN_WORD) {
			const sb_symbol *stem =
			    sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)len);
			if (stem) {
				w = (const char *)stem;
				len = (size_t)sb_stemmer_length(t->stemmer);
			}
		}
		if (s && t->english)
			s->opposite |= opposite_bits(w, len);
		ids->ids = pl_grow(ids->ids, &ids->capacity, ids->count + 1, sizeof *ids->ids);
		ids->ids[ids->count++] = term_id(t, w, len);
		free(owned);
	}
	return 0;
}

static int compare_ids(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return (a > b) - (a < b);
}

static int compare_strings(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The counted, sorted vector of ids (which it empties). */
static cmp_vector vector_from(id_list *ids)
{
	cmp_vector v = {NULL, NULL, 0};
	if (!ids->count)
		return v;
	qsort(ids->ids, ids->count, sizeof *ids->ids, compare_ids);
	v.terms = pl_malloc(ids->count * sizeof *v.terms);
	v.weights = pl_malloc(ids->count * sizeof *v.weights);
	for (size_t i = 0; i < ids->count; i++) {
		if (v.count && v.terms[v.count - 1] == ids->ids[i]) {
			v.weights[v.count - 1] += 1;
			continue;
		}
		v.terms[v.count] = ids->ids[i];
		v.weights[v.count++] = 1;
	}
	ids->count = 0;
	return v;
}

static void unique_numbers(cmp_signals *s)
{
	if (s->number_count > 1)
		qsort(s->numbers, s->number_count, sizeof *s->numbers, compare_strings);
	size_t w = 0;
	for (size_t r = 0; r < s->number_count; r++) {
		if (w && strcmp(s->numbers[w - 1], s->numbers[r]) == 0) {
			free(s->numbers[r]);
			continue;
		}
		s->numbers[w++] = s->numbers[r];
	}
	s->number_count = w;
}

int cmp_point_read(cmp_point *point, cmp_terms *t, const pl_point *p, pl_error *err)
{
	memset(point, 0, sizeof *point);
	id_list all = {0}, part = {0};
	size_t number_capacity = 0;
	int rc = read_text(t, p->text, &all, &point->signals, &number_capacity, err);
	if (rc == 0 && p->item_count) {
		point->parts = pl_calloc(p->item_count + 1, sizeof *point->parts);
		rc = read_text(t, p->text, &part, NULL, NULL, err);
		if (part.count)
			point->parts[point->part_count++] = vector_from(&part);
	}
	for (size_t k = 0; rc == 0 && k < p->item_count; k++) {
		rc = read_text(t, p->items[k].text, &all, &point->signals, &number_capacity, err);
		if (rc == 0)
			rc = read_text(t, p->items[k].text, &part, NULL, NULL, err);
		if (rc == 0 && part.count)
			point->parts[point->part_count++] = vector_from(&part);
	}
	if (rc == 0)
		point->whole = vector_from(&all);
	unique_numbers(&point->signals);
	free(all.ids);
	free(part.ids);
	return rc;
}

static void vector_free(cmp_vector *v)
{
	free(v->terms);
	free(v->weights);
}

void cmp_point_free(cmp_point *point)
{
	vector_free(&point->whole);
	for (size_t k = 0; k < point->part_count; k++)
		vector_free(&point->parts[k]);
	free(point->parts);
	for (size_t k = 0; k < point->signals.number_count; k++)
		free(point->signals.numbers[k]);
	free(point->signals.numbers);
	memset(point, 0, sizeof *point);
}
