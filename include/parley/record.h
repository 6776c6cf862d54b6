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

/* Founding. A new negotiation (pl_open_options.create) is founded by its
 * convenor — the secretariat or host delegation that admits the parties and
 * their first delegates — whose signature makes the first event of the
 * plenary. The convenor becomes the acting delegate. */
typedef struct pl_found_options {
	const char *convenor;   /* the convenor's delegate name */
	const char *party;      /* the convenor's party code (admitted with it) */
	const char *party_name; /* and its name */
	const char *public_key; /* 64 hex digits of the convenor's public key (made with
				 * pl_keygen on the convenor's machine), or NULL to make the
				 * key pair here and write its secret half to the key file */
	const char *rule;       /* the plenary's decision rule; NULL: consensus */
} pl_found_options;

/* Founds n. key_path receives the key file's path (when a key was made
 * here) or the path where the convenor's key file is expected. Returns 0,
 * PL_EINVALID, PL_ECONFLICT (founded already) or a store error. */
int pl_negotiation_found(pl_negotiation *n, const pl_found_options *options, char *key_path,
			 size_t key_path_size, pl_error *err);

/* Makes a key pair for delegate name on this machine: the secret half goes
 * to path (or, when path is NULL, to the delegate's key file, see above),
 * created 0600 and exclusively; the public half to public_hex, for the
 * delegate who admits name (pl_delegate_add) or to rotate a key
 * (pl_delegate_key_add). Nothing is recorded. */
int pl_keygen(const pl_negotiation *n, const char *name, const char *path,
	      char public_hex[2 * 32 + 1], char *written, size_t written_size, pl_error *err);

/* Adds a party (a side at the table): code of 1-16 capital letters and
 * digits, and a name. Only the convenor admits parties. PL_ECONFLICT if the
 * code exists. */
int pl_party_add(pl_negotiation *n, const char *code, const char *name, pl_error *err);

/* Admits a delegate of party with role "lead", "envoy", "member" or
 * "observer", enrolling public_key (64 hex digits; the delegate made the
 * pair with pl_keygen and keeps the secret half). The convenor admits a
 * party's first delegate; a lead delegate of the party admits the others.
 * With public_key NULL the pair is made here and the secret half written to
 * the delegate's key file (for an exercise on one machine); its path goes to
 * key_path. */
int pl_delegate_add(pl_negotiation *n, const char *name, const char *party, const char *role,
		    const char *public_key, char *key_path, size_t key_path_size, pl_error *err);

/* Enrolls another key of delegate name (a new device, or a rotation), or
 * revokes one: signatures made with it after the revocation fail
 * verification, earlier ones still hold. The delegate itself or a lead of
 * its party signs. */
int pl_delegate_key_add(pl_negotiation *n, const char *name, const char *public_key,
			pl_error *err);
int pl_delegate_key_revoke(pl_negotiation *n, const char *name, const char *public_key,
			   pl_error *err);
/* Invites a further device of delegate name (the delegate itself or a lead
 * of its party signs): code receives a fresh one-time enrolment code
 * (PL_INVITE_CODE_SIZE bytes, see signing.h), good for ttl_s seconds (at
 * most a week; 0: a day), whose expiry goes to expires (ISO 8601 UTC).
 * Only the public key derived from the code is recorded. */
#define PL_INVITE_CODE_SIZE 40
int pl_delegate_invite(pl_negotiation *n, const char *name, long ttl_s, char *code,
                       size_t code_size, char expires[32], pl_error *err);

/* The keys of delegate name: public key, state (current or revoked). */
int pl_delegate_keys(pl_negotiation *n, const char *name, pl_table **out, pl_error *err);

/* A track with member parties (the acting delegate's party among them) and
 * a decision rule ("consensus", "chair", "majority"; NULL: consensus). Its
 * first event lives in its own chain, so no other party learns of it. */
int pl_track_add(pl_negotiation *n, const char *name, const char *const *parties, size_t count,
		 const char *rule, pl_error *err);
/* Records the acting party's consent to change track's decision rule to
 * rule; the rule changes when the track's current rule is met (every
 * member under consensus, the convenor under chair, more than half under
 * majority). *changed is 1 when it did, 2 when rule is the track's rule
 * already (the party's consent to another, if any, no longer counts), 0
 * when the consent waits for the others'. */
int pl_track_rule(pl_negotiation *n, const char *track, const char *rule, int *changed,
		  pl_error *err);
/* The line the command line and the server answer pl_track_rule with,
 * for its *changed, in out (of size bytes); returns out. */
const char *pl_track_rule_said(int changed, const char *track, const char *rule, char *out,
			       size_t size);
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
