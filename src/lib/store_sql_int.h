/* store_sql_int.h — the store's own SQL runner, for store*.c only.
 *
 * No module outside the store includes this header: they call the typed
 * functions of store_int.h and the store_*_int.h headers, which say what
 * they do in the record's words. A second store (PostgreSQL) replaces what
 * is below, and the SQL text the store*.c files hand it.
 *
 * Ownership: strings and blobs read from a row are borrowed for the
 * duration of the row callback. (The runner, pl_store_exec and
 * pl_store_query, is still declared in store_int.h while the modules move
 * behind typed functions.) */
#ifndef PARLEY_STORE_SQL_INT_H
#define PARLEY_STORE_SQL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store_int.h"

/* The blob of column when it is exactly size bytes long, else NULL. */
const uint8_t *pl_store_row_sized(const pl_store_row *row, int column, size_t size);
/* The first integer column of the one row a count or a max reads. */
int pl_store_read_int(void *context, const pl_store_row *row, pl_error *err);

#endif
