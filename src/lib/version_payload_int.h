/* version_payload_int.h — a version's signed payload written as canonical
 * JSON text, byte for byte what jansson's
 * json_dumps(JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY) writes for
 * the tree parley used to build, without building the tree.
 *
 * The payload is the object {"amendments"?, "document", "number", "parts",
 * "points", "preamble", "source", "title"} (plus any other field a caller
 * adds), every text named by the hex BLAKE2b-256 of its bytes:
 *   parts:  [{"heading": hash, "intro": hash|null}]
 *   points: [{"id", "items": [{"label", "text": hash}], "label",
 *             "part": index|null, "text": hash}]
 *
 * Ownership: nothing is kept; out is only appended to. */
#ifndef PARLEY_VERSION_PAYLOAD_INT_H
#define PARLEY_VERSION_PAYLOAD_INT_H

#include <jansson.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "event_int.h"
#include "store_int.h"

/* Appends a text's reference: its hex hash as a JSON string, or null for
 * NULL. When store is not NULL the text is also stored there as a blob
 * (the first failure lands in *rc and err; later ones are not tried). */
void pl_version_put_text(pl_buf *out, pl_store *store, const char *text, int *rc, pl_error *err);

/* Appends the whole payload of version number of document name: the
 * content above, "source" (NULL: null) and "title", and extra's fields
 * (an object or NULL), each in its place in key order; a field of extra
 * replaces the one of the same name, as json_object_update did. Returns
 * what pl_version_put_content returns, PL_EINVALID also for a text of
 * extra with a control character, or a key of extra that holds a NUL. */
int pl_version_payload_write(pl_buf *out, pl_store *store, const char *name, int number,
                             const pl_doc *doc, const char *source, const json_t *extra,
                             pl_error *err);

/* The same in two steps, for a payload written more than once or in
 * pieces: prepare checks extra's texts, sorts its keys and dumps its
 * values, and sets length to the payload's length in bytes; put writes the
 * payload into out whole, or with sink not NULL through out in pieces of
 * about 64 KiB, each handed to sink (out is left empty); release frees
 * what prepare kept. The texts go to store when it is not NULL. */
typedef struct pl_version_payload {
	const char *name;
	int number;
	const pl_doc *doc;
	const char *source;
	const char **keys; /* extra's, sorted */
	char **values;     /* their values, dumped */
	size_t count;
	size_t length;
} pl_version_payload;

int pl_version_payload_prepare(pl_version_payload *p, const char *name, int number,
                               const pl_doc *doc, const char *source, const json_t *extra,
                               pl_error *err);
int pl_version_payload_put(const pl_version_payload *p, pl_buf *out, pl_store *store,
                           pl_event_sink *sink, pl_error *err);
void pl_version_payload_release(pl_version_payload *p);

/* The length in bytes of what pl_version_payload_write writes with no
 * extra (the writer sizes its buffer with it). */
size_t pl_version_payload_length(const char *name, int number, const pl_doc *doc,
                                 const char *source);

#endif
