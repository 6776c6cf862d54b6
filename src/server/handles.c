/* handles.c — one negotiation handle per thread, opened on first use: a
 * handle is used by one thread at a time (negotiation.h), and keeping it
 * keeps its prepared statements, its replayed state of authority and its
 * cached version warm from one request to the next. The handles are
 * listed so that the server closes them all when it stops, after the
 * threads have ended. */
#include "server.h"

#include <pthread.h>
#include <stdlib.h>

#include "parley/mem.h"

static _Thread_local pl_negotiation *thread_handle;
static pthread_mutex_t handles_lock = PTHREAD_MUTEX_INITIALIZER;
static pl_negotiation **handles;
static size_t handle_count, handle_capacity;

int serve_handle(server *s, pl_negotiation **out, pl_error *err)
{
	if (thread_handle) {
		*out = thread_handle;
		return 0;
	}
	const serve_config *config = serve_config_of(s);
	pl_open_options options = {
	    .path = config->db_path,
	    .busy_timeout_ms = 5000,
	    .clock = config->clock,
	};
	int rc = pl_negotiation_open(&thread_handle, &options, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&handles_lock);
	handles = pl_grow(handles, &handle_capacity, handle_count + 1, sizeof *handles);
	handles[handle_count++] = thread_handle;
	pthread_mutex_unlock(&handles_lock);
	*out = thread_handle;
	return 0;
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
