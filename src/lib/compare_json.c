/* compare_json.c — a comparison as JSON: parley.compare/1 (docs/json.md).
 * Written directly, strings escaped by jansson. */
#include "parley/compare.h"
#include "parley/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void put_string(pl_buf *out, const char *text)
{
	json_t *value = json_string(text ? text : "");
	char *s = json_dumps(value, JSON_ENCODE_ANY);
	pl_buf_puts(out, s);
	free(s);
	json_decref(value);
}

static void put_unmatched(pl_buf *out, const pl_doc *doc, const size_t *link_count)
{
	pl_buf_puts(out, "[");
	int first = 1;
	for (size_t i = 0; i < doc->point_count; i++)
		if (!link_count[i]) {
			pl_buf_puts(out, first ? "" : ",");
			put_string(out, doc->points[i].label);
			first = 0;
		}
	pl_buf_puts(out, "]");
}

static void put_links(pl_buf *out, const pl_comparison *c, int *first)
{
	for (size_t k = 0; k + 1 < c->doc_count; k++) {
		const pl_alignment *al = c->pairs[k];
		for (size_t q = 0; q < al->link_count; q++) {
			const pl_link *l = &al->links[q];
			pl_buf_puts(out, *first ? "\n    {\"a\":" : ",\n    {\"a\":");
			put_string(out, al->a->points[l->a].label);
			pl_buf_puts(out, ",\"b\":");
			put_string(out, al->b->points[l->b].label);
			pl_buf_printf(out, ",\"score\":%.4f,\"relation\":\"%s\",\"primary\":%s",
			              l->score, pl_relation_name(l->relation),
			              l->primary ? "true" : "false");
			pl_buf_puts(out, ",\"evidence\":[");
			static const char *const names[] = {"number", "negation", "opposite"};
			int any = 0;
			for (int e = 0; e < 3; e++)
				if (l->evidence & (1u << e)) {
					pl_buf_printf(out, "%s\"%s\"", any ? "," : "", names[e]);
					any = 1;
				}
			pl_buf_puts(out, "]");
			if (l->why[0]) {
				pl_buf_puts(out, ",\"why\":");
				put_string(out, l->why);
			}
			pl_buf_printf(out, ",\"b_document\":%zu}", k + 1);
			*first = 0;
		}
	}
}

static void put_document(pl_buf *out, const pl_comparison *c, size_t k)
{
	const pl_doc *doc = c->docs[k];
	size_t matched = k == 0 ? 0 : c->pairs[k - 1]->b_matched;
	if (k == 0)
		for (size_t i = 0; i < doc->point_count; i++)
			for (size_t p = 0; p + 1 < c->doc_count; p++)
				if (c->pairs[p]->a_link_count[i]) {
					matched++;
					break;
				}
	pl_buf_puts(out, "\n    {\"name\":");
	put_string(out, c->names[k]);
	pl_buf_puts(out, ",\"title\":");
	if (doc->title)
		put_string(out, doc->title);
	else
		pl_buf_puts(out, "null");
	pl_buf_printf(
	    out, ",\"points\":%zu,\"matched\":%zu,\"share\":%.4f,\"unmatched\":", doc->point_count,
	    matched, doc->point_count ? (double)matched / (double)doc->point_count : 0.0);
	if (k > 0) {
		put_unmatched(out, doc, c->pairs[k - 1]->b_link_count);
	} else {
		size_t *any = pl_calloc(doc->point_count + 1, sizeof *any);
		for (size_t i = 0; i < doc->point_count; i++)
			for (size_t p = 0; p + 1 < c->doc_count; p++)
				any[i] += c->pairs[p]->a_link_count[i];
		put_unmatched(out, doc, any);
		free(any);
	}
	pl_buf_puts(out, "}");
}

void pl_comparison_write_json(pl_buf *out, const pl_comparison *c)
{
	pl_buf_puts(out, "{\n  \"format\": \"parley.compare/1\",\n  \"documents\": [");
	for (size_t k = 0; k < c->doc_count; k++) {
		pl_buf_puts(out, k ? "," : "");
		put_document(out, c, k);
	}
	pl_buf_puts(out, "\n  ],\n  \"links\": [");
	int first = 1;
	put_links(out, c, &first);
	pl_buf_puts(out, first ? "],\n  \"unmatched_a\": " : "\n  ],\n  \"unmatched_a\": ");
	put_unmatched(out, c->pairs[0]->a, c->pairs[0]->a_link_count);
	pl_buf_puts(out, ",\n  \"unmatched_b\": ");
	put_unmatched(out, c->pairs[0]->b, c->pairs[0]->b_link_count);
	pl_buf_puts(out, "\n}\n");
}
