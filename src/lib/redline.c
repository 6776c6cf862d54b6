/* redline.c — structural comparison of two plans (see parley/redline.h). */
#include "match_int.h"
#include "parley/mem.h"
#include "parley/redline.h"
#include "redline_int.h"
#include "strmap_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

/* Up to this many sub-items a side, diff_items needs no allocation to
 * pair them. */
enum { ITEMS_ON_STACK = 32 };

/* Diffs two texts, or records them as identical without tokenizing: most
 * points of a new draft are untouched, and the outputs print an unchanged
 * text as it is. Changed texts are tokenized only where they differ. */
static int diff_texts(pl_text_diff *out, const char *a, const char *b, unsigned options,
                      pl_change *change, pl_trim_scratch *scratch, pl_error *err)
{
	if (strcmp(a, b) == 0) {
		memset(out, 0, sizeof *out);
		out->a = a;
		out->b = b;
		*change = PL_CHANGE_UNCHANGED;
		return 0;
	}
	return pl_text_diff_trimmed(out, change, a, b, options, scratch, err);
}

static pl_change worse(pl_change x, pl_change y)
{
	return x > y ? x : y;
}

/* The words of a whole point, for the counts of added and deleted ones. */
static size_t point_words(const pl_point *point, unsigned options)
{
	size_t words = pl_token_word_count(point->text, options);
	for (size_t k = 0; k < point->item_count; k++)
		words += pl_token_word_count(point->items[k].text, options);
	return words;
}

static void add_deleted_item(pl_point_diff *pd, const pl_item *item, unsigned options,
                             pl_change *overall)
{
	pl_item_diff *id = &pd->items[pd->item_count++];
	id->a = item;
	id->change = PL_CHANGE_DELETED;
	id->text.words_a = id->text.words_deleted = pl_token_word_count(item->text, options);
	*overall = PL_CHANGE_SUBSTANTIVE;
}

/* Sub-items pair by label, then by identical text; the rest are added or
 * deleted. Deleted items follow the item that preceded them. */
static int diff_items(pl_point_diff *pd, unsigned options, pl_change *overall,
                      pl_trim_scratch *scratch, pl_error *err)
{
	size_t na = pd->a->item_count, nb = pd->b->item_count;
	if (!na && !nb)
		return 0; /* most points: no arrays to allocate */
	/* Most points have a few items: their pairing lives on the stack. */
	size_t partner_room[ITEMS_ON_STACK];
	unsigned char taken_room[ITEMS_ON_STACK];
	size_t *partner =
	    nb < ITEMS_ON_STACK ? partner_room : pl_malloc((nb + 1) * sizeof *partner);
	unsigned char *taken = na < ITEMS_ON_STACK ? taken_room : pl_malloc(na + 1);
	memset(taken, 0, na + 1);
	size_t paired = 0;
	for (size_t j = 0; j < nb; j++) {
		partner[j] = NONE;
		for (size_t i = 0; i < na && partner[j] == NONE; i++)
			if (!taken[i] && strcmp(pd->a->items[i].label, pd->b->items[j].label) == 0)
				partner[j] = i;
		for (size_t i = 0; i < na && partner[j] == NONE; i++)
			if (!taken[i] && strcmp(pd->a->items[i].text, pd->b->items[j].text) == 0)
				partner[j] = i;
		if (partner[j] != NONE)
			taken[partner[j]] = 1;
		paired += partner[j] != NONE;
	}
	/* Exactly the entries written below: in a large redline these arrays
	 * are a good part of the memory it takes. */
	pd->items = pl_calloc(na + nb - paired, sizeof *pd->items);
	int rc = 0;
	/* a's unpaired items before its first paired one lead; every other
	 * unpaired item follows the item that preceded it in a. */
	for (size_t i = 0; i < na && !taken[i]; i++)
		add_deleted_item(pd, &pd->a->items[i], options, overall);
	for (size_t j = 0; j < nb && rc == 0; j++) {
		pl_item_diff *id = &pd->items[pd->item_count++];
		id->b = &pd->b->items[j];
		if (partner[j] == NONE) {
			id->change = PL_CHANGE_ADDED;
			id->text.words_b = id->text.words_inserted =
			    pl_token_word_count(id->b->text, options);
			*overall = PL_CHANGE_SUBSTANTIVE;
			continue;
		}
		id->a = &pd->a->items[partner[j]];
		rc = diff_texts(&id->text, id->a->text, id->b->text, options, &id->change, scratch,
		                err);
		*overall = worse(*overall, id->change);
		for (size_t i = partner[j] + 1; i < na && !taken[i]; i++)
			add_deleted_item(pd, &pd->a->items[i], options, overall);
	}
	if (partner != partner_room)
		free(partner);
	if (taken != taken_room)
		free(taken);
	return rc;
}

