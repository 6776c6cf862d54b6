/* docx_fixture.c — writes the Word documents the docx tests read: plans
 * with Word numbering, tracked changes by several authors, comments and
 * broken parts, from a small line-based description, and zip bombs. The
 * XML is written as text on purpose (not with libxml2, as parley writes
 * it): the fixtures must be able to hold what a writer never would, such
 * as a DOCTYPE or invalid UTF-8.
 *
 *   docx_fixture build OUT.docx SPEC    a document from SPEC (below)
 *   docx_fixture bomb OUT.docx MB [lie] word/document.xml inflating to MB
 *                                       MiB (lie: its headers claim 100
 *                                       bytes)
 *   docx_fixture zip OUT NAME=FILE ...  a zip of those files
 *   docx_fixture cat FILE.docx PART     prints a part of a package
 *
 * SPEC, one paragraph or setting a line:
 *   title TEXT | h1 TEXT | p TEXT | n LEVEL TEXT  (numbered, current list)
 *   list START          a new list (numId) whose level 0 starts at START
 *   num NUMID LEVEL TEXT  numbered with any numId and level, even broken
 *   fmt LEVEL FORMAT LVLTEXT   the abstract numbering's level (before use)
 *   mark +|-|<|> AUTHOR  the next paragraph's mark inserted, deleted,
 *                        moved from, moved to by AUTHOR
 *   doctype TEXT        a DOCTYPE before document.xml's root element
 * In TEXT: {+AUTHOR|text+} inserted, {-AUTHOR|text-} deleted,
 * {>AUTHOR|text>} moved to, {<AUTHOR|text<} moved from, {#AUTHOR|text#} a
 * comment anchored here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

typedef struct text {
	char *ptr;
	size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->ptr = realloc(t->ptr, t->cap);
		if (!t->ptr)
			abort();
	}
	memcpy(t->ptr + t->len, s, n);
	t->len += n;
	t->ptr[t->len] = '\0';
}

static void puts_(text *t, const char *s)
{
	put(t, s, strlen(s));
}

static void escaped(text *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '&')
			puts_(t, "&amp;");
		else if (s[i] == '<')
			puts_(t, "&lt;");
		else if (s[i] == '>')
			puts_(t, "&gt;");
		else if (s[i] == '"')
			puts_(t, "&quot;");
		else
			put(t, s + i, 1);
	}
}

static int change_id = 100;

static void run(text *t, const char *s, size_t n, int deleted)
{
	puts_(t, deleted ? "<w:r><w:delText xml:space=\"preserve\">"
	                 : "<w:r><w:t xml:space=\"preserve\">");
	escaped(t, s, n);
	puts_(t, deleted ? "</w:delText></w:r>" : "</w:t></w:r>");
}

static void change_open(text *t, const char *element, const char *author, size_t n)
{
	char head[128];
	snprintf(head, sizeof head, "<w:%s w:id=\"%d\" w:author=\"", element, change_id++);
	puts_(t, head);
	escaped(t, author, n);
	puts_(t, "\" w:date=\"2025-11-25T10:00:00Z\">");
}

/* The runs of TEXT with its inline marks. */
static void inline_text(text *t, text *comments, int *comment_count, const char *s)
{
	while (*s) {
		const char *open = strchr(s, '{');
		if (!open || !strchr("+-<>#", open[1])) {
			size_t n = open ? (size_t)(open - s) + 1 : strlen(s);
			run(t, s, n, 0);
			s += n;
			continue;
		}
		if (open > s)
			run(t, s, (size_t)(open - s), 0);
		char kind = open[1];
		const char *bar = strchr(open, '|');
		char close[3] = {kind, '}', 0};
		const char *end = bar ? strstr(bar, close) : NULL;
		if (!bar || !end) {
			fprintf(stderr, "docx_fixture: unclosed {%c in '%s'\n", kind, open);
			exit(2);
		}
		const char *author = open + 2, *body = bar + 1;
		size_t an = (size_t)(bar - author), bn = (size_t)(end - body);
		if (kind == '#') {
			char tag[96];
			snprintf(tag, sizeof tag, "<w:commentRangeStart w:id=\"%d\"/>", *comment_count);
			puts_(t, tag);
			snprintf(tag, sizeof tag,
			         "<w:commentRangeEnd w:id=\"%d\"/><w:r><w:commentReference "
			         "w:id=\"%d\"/></w:r>",
			         *comment_count, *comment_count);
			puts_(t, tag);
			snprintf(tag, sizeof tag, "<w:comment w:id=\"%d\" w:author=\"", *comment_count);
			puts_(comments, tag);
			escaped(comments, author, an);
			puts_(comments, "\" w:date=\"2025-11-26T09:00:00Z\"><w:p>");
			run(comments, body, bn, 0);
			puts_(comments, "</w:p></w:comment>");
			(*comment_count)++;
		} else {
			const char *element = kind == '+'   ? "ins"
			                      : kind == '-' ? "del"
			                      : kind == '>' ? "moveTo"
			                                    : "moveFrom";
			change_open(t, element, author, an);
			run(t, body, bn, kind == '-' || kind == '<');
			puts_(t, "</w:");
			puts_(t, element);
			puts_(t, ">");
		}
		s = end + 2;
	}
}

