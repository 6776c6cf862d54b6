/* docx_numbering.c — the labels of Word's automatic numbering
 * (word/numbering.xml, ECMA-376 Part 1, 17.9): an abstract numbering
 * defines up to nine levels (start, number format, level text such as
 * "%1." or "(%2)"); a numbering instance (w:num) names one and may
 * override a level's start (w:lvlOverride/w:startOverride) or the level
 * itself. As in Word, the count belongs to the abstract numbering: the
 * instances of one abstract numbering continue one another's count, and
 * an instance with a start override restarts it where it is first used
 * (a list that restarts is a new numId with a start override, as Word and
 * LibreOffice write one). A paragraph at level L advances L's counter and
 * resets every deeper level. */
#include "docx_numbering.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS 9

typedef struct level {
	int defined;
	int start;
	char format[24]; /* numFmt: decimal, lowerLetter, ... */
	char *text;      /* lvlText, "%1." */
} level;

typedef struct abstract_num {
	char *id;
	level levels[LEVELS];
	int counter[LEVELS];
	int started[LEVELS];
	int next_start[LEVELS]; /* an override's start for the level's next
	                         * start, or -1 */
} abstract_num;

typedef struct num {
	char *id;
	size_t abstract;            /* index into abstracts */
	int start_override[LEVELS]; /* -1: none */
	level own[LEVELS];          /* a w:lvl inside a w:lvlOverride */
	int used;                   /* a paragraph has been numbered with it */
} num;

struct pl_docx_numbering {
	abstract_num *abstracts;
	size_t abstract_count;
	num *nums;
	size_t num_count;
};

static int integer(const char *s, int *out)
{
	if (!s || !*s)
		return 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < -1000000 || v > 1000000)
		return 0;
	*out = (int)v;
	return 1;
}

static void read_level(level *out, const xmlNode *lvl)
{
	out->defined = 1;
	out->start = 1;
	snprintf(out->format, sizeof out->format, "decimal");
	for (const xmlNode *c = lvl->children; c; c = c->next) {
		const char *val = pl_docx_attr(c, "val");
		if (pl_docx_is(c, "start"))
			integer(val, &out->start);
		else if (pl_docx_is(c, "numFmt") && val)
			snprintf(out->format, sizeof out->format, "%s", val);
		else if (pl_docx_is(c, "lvlText") && val) {
			free(out->text);
			out->text = pl_strdup(val);
		}
	}
	if (!out->text)
		out->text = pl_strdup("");
}

/* The w:lvl of node with w:ilvl in 0..8 into levels. */
static void read_levels(level *levels, const xmlNode *node)
{
	for (const xmlNode *c = node->children; c; c = c->next) {
		int ilvl;
		if (pl_docx_is(c, "lvl") && integer(pl_docx_attr(c, "ilvl"), &ilvl) && ilvl >= 0 &&
		    ilvl < LEVELS && !levels[ilvl].defined)
			read_level(&levels[ilvl], c);
	}
}

static void read_overrides(num *n, const xmlNode *node)
{
	for (const xmlNode *o = node->children; o; o = o->next) {
		int ilvl;
		if (!pl_docx_is(o, "lvlOverride") || !integer(pl_docx_attr(o, "ilvl"), &ilvl) ||
		    ilvl < 0 || ilvl >= LEVELS)
			continue;
		for (const xmlNode *c = o->children; c; c = c->next) {
			if (pl_docx_is(c, "startOverride"))
				integer(pl_docx_attr(c, "val"), &n->start_override[ilvl]);
			else if (pl_docx_is(c, "lvl") && !n->own[ilvl].defined)
				read_level(&n->own[ilvl], c);
		}
	}
}

static size_t find_abstract(const pl_docx_numbering *nb, const char *id)
{
	for (size_t i = 0; id && i < nb->abstract_count; i++)
		if (strcmp(nb->abstracts[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

int pl_docx_numbering_read(pl_docx_numbering **out, const xmlDoc *xml, const char *name,
                           pl_error *err)
{
	pl_docx_numbering *nb = pl_calloc(1, sizeof *nb);
	*out = nb;
	const xmlNode *root = xml ? xmlDocGetRootElement(xml) : NULL;
	if (!root)
		return 0;
	size_t capacity = 0;
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!pl_docx_is(c, "abstractNum"))
			continue;
		if (nb->abstract_count == capacity) {
			capacity = capacity ? 2 * capacity : 8;
			nb->abstracts = pl_realloc(nb->abstracts, capacity * sizeof *nb->abstracts);
		}
		abstract_num *a = &nb->abstracts[nb->abstract_count++];
		memset(a, 0, sizeof *a);
		for (int l = 0; l < LEVELS; l++)
			a->next_start[l] = -1;
		const char *id = pl_docx_attr(c, "abstractNumId");
		a->id = pl_strdup(id ? id : "");
		read_levels(a->levels, c);
	}
	capacity = 0;
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!pl_docx_is(c, "num"))
			continue;
		const char *id = pl_docx_attr(c, "numId");
		const char *abstract = NULL;
		for (const xmlNode *d = c->children; d; d = d->next)
			if (pl_docx_is(d, "abstractNumId"))
				abstract = pl_docx_attr(d, "val");
		size_t index = find_abstract(nb, abstract);
		if (index == (size_t)-1)
			return pl_error_set(
			    err, PL_EINVALID,
			    "%s: word/numbering.xml: line %ld: numbering %s names the "
			    "abstract numbering %s, which it does not define",
			    name, (long)xmlGetLineNo(c), id ? id : "?",
			    abstract ? abstract : "(none)");
		if (nb->num_count == capacity) {
			capacity = capacity ? 2 * capacity : 8;
			nb->nums = pl_realloc(nb->nums, capacity * sizeof *nb->nums);
		}
		num *n = &nb->nums[nb->num_count++];
		memset(n, 0, sizeof *n);
		n->id = pl_strdup(id ? id : "");
		n->abstract = index;
		for (int l = 0; l < LEVELS; l++)
			n->start_override[l] = -1;
		read_overrides(n, c);
	}
	return 0;
}

