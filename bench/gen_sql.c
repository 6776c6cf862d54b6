/* gen_sql.c — the baseline of the import benchmark: a plan as plain SQL.
 *
 * usage: gen_sql PLAN.md [--doc NAME] > rows.sql
 *
 * Parses PLAN.md with parley's own parser (pl_markdown_parse) and writes the
 * SQL that inserts exactly the rows `parley import PLAN.md --doc NAME` adds
 * to a fresh negotiation: the blobs (every text, stored once by its
 * BLAKE2b-256 hash), the event with its JSON payload (the same canonical
 * form parley writes), the document, the version and its parts, points and
 * sub-items. Run through the sqlite3 shell against a freshly initialised
 * parley database (same tables, indexes, triggers and foreign keys), it
 * does the same inserts in one transaction, with WAL and synchronous=FULL
 * as parley's store. One INSERT per row, the form `sqlite3 .dump` writes.
 *
 * What differs, and does not change the work: the event's time is fixed,
 * its hash is taken over the payload alone and its signature is zeros. */
#include "parley/file.h"
#include "parley/markdown.h"
#include "parley/negotiation.h"

#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HASH_BYTES 32
#define EVENT_TIME "2025-01-01T00:00:00Z"

typedef struct hash_hex {
	char hex[2 * HASH_BYTES + 1];
} hash_hex;

static hash_hex hash_of(const char *text)
{
	uint8_t hash[HASH_BYTES];
	hash_hex out;
	crypto_generichash(hash, HASH_BYTES, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out.hex, sizeof out.hex, hash, HASH_BYTES);
	return out;
}

/* A string literal: single quotes doubled. */
static void put_literal(FILE *out, const char *text)
{
	if (!text) {
		fputs("NULL", out);
		return;
	}
	fputc('\'', out);
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			fputc('\'', out);
		fputc(*p, out);
	}
	fputc('\'', out);
}

static void put_hash(FILE *out, const char *text)
{
	if (!text)
		fputs("NULL", out);
	else
		fprintf(out, "X'%s'", hash_of(text).hex);
}

/* The blob row of text, and its hash as parley's payload names it. */
static json_t *blob(FILE *out, const char *text)
{
	if (!text)
		return json_null();
	hash_hex h = hash_of(text);
	fprintf(out, "INSERT OR IGNORE INTO blobs(hash, body) VALUES (X'%s', ", h.hex);
	put_literal(out, text);
	fputs(");\n", out);
	return json_string(h.hex);
}

/* Writes the blob rows and returns the payload of the version event, as
 * negotiation.c builds it. */
static json_t *blobs_and_payload(FILE *out, const pl_doc *doc, const char *name, const char *source)
{
	json_t *parts = json_array();
	for (size_t i = 0; i < doc->part_count; i++) {
		json_t *heading = blob(out, doc->parts[i].heading);
		json_t *intro = blob(out, doc->parts[i].intro);
		json_array_append_new(parts,
		                      json_pack("{s:o, s:o}", "heading", heading, "intro", intro));
	}
	json_t *points = json_array();
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *point = &doc->points[i];
		json_t *items = json_array();
		for (size_t k = 0; k < point->item_count; k++) {
			json_t *text = blob(out, point->items[k].text);
			json_array_append_new(
			    items,
			    json_pack("{s:s, s:o}", "label", point->items[k].label, "text", text));
		}
		json_t *part =
		    point->part == PL_NO_PART ? json_null() : json_integer((json_int_t)point->part);
		json_t *text = blob(out, point->text);
		json_array_append_new(points, json_pack("{s:s, s:s, s:o, s:o, s:o}", "id",
		                                        point->id, "label", point->label, "part",
		                                        part, "text", text, "items", items));
	}
	json_t *title = blob(out, doc->title);
	json_t *preamble = blob(out, doc->preamble);
	json_t *payload = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o, s:s}", "document", name,
	                            "number", 1, "title", title, "preamble", preamble, "parts",
	                            parts, "points", points, "source", source);
	return payload;
}

/* The event follows the founding's in the plenary: the next id and
 * sequence number, linked to the head, signed by the convenor "un" (the
 * signature's 64 bytes are zeros: storing them is the same work). */
