/* md_parse.c — CommonMark plans into pl_doc.
 *
 * md_scan.c gives the block structure and source positions (its scanner's
 * for the plain subset plans keep to, cmark's otherwise); the text of each
 * block is then taken from the source itself, so that point labels are kept
 * as written (cmark renumbers ordered lists) and inline markup survives a
 * round trip unchanged. */
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/mem.h"
#include "parley/utf8.h"
#include "doc_int.h"
#include "md_scan.h"
#include "subitem_int.h"
#include "utf8_int.h"

#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
	const char *name;
	md_lines lines;
	const md_block *blocks;
	pl_doc *doc;
	size_t part; /* current part, or PL_NO_PART */
	int part_has_point;
	int cut_inside; /* a block's text was cut inside a character (see block_source) */
	pl_buf text;    /* scratch, used again from block to block */
	int rc;         /* the first failure of blocks read as the scanner finished them */
	pl_error *err;
} parser;

static const md_block *first_child(const parser *p, const md_block *block)
{
	return block->first_child == MD_NO_BLOCK ? NULL : &p->blocks[block->first_child];
}

static const md_block *next_sibling(const parser *p, const md_block *block)
{
	return block->next == MD_NO_BLOCK ? NULL : &p->blocks[block->next];
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* The source of a paragraph-like block, its lines trimmed and joined by
 * single spaces (a soft line break means a space). */
static void block_source(pl_buf *out, parser *p, const md_block *node)
{
	int first = node->start_line, last = node->end_line;
	for (int number = first; number <= last; number++) {
		size_t len;
		const char *s = pl_md_line(&p->lines, number, &len);
		size_t line_len = len, from = 0;
		if (number == first) {
			int col = node->start_column;
			from = col > 0 ? (size_t)col - 1 : 0;
		}
		if (number == last) {
			int col = node->end_column;
			if (col > 0 && (size_t)col < len)
				len = (size_t)col;
		}
		if (from > len)
			from = len;
		/* Cut where a character starts (cmark's columns are bytes, at
		 * block markers and line ends): then the texts of a valid input
		 * are valid UTF-8 and need no second check. */
		if ((from < len && ((unsigned char)s[from] & 0xc0) == 0x80) ||
		    (number == last && len < line_len && ((unsigned char)s[len] & 0xc0) == 0x80))
			p->cut_inside = 1;
		s += from;
		len -= from;
		trim(&s, &len);
		if (!len)
			continue;
		if (out->len)
			pl_buf_putc(out, ' ');
		pl_buf_put(out, s, len);
	}
}

static void append_paragraph(char **target, const char *text)
{
	if (!*text)
		return;
	if (!*target || !**target) {
		free(*target);
		*target = pl_strdup(text);
		return;
	}
	pl_buf joined = PL_BUF_INIT;
	pl_buf_puts(&joined, *target);
	pl_buf_puts(&joined, "\n\n");
	pl_buf_puts(&joined, text);
	free(*target);
	*target = pl_buf_detach(&joined);
}

/* append_paragraph for a point's text, which may be packed with its label. */
static void append_point_paragraph(pl_point *point, const char *text)
{
	if (!*text)
		return;
	pl_buf joined = PL_BUF_INIT;
	pl_buf_puts(&joined, point->text);
	if (joined.len)
		pl_buf_puts(&joined, "\n\n");
	pl_buf_puts(&joined, text);
	pl_point_replace_text(point, pl_buf_detach(&joined));
}

/* Where a non-point paragraph belongs: the preamble, the current part's
 * introduction, or the last point. */
static void place_paragraph(parser *p, const char *text)
{
	pl_doc *doc = p->doc;
	if (p->part_has_point && doc->point_count) {
		append_point_paragraph(&doc->points[doc->point_count - 1], text);
	} else if (p->part != PL_NO_PART) {
		append_paragraph(&doc->parts[p->part].intro, text);
	} else {
		append_paragraph(&doc->preamble, text);
	}
}

static int fail(parser *p, int code, int line, const char *what, const char *detail)
{
	return pl_error_set(p->err, code, "%s: line %d: %s%s", p->name, line, what, detail);
}

/* Length of a label at the start of s ("21", "3 bis", "4.1", "12a") when it
 * is followed by '.' or ')' and a space or the end; 0 otherwise. */
static size_t leading_label(const char *s, size_t len)
{
	size_t end = 0;
	while (end < len && s[end] != ' ' && s[end] != '\t')
		end++;
	/* "3 bis." — a number, one space, an ordinal word. */
	if (end < len && end > 0 && s[end - 1] != '.' && s[end - 1] != ')') {
		size_t word = end + 1;
		while (word < len && s[word] != ' ' && s[word] != '\t')
			word++;
		if (word - 1 > end && (s[word - 1] == '.' || s[word - 1] == ')') &&
		    pl_label_valid(s, word - 1))
			return word - 1;
	}
	if (end < 2 || (s[end - 1] != '.' && s[end - 1] != ')'))
		return 0;
	return pl_label_valid(s, end - 1) ? end - 1 : 0;
}

/* A paragraph that starts like a label ("7b2. ...") but is none. */
static int looks_like_bad_label(const char *s, size_t len)
{
	if (!len || !isdigit((unsigned char)s[0]))
		return 0;
	size_t end = 0;
	while (end < len && s[end] != ' ' && s[end] != '\t')
		end++;
	return end >= 2 && (s[end - 1] == '.' || s[end - 1] == ')');
}

/* A new point of the current part with its label and first paragraph
 * (both copied). */
static pl_point *start_point(parser *p, const char *label, size_t label_len, const char *text,
                             int line)
{
	/* label and text in one allocation: a long plan's points are many
	 * short strings, each of which malloc would round up on its own */
	pl_point *point = pl_doc_add_point_packed(p->doc, p->part, label, label_len, text);
	point->line = (size_t)line;
	p->part_has_point = 1;
	return point;
}

static void finish_point(pl_point *point)
{
	if (point->item_count == 0)
		pl_split_inline_items(point);
}

static void add_nested_items(parser *p, pl_point *point, const md_block *list)
{
	int ordinal = list->list_start;
	int ordered = list->ordered;
	pl_buf text = PL_BUF_INIT, part = PL_BUF_INIT;
	for (const md_block *item = first_child(p, list); item;
	     item = next_sibling(p, item), ordinal++) {
		pl_buf_clear(&text);
		for (const md_block *c = first_child(p, item); c; c = next_sibling(p, c)) {
			pl_buf_clear(&part);
			block_source(&part, p, c);
			if (text.len && part.len)
				pl_buf_puts(&text, "\n\n");
			pl_buf_put(&text, part.ptr, part.len);
		}
		char label[32];
		size_t skip = pl_item_marker(text.ptr, text.len, label, sizeof label);
		if (!skip) {
			if (ordered)
				snprintf(label, sizeof label, "%d", ordinal);
			else
				pl_item_label_nth(label, sizeof label, point->item_count);
		}
		const char *body = text.ptr + skip;
		size_t body_len = text.len - skip;
		trim(&body, &body_len);
		if (body[body_len]) /* text's own bytes: body ends the text */
			((char *)body)[body_len] = '\0';
		pl_point_add_item(point, label, body);
	}
	pl_buf_free(&text);
	pl_buf_free(&part);
}

/* An ordered list at the top level: one point per item. */
static int read_point_list(parser *p, const md_block *list)
{
	for (const md_block *item = first_child(p, list); item; item = next_sibling(p, item)) {
		int line = item->start_line;
		size_t len;
		const char *s = pl_md_line(&p->lines, line, &len);
		size_t col = (size_t)item->start_column;
		size_t from = col > 0 && col - 1 < len ? col - 1 : 0;
		size_t digits = 0;
		while (from + digits < len && isdigit((unsigned char)s[from + digits]))
			digits++;
		/* The first block, when it is no list, the point's text. */
		const md_block *c = first_child(p, item);
		pl_buf_clear(&p->text);
		if (c && c->kind != MD_LIST) {
			block_source(&p->text, p, c);
			c = next_sibling(p, c);
		}
		pl_point *point = start_point(p, s + from, digits, p->text.ptr, line);
		for (; c; c = next_sibling(p, c)) {
			if (c->kind == MD_LIST) {
				add_nested_items(p, point, c);
				continue;
			}
			pl_buf_clear(&p->text);
			block_source(&p->text, p, c);
			append_point_paragraph(point, p->text.ptr);
		}
		finish_point(point);
	}
	return 0;
}

static int read_paragraph(parser *p, const md_block *node)
{
	pl_buf text = p->text;
	pl_buf_clear(&text);
	block_source(&text, p, node);
	int line = node->start_line;
	size_t label_len = leading_label(text.ptr, text.len);
	int rc = 0;
	if (label_len) {
		const char *body = text.ptr + label_len + 1;
		size_t body_len = text.len - label_len - 1;
		trim(&body, &body_len);
		if (body[body_len]) /* text's own bytes: body ends the text */
			((char *)body)[body_len] = '\0';
		pl_point *point = start_point(p, text.ptr, label_len, body, line);
		finish_point(point);
	} else if (looks_like_bad_label(text.ptr, text.len)) {
		size_t end = 0;
		while (end < text.len && text.ptr[end] != ' ')
			end++;
		char *word = pl_strndup(text.ptr, end);
		rc = fail(p, PL_EINVALID, line, "not a point label: ", word);
		free(word);
	} else {
		place_paragraph(p, text.ptr);
	}
	p->text = text; /* kept, grown, for the next block */
	return rc;
}

static void heading_text(pl_buf *out, const parser *p, const md_block *node)
{
	int first = node->start_line, last = node->end_line;
	size_t len;
	const char *s = pl_md_line(&p->lines, first, &len);
	trim(&s, &len);
	if (len && s[0] == '#') {
		while (len && *s == '#') {
			s++;
			len--;
		}
		trim(&s, &len);
		/* An optional closing sequence of #s preceded by a space. */
		size_t end = len;
		while (end && s[end - 1] == '#')
			end--;
		if (end < len && (end == 0 || s[end - 1] == ' '))
			len = end;
		trim(&s, &len);
		pl_buf_put(out, s, len);
		return;
	}
	for (int number = first; number < last; number++) { /* setext: skip the underline */
		s = pl_md_line(&p->lines, number, &len);
		trim(&s, &len);
		if (out->len)
			pl_buf_putc(out, ' ');
		pl_buf_put(out, s, len);
	}
}

static int read_heading(parser *p, const md_block *node)
{
	pl_buf text = PL_BUF_INIT;
	heading_text(&text, p, node);
	if (node->level == 1 && !p->doc->title && !p->doc->point_count && p->part == PL_NO_PART &&
	    !p->doc->preamble) {
		pl_doc_set_title(p->doc, text.ptr);
	} else {
		p->part = pl_doc_add_part(p->doc, text.ptr, NULL);
		p->part_has_point = 0;
	}
	pl_buf_free(&text);
	return 0;
}

/* Blocks parley has no structure for (quotes, code, tables as HTML) are
 * kept as written, line by line. */
static void read_other_block(parser *p, const md_block *node)
{
	if (node->kind == MD_THEMATIC_BREAK)
		return;
	pl_buf text = PL_BUF_INIT;
	int first = node->start_line, last = node->end_line;
	for (int number = first; number <= last; number++) {
		size_t len;
		const char *s = pl_md_line(&p->lines, number, &len);
		if (text.len)
			pl_buf_putc(&text, ' ');
		trim(&s, &len);
		pl_buf_put(&text, s, len);
	}
	place_paragraph(p, text.ptr);
	pl_buf_free(&text);
}

static int read_blocks(parser *p, const md_block *root)
{
	int rc = 0;
	for (const md_block *node = first_child(p, root); node && rc == 0;
	     node = next_sibling(p, node)) {
		switch (node->kind) {
		case MD_HEADING:
			rc = read_heading(p, node);
			break;
		case MD_PARAGRAPH:
			rc = read_paragraph(p, node);
			break;
		case MD_LIST:
			if (node->ordered) {
				rc = read_point_list(p, node);
			} else if (p->part_has_point && p->doc->point_count) {
				add_nested_items(p, &p->doc->points[p->doc->point_count - 1], node);
			} else {
				read_other_block(p, node);
			}
			break;
		default:
			read_other_block(p, node);
			break;
		}
	}
	return rc;
}

/* md_flush_fn: the document's finished blocks, read into the document
 * in order; after a failure, nothing more (the failure stands unless the
 * scanner declines the text later on). */
static void read_finished(void *context, const md_blocks *blocks)
{
	parser *p = context;
	if (p->rc)
		return;
	p->blocks = blocks->block;
	p->rc = read_blocks(p, &blocks->block[0]);
}

/* How many lines start (after spaces) with a digit: at least as many as
 * the points numbered in digits, the usual case, to size the document's
 * points once instead of doubling them. */
static size_t numbered_lines(const md_lines *lines)
{
	size_t count = 0;
	for (size_t i = 0; i < lines->count; i++) {
		size_t at = lines->starts[i];
		while (at < lines->len && lines->text[at] == ' ')
			at++;
		count += at < lines->len && lines->text[at] >= '0' && lines->text[at] <= '9';
	}
	return count;
}

/* The line (1-based) of offset at in text. */
static size_t line_of(const char *text, size_t at)
{
	size_t line = 1;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + at - p))) != NULL; p++)
		line++;
	return line;
}

