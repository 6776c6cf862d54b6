/* md_scan.c — the block structure of a plan: a scanner for the plain
 * CommonMark plans are written in, and cmark for everything else.
 *
 * cmark's block pass and its inline pass (whose result parley never uses:
 * md_parse.c takes every text from the source by line and column) are
 * most of the time of reading a large plan. Plans keep to a small part of
 * CommonMark, and for that part the block structure is simple to find: the
 * scanner follows the algorithm of the specification (and cmark's
 * blocks.c, whose positions it reproduces) for documents, lists, items,
 * paragraphs and ATX headings only, and gives up on the whole text at the
 * first line where anything else could begin. cmark stays the authority:
 * the scanner's answer is cmark's or none (tests/unit/test_md_scan.c
 * compares the two). */
#include "md_scan.h"

#include "parley/mem.h"
#include "md_arena.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* The offset just past the line ending that ends the line starting at at,
 * or 0 for the last line; has_cr tells whether the text holds any carriage
 * return at all. */
static size_t next_line(const char *text, size_t len, size_t at, int has_cr)
{
	if (!has_cr) {
		const char *nl = memchr(text + at, '\n', len - at);
		return nl ? (size_t)(nl - text) + 1 : 0;
	}
	for (size_t i = at; i < len; i++) {
		if (text[i] == '\n')
			return i + 1;
		if (text[i] == '\r')
			return i + 1 < len && text[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return 0;
}

void pl_md_lines_index(md_lines *lines, const char *text, size_t len)
{
	lines->text = text;
	lines->len = len;
	lines->count = 0;
	int has_cr = memchr(text, '\r', len) != NULL; /* most files: memchr for '\n' */
	/* Counted first, then written: the index is sized exactly (a long
	 * plan has hundreds of thousands of lines). */
	size_t count = 0;
	for (size_t at = 0; at <= len;) {
		count++;
		at = next_line(text, len, at, has_cr);
		if (!at)
			break;
	}
	lines->starts = pl_malloc(count * sizeof *lines->starts);
	for (size_t at = 0; at <= len;) {
		lines->starts[lines->count++] = (uint32_t)at;
		at = next_line(text, len, at, has_cr);
		if (!at)
			break;
	}
}

void pl_md_lines_free(md_lines *lines)
{
	free(lines->starts);
	lines->starts = NULL;
	lines->count = 0;
}

const char *pl_md_line(const md_lines *lines, int number, size_t *len)
{
	if (number < 1 || (size_t)number > lines->count) {
		*len = 0;
		return "";
	}
	size_t start = lines->starts[number - 1];
	size_t end = (size_t)number < lines->count ? lines->starts[number] - 1 : lines->len;
	while (end > start && (lines->text[end - 1] == '\r' || lines->text[end - 1] == '\n'))
		end--;
	*len = end - start;
	return lines->text + start;
}

void pl_md_blocks_free(md_blocks *blocks)
{
	free(blocks->block);
	blocks->block = NULL;
	blocks->count = blocks->capacity = 0;
}

/* A new block, the last child of parent (MD_NO_BLOCK for the document). */
static uint32_t add_block(md_blocks *blocks, uint32_t parent, md_kind kind, int line, int column)
{
	blocks->block =
	    pl_grow(blocks->block, &blocks->capacity, blocks->count + 1, sizeof(md_block));
	uint32_t at = (uint32_t)blocks->count++;
	md_block *b = &blocks->block[at];
	memset(b, 0, sizeof *b);
	b->kind = (unsigned char)kind;
	b->start_line = b->end_line = line;
	b->start_column = column;
	b->first_child = b->next = b->last_child = MD_NO_BLOCK;
	if (parent != MD_NO_BLOCK) {
		md_block *p = &blocks->block[parent];
		if (p->last_child == MD_NO_BLOCK)
			p->first_child = at;
		else
			blocks->block[p->last_child].next = at;
		p->last_child = at;
	}
	return at;
}

/* ---- The scanner ---- */

/* Deeper nesting than this is left to cmark. */
#define MAX_DEPTH 32

typedef struct open_item {
	uint32_t list, item;
	int width;   /* columns from the container's content to the item's */
	char marker; /* '-', '+' or '*', or '.' or ')' after a number */
} open_item;

/* Blocks held before the document's finished ones are handed on. */
#define FLUSH_BLOCKS 4096

typedef struct scanner {
	md_blocks *out;
	md_flush_fn flush; /* NULL: every block is kept to the end */
	void *flush_context;
	open_item open[MAX_DEPTH]; /* the open items, outermost first */
	int depth;
	uint32_t leaf;      /* the open paragraph or heading, or MD_NO_BLOCK */
	int leaf_paragraph; /* 1 when leaf is a paragraph */
	int line;           /* the line being read */
	int last_length;    /* cmark's length of the line before */
} scanner;

/* A list marker: what cmark's parse_list_marker finds at s. */
typedef struct marker {
	size_t width; /* bytes of the marker; 0 when there is none */
	char kind;    /* as open_item.marker */
	int start;    /* an ordered one's number */
} marker;

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

/* The list marker at the start of s[0..len), or width 0. A marker is
 * followed by a space, a tab or the end of the line. */
static marker find_marker(const char *s, size_t len)
{
	marker m = {0, 0, 0};
	if (s[0] == '-' || s[0] == '+' || s[0] == '*') {
		if (len == 1 || is_blank_char(s[1]))
			m = (marker){1, s[0], 1};
		return m;
	}
	size_t digits = 0;
	int start = 0;
	while (digits < len && digits < 9 && s[digits] >= '0' && s[digits] <= '9')
		start = start * 10 + (s[digits++] - '0');
	if (digits && digits < len && (s[digits] == '.' || s[digits] == ')') &&
	    (digits + 1 == len || is_blank_char(s[digits + 1])))
		m = (marker){digits + 1, s[digits], start};
	return m;
}

/* 1 when s[0..len) is only the character c, spaces and tabs. */
static int only_char(const char *s, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != c && !is_blank_char(s[i]))
			return 0;
	return 1;
}

/* 1 when a block the scanner leaves to cmark could start at s (the first
 * non-blank byte of a line, indented less than four columns): a block
 * quote, an HTML block, a code fence, and, as lines of one character with
 * blanks, a thematic break, a setext underline or an empty list item. */
static int other_block_start(const char *s, size_t len)
{
	switch (s[0]) {
	case '>':
	case '<':
		return 1;
	case '`':
	case '~':
		return len >= 3 && s[1] == s[0] && s[2] == s[0];
	case '=':
	case '-':
	case '*':
	case '_':
	case '+':
		return only_char(s, len, s[0]);
	default:
		return 0;
	}
}

/* The level of the ATX heading at s, or 0. */
static int atx_level(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n] == '#')
		n++;
	if (n == 0 || n > 6 || (n < len && !is_blank_char(s[n])))
		return 0;
	return (int)n;
}

