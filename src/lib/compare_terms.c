/* compare_terms.c — step 1 of plan comparison: the terms of a point (words
 * and numbers, case-folded and stemmed by Snowball) and the signals of
 * step 5 (numbers, negation, opposite verbs). */
#include "compare_int.h"
#include "parley/mem.h"
#include "parley/token.h"

#include <assert.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct pl_cmp_terms {
	struct sb_stemmer *stemmer; /* NULL: no stemming */
	int english;                /* negators and opposite verbs apply */
	pl_strmap map;              /* term -> id; keys in strings */
	char **strings;
	size_t count, capacity;
	pl_token_list tokens;
	char *fold; /* scratch for ASCII folding */
	size_t fold_capacity;
	/* Step 2b: WordNet concepts of the surface words (english only). */
	int semantic;
	int fallback;      /* english, WordNet wanted but unavailable */
	size_t ngram;      /* n of the character n-grams of words, 0: none */
	pl_strmap surface; /* surface words looked up; keys in surface_words */
	char **surface_words;
	size_t surface_count, surface_capacity;
	uint32_t *concepts; /* pairs (concept, term) */
	size_t concept_count, concept_capacity;
	size_t *rel_start; /* CSR of the relation, count + 1 offsets */
	uint32_t *rel_terms;
	/* Stemming is most of reading a text: each folded word is stemmed once
	 * and remembered with its term and the opposite-verb bits of its stem. */
	pl_strmap stemmed; /* folded word -> index into stem_words */
	char **stem_words;
	uint32_t *stem_terms;
	unsigned *stem_opposite;
	size_t stem_count, stem_capacity, stem_terms_capacity, stem_opposite_capacity;
};

int pl_cmp_terms_new(pl_cmp_terms **out, const char *language, const char *wordnet, pl_error *err)
{
	*out = NULL;
	if (!language)
		language = "english";
	pl_cmp_terms *t = pl_calloc(1, sizeof *t);
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
	int wanted = t->english && !(wordnet && strcmp(wordnet, "off") == 0);
	t->semantic = wanted && pl_cmp_wordnet_available(wordnet);
	t->fallback = wanted && !t->semantic;
	pl_strmap_init(&t->map);
	pl_strmap_init(&t->surface);
	pl_strmap_init(&t->stemmed);
	*out = t;
	return 0;
}

void pl_cmp_terms_free(pl_cmp_terms *t)
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
	pl_strmap_free(&t->surface);
	pl_strmap_free(&t->stemmed);
	for (size_t i = 0; i < t->stem_count; i++)
		free(t->stem_words[i]);
	free(t->stem_words);
	free(t->stem_terms);
	free(t->stem_opposite);
	for (size_t i = 0; i < t->surface_count; i++)
		free(t->surface_words[i]);
	free(t->surface_words);
	free(t->concepts);
	free(t->rel_start);
	free(t->rel_terms);
	free(t);
}

size_t pl_cmp_terms_count(const pl_cmp_terms *t)
{
	return t->count;
}

static uint32_t term_id(pl_cmp_terms *t, const char *s, size_t len)
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
static const char *fold_word(pl_cmp_terms *t, const char *s, size_t len, int ascii, size_t *out_len,
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

/* Function words of English, which WordNet knows only in rare senses
 * ("will" the document, "can" the container): not expanded. */
static int is_stopword(const char *w, size_t len)
{
	static const char *const words[] = {
	    "the",     "and",     "for",    "with",    "that",   "this",  "are",     "was",
	    "were",    "will",    "may",    "can",     "have",   "has",   "had",     "its",
	    "not",     "any",     "all",    "own",     "each",   "both",  "other",   "under",
	    "over",    "into",    "from",   "which",   "who",    "whom",  "whose",   "their",
	    "they",    "them",    "would",  "should",  "shall",  "must",  "also",    "such",
	    "been",    "being",   "there",  "here",    "then",   "than",  "these",   "those",
	    "more",    "most",    "some",   "one",     "two",    "three", "upon",    "out",
	    "off",     "again",   "once",   "only",    "very",   "but",   "our",     "your",
	    "his",     "her",     "she",    "him",     "does",   "did",   "doing",   "how",
	    "what",    "when",    "where",  "why",     "while",  "about", "after",   "before",
	    "between", "through", "during", "without", "within", "among", "against", "per",
	    "via",     "yet",     "still",  "just",    "even",   "well",  "every",   "same",
	    "further", "whether", "either"};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k]) == len && memcmp(words[k], w, len) == 0)
			return 1;
	return 0;
}

