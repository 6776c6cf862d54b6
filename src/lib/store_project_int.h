/* store_project_int.h — the store's tables of who takes part: parties,
 * delegates, tracks and their members, and circulations of versions into
 * tracks; their rows written by the projections and read by the listings.
 *
 * Ownership: strings in the structs handed to callbacks are borrowed for
 * the duration of the call; strings in the structs passed to the inserts
 * are the caller's. Every function returns 0 or the store's error code,
 * with the message set on err (PL_ECONFLICT for a row that exists). */
#ifndef PARLEY_STORE_PROJECT_INT_H
#define PARLEY_STORE_PROJECT_INT_H

#include <stdint.h>

#include "store_int.h"

int pl_store_party_insert(pl_store *store, const char *code, const char *name, int64_t event,
                          pl_error *err);
/* *exists is 1 when a party has code, else 0. */
int pl_store_party_exists(pl_store *store, const char *code, int *exists, pl_error *err);

typedef struct pl_store_delegate {
	const char *name;
	const char *party;
	const char *role;
	const char *public_key; /* lower-case hex when read; raw bytes are given to insert */
} pl_store_delegate;
/* key is the delegate's public key, PL_PUBLIC_KEY_BYTES long. */
int pl_store_delegate_insert(pl_store *store, const char *name, const char *party, const char *role,
                             const uint8_t *key, int64_t event, pl_error *err);
enum { PL_STORE_BY_NAME, PL_STORE_BY_PARTY };
typedef int (*pl_store_delegate_fn)(void *context, const pl_store_delegate *d, pl_error *err);
/* Every delegate, ordered by name (PL_STORE_BY_NAME) or by party, then
 * name (PL_STORE_BY_PARTY). */
int pl_store_delegates_foreach(pl_store *store, int order, pl_store_delegate_fn fn, void *context,
                               pl_error *err);

int pl_store_track_insert(pl_store *store, const char *name, const char *created_at,
                          const char *created_by, const char *salt, pl_error *err);
int pl_store_member_insert(pl_store *store, const char *track, const char *party, int64_t since_seq,
                           const char *since_at, pl_error *err);

/* A track's name and its salt (what its opaque reference hashes). */
typedef int (*pl_store_track_fn)(void *context, const char *name, const char *salt, pl_error *err);
/* Every track, in no particular order. */
int pl_store_tracks_foreach(pl_store *store, pl_store_track_fn fn, void *context, pl_error *err);
/* Track name only (fn not called when there is none). */
int pl_store_track_find(pl_store *store, const char *name, pl_store_track_fn fn, void *context,
                        pl_error *err);

/* A track as listed: its members' codes in order, separated by spaces. */
typedef struct pl_store_track_row {
	const char *name;
	const char *members;
	const char *created_at;
} pl_store_track_row;
typedef int (*pl_store_track_row_fn)(void *context, const pl_store_track_row *t, pl_error *err);
/* Every track with at least one member, ordered by name. */
int pl_store_tracks_list(pl_store *store, pl_store_track_row_fn fn, void *context, pl_error *err);

/* A party taking part somewhere, since when. */
typedef struct pl_store_member {
	const char *party;
	const char *name;  /* the party's name; NULL where not read */
	int64_t since_seq; /* 0 for the plenary */
	const char *since_at;
} pl_store_member;
typedef int (*pl_store_member_fn)(void *context, const pl_store_member *m, pl_error *err);
typedef int (*pl_store_party_fn)(void *context, const char *code, const char *name, pl_error *err);
/* Every party, ordered by code. */
int pl_store_parties_foreach(pl_store *store, pl_store_party_fn fn, void *context, pl_error *err);
/* Every party as a member of the plenary: since_at the time it was
 * admitted, ordered by code. */
int pl_store_plenary_members(pl_store *store, pl_store_member_fn fn, void *context, pl_error *err);
/* The members of track: with their names in the order they joined
 * (PL_STORE_MEMBERS_JOINED), or by code without names
 * (PL_STORE_MEMBERS_BY_CODE). */
enum { PL_STORE_MEMBERS_JOINED, PL_STORE_MEMBERS_BY_CODE };
int pl_store_track_members(pl_store *store, const char *track, int order, pl_store_member_fn fn,
                           void *context, pl_error *err);
/* *member is 1 when party is a member of track, else 0. */
int pl_store_track_member_is(pl_store *store, const char *track, const char *party, int *member,
                             pl_error *err);
/* The tracks party is a member of, in no particular order. */
int pl_store_party_tracks(pl_store *store, const char *party, pl_store_text_fn fn, void *context,
                          pl_error *err);

typedef struct pl_store_circulation {
	const char *track; /* where it was circulated to */
	int64_t seq;
	int64_t doc;
	int64_t number;
	const char *from_track;
	const char *by; /* the delegate, "" when unsigned */
	const char *at;
	const char *note; /* NULL for none */
} pl_store_circulation;
int pl_store_circulation_insert(pl_store *store, const pl_store_circulation *c, pl_error *err);
/* *circulated is 1 when version number of doc was circulated to track. */
int pl_store_circulated(pl_store *store, const char *track, int64_t doc, int64_t number,
                        int *circulated, pl_error *err);
/* Where version number of doc arrived: the track it was made in, then
 * those it was circulated to (by is NULL for the first), ordered by time
 * and track. */
typedef struct pl_store_place {
	const char *track;
	int64_t seq;
	const char *at;
	const char *by;
} pl_store_place;
typedef int (*pl_store_place_fn)(void *context, const pl_store_place *p, pl_error *err);
int pl_store_version_places(pl_store *store, int64_t doc, int64_t number, pl_store_place_fn fn,
                            void *context, pl_error *err);

#endif
