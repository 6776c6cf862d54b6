/* integrity_int.h — the integrity of what is not an event (issue 11): the
 * texts in the blobs table, which events name by hash, and the triggers
 * that keep events and blobs append-only. verify.c checks the events.
 *
 * Ownership: payloads are borrowed; places handed to callbacks are
 * borrowed for the duration of the call. */
#ifndef PARLEY_INTEGRITY_INT_H
#define PARLEY_INTEGRITY_INT_H

#include <jansson.h>

#include "negotiation_int.h"
#include "parley/verify.h"

/* One text a version names, with where it is: "framework@1 title",
 * "framework@1 part 2 heading", "framework@1 point 6",
 * "framework@1 point 20 (b)". */
typedef int (*pl_text_ref_fn)(void *context, const uint8_t hash[PL_HASH_BYTES], const char *place,
                              pl_error *err);

/* Calls fn for every text hash a document.version payload names (title,
 * preamble, each part's heading and introduction, each point's text and
 * each of its sub-items'), in that order, skipping the texts it does not
 * have (null); stops at the first non-zero return and passes it up.
 * PL_EINVALID when a hash is not 64 lower-case hex digits. */
int pl_version_texts_foreach(json_t *payload, pl_text_ref_fn fn, void *context, pl_error *err);

/* Which version events pl_integrity_texts walks: those the viewer may see
 * (in one track, or in all), or every one in the file (for rebuild, which
 * replays them all). */
enum { PL_INTEGRITY_VIEWER, PL_INTEGRITY_EVERY_EVENT };

/* Checks that every stored text matches its hash, and that every text the
 * version events in scope name is stored. Returns 0, or PL_EBADSIG with
 * the message of pl_store_text_fail, naming the first such text (in the
 * order of the events) where a version names it. */
int pl_integrity_texts(pl_negotiation *n, const char *track, int scope, pl_error *err);

/* pl_integrity_texts for the viewer, then the append-only triggers (see
 * pl_store_triggers_check): the part of pl_verify that is not the events'.
 * On PL_EBADSIG the message is also in report->first_bad. */
int pl_integrity_verify(pl_negotiation *n, const char *track, pl_verify_report *report,
                        pl_error *err);

#endif
