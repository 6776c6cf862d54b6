/* Tests of the block scanner (md_scan.c): wherever it reads a text, its
 * blocks must be cmark's, position for position, and the plan read from
 * them must be the one read from cmark's, errors included; where a text
 * holds anything it does not know, it must leave the text to cmark.
 *
 * Inputs: every Markdown file of the repository, bench/gen_plan's and
 * bench/gen_points.sh's plans, hand-written inputs for each construct and
 * each reason to decline, and many small random documents built from the
 * kinds of line plans are made of. Files given as arguments are checked
 * too (test_md_scan FILE...). */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/markdown.h"
#include "md_scan.h"

#define REPO_DIR PARLEY_EXAMPLES_DIR "/.."

static void print_blocks(const char *what, const md_blocks *blocks)
{
	fprintf(stderr, "%s:\n", what);
	for (size_t i = 0; i < blocks->count; i++) {
		const md_block *b = &blocks->block[i];
		fprintf(
		    stderr,
		    "  %zu: kind %d %d:%d-%d:%d child %d next %d level %d ordered %d start %d\n", i,
		    b->kind, b->start_line, b->start_column, b->end_line, b->end_column,
		    (int)b->first_child, (int)b->next, b->level, b->ordered, b->list_start);
	}
}

static int blocks_equal(const md_blocks *a, const md_blocks *b)
{
	if (a->count != b->count)
		return 0;
	for (size_t i = 0; i < a->count; i++) {
		const md_block *x = &a->block[i], *y = &b->block[i];
		if (x->kind != y->kind || x->start_line != y->start_line ||
		    x->start_column != y->start_column || x->end_line != y->end_line ||
		    x->end_column != y->end_column || x->first_child != y->first_child ||
		    x->next != y->next || x->level != y->level || x->ordered != y->ordered ||
		    (x->kind == MD_LIST && x->ordered && x->list_start != y->list_start))
			return 0;
	}
	return 1;
}

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* pl_doc_equal, and what it leaves out: lines, parts, item labels. */
static int docs_same(const pl_doc *a, const pl_doc *b)
{
	if (!pl_doc_equal(a, b, 1) || a->point_count != b->point_count)
		return 0;
	for (size_t i = 0; i < a->point_count; i++) {
		const pl_point *x = &a->points[i], *y = &b->points[i];
		if (x->line != y->line || x->part != y->part || x->item_count != y->item_count ||
		    !same_string(x->label, y->label) || !same_string(x->text, y->text))
			return 0;
		for (size_t j = 0; j < x->item_count; j++)
			if (!same_string(x->items[j].label, y->items[j].label) ||
			    !same_string(x->items[j].text, y->items[j].text))
				return 0;
	}
	return 1;
}

/* Checks one text both ways; returns 1 when the scanner read it. */
static int check_text(const char *name, const char *text, size_t len)
{
	md_lines lines;
	pl_md_lines_index(&lines, text, len);
	md_blocks fast = {NULL, 0, 0}, slow = {NULL, 0, 0};
	int scanned = pl_md_scan(&fast, &lines);
	if (scanned) {
		pl_md_cmark_blocks(&slow, text, len);
		if (!blocks_equal(&fast, &slow)) {
			fprintf(stderr, "--- %s:\n%.*s\n---\n", name,
			        (int)(len < 4000 ? len : 4000), text);
			print_blocks("scanner", &fast);
			print_blocks("cmark", &slow);
			fail_msg("%s: the scanner's blocks are not cmark's", name);
		}
	} else {
		assert_int_equal(fast.count, 0);
	}
	pl_md_blocks_free(&fast);
	pl_md_blocks_free(&slow);
	pl_md_lines_free(&lines);

	pl_doc *a = NULL, *b = NULL;
	pl_error ea, eb;
	md_path used = MD_PATH_AUTO;
	int ra = pl_md_parse_with(&a, text, len, name, MD_PATH_AUTO, &used, &ea);
	int rb = pl_md_parse_with(&b, text, len, name, MD_PATH_CMARK, NULL, &eb);
	if (ra != rb)
		fail_msg("%s: %d (%s) against cmark's %d (%s)", name, ra, ra ? ea.message : "", rb,
		         rb ? eb.message : "");
	if (ra) {
		if (strcmp(ea.message, eb.message) != 0)
			fail_msg("%s: '%s' against cmark's '%s'", name, ea.message, eb.message);
	} else if (!docs_same(a, b)) {
		fail_msg("%s: the plans differ", name);
	}
	/* A text the byte checks refuse reaches no block reader. */
	if (ra != PL_EINVALID || strstr(ea.message, "line") != NULL)
		assert_int_equal(used, scanned ? MD_PATH_SCAN : MD_PATH_CMARK);
	pl_doc_free(a);
	pl_doc_free(b);
	return scanned;
}