/* Records the WordNet concepts of the surface word w (folded) for term
 * id, once per surface word. */
static void add_concepts(pl_cmp_terms *t, const char *w, size_t len, uint32_t id)
{
	size_t seen;
	if (len < 3 || pl_strmap_get(&t->surface, w, len, &seen))
		return;
	t->surface_words = pl_grow(t->surface_words, &t->surface_capacity, t->surface_count + 1,
	                           sizeof *t->surface_words);
	t->surface_words[t->surface_count] = pl_strndup(w, len);
	pl_strmap_put(&t->surface, t->surface_words[t->surface_count], len, id);
	t->surface_count++;
	if (is_stopword(w, len))
		return;
	uint32_t *concepts;
	size_t n = pl_cmp_wordnet_concepts(w, len, &concepts);
	t->concepts = pl_grow(t->concepts, &t->concept_capacity, t->concept_count + 2 * n + 2,
	                      sizeof *t->concepts);
	for (size_t k = 0; k < n; k++) {
		t->concepts[t->concept_count++] = concepts[k];
		t->concepts[t->concept_count++] = id;
	}
	free(concepts);
}

static int compare_pairs(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	if (a[0] != b[0])
		return (a[0] > b[0]) - (a[0] < b[0]);
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/* A concept shared by more terms than this is too general to relate
 * them. */
#define MAX_CONCEPT_TERMS 8

void pl_cmp_terms_relate(pl_cmp_terms *t)
{
	free(t->rel_start);
	free(t->rel_terms);
	t->rel_start = NULL;
	t->rel_terms = NULL;
	size_t pairs = t->concept_count / 2;
	if (!pairs)
		return;
	qsort(t->concepts, pairs, 2 * sizeof *t->concepts, compare_pairs);
	/* Related pairs (both directions), from each concept's group. */
	uint32_t *rel = NULL;
	size_t rel_count = 0, rel_capacity = 0;
	for (size_t g = 0; g < pairs;) {
		size_t h = g;
		while (h < pairs && t->concepts[2 * h] == t->concepts[2 * g])
			h++;
		if (h - g <= MAX_CONCEPT_TERMS)
			for (size_t i = g; i < h; i++)
				for (size_t j = g; j < h; j++) {
					uint32_t x = t->concepts[2 * i + 1],
					         y = t->concepts[2 * j + 1];
					if (x == y)
						continue;
					rel = pl_grow(rel, &rel_capacity, 2 * rel_count + 2,
					              sizeof *rel);
					rel[2 * rel_count] = x;
					rel[2 * rel_count + 1] = y;
					rel_count++;
				}
		g = h;
	}
	if (rel_count > 1)
		qsort(rel, rel_count, 2 * sizeof *rel, compare_pairs);
	t->rel_start = pl_calloc(t->count + 1, sizeof *t->rel_start);
	t->rel_terms = pl_malloc((rel_count + 1) * sizeof *t->rel_terms);
	size_t w = 0;
	for (size_t k = 0; k < rel_count; k++) {
		if (k && rel[2 * k] == rel[2 * k - 2] && rel[2 * k + 1] == rel[2 * k - 1])
			continue;
		t->rel_terms[w++] = rel[2 * k + 1];
		t->rel_start[rel[2 * k] + 1]++;
	}
	for (size_t i = 0; i < t->count; i++)
		t->rel_start[i + 1] += t->rel_start[i];
	free(rel);
}

const uint32_t *pl_cmp_terms_related(const pl_cmp_terms *t, uint32_t id, size_t *count)
{
	if (!t->rel_start || id >= t->count) {
		*count = 0;
		return NULL;
	}
	*count = t->rel_start[id + 1] - t->rel_start[id];
	return t->rel_terms + t->rel_start[id];
}

int pl_cmp_terms_semantic(const pl_cmp_terms *t)
{
	return t->semantic;
}

void pl_cmp_terms_lexical(pl_cmp_terms *t)
{
	t->semantic = 0;
	t->fallback = 0;
}

void pl_cmp_terms_ngrams(pl_cmp_terms *t, size_t n)
{
	assert(n <= PL_COMPARE_NGRAM_MAX);
	t->ngram = n;
}

int pl_cmp_terms_is_ngram(const pl_cmp_terms *t, uint32_t id)
{
	return id < t->count && t->strings[id][0] == '\x01';
}

int pl_cmp_terms_lexical_fallback(const pl_cmp_terms *t)
{
	return t->fallback;
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

static void add_number(pl_cmp_signals *s, const char *w, size_t len, size_t *capacity)
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

/* "600000" becomes "600000 personnel": the number with the word it counts. */
static void add_unit(pl_cmp_signals *s, const char *w, size_t len)
{
	char **n = &s->numbers[s->number_count - 1];
	size_t have = strlen(*n);
	char *joined = pl_malloc(have + len + 2);
	memcpy(joined, *n, have);
	joined[have] = ' ';
	memcpy(joined + have + 1, w, len);
	joined[have + 1 + len] = '\0';
	free(*n);
	*n = joined;
}

typedef struct id_list {
	uint32_t *ids;
	size_t count, capacity;
} id_list;

/* The term of a folded word (its stem, for words) and the opposite-verb
 * bits of that stem, remembered per folded word. */
static void stem_of(pl_cmp_terms *t, int is_word, const char *w, size_t len, uint32_t *id,
                    unsigned *opposite)
{
	size_t known;
	if (pl_strmap_get(&t->stemmed, w, len, &known)) {
		*id = t->stem_terms[known];
		*opposite = t->stem_opposite[known];
		return;
	}
	const char *stem = w;
	size_t stem_len = len;
	if (t->stemmer && is_word) {
		const sb_symbol *s = sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)len);
		if (s) {
			stem = (const char *)s;
			stem_len = (size_t)sb_stemmer_length(t->stemmer);
		}
	}
	*opposite = t->english ? opposite_bits(stem, stem_len) : 0;
	*id = term_id(t, stem, stem_len);
	/* Numbers and words share the cache only when they would stem alike. */
	if (!is_word && t->stemmer)
		return;
	size_t at = t->stem_count;
	t->stem_words = pl_grow(t->stem_words, &t->stem_capacity, at + 1, sizeof *t->stem_words);
	t->stem_terms =
	    pl_grow(t->stem_terms, &t->stem_terms_capacity, at + 1, sizeof *t->stem_terms);
	t->stem_opposite =
	    pl_grow(t->stem_opposite, &t->stem_opposite_capacity, at + 1, sizeof *t->stem_opposite);
	t->stem_words[at] = pl_strndup(w, len);
	t->stem_terms[at] = *id;
	t->stem_opposite[at] = *opposite;
	pl_strmap_put(&t->stemmed, t->stem_words[at], len, at);
	t->stem_count++;
}

