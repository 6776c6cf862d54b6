#include "parley/format.h"
#include "json_text_int.h"
#include "parley/lines.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The document is written directly rather than built as a jansson tree
 * first: for a 10 MB plan the tree alone took seven times the input. The
 * strings are escaped as jansson escapes them (json_text.c), by hand: a
 * jansson string made and dumped for each took most of the time. */
static void put_string(pl_buf *out, const char *text)
{
	size_t len = out->len;
	if (pl_json_put_string(out, text) != 0) { /* not UTF-8: never stored */
		out->len = len;
		out->ptr[len] = '\0';
		pl_buf_puts(out, "null");
	}
}

/* ,"key":"text" (or without the comma, first). key_part is the literal
 * between the comma and the value. */
#define PUT_FIELD(out, key_part, text)                                                             \
	do {                                                                                       \
		pl_buf_put(out, key_part, sizeof key_part - 1);                                    \
		put_string(out, text);                                                             \
	} while (0)

/* "positions": each party's stance on the point, with `show --positions`. */
static void put_stances(pl_buf *out, const pl_doc_meta *meta, const pl_point *point)
{
	if (!meta || !meta->stances)
		return;
	const pl_point_stances *s =
	    pl_point_stances_find(meta->stances, meta->stance_count, point->id);
	pl_buf_puts(out, ",\"positions\":[");
	for (size_t k = 0; s && k < s->count; k++) {
		const pl_stance_note *n = &s->items[k];
		pl_buf_puts(out, k ? ",{" : "{");
		PUT_FIELD(out, "\"party\":", n->party);
		PUT_FIELD(out, ",\"stance\":", n->stance);
		PUT_FIELD(out, ",\"note\":", n->note);
		pl_buf_puts(out, n->stale ? ",\"stale\":true}" : ",\"stale\":false}");
	}
	pl_buf_putc(out, ']');
}

static void put_point(pl_buf *out, const pl_doc_meta *meta, const pl_point *point)
{
	PUT_FIELD(out, "{\"id\":", point->id);
	PUT_FIELD(out, ",\"label\":", point->label);
	if (point->part == PL_NO_PART)
		pl_buf_puts(out, ",\"part\":null");
	else {
		pl_buf_puts(out, ",\"part\":");
		pl_buf_put_size(out, point->part);
	}
	PUT_FIELD(out, ",\"text\":", point->text);
	put_stances(out, meta, point);
	pl_buf_puts(out, ",\"items\":[");
	for (size_t k = 0; k < point->item_count; k++) {
		if (k)
			pl_buf_putc(out, ',');
		PUT_FIELD(out, "{\"label\":", point->items[k].label);
		PUT_FIELD(out, ",\"text\":", point->items[k].text);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, "],\"lines\":");
	pl_lines_write_json(out, point);
	pl_buf_putc(out, '}');
}

static void put_meta(pl_buf *out, const pl_doc_meta *meta)
{
	pl_buf_puts(out, "{\"format\":\"parley.document/1\"");
	if (!meta)
		return;
	if (meta->name)
		PUT_FIELD(out, ",\"name\":", meta->name);
	if (meta->version) {
		pl_buf_puts(out, ",\"version\":");
		pl_buf_put_size(out, (size_t)meta->version);
	}
	if (meta->created_at)
		PUT_FIELD(out, ",\"created_at\":", meta->created_at);
	if (meta->source)
		PUT_FIELD(out, ",\"source\":", meta->source);
}

void pl_format_json(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	put_meta(out, meta);
	PUT_FIELD(out, ",\"title\":", doc->title);
	PUT_FIELD(out, ",\"preamble\":", doc->preamble);
	pl_buf_puts(out, ",\"parts\":[");
	for (size_t i = 0; i < doc->part_count; i++) {
		pl_buf_puts(out, i ? ",{\"index\":" : "{\"index\":");
		pl_buf_put_size(out, i);
		PUT_FIELD(out, ",\"heading\":", doc->parts[i].heading);
		PUT_FIELD(out, ",\"intro\":", doc->parts[i].intro);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, "],\"points\":[");
	for (size_t i = 0; i < doc->point_count; i++) {
		if (i)
			pl_buf_putc(out, ',');
		put_point(out, meta, &doc->points[i]);
	}
	pl_buf_puts(out, "]}\n");
}

void pl_format_versions_json(pl_buf *out, const pl_version_info *infos, size_t count)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		const pl_version_info *v = &infos[i];
		json_array_append_new(
		    list, json_pack("{s:s, s:i, s:s, s:o, s:o, s:o, s:I}", "document", v->document,
		                    "number", v->number, "track", v->track, "created_at",
		                    string_or_null(v->created_at), "source",
		                    string_or_null(v->source), "title", string_or_null(v->title),
		                    "points", (json_int_t)v->point_count));
	}
	json_t *root = json_pack("{s:s, s:o}", "format", "parley.versions/1", "versions", list);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text);
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(root);
}
