/* verify_int.h — checking hash chains and signatures, for a database and
 * for an exported log file alike. */
#ifndef PARLEY_VERIFY_INT_H
#define PARLEY_VERIFY_INT_H

#include "authority_int.h"
#include "parley/verify.h"
#include "record_int.h"
#include "store_int.h"

typedef struct pl_verifier pl_verifier;

/* partial: the events will be a reader's share of the record (see
 * pl_auth_new). */
pl_verifier *pl_verifier_new(int partial);
void pl_verifier_free(pl_verifier *v);
/* Adds an event (copied), in the order it was appended. */
void pl_verifier_add(pl_verifier *v, const pl_store_event *event);
/* Checks every chain; see pl_verify in parley/verify.h. */
int pl_verifier_run(pl_verifier *v, const char *expect, pl_verify_report *report, pl_error *err);

/* After pl_verifier_run: the state of authority replayed from the events
 * before the first bad one (all of them when none is bad), and in *bad the
 * index of that event (the count when none). The caller owns the state. */
pl_auth *pl_verifier_take_state(pl_verifier *v, size_t *bad);

#endif
