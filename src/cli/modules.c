/* modules.c — the parts of parley that bring heavy libraries are modules
 * of their own, loaded only by the commands that use them:
 *
 *   parley-serve.so   the server (src/server/): libmicrohttpd and zlib,
 *                     and GnuTLS through libmicrohttpd; for 'parley serve';
 *   parley-remote.so  the remote client (src/client/): libcurl, and
 *                     OpenSSL, Kerberos, LDAP, SSH and more through it; for
 *                     a command sent to a server (--server, PARLEY_SERVER);
 *   parley-akn.so     Akoma Ntoso's reader and writers (src/lib/akn_*.c):
 *                     libxml2, and ICU and the C++ library through it; for
 *                     --format akn and the import of an Akoma Ntoso file;
 *   parley-docx.so    Word documents (src/lib/docx_*.c): libzip and
 *                     libxml2; for --format docx and the import of a .docx.
 *   parley-pg.so      the PostgreSQL store (src/lib/store_pg.c): libpq, and
 *                     OpenSSL, Kerberos and LDAP through it; for a
 *                     postgresql:// database.
 *
 * A local command loads neither: it starts with a third of the libraries
 * (and a fraction of the dynamic linker's work) it would otherwise load on
 * every run. The modules call the library through the command's exported
 * symbols (the command is linked with every object of libparley and
 * exports them); each exports one symbol, a function returning a table of
 * its calls, checked for its version here.
 *
 * A module is looked for next to the command (a build tree, or an
 * installation that keeps them together), then in PARLEY_MODULE_DIR (the
 * installation's lib/parley). The client's and Akoma Ntoso's calls below
 * keep the names of src/client/client.h and parley/akn.h, so that their
 * callers read as if they were linked in; the first of them to run loads
 * the module. */
#include "modules.h"

#include "../client/client.h"
#include "../lib/akn_module.h"
#include "../lib/docx_module.h"
#include "../lib/store_engine_int.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef PARLEY_MODULE_DIR
#define PARLEY_MODULE_DIR "/usr/local/lib/parley"
#endif

/* The entry name's symbol from the module file: dlopen'd next to the
 * command, else in PARLEY_MODULE_DIR. NULL with err set. */
static void *load(const char *file, const char *entry, const char *what, pl_error *err)
{
	char self[PATH_MAX], path[PATH_MAX + 64], first_error[sizeof path + 128] = "";
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	const char *dirs[2] = {NULL, PARLEY_MODULE_DIR};
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			dirs[0] = self;
		}
	}
	for (int i = 0; i < 2; i++) {
		if (!dirs[i])
			continue;
		snprintf(path, sizeof path, "%s/%s", dirs[i], file);
		if (access(path, F_OK) != 0)
			continue;
		void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (!module) {
			if (!first_error[0])
				snprintf(first_error, sizeof first_error, ": %s", dlerror());
			continue;
		}
		void *symbol = dlsym(module, entry);
		if (symbol)
			return symbol;
		snprintf(first_error, sizeof first_error, ": %s has no %s", path, entry);
		dlclose(module);
	}
	/* Found but broken (a missing library, another build): what the
	 * loader said; else where it was looked for. */
	if (first_error[0])
		pl_error_set(err, PL_EIO, "%s cannot be loaded%s", what, first_error);
	else
		pl_error_set(
		    err, PL_EIO,
		    "%s cannot be loaded: %s is neither next to this parley (%s) nor in %s", what,
		    file, dirs[0] ? dirs[0] : "?", PARLEY_MODULE_DIR);
	return NULL;
}

/* The table of the module file: its entry function (every entry returns
 * const void *) called once, and the table's first member, its version,
 * checked. NULL with err set. */
static const void *module_table(const char *file, const char *entry, const char *what, int version,
                                pl_error *err)
{
	void *symbol = load(file, entry, what, err);
	if (!symbol)
		return NULL;
	/* POSIX makes dlsym's object pointer a function's. */
	const void *(*function)(void);
	memcpy(&function, &symbol, sizeof function);
	const void *table = function();
	if (!table || *(const int *)table != version) {
		pl_error_set(err, PL_EIO, "%s cannot be loaded: %s is of another build of parley",
		             what, file);
		return NULL;
	}
	return table;
}

const pl_serve_module_table *cli_serve_module(pl_error *err)
{
	static const pl_serve_module_table *table;
	if (!table)
		table = module_table("parley-serve.so", PL_SERVE_MODULE, "the server",
		                     PL_SERVE_MODULE_VERSION, err);
	return table;
}

static const pl_client_module_table *client_table;

static const pl_client_module_table *client_module(pl_error *err)
{
	if (!client_table)
		client_table = module_table("parley-remote.so", PL_CLIENT_MODULE,
		                            "the remote client", PL_CLIENT_MODULE_VERSION, err);
	return client_table;
}

/* Every call but pl_client_open takes a client, which only an open that
 * loaded the module can have made. */
