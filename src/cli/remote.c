/* remote.c — 'parley --server URL COMMAND ...': parses the command line
 * with the command's own options (cli_parse and the table of
 * remote_routes.c), signs with the delegate's key, sends, and prints what
 * the server answers: the bytes of a read as they come, a change's result
 * as the local command prints it. */
#include "remote.h"

#include "client.h"
#include "parley/file.h"

#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One command line being turned into a request. */
typedef struct remote_call {
	const remote_route *route;
	const cli_command *command;
	cli_db db;
	json_t *body;  /* a change's body */
	json_t *asked; /* the body as asked, before the path took its keys */
	json_t *query; /* a read's query, in order: [[key, value]...] */
	const char *format;
	int diff;        /* exit codes as diff(1): 2 for trouble */
	size_t own_kind; /* statements of the command's own kind in the batch */
	json_t *each;    /* R_EACH: the values, one change each */
	const char *each_key;
} remote_call;

/* --- which commands run here --------------------------------------------- */

static int has_option(int argc, char **argv, const char *option)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], option) == 0)
			return 1;
	return 0;
}

int cli_remote_is_local(int argc, char **argv)
{
	static const char *const local[] = {"keygen", "init", "reuse", "serve"};
	for (size_t i = 0; i < sizeof local / sizeof *local; i++)
		if (strcmp(argv[0], local[i]) == 0)
			return 1;
	if ((strcmp(argv[0], "diff") == 0 || strcmp(argv[0], "compare") == 0) &&
	    has_option(argc, argv, "--files"))
		return 1;
	return strcmp(argv[0], "log") == 0 && argc > 1 && strcmp(argv[1], "verify") == 0;
}

/* --- the request from the command line ---------------------------------- */

static int is_read(const remote_call *call)
{
	return strcmp(call->route->method, "GET") == 0;
}

/* Puts key: value (a JSON value, taken) in the body or the query. */
static void put_value(remote_call *call, const char *key, json_t *value)
{
	if (!is_read(call)) {
		json_object_set_new(call->body, key, value);
		return;
	}
	if (json_is_true(value)) {
		json_decref(value);
		value = json_string("1");
	}
	json_array_append_new(call->query, json_pack("[s, o]", key, value));
}

/* "a,b,c" as ["a","b","c"] in a body; as is in a query. */
static json_t *split_list(const remote_call *call, const char *text)
{
	if (is_read(call))
		return json_string(text);
	json_t *list = json_array();
	for (const char *p = text;;) {
		size_t len = strcspn(p, ",");
		json_array_append_new(list, json_stringn(p, len));
		if (!p[len])
			break;
		p += len + 1;
	}
	return list;
}

static int read_file(remote_call *call, const char *path, json_t **out)
{
	char *text;
	size_t len;
	pl_error err;
	if (cli_read_input(path, call->db.max_input, &text, &len, &err))
		return cli_fail(&err);
	*out = json_stringn(text, len);
	free(text);
	if (!*out)
		return cli_failf("%s is not UTF-8 text", cli_input_name(path));
	return 0;
}

static int check_format(remote_call *call, const char *value)
{
	const char *formats = call->route->formats;
	size_t len = strlen(value);
	for (const char *p = formats; *p;) {
		size_t n = strcspn(p, " ");
		if (n == len && strncmp(p, value, n) == 0) {
			call->format = value;
			return 0;
		}
		p += n + (p[n] == ' ');
	}
	char list[128];
	snprintf(list, sizeof list, "%s", formats);
	for (char *p = list; *p; p++)
		if (*p == ' ')
			*p = '|';
	return cli_usage(call->command, "--format is %s", list);
}

