/* redline_json.c — redlines as JSON: parley.redline/1 and
 * parley.textdiff/1 (docs/json.md). Written directly, with strings escaped
 * by hand: this is the hot path of a large redline, and building a tree
 * first would double its memory. The JSON is compact (no white space
 * between tokens) and ends in a newline, the style of every JSON the
 * command line prints, so that a large one goes out as it is made. */
#include "parley/mem.h"
#include "parley/redline.h"

#include <pthread.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A string literal, its length known at compile time. */
#define PUT_LITERAL(out, literal) pl_buf_put((out), (literal), sizeof(literal) - 1)

/* The first byte at or after i that a JSON string must escape ('"', '\\'
 * or a control character), or len. Sixteen bytes at a time with SSE2:
 * this is the hot path of a large redline. */
static size_t next_escape(const char *text, size_t i, size_t len)
{
#if defined(__SSE2__)
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i control = _mm_set1_epi8(0x1F);
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
		__m128i below = _mm_cmpeq_epi8(_mm_min_epu8(v, control), v); /* v <= 0x1F */
		__m128i bad = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), below);
		unsigned mask = (unsigned)_mm_movemask_epi8(bad);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return i;
	}
	return len;
}

/* A JSON string: runs of safe bytes copied whole, only '"', '\\' and
 * control characters escaped (UTF-8 passes through as it is). Written by
 * hand because it is the hot path of a large redline. */
static void put_string_n(pl_buf *out, const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	pl_buf_reserve(out, len + 2);
	pl_buf_putc(out, '"');
	for (size_t i = 0;;) {
		size_t j = next_escape(text, i, len);
		pl_buf_put(out, text + i, j - i);
		if (j == len)
			break;
		unsigned char c = (unsigned char)text[j];
		char escape[7] = {'\\', (char)c, 0};
		if (c == '\n')
			escape[1] = 'n';
		else if (c == '\t')
			escape[1] = 't';
		else if (c == '\r')
			escape[1] = 'r';
		else if (c < 0x20) {
			memcpy(escape, "\\u00", 4);
			escape[4] = hex[c >> 4];
			escape[5] = hex[c & 15];
		}
		pl_buf_puts(out, escape);
		i = j + 1;
	}
	pl_buf_putc(out, '"');
}

static void put_string(pl_buf *out, const char *text)
{
	if (text)
		put_string_n(out, text, strlen(text));
	else
		PUT_LITERAL(out, "null");
}

/* value in decimal at p, two digits at a time; returns the end. */
static char *write_number(char *p, size_t value)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
	                            "25262728293031323334353637383940414243444546474849"
	                            "50515253545556575859606162636465666768697071727374"
	                            "75767778798081828384858687888990919293949596979899";
	char digits[24];
	char *end = digits + sizeof digits, *q = end;
	for (; value >= 100; value /= 100) {
		q -= 2;
		memcpy(q, pairs + 2 * (value % 100), 2);
	}
	if (value >= 10) {
		q -= 2;
		memcpy(q, pairs + 2 * value, 2);
	} else {
		*--q = (char)('0' + value);
	}
	memcpy(p, q, (size_t)(end - q));
	return p + (end - q);
}

static void put_number(pl_buf *out, size_t value)
{
	char digits[24];
	pl_buf_put(out, digits, (size_t)(write_number(digits, value) - digits));
}

/* key (key_len bytes), offset, ',', length, ']' at p. */
static char *write_range(char *p, const char *key, size_t key_len, size_t offset, size_t length)
{
	memcpy(p, key, key_len);
	p = write_number(p + key_len, offset);
	*p++ = ',';
	p = write_number(p, length);
	*p++ = ']';
	return p;
}

/* Room for the fixed part of one edit: an opening, two ranges of two
 * 20-digit numbers and the key of the text. */
enum { EDIT_HEAD_MAX = 128 };

/* Runs ahead whose text is asked for before it is written. */
enum { EDIT_AHEAD = 8 };

/* Runs [first, last) of diff into out, each after a comma but the
 * script's first. Numbers and keys are written straight into reserved
 * room, without printf or a call per piece: a large redline has hundreds
 * of thousands of them. */
typedef struct edit_range {
	pl_buf out;
	const pl_text_diff *diff;
	size_t first, last;
} edit_range;