static void add(zip_t *z, const char *name, text *t)
{
	zip_source_t *s = zip_source_buffer(z, t->ptr, t->len, 0);
	if (!s || zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0) {
		fprintf(stderr, "docx_fixture: %s\n", zip_strerror(z));
		exit(2);
	}
}

static void literal(text *t, const char *s)
{
	t->len = 0;
	puts_(t, s);
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
    "Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "
    "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" "
    "Target=\"numbering.xml\"/><Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" "
    "Target=\"comments.xml\"/></Relationships>";
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"" W "\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style></w:styles>";

typedef struct level_spec {
	char format[32], text[32];
} level_spec;

static void numbering(text *t, const level_spec *levels, const int *starts, int lists)
{
	puts_(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering xmlns:w=\"" W "\">"
	         "<w:abstractNum w:abstractNumId=\"7\">");
	for (int l = 0; l < 3; l++) {
		char lvl[256];
		snprintf(lvl, sizeof lvl,
		         "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"%s\"/>"
		         "<w:lvlText w:val=\"%s\"/></w:lvl>",
		         l, levels[l].format, levels[l].text);
		puts_(t, lvl);
	}
	puts_(t, "</w:abstractNum>");
	for (int i = 0; i < lists; i++) {
		char num[256];
		snprintf(num, sizeof num,
		         "<w:num w:numId=\"%d\"><w:abstractNumId w:val=\"7\"/><w:lvlOverride "
		         "w:ilvl=\"0\"><w:startOverride w:val=\"%d\"/></w:lvlOverride></w:num>",
		         i + 1, starts[i]);
		puts_(t, num);
	}
	puts_(t, "</w:numbering>");
}

static void paragraph(text *doc, text *comments, int *comment_count, const char *style,
                      const char *num_id, const char *level, const char *mark, const char *body)
{
	puts_(doc, "<w:p><w:pPr>");
	if (style) {
		puts_(doc, "<w:pStyle w:val=\"");
		puts_(doc, style);
		puts_(doc, "\"/>");
	}
	if (num_id) {
		char numpr[128];
		snprintf(numpr, sizeof numpr,
		         "<w:numPr><w:ilvl w:val=\"%s\"/><w:numId w:val=\"%s\"/></w:numPr>", level,
		         num_id);
		puts_(doc, numpr);
	}
	if (mark[0]) {
		const char *element = mark[0] == '+'   ? "ins"
		                      : mark[0] == '-' ? "del"
		                      : mark[0] == '>' ? "moveTo"
		                                       : "moveFrom";
		puts_(doc, "<w:rPr>");
		change_open(doc, element, mark + 2, strlen(mark + 2));
		doc->len -= 1; /* self-closing */
		puts_(doc, "/></w:rPr>");
	}
	puts_(doc, "</w:pPr>");
	inline_text(doc, comments, comment_count, body);
	puts_(doc, "</w:p>");
}

static int build(const char *out, const char *spec_path)
{
	FILE *spec = fopen(spec_path, "r");
	if (!spec) {
		perror(spec_path);
		return 2;
	}
	text doc = {0}, comments = {0}, doctype = {0};
	puts_(&comments, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:comments xmlns:w=\"" W "\">");
	level_spec levels[3] = {{"decimal", "%1."}, {"lowerLetter", "(%2)"}, {"lowerRoman", "%3."}};
	int starts[64] = {1}, lists = 1, comment_count = 0;
	char line[8192], mark[256] = "", current[16] = "1";
	while (fgets(line, sizeof line, spec)) {
		line[strcspn(line, "\n")] = '\0';
		char *rest = strchr(line, ' ');
		rest = rest ? rest + 1 : line + strlen(line);
		int level = 0;
		char num_id[32], level_text[32];
		if (strncmp(line, "title ", 6) == 0)
			paragraph(&doc, &comments, &comment_count, "Title", NULL, "0", mark, rest);
		else if (strncmp(line, "h1 ", 3) == 0)
			paragraph(&doc, &comments, &comment_count, "Heading1", NULL, "0", mark, rest);
		else if (strncmp(line, "p ", 2) == 0)
			paragraph(&doc, &comments, &comment_count, NULL, NULL, "0", mark, rest);
		else if (strncmp(line, "n ", 2) == 0 && sscanf(line, "n %31s", level_text) == 1)
			paragraph(&doc, &comments, &comment_count, NULL, current, level_text, mark,
			          strchr(rest, ' ') ? strchr(rest, ' ') + 1 : "");
		else if (sscanf(line, "num %31s %31s", num_id, level_text) == 2) {
			const char *body = strchr(rest, ' ');
			body = body ? strchr(body + 1, ' ') : NULL;
			paragraph(&doc, &comments, &comment_count, NULL, num_id, level_text, mark,
			          body ? body + 1 : "");
		} else if (strncmp(line, "list ", 5) == 0 && lists < 64) {
			starts[lists++] = atoi(rest);
			snprintf(current, sizeof current, "%d", lists);
			continue;
		} else if (sscanf(line, "fmt %d", &level) == 1 && level >= 0 && level < 3) {
			sscanf(rest, "%*d %31s %31s", levels[level].format, levels[level].text);
			continue;
		} else if (strncmp(line, "mark ", 5) == 0) {
			snprintf(mark, sizeof mark, "%s", rest);
			continue;
		} else if (strncmp(line, "doctype ", 8) == 0) {
			puts_(&doctype, rest);
			continue;
		} else if (line[0]) {
			fprintf(stderr, "docx_fixture: cannot read '%s'\n", line);
			exit(2);
		}
		mark[0] = '\0';
	}
	fclose(spec);
	puts_(&comments, "</w:comments>");
	text whole = {0}, num = {0}, fixed[4] = {{0}};
	puts_(&whole, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	if (doctype.len)
		put(&whole, doctype.ptr, doctype.len);
	puts_(&whole, "<w:document xmlns:w=\"" W "\"><w:body>");
	if (doc.len)
		put(&whole, doc.ptr, doc.len);
	puts_(&whole, "</w:body></w:document>");
	numbering(&num, levels, starts, lists);
	int error;
	zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &error);
	if (!z)
		return 2;
	literal(&fixed[0], content_types);
	literal(&fixed[1], package_rels);
	literal(&fixed[2], document_rels);
	literal(&fixed[3], styles);
	add(z, "[Content_Types].xml", &fixed[0]);
	add(z, "_rels/.rels", &fixed[1]);
	add(z, "word/_rels/document.xml.rels", &fixed[2]);
	add(z, "word/styles.xml", &fixed[3]);
	add(z, "word/numbering.xml", &num);
	add(z, "word/document.xml", &whole);
	if (comment_count)
		add(z, "word/comments.xml", &comments);
	int rc = zip_close(z) == 0 ? 0 : 2;
	text *all[] = {&doc, &comments, &doctype, &whole, &num, &fixed[0], &fixed[1], &fixed[2],
	               &fixed[3]};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		free(all[i]->ptr);
	return rc;
}

/* word/document.xml of mb MiB, made as libzip reads it. */
typedef struct bomb_state {
	zip_uint64_t size, done;
	zip_error_t error;
} bomb_state;

static const char bomb_head[] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W "\"><w:body>";

static zip_int64_t bomb_source(void *state, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	bomb_state *b = state;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		b->done = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = b->size - b->done < len ? b->size - b->done : len;
		char *out = data;
		for (zip_uint64_t i = 0; i < n; i++) {
			zip_uint64_t at = b->done + i;
			out[i] = at < sizeof bomb_head - 1 ? bomb_head[at] : ' ';
		}
		b->done += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = b->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&b->error, data, len);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* Rewrites the uncompressed size of every header (local and central) of
 * name to claim, as a bomb's maker would. */
static int lie(const char *path, const char *name, unsigned claim)
{
	FILE *f = fopen(path, "r+b");
	if (!f)
		return 2;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	unsigned char *all = malloc((size_t)size);
	fseek(f, 0, SEEK_SET);
	if (!all || fread(all, 1, (size_t)size, f) != (size_t)size)
		return 2;
	size_t name_len = strlen(name);
	for (long i = 0; i + 46 + (long)name_len <= size; i++) {
		int local = memcmp(all + i, "PK\x03\x04", 4) == 0 &&
		            memcmp(all + i + 30, name, name_len) == 0;
		int central = memcmp(all + i, "PK\x01\x02", 4) == 0 &&
		              memcmp(all + i + 46, name, name_len) == 0;
		if (!local && !central)
			continue;
		unsigned char *field = all + i + (local ? 22 : 24);
		for (int k = 0; k < 4; k++)
			field[k] = (unsigned char)(claim >> (8 * k));
	}
	fseek(f, 0, SEEK_SET);
	fwrite(all, 1, (size_t)size, f);
	free(all);
	return fclose(f) == 0 ? 0 : 2;
}

static int bomb(const char *out, long mb, int lying)
{
	int error;
	zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &error);
	if (!z)
		return 2;
	text ct = {0};
	literal(&ct, content_types);
	add(z, "[Content_Types].xml", &ct);
	static bomb_state state; /* read by zip_close */
	state.size = (zip_uint64_t)mb << 20;
	zip_error_init(&state.error);
	zip_source_t *s = zip_source_function(z, bomb_source, &state);
	zip_int64_t index = s ? zip_file_add(z, "word/document.xml", s, 0) : -1;
	if (index < 0)
		return 2;
	zip_set_file_compression(z, (zip_uint64_t)index, ZIP_CM_DEFLATE, 1);
	int rc = zip_close(z) != 0;
	free(ct.ptr);
	if (rc)
		return 2;
	return lying ? lie(out, "word/document.xml", 100) : 0;
}