/* Longest word, in bytes, that is cut into character n-grams. */
#define NGRAM_WORD_MAX 64

/* Appends the character n-grams of the folded word w to ids: n code
 * points of the word with '<' and '>' marking its ends ("<chi", "chil",
 * "hild", "ild>" for child, n = 4), each a term of its own, kept apart
 * from words by a leading byte 0x01 that no word holds. Words sharing a
 * root share most of their n-grams where the stemmer does not join them
 * (child, children; sovereign, sovereignty; Russia, Russian). */
static void add_ngrams(pl_cmp_terms *t, const char *w, size_t len, id_list *ids)
{
	char padded[NGRAM_WORD_MAX + 2], key[4 * PL_COMPARE_NGRAM_MAX + 1];
	size_t starts[NGRAM_WORD_MAX + 3], count = 0;
	if (len < 3 || len > NGRAM_WORD_MAX)
		return;
	padded[0] = '<';
	memcpy(padded + 1, w, len);
	padded[len + 1] = '>';
	for (size_t b = 0; b < len + 2; b++)
		if (((unsigned char)padded[b] & 0xC0) != 0x80)
			starts[count++] = b;
	starts[count] = len + 2;
	for (size_t q = 0; q + t->ngram <= count; q++) {
		size_t from = starts[q], to = starts[q + t->ngram];
		if (to - from + 1 > sizeof key)
			continue;
		key[0] = '\x01';
		memcpy(key + 1, padded + from, to - from);
		ids->ids = pl_grow(ids->ids, &ids->capacity, ids->count + 1, sizeof *ids->ids);
		ids->ids[ids->count++] = term_id(t, key, to - from + 1);
	}
}

