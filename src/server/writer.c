/* writer.c — the one thread that records signed changes: group commit.
 *
 * POST /api/commit queues its parley.signed/1 body and suspends its
 * connection (the worker thread goes on serving others). The writer takes
 * every commit queued (up to SERVE_GROUP_MAX), records each in a savepoint
 * of one transaction (pl_negotiation_begin ... pl_negotiation_commit), so
 * that each succeeds or fails alone but all share one fsync of the WAL,
 * then resumes the connections: a change is acknowledged only once the
 * transaction holding it is durable (WAL, synchronous=FULL). While one
 * group is being written the next gathers, so the group grows with the
 * load. One writer also means that concurrent changes to one track are
 * chained one after the other, never forked. */
#include "api.h"

#include <microhttpd.h>
#include <string.h>

#include "parley/mem.h"
#include "parley/signing.h"

typedef struct commit_job {
	struct commit_job *next;
	struct MHD_Connection *connection;
	char delegate[PL_NAME_MAX + 1];
	uint8_t public_key[32];
	char *body;
	size_t len;
	int done, abandoned, rc;
	int enrol; /* acting as no one: the statement names its delegate */
	pl_buf out;
	pl_error err;
} commit_job;

struct server_writer {
	server *server;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	commit_job *head, *tail;
	int stopping, started;
	pl_negotiation *n;
	/* What the groups were like, for docs/server.md's figures. */
	size_t groups, commits, largest;
};

static struct server_writer the_writer;

static void free_job(commit_job *job)
{
	pl_buf_free(&job->out);
	free(job->body);
	free(job);
}

/* Records one group; every job gets its rc (and its answer in out). */
static void write_group(struct server_writer *w, commit_job **jobs, size_t count)
{
	pl_error err;
	int window = serve_config_of(w->server)->window_s;
	int rc = pl_negotiation_begin(w->n, &err);
	for (size_t i = 0; i < count; i++) {
		commit_job *job = jobs[i];
		if (rc) {
			job->rc = rc;
			job->err = err;
			continue;
		}
		if (job->enrol)
			pl_negotiation_act_clear(w->n);
		else
			job->rc = pl_negotiation_act_as_key(w->n, job->delegate, job->public_key,
			                                    &job->err);
		/* An enrolment code travels out of band: its statement may be a
		 * few minutes old (pl_enrol_sign's "at"). */
		if (job->rc == 0)
			job->rc = pl_negotiation_commit_signed(w->n, job->body, job->len,
			                                       job->enrol ? 300 : window, &job->out,
			                                       &job->err);
		if (job->rc)
			pl_buf_clear(&job->out);
	}
	pl_negotiation_act_clear(w->n);
	if (rc == 0 && (rc = pl_negotiation_commit(w->n, &err)) != 0)
		for (size_t i = 0; i < count; i++)
			if (jobs[i]->rc == 0) {
				jobs[i]->rc = rc;
				jobs[i]->err = err;
				pl_buf_clear(&jobs[i]->out);
			}
	w->groups++;
	w->commits += count;
	if (count > w->largest)
		w->largest = count;
}

static void *writer_main(void *context)
{
	struct server_writer *w = context;
	commit_job **group = pl_calloc(SERVE_GROUP_MAX, sizeof *group);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->cond, &w->lock);
		size_t count = 0;
		while (w->head && count < SERVE_GROUP_MAX) {
			group[count++] = w->head;
			w->head = w->head->next;
		}
		if (!w->head)
			w->tail = NULL;
		int stopping = w->stopping;
		pthread_mutex_unlock(&w->lock);
		if (count == 0 && stopping)
			break;
		write_group(w, group, count);
		serve_changed(); /* before any answer: a reader sees its own change */
		pthread_mutex_lock(&w->lock);
		for (size_t i = 0; i < count; i++) {
			commit_job *job = group[i];
			job->done = 1;
			if (job->abandoned)
				free_job(job);
			else
				MHD_resume_connection(job->connection);
		}
		pthread_mutex_unlock(&w->lock);
		serve_events_wake(w->server);
	}
	free(group);
	return NULL;
}

int serve_writer_start(server *s, pl_error *err)
{
	struct server_writer *w = &the_writer;
	memset(w, 0, sizeof *w);
	w->server = s;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	int rc = serve_handle_open(s, &w->n, err);
	if (rc)
		return rc;
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		pl_negotiation_close(w->n);
		w->n = NULL;
		return pl_error_set(err, PL_EIO, "cannot start the writer thread");
	}
	w->started = 1;
	return 0;
}