/* cmark's length of a heading line once a closing run of #s is cut
 * (chop_trailing_hashtags): it counts as the line's length afterwards.
 * after is just past the opening #s. When blanks and nothing else follow
 * them, cmark finds the rest of the line blank and cuts nothing; when the
 * line ends right after them, it cuts ("  #" has length 0). */
static int heading_line_length(const char *s, size_t len, size_t after)
{
	if (after < len && only_char(s + after, len - after, ' '))
		return (int)len;
	while (len && is_blank_char(s[len - 1]))
		len--;
	size_t n = len;
	while (n && s[n - 1] == '#')
		n--;
	if (n < len && n > 0 && is_blank_char(s[n - 1])) {
		len = n - 1;
		while (len && is_blank_char(s[len - 1]))
			len--;
	}
	return (int)len;
}

/* Ends block at, as cmark does at a line that does not continue it: on
 * the line before, that line's length its end column. */
static void close_block(scanner *sc, uint32_t at)
{
	md_block *b = &sc->out->block[at];
	b->end_line = sc->line - 1;
	b->end_column = sc->last_length;
}

/* add_block for the scanner. A new block of the document itself comes
 * when every block before it is closed: once enough are held, they are
 * handed to flush and let go, the document keeping none of its children,
 * so that a long plan's blocks are never all held at once. */
static uint32_t add(scanner *sc, uint32_t parent, md_kind kind, int line, int column)
{
	md_blocks *out = sc->out;
	if (parent == 0 && sc->flush && out->count >= FLUSH_BLOCKS && sc->depth == 0 &&
	    sc->leaf == MD_NO_BLOCK && out->block[0].first_child != MD_NO_BLOCK) {
		sc->flush(sc->flush_context, out);
		out->count = 1;
		out->block[0].first_child = out->block[0].last_child = MD_NO_BLOCK;
	}
	return add_block(out, parent, kind, line, column);
}

/* Closes the leaf and the items from the innermost out to open[keep]
 * (their lists too, but open[keep]'s when keep_list). */
static void close_down_to(scanner *sc, int keep, int keep_list)
{
	if (sc->leaf != MD_NO_BLOCK)
		close_block(sc, sc->leaf);
	sc->leaf = MD_NO_BLOCK;
	sc->leaf_paragraph = 0;
	for (int j = sc->depth - 1; j >= keep; j--) {
		close_block(sc, sc->open[j].item);
		if (j > keep || !keep_list)
			close_block(sc, sc->open[j].list);
	}
	sc->depth = keep;
}

