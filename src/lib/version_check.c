/* version_check.c — a version read from the tables against its signed
 * event (negotiation_int.h, pl_version_matches_event).
 *
 * The event's payload is canonical JSON (checked when the record was
 * verified) with sorted keys: {"amendments"?, "document", "number", "parts",
 * "points", "preamble", "source", "title"}. The content a reader sees —
 * everything from "document" to "preamble", and the title — is written
 * here from the loaded version exactly as the payload holds it, and
 * compared as text: no parse of what may be megabytes of JSON. */
#include "json_text_int.h"
#include "negotiation_int.h"
#include "record_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text by the hex of its hash, or null. */
static void put_text(pl_buf *out, const char *text)
{
	if (!text) {
		pl_buf_puts(out, "null");
		return;
	}
	uint8_t hash[PL_HASH_BYTES];
	char hex[PL_HASH_HEX + 2];
	pl_hash(hash, text, strlen(text));
	hex[0] = '"';
	pl_hex_public(hex + 1, hash, PL_HASH_BYTES);
	hex[PL_HASH_HEX] = '"';
	pl_buf_put(out, hex, PL_HASH_HEX + 1);
}

/* n in decimal, as %zu writes it. */
static void put_count(pl_buf *out, size_t n)
{
	char digits[24];
	size_t at = sizeof digits;
	do
		digits[--at] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	pl_buf_put(out, digits + at, sizeof digits - at);
}

static int put_point(pl_buf *out, const pl_point *p)
{
	int rc = 0;
	pl_buf_puts(out, "{\"id\":");
	rc |= pl_json_put_string(out, p->id);
	pl_buf_puts(out, ",\"items\":[");
	for (size_t k = 0; k < p->item_count; k++) {
		pl_buf_puts(out, k ? ",{\"label\":" : "{\"label\":");
		rc |= pl_json_put_string(out, p->items[k].label);
		pl_buf_puts(out, ",\"text\":");
		put_text(out, p->items[k].text);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, "],\"label\":");
	rc |= pl_json_put_string(out, p->label);
	if (p->part == PL_NO_PART)
		pl_buf_puts(out, ",\"part\":null,\"text\":");
	else {
		pl_buf_puts(out, ",\"part\":");
		put_count(out, p->part);
		pl_buf_puts(out, ",\"text\":");
	}
	put_text(out, p->text);
	pl_buf_putc(out, '}');
	return rc;
}

/* "document":…,"number":…,"parts":[…],"points":[…],"preamble":… */
static int put_content(pl_buf *out, const char *name, int number, const pl_doc *doc)
{
	pl_buf_puts(out, "\"document\":");
	int rc = pl_json_put_string(out, name);
	pl_buf_printf(out, ",\"number\":%d,\"parts\":[", number);
	for (size_t i = 0; i < doc->part_count; i++) {
		pl_buf_puts(out, i ? ",{\"heading\":" : "{\"heading\":");
		put_text(out, doc->parts[i].heading);
		pl_buf_puts(out, ",\"intro\":");
		put_text(out, doc->parts[i].intro);
		pl_buf_putc(out, '}');
	}
	pl_buf_puts(out, "],\"points\":[");
	for (size_t i = 0; i < doc->point_count; i++) {
		if (i)
			pl_buf_putc(out, ',');
		rc |= put_point(out, &doc->points[i]);
	}
	pl_buf_puts(out, "],\"preamble\":");
	put_text(out, doc->preamble);
	return rc;
}

int pl_version_matches_event(const char *payload, const char *name, int number, const pl_doc *doc)
{
	pl_buf content = PL_BUF_INIT, title = PL_BUF_INIT;
	int rc = put_content(&content, name, number, doc);
	pl_buf_puts(&title, ",\"title\":");
	put_text(&title, doc->title);
	pl_buf_putc(&title, '}');
	/* In canonical JSON a quote inside a string is escaped, so the first
	 * "document" key found is the payload's own. */
	const char *at = strstr(payload, "\"document\":");
	size_t len = strlen(payload);
	int same = rc == 0 && at && (at == payload + 1 || at[-1] == ',') &&
	           strncmp(at, content.ptr, content.len) == 0 && at[content.len] == ',' &&
	           len >= title.len && strcmp(payload + len - title.len, title.ptr) == 0;
	pl_buf_free(&content);
	pl_buf_free(&title);
	return same;
}