static int check_string(const char *text)
{
	return check_text("t.md", text, strlen(text));
}

static int check_file(const char *path)
{
	size_t len;
	char *text = tu_read_file(path, &len);
	int scanned = check_text(path, text, len);
	free(text);
	return scanned;
}

/* The text with every line feed made a carriage return and line feed
 * (crlf 1) or a carriage return alone (crlf 2). */
static char *with_line_ends(const char *text, int crlf)
{
	pl_buf out = PL_BUF_INIT;
	for (const char *s = text; *s; s++) {
		if (*s != '\n')
			pl_buf_putc(&out, *s);
		else
			pl_buf_puts(&out, crlf == 1 ? "\r\n" : "\r");
	}
	return pl_buf_detach(&out);
}

/* Texts the scanner must read (each also with CRLF and CR line ends, and
 * without its last line end). */
static const char *const scanned_texts[] = {
    "# Title\n\nA preamble.\n\n## Part 1\n\n1. One.\n\n2. Two.\n",
    "1. a\n2. b\n3. c\n",
    "1) a\n2) b\n",
    "1. a\n2) b\n3. c\n",
    "- a\n+ b\n* c\n- d\n",
    "1. a\n   - (a) x\n   - (b) y\n2. b\n",
    "1. a\n   - (a) x\n     - deeper\n       - deepest\n   - (b) y\n",
    "1. a\n\n   1. x\n   2. y\n\n   3) z\n2. b\n",
    "1. a\n   more\n   more still\n\n2. b\n",
    "1. a\n         deep continuation\n",
    "1. a\n\n   second paragraph\n\n   third\n2. b\n",
    "1. a\n\n\n\n2. b after blank lines\n",
    "Intro:\n1. a\n2. b\n",
    "Intro\n2. not a list\n",
    "Intro\n01. one interrupts\n",
    "Intro\n- a bullet\n",
    "1. a\n   2. b is text\n",
    "1. a\n   - b\n   3. text\n",
    "# Title #\n\n## Part ##   \n\n### x ###b\n\n#\n\n# #\n\n####### seven\n\n#hashtag\n\n1. a\n",
    " ## indented heading\n\n   ### three spaces\n\n1. a\n",
    "#   \n\n # \n\n## \t \n\n###\t#\n\n# # #  \n\n#\t#\t\n\n  #\n\n#\n\n1. a\n",
    "# Title\n\npara\n## Heading after a paragraph\n1. a\n## after an item\n",
    "#\tTab after hashes\n\n1. a\n",
    "1. a  \n   b  \n\n2. c   \n",
    "(a) foo (b) bar\n\n3 bis. text\n\n12a. text\n\n1. x\n",
    "7b2. not a label\n",
    "1. a\n\n7b2. bad\n",
    "10. ten\n    continued\n\n11. eleven\n",
    "100. hundred\n     more\n101. next\n",
    "1. a\n\n2023. a year after a blank line\n",
    "1. a\n\n- bullet after points\n- another\n",
    "- bullet before points\n\n1. a\n",
    "1234567890. ten digits is text\n\n1. a\n",
    "- top\n  - nested bullet\n\n1. a\n   - b\n  - c at two\n",
    "1. a\n  - b at two spaces\n",
    "1. a\n\t\n  \t \n2. b\n",
    "1. a\tb\n2. c\n",
    "1. a\n2. b",
    "# T\n\n1. a\n   \n   ",
    "1.  two spaces\n    continued\n\n2.    four spaces\n      continued\n",
    "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n",
    "1. a\n\n   - x\n\n   - y\n\n2. b\n",
    "Para one\nline two\n\nPara two [link](x) *em*\n\n1. a [b]\n   [c] continues\n",
    "1. Point\n\n   Further paragraph\n   - (a) item\n",
    "1. Point\n    - four-space bullet\n",
    "1. a\n   - b\n\n     continued in b\n   - c\n",
    "- a\n\n  para in a\n- b\n",
    "#5 hash then digit\n\n1. a\n",
    "1. a\n   #not a heading\n",
    "* star\n* star two\n\n1. a\n",
    "+ plus\n\n1. a\n",
    "1. x\n  \n3. after a line of spaces\n",
    "-not a marker\n\n1.not a marker\n\n1. a\n",
    "1. a\n\n  indented two, a paragraph after the list\n",
    "1. a\n\n    2. four spaces: a list in the item\n",
    "# T\n\n## P\n\n1. a\n\n1. twice in one part\n",
    "Only a paragraph, no point.\n",
    "1. caf\xc3\xa9\n   - (a) \xe2\x82\xac x\n",
    "- - nested on one line\n\n1. a\n",
    "1. 2. nested on one line\n",
    "20058. 7758. text: (a) x; (b) y\n\n20059. next\n",
    "1. - a\n   - b\n     - c\n2. d\n",
    "- 1) a\n  2) b\n- 3. c\n",
    "1.  2)    3. - deep on one line\n               continued\n"
    "                    continued deeper\n          4. in the third list\n",
};

