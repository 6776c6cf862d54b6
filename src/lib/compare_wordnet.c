/* compare_wordnet.c — the WordNet concepts of an English word, for the
 * lexical-semantic expansion of plan comparison (step 2b of
 * parley/compare.h).
 *
 * A word's concepts are the synsets of its base forms (WordNet's morphy:
 * "frozen" -> freeze, "guarantors" -> guarantor) as noun, verb and
 * adjective, and the synsets its senses point to by a derivational link
 * (guarantor -> the verb guarantee). Two words are related when their
 * concepts meet.
 *
 * WordNet 3.0's C library (libwordnet, Debian wordnet-dev) keeps global
 * state and static buffers; every call into it is made under one mutex.
 * Its database is looked for where the library looks: $WNSEARCHDIR, else
 * $WNHOME/dict, else /usr/share/wordnet. When it is missing, unreadable or
 * the path is too long for the library's buffers, no concepts are given
 * and comparison stays lexical (pl_cmp_wordnet_status says why). */
#include "compare_int.h"
#include "parley/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wn.h>

/* Senses of a lemma taken, in WordNet's order (most frequent first). */
#define CMP_WORDNET_SENSES 1

static pthread_mutex_t wn_lock = PTHREAD_MUTEX_INITIALIZER;
static int wn_state; /* 0: not tried, 1: open, -1: unavailable */
static char wn_status[512] = "WordNet not yet opened";

/* The lemmas of each part of speech (index.noun, .verb, .adj) and the
 * exception lists of morphy (noun.exc, ...), read once into memory so
 * that most words (and all non-words) are settled without the library's
 * file searches. Kept for the life of the process. */
enum { WN_NOUN, WN_VERB, WN_ADJ, WN_PARTS };
static pl_strmap wn_lemmas[WN_PARTS];
static pl_strmap wn_exceptions[WN_PARTS]; /* inflected -> offset of its base in wn_text */
static char *wn_text[2 * WN_PARTS];

static int wn_part(int pos)
{
	return pos == NOUN ? WN_NOUN : pos == VERB ? WN_VERB : WN_ADJ;
}

/* Reads a whole file into a NUL-terminated buffer, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[65536];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		text = pl_grow(text, &cap, len + n + 1, 1);
		memcpy(text + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!text)
		text = pl_calloc(1, 1);
	text[len] = 0;
	return text;
}

/* index.*: the first field of every line that does not start with a
 * space (the licence). exc: "inflected base ..." (the first base). */
static int load_lists(const char *dir)
{
	static const char *const names[WN_PARTS] = {"noun", "verb", "adj"};
	char path[260];
	for (int k = 0; k < WN_PARTS; k++) {
		snprintf(path, sizeof path, "%s/index.%s", dir, names[k]);
		char *text = wn_text[2 * k] = slurp(path);
		snprintf(path, sizeof path, "%s/%s.exc", dir, names[k]);
		char *exc = wn_text[2 * k + 1] = slurp(path);
		if (!text || !exc)
			return 0;
		pl_strmap_init(&wn_lemmas[k]);
		pl_strmap_init(&wn_exceptions[k]);
		for (char *line = text; *line;) {
			char *end = strchr(line, '\n');
			char *next = end ? end + 1 : line + strlen(line);
			if (*line != ' ') {
				size_t len = strcspn(line, " \n");
				line[len] = 0;
				pl_strmap_put(&wn_lemmas[k], line, len, 1);
			}
			line = next;
		}
		for (char *line = exc; *line;) {
			char *end = strchr(line, '\n');
			char *next = end ? end + 1 : line + strlen(line);
			if (end)
				*end = 0;
			size_t len = strcspn(line, " ");
			if (line[len] == ' ') {
				char *base = line + len + 1;
				base[strcspn(base, " ")] = 0;
				line[len] = 0;
				pl_strmap_put(&wn_exceptions[k], line, len, (size_t)(base - exc));
			}
			line = next;
		}
	}
	return 1;
}

static int known(const char *lemma, int pos)
{
	size_t v;
	return pl_strmap_get(&wn_lemmas[wn_part(pos)], lemma, strlen(lemma), &v);
}