static uint32_t container_of(const scanner *sc, int depth)
{
	return depth ? sc->open[depth - 1].item : 0;
}

/* A list item at s (the marker, at byte column) on a line whose first k
 * items matched; indent is the marker's indentation past their content
 * and in_list tells whether open[k]'s list (its item unmatched) is the
 * container. Returns 0 when the item is outside the subset. */
static int start_item(scanner *sc, const char *line, size_t len, size_t column, int indent,
                      marker m, int k, int in_list)
{
	size_t content = column + m.width, spaces = 0;
	while (content < len && line[content] == ' ') {
		content++;
		spaces++;
	}
	/* Tabs, an empty item, or code in the item: cmark's. */
	if (content == len || line[content] == '\t' || spaces >= 5 || k >= MAX_DEPTH)
		return 0;
	/* Another block than an item starting on the marker's line (a
	 * heading, a quote, ...) or a paragraph that may open with a link
	 * reference definition: cmark's too. */
	const char *rest = line + content;
	size_t rest_len = len - content;
	if (rest[0] == '#' || rest[0] == '[' || other_block_start(rest, rest_len))
		return 0;
	int same_list = in_list && sc->open[k].marker == m.kind;
	close_down_to(sc, k, same_list);
	int col = (int)column + 1;
	uint32_t list = sc->open[k].list;
	if (!same_list) {
		list = add(sc, container_of(sc, k), MD_LIST, sc->line, col);
		md_block *b = &sc->out->block[list];
		b->ordered = m.kind == '.' || m.kind == ')';
		b->list_start = b->ordered ? m.start : 1;
	}
	uint32_t item = add_block(sc->out, list, MD_ITEM, sc->line, col);
	sc->open[k] = (open_item){list, item, indent + (int)m.width + (int)spaces, m.kind};
	sc->depth = k + 1;
	/* An item of a list in this item ("20. 7. text"), at its content. */
	marker inner = find_marker(rest, rest_len);
	if (inner.width)
		return start_item(sc, line, len, content, 0, inner, k + 1, 0);
	sc->leaf = add_block(sc->out, item, MD_PARAGRAPH, sc->line, (int)content + 1);
	sc->leaf_paragraph = 1;
	return 1;
}

/* Reads one non-blank line whose first non-blank byte is at first.
 * Returns 0 when the text is outside the subset. */
static int scan_line(scanner *sc, const char *s, size_t len, size_t first)
{
	/* The items whose content the line's indentation reaches. */
	int k = 0;
	size_t offset = 0;
	while (k < sc->depth && first - offset >= (size_t)sc->open[k].width)
		offset += (size_t)sc->open[k++].width;
	int all_matched = k == sc->depth;
	int in_paragraph = all_matched && sc->leaf_paragraph;
	int indent = (int)(first - offset);
	const char *at = s + first;
	size_t rest = len - first;
	if (indent >= 4) /* a paragraph's continuation, or code */
		return in_paragraph;
	if (other_block_start(at, rest))
		return 0;
	int level = atx_level(at, rest);
	if (level) {
		if (k > 0) /* a heading inside an item */
			return 0;
		close_down_to(sc, 0, 0);
		sc->leaf = add(sc, 0, MD_HEADING, sc->line, (int)first + 1);
		sc->out->block[sc->leaf].level = (unsigned char)level;
		sc->last_length = heading_line_length(s, len, first + (size_t)level);
		return 1;
	}
	marker m = find_marker(at, rest);
	/* Only a bullet or the number 1 interrupts a paragraph. */
	if (m.width && in_paragraph && m.kind != '-' && m.kind != '+' && m.kind != '*' &&
	    m.start != 1)
		m.width = 0;
	if (m.width)
		return start_item(sc, s, len, first, indent, m, k, !all_matched);
	if (in_paragraph)
		return 1;
	if (sc->leaf_paragraph || at[0] == '[') /* lazy continuation; a link definition */
		return 0;
	close_down_to(sc, k, 0);
	sc->leaf = add(sc, container_of(sc, k), MD_PARAGRAPH, sc->line, (int)first + 1);
	sc->leaf_paragraph = 1;
	return 1;
}