/* Appends the terms of text to ids and records its signals in s (when s
 * is not NULL). */
static int read_text(pl_cmp_terms *t, const char *text, id_list *ids, pl_cmp_signals *s,
                     size_t *number_capacity, pl_error *err)
{
	int rc = pl_token_split(&t->tokens, text, strlen(text), 0, err);
	if (rc)
		return rc;
	int unit_wanted = 0;
	for (size_t k = 0; k < t->tokens.count; k++) {
		const pl_token *tok = &t->tokens.items[k];
		if (tok->kind != PL_TOKEN_WORD && tok->kind != PL_TOKEN_NUMBER)
			continue;
		size_t len;
		char *owned;
		const char *w =
		    fold_word(t, text + tok->offset, tok->length, tok->ascii, &len, &owned);
		if (s && tok->kind == PL_TOKEN_NUMBER) {
			add_number(s, w, len, number_capacity);
			unit_wanted = 4; /* the matter it counts: a word soon after */
		} else if (s && unit_wanted && !(t->english && is_stopword(w, len))) {
			add_unit(s, w, len);
			unit_wanted = 0;
		} else if (unit_wanted) {
			unit_wanted--;
		}
		if (s && t->english && is_negator(w, len))
			s->negated = 1;
		const char *folded = w;
		size_t folded_len = len;
		uint32_t id;
		unsigned opposite;
		stem_of(t, tok->kind == PL_TOKEN_WORD, folded, folded_len, &id, &opposite);
		if (s && t->english)
			s->opposite |= opposite;
		ids->ids = pl_grow(ids->ids, &ids->capacity, ids->count + 1, sizeof *ids->ids);
		ids->ids[ids->count++] = id;
		if (t->semantic && tok->kind == PL_TOKEN_WORD && tok->ascii)
			add_concepts(t, folded, folded_len, id);
		if (t->ngram && tok->kind == PL_TOKEN_WORD &&
		    !(t->english && is_stopword(folded, folded_len)))
			add_ngrams(t, folded, folded_len, ids);
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
static pl_cmp_vector vector_from(id_list *ids)
{
	pl_cmp_vector v = {NULL, NULL, 0};
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

static void unique_numbers(pl_cmp_signals *s)
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

int pl_cmp_point_read(pl_cmp_point *point, pl_cmp_terms *t, const pl_point *p, pl_error *err)
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

static void vector_free(pl_cmp_vector *v)
{
	free(v->terms);
	free(v->weights);
}

void pl_cmp_point_free(pl_cmp_point *point)
{
	vector_free(&point->whole);
	for (size_t k = 0; k < point->part_count; k++)
		vector_free(&point->parts[k]);
	free(point->parts);
	vector_free(&point->soft_whole);
	for (size_t k = 0; point->soft_parts && k < point->part_count; k++)
		vector_free(&point->soft_parts[k]);
	free(point->soft_parts);
	free(point->norm_parts);
	for (size_t k = 0; k < point->signals.number_count; k++)
		free(point->signals.numbers[k]);
	free(point->signals.numbers);
	memset(point, 0, sizeof *point);
}
