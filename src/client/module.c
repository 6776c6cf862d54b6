/* module.c — the entry of parley-remote.so: the table the command line
 * loads (client.h). Everything else in the module is hidden (built with
 * -fvisibility=hidden), so that its names never meet the command's. */
#include "client.h"

static const pl_client_module_table table = {
    .version = PL_CLIENT_MODULE_VERSION,
    .open = pl_client_open,
    .close = pl_client_close,
    .set_signer = pl_client_set_signer,
    .set_limit = pl_client_set_limit,
    .request = pl_client_request,
    .status = pl_client_status,
    .error_code = pl_client_error_code,
    .header = pl_client_header,
    .change = pl_client_change,
};

__attribute__((visibility("default"))) const void *pl_client_module(void)
{
	return &table;
}