void pl_docx_numbering_free(pl_docx_numbering *nb)
{
	if (!nb)
		return;
	for (size_t i = 0; i < nb->abstract_count; i++) {
		for (int l = 0; l < LEVELS; l++)
			free(nb->abstracts[i].levels[l].text);
		free(nb->abstracts[i].id);
	}
	for (size_t i = 0; i < nb->num_count; i++) {
		for (int l = 0; l < LEVELS; l++)
			free(nb->nums[i].own[l].text);
		free(nb->nums[i].id);
	}
	free(nb->abstracts);
	free(nb->nums);
	free(nb);
}

void pl_docx_numbering_reset(pl_docx_numbering *nb)
{
	for (size_t i = 0; i < nb->abstract_count; i++) {
		memset(nb->abstracts[i].started, 0, sizeof nb->abstracts[i].started);
		for (int l = 0; l < LEVELS; l++)
			nb->abstracts[i].next_start[l] = -1;
	}
	for (size_t i = 0; i < nb->num_count; i++)
		nb->nums[i].used = 0;
}

static const level *level_of(const pl_docx_numbering *nb, const num *n, int ilvl)
{
	if (n->own[ilvl].defined)
		return &n->own[ilvl];
	const level *l = &nb->abstracts[n->abstract].levels[ilvl];
	return l->defined ? l : NULL;
}

/* Roman numerals for 1..3999; others as decimal. */
static void roman(pl_buf *out, int v, int upper)
{
	static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const lower[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
	                                    "xl", "x",  "ix", "v",  "iv", "i"};
	if (v < 1 || v > 3999) {
		pl_buf_printf(out, "%d", v);
		return;
	}
	for (int i = 0; i < 13; i++)
		for (; v >= values[i]; v -= values[i])
			for (const char *s = lower[i]; *s; s++)
				pl_buf_putc(out, upper ? (char)(*s - 'a' + 'A') : *s);
}

/* Word's letters: a..z, then aa..zz, aaa..: the letter repeated. */
static void letters(pl_buf *out, int v, int upper)
{
	if (v < 1 || v > 780) {
		pl_buf_printf(out, "%d", v);
		return;
	}
	char c = (char)((upper ? 'A' : 'a') + (v - 1) % 26);
	for (int i = 0; i <= (v - 1) / 26; i++)
		pl_buf_putc(out, c);
}

static int format_number(pl_buf *out, const char *format, int v)
{
	if (strcmp(format, "decimal") == 0)
		pl_buf_printf(out, "%d", v);
	else if (strcmp(format, "decimalZero") == 0)
		pl_buf_printf(out, "%02d", v);
	else if (strcmp(format, "lowerLetter") == 0 || strcmp(format, "upperLetter") == 0)
		letters(out, v, format[0] == 'u');
	else if (strcmp(format, "lowerRoman") == 0 || strcmp(format, "upperRoman") == 0)
		roman(out, v, format[0] == 'u');
	else if (strcmp(format, "none") == 0)
		;
	else if (strcmp(format, "bullet") == 0)
		return 1;
	else
		pl_buf_printf(out, "%d", v); /* other scripts' numerals: decimal */
	return 0;
}

int pl_docx_numbering_label(pl_docx_numbering *nb, const char *num_id, int ilvl, pl_buf *label,
                            const char *name, size_t line, pl_error *err)
{
	pl_buf_clear(label);
	num *n = NULL;
	for (size_t i = 0; i < nb->num_count && !n; i++)
		if (strcmp(nb->nums[i].id, num_id) == 0)
			n = &nb->nums[i];
	if (!n)
		return pl_error_set(err, PL_EINVALID,
		                    "%s: word/document.xml: line %zu: the paragraph is numbered "
		                    "with numId %s, which word/numbering.xml does not define",
		                    name, line, num_id);
	const level *l = ilvl >= 0 && ilvl < LEVELS ? level_of(nb, n, ilvl) : NULL;
	if (!l)
		return pl_error_set(err, PL_EINVALID,
		                    "%s: word/document.xml: line %zu: the paragraph is numbered at "
		                    "level %d of numId %s, which has no such level",
		                    name, line, ilvl, num_id);
	abstract_num *a = &nb->abstracts[n->abstract];
	if (!n->used) { /* its overrides restart the count here */
		n->used = 1;
		for (int k = 0; k < LEVELS; k++)
			if (n->start_override[k] >= 0) {
				a->next_start[k] = n->start_override[k];
				a->started[k] = 0;
			}
	}
	if (!a->started[ilvl]) {
		a->counter[ilvl] = a->next_start[ilvl] >= 0 ? a->next_start[ilvl] : l->start;
		a->next_start[ilvl] = -1;
	} else {
		a->counter[ilvl]++;
	}
	a->started[ilvl] = 1;
	for (int deeper = ilvl + 1; deeper < LEVELS; deeper++)
		a->started[deeper] = 0;
	if (strcmp(l->format, "bullet") == 0)
		return 1;
	for (const char *s = l->text; *s; s++) {
		if (s[0] == '%' && s[1] >= '1' && s[1] <= '9') {
			int k = s[1] - '1';
			const level *lk = level_of(nb, n, k);
			int v = a->started[k] ? a->counter[k] : (lk ? lk->start : 1);
			format_number(label, lk ? lk->format : "decimal", v);
			s++;
		} else {
			pl_buf_putc(label, *s);
		}
	}
	return 0;
}
