/* store_pg.c — the PostgreSQL store (store_engine_int.h): the record in a
 * database server, for several `parley serve` processes and command-line
 * clients at once.
 *
 * One chain, many writers. Every write transaction first takes one
 * transaction-scoped advisory lock (pg_advisory_xact_lock), held until it
 * commits or rolls back: writers take turns, as they do on SQLite's file
 * lock. A writer reads a track's head and appends after it under the
 * lock, so no chain can fork; and since event ids are drawn under it too,
 * they are committed in their order, so that a process catching up "since
 * id N" (record_state.c) misses nothing. The lock waits at most the
 * store's busy timeout (lock_timeout), then fails as PL_EBUSY, as SQLite
 * does.
 *
 * Other processes learn of an append by LISTEN: a transaction that
 * appended sends NOTIFY parley_events as it commits; pl_store_wait_change
 * waits for one on a connection of its own. Nothing else is cached here
 * but prepared statements, which no other process can make stale.
 *
 * Dialect: the store's SQL is written once with ?N parameters, which are
 * numbered $N here; values go as text ('s', 'i') or binary ('b'), results
 * come back binary and are read by their column's type. Text columns are
 * COLLATE "C", so that ORDER BY sorts as SQLite does, by bytes. */
#include "store_engine_int.h"
#include "store_schema.h"
#include "parley/mem.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The key of the one advisory lock every writer takes: 'PRLY'. */
#define WRITE_LOCK     "1347570777"
#define NOTIFY_CHANNEL "parley_events"

/* Column types as pg_type numbers them (catalog/pg_type_d.h is a server
 * header). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25 };

typedef struct prepared {
	const char *sql; /* the caller's string literal, compared by address */
	char name[16];
} prepared;

typedef struct pg_store {
	pl_store base;
	PGconn *conn;
	PGconn *listener; /* LISTEN's own connection, opened by the first wait */
	char *conninfo;
	char *where;        /* the address without its password, for messages */
	char settings[256]; /* run on every connection */
	int busy_timeout_ms;
	int in_transaction;
	int appended;  /* this transaction appended an event: NOTIFY at commit */
	int pipelined; /* in libpq's pipeline mode, with pending writes */
	int broken;    /* libpq failed on its own: reconnect before the next statement */
	/* The last event's id, read once a transaction: under the write lock
	 * no one else appends, and this handle's appends update it. */
	int64_t version;
	int version_known;
	int pending; /* writes sent whose results are not read yet */
	/* The document last found by name inside this transaction: under the
	 * write lock only this handle changes it, and any change of
	 * documents (or a savepoint undone) forgets it. */
	pl_store_document doc_memo;
	int doc_memo_valid;
	prepared *cache;
	size_t cache_count, cache_capacity;
	const char **seen; /* statements run once, unprepared */
	size_t seen_count, seen_capacity;
} pg_store;

typedef struct pg_row {
	pl_store_row base;
	PGresult *result;
	int row;
	char (*numbers)[24]; /* integers asked for as text, per column */
} pg_row;

/* --- errors --------------------------------------------------------------- */

static int code_of(const char *state)
{
	if (!state)
		return PL_EIO;
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return PL_ECONFLICT; /* a constraint, or an append-only trigger */
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "57014") == 0)
		return PL_EBUSY;
	if (strcmp(state, "42501") == 0 || strcmp(state, "25006") == 0)
		return PL_EDENIED;
	return PL_EIO;
}

/* The first line of PostgreSQL's message. */
static void first_line(char *out, size_t size, const char *message)
{
	snprintf(out, size, "%s", message && message[0] ? message : "no answer");
	out[strcspn(out, "\n")] = '\0';
}

/* --- connecting --------------------------------------------------------------- */

/* The library never prints, and libpq's own notice processor writes
 * PostgreSQL's notices and warnings to stderr: they are dropped (the
 * server's log keeps its warnings). What fails comes as an error of its
 * statement. */
static void drop_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* How many items a comma-separated list has. */
static size_t list_count(const char *list)
{
	size_t count = 1;
	for (const char *c = list; *c; c++)
		count += *c == ',';
	return count;
}

/* The i-th of a comma-separated list ("" past its end); a list of one
 * serves every i, as libpq reads a port given once for several hosts. */
static void list_item(const char *list, size_t i, char *out, size_t size)
{
	if (list_count(list) == 1)
		i = 0;
	const char *at = list;
	for (; i > 0 && at; i--) {
		at = strchr(at, ',');
		at = at ? at + 1 : NULL;
	}
	size_t len = at ? strcspn(at, ",") : 0;
	snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), at ? at : "");
}

/* One connection attempt: started with PQconnectStartParams, so that its
 * notice processor is set before PostgreSQL's start-up can send a warning
 * (a database whose collation version no longer matches the system's C
 * library, after an upgrade, warns on every connection), then driven here
 * within timeout_s (0: no limit). NULL, with why, when it fails. */
static PGconn *connect_one(const char *const *keys, const char *const *values, int timeout_s,
                           char *why, size_t size)
{
	PGconn *conn = PQconnectStartParams(keys, values, 0);
	if (!conn) {
		snprintf(why, size, "out of memory");
		return NULL;
	}
	PQsetNoticeProcessor(conn, drop_notice, NULL);
	time_t deadline = timeout_s ? time(NULL) + timeout_s : 0;
	/* As libpq says: the first wait is as if the last poll said writing. */
	PostgresPollingStatusType state =
	    PQstatus(conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
	while (state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED) {
		struct pollfd fd = {.fd = PQsocket(conn),
		                    .events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT};
		long wait_ms = deadline ? (long)(deadline - time(NULL)) * 1000 : -1;
		int ready = wait_ms == 0 || wait_ms < -1 ? 0 : poll(&fd, 1, (int)wait_ms);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			snprintf(why, size, "no answer within %d s (connect_timeout)", timeout_s);
			PQfinish(conn);
			return NULL;
		}
		state = PQconnectPoll(conn);
	}
	if (state == PGRES_POLLING_OK)
		return conn;
	first_line(why, size, PQerrorMessage(conn));
	PQfinish(conn);
	return NULL;
}

/* The value of one of the parsed options, else of its variable. */
static const char *option_value(const PQconninfoOption *options, const char *key,
                                const char *variable)
{
	for (const PQconninfoOption *o = options; o && o->keyword; o++)
		if (strcmp(o->keyword, key) == 0 && o->val)
			return o->val;
	const char *value = getenv(variable);
	return value && *value ? value : NULL;
}

/* A connection to the address, NULL with the first line of why when none
 * can be made. Its notices are dropped from the start (connect_one).
 * Several hosts ("host=a,b", for fail-over) are tried in turn, each for
 * connect_timeout at most, as PQconnectdb does; a host's name that
 * resolves to several addresses has the timeout for all of them. */
static PGconn *connect_quiet(const char *conninfo, char *why, size_t size)
{
	char *parse_error = NULL;
	PQconninfoOption *options = PQconninfoParse(conninfo, &parse_error);
	if (!options) {
		first_line(why, size, parse_error ? parse_error : "out of memory");
		PQfreemem(parse_error);
		return NULL;
	}
	size_t count = 0;
	for (const PQconninfoOption *o = options; o->keyword; o++)
		count += o->val != NULL;
	const char **keys = pl_calloc(count + 4, sizeof *keys);
	const char **values = pl_calloc(count + 4, sizeof *values);
	size_t n = 0;
	for (const PQconninfoOption *o = options; o->keyword; o++)
		if (o->val && strcmp(o->keyword, "host") != 0 &&
		    strcmp(o->keyword, "hostaddr") != 0 && strcmp(o->keyword, "port") != 0) {
			keys[n] = o->keyword;
			values[n++] = o->val;
		}
	const char *host = option_value(options, "host", "PGHOST");
	const char *hostaddr = option_value(options, "hostaddr", "PGHOSTADDR");
	const char *port = option_value(options, "port", "PGPORT");
	const char *timeout = option_value(options, "connect_timeout", "PGCONNECT_TIMEOUT");
	int timeout_s = timeout ? atoi(timeout) : 0;
	timeout_s = timeout_s <= 0 ? 0 : timeout_s < 2 ? 2 : timeout_s; /* as libpq reads it */
	size_t host_count = list_count(host ? host : hostaddr ? hostaddr : "");
	char host_i[256], hostaddr_i[256], port_i[32];
	PGconn *conn = NULL;
	why[0] = '\0';
	/* The lists must pair up, as libpq requires (its words). */
	if (host && hostaddr && list_count(hostaddr) != host_count)
		snprintf(why, size, "could not match %zu host names to %zu hostaddr values",
		         host_count, list_count(hostaddr));
	else if (port && list_count(port) != 1 && list_count(port) != host_count)
		snprintf(why, size, "could not match %zu port numbers to %zu hosts",
		         list_count(port), host_count);
	int unmatched = why[0] != '\0';
	for (size_t i = 0; !conn && !unmatched && i < host_count; i++) {
		size_t k = n;
		if (host) {
			list_item(host, i, host_i, sizeof host_i);
			keys[k] = "host";
			values[k++] = host_i;
		}
		if (hostaddr) {
			list_item(hostaddr, i, hostaddr_i, sizeof hostaddr_i);
			keys[k] = "hostaddr";
			values[k++] = hostaddr_i;
		}
		if (port) {
			list_item(port, i, port_i, sizeof port_i);
			keys[k] = "port";
			values[k++] = port_i;
		}
		keys[k] = values[k] = NULL;
		char failed[512];
		conn = connect_one(keys, values, timeout_s, failed, sizeof failed);
		if (!conn && !why[0]) /* the first host's failure, as libpq's first line */
			snprintf(why, size, "%s", failed);
	}
	free(keys);
	free(values);
	PQconninfoFree(options);
	return conn;
}

