/* gen_edit.c — a seeded second version of a text, for the diff benchmark.
 *
 * usage: gen_edit --seed S [--permille P] [--moves M] < a.md > b.md
 *
 * Changes about P words in 1000 (default 10, i.e. 1%): each word, in a
 * random order of checks, is replaced by another word of the text (40% of
 * the edits), deleted (30%) or gets a word of the text inserted before it
 * (30%). The first word of a line (a point's label, a heading's '#') is
 * left alone so that the structure survives. Before that, M sentences per
 * thousand lines (default 5) move: the last sentence of a point is cut and
 * appended to another point chosen at random. Words are runs of non-space
 * bytes; separators are kept as they were.
 *
 * The output depends only on the input, the seed and the options (a
 * private PRNG, splitmix64). */
#include "parley/buf.h"
#include "parley/mem.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64 (Steele, Lea, Flood 2014), as in gen_plan.c. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *state, size_t n)
{
	return n ? (size_t)(next_random(state) % n) : 0;
}

typedef struct line {
	char *text;
	size_t len;
} line;

static char *read_all(FILE *in, size_t *len)
{
	pl_buf b = PL_BUF_INIT;
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		pl_buf_put(&b, chunk, n);
	*len = b.len;
	return pl_buf_detach(&b);
}

/* A point's line: "LABEL. text" with at least two sentences. */
static int is_point(const line *l)
{
	size_t i = 0;
	while (i < l->len && l->text[i] >= '0' && l->text[i] <= '9')
		i++;
	return i > 0 && i + 1 < l->len && l->text[i] == '.' && l->text[i + 1] == ' ';
}

/* Where the last sentence of a point starts (after ". "), or 0. */
static size_t last_sentence(const line *l)
{
	size_t label = 0;
	while (label < l->len && l->text[label] != ' ')
		label++;
	for (size_t i = l->len; i-- > label + 2;)
		if (l->text[i - 1] == ' ' && l->text[i - 2] == '.' && i < l->len)
			return i - 2 > label + 1 ? i : 0;
	return 0;
}

static void move_sentences(line *lines, size_t count, uint64_t *state, size_t per_thousand)
{
	size_t moves = count * per_thousand / 1000;
	for (size_t m = 0; m < moves; m++) {
		line *from = &lines[below(state, count)], *to = &lines[below(state, count)];
		if (from == to || !is_point(from) || !is_point(to))
			continue;
		size_t at = last_sentence(from);
		if (!at)
			continue;
		size_t n = from->len - at;
		to->text = pl_realloc(to->text, to->len + n + 2);
		to->text[to->len] = ' ';
		memcpy(to->text + to->len + 1, from->text + at, n);
		to->len += n + 1;
		from->len = at - 1; /* drop the space before the sentence */
	}
}

/* A random word of the text (a run of non-space bytes). */
static void random_word(const char *text, size_t len, uint64_t *state, const char **word,
                        size_t *word_len)
{
	size_t i = below(state, len);
	while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
		i--;
	size_t j = i;
	while (j < len && text[j] != ' ' && text[j] != '\n')
		j++;
	if (j == i) {
		*word = "amended";
		*word_len = 7;
		return;
	}
	*word = text + i;
	*word_len = j - i;
}

static void edit_line(pl_buf *out, const line *l, const char *source, size_t source_len,
                      uint64_t *state, unsigned permille)
{
	size_t i = 0;
	int first = 1;
	while (i < l->len) {
		size_t start = i;
		while (i < l->len && l->text[i] == ' ')
			i++;
		pl_buf_put(out, l->text + start, i - start);
		start = i;
		while (i < l->len && l->text[i] != ' ')
			i++;
		if (i == start)
			break;
		size_t roll = below(state, 1000 * 10);
		const char *w;
		size_t wl;
		if (first || roll >= permille * 10) {
			pl_buf_put(out, l->text + start, i - start);
		} else if (roll < permille * 4) { /* replace */
			random_word(source, source_len, state, &w, &wl);
			pl_buf_put(out, w, wl);
		} else if (roll < permille * 7) { /* delete, with one space */
			if (i < l->len && l->text[i] == ' ')
				i++;
		} else { /* insert before */
			random_word(source, source_len, state, &w, &wl);
			pl_buf_put(out, w, wl);
			pl_buf_putc(out, ' ');
			pl_buf_put(out, l->text + start, i - start);
		}
		first = 0;
	}
}

static int parse_options(int argc, char **argv, uint64_t *seed, unsigned *permille, unsigned *moves)
{
	int have_seed = 0;
	for (int i = 1; i + 1 < argc; i += 2) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(argv[i + 1], &end, 10);
		if (errno || *end || end == argv[i + 1])
			return -1;
		if (strcmp(argv[i], "--seed") == 0) {
			*seed = v;
			have_seed = 1;
		} else if (strcmp(argv[i], "--permille") == 0 && v <= 1000) {
			*permille = (unsigned)v;
		} else if (strcmp(argv[i], "--moves") == 0 && v <= 1000) {
			*moves = (unsigned)v;
		} else {
			return -1;
		}
	}
	return have_seed && argc % 2 == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	uint64_t seed = 0;
	unsigned permille = 10, moves = 5;
	if (parse_options(argc, argv, &seed, &permille, &moves)) {
		fprintf(stderr, "usage: gen_edit --seed S [--permille P] [--moves M] < a > b\n");
		return 2;
	}
	size_t len;
	char *text = read_all(stdin, &len);
	line *lines = NULL;
	size_t count = 0, capacity = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		lines = pl_grow(lines, &capacity, count + 1, sizeof *lines);
		lines[count++] = (line){pl_strndup(text + i, end - i), end - i};
		i = end + 1;
	}
	uint64_t state = seed;
	move_sentences(lines, count, &state, moves);
	pl_buf out = PL_BUF_INIT;
	for (size_t k = 0; k < count; k++) {
		edit_line(&out, &lines[k], text, len, &state, permille);
		if (k + 1 < count || (len && text[len - 1] == '\n'))
			pl_buf_putc(&out, '\n');
		free(lines[k].text);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	pl_buf_free(&out);
	free(lines);
	free(text);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