static const char *heading_of(const pl_doc *doc, size_t part)
{
	return part == PL_NO_PART ? "" : doc->parts[part].heading;
}

static int diff_point(pl_redline *r, pl_point_diff *pd, const size_t *part_map, unsigned options,
                      pl_trim_scratch *scratch, pl_error *err)
{
	pl_change overall;
	int rc = diff_texts(&pd->text, pd->a->text, pd->b->text, options, &overall, scratch, err);
	pd->text_change = overall;
	if (rc == 0)
		rc = diff_items(pd, options, &overall, scratch, err);
	if (rc)
		return rc;
	pd->relabelled = strcmp(pd->a->label, pd->b->label) != 0;
	size_t mapped = pd->a->part == PL_NO_PART ? PL_NO_PART : part_map[pd->a->part];
	pd->moved = mapped != pd->b->part &&
	            strcmp(heading_of(r->a, pd->a->part), heading_of(r->b, pd->b->part)) != 0;
	if (overall == PL_CHANGE_UNCHANGED && (pd->relabelled || pd->moved))
		overall = PL_CHANGE_MOVED;
	pd->change = overall;
	return 0;
}

/* Parts pair by identical heading, then by position among the rest. */
static size_t *match_parts(const pl_doc *a, const pl_doc *b)
{
	size_t *map = pl_malloc((a->part_count + 1) * sizeof *map);
	unsigned char *used = pl_calloc(b->part_count + 1, 1);
	for (size_t i = 0; i < a->part_count; i++) {
		map[i] = NONE;
		for (size_t j = 0; j < b->part_count && map[i] == NONE; j++)
			if (!used[j] && strcmp(a->parts[i].heading, b->parts[j].heading) == 0)
				map[i] = j;
		if (map[i] != NONE)
			used[map[i]] = 1;
	}
	for (size_t i = 0; i < a->part_count; i++)
		if (map[i] == NONE && i < b->part_count && !used[i]) {
			map[i] = i;
			used[i] = 1;
		}
	free(used);
	return map;
}

static int diff_parts(pl_redline *r, const size_t *part_map, unsigned options,
                      pl_trim_scratch *scratch, pl_error *err)
{
	const pl_doc *a = r->a, *b = r->b;
	r->parts = pl_calloc(a->part_count + b->part_count + 1, sizeof *r->parts);
	for (size_t j = 0; j < b->part_count; j++) {
		pl_part_diff *pd = &r->parts[r->part_count++];
		pd->b = &b->parts[j];
		pd->change = PL_CHANGE_ADDED;
		for (size_t i = 0; i < a->part_count; i++)
			if (part_map[i] == j)
				pd->a = &a->parts[i];
		if (pd->a) {
			int rc = diff_texts(&pd->heading, pd->a->heading, pd->b->heading, options,
			                    &pd->change, scratch, err);
			if (rc)
				return rc;
		}
	}
	for (size_t i = 0; i < a->part_count; i++)
		if (part_map[i] == NONE) {
			pl_part_diff *pd = &r->parts[r->part_count++];
			pd->a = &a->parts[i];
			pd->change = PL_CHANGE_DELETED;
		}
	return 0;
}

/* For each point of b, the index of its partner in a (or NONE): by stable
 * id, or by the import's matching rules. */
static size_t *pair_points(const pl_doc *a, const pl_doc *b, int by_id)
{
	size_t *partner = pl_malloc((b->point_count + 1) * sizeof *partner);
	if (!by_id) {
		pl_match_points(b, a, partner);
		return partner;
	}
	pl_strmap ids;
	pl_strmap_init(&ids);
	for (size_t i = 0; i < a->point_count; i++)
		if (a->points[i].id)
			pl_strmap_put(&ids, a->points[i].id, strlen(a->points[i].id), i);
	for (size_t j = 0; j < b->point_count; j++) {
		const char *id = b->points[j].id;
		if (!id || !pl_strmap_get(&ids, id, strlen(id), &partner[j]))
			partner[j] = NONE;
	}
	pl_strmap_free(&ids);
	return partner;
}

/* Orders the diffs: b's points in order; each deleted point of a right
 * after the entry of the a point before it. */
static void lay_out_points(pl_redline *r, const size_t *partner)
{
	const pl_doc *a = r->a, *b = r->b;
	size_t *where = pl_malloc((a->point_count + 1) * sizeof *where); /* a -> b index */
	for (size_t i = 0; i < a->point_count; i++)
		where[i] = NONE;
	for (size_t j = 0; j < b->point_count; j++)
		if (partner[j] != NONE)
			where[partner[j]] = j;
	r->points = pl_calloc(a->point_count + b->point_count + 1, sizeof *r->points);
	/* Deleted points before any surviving one come first. */
	size_t i = 0;
	for (; i < a->point_count && where[i] == NONE; i++)
		r->points[r->point_count++].a = &a->points[i];
	for (size_t j = 0; j < b->point_count; j++) {
		pl_point_diff *pd = &r->points[r->point_count++];
		pd->b = &b->points[j];
		if (partner[j] == NONE)
			continue;
		pd->a = &a->points[partner[j]];
		for (size_t k = partner[j] + 1; k < a->point_count && where[k] == NONE; k++)
			r->points[r->point_count++].a = &a->points[k];
	}
	free(where);
}