/* Texts the scanner must leave to cmark. */
static const char *const declined_texts[] = {
    "```\ncode\n```\n\n1. a\n",
    "~~~\ncode\n~~~\n\n1. a\n",
    "    code\n\n1. a\n",
    "# T\n\n    code after a heading\n\n1. a\n",
    "> quote\n\n1. a\n",
    "1. a\n> quote interrupts\n",
    "<div>\nhtml\n</div>\n\n1. a\n",
    "1. a\n<!-- comment -->\n",
    "Title\n=====\n\n1. a\n",
    "Title\n---\n\n1. a\n",
    "1. a\n\n***\n\n2. b\n",
    "1. a\n\n- - -\n\n2. b\n",
    "1. a\n\n___\n",
    "[ref]: /url\n\n1. a\n",
    "1. [ref]: /url\n",
    "1. a\nlazy continuation\n",
    "1. a\n   - b\n  lazy in b\n",
    "\tindented by a tab\n\n1. a\n",
    "1. a\n\tcontinued after a tab\n",
    "1.\tx\n",
    "1.\n",
    "1. a\n-\n",
    "- \n\n1. a\n",
    "1.      five spaces\n",
    "1. 2.\n",
    "- * * *\n",
    "1. - # heading\n",
    "- # heading in an item\n\n1. a\n",
    "1. a\n\n   # heading in an item\n",
    "1. a\n   # heading in an item\n",
    "1. a\n\n   ## h2 text  \n",
    "1. a\n\n        code in an item\n",
    "1. a\n\n- b\n\n      code\n",
    "\xef\xbb\xbf# BOM\n\n1. a\n",
    "1. a\n   ```\n   code\n   ```\n",
    "1. a\n   > quote in an item\n",
    "100. x\n    101. four spaces in an open list\n",
};

