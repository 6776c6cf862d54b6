/* testutil.h — small helpers shared by the cmocka tests. Returned strings
 * are owned by the caller (free()). */
#ifndef PARLEY_TESTUTIL_H
#define PARLEY_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Reads a whole file; fails the test if it cannot. */
char *tu_read_file(const char *path, size_t *len_out);
/* Path of a file in tests/data (or examples/ for tu_example_path). */
char *tu_data_path(const char *name);
char *tu_example_path(const char *name);
/* A fresh empty directory under $TMPDIR or /tmp. */
char *tu_tmpdir(void);
/* Writes len bytes to path, failing the test on error. */
void tu_write_file(const char *path, const void *data, size_t len);

struct pl_doc;
/* A plan parsed from text (named "t.md"), failing the test on error. */
struct pl_doc *tu_parse(const char *text);
/* A sample plan of tests/data, parsed. */
struct pl_doc *tu_sample(const char *name);
/* The first column of the first row of sql run on the database at path. */
long long tu_query_int(const char *path, const char *sql);
/* Removes dir and everything in it (a test's temporary folder), even
 * where a test took its own permissions away. */
void tu_remove_tree(const char *dir);

struct pl_negotiation;
/* A test's negotiation: a fresh folder, the database path and the key
 * folder in it (neither created yet), and the open negotiation if any. */
typedef struct tu_fixture {
	char *dir;
	char path[512];
	char keys[512];
	struct pl_negotiation *n;
} tu_fixture;
tu_fixture *tu_fixture_new(void);
/* Creates f's negotiation with clock (NULL: the system clock), founds it
 * with the convenor "sec" of the party UN (the secretariat, plenary rule
 * rule or consensus), and leaves f->n open, acting as the convenor. */
void tu_found(tu_fixture *f, const char *clock, const char *rule);
/* Opens f's negotiation as actor (NULL: no one) with the fixed clock and,
 * when key_file is not NULL, that key file; fails the test if it cannot. */
struct pl_negotiation *tu_open_as(const tu_fixture *f, const char *clock, const char *actor,
                                  const char *key_file);
struct pl_keypair;
/* Appends to track of the database at path, as an attacker with write
 * access to the file would, an event of kind with payload (JSON, made
 * canonical here) claiming actor (NULL: unsigned), linked to the track's
 * head, timed at, and signed with key (NULL: no signature); returns its
 * sequence number. */
long long tu_forge_event(const char *path, const char *track, const char *kind, const char *at,
                         const char *actor, const char *payload, const struct pl_keypair *key);
/* Closes n if open and removes the folder. */
void tu_fixture_free(tu_fixture *f);

#endif