void serve_writer_stats(size_t *groups, size_t *commits, size_t *largest)
{
	*groups = the_writer.groups;
	*commits = the_writer.commits;
	*largest = the_writer.largest;
}

void serve_writer_stop(server *s)
{
	(void)s;
	struct server_writer *w = &the_writer;
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pl_negotiation_close(w->n);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	w->started = 0;
}

int serve_commit_queue(serve_request *r)
{
	struct server_writer *w = &the_writer;
	if (r->body_len == 0)
		return serve_fail(r, 400, "invalid", "the request needs a parley.signed/1 body");
	commit_job *job = pl_calloc(1, sizeof *job);
	job->connection = r->connection;
	job->enrol = r->enrol;
	snprintf(job->delegate, sizeof job->delegate, "%s", r->delegate);
	memcpy(job->public_key, r->public_key, 32);
	job->body = pl_strndup(r->body, r->body_len);
	job->len = r->body_len;
	pl_buf_init(&job->out);
	pthread_mutex_lock(&w->lock);
	if (w->stopping) {
		pthread_mutex_unlock(&w->lock);
		free_job(job);
		return serve_fail(r, 503, "busy", "the server is stopping");
	}
	/* Suspended before the writer can see it, so that its resume never
	 * comes first. */
	MHD_suspend_connection(r->connection);
	r->suspended = 1;
	r->job = job;
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int serve_commit_finish(serve_request *r)
{
	struct server_writer *w = &the_writer;
	commit_job *job = r->job;
	pthread_mutex_lock(&w->lock);
	r->job = NULL;
	pthread_mutex_unlock(&w->lock);
	int rc = job->rc;
	if (rc == 0) {
		pl_buf_put(&r->out, job->out.ptr, job->out.len);
		if (!r->out.len || r->out.ptr[r->out.len - 1] != '\n')
			pl_buf_putc(&r->out, '\n');
		serve_content_type(r, "json");
	} else {
		r->err = job->err;
	}
	free_job(job);
	return rc;
}

void serve_commit_forget(void *job_pointer)
{
	struct server_writer *w = &the_writer;
	commit_job *job = job_pointer;
	pthread_mutex_lock(&w->lock);
	if (job->done)
		free_job(job);
	else
		job->abandoned = 1;
	pthread_mutex_unlock(&w->lock);
}

int api_commit(serve_request *r)
{
	return serve_commit_queue(r);
}

/* The key an enrolment's (only) statement enrols, as 64 hex digits, or
 * NULL when the body is not one enrolment. */
static int enrolled_key(serve_request *r, char hex[65])
{
	int rc = serve_body_json(r);
	if (rc)
		return rc;
	json_t *statements = json_object_get(r->json, "statements");
	const char *text =
	    json_string_value(json_object_get(json_array_get(statements, 0), "statement"));
	json_t *statement =
	    text && json_array_size(statements) == 1 ? json_loads(text, 0, NULL) : NULL;
	const char *kind = json_string_value(json_object_get(statement, "kind"));
	const char *key =
	    json_string_value(json_object_get(json_object_get(statement, "payload"), "public_key"));
	rc = kind && strcmp(kind, "delegate.enrol") == 0 && key && strlen(key) == 64 ? 0 : 1;
	if (rc == 0)
		memcpy(hex, key, 65);
	json_decref(statement);
	return rc ? serve_fail(r, 400, "invalid",
	                       "the body must be one enrolment (parley.signed/1 with one "
	                       "delegate.enrol statement)")
	          : 0;
}

int api_enrol(serve_request *r)
{
	int rc = serve_authenticate_new_key(r, r->address);
	char hex[65], signer[65];
	if (rc == 0)
		rc = enrolled_key(r, hex);
	for (int i = 0; rc == 0 && i < 32; i++)
		snprintf(signer + 2 * i, 3, "%02x", r->public_key[i]);
	if (rc == 0 && strcmp(hex, signer) != 0)
		return serve_fail(r, 401, "bad_signature",
		                  "the request is not signed by the key it enrols");
	if (rc)
		return rc;
	r->enrol = 1;
	return serve_commit_queue(r);
}