static void *put_edit_range(void *arg)
{
	static const char *const opening[] = {"{\"op\":\"equal\"", "{\"op\":\"delete\"",
	                                      "{\"op\":\"insert\""};
	static const char text_key[] = ",\"text\":";
	edit_range *range = arg;
	pl_buf *out = &range->out;
	const pl_text_diff *diff = range->diff;
	pl_buf_reserve(out, (range->last - range->first) * 48);
	for (size_t r = range->first; r < range->last; r++) {
		const pl_text_run *run = &diff->runs[r];
#if defined(__GNUC__)
		/* The texts of a large script lie far apart: ask for one ahead. */
		if (r + EDIT_AHEAD < range->last) {
			const pl_text_run *next = &diff->runs[r + EDIT_AHEAD];
			if (next->kind == PL_DIFF_DELETE)
				__builtin_prefetch(diff->a + next->a_offset);
			else if (next->kind == PL_DIFF_INSERT)
				__builtin_prefetch(diff->b + next->b_offset);
		}
#endif
		pl_buf_reserve(out, EDIT_HEAD_MAX);
		char *p = out->ptr + out->len;
		if (r)
			*p++ = ',';
		size_t n = strlen(opening[run->kind]);
		memcpy(p, opening[run->kind], n);
		p += n;
		if (run->kind != PL_DIFF_INSERT)
			p = write_range(p, ",\"a\":[", 6, run->a_offset, run->a_length);
		if (run->kind != PL_DIFF_DELETE)
			p = write_range(p, ",\"b\":[", 6, run->b_offset, run->b_length);
		if (run->kind != PL_DIFF_EQUAL) {
			memcpy(p, text_key, sizeof text_key - 1);
			p += sizeof text_key - 1;
		}
		out->len = (size_t)(p - out->ptr);
		out->ptr[out->len] = '\0';
		if (run->kind == PL_DIFF_DELETE)
			put_string_n(out, diff->a + run->a_offset, run->a_length);
		else if (run->kind == PL_DIFF_INSERT)
			put_string_n(out, diff->b + run->b_offset, run->b_length);
		pl_buf_putc(out, '}');
	}
	return NULL;
}

/* The edit script as byte ranges: equal runs name both ranges, deletions
 * and insertions carry their text too. */
static void put_edits(pl_buf *out, const pl_text_diff *diff)
{
	pl_buf_putc(out, '[');
	edit_range range = {*out, diff, 0, diff->run_count};
	put_edit_range(&range);
	*out = range.out;
	pl_buf_putc(out, ']');
}

static void put_counts(pl_buf *out, const pl_text_diff *diff)
{
	PUT_LITERAL(out, "\"words\":{\"a\":");
	put_number(out, diff->words_a);
	PUT_LITERAL(out, ",\"b\":");
	put_number(out, diff->words_b);
	PUT_LITERAL(out, ",\"deleted\":");
	put_number(out, diff->words_deleted);
	PUT_LITERAL(out, ",\"inserted\":");
	put_number(out, diff->words_inserted);
	pl_buf_putc(out, '}');
}

static void put_text_head(pl_buf *out, const pl_text_diff *diff, const pl_redline_render *render)
{
	PUT_LITERAL(out, "{\"format\":\"parley.textdiff/1\",\"a\":");
	put_string(out, render->a_name);
	PUT_LITERAL(out, ",\"b\":");
	put_string(out, render->b_name);
	pl_buf_printf(out, ",\"minimal\":%s,", diff->minimal || !diff->changed ? "true" : "false");
	put_counts(out, diff);
	PUT_LITERAL(out, ",\"edits\":[");
}

/* Runs per batch of the text stream: a batch's JSON is some hundreds of
 * kilobytes. */
enum { EDIT_BATCH = 8192 };

/* The edit script as put_edits has it, in batches of runs, two at a
 * time, the second on a thread of its own; the two buffers are used again
 * and again, so the output never lies in memory whole. */
int pl_text_diff_stream_json(const pl_text_diff *diff, const pl_redline_render *render,
                             pl_write_fn write, void *context)
{
	pl_buf head = PL_BUF_INIT;
	put_text_head(&head, diff, render);
	int rc = write(context, head.ptr, head.len);
	pl_buf_free(&head);
	edit_range batches[2] = {{PL_BUF_INIT, diff, 0, 0}, {PL_BUF_INIT, diff, 0, 0}};
	size_t n = diff->run_count;
	for (size_t first = 0; rc == 0 && first < n; first += 2 * EDIT_BATCH) {
		for (int k = 0; k < 2; k++) {
			size_t from = first + (size_t)k * EDIT_BATCH;
			batches[k].first = from < n ? from : n;
			batches[k].last = from + EDIT_BATCH < n ? from + EDIT_BATCH : n;
			pl_buf_clear(&batches[k].out);
		}
		pthread_t thread;
		int threaded = batches[1].first < batches[1].last &&
		               pthread_create(&thread, NULL, put_edit_range, &batches[1]) == 0;
		put_edit_range(&batches[0]);
		if (threaded)
			pthread_join(thread, NULL);
		else
			put_edit_range(&batches[1]);
		for (int k = 0; rc == 0 && k < 2; k++)
			if (batches[k].out.len)
				rc = write(context, batches[k].out.ptr, batches[k].out.len);
	}
	pl_buf_free(&batches[0].out);
	pl_buf_free(&batches[1].out);
	return rc ? rc : write(context, "]}\n", 3);
}

