/* authority_state_int.h — the inside of pl_auth, shared by the rules
 * (authority.c) and the state (authority_state.c) only. */
#ifndef PARLEY_AUTHORITY_STATE_INT_H
#define PARLEY_AUTHORITY_STATE_INT_H

#include "authority_int.h"
#include "strmap_int.h"

typedef struct auth_key {
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	int revoked;
} auth_key;

typedef struct auth_delegate {
	char *name, *party, *role;
	auth_key *keys;
	size_t key_count, key_capacity;
} auth_delegate;

typedef struct auth_member {
	char *party;
	int64_t since; /* the sequence number of the event that made it a member */
} auth_member;

/* One party's latest decision (or consent to a rule). */
typedef struct auth_vote {
	char *party, *decision;
} auth_vote;

typedef struct auth_track {
	char *name, *rule;
	auth_member *members;
	size_t member_count, member_capacity;
	auth_vote *consents; /* consents to a change of rule, by party */
	size_t consent_count, consent_capacity;
	char *chair_rule; /* the convenor's consent, under the chair rule */
	int64_t head_seq; /* the last event of its chain the state has taken in */
	uint8_t head_hash[PL_HASH_BYTES];
} auth_track;

typedef struct auth_place {
	char *track;
	int64_t seq;
} auth_place;

typedef struct auth_version {
	int64_t event; /* global id of the event that made it */
	uint8_t hash[PL_HASH_BYTES];
	auth_place *places; /* [0] its home, then circulations */
	size_t count, capacity;
} auth_version;

typedef struct auth_document {
	char *name, *home;
	auth_version *versions; /* [n - 1] is version n */
	size_t version_count, version_capacity;
} auth_document;

typedef struct auth_amendment {
	char *key; /* "document\tid" */
	char *party, *track, *status;
	int base;
	auth_vote *votes;
	size_t vote_count, vote_capacity;
	char *chair; /* the convenor's decision, under the chair rule */
} auth_amendment;

/* An adoption in progress: the new version has been appended, and its
 * consequences (statuses, carried-over amendments) follow from the same
 * signer before any other event. */
typedef struct auth_adoption {
	char *actor, *document;
	int number;
	char **ids;
	size_t id_count;
} auth_adoption;

/* A one-time enrolment code, known by the public key derived from it. */
typedef struct auth_invite {
	char *delegate;
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	char expires[32]; /* ISO 8601 UTC */
	int used;
} auth_invite;

struct pl_auth {
	int partial;
	char *convenor, *convenor_party;
	char **parties;
	size_t party_count, party_capacity;
	auth_delegate *delegates;
	size_t delegate_count, delegate_capacity;
	auth_track *tracks; /* the plenary included */
	size_t track_count, track_capacity;
	auth_document *docs;
	size_t doc_count, doc_capacity;
	pl_strmap doc_index; /* name -> index in docs */
	auth_amendment *amendments;
	size_t amendment_count, amendment_capacity;
	pl_strmap amendment_index; /* key -> index in amendments */
	auth_adoption adoption;
	auth_invite *invites;
	size_t invite_count, invite_capacity;
};

auth_delegate *pl_auth_find_delegate(const pl_auth *a, const char *name);
auth_track *pl_auth_find_track(const pl_auth *a, const char *name);
auth_document *pl_auth_find_document(const pl_auth *a, const char *name);
auth_version *pl_auth_find_version(const pl_auth *a, const char *document, int number);
auth_amendment *pl_auth_find_amendment(const pl_auth *a, const char *document, const char *id);

void pl_auth_add_party(pl_auth *a, const char *code);
auth_delegate *pl_auth_add_delegate(pl_auth *a, const char *name, const char *party,
                                    const char *role);
void pl_auth_add_key(auth_delegate *d, const uint8_t *key);
auth_invite *pl_auth_find_invite(const pl_auth *a, const uint8_t *key);
void pl_auth_add_invite(pl_auth *a, const char *delegate, const uint8_t *key, const char *expires);
auth_track *pl_auth_add_track(pl_auth *a, const char *name, const char *rule);
void pl_auth_add_member(auth_track *t, const char *party, int64_t since);
auth_document *pl_auth_add_document(pl_auth *a, const char *name, const char *home);
/* Adds the next version, made by e (NULL: a version the reader was never
 * shown, with no place). */
auth_version *pl_auth_add_version(auth_document *d, const pl_store_event *e);
void pl_auth_add_place(auth_version *v, const char *track, int64_t seq);
auth_amendment *pl_auth_add_amendment(pl_auth *a, const char *document, const char *id,
                                      const char *party, const char *track, int base);
void pl_auth_vote(auth_vote **votes, size_t *count, size_t *capacity, const char *party,
                  const char *decision);
void pl_auth_set(char **field, const char *value);
void pl_auth_adoption_close(pl_auth *a);

/* How many member parties of t decided decision. */
size_t pl_auth_count_votes(const auth_track *t, const auth_vote *votes, size_t count,
                           const char *decision);
/* 1 when rule is met for decision: consensus — every member party; chair —
 * the convenor; majority — more than half of the member parties. */
int pl_auth_rule_met(const auth_track *t, const char *rule, const auth_vote *votes, size_t count,
                     const char *chair, const char *decision);

#endif
