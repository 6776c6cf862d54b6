/* akn_module.h — Akoma Ntoso as a module of the command (parley-akn.so):
 * the reader and the writers bring libxml2 (and ICU and the C++ library
 * through it), which only a command that reads or writes Akoma Ntoso
 * loads (src/cli/modules.c). The server links the same sources into its
 * own module. The one exported symbol, PL_AKN_MODULE, is a function
 * returning this table of the calls of parley/akn.h. */
#ifndef PARLEY_AKN_MODULE_H
#define PARLEY_AKN_MODULE_H

#include "parley/akn.h"

#define PL_AKN_MODULE         "pl_akn_module"
#define PL_AKN_MODULE_VERSION 1
typedef struct pl_akn_module_table {
	int version;
	int (*write)(pl_buf *out, const pl_doc *doc, const pl_akn_meta *meta, pl_error *err);
	int (*version_write)(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);
	int (*amendment_write)(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
	                       pl_error *err);
	int (*parse)(pl_doc **out, const char *xml, size_t len, const char *source_name,
	             pl_error *err);
} pl_akn_module_table;
/* Returns the module's pl_akn_module_table (every module's entry has this one type,
 * for src/cli/modules.c to call). */
const void *pl_akn_module(void);

#endif
