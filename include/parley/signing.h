/* signing.h — changes signed on the delegate's side: what a server uses to
 * record a delegation's words without ever holding its secret key.
 *
 * Every event carries a statement — {actor, after, at, kind, payload,
 * track}, canonical JSON — and the signer's Ed25519 signature over the
 * statement's BLAKE2b-256 hash. "after" is the hash of the head of track the
 * signer had seen (null for a new track). The record chains signed
 * statements: an event's hash covers its statement's hash, its signature,
 * the previous event's hash and its sequence number, so that the host who
 * chains them fixes their order and can neither alter nor invent one. See
 * docs/signing.md for the reasoning.
 *
 * A change made through a server is prepared, signed and committed:
 *
 *   server: pl_negotiation_act_as_key(n, who, key)   (from the request's signature)
 *           pl_negotiation_prepare(n); pl_position_set(n, ...) (any change);
 *           pl_negotiation_prepared(n, rc, &json)    -> parley.prepared/1
 *   client: pl_prepared_sign(json, who, key, &body)  -> parley.signed/1
 *   server: pl_negotiation_commit_signed(n, body, &result)
 *
 * Ownership: buffers are the caller's; the library appends to them. */
#ifndef PARLEY_SIGNING_H
#define PARLEY_SIGNING_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/error.h"
#include "parley/negotiation.h"

/* Acts as delegate name, known by one of its current public keys (32
 * bytes) but without its secret key: reads are name's reads, and a change
 * can only be prepared (below), never signed here. PL_ENOTFOUND (no such
 * delegate), PL_EBADSIG (the key is not a current key of name). */
int pl_negotiation_act_as_key(pl_negotiation *n, const char *name, const uint8_t public_key[32],
                              pl_error *err);
/* The negotiation's random id (32 hex digits), which names its key folder. */
const char *pl_negotiation_id(const pl_negotiation *n);
/* Reads as no one (the plenary's view); ends acting as anyone. */
void pl_negotiation_act_clear(pl_negotiation *n);
/* The delegate whose current key public_key is: *name points into the
 * handle's state (valid until its next change). PL_ENOTFOUND when no
 * delegate holds it; PL_EDENIED when it was revoked. */
int pl_negotiation_key_owner(pl_negotiation *n, const uint8_t public_key[32], const char **name,
                             pl_error *err);

/* Starts preparing: the changes that follow (any library call that changes
 * the record) run as usual — the same checks, the same rules — but nothing
 * is recorded; their statements are collected for the acting delegate to
 * sign. Not inside pl_negotiation_begin. */
int pl_negotiation_prepare(pl_negotiation *n, pl_error *err);
/* Ends preparing, undoing everything (the handle is as it was before
 * pl_negotiation_prepare). When rc is 0 and a change was prepared, appends
 * to out one parley.prepared/1 document:
 *   {"schema":"parley.prepared/1",
 *    "statements":[{"statement":"<canonical JSON text>","hash":"<hex>"}...],
 *    "texts":{"<hex hash>":"<text>"...}}
 * texts holds the texts a version statement names by hash. Returns rc, or
 * PL_EINVALID when nothing was prepared. */
int pl_negotiation_prepared(pl_negotiation *n, int rc, pl_buf *out, pl_error *err);

/* A delegate's key, read from a key file that parley keygen made; the
 * secret half stays in memory that pl_signer_close wipes. */
typedef struct pl_signer pl_signer;
/* Reads the key file at path (refused when others may read it, when it is
 * a link, or damaged). PL_ENOTFOUND, PL_EDENIED, PL_EINVALID. */
int pl_signer_open(const char *path, pl_signer **out, pl_error *err);
void pl_signer_close(pl_signer *signer);
void pl_signer_public_key(const pl_signer *signer, uint8_t out[32]);
/* The same as 64 lower-case hex digits. */
void pl_signer_public_hex(const pl_signer *signer, char out[65]);
/* Ed25519 (RFC 8032) over message[0..len): what an HTTP message signature
 * (RFC 9421, alg "ed25519") signs, its signature base. */
void pl_signer_sign(const pl_signer *signer, const void *message, size_t len,
                    uint8_t signature[64]);
/* 1 when signature is public_key's Ed25519 signature over message. */
int pl_signature_check(const uint8_t signature[64], const void *message, size_t len,
                       const uint8_t public_key[32]);