/* A text and its redline: unchanged texts carry no edits. */
static void put_text_change(pl_buf *out, const char *key, const char *a, const char *b,
                            pl_change change, const pl_text_diff *diff)
{
	pl_buf_putc(out, '"');
	pl_buf_puts(out, key);
	PUT_LITERAL(out, "\":{\"change\":\"");
	pl_buf_puts(out, pl_change_name(change));
	pl_buf_putc(out, '"');
	/* A text that is the same on both sides is written once, as "b": in a
	 * large plan most points are unchanged, and this halves the output. */
	if (!(a && b && !diff->run_count && strcmp(a, b) == 0)) {
		PUT_LITERAL(out, ",\"a\":");
		put_string(out, a);
	}
	PUT_LITERAL(out, ",\"b\":");
	put_string(out, b);
	if (diff->run_count) {
		PUT_LITERAL(out, ",");
		put_counts(out, diff);
		PUT_LITERAL(out, ",\"edits\":");
		put_edits(out, diff);
	}
	PUT_LITERAL(out, "}");
}

static void put_item(pl_buf *out, const pl_item_diff *id, int first)
{
	pl_buf_puts(out, first ? "{\"a_label\":" : ",{\"a_label\":");
	put_string(out, id->a ? id->a->label : NULL);
	PUT_LITERAL(out, ",\"b_label\":");
	put_string(out, id->b ? id->b->label : NULL);
	PUT_LITERAL(out, ",");
	put_text_change(out, "text", id->a ? id->a->text : NULL, id->b ? id->b->text : NULL,
	                id->change, &id->text);
	PUT_LITERAL(out, "}");
}

static void put_point(pl_buf *out, const pl_redline *r, const pl_point_diff *pd, int first)
{
	const pl_point *a = pd->a, *b = pd->b;
	pl_buf_puts(out, first ? "{\"change\":\"" : ",{\"change\":\"");
	pl_buf_puts(out, pl_change_name(pd->change));
	pl_buf_puts(out, pd->relabelled ? "\",\"relabelled\":true" : "\",\"relabelled\":false");
	pl_buf_puts(out, pd->moved ? ",\"moved\":true,\"a_id\":" : ",\"moved\":false,\"a_id\":");
	put_string(out, a ? a->id : NULL);
	PUT_LITERAL(out, ",\"b_id\":");
	put_string(out, b ? b->id : NULL);
	PUT_LITERAL(out, ",\"a_label\":");
	put_string(out, a ? a->label : NULL);
	PUT_LITERAL(out, ",\"b_label\":");
	put_string(out, b ? b->label : NULL);
	PUT_LITERAL(out, ",\"a_part\":");
	put_string(out, a && a->part != PL_NO_PART ? r->a->parts[a->part].heading : NULL);
	PUT_LITERAL(out, ",\"b_part\":");
	put_string(out, b && b->part != PL_NO_PART ? r->b->parts[b->part].heading : NULL);
	PUT_LITERAL(out, ",");
	pl_change text_change = pd->change == PL_CHANGE_MOVED ? PL_CHANGE_UNCHANGED : pd->change;
	if (a && b)
		text_change = pd->text_change;
	put_text_change(out, "text", a ? a->text : NULL, b ? b->text : NULL, text_change,
	                &pd->text);
	PUT_LITERAL(out, ",\"items\":[");
	if (a && b) {
		for (size_t k = 0; k < pd->item_count; k++)
			put_item(out, &pd->items[k], k == 0);
	} else {
		const pl_point *p = a ? a : b;
		for (size_t k = 0; k < p->item_count; k++) {
			pl_item_diff id = {
			    a ? &p->items[k] : NULL, b ? &p->items[k] : NULL, pd->change, {0}};
			put_item(out, &id, k == 0);
		}
	}
	PUT_LITERAL(out, "]}");
}

/* Points [first, last) of a redline into out, each after a comma but the
 * first when shown is 0; shown counts the points written (and starts at 1
 * in the stream's batches, see stream_batch). */
typedef struct point_range {
	pl_buf out;
	const pl_redline *r;
	const pl_redline_render *render;
	size_t first, last;
	size_t shown;
} point_range;