/* Reads every line; returns 0 when the text is outside the subset. */
static int scan_lines(scanner *sc, const md_lines *lines, int count)
{
	const char *text = lines->text;
	for (int number = 1; number <= count; number++) {
		size_t start = lines->starts[number - 1];
		size_t end = (size_t)number < lines->count ? lines->starts[number] - 1 : lines->len;
		while (end > start && (text[end - 1] == '\r' || text[end - 1] == '\n'))
			end--;
		const char *s = text + start;
		size_t len = end - start, first = 0;
		while (first < len && s[first] == ' ')
			first++;
		sc->line = number;
		if (first < len && s[first] == '\t') { /* blank, or a tab in the indentation */
			size_t i = first;
			while (i < len && is_blank_char(s[i]))
				i++;
			if (i < len)
				return 0;
			first = len;
		}
		if (first == len) { /* blank: items go on, a paragraph or heading ends */
			if (sc->leaf != MD_NO_BLOCK)
				close_block(sc, sc->leaf);
			sc->leaf = MD_NO_BLOCK;
			sc->leaf_paragraph = 0;
		} else if (!scan_line(sc, s, len, first)) {
			return 0;
		}
		if (sc->leaf == MD_NO_BLOCK || sc->out->block[sc->leaf].kind != MD_HEADING ||
		    sc->out->block[sc->leaf].start_line != number)
			sc->last_length = (int)len;
	}
	return 1;
}

int pl_md_scan(md_blocks *out, const md_lines *lines)
{
	return pl_md_scan_flushing(out, lines, NULL, NULL);
}

int pl_md_scan_flushing(md_blocks *out, const md_lines *lines, md_flush_fn flush, void *context)
{
	const unsigned char *u = (const unsigned char *)lines->text;
	/* cmark reads the lines up to the last line ending, and one more when
	 * text follows it; it skips a byte order mark. Its lines and columns
	 * are ints, and so are the scanner's. */
	size_t count = lines->count;
	if (count && lines->starts[count - 1] == lines->len)
		count--;
	if (lines->len >= (size_t)INT32_MAX ||
	    (lines->len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf))
		return 0;
	scanner sc = {.out = out, .flush = flush, .flush_context = context, .leaf = MD_NO_BLOCK};
	add_block(out, MD_NO_BLOCK, MD_DOCUMENT, 1, 1);
	if (!scan_lines(&sc, lines, (int)count)) {
		pl_md_blocks_free(out);
		return 0;
	}
	/* The end of the text ends every block on its last line. */
	sc.line = (int)count + 1;
	close_down_to(&sc, 0, 0);
	close_block(&sc, 0);
	return 1;
}

/* ---- cmark ---- */

static md_kind kind_of(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_DOCUMENT:
		return MD_DOCUMENT;
	case CMARK_NODE_PARAGRAPH:
		return MD_PARAGRAPH;
	case CMARK_NODE_HEADING:
		return MD_HEADING;
	case CMARK_NODE_LIST:
		return MD_LIST;
	case CMARK_NODE_ITEM:
		return MD_ITEM;
	case CMARK_NODE_THEMATIC_BREAK:
		return MD_THEMATIC_BREAK;
	default:
		return MD_OTHER;
	}
}

static uint32_t add_node(md_blocks *out, uint32_t parent, cmark_node *node)
{
	md_kind kind = kind_of(node);
	uint32_t at = add_block(out, parent, kind, cmark_node_get_start_line(node),
	                        cmark_node_get_start_column(node));
	md_block *b = &out->block[at];
	b->end_line = cmark_node_get_end_line(node);
	b->end_column = cmark_node_get_end_column(node);
	if (kind == MD_HEADING)
		b->level = (unsigned char)cmark_node_get_heading_level(node);
	if (kind == MD_LIST) {
		b->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
		b->list_start = cmark_node_get_list_start(node);
	}
	return at;
}

/* The document, its lists and items, and their children, walked without
 * recursion (lists nest as deep as the input says). */
static void convert_tree(md_blocks *out, cmark_node *root)
{
	uint32_t *parents = NULL;
	size_t capacity = 0, depth = 0;
	uint32_t parent = add_node(out, MD_NO_BLOCK, root);
	cmark_node *node = cmark_node_first_child(root);
	while (node) {
		uint32_t at = add_node(out, parent, node);
		md_kind kind = (md_kind)out->block[at].kind;
		cmark_node *child = cmark_node_first_child(node);
		if ((kind == MD_LIST || kind == MD_ITEM) && child) {
			parents = pl_grow(parents, &capacity, depth + 1, sizeof *parents);
			parents[depth++] = parent;
			parent = at;
			node = child;
			continue;
		}
		while (!cmark_node_next(node) && depth) {
			node = cmark_node_parent(node);
			parent = parents[--depth];
		}
		node = cmark_node_next(node);
	}
	free(parents);
}

void pl_md_cmark_blocks(md_blocks *out, const char *text, size_t len)
{
	/* The tree lives in a region that goes as a whole once it is read. */
	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, pl_md_arena_begin(len));
	cmark_parser_feed(parser, text, len);
	cmark_node *root = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	convert_tree(out, root);
	pl_md_arena_end();
}
