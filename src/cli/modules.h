/* modules.h — the server and the remote client, loaded when a command
 * needs them (modules.c). */
#ifndef PARLEY_CLI_MODULES_H
#define PARLEY_CLI_MODULES_H

#include "../server/server.h"
#include "parley/error.h"

/* The server module's table, loaded on the first call; NULL with err set
 * (PL_EIO, naming the file and where it was looked for) when it cannot be
 * loaded. */
const pl_serve_module_table *cli_serve_module(pl_error *err);

/* Loads the PostgreSQL store's module when path is a postgresql:// address
 * (once; 0 for a file). */
int cli_store_module(const char *path, pl_error *err);

#endif