static void check_both_ways(const char *text, int expect_scanned)
{
	size_t len = strlen(text);
	if (check_text("t.md", text, len) != expect_scanned)
		fail_msg("the scanner %s '%s'", expect_scanned ? "declined" : "read", text);
	for (int crlf = 1; crlf <= 2; crlf++) {
		char *other = with_line_ends(text, crlf);
		if (check_string(other) != expect_scanned)
			fail_msg("the scanner %s '%s' with %s",
			         expect_scanned ? "declined" : "read", text,
			         crlf == 1 ? "CRLF" : "CR");
		free(other);
	}
	if (len && text[len - 1] == '\n')
		check_text("t.md", text, len - 1);
}

static void test_hand_written(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof scanned_texts / sizeof *scanned_texts; i++)
		check_both_ways(scanned_texts[i], 1);
	for (size_t i = 0; i < sizeof declined_texts / sizeof *declined_texts; i++)
		check_both_ways(declined_texts[i], 0);
}

/* Each path forced: the scanner alone refuses what it does not know;
 * cmark reads everything. */
static void test_forced_paths(void **state)
{
	(void)state;
	static const char plan[] = "# T\n\n1. a\n", quote[] = "> q\n\n1. a\n";
	pl_doc *doc = NULL;
	pl_error err;
	md_path used = MD_PATH_AUTO;
	assert_int_equal(
	    pl_md_parse_with(&doc, plan, sizeof plan - 1, "t.md", MD_PATH_SCAN, &used, &err), 0);
	assert_int_equal(used, MD_PATH_SCAN);
	pl_doc_free(doc);
	assert_int_equal(
	    pl_md_parse_with(&doc, plan, sizeof plan - 1, "t.md", MD_PATH_CMARK, &used, &err), 0);
	assert_int_equal(used, MD_PATH_CMARK);
	pl_doc_free(doc);
	assert_int_equal(
	    pl_md_parse_with(&doc, quote, sizeof quote - 1, "t.md", MD_PATH_SCAN, &used, &err),
	    PL_ENOTFOUND);
	assert_null(doc);
	assert_string_equal(err.message, "t.md: outside the block scanner's subset");
	assert_int_equal(
	    pl_md_parse_with(&doc, quote, sizeof quote - 1, "t.md", MD_PATH_AUTO, &used, &err), 0);
	assert_int_equal(used, MD_PATH_CMARK);
	assert_string_equal(doc->preamble, "> q");
	pl_doc_free(doc);
}

/* Nesting deeper than the scanner keeps: cmark's. */
static void test_deep_nesting(void **state)
{
	(void)state;
	pl_buf text = PL_BUF_INIT;
	pl_buf_puts(&text, "1. a\n");
	for (int depth = 1; depth <= 40; depth++) {
		for (int i = 0; i < 2 * depth + 1; i++)
			pl_buf_putc(&text, ' ');
		pl_buf_puts(&text, "- x\n");
	}
	assert_int_equal(check_text("deep.md", text.ptr, text.len), 0);
	pl_buf_free(&text);
}

static int is_markdown(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Every Markdown file of dir; returns how many the scanner read. */
static int check_dir(const char *dir, int *files)
{
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	int scanned = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!is_markdown(e->d_name))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		scanned += check_file(path);
		(*files)++;
	}
	closedir(d);
	return scanned;
}

static void test_repository_files(void **state)
{
	(void)state;
	int files = 0;
	/* The sample plans are in the subset; the documentation is not (code
	 * fences, tables), and shows the fallback on real text. */
	int plans =
	    check_dir(REPO_DIR "/examples", &files) + check_dir(REPO_DIR "/tests/data", &files);
	assert_int_equal(plans, files);
	check_file(REPO_DIR "/tests/gold/plan-21.md");
	check_file(REPO_DIR "/tests/gold/README.md");
	check_dir(REPO_DIR "/docs", &files);
	assert_int_equal(check_file(REPO_DIR "/README.md"), 0);
	check_file(REPO_DIR "/BENCHMARKS.md");
}

