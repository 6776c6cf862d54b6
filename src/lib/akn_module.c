/* akn_module.c — the entry of parley-akn.so (akn_module.h). Everything else
 * in the module is hidden, so that its names never meet the command's. */
#include "akn_module.h"

static const pl_akn_module_table table = {
    .version = PL_AKN_MODULE_VERSION,
    .write = pl_akn_write,
    .version_write = pl_akn_version_write,
    .amendment_write = pl_akn_amendment_write,
    .parse = pl_akn_parse,
};

__attribute__((visibility("default"))) const void *pl_akn_module(void)
{
	return &table;
}
