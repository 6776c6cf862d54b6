/* store_project.c — parties, delegates, tracks, members and circulations
 * (see store_project_int.h). */
#include "store_project_int.h"
#include "store_sql_int.h"

int pl_store_party_insert(pl_store *store, const char *code, const char *name, int64_t event,
                          pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO parties(code, name, event) VALUES (?1, ?2, ?3)", "ssi",
	                     code, name, event);
}

int pl_store_party_exists(pl_store *store, const char *code, int *exists, pl_error *err)
{
	size_t rows = 0;
	int rc = pl_store_query(store, err, NULL, NULL, &rows,
	                        "SELECT 1 FROM parties WHERE code = ?1", "s", code);
	*exists = rows > 0;
	return rc;
}

typedef struct party_walk {
	pl_store_party_fn fn;
	void *context;
} party_walk;

static int read_party(void *context, const pl_store_row *row, pl_error *err)
{
	party_walk *w = context;
	return w->fn(w->context, pl_store_row_text(row, 0), pl_store_row_text(row, 1), err);
}

int pl_store_parties_foreach(pl_store *store, pl_store_party_fn fn, void *context, pl_error *err)
{
	party_walk w = {fn, context};
	return pl_store_query(store, err, read_party, &w, NULL,
	                      "SELECT code, name FROM parties ORDER BY code", "");
}

int pl_store_delegate_insert(pl_store *store, const char *name, const char *party, const char *role,
                             const uint8_t *key, int64_t event, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO delegates(name, party, role, public_key, event)"
	                     " VALUES (?1, ?2, ?3, ?4, ?5)",
	                     "sssbi", name, party, role, key, (size_t)PL_PUBLIC_KEY_BYTES, event);
}

typedef struct delegate_walk {
	pl_store_delegate_fn fn;
	void *context;
} delegate_walk;

static int read_delegate(void *context, const pl_store_row *row, pl_error *err)
{
	delegate_walk *w = context;
	pl_store_delegate d = {pl_store_row_text(row, 0), pl_store_row_text(row, 1),
	                       pl_store_row_text(row, 2), pl_store_row_text(row, 3)};
	return w->fn(w->context, &d, err);
}

int pl_store_delegates_foreach(pl_store *store, int order, pl_store_delegate_fn fn, void *context,
                               pl_error *err)
{
	delegate_walk w = {fn, context};
	/* The key in hex: SQLite's hex() is PostgreSQL's encode(). */
	static const char *const sql[2][2] = {
	    {"SELECT name, party, role, lower(hex(public_key)) FROM delegates ORDER BY name",
	     "SELECT name, party, role, lower(hex(public_key)) FROM delegates"
	     " ORDER BY party, name"},
	    {"SELECT name, party, role, encode(public_key, 'hex') FROM delegates ORDER BY name",
	     "SELECT name, party, role, encode(public_key, 'hex') FROM delegates"
	     " ORDER BY party, name"},
	};
	int dialect = pl_store_dialect(store) == PL_STORE_POSTGRES;
	return pl_store_query(store, err, read_delegate, &w, NULL,
	                      sql[dialect][order == PL_STORE_BY_NAME ? 0 : 1], "");
}

int pl_store_track_insert(pl_store *store, const char *name, const char *created_at,
                          const char *created_by, const char *salt, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO tracks(name, created_at, created_by, salt)"
	                     " VALUES (?1, ?2, ?3, ?4)",
	                     "ssss", name, created_at, created_by, salt);
}

int pl_store_member_insert(pl_store *store, const char *track, const char *party, int64_t since_seq,
                           const char *since_at, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO track_members(track, party, since_seq, since_at)"
	                     " VALUES (?1, ?2, ?3, ?4)",
	                     "ssis", track, party, since_seq, since_at);
}

typedef struct track_walk {
	pl_store_track_fn fn;
	void *context;
} track_walk;

static int read_track(void *context, const pl_store_row *row, pl_error *err)
{
	track_walk *w = context;
	return w->fn(w->context, pl_store_row_text(row, 0), pl_store_row_text(row, 1), err);
}

int pl_store_tracks_foreach(pl_store *store, pl_store_track_fn fn, void *context, pl_error *err)
{
	track_walk w = {fn, context};
	return pl_store_query(store, err, read_track, &w, NULL, "SELECT name, salt FROM tracks",
	                      "");
}

int pl_store_track_find(pl_store *store, const char *name, pl_store_track_fn fn, void *context,
                        pl_error *err)
{
	track_walk w = {fn, context};
	return pl_store_query(store, err, read_track, &w, NULL,
	                      "SELECT name, salt FROM tracks WHERE name = ?1", "s", name);
}

typedef struct track_row_walk {
	pl_store_track_row_fn fn;
	void *context;
} track_row_walk;

static int read_track_row(void *context, const pl_store_row *row, pl_error *err)
{
	track_row_walk *w = context;
	pl_store_track_row t = {pl_store_row_text(row, 0), pl_store_row_text(row, 1),
	                        pl_store_row_text(row, 2)};
	return w->fn(w->context, &t, err);
}