static int take_field(remote_call *call, const remote_field *field, const char *arg)
{
	const char *key = field->key ? field->key : field->name;
	json_t *value = NULL;
	char hex[65];
	int rc = 0;
	switch (field->type) {
	case R_STRING:
		value = json_string(arg);
		break;
	case R_LIST:
		value = split_list(call, arg);
		break;
	case R_FLAG:
		value = json_true();
		break;
	case R_FILE:
		rc = read_file(call, arg, &value);
		/* import FILE: the text as "text", the name as "file" (for the
		 * messages and the source recorded, as a local import has them) */
		if (rc == 0 && field->key && strcmp(arg, "-") != 0)
			put_value(call, field->name, json_string(arg));
		break;
	case R_KEY:
		rc = cli_public_key(arg, hex);
		value = rc ? NULL : json_string(hex);
		break;
	case R_OPERATION:
		json_array_append_new(json_object_get(call->body, "operations"),
		                      json_pack("{s:s}", field->name, arg));
		return 0;
	case R_FORMAT:
		return check_format(call, arg);
	case R_COLOR:
		if (strcmp(arg, "always") == 0)
			return cli_usage(
			    call->command,
			    "--color always is for a local run: the server's text has no "
			    "colour");
		if (strcmp(arg, "auto") != 0 && strcmp(arg, "never") != 0)
			return cli_usage(call->command, "--color is auto, always or never");
		return 0;
	case R_IGNORED:
	case R_SELECT:
		return 0;
	case R_LOCAL:
	case R_REST:
	case R_EACH:
		return cli_usage(call->command,
		                 "--%s is not available through a server (run it without --server)",
		                 field->name);
	}
	if (rc)
		return rc;
	put_value(call, key, value);
	return 0;
}

static int take_option(void *context, int code, const char *arg)
{
	remote_call *call = context;
	if (code == 'F')
		return check_format(call, arg);
	return take_field(call, &call->route->options[code - 1], arg);
}

/* Flags take no value; of the options only a local run has, --proposal
 * does (the others are flags). */
static int takes_value(const remote_field *field)
{
	if (field->type == R_FLAG || field->type == R_IGNORED || field->type == R_SELECT)
		return 0;
	return field->type != R_LOCAL || strcmp(field->name, "proposal") == 0;
}

/* The route's options as getopt_long's, each coded by its index + 1 ('F'
 * for --format). */
static void make_options(const remote_route *route, struct option *out)
{
	size_t n = 0;
	for (size_t i = 0; i < REMOTE_MAX_FIELDS && route->options[i].name; i++) {
		const remote_field *field = &route->options[i];
		out[n++] = (struct option){field->name,
		                           takes_value(field) ? required_argument : no_argument,
		                           NULL, (int)i + 1};
	}
	if (route->formats)
		out[n++] = (struct option){"format", required_argument, NULL, 'F'};
	out[n] = (struct option){NULL, 0, NULL, 0};
}

static int take_operands(remote_call *call, int argc, char **argv, int first)
{
	const remote_route *r = call->route;
	int count = argc - first, max = 0, rest = 0;
	for (int i = 0; i < REMOTE_MAX_OPERANDS && r->operands[i].name; i++, max++)
		rest |= r->operands[i].type == R_REST || r->operands[i].type == R_EACH;
	if (count < r->min_operands || (!rest && count > max))
		return cli_usage(call->command, "%s%s%s takes %s", r->command, r->verb ? " " : "",
		                 r->verb ? r->verb : "", *r->synopsis ? r->synopsis : "no operand");
	for (int i = 0; i < max && first + i < argc; i++) {
		const remote_field *field = &r->operands[i];
		if (field->type == R_EACH) {
			call->each = json_array();
			call->each_key = field->name;
			for (int j = first + i; j < argc; j++)
				json_array_append_new(call->each, json_string(argv[j]));
			continue;
		}
		if (field->type != R_REST) {
			int rc = take_field(call, field, argv[first + i]);
			if (rc)
				return rc;
			continue;
		}
		json_t *list = json_array();
		pl_buf joined = PL_BUF_INIT;
		for (int j = first + i; j < argc; j++) {
			json_array_append_new(list, json_string(argv[j]));
			pl_buf_printf(&joined, "%s%s", j > first + i ? "," : "", argv[j]);
		}
		if (is_read(call)) {
			json_decref(list);
			list = json_string(joined.ptr);
		}
		pl_buf_free(&joined);
		put_value(call, field->name, list);
	}
	return 0;
}

/* Takes the value of key out of the body or the query (for the path). */
static json_t *take_key(remote_call *call, const char *key, size_t len)
{
	if (!is_read(call)) {
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)len, key);
		json_t *value = json_incref(json_object_get(call->body, name));
		json_object_del(call->body, name);
		return value;
	}
	size_t i;
	json_t *pair;
	json_array_foreach(call->query, i, pair)
	{
		const char *name = json_string_value(json_array_get(pair, 0));
		if (strlen(name) == len && strncmp(name, key, len) == 0) {
			json_t *value = json_incref(json_array_get(pair, 1));
			json_array_remove(call->query, i);
			return value;
		}
	}
	return NULL;
}

