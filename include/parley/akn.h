/* akn.h — plans and amendments as Akoma Ntoso 3.0 XML (OASIS LegalDocML),
 * out and back in. docs/akn.md describes the mapping.
 *
 * Ownership: writers append to a pl_buf the caller owns and only borrow
 * what they are given; pl_akn_parse gives the caller a new pl_doc. */
#ifndef PARLEY_AKN_H
#define PARLEY_AKN_H

#include <stddef.h>
#include <stdint.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"
#include "parley/negotiation.h"

/* The Akoma Ntoso 3.0 namespace every document written or read uses. */
#define PL_AKN_NAMESPACE "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
/* Largest document pl_akn_parse reads, in bytes (16 MiB: a 5,000-point
 * plan is about 2 MiB of Akoma Ntoso). */
#define PL_AKN_MAX_BYTES ((size_t)16 << 20)

/* A party of the negotiation, named in the document's references. */
typedef struct pl_akn_party {
	const char *code; /* "UA" */
	const char *name; /* "Ukraine", or NULL */
} pl_akn_party;

/* Where a version comes from, for its metadata. Every field may be NULL /
 * 0 (a plan that is not in a negotiation): the identification then uses
 * "plan" for the name and 1970-01-01 for the dates. */
typedef struct pl_akn_meta {
	const char *document;    /* the document's name in the negotiation */
	int version;             /* its version number */
	const char *created_at;  /* ISO 8601 UTC time of this version */
	const char *first_at;    /* time of version 1: the Work's date */
	const char *track;       /* the track it is drafted in */
	const char *source;      /* the file version was imported from */
	const char *event_hash;  /* hex BLAKE2b-256 of the event that recorded it */
	int64_t event_id;        /* that event's place in the record, 0 if unknown */
	const pl_akn_party *parties;
	size_t party_count;
} pl_akn_meta;

/* Appends doc as an Akoma Ntoso 3.0 `doc` named "plan" (UTF-8, indented,
 * with an XML declaration): FRBR identification and the parties in meta,
 * the title in the preface, parts and points in the main body, each point's
 * eId made from its stable id ("point_p12") when it has one. PL_EINVALID
 * for a text that is not valid UTF-8 or holds a character XML cannot carry
 * (a control character other than tab and line feed); nothing is written
 * then. */
int pl_akn_write(pl_buf *out, const pl_doc *doc, const pl_akn_meta *meta, pl_error *err);

/* Version ref ("DOC" or "DOC@N") of the negotiation as pl_akn_write writes
 * it, its metadata read from the record (the version's event, the parties
 * of its track). Errors as pl_version_load. */
int pl_akn_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);

/* Amendment id of document as an Akoma Ntoso `amendment`: its heading, the
 * version it amends, one amendmentContent per point it changes with a mod
 * naming the point's eId and the old and new wording as quoted structures,
 * and its justification. Errors as pl_amendment_write (parley/talks.h). */
int pl_akn_amendment_write(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
                           pl_error *err);

/* Reads an Akoma Ntoso 3.0 `doc`, `bill` or `act` (xml[0..len)) back into
 * a plan: the title from the preface's docTitle, parts (part, chapter,
 * title) with their headings and introductions, points (point, paragraph,
 * article, section) with num as their label and their sub-items, and the
 * stable id of every point whose eId carries one. The parser never reaches
 * the network, never loads a DTD and never expands an entity.
 * source_name names the input in messages ("NAME: what").
 *
 * Returns 0 and *out, or: PL_ETOOBIG for more than PL_AKN_MAX_BYTES;
 * PL_EINVALID for invalid UTF-8, XML that is not well-formed, a DOCTYPE
 * (entity declarations are named as what they are: an external entity, an
 * expansion bomb), XML that is not Akoma Ntoso, a structure parley cannot
 * hold (sub-items of sub-items), or a plan pl_doc_validate refuses;
 * PL_ECONFLICT for a label twice in one part. *out is NULL on error. */
int pl_akn_parse(pl_doc **out, const char *xml, size_t len, const char *source_name,
                 pl_error *err);

/* 1 when text looks like Akoma Ntoso rather than Markdown: after a byte
 * order mark and white space it starts with an XML declaration, or with
 * '<' and names akomaNtoso in its first 4 KiB. */
int pl_akn_sniff(const char *text, size_t len);

#endif
