/* events.c — GET /api/events: Server-Sent Events, one stream per client.
 *
 * A stream is a response read by callback on its connection's worker
 * thread. Each read asks the library for the events after the stream's
 * cursor that its delegate may see (pl_feed_list, the viewer rule) and
 * writes them as
 *   id: N\nevent: KIND\ndata: {"track":..,"seq":..,"kind":..,"at":..,"actor":..}\n\n
 * With nothing to send, the connection is suspended (no thread waits on
 * it); the writer resumes every stream after each commit, and a heartbeat
 * thread every SERVE_HEARTBEAT_S seconds, when an idle stream sends a
 * comment line (which is also how a client that went away is noticed). */
#include "api.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/feed.h"
#include "parley/mem.h"
#include "parley/signing.h"

typedef struct stream {
	struct stream *next, *prev;
	server *server;
	struct MHD_Connection *connection;
	char delegate[PL_NAME_MAX + 1];
	uint8_t public_key[32];
	int64_t cursor;
	int suspended, ended;
	pl_buf pending;
	size_t sent; /* bytes of pending already sent */
	time_t last_write;
} stream;

struct server_events {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	stream *streams;
	size_t count;
	uint64_t generation; /* counts wakes: a read that raced one does not sleep */
	int stopping, started;
	pthread_t heartbeat;
	server *server;
};

static struct server_events the_events;

/* Resumes every suspended stream; called with the lock held. */
static void resume_all(struct server_events *e)
{
	e->generation++;
	for (stream *s = e->streams; s; s = s->next)
		if (s->suspended) {
			s->suspended = 0;
			MHD_resume_connection(s->connection);
		}
}

void serve_events_wake(server *s)
{
	(void)s;
	struct server_events *e = &the_events;
	if (!e->started)
		return;
	pthread_mutex_lock(&e->lock);
	resume_all(e);
	pthread_mutex_unlock(&e->lock);
}

/* A hundred times a second (or at once on PostgreSQL, which tells by
 * NOTIFY): another process (the CLI, another server) may have written the
 * database, which the writer does not know of; the record's last event id
 * tells, and then the workers' handles catch up at their next request
 * (serve_changed) and the streams wake. Every SERVE_HEARTBEAT_S seconds
 * every stream is woken anyway, for its heartbeat. */
static void *heartbeat_main(void *context)
{
	struct server_events *e = context;
	pl_negotiation *n = NULL;
	int64_t last = -1;
	int listening = 1; /* until the database says it cannot tell */
	time_t beat = time(NULL);
	pthread_mutex_lock(&e->lock);
	while (!e->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += SERVE_POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		/* A database that tells of appends (PostgreSQL's LISTEN) is
		 * waited on instead of the clock: a change in another process
		 * reaches the streams as soon as it commits. */
		pl_error err;
		if (!listening || !n)
			pthread_cond_timedwait(&e->cond, &e->lock, &until);
		if (e->stopping)
			continue;
		pthread_mutex_unlock(&e->lock);
		if (listening && n)
			listening = pl_feed_wait(n, SERVE_WATCH_MS, &err) == 0;
		int64_t now_last = last;
		if (n || serve_handle(e->server, &n, &err) == 0)
			pl_feed_last(n, &now_last, &err);
		if (last >= 0 && now_last != last)
			serve_changed();
		time_t now = time(NULL);
		pthread_mutex_lock(&e->lock);
		if (e->streams &&
		    ((last >= 0 && now_last != last) || now - beat >= SERVE_HEARTBEAT_S)) {
			resume_all(e);
			beat = now;
		}
		last = now_last;
	}
	pthread_mutex_unlock(&e->lock);
	return NULL;
}

int serve_events_start(server *s, pl_error *err)
{
	struct server_events *e = &the_events;
	memset(e, 0, sizeof *e);
	e->server = s;
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->cond, NULL);
	if (pthread_create(&e->heartbeat, NULL, heartbeat_main, e) != 0)
		return pl_error_set(err, PL_EIO, "cannot start the event streams' thread");
	e->started = 1;
	return 0;
}

void serve_events_stop(server *s)
{
	(void)s;
	struct server_events *e = &the_events;
	if (!e->started)
		return;
	pthread_mutex_lock(&e->lock);
	e->stopping = 1;
	resume_all(e);
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lock);
	pthread_join(e->heartbeat, NULL);
	/* The streams end at their next read; the daemon frees them. */
}

static void put_event(pl_buf *out, const pl_feed_event *event)
{
	json_t *data = json_pack("{s:s,s:I,s:s,s:s,s:s?}", "track", event->track, "seq",
	                         (json_int_t)event->seq, "kind", event->kind, "at", event->at,
	                         "actor", event->actor[0] ? event->actor : NULL);
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(data);
	if (!text)
		return;
	pl_buf_printf(out, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)event->id, event->kind,
	              text);
	free(text);
}

