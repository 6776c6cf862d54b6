/* negotiation.h — a negotiation: one database holding documents and their
 * versions, kept as appended events with projections beside them.
 *
 * Ownership: a pl_negotiation is opened and closed by the caller; documents
 * and info records returned through out parameters belong to the caller and
 * are released with the matching _free / _clear function. Every function
 * that changes something runs in one transaction: on error nothing of it
 * remains. */
#ifndef PARLEY_NEGOTIATION_H
#define PARLEY_NEGOTIATION_H

#include <stddef.h>
#include <stdint.h>

#include "parley/doc.h"
#include "parley/error.h"

typedef struct pl_negotiation pl_negotiation;

/* The plenary track every negotiation has. */
#define PL_PLENARY "plenary"
/* Longest document name, in bytes. */
#define PL_NAME_MAX 64

typedef struct pl_open_options {
	const char *path;    /* the database file */
	int create;          /* make a new negotiation (fails if the file holds one) */
	int read_only;       /* open for reading only */
	int busy_timeout_ms; /* wait this long for another process's lock; 0: 5000 */
	const char *clock;   /* a fixed ISO 8601 time for new events (reproducible
			      * runs and tests), or NULL for the system clock */
	const char *actor;   /* the delegate who acts and reads, or NULL */
	const char *keys_dir; /* where delegates' key files live (see record.h) */
	const char *key_file; /* the actor's key file, when not in keys_dir, or NULL */
} pl_open_options;

/* Opens (or with options->create, creates) a negotiation database.
 * Returns 0, PL_ENOTFOUND (no file), PL_EVERSION (not a parley database, or
 * a newer schema), PL_EDENIED (read-only file opened for writing), PL_EBUSY
 * (locked past the timeout), PL_ECONFLICT (create over an existing one) or
 * PL_EIO. A negotiation handle is used by one thread at a time (each
 * thread of a server opens its own): its database connection takes no
 * locks of its own. */
int pl_negotiation_open(pl_negotiation **out, const pl_open_options *options, pl_error *err);
/* Opens another handle on n's database (options->path, which must be the
 * same file), for another thread: it starts from n's verified state of
 * authority instead of replaying and verifying the whole record again, and
 * catches up with what was appended since on its first use. n must be at
 * rest (no change under way) and is only read; options->create is refused.
 * A server opens one handle per thread this way. */
int pl_negotiation_open_sibling(const pl_negotiation *n, const pl_open_options *options,
                                pl_negotiation **out, pl_error *err);
/* Every read first looks whether the database changed since the handle
 * last looked (another handle's or process's appends) and takes them in.
 * A program that learns of every change by other means (a server: its one
 * writer, and a watcher of other processes) may turn that look off for a
 * handle with assume set, and call pl_negotiation_catch_up when it learns
 * of a change; reads then use the state as last caught up. Changes always
 * look (they hold the write lock). */
void pl_negotiation_assume_current(pl_negotiation *n, int assume);
/* Takes in what was appended since the handle last looked. */
int pl_negotiation_catch_up(pl_negotiation *n, pl_error *err);
/* Groups the changes that follow into one transaction, for bulk work:
 * each change still succeeds or fails alone (a savepoint), and all become
 * durable at pl_negotiation_commit. */
int pl_negotiation_begin(pl_negotiation *n, pl_error *err);
int pl_negotiation_commit(pl_negotiation *n, pl_error *err);
void pl_negotiation_rollback(pl_negotiation *n);

/* Closes n, rolling back anything unfinished; accepts NULL. */
void pl_negotiation_close(pl_negotiation *n);

/* What one version is. Strings are owned by the record; clear it with
 * pl_version_info_clear. */
typedef struct pl_version_info {
	char *document;
	char *track;
	int number;
	char *created_at; /* ISO 8601 UTC */
	char *source;     /* file it was imported from, or NULL */
	char *title;      /* the plan's title, or NULL */
	size_t point_count;
} pl_version_info;

void pl_version_info_clear(pl_version_info *info);
void pl_version_info_free_array(pl_version_info *infos, size_t count);

/* 1 when name is a valid document name: 1 to PL_NAME_MAX bytes of ASCII
 * letters, digits, '.', '_' and '-', starting with a letter or digit. */
int pl_document_name_valid(const char *name);

/* Splits a reference "DOC" or "DOC@N" into name and number (0 for
 * "latest"). PL_EINVALID with a message for anything else. */
int pl_ref_parse(const char *ref, char name[PL_NAME_MAX + 1], int *number, pl_error *err);

typedef struct pl_import_options {
	const char *document; /* document name; a new name starts a new document */
	const char *title;    /* replaces the plan's own title, or NULL */
	const char *source;   /* the file name, recorded with the version, or NULL */
	const char *track;    /* the track a new document is drafted in (NULL:
			       * the plenary); later versions stay in it */
} pl_import_options;

typedef struct pl_import_result {
	int number;       /* the new version's number (or the latest, if unchanged) */
	int unchanged;    /* 1 when the text equals the latest version: no new version */
	size_t points;    /* points in the version */
	size_t carried;   /* points whose stable id carried over from the last version */
	size_t added;     /* points that got a new id */
} pl_import_result;

/* Records doc as the next version of document options->document, as one
 * appended event and its projection. Point ids carry over from the latest
 * version where a point is clearly the same point (see match.c); others get
 * new ids. doc receives the ids (and options->title, if given), so that the
 * caller holds exactly what was stored; it is not copied, which keeps a
 * large import within a few times its size. Returns 0, PL_EINVALID (bad
 * name or document), or a store error. */
int pl_document_import(pl_negotiation *n, const pl_import_options *options, pl_doc *doc,
		       pl_import_result *result, pl_error *err);

/* Loads version ref ("DOC" for the latest, or "DOC@N"): *out is a new
 * document with stable ids, info (if not NULL) describes it. PL_ENOTFOUND
 * names what does not exist. */
int pl_version_load(pl_negotiation *n, const char *ref, pl_doc **out, pl_version_info *info,
		    pl_error *err);

/* Every document, by name, each described by its latest version. */
int pl_document_list(pl_negotiation *n, pl_version_info **out, size_t *count, pl_error *err);
/* Every version of document name, oldest first. */
int pl_version_list(pl_negotiation *n, const char *name, pl_version_info **out, size_t *count,
		    pl_error *err);

typedef struct pl_rebuild_report {
	size_t events;   /* events replayed */
	int identical;   /* 1 when the rebuilt projections equal the ones before */
	char before[65]; /* digests of the projections, hex */
	char after[65];
} pl_rebuild_report;

/* Recomputes every projection from the events alone, in one transaction,
 * and reports whether the result equals what was there. */
int pl_negotiation_rebuild(pl_negotiation *n, pl_rebuild_report *report, pl_error *err);

#endif
