/* admission.c — founding a negotiation, admitting parties and delegates,
 * and delegates' keys (parley/record.h). Who may do each is decided by the
 * rules of authority (authority.c) when the event is appended; the checks
 * here only give a clearer message first. */
#include "authority_int.h"
#include "event_int.h"
#include "negotiation_int.h"
#include "parley/mem.h"
#include "parley/record.h"
#include "project_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int valid_code(const char *code)
{
	size_t len = strlen(code);
	if (len == 0 || len > 16)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isupper((unsigned char)code[i]) && !isdigit((unsigned char)code[i]))
			return 0;
	return 1;
}

static int valid_role(const char *role)
{
	return strcmp(role, "lead") == 0 || strcmp(role, "envoy") == 0 ||
	       strcmp(role, "member") == 0 || strcmp(role, "observer") == 0;
}

static int check_code(const char *code, const char *name, pl_error *err)
{
	if (!code || !valid_code(code))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a party code (1-16 capital letters and digits)",
		                    code ? code : "");
	if (!name || !*name)
		return pl_error_set(err, PL_EINVALID, "a party needs a name");
	return 0;
}

static int check_delegate_name(const char *name, pl_error *err)
{
	if (!name || !pl_document_name_valid(name))
		return pl_error_set(err, PL_EINVALID,
		                    "'%s' is not a delegate name (letters, digits, '.', '_', '-'; "
		                    "max %d)",
		                    name ? name : "", PL_NAME_MAX);
	return 0;
}

static int check_public_key(const char *hex, pl_error *err)
{
	uint8_t key[PL_PUBLIC_KEY_BYTES];
	if (!hex || strlen(hex) != 2 * PL_PUBLIC_KEY_BYTES || pl_unhex(key, sizeof key, hex) != 0)
		return pl_error_set(err, PL_EINVALID,
		                    "'%.80s' is not a public key (64 hex digits, as parley keygen "
		                    "prints it)",
		                    hex ? hex : "");
	return 0;
}

/* Makes KEYS_DIR/<id>/ (0700) for a new key file. */
static int make_key_folder(const pl_negotiation *n, pl_error *err)
{
	char path[4096];
	if (!n->keys_dir)
		return pl_error_set(err, PL_EINVALID, "no keys directory given (--keys DIR)");
	snprintf(path, sizeof path, "%s", n->keys_dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return pl_error_set(err, PL_EIO, "cannot make %s: %s", path,
			                    strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return pl_error_set(err, PL_EIO, "cannot make %s: %s", path, strerror(errno));
	snprintf(path, sizeof path, "%s/%s", n->keys_dir, n->id);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return pl_error_set(err, PL_EIO, "cannot make %s: %s", path, strerror(errno));
	return 0;
}

int pl_keygen(const pl_negotiation *n, const char *name, const char *path,
              char public_hex[2 * 32 + 1], char *written, size_t written_size, pl_error *err)
{
	int rc = check_delegate_name(name, err);
	if (rc == 0 && path)
		snprintf(written, written_size, "%s", path);
	else if (rc == 0 && (rc = make_key_folder(n, err)) == 0)
		rc = pl_key_path(n, name, written, written_size, err);
	if (rc)
		return rc;
	pl_keypair pair;
	pl_keypair_generate(&pair);
	rc = pl_key_file_write(written, &pair, err);
	pl_hex(public_hex, pair.public_key, PL_PUBLIC_KEY_BYTES);
	pl_keypair_wipe(&pair);
	return rc;
}

/* The public key to enrol for name: given, or made here with its secret
 * half written to name's key file (the pair is kept in *pair until the
 * event is recorded, so that a failed write undoes nothing it should not). */
static int key_to_enrol(pl_negotiation *n, const char *name, const char *given,
                        char hex[PL_HASH_HEX], pl_keypair *pair, char *path, size_t size,
                        pl_error *err)
{
	/* A given key needs no key folder (a server has none). */
	if (given) {
		snprintf(hex, PL_HASH_HEX, "%s", given);
		return check_public_key(given, err);
	}
	int rc = pl_key_path(n, name, path, size, err);
	if (rc == 0) {
		rc = make_key_folder(n, err);
		pl_keypair_generate(pair);
		pl_hex(hex, pair->public_key, PL_PUBLIC_KEY_BYTES);
	}
	return rc;
}

/* --- founding ------------------------------------------------------------ */

static int found_locked(pl_negotiation *n, const pl_found_options *o, const char *hex,
                        pl_keypair *pair, pl_error *err)
{
	if (pl_auth_founded(n->auth))
		return pl_error_set(err, PL_ECONFLICT, "this negotiation is founded already");
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s, s:s}", "convenor", o->convenor, "party",
	                            o->party, "party_name", o->party_name, "public_key", hex,
	                            "rule", o->rule ? o->rule : PL_RULE_CONSENSUS);
	int rc = pl_neg_append_as(n, PL_PLENARY, PL_EVENT_FOUND, payload, pair, o->convenor, err);
	json_decref(payload);
	return rc;
}

