/* docx_module.c — the entry of parley-docx.so (docx_module.h). Everything
 * else in the module is hidden, so that its names never meet the
 * command's. */
#include "docx_module.h"

static const pl_docx_module_table table = {
    .version = PL_DOCX_MODULE_VERSION,
    .parse = pl_docx_parse,
    .version_write = pl_docx_version_write,
    .redline_write = pl_docx_redline_write,
    .bracketed_write = pl_docx_bracketed_write,
    .comparison_write = pl_docx_comparison_write,
    .amendments_table = pl_docx_amendments_table,
};

__attribute__((visibility("default"))) const void *pl_docx_module(void)
{
	return &table;
}