/* Turns a failed result (or a lost connection: result NULL or fatal
 * with the connection gone) into a parley code and message. */
static int db_fail(pg_store *store, const PGresult *result, const char *what, pl_error *err)
{
	char message[512];
	const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
	/* A failure without the server's SQLSTATE is libpq's own: the
	 * connection is gone even where libpq still says it is fine ("server
	 * closed the connection unexpectedly"). It is made again before the
	 * next statement. */
	if (!state)
		store->broken = 1;
	if (PQstatus(store->conn) != CONNECTION_OK || !state) {
		first_line(message, sizeof message,
		           result ? PQresultErrorMessage(result) : PQerrorMessage(store->conn));
		/* PL_EBUSY: a condition that passes (a server answers 503) */
		return pl_error_set(err, PL_EBUSY,
		                    "%s: the connection to PostgreSQL at %s was lost (%s); nothing "
		                    "was recorded that was not acknowledged: try again",
		                    what, store->where, message);
	}
	/* A connection that is going (a server shutting down or restarting,
	 * a terminated backend: class 57; a connection exception: class 08;
	 * too many connections: class 53) is a fault that passes. */
	if (state && (strncmp(state, "57", 2) == 0 || strncmp(state, "08", 2) == 0 ||
	              strncmp(state, "53", 2) == 0)) {
		first_line(message, sizeof message, PQresultErrorMessage(result));
		return pl_error_set(err, PL_EBUSY,
		                    "%s: PostgreSQL at %s cannot serve now (%s); nothing was "
		                    "recorded that was not acknowledged: try again",
		                    what, store->where, message);
	}
	int code = code_of(state);
	if (code == PL_EBUSY)
		return pl_error_set(
		    err, code, "%s: the database %s is locked by another process (waited %d ms)",
		    what, store->where, store->busy_timeout_ms);
	if (code == PL_EDENIED)
		return pl_error_set(err, code, "%s: the database %s is read-only", what,
		                    store->where);
	first_line(message, sizeof message,
	           result ? PQresultErrorMessage(result) : PQerrorMessage(store->conn));
	return pl_error_set(err, code, "%s: %s", what, message);
}

/* Runs SQL without parameters; 0 or an error. */
static int reconnect(pg_store *store, pl_error *err);
static int drain(pg_store *store, pl_error *err);

static int run(pg_store *store, const char *sql, const char *what, pl_error *err)
{
	int rc = drain(store, err);
	if (rc == 0)
		rc = reconnect(store, err);
	if (rc)
		return rc;
	PGresult *result = PQexec(store->conn, sql);
	ExecStatusType status = PQresultStatus(result);
	rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK
	         ? 0
	         : db_fail(store, result, what, err);
	PQclear(result);
	return rc;
}

/* A connection lost between transactions (a restarted server, a
 * terminated backend, a dropped network) is made again before the next
 * statement: what was acknowledged is committed, and nothing else was.
 * Lost inside a transaction, the transaction is gone and the call fails
 * (db_fail says to try again); the connection is made again after. */
static int reconnect(pg_store *store, pl_error *err)
{
	if ((PQstatus(store->conn) == CONNECTION_OK && !store->broken) || store->in_transaction)
		return 0;
	store->broken = 0;
	store->cache_count = 0; /* prepared statements die with their session */
	/* A new connection, not PQreset: made as the first one was, its
	 * notices dropped from the start and every host tried in turn. */
	char message[512];
	PGconn *conn = connect_quiet(store->conninfo, message, sizeof message);
	store->broken = conn == NULL; /* tried again at the next statement */
	if (!conn)
		return pl_error_set(err, PL_EBUSY,
		                    "cannot connect to PostgreSQL at %s: %s; nothing was recorded: "
		                    "try again",
		                    store->where, message);
	PQfinish(store->conn);
	store->conn = conn;
	PGresult *result = PQexec(store->conn, store->settings);
	int rc = PQresultStatus(result) == PGRES_COMMAND_OK
	             ? 0
	             : pl_error_set(err, PL_EIO, "configuring the connection again: %s",
	                            PQresultErrorMessage(result));
	PQclear(result);
	return rc;
}

/* --- the runner --------------------------------------------------------------- */

enum { MAX_PARAMS = 16 };

/* SQL with ?N parameters as PostgreSQL's $N (outside quoted text). */
static char *dollar_sql(const char *sql)
{
	char *out = pl_strdup(sql);
	int quoted = 0;
	for (char *c = out; *c; c++) {
		if (*c == '\'')
			quoted = !quoted;
		else if (!quoted && *c == '?' && c[1] >= '0' && c[1] <= '9')
			*c = '$';
	}
	return out;
}

/* The name of sql's prepared statement, prepared on first use. */
/* Each parameter's type from its letter, so that none is left for the
 * server to guess (?1 IS NULL OR track = ?1). */
static void param_types(const char *letters, int count, Oid *out)
{
	for (int i = 0; i < count && i < MAX_PARAMS; i++)
		out[i] = letters[i] == 'i' ? OID_INT8 : letters[i] == 'b' ? OID_BYTEA : OID_TEXT;
}

/* The name of sql's prepared statement, or NULL when it is not prepared. */
static const char *prepared_name(const pg_store *store, const char *sql)
{
	for (size_t i = 0; i < store->cache_count; i++)
		if (store->cache[i].sql == sql)
			return store->cache[i].name;
	return NULL;
}

/* A statement is prepared on its second use, not its first: a command
 * that runs it once (most of them, once each) saves the round trip of
 * preparing it. 1 when sql was run before (and is now marked). */
static int seen_before(pg_store *store, const char *sql)
{
	for (size_t i = 0; i < store->seen_count; i++)
		if (store->seen[i] == sql)
			return 1;
	store->seen =
	    pl_grow(store->seen, &store->seen_capacity, store->seen_count + 1, sizeof *store->seen);
	store->seen[store->seen_count++] = sql;
	return 0;
}

/* Prepares sql (not prepared yet); its name, or NULL with rc set. */
static const char *statement(pg_store *store, const char *sql, const char *letters, int params,
                             pl_error *err, int *rc)
{
	store->cache = pl_grow(store->cache, &store->cache_capacity, store->cache_count + 1,
	                       sizeof *store->cache);
	prepared *p = &store->cache[store->cache_count];
	p->sql = sql;
	snprintf(p->name, sizeof p->name, "s%zu", store->cache_count);
	char *text = dollar_sql(sql);
	Oid types[MAX_PARAMS];
	param_types(letters, params, types);
	PGresult *result = PQprepare(store->conn, p->name, text, params, types);
	free(text);
	if (PQresultStatus(result) != PGRES_COMMAND_OK) {
		*rc = db_fail(store, result, "preparing a query", err);
		PQclear(result);
		return NULL;
	}
	PQclear(result);
	store->cache_count++;
	return p->name;
}

typedef struct params {
	const char *letters; /* the type string */
	int count;
	const char *values[MAX_PARAMS];
	int lengths[MAX_PARAMS];
	int formats[MAX_PARAMS];
	char numbers[MAX_PARAMS][24];
} params;

static void bind_all(params *p, const char *types, va_list args)
{
	p->count = 0;
	p->letters = types;
	for (int i = 0; types[i] && i < MAX_PARAMS; i++, p->count++) {
		p->lengths[i] = 0;
		p->formats[i] = 0;
		if (types[i] == 's') {
			p->values[i] = va_arg(args, const char *);
		} else if (types[i] == 'i') {
			snprintf(p->numbers[i], sizeof p->numbers[i], "%" PRId64,
			         va_arg(args, int64_t));
			p->values[i] = p->numbers[i];
		} else if (types[i] == 'b') {
			p->values[i] = va_arg(args, const void *);
			p->lengths[i] = (int)va_arg(args, size_t);
			p->formats[i] = 1;
		}
	}
}

/* What sql is sent as: *name NULL on its first use (sent unprepared),
 * else its prepared statement's name, prepared now on its second use
 * (outside any pipeline, which is drained first).
 *
 * A statement without parameters is never prepared. PostgreSQL plans it
 * once, generically, and keeps that plan until the statistics of its
 * tables change: "the last event's id", prepared by a server started on a
 * young record, kept the sequential scan that suited a few dozen events
 * while the table grew by thousands of rows (and the dead rows of rolled
 * back dry runs) before autovacuum's next ANALYZE, so that every catch-up
 * read the whole table. Sent unprepared, it is planned at each use from
 * the table's size then: the same round trip, a few microseconds of
 * planning. */
static int statement_for(pg_store *store, const char *sql, const params *p, const char **name,
                         pl_error *err)
{
	*name = prepared_name(store, sql);
	if (*name || p->count == 0 || !seen_before(store, sql))
		return 0;
	int rc = drain(store, err);
	if (rc == 0)
		*name = statement(store, sql, p->letters, p->count, err, &rc);
	return rc;
}