/* A convenor whose key was made elsewhere cannot sign here: the founding is
 * then signed with the key file found at the convenor's path. */
static int founding_pair(pl_negotiation *n, const pl_found_options *o, const char *path,
                         pl_keypair *pair, pl_error *err)
{
	uint8_t expected[PL_PUBLIC_KEY_BYTES];
	pl_unhex(expected, sizeof expected, o->public_key);
	int rc = pl_key_file_read(n->key_file ? n->key_file : path, expected, pair, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_ENOTFOUND,
		                  "the convenor signs the founding: no key file for %s at %s",
		                  o->convenor, n->key_file ? n->key_file : path);
	return rc;
}

int pl_negotiation_found(pl_negotiation *n, const pl_found_options *o, char *key_path,
                         size_t key_path_size, pl_error *err)
{
	int rc = check_delegate_name(o->convenor, err);
	if (rc == 0)
		rc = check_code(o->party, o->party_name, err);
	if (rc == 0 && o->rule && !pl_rule_valid(o->rule))
		rc = pl_error_set(err, PL_EINVALID,
		                  "'%s' is not a decision rule (consensus, chair, majority)",
		                  o->rule);
	char hex[PL_HASH_HEX];
	pl_keypair pair = {{0}, {0}};
	if (rc == 0)
		rc = key_to_enrol(n, o->convenor, o->public_key, hex, &pair, key_path,
		                  key_path_size, err);
	if (rc == 0 && o->public_key)
		rc = founding_pair(n, o, key_path, &pair, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc == 0)
		rc = pl_neg_end(n, found_locked(n, o, hex, &pair, err), err);
	/* The key file last: if writing it fails, the founding stays, and the
	 * convenor is told; a key file that was given is never rewritten. */
	if (rc == 0 && !o->public_key)
		rc = pl_key_file_write(key_path, &pair, err);
	if (rc == 0)
		rc = pl_neg_set_actor(n, o->convenor, err);
	pl_keypair_wipe(&pair);
	return rc;
}

/* --- parties and delegates ---------------------------------------------- */

static int party_add_locked(pl_negotiation *n, const char *code, const char *name, pl_error *err)
{
	if (pl_auth_has_party(n->auth, code))
		return pl_error_set(err, PL_ECONFLICT, "party %s exists already", code);
	int rc = pl_neg_may_write(n, PL_PLENARY, err);
	if (rc == 0 && strcmp(n->actor, pl_auth_convenor(n->auth)) != 0)
		rc = pl_error_set(err, PL_EDENIED, "only the convenor (%s) admits a party",
		                  pl_auth_convenor(n->auth));
	json_t *payload = json_pack("{s:s, s:s}", "code", code, "name", name);
	if (rc == 0)
		rc = pl_neg_append(n, PL_PLENARY, PL_EVENT_PARTY, payload, err);
	json_decref(payload);
	return rc;
}

int pl_party_add(pl_negotiation *n, const char *code, const char *name, pl_error *err)
{
	int rc = check_code(code, name, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	return pl_neg_end(n, party_add_locked(n, code, name, err), err);
}

static int delegate_add_locked(pl_negotiation *n, const char *name, const char *party,
                               const char *role, const char *hex, pl_error *err)
{
	if (!pl_auth_has_party(n->auth, party))
		return pl_error_set(err, PL_ENOTFOUND, "no party with code '%s'", party);
	if (pl_auth_delegate(n->auth, name, NULL, NULL))
		return pl_error_set(err, PL_ECONFLICT, "delegate %s exists already", name);
	json_t *payload = json_pack("{s:s, s:s, s:s, s:s}", "name", name, "party", party, "role",
	                            role, "public_key", hex);
	int rc = pl_neg_append(n, PL_PLENARY, PL_EVENT_DELEGATE, payload, err);
	json_decref(payload);
	return rc;
}

int pl_delegate_add(pl_negotiation *n, const char *name, const char *party, const char *role,
                    const char *public_key, char *key_path, size_t key_path_size, pl_error *err)
{
	int rc = check_delegate_name(name, err);
	if (rc == 0 && (!role || !valid_role(role)))
		rc = pl_error_set(err, PL_EINVALID,
		                  "'%s' is not a role (lead, envoy, member, observer)",
		                  role ? role : "");
	if (rc == 0 && !party)
		rc = pl_error_set(err, PL_EINVALID, "a delegate needs a party");
	char hex[PL_HASH_HEX];
	pl_keypair pair = {{0}, {0}};
	if (rc == 0)
		rc = key_to_enrol(n, name, public_key, hex, &pair, key_path, key_path_size, err);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc == 0) {
		rc = delegate_add_locked(n, name, party, role, hex, err);
		/* The key file before the commit: if writing it fails, the
		 * admission is undone. */
		if (rc == 0 && !public_key)
			rc = pl_key_file_write(key_path, &pair, err);
		rc = pl_neg_end(n, rc, err);
	}
	pl_keypair_wipe(&pair);
	return rc;
}

