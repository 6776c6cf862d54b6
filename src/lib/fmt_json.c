#include "parley/format.h"
#include "parley/lines.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The document is written directly rather than built as a jansson tree
 * first: for a 10 MB plan the tree alone took seven times the input. Only
 * the strings go through jansson, which knows how to escape them. */
static void put_string(pl_buf *out, const char *text)
{
	if (!text) {
		pl_buf_puts(out, "null");
		return;
	}
	json_t *value = json_string(text);
	size_t size = json_dumpb(value, NULL, 0, JSON_ENCODE_ANY);
	pl_buf_reserve(out, size);
	out->len += json_dumpb(value, out->ptr + out->len, size, JSON_ENCODE_ANY);
	out->ptr[out->len] = '\0';
	json_decref(value);
}

static void put_field(pl_buf *out, const char *indent, const char *key, const char *text, int last)
{
	pl_buf_printf(out, "%s\"%s\": ", indent, key);
	put_string(out, text);
	pl_buf_puts(out, last ? "\n" : ",\n");
}

static void put_point(pl_buf *out, const pl_point *point, int last)
{
	pl_buf_puts(out, "    {\n");
	put_field(out, "      ", "id", point->id, 0);
	put_field(out, "      ", "label", point->label, 0);
	if (point->part == PL_NO_PART)
		pl_buf_puts(out, "      \"part\": null,\n");
	else
		pl_buf_printf(out, "      \"part\": %zu,\n", point->part);
	put_field(out, "      ", "text", point->text, 0);
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
		put_point(out, &doc->points[i], i + 1 == doc->point_count);
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