/* 1 when byte c is a line feed, a tab or a carriage return, the control
 * characters a plan file may hold. */
static int allowed_control(unsigned char c)
{
	return c == '\n' || c == '\t' || c == '\r';
}

/* What pl_text_check and then pl_utf8_check (PL_UTF8_LINES | PL_UTF8_CR)
 * find, in one pass instead of three: a NUL byte anywhere first, else the
 * first invalid UTF-8, else the first control character, with the same
 * messages and offsets. Plans are nearly all printable ASCII, taken
 * sixteen bytes at a time. */
static int check_bytes(const char *text, size_t len, const char *name, pl_error *err)
{
	const unsigned char *u = (const unsigned char *)text;
	long control = 0;
	size_t control_at = 0;
	int has_control = 0;
	size_t i = 0;
	while (i < len) {
#if defined(__SSE2__)
		/* Sixteen at a time while none is below 0x20 (but a line feed,
		 * tab or carriage return), DEL or above. */
		while (i + 16 <= len) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
			__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
			__m128i ok =
			    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
			                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
			                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
			__m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
			int mask = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(ok, low), del)) |
			           _mm_movemask_epi8(v); /* the high bit */
			if (mask) {
				i += (size_t)__builtin_ctz((unsigned)mask);
				break;
			}
			i += 16;
		}
		if (i == len)
			break;
