/* gen_plan.c — a seeded generator of synthetic plans for the benchmarks.
 *
 * usage: gen_plan --seed S --bytes N [--parts P] > plan.md
 *
 * Writes a plan in the CommonMark form parley reads (see
 * examples/plan-us-28.md): "# Title", a preamble, P "## Part k: ..."
 * headings, and points "LABEL. text" separated by blank lines, until about
 * N bytes are written. The text is English-like: a vocabulary of a few
 * thousand generated words drawn with a Zipf distribution (frequent words
 * are short), sentences of 8-40 words, points of 1-4 sentences; about 30%
 * of the points carry inline sub-items "(a) ...; (b) ...;" (2-6 of them).
 * Labels run 1..M across the document, so they are unique; about a quarter
 * of the parts also take the tail of the next part's labels, which makes
 * their labels non-consecutive as in the sample ("1, 19-28").
 *
 * The output depends only on the seed and the options (a private PRNG,
 * splitmix64), so a seed names a plan. */
#include "parley/buf.h"
#include "parley/mem.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VOCABULARY    4000
#define ZIPF_EXPONENT 1.05

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, good enough here. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [low, high]. */
static int uniform(uint64_t *state, int low, int high)
{
	return low + (int)(next_random(state) % (uint64_t)(high - low + 1));
}

/* 1 with probability percent / 100. */
static int chance(uint64_t *state, int percent)
{
	return uniform(state, 1, 100) <= percent;
}

typedef struct vocabulary {
	char *words[VOCABULARY];
	double cumulative[VOCABULARY]; /* Zipf weights, summed and normalised */
} vocabulary;

static const char *const onsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "l",   "m",  "n",  "p",
                                     "r",  "s",  "t",  "v",  "w",  "br", "ch",  "cl", "cr", "dr",
                                     "fr", "gr", "pl", "pr", "sh", "st", "str", "th", "tr", ""};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "ea", "ou", "io", "ai", "y"};
static const char *const codas[] = {"",   "",   "",   "n",  "r",  "s", "t",  "l",
                                    "nd", "nt", "st", "rs", "ng", "m", "ct", "ss"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char *make_word(uint64_t *state, int syllables)
{
	pl_buf word = PL_BUF_INIT;
	for (int s = 0; s < syllables; s++) {
		pl_buf_puts(&word, onsets[next_random(state) % COUNT(onsets)]);
		pl_buf_puts(&word, vowels[next_random(state) % COUNT(vowels)]);
		if (s == syllables - 1 || chance(state, 30))
			pl_buf_puts(&word, codas[next_random(state) % COUNT(codas)]);
	}
	return pl_buf_detach(&word);
}

/* Frequent words are short, as in English: rank decides the syllables. */
static void make_vocabulary(vocabulary *v, uint64_t *state)
{
	double total = 0;
	for (int rank = 0; rank < VOCABULARY; rank++) {
		int syllables = rank < 60     ? 1
		                : rank < 600  ? uniform(state, 1, 2)
		                : rank < 2000 ? uniform(state, 2, 3)
		                              : uniform(state, 2, 4);
		v->words[rank] = make_word(state, syllables);
		total += 1.0 / pow(rank + 1, ZIPF_EXPONENT);
		v->cumulative[rank] = total;
	}
	for (int rank = 0; rank < VOCABULARY; rank++)
		v->cumulative[rank] /= total;
}

static void free_vocabulary(vocabulary *v)
{
	for (int rank = 0; rank < VOCABULARY; rank++)
		free(v->words[rank]);
}

static const char *draw_word(const vocabulary *v, uint64_t *state)
{
	double u = (double)(next_random(state) >> 11) / 9007199254740992.0;
	int low = 0, high = VOCABULARY - 1;
	while (low < high) {
		int mid = (low + high) / 2;
		if (v->cumulative[mid] < u)
			low = mid + 1;
		else
			high = mid;
	}
	return v->words[low];
}

/* A run of words: the first capitalised if asked, commas now and then, a
 * number or a proper noun once in a while. No Markdown syntax is ever
 * produced, so every point stays one paragraph. */
static void put_words(pl_buf *out, const vocabulary *v, uint64_t *state, int count, int capital)
{
	for (int i = 0; i < count; i++) {
		if (i > 0)
			pl_buf_puts(out, i > 3 && i < count - 2 && chance(state, 7) ? ", " : " ");
		if (i > 0 && chance(state, 2)) {
			pl_buf_printf(out, "%d", uniform(state, 2, 900));
			continue;
		}
		const char *word = draw_word(v, state);
		size_t start = out->len;
		pl_buf_puts(out, word);
		if ((i == 0 && capital) || chance(state, 3))
			if (out->ptr[start] >= 'a' && out->ptr[start] <= 'z')
				out->ptr[start] = (char)(out->ptr[start] - 'a' + 'A');
	}
}

/* 8-40 words, most near 18: the sum of three uniforms is bell-shaped. */
static int sentence_length(uint64_t *state)
{
	return 8 + uniform(state, 0, 10) + uniform(state, 0, 11) + uniform(state, 0, 11);
}

static void put_sentence(pl_buf *out, const vocabulary *v, uint64_t *state)
{
	put_words(out, v, state, sentence_length(state), 1);
	pl_buf_putc(out, '.');
}

/* A point's text: 1-4 sentences, or for ~30% a lead-in and 2-6 sub-items. */
static void put_point_text(pl_buf *out, const vocabulary *v, uint64_t *state)
{
	if (chance(state, 30)) {
		put_words(out, v, state, uniform(state, 3, 16), 1);
		pl_buf_putc(out, ':');
		int items = uniform(state, 2, 6);
		for (int k = 0; k < items; k++) {
			pl_buf_printf(out, " (%c) ", 'a' + k);
			put_words(out, v, state, uniform(state, 5, 28), 0);
			pl_buf_putc(out, k == items - 1 ? '.' : ';');
		}
		return;
	}
	int sentences = uniform(state, 1, 4);
	for (int s = 0; s < sentences; s++) {
		if (s > 0)
			pl_buf_putc(out, ' ');
		put_sentence(out, v, state);
	}
}

typedef struct options {
	uint64_t seed;
	size_t bytes;
	size_t parts; /* 0: one part per ~40 KB */
} options;

static int parse_number(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long value = strtoull(text, &end, 10);
	if (errno || end == text)
		return -1;
	uint64_t scale = *end == 'K' ? 1024 : *end == 'M' ? 1024 * 1024 : 1;
	if (scale > 1)
		end++;
	if (*end)
		return -1;
	*out = (uint64_t)value * scale;
	return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
	uint64_t value;
	int have_seed = 0, have_bytes = 0;
	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc || parse_number(argv[i + 1], &value))
			return -1;
		if (strcmp(argv[i], "--seed") == 0) {
			o->seed = value;
			have_seed = 1;
		} else if (strcmp(argv[i], "--bytes") == 0) {
			o->bytes = (size_t)value;
			have_bytes = 1;
		} else if (strcmp(argv[i], "--parts") == 0 && value > 0)
			o->parts = (size_t)value;
		else
			return -1;
		i++;
	}
	return have_seed && have_bytes && o->bytes > 0 ? 0 : -1;
}