static int plain_zip(const char *out, int count, char **pairs)
{
	int error;
	zip_t *z = zip_open(out, ZIP_CREATE | ZIP_TRUNCATE, &error);
	if (!z)
		return 2;
	for (int i = 0; i < count; i++) {
		char *eq = strchr(pairs[i], '=');
		if (!eq)
			return 2;
		*eq = '\0';
		zip_source_t *s = zip_source_file(z, eq + 1, 0, -1);
		if (!s || zip_file_add(z, pairs[i], s, 0) < 0)
			return 2;
	}
	return zip_close(z) == 0 ? 0 : 2;
}

static int cat(const char *path, const char *part)
{
	int error;
	zip_t *z = zip_open(path, ZIP_RDONLY, &error);
	zip_file_t *f = z ? zip_fopen(z, part, 0) : NULL;
	if (!f) {
		fprintf(stderr, "docx_fixture: no %s in %s\n", part, path);
		if (z)
			zip_discard(z);
		return 1;
	}
	char chunk[65536];
	zip_int64_t n;
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
		fwrite(chunk, 1, (size_t)n, stdout);
	zip_fclose(f);
	zip_discard(z);
	return n < 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "cat") == 0)
		return cat(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "build") == 0)
		return build(argv[2], argv[3]);
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "bomb") == 0)
		return bomb(argv[2], atol(argv[3]), argc == 5);
	if (argc >= 4 && strcmp(argv[1], "zip") == 0)
		return plain_zip(argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: docx_fixture build OUT SPEC | bomb OUT MB [lie] | zip OUT "
	                "NAME=FILE...\n");
	return 2;
}