/* Sends sql unprepared, in one round trip: run at once (*result set), or,
 * with result NULL, sent into the pipeline. libpq's 1 or 0 for sent. */
static int unprepared(pg_store *store, const char *sql, const params *p, PGresult **result)
{
	char *text = dollar_sql(sql);
	Oid types[MAX_PARAMS];
	param_types(p->letters, p->count, types);
	int sent = 1;
	if (result)
		*result = PQexecParams(store->conn, text, p->count, types, p->values, p->lengths,
		                       p->formats, 1);
	else
		sent = PQsendQueryParams(store->conn, text, p->count, types, p->values, p->lengths,
		                         p->formats, 1);
	free(text);
	return sent;
}

/* Runs a statement (prepared from its second use); the result (binary)
 * or NULL with rc set. */
static PGresult *execute(pg_store *store, const char *sql, const params *p, const char *what,
                         pl_error *err, int *rc)
{
	if ((*rc = drain(store, err)) != 0 || (*rc = reconnect(store, err)) != 0)
		return NULL;
	const char *name;
	if ((*rc = statement_for(store, sql, p, &name, err)) != 0)
		return NULL;
	PGresult *result = NULL;
	if (name)
		result = PQexecPrepared(store->conn, name, p->count, p->values, p->lengths,
		                        p->formats, 1);
	else
		unprepared(store, sql, p, &result);
	ExecStatusType status = PQresultStatus(result);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		*rc = db_fail(store, result, what, err);
		PQclear(result);
		return NULL;
	}
	return result;
}

/* execute with its parameters from a type string and the arguments. */
static PGresult *executef(pg_store *store, const char *what, pl_error *err, int *rc,
                          const char *sql, const char *types, ...)
{
	params p;
	va_list args;
	va_start(args, types);
	bind_all(&p, types, args);
	va_end(args);
	return execute(store, sql, &p, what, err, rc);
}

/* --- writes in a pipeline ------------------------------------------------------ */

/* Inside a transaction, a write whose answer is only "done" is sent at
 * once and its answer read later (libpq's pipeline mode): an import of
 * five thousand points is then a few round trips, not ten thousand. The
 * answers are read (drain) before anything that reads, before a
 * savepoint, a commit or a rollback, and every PIPELINE_MAX writes; the
 * first failure among them is that call's failure, and the transaction
 * is lost with it, as any failed statement loses it on PostgreSQL. */
enum { PIPELINE_MAX = 256 };

static int drain(pg_store *store, pl_error *err)
{
	if (!store->pipelined)
		return 0;
	int rc = 0;
	/* A sync that cannot be sent will not be answered: the connection is
	 * lost, and nothing is waited for (it is made again before the next
	 * statement; the transaction is gone with it). */
	int sent = PQpipelineSync(store->conn) == 1;
	if (!sent) {
		rc = db_fail(store, NULL, "writing the record", err);
		store->broken = 1;
	}
	int ends = 0; /* answers ended in a row, with nothing between */
	while (sent && (rc == 0 || PQstatus(store->conn) == CONNECTION_OK)) {
		PGresult *result = PQgetResult(store->conn);
		if (!result) {
			/* The end of one write's answers. Two ends in a row mean
			 * nothing more is coming, not even the sync's answer: a
			 * connection libpq has not yet found lost. */
			if (PQstatus(store->conn) != CONNECTION_OK || ++ends > 1) {
				if (rc == 0)
					rc = db_fail(store, NULL, "writing the record", err);
				store->broken = 1;
				break;
			}
			continue;
		}
		ends = 0;
		ExecStatusType status = PQresultStatus(result);
		if (status == PGRES_FATAL_ERROR && rc == 0)
			rc = db_fail(store, result, "writing the record", err);
		PQclear(result);
		if (status == PGRES_PIPELINE_SYNC)
			break;
	}
	if (rc == 0 && PQstatus(store->conn) != CONNECTION_OK)
		rc = db_fail(store, NULL, "writing the record", err);
	PQexitPipelineMode(store->conn);
	store->pipelined = 0;
	store->pending = 0;
	return rc;
}

/* Runs a write: pipelined inside a transaction, else at once. */
static int write_row(pg_store *store, const char *sql, const params *p, const char *what,
                     pl_error *err)
{
	int rc = 0;
	if (!store->in_transaction) {
		PQclear(execute(store, sql, p, what, err, &rc));
		return rc;
	}
	const char *name;
	if ((rc = statement_for(store, sql, p, &name, err)) != 0)
		return rc;
	if (!store->pipelined) {
		if (PQenterPipelineMode(store->conn) != 1)
			return db_fail(store, NULL, what, err);
		store->pipelined = 1;
	}
	int sent = name ? PQsendQueryPrepared(store->conn, name, p->count, p->values, p->lengths,
	                                      p->formats, 1)
	                : unprepared(store, sql, p, NULL);
	if (sent != 1) {
		rc = db_fail(store, NULL, what, err);
		drain(store, NULL);
		return rc;
	}
	if (++store->pending >= PIPELINE_MAX)
		rc = drain(store, err);
	return rc;
}

/* Sends a statement without parameters into the pipeline (a savepoint,
 * its release): its answer is read with the next read, release or
 * commit, which it costs no round trip of its own. */
static int queue(pg_store *store, const char *sql, const char *what, pl_error *err)
{
	int rc = reconnect(store, err);
	if (rc)
		return rc;
	if (!store->pipelined) {
		if (PQenterPipelineMode(store->conn) != 1)
			return db_fail(store, NULL, what, err);
		store->pipelined = 1;
	}
	if (PQsendQueryParams(store->conn, sql, 0, NULL, NULL, NULL, NULL, 1) != 1) {
		rc = db_fail(store, NULL, what, err);
		drain(store, NULL);
		return rc;
	}
	store->pending++;
	return 0;
}

/* to becomes a copy of from, with strings of its own. */
static void copy_document(pl_store_document *to, const pl_store_document *from)
{
	*to = *from;
	to->name = pl_strdup(from->name);
	to->track = pl_strdup(from->track);
}

static void forget_document(pg_store *store)
{
	if (store->doc_memo_valid)
		pl_store_document_clear(&store->doc_memo);
	store->doc_memo_valid = 0;
}

/* write_row with its parameters from a type string and the arguments. */
static int write_rowf(pg_store *store, const char *what, pl_error *err, const char *sql,
                      const char *types, ...)
{
	params p;
	va_list args;
	va_start(args, types);
	bind_all(&p, types, args);
	va_end(args);
	return write_row(store, sql, &p, what, err);
}

static int pg_exec(pl_store *base, pl_error *err, const char *sql, const char *types, va_list args)
{
	params p;
	bind_all(&p, types, args);
	return write_row((pg_store *)base, sql, &p, "writing the record", err);
}

static const pl_store_engine pg_engine;

/* Calls fn for each row of result. */
static int each_row(PGresult *result, pl_store_row_fn fn, void *context, pl_error *err)
{
	int rows = PQntuples(result), rc = 0;
	pg_row row = {{&pg_engine}, result, 0, NULL};
	for (int r = 0; rc == 0 && r < rows; r++) {
		row.row = r;
		if (fn)
			rc = fn(context, &row.base, err);
	}
	free(row.numbers);
	return rc;
}

static int pg_query(pl_store *base, pl_error *err, pl_store_row_fn fn, void *context, size_t *rows,
                    const char *sql, const char *types, va_list args)
{
	pg_store *store = (pg_store *)base;
	params p;
	bind_all(&p, types, args);
	int rc = 0;
	PGresult *result = execute(store, sql, &p, "reading the record", err, &rc);
	if (!result)
		return rc;
	if (rows)
		*rows = (size_t)PQntuples(result);
	rc = each_row(result, fn, context, err);
	PQclear(result);
	return rc;
}

static const pg_row *as_row(const pl_store_row *row)
{
	return (const pg_row *)row;
}

static uint64_t big_endian(const unsigned char *bytes, int len)
{
	uint64_t value = 0;
	for (int i = 0; i < len; i++)
		value = value << 8 | bytes[i];
	return value;
}

static int64_t pg_row_int(const pl_store_row *base, int column)
{
	const pg_row *row = as_row(base);
	if (PQgetisnull(row->result, row->row, column))
		return 0;
	const unsigned char *bytes =
	    (const unsigned char *)PQgetvalue(row->result, row->row, column);
	switch (PQftype(row->result, column)) {
	case OID_INT8:
		return (int64_t)big_endian(bytes, 8);
	case OID_INT4:
		return (int32_t)(uint32_t)big_endian(bytes, 4);
	case OID_INT2:
		return (int16_t)(uint16_t)big_endian(bytes, 2);
	case OID_BOOL:
		return bytes[0] != 0;
	default:
		return strtoll((const char *)bytes, NULL, 10);
	}
}

static const char *pg_row_text(const pl_store_row *base, int column)
{
	const pg_row *row = as_row(base);
	if (PQgetisnull(row->result, row->row, column))
		return NULL;
	Oid type = PQftype(row->result, column);
	if (type != OID_INT8 && type != OID_INT4 && type != OID_INT2)
		return PQgetvalue(row->result, row->row, column); /* text is sent as it is */
	/* An integer read as text, as SQLite would give it. */
	pg_row *writable = (pg_row *)base;
	if (!writable->numbers)
		writable->numbers = pl_calloc((size_t)PQnfields(row->result), sizeof *row->numbers);
	snprintf(writable->numbers[column], sizeof writable->numbers[column], "%" PRId64,
	         pg_row_int(base, column));
	return writable->numbers[column];
}