/* The texts of all points, generated until the document reaches the target
 * size (the heading lines are counted by their average length). */
static char **make_points(const vocabulary *v, uint64_t *state, const options *o,
                          size_t header_bytes, size_t *count)
{
	char **texts = NULL;
	size_t capacity = 0, written = header_bytes;
	*count = 0;
	while (written < o->bytes || *count == 0) {
		pl_buf text = PL_BUF_INIT;
		put_point_text(&text, v, state);
		written += text.len + 8; /* the label, ". " and the blank line */
		texts = pl_grow(texts, &capacity, *count + 1, sizeof *texts);
		texts[(*count)++] = pl_buf_detach(&text);
	}
	return texts;
}

/* Splits labels 1..count into parts: starts[k] is part k's first point in
 * document order; then about a quarter of the parts take the last few
 * labels of the next part, so their labels jump ("1-10, 18-20"). Points are
 * written part by part, so labels[i] is the label of the i-th written point. */
static void assign_labels(uint64_t *state, size_t count, size_t parts, size_t *starts,
                          size_t *labels)
{
	for (size_t k = 0; k <= parts; k++)
		starts[k] = count * k / parts;
	for (size_t i = 0; i < count; i++)
		labels[i] = i + 1;
	for (size_t k = 0; k + 1 < parts; k++) {
		size_t next_size = starts[k + 2] - starts[k + 1];
		if (next_size < 4 || !chance(state, 25))
			continue;
		size_t moved = (size_t)uniform(state, 1, (int)(next_size / 2));
		/* Rotate the block [starts[k+1], starts[k+2]) right by moved and
		 * move the boundary: part k ends with the moved labels. */
		size_t from = starts[k + 1], to = starts[k + 2];
		for (size_t m = 0; m < moved; m++) {
			size_t last = labels[to - 1];
			memmove(&labels[from + 1], &labels[from], (to - 1 - from) * sizeof *labels);
			labels[from] = last;
		}
		starts[k + 1] += moved;
	}
}

static void write_plan(const vocabulary *v, uint64_t *state, const options *o)
{
	pl_buf head = PL_BUF_INIT;
	pl_buf_puts(&head, "# ");
	put_words(&head, v, state, uniform(state, 4, 9), 1);
	pl_buf_printf(&head, " (synthetic plan, seed %llu)\n\n", (unsigned long long)o->seed);
	put_sentence(&head, v, state);
	pl_buf_putc(&head, ' ');
	put_sentence(&head, v, state);
	pl_buf_puts(&head, "\n\n");
	fwrite(head.ptr, 1, head.len, stdout);

	size_t parts = o->parts ? o->parts : o->bytes / 40000 + 1;
	size_t count;
	char **texts = make_points(v, state, o, head.len + parts * 48, &count);
	if (parts > count)
		parts = count;
	size_t *starts = pl_calloc(parts + 1, sizeof *starts);
	size_t *labels = pl_calloc(count, sizeof *labels);
	assign_labels(state, count, parts, starts, labels);
	for (size_t k = 0; k < parts; k++) {
		pl_buf line = PL_BUF_INIT;
		pl_buf_printf(&line, "## Part %zu: ", k + 1);
		put_words(&line, v, state, uniform(state, 2, 7), 1);
		pl_buf_puts(&line, "\n\n");
		if (chance(state, 10)) {
			put_sentence(&line, v, state);
			pl_buf_puts(&line, "\n\n");
		}
		fwrite(line.ptr, 1, line.len, stdout);
		pl_buf_free(&line);
		for (size_t i = starts[k]; i < starts[k + 1]; i++)
			printf("%zu. %s\n\n", labels[i], texts[i]);
	}
	for (size_t i = 0; i < count; i++)
		free(texts[i]);
	free(texts);
	free(starts);
	free(labels);
	pl_buf_free(&head);
}

int main(int argc, char **argv)
{
	options o = {0};
	if (parse_options(argc, argv, &o)) {
		fprintf(stderr, "usage: gen_plan --seed S --bytes N[K|M] [--parts P] > plan.md\n");
		return 2;
	}
	uint64_t state = o.seed;
	vocabulary *v = pl_calloc(1, sizeof *v);
	make_vocabulary(v, &state);
	write_plan(v, &state, &o);
	free_vocabulary(v);
	free(v);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
