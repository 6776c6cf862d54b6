/* record.h — the negotiation record: parties, delegates and their keys,
 * confidential tracks, circulation of versions between tracks.
 *
 * Ownership: functions that list things return a new pl_table the caller
 * frees with pl_table_free. Every change is one signed event in one
 * transaction, made by the acting delegate given to pl_negotiation_open
 * (pl_open_options.actor); every read shows only what that delegate's party
 * may see (see "The viewer rule" in README.md).
 *
 * Keys: a delegate's Ed25519 secret key lives in
 *   KEYS_DIR/<negotiation id>/<delegate>.key   (mode 0600, never a link)
 * and never in the database; the public key is in the delegate's event. */
#ifndef PARLEY_RECORD_H
#define PARLEY_RECORD_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/negotiation.h"
#include "parley/table.h"

/* Adds a party (a side at the table): code of 1-16 capital letters and
 * digits, and a name. PL_ECONFLICT if the code exists. */
int pl_party_add(pl_negotiation *n, const char *code, const char *name, pl_error *err);

/* Adds a delegate of party with role "lead", "envoy", "member" or
 * "observer", generating its key pair: the secret key is written to its
 * key file under keys_dir (folders made 0700), the public key recorded.
 * The first delegate of a negotiation signs its own event; after that the
 * acting delegate signs. The path of the key file goes to key_path. */
int pl_delegate_add(pl_negotiation *n, const char *name, const char *party, const char *role,
		    char *key_path, size_t key_path_size, pl_error *err);

/* A track with member parties (the acting delegate's party among them).
 * Its first event lives in its own chain, so no other party learns of it. */
int pl_track_add(pl_negotiation *n, const char *name, const char *const *parties, size_t count,
		 pl_error *err);
/* Adds party to track from now on: it sees what the track holds from
 * this event onwards, and earlier versions only if they are circulated to
 * the track again. */
int pl_track_join(pl_negotiation *n, const char *track, const char *party, pl_error *err);

/* Makes version ref readable in track to_track, recording who shared it,
 * from which track, when, with an optional note. The actor must see the
 * version and belong to to_track. */
int pl_circulate(pl_negotiation *n, const char *ref, const char *to_track, const char *note,
		 pl_error *err);

/* Listings, as the viewer may see them. */
int pl_party_list(pl_negotiation *n, pl_table **out, pl_error *err);
int pl_delegate_list(pl_negotiation *n, pl_table **out, pl_error *err);
int pl_track_list(pl_negotiation *n, pl_table **out, pl_error *err);
int pl_track_members(pl_negotiation *n, const char *track, pl_table **out, pl_error *err);
/* Which parties had version ref, since when, and through which track. */
int pl_seen(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err);

/* The key file path of delegate name. */
int pl_key_path(const pl_negotiation *n, const char *name, char *out, size_t size,
		pl_error *err);

#endif