static const void *pg_row_blob(const pl_store_row *base, int column, size_t *len)
{
	const pg_row *row = as_row(base);
	if (PQgetisnull(row->result, row->row, column)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)PQgetlength(row->result, row->row, column);
	return PQgetvalue(row->result, row->row, column);
}

static int pg_row_is_null(const pl_store_row *base, int column)
{
	const pg_row *row = as_row(base);
	return PQgetisnull(row->result, row->row, column);
}

static const uint8_t *sized(const pl_store_row *row, int column, size_t size)
{
	size_t len;
	const void *blob = pg_row_blob(row, column, &len);
	return blob && len == size ? blob : NULL;
}

/* --- the schema ----------------------------------------------------------------- */

#define TEXT "text COLLATE \"C\""

/* The function every append-only trigger calls; verify compares its body. */
#define APPEND_ONLY_BODY "BEGIN RAISE EXCEPTION '% are append-only', TG_TABLE_NAME; END"

/* The append-only triggers: name, table, and pg_trigger's tgtype (ROW 1,
 * BEFORE 2, DELETE 8, UPDATE 16, TRUNCATE 32). */
static const struct {
	const char *name, *table;
	int type;
} triggers[] = {
    {"events_no_update", "events", 1 | 2 | 16}, {"events_no_delete", "events", 1 | 2 | 8},
    {"events_no_truncate", "events", 2 | 32},   {"blobs_no_update", "blobs", 1 | 2 | 16},
    {"blobs_no_delete", "blobs", 1 | 2 | 8},    {"blobs_no_truncate", "blobs", 2 | 32},
};

/* The schema PostgreSQL came with (4), made whole from an empty database,
 * one statement group at a time; later schemas add a migration each
 * (upgrades[i] brings schema 4 + i to 4 + i + 1). */
static const char *const first_schema[] = {
    "CREATE TABLE parley_schema(version integer NOT NULL);"
    "INSERT INTO parley_schema VALUES (0);",
    "CREATE TABLE blobs(hash bytea PRIMARY KEY, body text NOT NULL);",
    "CREATE TABLE events(id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    " track " TEXT " NOT NULL, seq bigint NOT NULL, kind " TEXT " NOT NULL,"
    " at " TEXT " NOT NULL, actor " TEXT ", payload text NOT NULL, prev bytea,"
    " hash bytea NOT NULL, sig bytea, after bytea, statement bytea, UNIQUE(track, seq));"
    "CREATE INDEX events_statement ON events(statement);"
    "CREATE INDEX events_hash ON events(hash);"
    "CREATE INDEX events_kind ON events(kind, id);",
    "CREATE FUNCTION parley_append_only() RETURNS trigger LANGUAGE plpgsql"
    " AS $$" APPEND_ONLY_BODY "$$;"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW"
    " EXECUTE FUNCTION parley_append_only();"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW"
    " EXECUTE FUNCTION parley_append_only();"
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
    " EXECUTE FUNCTION parley_append_only();"
    "CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs FOR EACH ROW"
    " EXECUTE FUNCTION parley_append_only();"
    "CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs FOR EACH ROW"
    " EXECUTE FUNCTION parley_append_only();"
    "CREATE TRIGGER blobs_no_truncate BEFORE TRUNCATE ON blobs"
    " EXECUTE FUNCTION parley_append_only();",
    "CREATE TABLE negotiation(id " TEXT " NOT NULL);",
    "CREATE TABLE documents(id bigint PRIMARY KEY,"
    " name " TEXT " NOT NULL UNIQUE, track " TEXT " NOT NULL,"
    " created_event bigint NOT NULL REFERENCES events(id),"
    " latest bigint NOT NULL, next_point bigint NOT NULL);",
    "CREATE TABLE versions(doc bigint NOT NULL REFERENCES documents(id),"
    " number bigint NOT NULL, event bigint NOT NULL REFERENCES events(id),"
    " created_at " TEXT " NOT NULL, source " TEXT ", title bytea REFERENCES blobs(hash),"
    " preamble bytea REFERENCES blobs(hash), point_count bigint NOT NULL,"
    " PRIMARY KEY(doc, number));",
    "CREATE TABLE version_parts(doc bigint NOT NULL, number bigint NOT NULL,"
    " ord bigint NOT NULL, heading bytea NOT NULL REFERENCES blobs(hash),"
    " intro bytea REFERENCES blobs(hash), PRIMARY KEY(doc, number, ord),"
    " FOREIGN KEY(doc, number) REFERENCES versions(doc, number));",
    "CREATE TABLE version_points(doc bigint NOT NULL, number bigint NOT NULL,"
    " ord bigint NOT NULL, point_id " TEXT " NOT NULL, label " TEXT " NOT NULL,"
    " part bigint, text bytea NOT NULL REFERENCES blobs(hash),"
    " PRIMARY KEY(doc, number, ord),"
    " FOREIGN KEY(doc, number) REFERENCES versions(doc, number));",
    "CREATE TABLE version_items(doc bigint NOT NULL, number bigint NOT NULL,"
    " point_ord bigint NOT NULL, ord bigint NOT NULL, label " TEXT " NOT NULL,"
    " text bytea NOT NULL REFERENCES blobs(hash), PRIMARY KEY(doc, number, point_ord, ord),"
    " FOREIGN KEY(doc, number, point_ord) REFERENCES version_points(doc, number, ord));",
    "CREATE TABLE parties(code " TEXT " PRIMARY KEY, name " TEXT " NOT NULL,"
    " event bigint NOT NULL REFERENCES events(id));",
    "CREATE TABLE delegates(name " TEXT " PRIMARY KEY,"
    " party " TEXT " NOT NULL REFERENCES parties(code), role " TEXT " NOT NULL,"
    " public_key bytea NOT NULL, event bigint NOT NULL REFERENCES events(id));",
    "CREATE TABLE tracks(name " TEXT " PRIMARY KEY, created_at " TEXT " NOT NULL,"
    " created_by " TEXT " NOT NULL, salt " TEXT " NOT NULL);",
    "CREATE TABLE track_members(track " TEXT " NOT NULL,"
    " party " TEXT " NOT NULL REFERENCES parties(code), since_seq bigint NOT NULL,"
    " since_at " TEXT " NOT NULL, PRIMARY KEY(track, party));",
    "CREATE TABLE circulations(track " TEXT " NOT NULL, seq bigint NOT NULL,"
    " doc bigint NOT NULL, number bigint NOT NULL, from_track " TEXT " NOT NULL,"
    " by_delegate " TEXT " NOT NULL, at " TEXT " NOT NULL, note text,"
    " PRIMARY KEY(track, seq), FOREIGN KEY(doc, number) REFERENCES versions(doc, number));",
    "CREATE TABLE meetings(id " TEXT " PRIMARY KEY, track " TEXT " NOT NULL,"
    " seq bigint NOT NULL, title text NOT NULL, date " TEXT " NOT NULL, time " TEXT ","
    " place text NOT NULL, parties text NOT NULL, agenda_doc bigint,"
    " agenda_number bigint, status " TEXT " NOT NULL, sequence bigint NOT NULL,"
    " by_delegate " TEXT ", updated_at " TEXT " NOT NULL, UNIQUE(track, seq),"
    " FOREIGN KEY(agenda_doc, agenda_number) REFERENCES versions(doc, number));",
    "CREATE TABLE meeting_changes(meeting " TEXT " NOT NULL REFERENCES meetings(id),"
    " track " TEXT " NOT NULL, seq bigint NOT NULL, kind " TEXT " NOT NULL,"
    " date " TEXT " NOT NULL, time " TEXT ", note text, at " TEXT " NOT NULL,"
    " by_delegate " TEXT ", PRIMARY KEY(track, seq));",
    "CREATE TABLE statements(track " TEXT " NOT NULL, seq bigint NOT NULL,"
    " date " TEXT " NOT NULL, party " TEXT " NOT NULL REFERENCES parties(code),"
    " speaker text, level " TEXT " NOT NULL, text text NOT NULL, at " TEXT " NOT NULL,"
    " by_delegate " TEXT ", PRIMARY KEY(track, seq));",
    "CREATE TABLE amendments(doc bigint NOT NULL REFERENCES documents(id),"
    " id " TEXT " NOT NULL, track " TEXT " NOT NULL, seq bigint NOT NULL,"
    " base bigint NOT NULL, tabled_on bigint NOT NULL, party " TEXT " NOT NULL,"
    " delegate " TEXT ", justification text, parent " TEXT ", status " TEXT " NOT NULL,"
    " note text, ops text NOT NULL, at " TEXT " NOT NULL, PRIMARY KEY(doc, id));",
    "CREATE TABLE positions(track " TEXT " NOT NULL, seq bigint NOT NULL,"
    " doc bigint NOT NULL, number bigint NOT NULL, point " TEXT " NOT NULL,"
    " party " TEXT " NOT NULL, stance " TEXT " NOT NULL, note text, at " TEXT " NOT NULL,"
    " PRIMARY KEY(track, seq));"
    "CREATE INDEX positions_of ON positions(doc, party, point);",
};

