/* md_scan.h — the block structure of a plan, from cmark or from a fast
 * scanner of the plain CommonMark that plans are written in.
 *
 * Ownership: an md_blocks owns its array and an md_lines its line starts;
 * both borrow the text they describe. */
#ifndef PARLEY_MD_SCAN_H
#define PARLEY_MD_SCAN_H

#include "parley/doc.h"
#include "parley/error.h"

#include <stddef.h>
#include <stdint.h>

/* Where each line of a text starts. A line ends, as in CommonMark (and so
 * as cmark counts lines), at a line feed, a carriage return, or both in
 * that order. */
typedef struct md_lines {
	const char *text;
	size_t len;
	uint32_t *starts; /* starts[i] is the offset of line i+1 (a text is
	                     under 2 GiB: md_parse.c refuses a larger one) */
	size_t count;     /* entries of starts: one more than cmark's lines when
	                     the text ends with a line ending */
} md_lines;

void pl_md_lines_index(md_lines *lines, const char *text, size_t len);
void pl_md_lines_free(md_lines *lines);
/* The bytes of 1-based line number, without its line ending ("" and 0 for
 * a number out of range). */
const char *pl_md_line(const md_lines *lines, int number, size_t *len);

/* The kinds of block the plan reader tells apart; cmark's others (quotes,
 * code, HTML) are MD_OTHER. */
typedef enum md_kind {
	MD_DOCUMENT,
	MD_PARAGRAPH,
	MD_HEADING,
	MD_LIST,
	MD_ITEM,
	MD_THEMATIC_BREAK,
	MD_OTHER
} md_kind;

#define MD_NO_BLOCK UINT32_MAX

/* One block with cmark's source positions (lines 1-based, columns 1-based
 * bytes, the end column being the last byte's), its first child and next
 * sibling as indices into its md_blocks. Only the document, lists and
 * items have children here: what the plan reader looks into. */
typedef struct md_block {
	int start_line, start_column, end_line, end_column;
	uint32_t first_child, next;
	uint32_t last_child; /* while the blocks are built */
	int list_start;      /* list: the first item's number (1 for bullets) */
	unsigned char kind;  /* md_kind */
	unsigned char level; /* heading: 1-6 */
	unsigned char ordered;
} md_block;

/* The blocks of one text, in document order: block 0 is the document. */
typedef struct md_blocks {
	md_block *block;
	size_t count, capacity;
} md_blocks;

void pl_md_blocks_free(md_blocks *blocks);

/* The blocks of lines' text (checked by md_parse.c first: no NUL bytes)
 * as cmark finds them, when the text keeps to what the scanner knows for
 * sure: ATX headings, paragraphs, bullet and ordered lists (nested, also
 * several opened on one line) whose items start with text on the marker's
 * line, blank lines, indentation by spaces. Returns 1 and fills out (which
 * must be empty), or 0 and leaves out empty at the first line outside that
 * subset (code, quotes, HTML, setext headings, thematic breaks, link
 * reference definitions, tabs in indentation, lazy continuation lines,
 * empty items, headings in items, a byte order mark, ...): cmark must then
 * read the text. */
int pl_md_scan(md_blocks *out, const md_lines *lines);

/* pl_md_scan for a reader that takes the blocks as they are finished: from
 * time to time (a few thousand blocks), as a new child of the document
 * starts, flush(context, out) is given out with the document's children
 * so far, every one closed with all it holds; they are then let go (out
 * keeps the document, childless) and the scan goes on. What remains at
 * the end is in out as with pl_md_scan. When the scan returns 0, what was
 * flushed was read in vain: the text is cmark's to read, from the start. */
typedef void (*md_flush_fn)(void *context, const md_blocks *blocks);
int pl_md_scan_flushing(md_blocks *out, const md_lines *lines, md_flush_fn flush, void *context);

/* The blocks of text as cmark parses them. */
void pl_md_cmark_blocks(md_blocks *out, const char *text, size_t len);

/* Which block reader pl_md_parse_with uses. */
typedef enum md_path {
	MD_PATH_AUTO,  /* the scanner, or cmark when the scanner declines */
	MD_PATH_CMARK, /* cmark always */
	MD_PATH_SCAN   /* the scanner only: PL_ENOTFOUND when it declines */
} md_path;

/* pl_markdown_parse with the block reader chosen: for the tests that
 * compare the two. *used (may be NULL) tells which one read the blocks. */
int pl_md_parse_with(pl_doc **out, const char *text, size_t len, const char *source_name,
                     md_path path, md_path *used, pl_error *err);

#endif
