/* feed.c — the events a viewer may see, after a given one: what the
 * server streams as Server-Sent Events (feed.h). */
#include "parley/feed.h"

#include <jansson.h>
#include <string.h>

#include "negotiation_int.h"
#include "parley/mem.h"
#include "store_log_int.h"

typedef struct feed_walk {
	pl_negotiation *n;
	pl_feed_event *events;
	size_t count, capacity, max;
	int64_t last;
} feed_walk;

static void copy_text(char *out, size_t size, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (len >= size)
		len = size - 1;
	if (len)
		memcpy(out, text, len);
	out[len] = '\0';
}

/* A statement names its maker only on the record; below that level the
 * feed must not tell who spoke (or who recorded it). */
static int actor_shown(const char *kind, const char *payload)
{
	if (strcmp(kind, "statement.add") != 0)
		return 1;
	json_t *value = json_loads(payload ? payload : "", 0, NULL);
	const char *level = json_string_value(json_object_get(value, "level"));
	int shown = level && strcmp(level, "record") == 0;
	json_decref(value);
	return shown;
}

static int take_event(void *context, const pl_store_event *e, pl_error *err)
{
	(void)err;
	feed_walk *walk = context;
	if (walk->count == walk->max)
		return 0; /* the rest is for the next call: last stays before it */
	walk->last = e->id;
	const char *track = e->track;
	int64_t seq = e->seq;
	if (!track || !pl_neg_sees(walk->n, track, seq))
		return 0;
	walk->events =
	    pl_grow(walk->events, &walk->capacity, walk->count + 1, sizeof *walk->events);
	pl_feed_event *event = &walk->events[walk->count++];
	memset(event, 0, sizeof *event);
	event->id = walk->last;
	event->seq = seq;
	const char *kind = e->kind;
	copy_text(event->track, sizeof event->track, track);
	copy_text(event->kind, sizeof event->kind, kind);
	copy_text(event->at, sizeof event->at, e->at);
	if (kind && actor_shown(kind, e->payload))
		copy_text(event->actor, sizeof event->actor, e->actor);
	return 0;
}

int pl_feed_list(pl_negotiation *n, int64_t since, size_t max, pl_feed_event **out, size_t *count,
                 int64_t *last, pl_error *err)
{
	pl_neg_refresh(n);
	/* Looked at in pages of at most four times max, so that a viewer who
	 * sees little of a long record still gets on in bounded steps. */
	int64_t page = (int64_t)(max ? max : 1) * 4;
	feed_walk walk = {n, NULL, 0, 0, max ? max : 1, since};
	int rc = pl_store_events_since(n->store, since, page, take_event, &walk, err);
	if (rc) {
		free(walk.events);
		return rc;
	}
	*out = walk.events;
	*count = walk.count;
	*last = walk.last;
	return 0;
}

int pl_feed_last(pl_negotiation *n, int64_t *out, pl_error *err)
{
	return pl_store_last_event_id(n->store, out, err);
}

int pl_feed_wait(pl_negotiation *n, int timeout_ms, pl_error *err)
{
	return pl_store_wait_change(n->store, timeout_ms, err);
}

void pl_feed_free(pl_feed_event *events)
{
	free(events);
}