static void *put_point_range(void *arg)
{
	point_range *range = arg;
	for (size_t k = range->first; k < range->last; k++) {
		const pl_point_diff *pd = &range->r->points[k];
		if (range->render->changed_only && pd->change == PL_CHANGE_UNCHANGED)
			continue;
		put_point(&range->out, range->r, pd, range->shown++ == 0);
	}
	return NULL;
}

/* Everything before the points. */
static void put_head(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	PUT_LITERAL(out, "{\"format\":\"parley.redline/1\",\"a\":");
	put_string(out, render->a_name);
	PUT_LITERAL(out, ",\"b\":");
	put_string(out, render->b_name);
	pl_buf_printf(out, ",\"matched_by\":\"%s\",\"summary\":{",
	              r->matched_by_id ? "id" : "label and wording");
	for (int c = 0; c < PL_CHANGE_COUNT; c++)
		pl_buf_printf(out, "%s\"%s\":%zu", c ? "," : "", pl_change_name((pl_change)c),
		              r->counts[c]);
	PUT_LITERAL(out, "},");
	put_text_change(out, "title", r->a->title, r->b->title, r->title_change, &r->title);
	PUT_LITERAL(out, ",\"parts\":[");
	for (size_t i = 0; i < r->part_count; i++) {
		const pl_part_diff *pd = &r->parts[i];
		pl_buf_puts(out, i ? ",{" : "{");
		put_text_change(out, "heading", pd->a ? pd->a->heading : NULL,
		                pd->b ? pd->b->heading : NULL, pd->change, &pd->heading);
		PUT_LITERAL(out, "}");
	}
	PUT_LITERAL(out, "],\"points\":[");
}

static int append_to(void *context, const char *data, size_t len)
{
	pl_buf_put(context, data, len);
	return 0;
}

void pl_redline_write_json(pl_buf *out, const pl_redline *r, const pl_redline_render *render)
{
	pl_redline_stream_json(r, render, append_to, out);
}

void pl_text_diff_write_json(pl_buf *out, const pl_text_diff *diff, const pl_redline_render *render)
{
	pl_text_diff_stream_json(diff, render, append_to, out);
}

/* --- streaming -------------------------------------------------------- */

/* Points per batch of the stream: a batch's JSON is about as long as the
 * texts of its points, a few hundred kilobytes for a generated plan. */
enum { STREAM_BATCH = 1024 };

/* Hands buf to write, leaving out its first byte (the comma before its
 * first point) while nothing was shown before it; counts what it shows. */
static int stream_batch(const point_range *batch, size_t *shown, pl_write_fn write, void *context)
{
	size_t skip = *shown == 0 && batch->out.len ? 1 : 0;
	*shown += batch->shown - 1;
	return batch->out.len > skip ? write(context, batch->out.ptr + skip, batch->out.len - skip)
	                             : 0;
}

int pl_redline_stream_json(const pl_redline *r, const pl_redline_render *render, pl_write_fn write,
                           void *context)
{
	pl_buf head = PL_BUF_INIT;
	put_head(&head, r, render);
	int rc = write(context, head.ptr, head.len);
	pl_buf_free(&head);
	/* Two batches at a time, the second on a thread of its own, each
	 * written as if a point came before it; their buffers are used again
	 * and again, so the output never lies in memory whole. */
	point_range batches[2] = {{PL_BUF_INIT, r, render, 0, 0, 1},
	                          {PL_BUF_INIT, r, render, 0, 0, 1}};
	size_t shown = 0;
	for (size_t first = 0; rc == 0 && first < r->point_count; first += 2 * STREAM_BATCH) {
		for (int k = 0; k < 2; k++) {
			size_t from = first + (size_t)k * STREAM_BATCH;
			batches[k].first = from < r->point_count ? from : r->point_count;
			batches[k].last = from + STREAM_BATCH < r->point_count ? from + STREAM_BATCH
			                                                       : r->point_count;
			batches[k].shown = 1;
			pl_buf_clear(&batches[k].out);
		}
		pthread_t thread;
		int threaded = batches[1].first < batches[1].last &&
		               pthread_create(&thread, NULL, put_point_range, &batches[1]) == 0;
		put_point_range(&batches[0]);
		if (threaded)
			pthread_join(thread, NULL);
		else
			put_point_range(&batches[1]);
		rc = stream_batch(&batches[0], &shown, write, context);
		if (rc == 0)
			rc = stream_batch(&batches[1], &shown, write, context);
	}
	pl_buf_free(&batches[0].out);
	pl_buf_free(&batches[1].out);
	return rc ? rc : write(context, "]}\n", 3);
}
