/* verify.h — proving the record: hash chains, signatures, head receipts,
 * and exported logs that verify without any database.
 *
 * Ownership: reports are plain values; exported logs go to a caller's
 * pl_buf. */
#ifndef PARLEY_VERIFY_H
#define PARLEY_VERIFY_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"

typedef struct pl_verify_report {
	size_t events;   /* events checked */
	size_t tracks;   /* chains checked */
	size_t signed_events;
	char first_bad[512]; /* empty when everything verifies */
	char first_bad_track[65]; /* the track of the first bad event */
} pl_verify_report;

/* Checks every chain the viewer may see (or only track): each event's
 * sequence number follows the previous one, its prev field is the previous
 * event's hash, its hash is BLAKE2b-256 of its canonical encoding, and its
 * signature is valid under the acting delegate's public key as recorded in
 * the plenary (an unsigned event is valid only in a founding plenary,
 * before the first delegate). With expect (a hex head receipt), the
 * receipt's event must still be in the chain. Returns 0, or PL_EBADSIG with
 * a message naming the first bad event: "track T, event #N: what". */
int pl_verify(pl_negotiation *n, const char *track, const char *expect,
	      pl_verify_report *report, pl_error *err);

/* The head receipt of track: the hex hash of its last event and its
 * sequence number. PL_ENOTFOUND for a track the viewer cannot see or an
 * empty one. */
int pl_log_head(pl_negotiation *n, const char *track, char hash[65], long long *seq,
		pl_error *err);

/* Writes track's events as JSON Lines (parley.log/1, docs/json.md): a
 * header with the delegates' public keys, one line per event, and the texts
 * of the versions the viewer may read. */
int pl_log_export(pl_negotiation *n, const char *track, pl_buf *out, pl_error *err);

/* Verifies an exported log from its text alone. Returns 0, PL_EINVALID for
 * a file that is not such a log (naming the line), or PL_EBADSIG naming the
 * first bad event. */
int pl_log_verify(const char *text, size_t len, const char *expect, pl_verify_report *report,
		  pl_error *err);

#endif