static const char *const upgrades[PL_SCHEMA_VERSION - 4 + 1] = {
    /* 4 -> 5: nothing here (SQLite's events table put its payload last) */
    "SELECT 1",
    NULL,
};

/* The schema version; *parley is 1 for a parley database, 0 for an empty
 * one, -1 for one holding tables of something else. */
static int read_schema(pg_store *store, int *version, int *parley, pl_error *err)
{
	*version = 0;
	*parley = 0;
	int rc = 0;
	PGresult *result =
	    executef(store, "reading the database", err, &rc,
	             "SELECT to_regclass('parley_schema') IS NOT NULL, EXISTS (SELECT 1 FROM"
	             " pg_tables WHERE schemaname = current_schema())",
	             "");
	if (!result)
		return rc;
	pg_row row = {{&pg_engine}, result, 0, NULL};
	*parley = pg_row_int(&row.base, 0) ? 1 : pg_row_int(&row.base, 1) ? -1 : 0;
	PQclear(result);
	if (*parley != 1)
		return 0;
	result = executef(store, "reading the database", err, &rc,
	                  "SELECT coalesce(max(version), 0) FROM parley_schema", "");
	if (!result)
		return rc;
	row.result = result;
	*version = (int)pg_row_int(&row.base, 0);
	PQclear(result);
	return 0;
}

static int migrate_from(pg_store *store, int from, pl_error *err)
{
	int rc = run(store, "BEGIN", "starting the schema upgrade", err);
	if (rc == 0)
		rc = run(store, "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")",
		         "starting the schema upgrade", err);
	for (size_t i = 0; rc == 0 && from == 0 && i < sizeof first_schema / sizeof *first_schema;
	     i++)
		rc = run(store, first_schema[i], "making the schema", err);
	for (int v = from > 4 ? from : 4; rc == 0 && v < PL_SCHEMA_VERSION; v++)
		rc = run(store, upgrades[v - 4], "upgrading the schema", err);
	if (rc == 0) {
		char sql[96];
		snprintf(sql, sizeof sql, "UPDATE parley_schema SET version = %d",
		         PL_SCHEMA_VERSION);
		rc = run(store, sql, "upgrading the schema", err);
	}
	if (rc == 0)
		rc = run(store, "COMMIT", "upgrading the schema", err);
	if (rc)
		PQclear(PQexec(store->conn, "ROLLBACK"));
	return rc;
}

static int pg_schema_version(pl_store *base, int *version, pl_error *err)
{
	int parley;
	return read_schema((pg_store *)base, version, &parley, err);
}

static int pg_migrate(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	int version, parley;
	int rc = read_schema(store, &version, &parley, err);
	if (rc == 0 && version < PL_SCHEMA_VERSION)
		rc = migrate_from(store, version, err);
	return rc;
}

static int check_schema(pg_store *store, const pl_store_open_options *options, pl_error *err)
{
	int version, parley;
	int rc = read_schema(store, &version, &parley, err);
	if (rc)
		return rc;
	if (parley != 1 && !options->create)
		return parley < 0 ? pl_error_set(err, PL_EVERSION, "%s is not a parley database",
		                                 store->where)
		                  : pl_error_set(err, PL_ENOTFOUND,
		                                 "no negotiation database at %s (run 'parley init' "
		                                 "first)",
		                                 store->where);
	if (parley == 1 && options->create) {
		/* Tables without a single event are what a failed init or copy
		 * leaves (the schema is made in a transaction of its own): they
		 * are taken as they are. */
		int64_t events = 1;
		PGresult *result = version == PL_SCHEMA_VERSION
		                       ? executef(store, "reading the database", err, &rc,
		                                  "SELECT count(*) FROM events", "")
		                       : NULL;
		if (result) {
			pg_row row = {{&pg_engine}, result, 0, NULL};
			events = pg_row_int(&row.base, 0);
			PQclear(result);
		}
		if (rc)
			return rc;
		if (events == 0)
			return 0;
		return pl_error_set(err, PL_ECONFLICT, "%s already holds a negotiation",
		                    store->where);
	}
	if (parley < 0)
		return pl_error_set(err, PL_EVERSION,
		                    "%s holds tables of its own: parley needs a database (or a "
		                    "schema, with ?options=-csearch_path%%3DNAME) of its own",
		                    store->where);
	if (options->create)
		return migrate_from(store, 0, err);
	return pl_store_schema_check(store->where, version, options, err);
}

/* --- opening ------------------------------------------------------------------- */

/* The address without its password, for messages. */
static char *printable(const char *url)
{
	char *out = pl_strdup(url);
	char *scheme = strstr(out, "://");
	char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
	if (at && colon && colon < at)
		memmove(colon, at, strlen(at) + 1);
	char *password = strstr(out, "password=");
	if (password)
		password[strcspn(password, "&")] = '\0';
	return out;
}

static void pg_close(pl_store *base);

static int pg_open(pl_store **out, const pl_store_open_options *options, pl_error *err)
{
	*out = NULL;
	int rc = pl_record_init() ? pl_error_set(err, PL_EIO, "libsodium failed to start") : 0;
	if (rc)
		return rc;
	pg_store *store = pl_calloc(1, sizeof *store);
	store->base.engine = &pg_engine;
	store->conninfo = pl_strdup(options->path);
	store->where = printable(options->path);
	store->busy_timeout_ms = options->busy_timeout_ms > 0 ? options->busy_timeout_ms : 5000;
	char message[512];
	store->conn = connect_quiet(options->path, message, sizeof message);
	if (!store->conn) {
		/* PL_EBUSY: a server that is down or restarting comes back (a
		 * parley server answers 503, and its clients try again). */
		rc = pl_error_set(err, PL_EBUSY, "cannot connect to PostgreSQL at %s: %s",
		                  store->where, message);
	}
	/* Quiet notices; the lock's wait; no JIT compiling, which pays only
	 * for long queries, while a table without statistics yet inflates
	 * the planner's estimates past its threshold for short ones; and
	 * reads only, when asked. */
	snprintf(store->settings, sizeof store->settings,
	         "SET client_min_messages = warning; SET lock_timeout = %d; SET jit = off;"
	         " SET default_transaction_read_only = %s",
	         store->busy_timeout_ms, options->read_only ? "on" : "off");
	if (rc == 0)
		rc = run(store, store->settings, "configuring the connection", err);
	if (rc == 0)
		rc = check_schema(store, options, err);
	if (rc) {
		pg_close(&store->base);
		return rc;
	}
	*out = &store->base;
	return 0;
}

static void pg_close(pl_store *base)
{
	pg_store *store = (pg_store *)base;
	if (!store)
		return;
	drain(store, NULL);
	forget_document(store);
	if (store->in_transaction && PQstatus(store->conn) == CONNECTION_OK)
		PQclear(PQexec(store->conn, "ROLLBACK"));
	PQfinish(store->conn);
	if (store->listener)
		PQfinish(store->listener);
	free(store->cache);
	free(store->seen);
	free(store->conninfo);
	free(store->where);
	free(store);
}

/* --- transactions ----------------------------------------------------------------- */

/* One round trip: the transaction, the write lock, and the data version
 * read under the lock (the catch-up that follows needs it). */
static int pg_begin(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	int rc = drain(store, err);
	if (rc == 0)
		rc = reconnect(store, err);
	if (rc)
		return rc;
	forget_document(store);
	PGresult *result = PQexec(store->conn, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK
	                                       "); SELECT coalesce(max(id), 0) FROM events");
	store->in_transaction = 1;
	store->appended = 0;
	if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1) {
		store->version = strtoll(PQgetvalue(result, 0, 0), NULL, 10);
		store->version_known = 1;
	} else {
		rc = db_fail(store, result, "starting a transaction", err);
	}
	PQclear(result);
	if (rc) {
		if (PQtransactionStatus(store->conn) == PQTRANS_INERROR)
			PQclear(PQexec(store->conn, "ROLLBACK"));
		store->in_transaction = 0;
		store->version_known = 0;
	}
	return rc;
}

static int pg_commit(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	/* One round trip. A commit that failed is rolled back by the server
	 * (a failed NOTIFY leaves the transaction open: it is rolled back
	 * here); the handle is out of its transaction either way. */
	forget_document(store);
	int rc = run(store, store->appended ? "NOTIFY " NOTIFY_CHANNEL "; COMMIT" : "COMMIT",
	             "committing", err);
	if (rc && PQtransactionStatus(store->conn) == PQTRANS_INERROR)
		PQclear(PQexec(store->conn, "ROLLBACK"));
	store->in_transaction = 0;
	store->appended = 0;
	store->version_known = 0;
	return rc;
}

static void pg_rollback(pl_store *base)
{
	pg_store *store = (pg_store *)base;
	forget_document(store);
	drain(store, NULL);
	PQclear(PQexec(store->conn, "ROLLBACK"));
	store->in_transaction = 0;
	store->appended = 0;
	store->version_known = 0;
}

/* A change's savepoint goes with what follows it; the writes before it
 * are read first, so that their failure is theirs, not the change's. */
static int pg_savepoint(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	int rc = store->pending ? drain(store, err) : 0;
	return rc ? rc : queue(store, "SAVEPOINT change", "starting a change", err);
}

