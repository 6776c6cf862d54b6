/* store_sql_int.h — the store's own SQL runner, for store*.c only.
 *
 * No module outside the store includes this header: they call the typed
 * functions of store_int.h and the store_*_int.h headers, which say what
 * they do in the record's words. A second store (PostgreSQL) replaces what
 * is below, and the SQL text the store*.c files hand it.
 *
 * Ownership: strings and blobs read from a row are borrowed for the
 * duration of the row callback. */
#ifndef PARLEY_STORE_SQL_INT_H
#define PARLEY_STORE_SQL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store_int.h"

/* SQL text with ?1, ?2 ... bound from a type string, one letter per
 * parameter:
 *   's' const char * (NULL binds NULL)   'i' int64_t
 *   'b' const void *, size_t (NULL binds NULL)
 * Statements are prepared once per SQL text, which is compared by its
 * address (a string literal), and cached. */
typedef struct pl_store_row pl_store_row;
const char *pl_store_row_text(const pl_store_row *row, int column); /* NULL for NULL */
int64_t pl_store_row_int(const pl_store_row *row, int column);
const void *pl_store_row_blob(const pl_store_row *row, int column, size_t *len);
int pl_store_row_is_null(const pl_store_row *row, int column);

typedef int (*pl_store_row_fn)(void *context, const pl_store_row *row, pl_error *err);

/* Runs a statement that returns no rows. */
int pl_store_exec(pl_store *store, pl_error *err, const char *sql, const char *types, ...);
/* Runs a query, calling fn (if not NULL) for each row; *rows (if not NULL)
 * counts them. A query used while another is being read (fn runs a query)
 * must have a different SQL text. */
int pl_store_query(pl_store *store, pl_error *err, pl_store_row_fn fn, void *context, size_t *rows,
                   const char *sql, const char *types, ...);

/* PL_STORE_SQLITE or PL_STORE_POSTGRES: which of two texts to run where
 * the engines' SQL differs (store_engine_int.h). */
enum { PL_STORE_SQLITE, PL_STORE_POSTGRES };
int pl_store_dialect(const pl_store *store);

/* The blob of column when it is exactly size bytes long, else NULL. */
const uint8_t *pl_store_row_sized(const pl_store_row *row, int column, size_t size);
/* The first integer column of the one row a count or a max reads. */
int pl_store_read_int(void *context, const pl_store_row *row, pl_error *err);

#endif