/* A calendar subscription (calendar.c). A calendar program cannot sign
 * its requests, so a delegate signs once, with a current key, the
 * statement that it may read its meetings through a link; the link
 * carries the delegate's name, the key and that signature, and a server
 * answers it with the meetings that delegate may see, as long as the key
 * stays current (revoking the key ends the link). The statement names the
 * negotiation, so that a link is good for one negotiation only:
 *   "parley.calendar/1\n<negotiation id>\n<name>\n"
 * pl_calendar_statement appends it to out. */
void pl_calendar_statement(const char *negotiation_id, const char *name, pl_buf *out);
/* Appends the link of name's calendar under the server address base
 * (trailing '/' ignored; "" for the path alone):
 * BASE/api/calendar/NAME/KEY/SIGNATURE, the key and the signature of the
 * calendar statement by signer in hex. A delegate name needs no escaping
 * in a path (letters, digits, '.', '_', '-'). */
void pl_calendar_link(pl_buf *out, const char *base, const char *negotiation_id, const char *name,
                      const pl_signer *signer);
/* Server side: acts as name (pl_negotiation_act_as_key) when signature is
 * the Ed25519 signature of name's calendar statement by public_key, a
 * current key of name. PL_ENOTFOUND for anything else (a bad signature, a
 * revoked key, an unknown name): a link that does not hold looks like a
 * link to nothing. */
int pl_calendar_act(pl_negotiation *n, const char *name, const uint8_t public_key[32],
                    const uint8_t signature[64], pl_error *err);

/* The usual key file of delegate name for negotiation id (32 hex digits):
 * KEYS_DIR/<id>/<name>.key. PL_EINVALID when it does not fit. */
int pl_signer_path(const char *keys_dir, const char *negotiation_id, const char *name, char *out,
                   size_t size, pl_error *err);

/* Client side: checks a parley.prepared/1 document (every statement
 * canonical, hashed as it says, acted by name, each text hashing to its
 * name) and signs each statement's hash with signer, appending to out a
 * parley.signed/1 document:
 *   {"schema":"parley.signed/1",
 *    "statements":[{"statement":"...","signature":"<hex>"}...],"texts":{...}}
 * PL_EINVALID names what is wrong. */
int pl_prepared_sign(const char *prepared, size_t len, const char *name, const pl_signer *signer,
                     pl_buf *out, pl_error *err);

/* Server side: records the signed statements of a parley.signed/1 document
 * in order, in one transaction (a savepoint inside pl_negotiation_begin, so
 * that a server may commit many clients' changes together). Each must be
 * acted by the acting delegate, signed by a current key of it, fresh (its
 * "at" within max_age_s seconds before now and not after it), never
 * recorded before, and allowed by the rules of authority against the
 * record as it now stands; "after" must name an event already in its
 * track. Appends to out a parley.committed/1 document:
 *   {"schema":"parley.committed/1","events":[{"track":..,"seq":..,"hash":..}]}
 * PL_EBADSIG (a signature that does not verify, another delegate's
 * statement), PL_ECONFLICT (recorded already), PL_ESTALE (too old, or
 * following an event its track does not hold: prepare it again),
 * PL_EINVALID, or what a rule refuses. */
int pl_negotiation_commit_signed(pl_negotiation *n, const char *signed_json, size_t len,
                                 int max_age_s, pl_buf *out, pl_error *err);

/* Further devices. A delegate (or a lead of its party) invites a device
 * with pl_delegate_invite (record.h), which records the public key derived
 * from a fresh one-time code and gives the code; the code travels to the
 * device out of band. The device proves it holds the code by signing its
 * new key with the key derived from the code, and signs the enrolment
 * with its new key: neither the host nor anyone who sees the request can
 * enrol another key with it, and it is good once, until it expires.
 *
 * pl_enrol_sign writes, on the device, the parley.signed/1 document that
 * enrols device's key for name with code, timed at (ISO 8601 UTC; NULL:
 * now); a server records it with pl_negotiation_commit_signed, acting as no one.
 * PL_EINVALID for a malformed code. */
int pl_enrol_sign(const char *name, const char *code, const pl_signer *device, const char *at,
                  pl_buf *out, pl_error *err);

#endif