/* The release goes with the change's last writes, in one round trip; the
 * first failure among them is the change's. */
static int pg_release(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	int rc = queue(store, "RELEASE SAVEPOINT change", "finishing a change", err);
	return rc ? rc : drain(store, err);
}

static void pg_rollback_savepoint(pl_store *base)
{
	pg_store *store = (pg_store *)base;
	forget_document(store);
	drain(store, NULL);
	PQclear(PQexec(store->conn, "ROLLBACK TO SAVEPOINT change; RELEASE SAVEPOINT change"));
}

/* --- texts ------------------------------------------------------------------------ */

/* Whether body (len bytes) hashes to key. */
static int hashes_to(const void *key, size_t key_len, const char *body, size_t len)
{
	uint8_t actual[PL_HASH_BYTES];
	pl_hash(actual, body, len);
	return key_len == PL_HASH_BYTES && memcmp(key, actual, PL_HASH_BYTES) == 0;
}

static int pg_put_blob(pl_store *base, const uint8_t hash[PL_HASH_BYTES], const char *text,
                       size_t len, pl_error *err)
{
	static const char sql[] =
	    "INSERT INTO blobs(hash, body) VALUES (?1, ?2) ON CONFLICT (hash) DO NOTHING";
	pg_store *store = (pg_store *)base;
	char *copy = NULL;
	if (text[len] != '\0') { /* a text parameter ends at its NUL */
		copy = pl_malloc(len + 1);
		memcpy(copy, text, len);
		copy[len] = '\0';
	}
	int rc = 0;
	rc = write_rowf(store, "storing a text", err, sql, "bs", hash, (size_t)PL_HASH_BYTES,
	                copy ? copy : text);
	free(copy);
	return rc;
}

static int pg_get_blob(pl_store *base, const uint8_t hash[PL_HASH_BYTES], char **out, pl_error *err)
{
	static const char sql[] = "SELECT body FROM blobs WHERE hash = ?1";
	pg_store *store = (pg_store *)base;
	*out = NULL;
	int rc = 0;
	PGresult *result =
	    executef(store, "reading a text", err, &rc, sql, "b", hash, (size_t)PL_HASH_BYTES);
	if (!result)
		return rc;
	if (PQntuples(result) == 0)
		rc = pl_store_text_fail(err, 1, hash, "");
	else if (!hashes_to(hash, PL_HASH_BYTES, PQgetvalue(result, 0, 0),
	                    (size_t)PQgetlength(result, 0, 0)))
		rc = pl_store_text_fail(err, 0, hash, "");
	else
		*out = pl_strdup(PQgetvalue(result, 0, 0));
	PQclear(result);
	return rc;
}

/* A wanted text's key and where it is in the caller's array. */
typedef struct wanted_key {
	uint8_t hash[PL_HASH_BYTES];
	size_t index;
} wanted_key;

static int by_key(const void *a, const void *b)
{
	return memcmp(((const wanted_key *)a)->hash, ((const wanted_key *)b)->hash, PL_HASH_BYTES);
}

/* The first of the sorted keys equal to key, or count when none is. */
static size_t find_key(const wanted_key *keys, size_t count, const void *key)
{
	size_t low = 0, high = count;
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		if (memcmp(keys[mid].hash, key, PL_HASH_BYTES) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low < count && memcmp(keys[low].hash, key, PL_HASH_BYTES) == 0 ? low : count;
}

/* Many texts in one round trip: the distinct keys go as one binary
 * parameter, cut into 32-byte keys by the server and joined to the
 * texts; each row is then given to every wanted text of its key (a
 * version repeats some), found by binary search among the sorted keys. */
static int pg_get_texts(pl_store *base, pl_store_text *texts, size_t count, pl_error *err)
{
	static const char sql[] =
	    "SELECT b.hash, b.body FROM blobs b JOIN (SELECT substring(?1 FROM i * 32 + 1 FOR 32)"
	    " AS h FROM generate_series(0, length(?1) / 32 - 1) AS i) k ON b.hash = k.h";
	pg_store *store = (pg_store *)base;
	for (size_t i = 0; i < count; i++) {
		texts[i].text = NULL;
		texts[i].state = PL_STORE_TEXT_MISSING;
	}
	if (count == 0)
		return 0;
	wanted_key *keys = pl_malloc(count * sizeof *keys);
	for (size_t i = 0; i < count; i++) {
		memcpy(keys[i].hash, texts[i].hash, PL_HASH_BYTES);
		keys[i].index = i;
	}
	qsort(keys, count, sizeof *keys, by_key);
	pl_buf distinct = PL_BUF_INIT;
	for (size_t i = 0; i < count; i++)
		if (i == 0 || memcmp(keys[i].hash, keys[i - 1].hash, PL_HASH_BYTES) != 0)
			pl_buf_put(&distinct, keys[i].hash, PL_HASH_BYTES);
	int rc = 0;
	PGresult *result =
	    executef(store, "reading the texts", err, &rc, sql, "b", distinct.ptr, distinct.len);
	pl_buf_free(&distinct);
	int rows = result ? PQntuples(result) : 0;
	for (int r = 0; r < rows; r++) {
		const char *key = PQgetvalue(result, r, 0);
		if (PQgetlength(result, r, 0) != PL_HASH_BYTES)
			continue;
		const char *body = PQgetvalue(result, r, 1);
		int sound = hashes_to(key, PL_HASH_BYTES, body, (size_t)PQgetlength(result, r, 1));
		for (size_t k = find_key(keys, count, key);
		     k < count && memcmp(keys[k].hash, key, PL_HASH_BYTES) == 0; k++) {
			pl_store_text *t = &texts[keys[k].index];
			t->state = sound ? PL_STORE_TEXT_OK : PL_STORE_TEXT_ALTERED;
			t->text = sound ? pl_strdup(body) : NULL;
		}
	}
	PQclear(result);
	free(keys);
	return rc;
}

static int pg_blob_present(pl_store *base, const uint8_t hash[PL_HASH_BYTES], int *present,
                           pl_error *err)
{
	static const char sql[] = "SELECT 1 FROM blobs WHERE hash = ?1";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	*present = 0;
	PGresult *result =
	    executef(store, "reading a text", err, &rc, sql, "b", hash, (size_t)PL_HASH_BYTES);
	if (result)
		*present = PQntuples(result) > 0;
	PQclear(result);
	return rc;
}

/* Every stored text in key order, a thousand at a time (the callback may
 * use the store between batches; a batch is read whole). */
static int pg_blobs_foreach(pl_store *base, pl_store_blob_fn fn, void *context, pl_error *err)
{
	static const char sql[] =
	    "SELECT hash, body FROM blobs WHERE hash > ?1 ORDER BY hash LIMIT 1000";
	pg_store *store = (pg_store *)base;
	uint8_t after[PL_HASH_BYTES] = {0};
	size_t after_len = 0; /* the empty key sorts before every hash */
	int rc = 0, rows;
	do {
		PGresult *result =
		    executef(store, "reading texts", err, &rc, sql, "b", after, after_len);
		if (!result)
			return rc;
		rows = PQntuples(result);
		for (int r = 0; rc == 0 && r < rows; r++) {
			const void *key = PQgetvalue(result, r, 0);
			size_t len = (size_t)PQgetlength(result, r, 0);
			memcpy(after, key, len < PL_HASH_BYTES ? len : PL_HASH_BYTES);
			after_len = len < PL_HASH_BYTES ? len : PL_HASH_BYTES;
			if (len != PL_HASH_BYTES)
				continue;
			rc = fn(context, key, PQgetvalue(result, r, 1),
			        (size_t)PQgetlength(result, r, 1), err);
		}
		PQclear(result);
	} while (rc == 0 && rows == 1000);
	return rc;
}

typedef struct first_bad {
	uint8_t *out;
	int *found;
} first_bad;

static int check_blob(void *context, const uint8_t hash[PL_HASH_BYTES], const char *text,
                      size_t len, pl_error *err)
{
	first_bad *b = context;
	(void)err;
	if (hashes_to(hash, PL_HASH_BYTES, text, len))
		return 0;
	memcpy(b->out, hash, PL_HASH_BYTES);
	*b->found = 1;
	return -1; /* stop */
}

static int pg_blobs_check(pl_store *base, uint8_t bad_out[PL_HASH_BYTES], int *found, pl_error *err)
{
	*found = 0;
	first_bad b = {bad_out, found};
	int rc = pg_blobs_foreach(base, check_blob, &b, err);
	return *found ? 0 : rc;
}

static int pg_triggers_check(pl_store *base, pl_error *err)
{
	static const char sql[] = "SELECT t.tgenabled, t.tgtype, p.prosrc FROM pg_trigger t"
	                          " JOIN pg_proc p ON p.oid = t.tgfoid"
	                          " WHERE t.tgname = ?1 AND t.tgrelid = to_regclass(?2)";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof triggers / sizeof triggers[0]; i++) {
		PGresult *result = executef(store, "reading the schema", err, &rc, sql, "ss",
		                            triggers[i].name, triggers[i].table);
		if (!result)
			break;
		int present = PQntuples(result) == 1;
		int sound = present && strcmp(PQgetvalue(result, 0, 0), "O") == 0 &&
		            (int)big_endian((const unsigned char *)PQgetvalue(result, 0, 1), 2) ==
		                triggers[i].type &&
		            strcmp(PQgetvalue(result, 0, 2), APPEND_ONLY_BODY) == 0;
		if (!sound)
			rc = pl_error_set(err, PL_EBADSIG,
			                  "the append-only trigger %s %s: " STORE_ALTERED,
			                  triggers[i].name, present ? "was changed" : "is missing");
		PQclear(result);
	}
	return rc;
}

