/* module.c — the entry of parley-serve.so: the table the command line
 * loads (server.h). Everything else in the module is hidden (built with
 * -fvisibility=hidden), so that its names never meet the command's. */
#include "server.h"

static const pl_serve_module_table table = {
    .version = PL_SERVE_MODULE_VERSION,
    .run = serve_run,
    .routes_print = serve_routes_print,
};

__attribute__((visibility("default"))) const void *pl_serve_module(void)
{
	return &table;
}
