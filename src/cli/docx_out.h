/* docx_out.h — where a .docx made by a command goes (docx_out.c). */
#ifndef PARLEY_CLI_DOCX_OUT_H
#define PARLEY_CLI_DOCX_OUT_H

#include "parley/buf.h"

/* Writes the package docx to path, or to standard output for NULL or "-"
 * (refused on a terminal, which a zip would garble). Prints why not and
 * returns EXIT_ERROR. */
int cli_write_docx(const pl_buf *docx, const char *path);

/* The help line of -o for the commands that write a .docx. */
#define CLI_DOCX_OUTPUT_HELP                                                                       \
	"  --output FILE   with --format docx: write FILE (default: standard output,\n"            \
	"                  which must not be a terminal)\n"

#endif