#endif
		unsigned char c = u[i];
		if (c == 0)
			return pl_text_check(text, len, name, err); /* a NUL byte: binary */
		if (c < 0x80) {
			if (!has_control && (c == 0x7f || (c < 0x20 && !allowed_control(c)))) {
				has_control = 1;
				control = c;
				control_at = i;
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) { /* invalid UTF-8, unless a NUL byte comes later */
			if (memchr(u + i, '\0', len - i))
				return pl_text_check(text, len, name, err);
			return pl_error_set(err, PL_EINVALID,
			                    "%s: line %zu: invalid UTF-8 (byte offset %zu)", name,
			                    line_of(text, i), i);
		}
		if (!has_control && cp >= 0x80 && cp < 0xa0) { /* a C1 control */
			has_control = 1;
			control = cp;
			control_at = i;
		}
		i += (size_t)n;
	}
	if (has_control)
		return pl_error_set(err, PL_EINVALID,
		                    "%s holds the control character U+%04lX (byte offset %zu)",
		                    name, control, control_at);
	return 0;
}

static int check_input(const char *text, size_t len, const char *name, pl_error *err)
{
	/* Newlines, tabs and carriage returns (line endings) only: an escape
	 * sequence in a plan would be stored and sent to terminals later. */
	if (len > INT32_MAX) /* cmark's and the scanner's lines and columns are ints */
		return pl_error_set(err, PL_ETOOBIG,
		                    "%s: %zu bytes is more than a plan can hold (2 GiB)", name,
		                    len);
	int rc = check_bytes(text, len, name, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			return 0;
	return pl_error_set(err, PL_EINVALID, "%s: empty file", name);
}

int pl_md_parse_with(pl_doc **out, const char *text, size_t len, const char *source_name,
                     md_path path, md_path *used, pl_error *err)
{
	*out = NULL;
	const char *name = source_name ? source_name : "<input>";
	int rc = check_input(text, len, name, err);
	if (rc)
		return rc;
	parser p = {.name = name, .doc = NULL, .part = PL_NO_PART, .text = PL_BUF_INIT, .err = err};
	pl_md_lines_index(&p.lines, text, len);
	md_blocks blocks = {NULL, 0, 0};
	p.doc = pl_doc_new();
	pl_doc_reserve_points(p.doc, numbered_lines(&p.lines));
	/* The scanner's blocks are read as they are finished, a few thousand
	 * at a time: a long plan's are never all held. */
	int scanned =
	    path != MD_PATH_CMARK && pl_md_scan_flushing(&blocks, &p.lines, read_finished, &p);
	if (used)
		*used = scanned ? MD_PATH_SCAN : MD_PATH_CMARK;
	if (!scanned && path == MD_PATH_SCAN) {
		pl_md_lines_free(&p.lines);
		pl_doc_free(p.doc);
		pl_buf_free(&p.text);
		return pl_error_set(err, PL_ENOTFOUND, "%s: outside the block scanner's subset",
		                    name);
	}
	if (!scanned) {
		/* What the scanner's blocks gave is dropped: cmark reads the
		 * text from its start. */
		size_t reserve = p.doc->point_capacity;
		pl_doc_free(p.doc);
		p.doc = pl_doc_new();
		pl_doc_reserve_points(p.doc, reserve);
		p.part = PL_NO_PART;
		p.part_has_point = p.cut_inside = p.rc = 0;
		pl_md_cmark_blocks(&blocks, text, len);
	}
	p.blocks = blocks.block;
	rc = p.rc ? p.rc : read_blocks(&p, &blocks.block[0]);
	pl_md_blocks_free(&blocks);
	pl_md_lines_free(&p.lines);
	pl_buf_free(&p.text);
	if (rc == 0) {
		/* The input is valid UTF-8, and so are texts cut from it where
		 * characters start: the UTF-8 of each text is checked again only
		 * when one was cut elsewhere. */
		rc =
		    p.cut_inside ? pl_doc_validate(p.doc, err) : pl_doc_validate_labels(p.doc, err);
		if (rc && err) {
			char detail[sizeof err->message];
			snprintf(detail, sizeof detail, "%s", err->message);
			pl_error_set(err, rc, "%s: %s", name, detail);
		}
	}
	if (rc) {
		pl_doc_free(p.doc);
		return rc;
	}
	*out = p.doc;
	return 0;
}

int pl_markdown_parse(pl_doc **out, const char *text, size_t len, const char *source_name,
                      pl_error *err)
{
	return pl_md_parse_with(out, text, len, source_name, MD_PATH_AUTO, NULL, err);
}

typedef struct parse_job {
	pl_doc *doc;
	const char *text;
	size_t len;
	const char *name;
	pl_error err;
	int rc;
} parse_job;

static void *parse_job_run(void *arg)
{
	parse_job *job = arg;
	job->rc = pl_markdown_parse(&job->doc, job->text, job->len, job->name, &job->err);
	return NULL;
}

int pl_markdown_parse_two(pl_doc **a_out, const char *a, size_t a_len, const char *a_name,
                          pl_doc **b_out, const char *b, size_t b_len, const char *b_name,
                          pl_error *err)
{
	parse_job second = {NULL, b, b_len, b_name, {0, {0}}, 0};
	pthread_t thread;
	/* Small inputs are not worth a thread. */
	int threaded = a_len + b_len > ((size_t)1 << 18) &&
	               pthread_create(&thread, NULL, parse_job_run, &second) == 0;
	int rc = pl_markdown_parse(a_out, a, a_len, a_name, err);
	if (threaded)
		pthread_join(thread, NULL);
	else
		parse_job_run(&second);
	if (rc == 0 && second.rc) {
		rc = second.rc;
		if (err)
			*err = second.err;
	}
	if (rc) {
		pl_doc_free(*a_out);
		pl_doc_free(second.doc);
		*a_out = *b_out = NULL;
		return rc;
	}
	*b_out = second.doc;
	return 0;
}
