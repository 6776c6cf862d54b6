/* docx_module.h — Word documents as a module of the command
 * (parley-docx.so): the reader and the writers bring libzip and libxml2,
 * which only a command that reads or writes a .docx loads
 * (src/cli/modules.c). The one exported symbol, PL_DOCX_MODULE, is a
 * function returning this table of the calls of parley/docx.h. */
#ifndef PARLEY_DOCX_MODULE_H
#define PARLEY_DOCX_MODULE_H

#include "parley/docx.h"

#define PL_DOCX_MODULE         "pl_docx_module"
#define PL_DOCX_MODULE_VERSION 1
typedef struct pl_docx_module_table {
	int version;
	int (*parse)(pl_doc **out, const char *data, size_t len, const char *source_name,
	             pl_error *err);
	int (*version_write)(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);
	int (*redline_write)(pl_buf *out, const pl_redline *r, const pl_docx_redline_meta *meta,
	                     pl_error *err);
	int (*bracketed_write)(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err);
	int (*comparison_write)(pl_buf *out, const struct pl_comparison *c, const char *marking,
	                        pl_error *err);
	int (*amendments_table)(const pl_open_options *options, const char *document,
	                        const char *data, size_t len, const char *source_name,
	                        const pl_docx_author *authors, size_t author_count,
	                        pl_docx_tabled *out, pl_error *err);
} pl_docx_module_table;
/* Returns the module's pl_docx_module_table. */
const void *pl_docx_module(void);

#endif