/* The points of one half of a redline (every other point), for a thread. */
typedef struct point_job {
	pl_redline *r;
	const size_t *part_map;
	unsigned tokens;
	size_t first;
	int rc;
	pl_error err;
	pl_trim_scratch scratch;
} point_job;

static void *diff_points(void *arg)
{
	point_job *job = arg;
	pl_redline *r = job->r;
	for (size_t k = job->first; job->rc == 0 && k < r->point_count; k += 2) {
		pl_point_diff *pd = &r->points[k];
		if (!pd->a) {
			pd->change = PL_CHANGE_ADDED;
			pd->text.words_b = pd->text.words_inserted =
			    point_words(pd->b, job->tokens);
		} else if (!pd->b) {
			pd->change = PL_CHANGE_DELETED;
			pd->text.words_a = pd->text.words_deleted = point_words(pd->a, job->tokens);
		} else {
			job->rc =
			    diff_point(r, pd, job->part_map, job->tokens, &job->scratch, &job->err);
		}
	}
	return NULL;
}

/* Each point is redlined on its own: a large plan's points are shared
 * between two threads. */
static int diff_all_points(pl_redline *r, const size_t *part_map, unsigned tokens, pl_error *err)
{
	point_job jobs[2];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 2; i++) {
		jobs[i].r = r;
		jobs[i].part_map = part_map;
		jobs[i].tokens = tokens;
		jobs[i].first = (size_t)i;
	}
	pthread_t thread;
	int threaded =
	    r->point_count >= 512 && pthread_create(&thread, NULL, diff_points, &jobs[1]) == 0;
	diff_points(&jobs[0]);
	if (threaded)
		pthread_join(thread, NULL);
	else
		diff_points(&jobs[1]);
	int rc = 0;
	for (int i = 0; i < 2; i++) {
		if (jobs[i].rc && !rc) {
			if (err)
				*err = jobs[i].err;
			rc = jobs[i].rc;
		}
		pl_trim_scratch_free(&jobs[i].scratch);
	}
	return rc;
}

int pl_redline_compute(pl_redline **out, const pl_doc *a, const pl_doc *b,
                       const pl_redline_options *options, pl_error *err)
{
	pl_redline_options defaults = {0};
	if (!options)
		options = &defaults;
	pl_redline *r = pl_calloc(1, sizeof *r);
	r->a = a;
	r->b = b;
	r->matched_by_id = options->match_by_id;
	unsigned tokens = options->token_options;
	size_t *partner = pair_points(a, b, options->match_by_id);
	size_t *part_map = match_parts(a, b);
	lay_out_points(r, partner);
	pl_trim_scratch scratch;
	memset(&scratch, 0, sizeof scratch);
	int rc = diff_texts(&r->title, a->title ? a->title : "", b->title ? b->title : "", tokens,
	                    &r->title_change, &scratch, err);
	if (rc == 0)
		rc = diff_parts(r, part_map, tokens, &scratch, err);
	pl_trim_scratch_free(&scratch);
	if (rc == 0)
		rc = diff_all_points(r, part_map, tokens, err);
	for (size_t k = 0; rc == 0 && k < r->point_count; k++)
		r->counts[r->points[k].change]++;
	free(partner);
	free(part_map);
	if (rc) {
		pl_redline_free(r);
		*out = NULL;
		return rc;
	}
	*out = r;
	return 0;
}

int pl_redline_differs(const pl_redline *redline)
{
	if (redline->title_change != PL_CHANGE_UNCHANGED ||
	    redline->counts[PL_CHANGE_UNCHANGED] != redline->point_count)
		return 1;
	for (size_t i = 0; i < redline->part_count; i++)
		if (redline->parts[i].change != PL_CHANGE_UNCHANGED)
			return 1;
	return 0;
}

void pl_redline_free(pl_redline *r)
{
	if (!r)
		return;
	pl_text_diff_free(&r->title);
	for (size_t i = 0; i < r->part_count; i++)
		pl_text_diff_free(&r->parts[i].heading);
	for (size_t k = 0; k < r->point_count; k++) {
		pl_point_diff *pd = &r->points[k];
		pl_text_diff_free(&pd->text);
		for (size_t i = 0; i < pd->item_count; i++)
			pl_text_diff_free(&pd->items[i].text);
		free(pd->items);
	}
	free(r->parts);
	free(r->points);
	free(r);
}
