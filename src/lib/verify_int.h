/* verify_int.h — checking hash chains and signatures, for a database and
 * for an exported log file alike. */
#ifndef PARLEY_VERIFY_INT_H
#define PARLEY_VERIFY_INT_H

#include "parley/verify.h"
#include "record_int.h"
#include "store_int.h"

typedef struct pl_verifier pl_verifier;

pl_verifier *pl_verifier_new(void);
void pl_verifier_free(pl_verifier *v);
/* Adds an event (copied), in the order it was appended. */
void pl_verifier_add(pl_verifier *v, const store_event *event);
/* A public key known from outside the events (an exported log's header). */
void pl_verifier_add_key(pl_verifier *v, const char *delegate, const char *party,
			 const uint8_t *public_key);
/* Checks every chain; see pl_verify in parley/verify.h. */
int pl_verifier_run(pl_verifier *v, const char *expect, pl_verify_report *report,
		    pl_error *err);

#endif