static int quiet(char *message)
{
	(void)message;
	return -1;
}

/* The database folder: the caller's, or WordNet's usual place. The first
 * comparison of a process fixes it (the word lists are loaded once). */
static int wn_directory(char *dir, size_t size, const char *wanted)
{
	int n = snprintf(dir, size, "%s", wanted && *wanted ? wanted : "/usr/share/wordnet");
	return n > 0 && (size_t)n < size;
}

static int wn_open(const char *wanted)
{
	if (wn_state)
		return wn_state > 0;
	wn_state = -1;
	char dir[200], path[260];
	if (!wn_directory(dir, sizeof dir, wanted)) {
		snprintf(wn_status, sizeof wn_status,
		         "WordNet directory path too long; comparison is lexical only");
		return 0;
	}
	static const char *const files[] = {"index.noun", "data.noun", "index.verb",
	                                    "data.verb",  "index.adj", "data.adj",
	                                    "noun.exc",   "verb.exc",  "adj.exc"};
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[k]);
		if (access(path, R_OK) != 0) {
			snprintf(wn_status, sizeof wn_status,
			         "WordNet database not found (%s); comparison is lexical only "
			         "(install wordnet-base or set WNSEARCHDIR)",
			         path);
			return 0;
		}
	}
	display_message = quiet;
	if (!load_lists(dir) || wninit() != 0) {
		snprintf(wn_status, sizeof wn_status,
		         "WordNet database in %s could not be opened; comparison is lexical only",
		         dir);
		return 0;
	}
	snprintf(wn_status, sizeof wn_status, "WordNet 3.0 database in %s", dir);
	wn_state = 1;
	return 1;
}

int pl_cmp_wordnet_available(const char *dir)
{
	pthread_mutex_lock(&wn_lock);
	int ok = wn_open(dir);
	pthread_mutex_unlock(&wn_lock);
	return ok;
}

const char *pl_cmp_wordnet_status(void)
{
	pthread_mutex_lock(&wn_lock);
	wn_open(NULL);
	pthread_mutex_unlock(&wn_lock);
	return wn_status;
}

/* A concept: the part of speech in the top bits, the synset's offset in
 * its data file below (offsets of WordNet 3.0 are below 2^26). */
static uint32_t concept(int pos, unsigned long offset)
{
	if (pos == SATELLITE)
		pos = ADJ;
	return ((uint32_t)pos << 28) | (uint32_t)(offset & 0x0fffffffu);
}

typedef struct concept_list {
	uint32_t *items;
	size_t count, capacity;
} concept_list;

static void push(concept_list *l, uint32_t c)
{
	for (size_t k = 0; k < l->count; k++)
		if (l->items[k] == c)
			return;
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? 2 * l->capacity : 16;
		uint32_t *grown = realloc(l->items, l->capacity * sizeof *grown);
		if (!grown)
			abort();
		l->items = grown;
	}
	l->items[l->count++] = c;
}

/* The concepts of lemma as pos. */
static void lemma_concepts(concept_list *out, const char *lemma, int pos)
{
	char buf[64];
	if (!known(lemma, pos))
		return;
	snprintf(buf, sizeof buf, "%s", lemma);
	IndexPtr idx = index_lookup(buf, pos);
	if (!idx)
		return;
	/* The first sense only: WordNet orders senses by their frequency in
	 * a tagged corpus, and the rarer ones relate common words by
	 * meanings they seldom have (hold ~ agreement, take ~ deal). */
	for (int k = 0; k < idx->off_cnt && k < CMP_WORDNET_SENSES; k++) {
		push(out, concept(pos, idx->offset[k]));
		snprintf(buf, sizeof buf, "%s", lemma);
		SynsetPtr s = read_synset(pos, (long)idx->offset[k], buf);
		if (!s)
			continue;
		for (int p = 0; p < s->ptrcount; p++)
			/* A derivational link of this word of the synset (not of
			 * its synonyms). */
			if (s->ptrtyp[p] == DERIVATION &&
			    (s->whichword == 0 || s->pfrm[p] == s->whichword))
				push(out, concept(s->ppos[p], (unsigned long)s->ptroff[p]));
		free_synset(s);
	}
	free_index(idx);
}