int pl_client_open(const char *url, const char *ca_file, pl_client **out, pl_error *err)
{
	const pl_client_module_table *t = client_module(err);
	if (!t) {
		*out = NULL;
		return PL_EIO;
	}
	return t->open(url, ca_file, out, err);
}

void pl_client_close(pl_client *client)
{
	if (client)
		client_table->close(client);
}

void pl_client_set_signer(pl_client *client, const pl_signer *signer)
{
	client_table->set_signer(client, signer);
}

void pl_client_set_limit(pl_client *client, size_t max_response)
{
	client_table->set_limit(client, max_response);
}

int pl_client_request(pl_client *client, const char *method, const char *path, const char *query,
                      const char *body, size_t len, pl_buf *out, pl_error *err)
{
	return client_table->request(client, method, path, query, body, len, out, err);
}

long pl_client_status(const pl_client *client)
{
	return client_table->status(client);
}

const char *pl_client_error_code(const pl_client *client)
{
	return client_table->error_code(client);
}

const char *pl_client_header(pl_client *client, const char *name)
{
	return client_table->header(client, name);
}

int pl_client_change(pl_client *client, const char *path, const char *body, size_t len,
                     const char *name, const char *const *kinds, pl_client_check_fn check,
                     void *context, pl_buf *result, pl_error *err)
{
	return client_table->change(client, path, body, len, name, kinds, check, context, result,
	                            err);
}

/* --- Akoma Ntoso --------------------------------------------------------------- */

static const pl_akn_module_table *akn_module(pl_error *err)
{
	static const pl_akn_module_table *table;
	if (!table)
		table = module_table("parley-akn.so", PL_AKN_MODULE, "Akoma Ntoso",
		                     PL_AKN_MODULE_VERSION, err);
	return table;
}

int pl_akn_write(pl_buf *out, const pl_doc *doc, const pl_akn_meta *meta, pl_error *err)
{
	const pl_akn_module_table *t = akn_module(err);
	return t ? t->write(out, doc, meta, err) : PL_EIO;
}

int pl_akn_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	const pl_akn_module_table *t = akn_module(err);
	return t ? t->version_write(out, n, ref, err) : PL_EIO;
}

int pl_akn_amendment_write(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
                           pl_error *err)
{
	const pl_akn_module_table *t = akn_module(err);
	return t ? t->amendment_write(out, n, document, id, err) : PL_EIO;
}

int pl_akn_parse(pl_doc **out, const char *xml, size_t len, const char *source_name, pl_error *err)
{
	const pl_akn_module_table *t = akn_module(err);
	if (!t) {
		*out = NULL;
		return PL_EIO;
	}
	return t->parse(out, xml, len, source_name, err);
}

/* --- Word documents ------------------------------------------------------------ */

static const pl_docx_module_table *docx_module(pl_error *err)
{
	static const pl_docx_module_table *table;
	if (!table)
		table = module_table("parley-docx.so", PL_DOCX_MODULE, "Word (.docx) support",
		                     PL_DOCX_MODULE_VERSION, err);
	return table;
}

int pl_docx_parse(pl_doc **out, const char *data, size_t len, const char *source_name,
                  pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	if (!t) {
		*out = NULL;
		return PL_EIO;
	}
	return t->parse(out, data, len, source_name, err);
}

int pl_docx_version_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	return t ? t->version_write(out, n, ref, err) : PL_EIO;
}

int pl_docx_redline_write(pl_buf *out, const pl_redline *r, const pl_docx_redline_meta *meta,
                          pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	return t ? t->redline_write(out, r, meta, err) : PL_EIO;
}

int pl_docx_bracketed_write(pl_buf *out, pl_negotiation *n, const char *ref, pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	return t ? t->bracketed_write(out, n, ref, err) : PL_EIO;
}

int pl_docx_comparison_write(pl_buf *out, const struct pl_comparison *c, const char *marking,
                             pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	return t ? t->comparison_write(out, c, marking, err) : PL_EIO;
}

int pl_docx_amendments_table(const pl_open_options *options, const char *document, const char *data,
                             size_t len, const char *source_name, const pl_docx_author *authors,
                             size_t author_count, pl_docx_tabled *out, pl_error *err)
{
	const pl_docx_module_table *t = docx_module(err);
	if (!t) {
		memset(out, 0, sizeof *out);
		return PL_EIO;
	}
	return t->amendments_table(options, document, data, len, source_name, authors, author_count,
	                           out, err);
}

/* --- PostgreSQL -------------------------------------------------------------------- */

int cli_store_module(const char *path, pl_error *err)
{
	if (!pl_store_is_postgres(path) || pl_store_postgres_engine())
		return 0;
	const pl_store_engine *engine =
	    module_table("parley-pg.so", PL_STORE_PG_MODULE, "the PostgreSQL store",
	                 PL_STORE_ENGINE_VERSION, err);
	if (!engine)
		return PL_EIO;
	pl_store_use_postgres(engine);
	return 0;
}