/* The output of command, whole. */
static char *run(const char *command, size_t *len)
{
	FILE *f = popen(command, "r");
	if (!f)
		fail_msg("cannot run %s", command);
	pl_buf out = PL_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pl_buf_put(&out, chunk, n);
	if (pclose(f) != 0)
		fail_msg("%s failed", command);
	*len = out.len;
	return pl_buf_detach(&out);
}

static void test_generated_plans(void **state)
{
	(void)state;
	static const struct {
		int seed;
		const char *bytes;
	} plans[] = {{1, "20K"}, {2, "50K"}, {3, "100K"}, {42, "300K"}, {7, "8K"}};
	for (size_t i = 0; i < sizeof plans / sizeof *plans; i++) {
		char command[1024];
		snprintf(command, sizeof command, "'%s' --seed %d --bytes %s", PARLEY_GEN_PLAN,
		         plans[i].seed, plans[i].bytes);
		for (int edited = 0; edited <= 1; edited++) {
			if (edited) {
				size_t at = strlen(command);
				snprintf(command + at, sizeof command - at, " | '%s' --seed %d",
				         PARLEY_GEN_EDIT, plans[i].seed);
			}
			size_t len;
			char *text = run(command, &len);
			assert_true(len > 1000);
			if (!check_text(command, text, len))
				fail_msg("the scanner declined %s", command);
			free(text);
		}
	}
	size_t len;
	char *text = run("bash '" REPO_DIR "/bench/gen_points.sh' 3000", &len);
	assert_int_equal(check_text("gen_points.sh 3000", text, len), 1);
	free(text);
}

/* splitmix64 (Steele, Lea, Flood 2014): a seeded, repeatable sequence. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int pick(uint64_t *state, int n)
{
	return (int)(next_random(state) % (uint64_t)n);
}

/* The rest of a line after its indentation: the kinds plans use most,
 * and now and then one the scanner must decline. */
static void random_line_body(pl_buf *out, uint64_t *state)
{
	static const char *const texts[] = {"Some words of text.",
	                                    "(a) first; (b) second",
	                                    "3 bis. A point.",
	                                    "7b2. bad label",
	                                    "12a. text",
	                                    "[link](x) text",
	                                    "#tag",
	                                    "word  ",
	                                    "a\tb",
	                                    "2023 was a year",
	                                    "*em* text",
	                                    "1.5 text"};
	static const char *const numbers[] = {"1", "2", "3", "10", "19", "100", "01", "2023"};
	static const char *const odd[] = {"---",   "***", "===", "> q",     "```", "<b>",
	                                  "- - -", "-",   "1.",  "[r]: /u", "~~~", "_ _ _"};
	int kind = pick(state, 100);
	if (kind < 12) { /* a heading, with or without closing #s */
		int level = 1 + pick(state, 7);
		for (int i = 0; i < level; i++)
			pl_buf_putc(out, '#');
		pl_buf_puts(out, pick(state, 8) ? " Heading" : "");
		if (pick(state, 4) == 0)
			pl_buf_puts(out, pick(state, 2) ? " ##" : " #  ");
	} else if (kind < 40) {
		pl_buf_puts(out, texts[pick(state, (int)(sizeof texts / sizeof *texts))]);
	} else if (kind < 65) { /* an ordered item, now and then in a bullet or another one */
		if (pick(state, 8) == 0)
			pl_buf_puts(out, pick(state, 2) ? "- " : "20. ");
		pl_buf_puts(out, numbers[pick(state, (int)(sizeof numbers / sizeof *numbers))]);
		pl_buf_putc(out, pick(state, 4) ? '.' : ')');
		for (int i = 1 + (pick(state, 6) == 0 ? pick(state, 5) : 0); i > 0; i--)
			pl_buf_putc(out, ' ');
		pl_buf_puts(out, texts[pick(state, (int)(sizeof texts / sizeof *texts))]);
	} else if (kind < 95) { /* a bullet */
		pl_buf_putc(out, "-+*"[pick(state, 6) == 0 ? pick(state, 3) : 0]);
		for (int i = 1 + (pick(state, 6) == 0 ? pick(state, 5) : 0); i > 0; i--)
			pl_buf_putc(out, ' ');
		pl_buf_puts(out, texts[pick(state, (int)(sizeof texts / sizeof *texts))]);
	} else {
		pl_buf_puts(out, odd[pick(state, (int)(sizeof odd / sizeof *odd))]);
	}
}