/* --- keys ---------------------------------------------------------------- */

static int key_change(pl_negotiation *n, const char *kind, const char *name, const char *hex,
                      pl_error *err)
{
	int rc = check_delegate_name(name, err);
	if (rc == 0)
		rc = check_public_key(hex, err);
	if (rc == 0 && !pl_auth_delegate(n->auth, name, NULL, NULL))
		rc = pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	json_t *payload = json_pack("{s:s, s:s}", "name", name, "public_key", hex);
	rc = pl_neg_append(n, PL_PLENARY, kind, payload, err);
	json_decref(payload);
	return pl_neg_end(n, rc, err);
}

int pl_delegate_key_add(pl_negotiation *n, const char *name, const char *public_key, pl_error *err)
{
	return key_change(n, PL_EVENT_KEY, name, public_key, err);
}

int pl_delegate_key_revoke(pl_negotiation *n, const char *name, const char *public_key,
                           pl_error *err)
{
	return key_change(n, PL_EVENT_REVOKE, name, public_key, err);
}

int pl_delegate_invite(pl_negotiation *n, const char *name, long ttl_s, char *code,
                       size_t code_size, char expires[32], pl_error *err)
{
	const long week = 7L * 24 * 3600;
	int rc = check_delegate_name(name, err);
	if (rc == 0 && (ttl_s < 0 || ttl_s > week))
		rc = pl_error_set(err, PL_EINVALID,
		                  "an enrolment code is good for a week at most (%ld seconds)",
		                  week);
	if (rc == 0 && code_size < PL_INVITE_CODE_SIZE)
		rc = pl_error_set(err, PL_EINVALID, "no room for the code");
	if (rc == 0 && !pl_auth_delegate(n->auth, name, NULL, NULL))
		rc = pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	if (rc == 0)
		rc = pl_neg_begin(n, err);
	if (rc)
		return rc;
	char now[32], invite_hex[PL_HASH_HEX];
	pl_neg_time(n, now);
	pl_time_write(pl_time_read(now) + (ttl_s ? ttl_s : 24L * 3600), expires);
	pl_invite_code_new(code);
	pl_keypair pair;
	pl_invite_pair(code, &pair, NULL);
	pl_hex(invite_hex, pair.public_key, PL_PUBLIC_KEY_BYTES);
	pl_keypair_wipe(&pair);
	json_t *payload =
	    json_pack("{s:s, s:s, s:s}", "name", name, "invite", invite_hex, "expires", expires);
	rc = pl_neg_append(n, PL_PLENARY, PL_EVENT_INVITE, payload, err);
	json_decref(payload);
	rc = pl_neg_end(n, rc, err);
	if (rc)
		memset(code, 0, code_size);
	return rc;
}

int pl_delegate_keys(pl_negotiation *n, const char *name, pl_table **out, pl_error *err)
{
	static const char *const headers[] = {"public_key", "state"};
	if (!pl_auth_delegate(n->auth, name, NULL, NULL))
		return pl_error_set(err, PL_ENOTFOUND, "no delegate named '%s'", name);
	pl_table *table = pl_table_new(2, headers);
	const uint8_t *key;
	int revoked;
	for (size_t i = 0; (key = pl_auth_key(n->auth, name, i, &revoked)) != NULL; i++) {
		char hex[PL_HASH_HEX];
		pl_hex(hex, key, PL_PUBLIC_KEY_BYTES);
		const char *row[] = {hex, revoked ? "revoked" : "current"};
		pl_table_add_row(table, row);
	}
	*out = table;
	return 0;
}