static void write_event(FILE *out, json_t *payload)
{
	char *text = json_dumps(payload, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	fprintf(out,
	        "INSERT INTO events(id, track, seq, kind, at, actor, payload, prev, hash, sig)"
	        " VALUES ((SELECT max(id) + 1 FROM events), '%s',"
	        " (SELECT max(seq) + 1 FROM events WHERE track = '%s'), 'document.version', '%s',"
	        " 'un', ",
	        PL_PLENARY, PL_PLENARY, EVENT_TIME);
	put_literal(out, text);
	fprintf(out, ", (SELECT hash FROM events WHERE track = '%s' ORDER BY seq DESC LIMIT 1), ",
	        PL_PLENARY);
	put_hash(out, text);
	fputs(", zeroblob(64));\n", out);
	free(text);
}

static void write_projection(FILE *out, const pl_doc *doc, const char *name, const char *source)
{
	fprintf(out, "INSERT INTO documents(id, name, track, created_event, latest, next_point)"
	             " VALUES (1, ");
	put_literal(out, name);
	fprintf(out, ", '%s', (SELECT max(id) FROM events), 1, %zu);\n", PL_PLENARY,
	        doc->point_count + 1);
	fprintf(out,
	        "INSERT INTO versions(doc, number, event, created_at, source, title, preamble,"
	        " point_count) VALUES (1, 1, (SELECT max(id) FROM events), '%s', ",
	        EVENT_TIME);
	put_literal(out, source);
	fputs(", ", out);
	put_hash(out, doc->title);
	fputs(", ", out);
	put_hash(out, doc->preamble);
	fprintf(out, ", %zu);\n", doc->point_count);
	for (size_t i = 0; i < doc->part_count; i++) {
		fprintf(out,
		        "INSERT INTO version_parts(doc, number, ord, heading, intro)"
		        " VALUES (1, 1, %zu, ",
		        i);
		put_hash(out, doc->parts[i].heading);
		fputs(", ", out);
		put_hash(out, doc->parts[i].intro);
		fputs(");\n", out);
	}
	for (size_t i = 0; i < doc->point_count; i++) {
		const pl_point *point = &doc->points[i];
		fprintf(out,
		        "INSERT INTO version_points(doc, number, ord, point_id, label, part, text)"
		        " VALUES (1, 1, %zu, '%s', ",
		        i, point->id);
		put_literal(out, point->label);
		if (point->part == PL_NO_PART)
			fputs(", NULL, ", out);
		else
			fprintf(out, ", %zu, ", point->part);
		put_hash(out, point->text);
		fputs(");\n", out);
		for (size_t k = 0; k < point->item_count; k++) {
			fprintf(
			    out,
			    "INSERT INTO version_items(doc, number, point_ord, ord, label, text)"
			    " VALUES (1, 1, %zu, %zu, ",
			    i, k);
			put_literal(out, point->items[k].label);
			fputs(", ", out);
			put_hash(out, point->items[k].text);
			fputs(");\n", out);
		}
	}
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
	const char *path = NULL, *name = "bench";
	int bad = 0;
	for (int i = 1; i < argc && !bad; i++) {
		if (strcmp(argv[i], "--doc") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (!path && argv[i][0] != '-')
			path = argv[i];
		else
			bad = 1;
	}
	if (bad || !path) {
		fprintf(stderr, "usage: gen_sql PLAN.md [--doc NAME] > rows.sql\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	pl_error err;
	char *text;
	size_t len;
	pl_doc *doc;
	if (pl_file_read(path, PL_DEFAULT_MAX_INPUT, &text, &len, &err) ||
	    pl_markdown_parse(&doc, text, len, path, &err)) {
		fprintf(stderr, "gen_sql: %s\n", err.message);
		return 1;
	}
	free(text);
	/* The ids a first version gets: p1, p2, ... in document order. */
	for (size_t i = 0; i < doc->point_count; i++) {
		char id[32];
		snprintf(id, sizeof id, "p%zu", i + 1);
		pl_point_set_id(&doc->points[i], id);
	}
	FILE *out = stdout;
	fputs("PRAGMA foreign_keys = ON;\nPRAGMA journal_mode = WAL;\n"
	      "PRAGMA synchronous = FULL;\nBEGIN IMMEDIATE;\n",
	      out);
	json_t *payload = blobs_and_payload(out, doc, name, base_name(path));
	write_event(out, payload);
	write_projection(out, doc, name, base_name(path));
	fputs("COMMIT;\n", out);
	json_decref(payload);
	pl_doc_free(doc);
	return fflush(out) == 0 && !ferror(out) ? 0 : 1;
}