/* WordNet's morphy (morph.c, "morphy" in WordNet's documentation): the
 * base forms of word as pos that WordNet knows, other than the word
 * itself: its exception list first, else the detachment rules of its
 * part of speech. */
#define MORPHY_MAX 4
static int morphy(const char *w, size_t len, int pos, char bases[MORPHY_MAX][64])
{
	static const char *const noun[][2] = {{"s", ""},      {"ses", "s"},   {"xes", "x"},
	                                      {"zes", "z"},   {"ches", "ch"}, {"shes", "sh"},
	                                      {"men", "man"}, {"ies", "y"}};
	static const char *const verb[][2] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
	                                      {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};
	static const char *const adj[][2] = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};
	int part = wn_part(pos), n = 0;
	size_t v;
	if (pl_strmap_get(&wn_exceptions[part], w, len, &v)) {
		const char *base = wn_text[2 * part + 1] + v;
		if (strlen(base) < 64 && strcmp(base, w) != 0)
			snprintf(bases[n++], 64, "%s", base);
		return n;
	}
	const char *const(*rules)[2] = pos == NOUN ? noun : pos == VERB ? verb : adj;
	size_t count = pos == NOUN   ? sizeof noun / sizeof *noun
	               : pos == VERB ? sizeof verb / sizeof *verb
	                             : sizeof adj / sizeof *adj;
	for (size_t r = 0; r < count && n < MORPHY_MAX; r++) {
		size_t sl = strlen(rules[r][0]);
		if (len <= sl || memcmp(w + len - sl, rules[r][0], sl) != 0)
			continue;
		char cand[64];
		snprintf(cand, sizeof cand, "%.*s%s", (int)(len - sl), w, rules[r][1]);
		if (!known(cand, pos))
			continue;
		int dup = 0;
		for (int k = 0; k < n; k++)
			dup |= strcmp(bases[k], cand) == 0;
		if (!dup)
			snprintf(bases[n++], 64, "%s", cand);
	}
	return n;
}

size_t pl_cmp_wordnet_concepts(const char *word, size_t len, uint32_t **out)
{
	*out = NULL;
	if (len < 3 || len > 40)
		return 0;
	char w[64];
	for (size_t k = 0; k < len; k++) {
		char c = word[k];
		if (!((c >= 'a' && c <= 'z') || c == '-'))
			return 0;
		w[k] = c;
	}
	w[len] = 0;
	concept_list l = {NULL, 0, 0};
	pthread_mutex_lock(&wn_lock);
	static const int parts[] = {NOUN, VERB, ADJ};
	if (wn_open(NULL)) {
		for (size_t q = 0; q < sizeof parts / sizeof *parts; q++) {
			int pos = parts[q];
			lemma_concepts(&l, w, pos);
			/* morphy: base forms other than the word itself. */
			char bases[MORPHY_MAX][64];
			int n = morphy(w, len, pos, bases);
			for (int k = 0; k < n; k++)
				lemma_concepts(&l, bases[k], pos);
		}
		/* A closed compound WordNet writes with a hyphen or a space
		 * ("ceasefire": cease-fire), and, when it knows neither, its two
		 * halves. */
		if (!l.count)
			for (size_t cut = 3; cut + 3 <= len && !l.count; cut++) {
				char joined[136], head[64], tail[64];
				snprintf(head, sizeof head, "%.*s", (int)cut, w);
				snprintf(tail, sizeof tail, "%s", w + cut);
				for (int sep = 0; sep < 2; sep++) {
					snprintf(joined, sizeof joined, "%s%c%s", head,
					         sep ? '_' : '-', tail);
					for (size_t q = 0; q < sizeof parts / sizeof *parts; q++)
						lemma_concepts(&l, joined, parts[q]);
				}
			}
	}
	pthread_mutex_unlock(&wn_lock);
	*out = l.items;
	return l.count;
}