/* A small random document of the lines plans are made of. */
static void random_document(pl_buf *out, uint64_t *state)
{
	static const int indents[] = {0, 0, 0, 0, 0, 2, 2, 3, 3, 3, 4, 5, 6, 7, 9};
	pl_buf_clear(out);
	int lines = 1 + pick(state, 12);
	const char *end = pick(state, 10) == 0 ? "\r\n" : "\n";
	for (int i = 0; i < lines; i++) {
		int kind = pick(state, 10);
		if (kind < 4) { /* blank */
			pl_buf_puts(out, pick(state, 8) ? "" : (pick(state, 2) ? "   " : " \t"));
		} else {
			int indent = indents[pick(state, (int)(sizeof indents / sizeof *indents))];
			for (int j = 0; j < indent; j++)
				pl_buf_putc(out, ' ');
			random_line_body(out, state);
		}
		if (i + 1 < lines || pick(state, 4))
			pl_buf_puts(out, end);
	}
}

static void test_random_documents(void **state)
{
	(void)state;
	uint64_t seed = 12;
	pl_buf text = PL_BUF_INIT;
	int scanned = 0, total = 40000;
	for (int i = 0; i < total; i++) {
		random_document(&text, &seed);
		char name[32];
		snprintf(name, sizeof name, "random-%d.md", i);
		scanned += check_text(name, text.ptr, text.len);
	}
	pl_buf_free(&text);
	/* Enough of them in the subset for the comparison to mean something. */
	if (scanned < total / 5)
		fail_msg("the scanner read only %d of %d random documents", scanned, total);
	fprintf(stderr, "random documents: %d of %d read by the scanner\n", scanned, total);
}

/* Short lines of the bytes block structure turns on, at random: what the
 * line kinds above miss. */
static void test_random_bytes(void **state)
{
	(void)state;
	static const char alphabet[] = "    --**+##1122..))(a[><`=_~\t";
	uint64_t seed = 99;
	pl_buf text = PL_BUF_INIT;
	int scanned = 0, total = 30000;
	for (int i = 0; i < total; i++) {
		pl_buf_clear(&text);
		for (int lines = 1 + pick(&seed, 8); lines > 0; lines--) {
			for (int n = pick(&seed, 11); n > 0; n--)
				pl_buf_putc(&text, alphabet[pick(&seed, (int)sizeof alphabet - 1)]);
			pl_buf_puts(&text, pick(&seed, 3) ? " x\n" : "\n");
		}
		char name[32];
		snprintf(name, sizeof name, "bytes-%d.md", i);
		scanned += check_text(name, text.ptr, text.len);
	}
	pl_buf_free(&text);
	fprintf(stderr, "random bytes: %d of %d read by the scanner\n", scanned, total);
}

static char **extra_files;
static int extra_count;

static void test_files_given(void **state)
{
	(void)state;
	for (int i = 0; i < extra_count; i++)
		fprintf(stderr, "%s: %s\n", extra_files[i],
		        check_file(extra_files[i]) ? "scanner" : "cmark");
}

int main(int argc, char **argv)
{
	extra_files = argv + 1;
	extra_count = argc - 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hand_written),    cmocka_unit_test(test_forced_paths),
	    cmocka_unit_test(test_deep_nesting),    cmocka_unit_test(test_repository_files),
	    cmocka_unit_test(test_generated_plans), cmocka_unit_test(test_random_documents),
	    cmocka_unit_test(test_random_bytes),    cmocka_unit_test(test_files_given),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
