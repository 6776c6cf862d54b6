/* database.h — the database as a whole: its schema's upgrades, and a whole
 * negotiation copied from one database to another (SQLite file to
 * PostgreSQL and back).
 *
 * A database is named as everywhere else: a file, or a postgresql://
 * address (whose engine the program has loaded, see docs/postgresql.md). */
#ifndef PARLEY_DATABASE_H
#define PARLEY_DATABASE_H

#include <stddef.h>

#include "parley/error.h"

/* Brings the database at path to this build's schema. *from and *to are
 * the schema versions before and after (equal when nothing was to do).
 * PL_EVERSION when the database is newer than this build. */
int pl_database_migrate(const char *path, int busy_timeout_ms, int *from, int *to, pl_error *err);

typedef struct pl_copy_report {
	size_t events; /* events copied, in their order */
	size_t texts;  /* texts copied */
	char digest[65]; /* BLAKE2b-256 of every event's content, the same at both ends */
	char engine_from[16], engine_to[16];
} pl_copy_report;

/* Copies the whole negotiation at from (which must verify) into to, a
 * database that holds none yet (a new file, or an empty PostgreSQL
 * database): every text and every event byte for byte, in the same
 * order; the tables are then replayed from the events at the other end,
 * which is verified in full and its events digested again. Nothing is
 * left at to when any step fails (the copy is one transaction; an empty
 * schema may remain). */
int pl_database_copy(const char *from, const char *to, int busy_timeout_ms, pl_copy_report *report,
                     pl_error *err);

#endif
