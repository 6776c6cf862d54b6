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

static void put_field(pl_buf *out, const char *indent, const char *key, const char *text, int last)
{
	pl_buf_puts(out, indent);
	pl_buf_putc(out, '"');
	pl_buf_puts(out, key);
	pl_buf_puts(out, "\": ");
	put_string(out, text);
	pl_buf_puts(out, last ? "\n" : ",\n");
}

/* "positions": each party's stance on the point, with `show --positions`. */
static void put_stances(pl_buf *out, const pl_doc_meta *meta, const pl_point *point)
{
	if (!meta || !meta->stances)
		return;
	const pl_point_stances *s =
	    pl_point_stances_find(meta->stances, meta->stance_count, point->id);
	pl_buf_puts(out, "      \"positions\": [");
	for (size_t k = 0; s && k < s->count; k++) {
		const pl_stance_note *n = &s->items[k];
		pl_buf_puts(out, k ? ", {" : "{");
		put_field(out, "", "party", n->party, 0);
		put_field(out, "", "stance", n->stance, 0);
		put_field(out, "", "note", n->note, 0);
		pl_buf_puts(out, n->stale ? "\"stale\": true}" : "\"stale\": false}");
	}
	pl_buf_puts(out, "],\n");
}

static void put_point(pl_buf *out, const pl_doc_meta *meta, const pl_point *point, int last)
{
	pl_buf_puts(out, "    {\n");
	put_field(out, "      ", "id", point->id, 0);
	put_field(out, "      ", "label", point->label, 0);
	if (point->part == PL_NO_PART)
		pl_buf_puts(out, "      \"part\": null,\n");
	else {
		char digits[24];
		size_t at = sizeof digits, n = point->part;
		do
			digits[--at] = (char)('0' + n % 10);
		while ((n /= 10) != 0);
		pl_buf_puts(out, "      \"part\": ");
		pl_buf_put(out, digits + at, sizeof digits - at);
		pl_buf_puts(out, ",\n");
	}
	put_field(out, "      ", "text", point->text, 0);
	put_stances(out, meta, point);
	if (!point->item_count) {
		pl_buf_puts(out, "      \"items\": [],\n");
	} else {
		pl_buf_puts(out, "      \"items\": [\n");
		for (size_t k = 0; k < point->item_count; k++) {
			pl_buf_puts(out, "        {\n");
			put_field(out, "          ", "label", point->items[k].label, 0);
			put_field(out, "          ", "text", point->items[k].text, 1);
			pl_buf_puts(out,
			            k + 1 < point->item_count ? "        },\n" : "        }\n");
		}
		pl_buf_puts(out, "      ],\n");
	}
	pl_buf_puts(out, "      \"lines\": ");
	pl_lines_write_json(out, point);
	pl_buf_puts(out, "\n");
	pl_buf_puts(out, last ? "    }\n" : "    },\n");
}

static void put_meta(pl_buf *out, const pl_doc_meta *meta)
{
	pl_buf_puts(out, "{\n  \"format\": \"parley.document/1\",\n");
	if (!meta)
		return;
	if (meta->name)
		put_field(out, "  ", "name", meta->name, 0);
	if (meta->version)
		pl_buf_printf(out, "  \"version\": %d,\n", meta->version);
	if (meta->created_at)
		put_field(out, "  ", "created_at", meta->created_at, 0);
	if (meta->source)
		put_field(out, "  ", "source", meta->source, 0);
}

void pl_format_json(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	put_meta(out, meta);
	put_field(out, "  ", "title", doc->title, 0);
	put_field(out, "  ", "preamble", doc->preamble, 0);
	pl_buf_puts(out, doc->part_count ? "  \"parts\": [\n" : "  \"parts\": [],\n");
	for (size_t i = 0; i < doc->part_count; i++) {
		pl_buf_printf(out, "    {\n      \"index\": %zu,\n", i);
		put_field(out, "      ", "heading", doc->parts[i].heading, 0);
		put_field(out, "      ", "intro", doc->parts[i].intro, 1);
		pl_buf_puts(out, i + 1 < doc->part_count ? "    },\n" : "    }\n  ],\n");
	}
	pl_buf_puts(out, doc->point_count ? "  \"points\": [\n" : "  \"points\": []\n");
	for (size_t i = 0; i < doc->point_count; i++)
		put_point(out, meta, &doc->points[i], i + 1 == doc->point_count);
	if (doc->point_count)
		pl_buf_puts(out, "  ]\n");
	pl_buf_puts(out, "}\n");
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