/* --- events ------------------------------------------------------------------------ */

static int pg_event_insert(pl_store *base, const pl_store_event *event, int64_t *id_out,
                           pl_error *err)
{
	static const char sql[] =
	    "INSERT INTO events(track, seq, kind, at, actor, payload, prev, hash, sig,"
	    " after, statement) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	    " RETURNING id";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	size_t hash_len = PL_HASH_BYTES;
	PGresult *result =
	    executef(store, "appending an event", err, &rc, sql, "sissssbbbbb", event->track,
	             event->seq, event->kind, event->at, event->actor, event->payload, event->prev,
	             hash_len, event->hash, hash_len, event->sig, (size_t)PL_SIGNATURE_BYTES,
	             event->after, hash_len, event->statement, hash_len);
	if (!result)
		return rc;
	store->appended = 1;
	pg_row row = {{&pg_engine}, result, 0, NULL};
	int64_t id = pg_row_int(&row.base, 0);
	if (id_out)
		*id_out = id;
	if (store->version_known)
		store->version = id;
	PQclear(result);
	return 0;
}

static int pg_track_head(pl_store *base, const char *track, int64_t *seq_out,
                         uint8_t hash_out[PL_HASH_BYTES], pl_error *err)
{
	static const char sql[] =
	    "SELECT seq, hash FROM events WHERE track = ?1 ORDER BY seq DESC LIMIT 1";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	*seq_out = 0;
	memset(hash_out, 0, PL_HASH_BYTES);
	PGresult *result = executef(store, "reading a track's head", err, &rc, sql, "s", track);
	if (!result)
		return rc;
	if (PQntuples(result) == 1) {
		pg_row row = {{&pg_engine}, result, 0, NULL};
		*seq_out = pg_row_int(&row.base, 0);
		const uint8_t *hash = sized(&row.base, 1, PL_HASH_BYTES);
		if (hash)
			memcpy(hash_out, hash, PL_HASH_BYTES);
	}
	PQclear(result);
	return 0;
}

/* Every event (of one kind), in appending order, two thousand at a time:
 * a log of a million events is never held whole. */
static int pg_events_foreach(pl_store *base, const char *kind, pl_store_event_fn fn, void *context,
                             pl_error *err)
{
	static const char all[] =
	    "SELECT id, track, seq, kind, at, actor, payload, prev, hash, sig,"
	    " after, statement FROM events WHERE id > ?1 ORDER BY id"
	    " LIMIT 2000";
	static const char of_kind[] =
	    "SELECT id, track, seq, kind, at, actor, payload, prev, hash, sig, after, statement"
	    " FROM events WHERE id > ?1 AND kind = ?2 ORDER BY id LIMIT 2000";
	pg_store *store = (pg_store *)base;
	int64_t after = 0;
	int rc = 0, rows;
	do {
		PGresult *result =
		    kind ? executef(store, "reading events", err, &rc, of_kind, "is", after, kind)
		         : executef(store, "reading events", err, &rc, all, "i", after);
		if (!result)
			return rc;
		rows = PQntuples(result);
		pg_row row = {{&pg_engine}, result, 0, NULL};
		for (int r = 0; rc == 0 && r < rows; r++) {
			row.row = r;
			const pl_store_row *b = &row.base;
			pl_store_event event = {
			    .id = pg_row_int(b, 0),
			    .track = pg_row_text(b, 1),
			    .seq = pg_row_int(b, 2),
			    .kind = pg_row_text(b, 3),
			    .at = pg_row_text(b, 4),
			    .actor = pg_row_text(b, 5),
			    .payload = pg_row_text(b, 6),
			    .prev = sized(b, 7, PL_HASH_BYTES),
			    .hash = sized(b, 8, PL_HASH_BYTES),
			    .sig = sized(b, 9, PL_SIGNATURE_BYTES),
			    .after = sized(b, 10, PL_HASH_BYTES),
			    .statement = sized(b, 11, PL_HASH_BYTES),
			};
			after = event.id;
			rc = fn(context, &event, err);
		}
		free(row.numbers);
		PQclear(result);
	} while (rc == 0 && rows == 2000);
	return rc;
}

/* The last event's id: it grows with every append that commits, and ids
 * commit in order (the write lock), so it changes exactly when another
 * connection has appended. */
static int pg_data_version(pl_store *base, int64_t *out, pl_error *err)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM events";
	pg_store *store = (pg_store *)base;
	if (store->in_transaction && store->version_known) {
		*out = store->version;
		return 0;
	}
	int rc = 0;
	*out = 0;
	PGresult *result = executef(store, "reading the database", err, &rc, sql, "");
	if (result) {
		pg_row row = {{&pg_engine}, result, 0, NULL};
		*out = pg_row_int(&row.base, 0);
		store->version = *out;
		store->version_known = store->in_transaction;
	}
	PQclear(result);
	return rc;
}

/* Waits for NOTIFY parley_events on a connection of its own. */
static int pg_wait_change(pl_store *base, int timeout_ms, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	if (!store->listener) {
		char message[512];
		store->listener = connect_quiet(store->conninfo, message, sizeof message);
		PGresult *result =
		    store->listener ? PQexec(store->listener, "LISTEN " NOTIFY_CHANNEL) : NULL;
		int listening = PQresultStatus(result) == PGRES_COMMAND_OK;
		PQclear(result);
		if (!listening) {
			if (store->listener)
				first_line(message, sizeof message,
				           PQerrorMessage(store->listener));
			PQfinish(store->listener);
			store->listener = NULL;
			return pl_error_set(err, PL_EIO, "cannot listen to PostgreSQL at %s: %s",
			                    store->where, message);
		}
	}
	struct pollfd fd = {.fd = PQsocket(store->listener), .events = POLLIN};
	if (fd.fd >= 0 && poll(&fd, 1, timeout_ms) < 0 && errno != EINTR)
		return pl_error_set(err, PL_EIO, "waiting for PostgreSQL: %s", strerror(errno));
	if (!PQconsumeInput(store->listener) || PQstatus(store->listener) != CONNECTION_OK) {
		/* Reconnected at the next wait (a restarted server). */
		PQfinish(store->listener);
		store->listener = NULL;
		return 0;
	}
	PGnotify *note;
	while ((note = PQnotifies(store->listener)) != NULL)
		PQfreemem(note);
	return 0;
}

/* --- projections --------------------------------------------------------------------- */

static int pg_clear_projections(pl_store *base, pl_error *err)
{
	pg_store *store = (pg_store *)base;
	int rc = 0;
	forget_document(store);
	for (size_t i = pl_store_projection_count; rc == 0 && i-- > 0;) {
		char sql[64];
		snprintf(sql, sizeof sql, "DELETE FROM %s", pl_store_projections[i][0]);
		rc = run(store, sql, "clearing projections", err);
	}
	return rc;
}

/* The planner's statistics, gathered afresh; tables the role does not own
 * are skipped (with a warning, which the notice processor drops). */
static int pg_analyze(pl_store *base, pl_error *err)
{
	return run((pg_store *)base, "ANALYZE", "gathering the planner's statistics", err);
}

/* Every projection row in key order, each column as its type's text. */
static int pg_projection_digest(pl_store *base, uint8_t out[PL_HASH_BYTES], pl_error *err)
{
	pg_store *store = (pg_store *)base;
	pl_buf acc = PL_BUF_INIT;
	int rc = drain(store, err);
	for (size_t i = 0; rc == 0 && i < pl_store_projection_count; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s",
		         pl_store_projections[i][0], pl_store_projections[i][1]);
		PGresult *result = PQexec(store->conn, sql);
		if (PQresultStatus(result) != PGRES_TUPLES_OK) {
			rc = db_fail(store, result, "reading projections", err);
			PQclear(result);
			break;
		}
		pl_buf_printf(&acc, "table %s\n", pl_store_projections[i][0]);
		int rows = PQntuples(result), columns = PQnfields(result);
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < columns; c++) {
				int null = PQgetisnull(result, r, c);
				int len = null ? 0 : PQgetlength(result, r, c);
				pl_buf_printf(&acc, "%d:%d:", null, len);
				pl_buf_put(&acc, PQgetvalue(result, r, c), (size_t)len);
			}
			pl_buf_putc(&acc, '\n');
		}
		PQclear(result);
	}
	if (rc == 0)
		pl_hash(out, acc.ptr, acc.len);
	pl_buf_free(&acc);
	return rc;
}

/* --- documents and versions ---------------------------------------------------------- */

static void read_document(const pl_store_row *row, pl_store_document *out)
{
	out->id = pg_row_int(row, 0);
	out->name = pl_strdup(pg_row_text(row, 1));
	out->track = pl_strdup(pg_row_text(row, 2));
	out->latest = (int)pg_row_int(row, 3);
	out->next_point = pg_row_int(row, 4);
}