int pl_store_tracks_list(pl_store *store, pl_store_track_row_fn fn, void *context, pl_error *err)
{
	track_row_walk w = {fn, context};
	/* The members' codes in order, joined by spaces: SQLite's group_concat
	 * keeps the order of its input, PostgreSQL's string_agg is told it. */
	static const char *const sql[2] = {
	    "SELECT t.name, group_concat(m.party, ' '), t.created_at FROM tracks t"
	    " JOIN (SELECT * FROM track_members ORDER BY party) m ON m.track = t.name"
	    " GROUP BY t.name ORDER BY t.name",
	    "SELECT t.name, string_agg(m.party, ' ' ORDER BY m.party), t.created_at FROM tracks t"
	    " JOIN track_members m ON m.track = t.name GROUP BY t.name, t.created_at"
	    " ORDER BY t.name",
	};
	return pl_store_query(store, err, read_track_row, &w, NULL,
	                      sql[pl_store_dialect(store) == PL_STORE_POSTGRES], "");
}

typedef struct member_walk {
	pl_store_member_fn fn;
	void *context;
	int named; /* the second column is the party's name, not since_seq */
} member_walk;

static int read_member(void *context, const pl_store_row *row, pl_error *err)
{
	member_walk *w = context;
	pl_store_member m = {pl_store_row_text(row, 0), NULL, 0, pl_store_row_text(row, 2)};
	if (w->named)
		m.name = pl_store_row_text(row, 1);
	else
		m.since_seq = pl_store_row_int(row, 1);
	return w->fn(w->context, &m, err);
}

int pl_store_plenary_members(pl_store *store, pl_store_member_fn fn, void *context, pl_error *err)
{
	member_walk w = {fn, context, 1};
	return pl_store_query(store, err, read_member, &w, NULL,
	                      "SELECT p.code, p.name, e.at FROM parties p JOIN events e"
	                      " ON e.id = p.event ORDER BY p.code",
	                      "");
}

int pl_store_track_members(pl_store *store, const char *track, int order, pl_store_member_fn fn,
                           void *context, pl_error *err)
{
	member_walk w = {fn, context, order == PL_STORE_MEMBERS_JOINED};
	if (order == PL_STORE_MEMBERS_BY_CODE)
		return pl_store_query(store, err, read_member, &w, NULL,
		                      "SELECT party, since_seq, since_at FROM track_members"
		                      " WHERE track = ?1 ORDER BY party",
		                      "s", track);
	return pl_store_query(
	    store, err, read_member, &w, NULL,
	    "SELECT m.party, p.name, m.since_at FROM track_members m JOIN parties p"
	    " ON p.code = m.party WHERE m.track = ?1 ORDER BY m.since_seq, m.party",
	    "s", track);
}

int pl_store_track_member_is(pl_store *store, const char *track, const char *party, int *member,
                             pl_error *err)
{
	size_t rows = 0;
	int rc = pl_store_query(store, err, NULL, NULL, &rows,
	                        "SELECT 1 FROM track_members WHERE track = ?1 AND party = ?2", "ss",
	                        track, party);
	*member = rows > 0;
	return rc;
}

typedef struct text_walk {
	pl_store_text_fn fn;
	void *context;
} text_walk;

static int read_text(void *context, const pl_store_row *row, pl_error *err)
{
	text_walk *w = context;
	return w->fn(w->context, pl_store_row_text(row, 0), err);
}

int pl_store_party_tracks(pl_store *store, const char *party, pl_store_text_fn fn, void *context,
                          pl_error *err)
{
	text_walk w = {fn, context};
	return pl_store_query(store, err, read_text, &w, NULL,
	                      "SELECT track FROM track_members WHERE party = ?1", "s", party);
}

int pl_store_circulation_insert(pl_store *store, const pl_store_circulation *c, pl_error *err)
{
	return pl_store_exec(store, err,
	                     "INSERT INTO circulations(track, seq, doc, number, from_track,"
	                     " by_delegate, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                     "siiissss", c->track, c->seq, c->doc, c->number, c->from_track, c->by,
	                     c->at, c->note);
}

int pl_store_circulated(pl_store *store, const char *track, int64_t doc, int64_t number,
                        int *circulated, pl_error *err)
{
	size_t rows = 0;
	int rc = pl_store_query(store, err, NULL, NULL, &rows,
	                        "SELECT 1 FROM circulations WHERE track = ?1 AND doc = ?2"
	                        " AND number = ?3",
	                        "sii", track, doc, number);
	*circulated = rows > 0;
	return rc;
}

typedef struct place_walk {
	pl_store_place_fn fn;
	void *context;
} place_walk;

static int read_place(void *context, const pl_store_row *row, pl_error *err)
{
	place_walk *w = context;
	pl_store_place p = {pl_store_row_text(row, 0), pl_store_row_int(row, 1),
	                    pl_store_row_text(row, 2), pl_store_row_text(row, 3)};
	return w->fn(w->context, &p, err);
}

int pl_store_version_places(pl_store *store, int64_t doc, int64_t number, pl_store_place_fn fn,
                            void *context, pl_error *err)
{
	place_walk w = {fn, context};
	return pl_store_query(store, err, read_place, &w, NULL,
	                      "SELECT e.track, e.seq, e.at, NULL FROM versions v JOIN events e"
	                      " ON e.id = v.event WHERE v.doc = ?1 AND v.number = ?2"
	                      " UNION ALL SELECT track, seq, at, by_delegate FROM circulations"
	                      " WHERE doc = ?1 AND number = ?2 ORDER BY 3, 1",
	                      "ii", doc, number);
}
