/* xml_guard.c — entity declarations the XML readers refuse (see
 * xml_guard_int.h). */
#include "xml_guard_int.h"

#include <string.h>

int pl_xml_refuse_entities(const xmlDoc *xml, const char *where, const xmlEntity **internal,
                           pl_error *err)
{
	*internal = NULL;
	const xmlDtd *dtd = xml->intSubset;
	for (const xmlNode *c = dtd ? dtd->children : NULL; c; c = c->next) {
		if (c->type != XML_ENTITY_DECL)
			continue;
		const xmlEntity *e = (const xmlEntity *)c;
		if (e->etype != XML_INTERNAL_GENERAL_ENTITY &&
		    e->etype != XML_INTERNAL_PARAMETER_ENTITY)
			return pl_error_set(err, PL_EINVALID,
			                    "%s declares the external entity '%s' (an XML external "
			                    "entity, XXE): refused; parley never loads one",
			                    where, (const char *)e->name);
		if (e->content && strchr((const char *)e->content, '&'))
			return pl_error_set(
			    err, PL_EINVALID,
			    "%s declares the entity '%s' made of other entities, the "
			    "shape of an entity expansion bomb ('billion laughs'): "
			    "refused",
			    where, (const char *)e->name);
		if (!*internal)
			*internal = e;
	}
	return 0;
}