/* The path with each {key} replaced by its operand, percent-encoded. */
static void make_path(remote_call *call, pl_buf *out)
{
	for (const char *p = call->route->path; *p;) {
		const char *open = strchr(p, '{');
		if (!open) {
			pl_buf_puts(out, p);
			break;
		}
		pl_buf_put(out, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		json_t *value = take_key(call, open + 1, (size_t)(close - open - 1));
		pl_client_escape(out, value ? json_string_value(value) : "");
		json_decref(value);
		p = close + 1;
	}
}

static void make_query(remote_call *call, pl_buf *out)
{
	if (call->format) {
		pl_buf_puts(out, "format=");
		pl_client_escape(out, call->format);
	}
	size_t i;
	json_t *pair;
	json_array_foreach(call->query, i, pair)
	{
		if (out->len)
			pl_buf_putc(out, '&');
		pl_client_escape(out, json_string_value(json_array_get(pair, 0)));
		pl_buf_putc(out, '=');
		pl_client_escape(out, json_string_value(json_array_get(pair, 1)));
	}
}

/* --- the key ------------------------------------------------------------- */

/* The negotiation's id as the server tells it without a signature
 * (GET /api/health's "negotiation" or "id"), or "". */
static void health_id(pl_client *client, char id[33])
{
	pl_buf answer = PL_BUF_INIT;
	pl_error err;
	id[0] = '\0';
	if (pl_client_request(client, "GET", "/api/health", NULL, NULL, 0, &answer, &err) == 0) {
		json_t *doc = json_loadb(answer.ptr, answer.len, 0, NULL);
		const char *value = json_string_value(json_object_get(doc, "negotiation"));
		if (!value)
			value = json_string_value(json_object_get(doc, "id"));
		if (value && strlen(value) == 32 && strspn(value, "0123456789abcdef") == 32)
			memcpy(id, value, 33);
		json_decref(doc);
	}
	pl_buf_free(&answer);
}

/* The id the server gives when asked with signer (GET /api/negotiation). */
static int signed_id(pl_client *client, const pl_signer *signer, const char *id)
{
	pl_buf answer = PL_BUF_INIT;
	pl_error err;
	pl_client_set_signer(client, signer);
	int same = 0;
	if (pl_client_request(client, "GET", "/api/negotiation", NULL, NULL, 0, &answer, &err) ==
	    0) {
		json_t *doc = json_loadb(answer.ptr, answer.len, 0, NULL);
		const char *value = json_string_value(json_object_get(doc, "id"));
		same = value && strcmp(value, id) == 0;
		json_decref(doc);
	}
	pl_client_set_signer(client, NULL);
	pl_buf_free(&answer);
	return same;
}

/* Without the id from the server: the key files of name under keys_dir,
 * one folder per negotiation. One is taken as it is (the server's answer
 * to the request says whether it knows it); of several, the one whose
 * signed GET /api/negotiation the server answers with its folder's id. */
static int scan_keys(pl_client *client, const cli_db *db, pl_signer **out)
{
	DIR *dir = opendir(db->keys);
	if (!dir)
		return cli_failf("no key folder %s: give --key FILE or --keys DIR", db->keys);
	enum { MAX_FOLDERS = 64 };
	char ids[MAX_FOLDERS][33];
	int found = 0;
	struct dirent *entry;
	while (found < MAX_FOLDERS && (entry = readdir(dir))) {
		char path[4096];
		struct stat st;
		pl_error err;
		if (strlen(entry->d_name) == 32 &&
		    strspn(entry->d_name, "0123456789abcdef") == 32 &&
		    pl_signer_path(db->keys, entry->d_name, db->actor, path, sizeof path, &err) ==
		        0 &&
		    lstat(path, &st) == 0)
			memcpy(ids[found++], entry->d_name, 33);
	}
	closedir(dir);
	if (found == 0)
		return cli_failf("no key file of %s under %s: give --key FILE or --keys DIR",
		                 db->actor, db->keys);
	for (int i = 0; i < found && !*out; i++) {
		char path[4096];
		pl_error err;
		pl_signer *signer;
		pl_signer_path(db->keys, ids[i], db->actor, path, sizeof path, &err);
		if (pl_signer_open(path, &signer, &err))
			return cli_fail(&err);
		if (found == 1 || signed_id(client, signer, ids[i]))
			*out = signer;
		else
			pl_signer_close(signer);
	}
	if (*out)
		return 0;
	return cli_failf("none of the %d key files of %s under %s is known to the server", found,
	                 db->actor, db->keys);
}

static int open_signer(pl_client *client, const remote_call *call, pl_signer **out)
{
	const cli_db *db = &call->db;
	pl_error err;
	*out = NULL;
	if (db->key_file)
		return pl_signer_open(db->key_file, out, &err) ? cli_fail(&err) : 0;
	if (!db->actor)
		return cli_usage(call->command, "a request to a server is signed: give --as NAME "
		                                "(or --key FILE)");
	char id[33], path[4096];
	health_id(client, id);
	if (!id[0])
		return scan_keys(client, db, out);
	if (pl_signer_path(db->keys, id, db->actor, path, sizeof path, &err) ||
	    pl_signer_open(path, out, &err))
		return cli_fail(&err);
	return 0;
}

/* The delegate the server knows signer's key as (GET /api/negotiation's
 * "delegate"): the name a change is signed in when only --key was given. */
static int whoami(pl_client *client, const pl_signer *signer, char *name, size_t size)
{
	pl_buf answer = PL_BUF_INIT;
	pl_error err;
	pl_client_set_signer(client, signer);
	int rc = pl_client_request(client, "GET", "/api/negotiation", NULL, NULL, 0, &answer, &err);
	if (rc == 0) {
		json_t *doc = json_loadb(answer.ptr, answer.len, 0, NULL);
		const char *value = json_string_value(json_object_get(doc, "delegate"));
		if (value && strlen(value) < size)
			memcpy(name, value, strlen(value) + 1);
		else
			rc = pl_error_set(&err, PL_EINVALID,
			                  "the server did not say whose key this is");
		json_decref(doc);
	}
	pl_buf_free(&answer);
	return rc ? cli_fail(&err) : 0;
}

/* --- what the client checks before it signs ------------------------------ */

/* The payload's value of key as text ("" when it is null or absent). */
static void payload_text(json_t *payload, const char *key, char *out, size_t size)
{
	json_t *value = json_object_get(payload, key);
	if (json_is_integer(value))
		snprintf(out, size, "%lld", (long long)json_integer_value(value));
	else
		snprintf(out, size, "%s", json_is_string(value) ? json_string_value(value) : "");
}

/* One bind of remote.h's binds: 0, or PL_EBADSIG naming the difference. */
static int check_bind(const remote_call *call, json_t *payload, const char *bind, size_t len,
                      pl_error *err)
{
	char token[64], asked_key[64], key[64], want[4096], got[4096];
	snprintf(token, sizeof token, "%.*s", (int)len, bind);
	size_t split = strcspn(token, "=~#");
	len = strlen(token);
	snprintf(asked_key, sizeof asked_key, "%.*s", (int)split, token);
	snprintf(key, sizeof key, "%s", split < len ? token + split + 1 : token);
	json_t *asked = json_object_get(call->asked, asked_key);
	if (split < len && token[split] == '~') { /* a fixed value */
		snprintf(want, sizeof want, "%s", key);
		snprintf(key, sizeof key, "%s", asked_key);
	} else if (!asked || json_is_null(asked)) {
		return 0; /* not asked: the command's default, which the server applies */
	} else if (split < len && token[split] == '#') { /* counted, in check_statement */
		return 0;
	} else if (strcmp(asked_key, "ref") == 0) {
		char number[32];
		payload_text(payload, "document", got, sizeof got - 40);
		payload_text(payload, "number", number, sizeof number);
		const char *ref = json_string_value(asked);
		if (strchr(ref, '@'))
			snprintf(got + strlen(got), 40, "@%s", number);
		snprintf(want, sizeof want, "%s", ref);
		snprintf(key, sizeof key, "version");
	} else {
		snprintf(want, sizeof want, "%s", json_string_value(asked));
	}
	if (strcmp(asked_key, "ref") != 0 || split < len)
		payload_text(payload, key, got, sizeof got);
	if (strcmp(want, got) == 0)
		return 0;
	return pl_error_set(err, PL_EBADSIG,
	                    "the server prepared a '%s' whose %s is '%s', not '%s' as asked; "
	                    "nothing signed",
	                    call->route->kinds[0], key, got, want);
}

/* pl_client_check_fn: a statement of the command's own kind (the first of
 * its kinds) says what was asked, as the route's binds say. */
/* At the end of the batch: "key#" asks for one statement of the command's
 * own kind per value of the list key (a position on 6,7 is two). */
static int check_count(remote_call *call, const char *binds, pl_error *err)
{
	const char *mark = strchr(binds, '#');
	size_t seen = call->own_kind;
	call->own_kind = 0; /* a stale commit prepares again */
	if (!mark)
		return 0;
	size_t start = (size_t)(mark - binds);
	while (start > 0 && binds[start - 1] != ' ')
		start--;
	char key[64];
	snprintf(key, sizeof key, "%.*s", (int)(mark - binds - (long)start), binds + start);
	size_t asked = json_array_size(json_object_get(call->asked, key));
	if (seen == asked)
		return 0;
	return pl_error_set(err, PL_EBADSIG,
	                    "the server prepared %zu '%s' statements for %zu %s asked; nothing "
	                    "signed",
	                    seen, call->route->kinds[0], asked, key);
}

static int check_statement(void *context, const char *text, pl_error *err)
{
	remote_call *call = context;
	const char *binds = call->route->binds ? call->route->binds : "";
	if (!text)
		return check_count(call, binds, err);
	json_t *statement = json_loads(text, 0, NULL);
	const char *kind = json_string_value(json_object_get(statement, "kind"));
	json_t *payload = json_object_get(statement, "payload");
	int rc = 0;
	if (kind && strcmp(kind, call->route->kinds[0]) == 0) {
		call->own_kind++;
		for (const char *p = binds; rc == 0 && *p;) {
			size_t len = strcspn(p, " ");
			rc = check_bind(call, payload, p, len, err);
			p += len + (p[len] == ' ');
		}
	}
	json_decref(statement);
	return rc;
}

/* --- sending and printing ----------------------------------------------- */

static int fail(const remote_call *call, const pl_error *err)
{
	cli_fail(err);
	return call->diff ? 2 : EXIT_ERROR;
}

/* A change's result as the local command prints it: the text, or with
 * --format json the parley.done/1 (or other) document. */
static int print_result(const remote_call *call, const pl_buf *result)
{
	json_t *doc = json_loadb(result->ptr, result->len, 0, NULL);
	/* A stance on a superseded version: the warning a local run prints on
	 * standard error; the result's field for it is not in the local JSON. */
	json_int_t superseded = json_integer_value(json_object_get(doc, "superseded_by"));
	json_object_del(doc, "superseded_by");
	const char *ref = json_string_value(json_object_get(call->asked, "ref"));
	if (superseded)
		fprintf(stderr,
		        "warning: %s is superseded by version %lld; this stance counts for later "
		        "versions only where the point's words are unchanged\n",
		        ref ? ref : "the version", (long long)superseded);
	const char *message = json_string_value(json_object_get(doc, "message"));
	int rc;
	if (cli_json_wanted()) {
		char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
		pl_buf out = PL_BUF_INIT;
		pl_buf_puts(&out, text ? text : "");
		free(text);
		rc = cli_write_json(&out);
		pl_buf_free(&out);
	} else {
		rc = message ? (printf("%s\n", message), EXIT_OK)
		             : cli_failf("the server's result has no message");
	}
	json_decref(doc);
	return rc;
}

static int is_unchanged(json_t *change)
{
	const char *name = json_string_value(json_object_get(change, "change"));
	return !name || strcmp(name, "unchanged") == 0;
}

/* 1 when a parley.redline/1 document shows any change: the title, a part
 * heading, a point (its summary counts them all, --changed-only or not). */
static int redline_differs(const pl_buf *json)
{
	json_t *doc = json_loadb(json->ptr, json->len, 0, NULL);
	int differ = !is_unchanged(json_object_get(doc, "title"));
	const char *key;
	json_t *value;
	json_object_foreach(json_object_get(doc, "summary"), key, value)
	{
		if (strcmp(key, "unchanged") != 0 && json_integer_value(value) > 0)
			differ = 1;
	}
	size_t i;
	json_array_foreach(json_object_get(doc, "parts"), i, value)
	{
		if (!is_unchanged(json_object_get(value, "heading")))
			differ = 1;
	}
	json_decref(doc);
	return differ;
}

/* diff's exit status, as diff(1): 1 when the two differ. The server's
 * X-Parley-Differ header says it when it sends one; otherwise the JSON
 * redline does — the answer itself, or asked for once more. */
static int diff_status(remote_call *call, pl_client *client, const char *path, const pl_buf *answer)
{
	const char *header = pl_client_header(client, "X-Parley-Differ");
	if (header)
		return strcmp(header, "1") == 0 ? 1 : EXIT_OK;
	json_t *stat = take_key(call, "stat", 4); /* a stat table is no redline */
	json_decref(stat);
	if (!stat && strcmp(call->format, "json") == 0)
		return redline_differs(answer);
	call->format = "json";
	pl_buf query = PL_BUF_INIT, json = PL_BUF_INIT;
	pl_error err;
	make_query(call, &query);
	int rc = pl_client_request(client, "GET", path, query.ptr, NULL, 0, &json, &err);
	rc = rc ? fail(call, &err) : redline_differs(&json);
	pl_buf_free(&query);
	pl_buf_free(&json);
	return rc;
}

static int send_read(remote_call *call, pl_client *client)
{
	pl_buf path = PL_BUF_INIT, query = PL_BUF_INIT, answer = PL_BUF_INIT;
	pl_error err;
	make_path(call, &path);
	make_query(call, &query);
	int rc = pl_client_request(client, "GET", path.ptr, query.ptr, NULL, 0, &answer, &err);
	rc = rc ? fail(call, &err) : cli_write(&answer);
	if (rc == EXIT_OK && call->diff)
		rc = diff_status(call, client, path.ptr, &answer);
	pl_buf_free(&path);
	pl_buf_free(&query);
	pl_buf_free(&answer);
	return rc;
}

/* One change; with R_EACH, one change per value, in order, each printed
 * as it is recorded, up to the first that fails. */
static int send_change(remote_call *call, pl_client *client)
{
	json_t *asked = call->body;
	size_t count = call->each ? json_array_size(call->each) : 1;
	int rc = 0;
	call->body = NULL;
	for (size_t i = 0; rc == 0 && i < count; i++) {
		json_decref(call->body);
		call->body = json_deep_copy(asked);
		if (call->each)
			json_object_set(call->body, call->each_key, json_array_get(call->each, i));
		json_decref(call->asked);
		call->asked = json_deep_copy(call->body);
		pl_buf path = PL_BUF_INIT, answer = PL_BUF_INIT;
		pl_error err;
		make_path(call, &path);
		char *body = json_dumps(call->body, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!body)
			abort();
		rc = pl_client_change(client, path.ptr, body, strlen(body), call->db.actor,
		                      call->route->kinds, check_statement, call, &answer, &err);
		free(body);
		rc = rc ? fail(call, &err) : print_result(call, &answer);
		pl_buf_free(&path);
		pl_buf_free(&answer);
	}
	json_decref(asked);
	return rc;
}

static int is_enrol(const remote_call *call)
{
	return strcmp(call->route->kinds[0] ? call->route->kinds[0] : "", "delegate.enrol") == 0;
}

/* 'delegate enrol NAME --code CODE --key DEVICE.key': the device signs its
 * own enrolment (pl_enrol_sign), timed by its clock as a local enrolment
 * is, and sends it signed with its new key; the server records it as it
 * is. What it prints is what the local command prints. */
static int send_enrol(remote_call *call, pl_client *client, const pl_signer *device)
{
	const char *name = json_string_value(json_object_get(call->body, "name"));
	const char *code = json_string_value(json_object_get(call->body, "code"));
	if (!code || !call->db.key_file)
		return cli_usage(call->command, "enrol needs NAME, --code CODE and --key FILE");
	pl_buf signed_doc = PL_BUF_INIT, answer = PL_BUF_INIT;
	pl_error err;
	int rc = pl_enrol_sign(name, code, device, cli_clock(), &signed_doc, &err);
	if (rc == 0)
		rc = pl_client_request(client, "POST", "/api/enrol", NULL, signed_doc.ptr,
		                       signed_doc.len, &answer, &err);
	pl_buf_free(&signed_doc);
	pl_buf_free(&answer);
	if (rc)
		return fail(call, &err);
	return cli_enrolled(device, name);
}

static int is_calendar(const remote_call *call)
{
	return call->route->verb && strcmp(call->route->command, "meeting") == 0 &&
	       strcmp(call->route->verb, "link") == 0;
}

/* 'meeting link': the negotiation's id from the server, the link signed
 * here with the delegate's key (pl_calendar_link), under --url or the
 * server's own address. */
static int send_calendar(remote_call *call, pl_client *client, const pl_signer *signer,
                         const char *url)
{
	const char *base = url;
	for (size_t i = 0; i < json_array_size(call->query); i++) {
		json_t *pair = json_array_get(call->query, i);
		if (strcmp(json_string_value(json_array_get(pair, 0)), "url") == 0)
			base = json_string_value(json_array_get(pair, 1));
	}
	pl_buf answer = PL_BUF_INIT, out = PL_BUF_INIT;
	pl_error err;
	int rc = pl_client_request(client, "GET", "/api/negotiation", NULL, NULL, 0, &answer, &err);
	json_t *doc = rc ? NULL : json_loadb(answer.ptr, answer.len, 0, NULL);
	const char *id = json_string_value(json_object_get(doc, "id"));
	const char *name = json_string_value(json_object_get(doc, "delegate"));
	if (rc == 0 && (!id || !name))
		rc = pl_error_set(&err, PL_EIO,
		                  "the server's /api/negotiation has no id or delegate");
	if (rc == 0) {
		pl_calendar_link(&out, base, id, name, signer);
		pl_buf_puts(&out, ".ics\n");
	}
	json_decref(doc);
	pl_buf_free(&answer);
	if (rc) {
		pl_buf_free(&out);
		return fail(call, &err);
	}
	rc = cli_write(&out);
	pl_buf_free(&out);
	return rc;
}

static int send_call(remote_call *call, pl_client *client, const pl_signer *signer, const char *url)
{
	if (is_enrol(call))
		return send_enrol(call, client, signer);
	if (is_calendar(call))
		return send_calendar(call, client, signer, url);
	return is_read(call) ? send_read(call, client) : send_change(call, client);
}

static int parse_call(remote_call *call, int argc, char **argv)
{
	const remote_route *r = call->route;
	struct option own[REMOTE_MAX_FIELDS + 2];
	make_options(r, own);
	int shift = r->verb ? 1 : 0, first;
	static char default_format[16]; /* the CLI's default: the first */
	if (r->formats) {
		snprintf(default_format, sizeof default_format, "%.*s",
		         (int)strcspn(r->formats, " "), r->formats);
		call->format = default_format;
	}
	int rc = cli_parse(argc - shift, argv + shift, call->command, own, &call->db, take_option,
	                   call, &first);
	if (rc)
		return rc == CLI_DONE ? CLI_DONE : rc;
	return take_operands(call, argc - shift, argv + shift, first);
}

int cli_remote_run(const char *url, const cli_command *command, int argc, char **argv)
{
	const remote_route *route = remote_route_find(argv[0], argc, argv);
	if (argc > 1 && cli_is_help(argv[1]))
		return cli_help(command);
	if (!route)
		return cli_usage(command, "'%s%s%s' has no server route; run it without --server",
		                 argv[0], argc > 1 && argv[1][0] != '-' ? " " : "",
		                 argc > 1 && argv[1][0] != '-' ? argv[1] : "");
	remote_call call = {route, command, {0}, json_object(), NULL, json_array(),
	                    NULL,  0,       0,   NULL,          NULL};
	call.diff = strcmp(route->command, "diff") == 0;
	cli_db_init(&call.db);
	if (!is_read(&call) && route->options[0].type == R_OPERATION)
		json_object_set_new(call.body, "operations", json_array());
	int rc = parse_call(&call, argc, argv);
	pl_client *client = NULL;
	pl_signer *signer = NULL;
	pl_error err;
	if (rc == 0 && pl_client_open(url, getenv("PARLEY_CA_FILE"), &client, &err))
		rc = fail(&call, &err);
	if (rc == 0)
		rc = open_signer(client, &call, &signer);
	char name[256] = "";
	if (rc == 0 && !is_read(&call) && !is_enrol(&call) && !call.db.actor)
		rc = whoami(client, signer, name, sizeof name);
	if (rc == 0 && !call.db.actor)
		call.db.actor = name;
	/* diff(1)'s trouble is 2, also for what went wrong before sending. */
	if (rc && rc != CLI_DONE && call.diff)
		rc = 2;
	if (rc == 0) {
		pl_client_set_signer(client, signer);
		rc = send_call(&call, client, signer, url);
	}
	pl_client_close(client);
	pl_signer_close(signer);
	json_decref(call.body);
	json_decref(call.asked);
	json_decref(call.query);
	json_decref(call.each);
	return rc == CLI_DONE ? EXIT_OK : rc;
}