static int pg_document_find(pl_store *base, const char *name, pl_store_document *out, pl_error *err)
{
	static const char sql[] =
	    "SELECT id, name, track, latest, next_point FROM documents WHERE name = ?1";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (store->doc_memo_valid && strcmp(store->doc_memo.name, name) == 0) {
		copy_document(out, &store->doc_memo);
		return 0;
	}
	PGresult *result = executef(store, "reading documents", err, &rc, sql, "s", name);
	if (!result)
		return rc;
	if (PQntuples(result) == 1) {
		pg_row row = {{&pg_engine}, result, 0, NULL};
		read_document(&row.base, out);
		if (store->in_transaction) {
			forget_document(store);
			copy_document(&store->doc_memo, out);
			store->doc_memo_valid = 1;
		}
	} else {
		rc = PL_ENOTFOUND;
	}
	PQclear(result);
	return rc;
}

static int pg_document_insert(pl_store *base, const char *name, const char *track, int64_t event,
                              int64_t *id_out, pl_error *err)
{
	/* The next id after the highest, as SQLite numbers its rows: a
	 * rebuild numbers the documents as the first build did. */
	static const char sql[] =
	    "INSERT INTO documents(id, name, track, created_event, latest, next_point)"
	    " SELECT coalesce(max(id), 0) + 1, ?1, ?2, ?3, 0, 1 FROM documents RETURNING id";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	forget_document(store);
	PGresult *result =
	    executef(store, "adding a document", err, &rc, sql, "ssi", name, track, event);
	if (!result)
		return rc;
	pg_row row = {{&pg_engine}, result, 0, NULL};
	*id_out = pg_row_int(&row.base, 0);
	PQclear(result);
	return 0;
}

static int pg_document_update(pl_store *base, int64_t id, int latest, int64_t next_point,
                              pl_error *err)
{
	static const char sql[] = "UPDATE documents SET latest = ?2, next_point = ?3 WHERE id = ?1";
	int rc = 0;
	forget_document((pg_store *)base);
	rc = write_rowf((pg_store *)base, "updating a document", err, sql, "iii", id,
	                (int64_t)latest, next_point);
	return rc;
}

static int pg_documents_foreach(pl_store *base, pl_store_document_fn fn, void *context,
                                pl_error *err)
{
	static const char sql[] =
	    "SELECT id, name, track, latest, next_point FROM documents ORDER BY name";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	PGresult *result = executef(store, "reading documents", err, &rc, sql, "");
	if (!result)
		return rc;
	pg_row row = {{&pg_engine}, result, 0, NULL};
	for (int r = 0; rc == 0 && r < PQntuples(result); r++) {
		row.row = r;
		pl_store_document doc;
		read_document(&row.base, &doc);
		rc = fn(context, &doc, err);
		pl_store_document_clear(&doc);
	}
	free(row.numbers);
	PQclear(result);
	return rc;
}

static int pg_version_insert(pl_store *base, const pl_store_version *v, pl_error *err)
{
	static const char sql[] =
	    "INSERT INTO versions(doc, number, event, created_at, source, title, preamble,"
	    " point_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	int rc = 0;
	size_t hash_len = PL_HASH_BYTES;
	rc = write_rowf((pg_store *)base, "adding a version", err, sql, "iiissbbi", v->doc,
	                (int64_t)v->number, v->event, v->created_at, v->source, v->title, hash_len,
	                v->preamble, hash_len, v->point_count);
	return rc;
}

static int pg_versions_foreach(pl_store *base, int64_t doc, int number, pl_store_version_fn fn,
                               void *context, pl_error *err)
{
	static const char sql[] =
	    "SELECT v.doc, v.number, v.event, v.created_at, v.source, v.title, v.preamble,"
	    " v.point_count, b.body, d.name FROM versions v JOIN documents d ON d.id = v.doc"
	    " LEFT JOIN blobs b ON b.hash = v.title WHERE v.doc = ?1 AND (?2 = 0 OR v.number = ?2)"
	    " ORDER BY v.number";
	pg_store *store = (pg_store *)base;
	int rc = 0;
	PGresult *result =
	    executef(store, "reading versions", err, &rc, sql, "ii", doc, (int64_t)number);
	if (!result)
		return rc;
	int rows = PQntuples(result);
	pg_row row = {{&pg_engine}, result, 0, NULL};
	for (int r = 0; rc == 0 && r < rows; r++) {
		row.row = r;
		const pl_store_row *b = &row.base;
		pl_store_version version = {
		    .doc = pg_row_int(b, 0),
		    .number = (int)pg_row_int(b, 1),
		    .event = pg_row_int(b, 2),
		    .created_at = pg_row_text(b, 3),
		    .source = pg_row_text(b, 4),
		    .title = sized(b, 5, PL_HASH_BYTES),
		    .preamble = sized(b, 6, PL_HASH_BYTES),
		    .point_count = pg_row_int(b, 7),
		};
		/* The title is checked as every text read is (store_int.h). */
		size_t key_len;
		const void *key = pg_row_blob(b, 5, &key_len);
		const char *title = pg_row_text(b, 8);
		if (key && (!title || !hashes_to(key, key_len, title, strlen(title)))) {
			char place[320];
			snprintf(place, sizeof place, "%s@%d title", pg_row_text(b, 9),
			         version.number);
			uint8_t hash[PL_HASH_BYTES] = {0};
			memcpy(hash, key, key_len < PL_HASH_BYTES ? key_len : PL_HASH_BYTES);
			rc = pl_store_text_fail(err, !title, hash, place);
			break;
		}
		rc = fn(context, &version, title, err);
	}
	free(row.numbers);
	PQclear(result);
	return rc == 0 && rows == 0 ? PL_ENOTFOUND : rc;
}

static int pg_part_insert(pl_store *base, int64_t doc, int number, int64_t ord,
                          const uint8_t *heading, const uint8_t *intro, pl_error *err)
{
	static const char sql[] = "INSERT INTO version_parts(doc, number, ord, heading, intro)"
	                          " VALUES (?1, ?2, ?3, ?4, ?5)";
	int rc = 0;
	size_t hash_len = PL_HASH_BYTES;
	rc = write_rowf((pg_store *)base, "adding a part", err, sql, "iiibb", doc, (int64_t)number,
	                ord, heading, hash_len, intro, hash_len);
	return rc;
}

static int pg_point_insert(pl_store *base, int64_t doc, int number, int64_t ord, const char *id,
                           const char *label, int64_t part, const uint8_t *text, pl_error *err)
{
	static const char sql[] = "INSERT INTO version_points(doc, number, ord, point_id, label,"
	                          " part, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char no_part[] = "INSERT INTO version_points(doc, number, ord, point_id,"
	                              " label, part, text) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)";
	int rc = 0;
	size_t hash_len = PL_HASH_BYTES;
	if (part < 0)
		rc = write_rowf((pg_store *)base, "adding a point", err, no_part, "iiissb", doc,
		                (int64_t)number, ord, id, label, text, hash_len);
	else
		rc = write_rowf((pg_store *)base, "adding a point", err, sql, "iiissib", doc,
		                (int64_t)number, ord, id, label, part, text, hash_len);
	return rc;
}

static int pg_item_insert(pl_store *base, int64_t doc, int number, int64_t point_ord, int64_t ord,
                          const char *label, const uint8_t *text, pl_error *err)
{
	static const char sql[] = "INSERT INTO version_items(doc, number, point_ord, ord, label,"
	                          " text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	int rc = 0;
	rc = write_rowf((pg_store *)base, "adding a sub-item", err, sql, "iiiisb", doc,
	                (int64_t)number, point_ord, ord, label, text, (size_t)PL_HASH_BYTES);
	return rc;
}

static const pl_store_engine pg_engine = {
    .version = PL_STORE_ENGINE_VERSION,
    .name = "PostgreSQL",
    .dialect = PL_STORE_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .schema_version = pg_schema_version,
    .migrate = pg_migrate,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .release = pg_release,
    .rollback_savepoint = pg_rollback_savepoint,
    .get_texts = pg_get_texts,
    .put_blob = pg_put_blob,
    .get_blob = pg_get_blob,
    .blob_present = pg_blob_present,
    .blobs_check = pg_blobs_check,
    .blobs_foreach = pg_blobs_foreach,
    .triggers_check = pg_triggers_check,
    .event_insert = pg_event_insert,
    .track_head = pg_track_head,
    .events_foreach = pg_events_foreach,
    .data_version = pg_data_version,
    .wait_change = pg_wait_change,
    .clear_projections = pg_clear_projections,
    .projection_digest = pg_projection_digest,
    .analyze = pg_analyze,
    .document_find = pg_document_find,
    .document_insert = pg_document_insert,
    .document_update = pg_document_update,
    .documents_foreach = pg_documents_foreach,
    .version_insert = pg_version_insert,
    .versions_foreach = pg_versions_foreach,
    .part_insert = pg_part_insert,
    .point_insert = pg_point_insert,
    .item_insert = pg_item_insert,
    .exec = pg_exec,
    .query = pg_query,
    .row_text = pg_row_text,
    .row_int = pg_row_int,
    .row_blob = pg_row_blob,
    .row_is_null = pg_row_is_null,
};

/* The entry of parley-pg.so (modules.c), and of a test program that
 * links this file: the engine's table, whose first member is its
 * version. */
__attribute__((visibility("default"))) const void *pl_store_pg_module(void)
{
	return &pg_engine;
}
