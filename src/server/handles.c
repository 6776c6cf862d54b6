/* handles.c — one negotiation handle per thread, opened on first use: a
 * handle is used by one thread at a time (negotiation.h), and keeping it
 * keeps its prepared statements, its replayed state of authority and its
 * cached version warm from one request to the next. The first handle
 * (opened by serve_run before any thread starts, and used by none after)
 * replays and verifies the record; every other one starts from its state
 * (pl_negotiation_open_sibling) and catches up, so that the record is
 * verified once at start, not once per thread. The handles are listed so
 * that the server closes them all when it stops, after the threads have
 * ended. */
#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "parley/mem.h"

static _Thread_local pl_negotiation *thread_handle;
/* How many times the record changed (serve_changed), and how many of
 * them this thread's handle has caught up with. */
static _Atomic uint64_t changes = 1;
static _Thread_local uint64_t thread_caught_up;
static pthread_mutex_t handles_lock = PTHREAD_MUTEX_INITIALIZER;
static pl_negotiation **handles;
static size_t handle_count, handle_capacity;

/* Opens a handle, the first from the record, the others from the first;
 * listed for serve_handles_close_all when keep is set. */
static int open_handle(server *s, int keep, pl_negotiation **out, pl_error *err)
{
	const serve_config *config = serve_config_of(s);
	pl_open_options options = {
	    .path = config->db_path,
	    .busy_timeout_ms = 5000,
	    .clock = config->clock,
	};
	pthread_mutex_lock(&handles_lock);
	int rc = handle_count ? pl_negotiation_open_sibling(handles[0], &options, out, err)
	                      : pl_negotiation_open(out, &options, err);
	if (rc == 0 && keep) {
		handles = pl_grow(handles, &handle_capacity, handle_count + 1, sizeof *handles);
		handles[handle_count++] = *out;
	}
	pthread_mutex_unlock(&handles_lock);
	return rc;
}

int serve_handle(server *s, pl_negotiation **out, pl_error *err)
{
	if (!thread_handle) {
		int rc = open_handle(s, 1, &thread_handle, err);
		if (rc)
			return rc;
		pl_negotiation_assume_current(thread_handle, 1);
		thread_caught_up = 0;
	}
	/* Read before catching up: a change counted meanwhile is caught up
	 * with at the next request. */
	uint64_t now = atomic_load(&changes);
	if (thread_caught_up != now) {
		int rc = pl_negotiation_catch_up(thread_handle, err);
		if (rc)
			return rc;
		thread_caught_up = now;
	}
	*out = thread_handle;
	return 0;
}

void serve_changed(void)
{
	atomic_fetch_add(&changes, 1);
}

int serve_handle_open(server *s, pl_negotiation **out, pl_error *err)
{
	return open_handle(s, 0, out, err);
}

void serve_handles_close_all(void)
{
	pthread_mutex_lock(&handles_lock);
	for (size_t i = 0; i < handle_count; i++)
		pl_negotiation_close(handles[i]);
	free(handles);
	handles = NULL;
	handle_count = handle_capacity = 0;
	pthread_mutex_unlock(&handles_lock);
	thread_handle = NULL;
}
