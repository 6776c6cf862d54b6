/* xml_guard_int.h — what the XML readers (Akoma Ntoso, Word) refuse in a
 * document's DOCTYPE, said the same way by both. */
#ifndef PARLEY_XML_GUARD_INT_H
#define PARLEY_XML_GUARD_INT_H

#include <libxml/tree.h>

#include "parley/error.h"

/* Refuses an external entity (XXE) or an entity made of other entities
 * (the shape of a 'billion laughs' bomb) declared in xml's internal
 * subset: PL_EINVALID, the message starting with where ("plan.xml:",
 * "plan.docx: word/document.xml"). Otherwise 0, with *internal the first
 * internal entity declared (NULL: none), for the reader to judge. */
int pl_xml_refuse_entities(const xmlDoc *xml, const char *where, const xmlEntity **internal,
                           pl_error *err);

#endif
