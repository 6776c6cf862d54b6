/* store_schema.h — the schema of a parley database, as data for store.c. */
#ifndef PARLEY_STORE_SCHEMA_H
#define PARLEY_STORE_SCHEMA_H

#include "store_int.h"

#include <stddef.h>

/* pl_store_migrations[i] brings a database from schema i to i + 1. */
extern const char *const pl_store_migrations[PL_SCHEMA_VERSION];

/* The projection tables, each with its key columns in order, for clearing
 * and digesting them (the events and blobs are the truth, not listed). */
extern const char *const pl_store_projections[][2];
extern const size_t pl_store_projection_count;

/* The append-only triggers on events and blobs: each one's name and the
 * exact CREATE statement sqlite_master holds for it. */
extern const char *const pl_store_triggers[][2];
extern const size_t pl_store_trigger_count;

#endif
