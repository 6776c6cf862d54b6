#include "parley/format.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *point_json(const pl_point *point)
{
	json_t *items = json_array();
	for (size_t k = 0; k < point->item_count; k++)
		json_array_append_new(items, json_pack("{s:s, s:s}", "label", point->items[k].label,
						       "text", point->items[k].text));
	json_t *part = point->part == PL_NO_PART ? json_null() : json_integer((json_int_t)point->part);
	return json_pack("{s:o, s:s, s:o, s:s, s:o}", "id", string_or_null(point->id), "label",
			 point->label, "part", part, "text", point->text, "items", items);
}

static json_t *meta_json(const pl_doc_meta *meta)
{
	json_t *object = json_object();
	json_object_set_new(object, "format", json_string("parley.document/1"));
	if (!meta)
		return object;
	if (meta->name)
		json_object_set_new(object, "name", json_string(meta->name));
	if (meta->version)
		json_object_set_new(object, "version", json_integer(meta->version));
	if (meta->created_at)
		json_object_set_new(object, "created_at", json_string(meta->created_at));
	if (meta->source)
		json_object_set_new(object, "source", json_string(meta->source));
	return object;
}

void pl_format_json(pl_buf *out, const pl_doc *doc, const pl_doc_meta *meta)
{
	json_t *parts = json_array();
	for (size_t i = 0; i < doc->part_count; i++)
		json_array_append_new(parts, json_pack("{s:I, s:s, s:o}", "index", (json_int_t)i,
						       "heading", doc->parts[i].heading, "intro",
						       string_or_null(doc->parts[i].intro)));
	json_t *points = json_array();
	for (size_t i = 0; i < doc->point_count; i++)
		json_array_append_new(points, point_json(&doc->points[i]));
	json_t *root = meta_json(meta);
	json_object_set_new(root, "title", string_or_null(doc->title));
	json_object_set_new(root, "preamble", string_or_null(doc->preamble));
	json_object_set_new(root, "parts", parts);
	json_object_set_new(root, "points", points);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	pl_buf_puts(out, text);
	pl_buf_putc(out, '\n');
	free(text);
	json_decref(root);
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
