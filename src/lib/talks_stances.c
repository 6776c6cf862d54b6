/* talks_stances.c — every party's stance and note on each point of a
 * version, for `show --positions`: the matrix read point by point. */
#include "parley/format.h"
#include "parley/mem.h"
#include "parley/record.h"
#include "parley/talks.h"
#include "talks_int.h"

#include <stdlib.h>
#include <string.h>

static int by_point_id(const void *left, const void *right)
{
	const pl_point_stances *a = left, *b = right;
	return strcmp(a->point_id, b->point_id);
}

/* The stances taken on point (undecided ones left out), in party order. */
static void point_stances(stance_view *s, const pl_table *parties, const pl_point *point,
                          pl_point_stances *out)
{
	out->point_id = pl_strdup(point->id);
	out->items = pl_calloc(parties->rows ? parties->rows : 1, sizeof *out->items);
	for (size_t r = 0; r < parties->rows; r++) {
		int stale;
		const char *party = pl_table_cell(parties, r, 0);
		const position *p = pl_position_of(s, party, point, &stale);
		if (!p || strcmp(p->stance, "undecided") == 0)
			continue;
		out->items[out->count++] =
		    (pl_stance_note){pl_strdup(party), pl_strdup(p->stance),
		                     p->note ? pl_strdup(p->note) : NULL, stale};
	}
}

int pl_point_stances_load(pl_negotiation *n, const char *ref, pl_point_stances **out, size_t *count,
                          pl_error *err)
{
	pl_resolved v;
	stance_view s;
	pl_table *parties = NULL;
	*out = NULL;
	*count = 0;
	int rc = pl_neg_resolve(n, ref, &v, err);
	if (rc)
		return rc;
	rc = pl_stance_view_open(&s, n, &v, err);
	if (rc == 0)
		rc = pl_party_list(n, &parties, err);
	if (rc == 0) {
		*count = s.doc->point_count;
		*out = pl_calloc(*count ? *count : 1, sizeof **out);
		for (size_t i = 0; i < *count; i++)
			point_stances(&s, parties, &s.doc->points[i], &(*out)[i]);
		qsort(*out, *count, sizeof **out, by_point_id);
	}
	pl_table_free(parties);
	pl_stance_view_close(&s);
	return rc;
}

const pl_point_stances *pl_point_stances_find(const pl_point_stances *all, size_t count,
                                              const char *point_id)
{
	if (!all || !point_id)
		return NULL;
	pl_point_stances key = {.point_id = (char *)point_id};
	return bsearch(&key, all, count, sizeof *all, by_point_id);
}

void pl_point_stances_free(pl_point_stances *all, size_t count)
{
	for (size_t i = 0; all && i < count; i++) {
		for (size_t k = 0; k < all[i].count; k++) {
			free(all[i].items[k].party);
			free(all[i].items[k].stance);
			free(all[i].items[k].note);
		}
		free(all[i].items);
		free(all[i].point_id);
	}
	free(all);
}