/* Fills s->pending with what is new for the stream's delegate. Returns 0,
 * or nonzero when the stream must end (the key was revoked). */
static int gather(stream *s)
{
	pl_negotiation *n;
	pl_error err;
	if (serve_handle(s->server, &n, &err))
		return 0; /* try again at the next wake */
	if (pl_negotiation_act_as_key(n, s->delegate, s->public_key, &err))
		return 1;
	pl_feed_event *events = NULL;
	size_t count = 0;
	int64_t last = s->cursor;
	if (pl_feed_list(n, s->cursor, 64, &events, &count, &last, &err) == 0) {
		for (size_t i = 0; i < count; i++)
			put_event(&s->pending, &events[i]);
		s->cursor = last;
	}
	pl_feed_free(events);
	pl_negotiation_act_clear(n);
	return 0;
}

static ssize_t read_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	stream *s = cls;
	struct server_events *e = &the_events;
	if (s->sent == s->pending.len) {
		pl_buf_clear(&s->pending);
		s->sent = 0;
		pthread_mutex_lock(&e->lock);
		uint64_t generation = e->generation;
		int stopping = e->stopping;
		pthread_mutex_unlock(&e->lock);
		if (stopping || s->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (gather(s))
			return MHD_CONTENT_READER_END_OF_STREAM;
		time_t now = time(NULL);
		if (!s->pending.len && now - s->last_write >= SERVE_HEARTBEAT_S)
			pl_buf_puts(&s->pending, ": keep-alive\n\n");
		if (!s->pending.len) {
			pthread_mutex_lock(&e->lock);
			if (generation == e->generation && !e->stopping) {
				s->suspended = 1;
				MHD_suspend_connection(s->connection);
			}
			pthread_mutex_unlock(&e->lock);
			return 0;
		}
	}
	size_t n = s->pending.len - s->sent;
	if (n > max)
		n = max;
	memcpy(buf, s->pending.ptr + s->sent, n);
	s->sent += n;
	s->last_write = time(NULL);
	return (ssize_t)n;
}

static void free_stream(void *cls)
{
	stream *s = cls;
	struct server_events *e = &the_events;
	pthread_mutex_lock(&e->lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		e->streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	e->count--;
	pthread_mutex_unlock(&e->lock);
	pl_buf_free(&s->pending);
	free(s);
}

/* Where the stream starts: ?since=ID, else Last-Event-ID (a reconnecting
 * browser), else now. */
static int start_cursor(serve_request *r, int64_t *out)
{
	const char *since = serve_query(r, "since");
	if (!since)
		since =
		    MHD_lookup_connection_value(r->connection, MHD_HEADER_KIND, "Last-Event-ID");
	if (!since) {
		pl_error err;
		return pl_feed_last(r->n, out, &err) ? serve_fail(r, 500, "internal",
		                                                  "reading the "
		                                                  "record failed")
		                                     : 0;
	}
	char *end;
	long long value = strtoll(since, &end, 10);
	if (!*since || *end || value < 0 || strlen(since) > 18)
		return serve_fail(r, 400, "invalid",
		                  "since takes an event id (a whole number), "
		                  "not '%.32s'",
		                  since);
	*out = value;
	return 0;
}

int api_events(serve_request *r)
{
	struct server_events *e = &the_events;
	int64_t cursor;
	int rc = start_cursor(r, &cursor);
	if (rc)
		return rc;
	stream *s = pl_calloc(1, sizeof *s);
	s->server = r->server;
	s->connection = r->connection;
	s->cursor = cursor;
	s->last_write = time(NULL);
	snprintf(s->delegate, sizeof s->delegate, "%s", r->delegate);
	memcpy(s->public_key, r->public_key, 32);
	pl_buf_init(&s->pending);
	pl_buf_puts(&s->pending, "retry: 2000\n\n");
	pthread_mutex_lock(&e->lock);
	if (e->count >= SERVE_STREAMS_MAX || e->stopping) {
		pthread_mutex_unlock(&e->lock);
		pl_buf_free(&s->pending);
		free(s);
		return serve_fail(r, 503, "busy", "too many event streams are open");
	}
	s->next = e->streams;
	if (e->streams)
		e->streams->prev = s;
	e->streams = s;
	e->count++;
	pthread_mutex_unlock(&e->lock);
	struct MHD_Response *response =
	    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_stream, s, free_stream);
	if (!response) {
		free_stream(s);
		return serve_fail(r, 500, "internal", "cannot start the stream");
	}
	MHD_add_response_header(response, "Content-Type", "text/event-stream");
	MHD_add_response_header(response, "Cache-Control", "no-store");
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(response, "Content-Security-Policy", "default-src 'none'");
	MHD_add_response_header(response, "X-Accel-Buffering", "no");
	MHD_queue_response(r->connection, 200, response);
	MHD_destroy_response(response);
	r->status = 200;
	return 1;
}
