/* docx_track.c — a Word document's tracked changes tabled as amendments,
 * and its comments recorded as statements (docs/docx.md).
 *
 * The document is read three ways: with every change rejected (which
 * must be the version the changes are made to), and with one author's
 * changes accepted (for each author). What turns the version into an
 * author's text is derived as parley derives it from any edited copy
 * (pl_amendment_from_doc), plus the moves Word marked, and cut into
 * amendments: one for the changes of wording of each point, and one for
 * the author's changes of structure (points added, deleted, moved, and
 * the renumbering that follows them, which cannot be adopted apart). Each
 * is tabled by the author's delegate, through a handle opened as that
 * delegate, so that its event is signed with that delegate's key. */
#include "docx_int.h"
#include "match_int.h"
#include "parley/amend.h"
#include "parley/meeting.h"
#include "parley/mem.h"
#include "parley/talks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tabling {
	const pl_docx_read *r;
	const pl_open_options *options;
	const char *document;
	const pl_docx_author *authors;
	size_t author_count;
	pl_error *err;
	pl_doc *base;
	char ref[PL_NAME_MAX + 16];
	pl_version_info info;
	const char **delegates;    /* per Word author of r (changes) */
	pl_amendment **amendments; /* to table, in order */
	int *amendment_author;
	char **amendment_what;
	size_t amendment_count;
} tabling;

static const char *delegate_of(const tabling *t, const char *word_name)
{
	for (size_t i = 0; i < t->author_count; i++)
		if (strcmp(t->authors[i].word_name, word_name) == 0)
			return t->authors[i].delegate;
	return NULL;
}

static int no_delegate(tabling *t, const char *who, const char *what)
{
	return pl_error_set(t->err, PL_EINVALID,
	                    "%s: the Word author '%s' (of %s) has no delegate: give --author "
	                    "'%s=DELEGATE'; nothing was recorded",
	                    t->r->name, who, what, who);
}

static int map_authors(tabling *t)
{
	t->delegates = pl_calloc(t->r->author_count + 1, sizeof *t->delegates);
	for (size_t i = 0; i < t->r->author_count; i++)
		if (!(t->delegates[i] = delegate_of(t, t->r->authors[i])))
			return no_delegate(t, t->r->authors[i], "tracked changes");
	for (size_t i = 0; i < t->r->comment_count; i++)
		if (!delegate_of(t, t->r->comments[i].author))
			return no_delegate(t, t->r->comments[i].author, "a comment");
	return 0;
}

/* The text with every change rejected must be the base version. */
static int check_base(tabling *t)
{
	pl_doc *original = NULL;
	int rc = pl_docx_plan(t->r, DOCX_VIEW_ORIGINAL, -1, &original, NULL, t->err);
	if (rc)
		return rc;
	if (!pl_doc_equal(original, t->base, 0)) {
		size_t i = 0;
		while (i < original->point_count && i < t->base->point_count &&
		       strcmp(original->points[i].label, t->base->points[i].label) == 0 &&
		       strcmp(original->points[i].text, t->base->points[i].text) == 0)
			i++;
		if (i < original->point_count)
			rc = pl_error_set(t->err, PL_EINVALID,
			                  "%s: with its changes rejected it is not %s: point %s "
			                  "differs (tracked changes are read against the latest "
			                  "version)",
			                  t->r->name, t->ref, original->points[i].label);
		else
			rc = pl_error_set(t->err, PL_EINVALID,
			                  "%s: with its changes rejected it is not %s (its title, "
			                  "parts or number of points differ)",
			                  t->r->name, t->ref);
	}
	pl_doc_free(original);
	return rc;
}

static void add_amendment(tabling *t, pl_amendment *a, int author, const char *what)
{
	size_t n = t->amendment_count + 1;
	t->amendments = pl_realloc(t->amendments, n * sizeof *t->amendments);
	t->amendment_author = pl_realloc(t->amendment_author, n * sizeof *t->amendment_author);
	t->amendment_what = pl_realloc(t->amendment_what, n * sizeof *t->amendment_what);
	t->amendments[t->amendment_count] = a;
	t->amendment_author[t->amendment_count] = author;
	t->amendment_what[t->amendment_count] = pl_strdup(what);
	t->amendment_count++;
}

static pl_amend_op *copy_op(pl_amendment *to, const pl_amend_op *op)
{
	pl_amend_op *c = pl_amendment_add_op(to, op->kind, op->point, op->text);
	c->item = op->item ? pl_strdup(op->item) : NULL;
	c->start = op->start;
	c->end = op->end;
	c->after = op->after ? pl_strdup(op->after) : NULL;
	c->part = op->part;
	c->label = op->label ? pl_strdup(op->label) : NULL;
	return c;
}

/* 1 when paragraph i of r was moved to where it is by author. */
static int moved_here(const pl_docx_para *p, int author)
{
	if (p->mark == DOCX_MOVED_TO && p->mark_author == author)
		return 1;
	for (size_t k = 0; k < p->run_count; k++)
		if (p->runs[k].mark == DOCX_MOVED_TO && p->runs[k].author == author)
			return 1;
	return 0;
}

/* MOVE operations for the points author moved within a part (between
 * parts, pl_amendment_from_doc finds them already). */
static int add_moves(tabling *t, pl_amendment *structure, const pl_amendment *all,
                     const pl_doc *edited, const size_t *para_point, int author)
{
	int rc = 0;
	size_t *partner = pl_malloc((edited->point_count + 1) * sizeof *partner);
	pl_match_points(edited, t->base, partner);
	for (size_t i = 0; i < t->r->para_count; i++) {
		size_t at = para_point[i];
		if (at == (size_t)-1 || !moved_here(&t->r->paras[i], author) ||
		    partner[at] == PL_MATCH_NONE)
			continue;
		const char *id = t->base->points[partner[at]].id;
		int known = 0;
		for (size_t k = 0; k < all->op_count; k++)
			known |=
			    all->ops[k].kind == PL_OP_MOVE && strcmp(all->ops[k].point, id) == 0;
		for (size_t k = 0; k < structure->op_count; k++)
			known |= structure->ops[k].kind == PL_OP_MOVE &&
			         strcmp(structure->ops[k].point, id) == 0;
		if (known)
			continue;
		/* A move says after which point it goes: the first point of a
		 * part has none. */
		const pl_point *here = &edited->points[at], *before = at > 0 ? here - 1 : NULL;
		if (!before || before->part != here->part || partner[at - 1] == PL_MATCH_NONE) {
			rc = pl_error_set(t->err, PL_EINVALID,
			                  "%s: %s moves point %s to the start of its part, and a "
			                  "parley amendment puts a moved point after another: move "
			                  "it after a point, or table the move with 'parley amend "
			                  "--move'; nothing was recorded",
			                  t->r->name, t->r->authors[author],
			                  t->base->points[partner[at]].label);
			break;
		}
		pl_amend_op *op = pl_amendment_add_op(structure, PL_OP_MOVE, id, NULL);
		op->after = pl_strdup(t->base->points[partner[at - 1]].id);
	}
	free(partner);
	return rc;
}

/* Which points of edited Word numbered itself (their labels follow from
 * their place, not from the author's typing). */
static unsigned char *auto_numbered(const tabling *t, const pl_doc *edited,
                                    const size_t *para_point)
{
	unsigned char *numbered = pl_calloc(edited->point_count + 1, 1);
	unsigned char *seen = pl_calloc(edited->point_count + 1, 1);
	for (size_t i = 0; i < t->r->para_count; i++) {
		size_t at = para_point[i];
		if (at == (size_t)-1 || seen[at])
			continue;
		seen[at] = 1;
		const pl_docx_para *p = &t->r->paras[i];
		numbered[at] = p->num_id && p->kind != DOCX_HEADING && p->kind != DOCX_TITLE;
	}
	free(seen);
	return numbered;
}

/* 1 when base has a point labelled label in a part headed as edited's
 * part (PL_NO_PART: before any part). */
static int label_in_base(const tabling *t, const pl_doc *edited, size_t part, const char *label)
{
	const char *heading = part == PL_NO_PART ? NULL : edited->parts[part].heading;
	for (size_t i = 0; i < t->base->point_count; i++) {
		const pl_point *p = &t->base->points[i];
		const char *h = p->part == PL_NO_PART ? NULL : t->base->parts[p->part].heading;
		if ((h == heading || (h && heading && strcmp(h, heading) == 0)) &&
		    strcmp(p->label, label) == 0)
			return 1;
	}
	return 0;
}

/* Word renumbers the points after one inserted, deleted or moved; parley's
 * labels are the points' names across versions, so the renumbering is
 * left out (a later consolidation renumbers, if the parties wish), a
 * moved point keeps its label, and a point inserted where its Word number
 * is taken is named after the point it follows, as drafters insert
 * "article 4a": 4a, 4b, ... Relabellings the author typed are kept. */
static void keep_labels(tabling *t, pl_amendment *structure, const pl_doc *edited,
                        const size_t *para_point)
{
	unsigned char *numbered = auto_numbered(t, edited, para_point);
	size_t *partner = pl_malloc((edited->point_count + 1) * sizeof *partner);
	pl_match_points(edited, t->base, partner);
	size_t *from_base = pl_malloc((t->base->point_count + 1) * sizeof *from_base);
	for (size_t j = 0; j < t->base->point_count; j++)
		from_base[j] = (size_t)-1;
	for (size_t i = 0; i < edited->point_count; i++)
		if (partner[i] != PL_MATCH_NONE)
			from_base[partner[i]] = i;
	size_t next_new = 0, kept = 0;
	for (size_t k = 0; k < structure->op_count; k++) {
		pl_amend_op *op = &structure->ops[k];
		if (op->kind == PL_OP_RELABEL) {
			size_t b = pl_doc_index_of(t->base, op->point);
			size_t e = b == PL_NO_PART ? (size_t)-1 : from_base[b];
			if (e != (size_t)-1 && numbered[e]) {
				free(op->point);
				free(op->item);
				free(op->after);
				free(op->label);
				free(op->text);
				continue; /* dropped */
			}
		} else if (op->kind == PL_OP_INSERT) {
			while (next_new < edited->point_count && partner[next_new] != PL_MATCH_NONE)
				next_new++;
			size_t e = next_new++;
			const pl_point *anchor =
			    op->after ? pl_doc_find_id(t->base, op->after) : NULL;
			if (e < edited->point_count && numbered[e] && anchor &&
			    label_in_base(t, edited, edited->points[e].part, op->label)) {
				for (char letter = 'a'; letter <= 'z'; letter++) {
					char label[64];
					snprintf(label, sizeof label, "%s%c", anchor->label,
					         letter);
					int taken =
					    label_in_base(t, edited, edited->points[e].part, label);
					for (size_t j = 0; !taken && j < kept; j++)
						taken = structure->ops[j].kind == PL_OP_INSERT &&
						        strcmp(structure->ops[j].label, label) == 0;
					if (!taken && pl_label_valid(label, strlen(label))) {
						free(op->label);
						op->label = pl_strdup(label);
						break;
					}
				}
			}
		}
		structure->ops[kept++] = *op;
	}
	structure->op_count = kept;
	free(from_base);
	free(partner);
	free(numbered);
}

/* The author's amendments: one per point for its wording, one for the
 * structure. */
static int split(tabling *t, pl_negotiation *n, int author)
{
	pl_doc *edited = NULL;
	size_t *para_point = pl_malloc((t->r->para_count + 1) * sizeof *para_point);
	int rc = pl_docx_plan(t->r, DOCX_VIEW_AUTHOR, author, &edited, para_point, t->err);
	pl_amendment *all = NULL;
	if (!rc)
		rc = pl_amendment_from_doc(n, t->ref, edited, &all, t->err);
	if (rc) {
		free(para_point);
		pl_doc_free(edited);
		return rc;
	}
	pl_amendment *structure = pl_amendment_new("");
	unsigned char *done = pl_calloc(all->op_count + 1, 1);
	for (size_t k = 0; k < all->op_count; k++) {
		const pl_amend_op *op = &all->ops[k];
		if (done[k])
			continue;
		if (op->kind != PL_OP_EDIT && op->kind != PL_OP_REPLACE) {
			copy_op(structure, op);
			continue;
		}
		pl_amendment *words = pl_amendment_new("");
		for (size_t j = k; j < all->op_count; j++)
			if (!done[j] &&
			    (all->ops[j].kind == PL_OP_EDIT || all->ops[j].kind == PL_OP_REPLACE) &&
			    strcmp(all->ops[j].point, op->point) == 0) {
				copy_op(words, &all->ops[j]);
				done[j] = 1;
			}
		const pl_point *p = pl_doc_find_id(t->base, op->point);
		pl_buf what = PL_BUF_INIT;
		pl_buf_printf(&what, "point %s", p ? p->label : op->point);
		add_amendment(t, words, author, what.ptr);
		pl_buf_free(&what);
	}
	rc = add_moves(t, structure, all, edited, para_point, author);
	keep_labels(t, structure, edited, para_point);
	if (structure->op_count && !rc)
		add_amendment(t, structure, author, "points added, deleted or moved");
	else
		pl_amendment_free(structure);
	free(done);
	pl_amendment_free(all);
	free(para_point);
	pl_doc_free(edited);
	return rc;
}

/* Every amendment applies to the base alone: checked before anything is
 * recorded. */
static int check_amendments(tabling *t)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < t->amendment_count; i++) {
		pl_doc *copy = pl_doc_clone(t->base);
		int64_t serial = 1 << 30;
		rc = pl_amendment_apply(copy, t->amendments[i], &serial, t->err);
		pl_doc_free(copy);
		if (rc) {
			pl_buf why = PL_BUF_INIT;
			pl_buf_puts(&why, t->err->message);
			rc =
			    pl_error_set(t->err, rc,
			                 "%s: the changes of %s to %s cannot be applied to %s: %s; "
			                 "nothing was recorded",
			                 t->r->name, t->r->authors[t->amendment_author[i]],
			                 t->amendment_what[i], t->ref, why.ptr);
			pl_buf_free(&why);
		}
	}
	return rc;
}

static int open_as(tabling *t, const char *delegate, pl_negotiation **out)
{
	pl_open_options o = *t->options;
	o.actor = delegate;
	o.create = 0;
	o.read_only = 0;
	if (strcmp(o.actor ? o.actor : "", t->options->actor ? t->options->actor : "") != 0)
		o.key_file = NULL; /* the caller's own key file is not this delegate's */
	return pl_negotiation_open(out, &o, t->err);
}

/* YYYY-MM-DD of an ISO 8601 time, or of fallback. */
static void day_of(char out[11], const char *iso, const char *fallback)
{
	const char *s = iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-' ? iso : fallback;
	snprintf(out, 11, "%.10s", s ? s : "1970-01-01");
}

static int record_comments(tabling *t, pl_docx_tabled *out, const size_t *para_point,
                           const pl_doc *original)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < t->r->para_count; i++) {
		const pl_docx_para *p = &t->r->paras[i];
		for (size_t k = 0; !rc && k < p->comment_count; k++) {
			const pl_docx_comment *c = &t->r->comments[p->comments[k]];
			size_t at = para_point[i];
			pl_buf text = PL_BUF_INIT;
			if (at != (size_t)-1)
				pl_buf_printf(&text, "On point %s of %s: %s",
				              original->points[at].label, t->ref, c->text);
			else
				pl_buf_printf(&text, "On %s: %s", t->ref, c->text);
			char day[11];
			day_of(day, c->date, t->info.created_at);
			pl_statement_spec spec = {text.ptr, day,  "record",
			                          NULL,     NULL, t->info.track};
			pl_negotiation *n = NULL;
			const char *delegate = delegate_of(t, c->author);
			rc = open_as(t, delegate, &n);
			if (!rc)
				rc = pl_statement_add(n, &spec, t->err);
			pl_negotiation_close(n);
			if (!rc) {
				out->statements++;
				pl_buf_printf(&out->report, "statement by %s (%s) on %s\n",
				              delegate, c->author,
				              at != (size_t)-1 ? original->points[at].label
				                               : t->ref);
			}
			pl_buf_free(&text);
		}
	}
	return rc;
}

static int table_all(tabling *t, pl_docx_tabled *out)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < t->amendment_count; i++) {
		int author = t->amendment_author[i];
		pl_negotiation *n = NULL;
		char id[64] = "";
		pl_buf why = PL_BUF_INIT;
		pl_buf_printf(&why, "Tracked changes of %s in %s", t->r->authors[author],
		              t->r->name);
		rc = open_as(t, t->delegates[author], &n);
		if (!rc)
			rc = pl_amendment_table(n, t->ref, t->amendments[i], why.ptr, NULL, NULL,
			                        id, sizeof id, t->err);
		pl_negotiation_close(n);
		pl_buf_free(&why);
		if (!rc) {
			out->amendments++;
			pl_buf_printf(&out->report, "tabled %s by %s (%s): %s\n", id,
			              t->delegates[author], t->r->authors[author],
			              t->amendment_what[i]);
		}
	}
	return rc;
}

static void tabling_free(tabling *t)
{
	for (size_t i = 0; i < t->amendment_count; i++) {
		pl_amendment_free(t->amendments[i]);
		free(t->amendment_what[i]);
	}
	free(t->amendments);
	free(t->amendment_author);
	free(t->amendment_what);
	free(t->delegates);
	pl_doc_free(t->base);
	pl_version_info_clear(&t->info);
}

/* Everything that can be checked before recording: authors, the base,
 * the amendments; then the amendments are tabled and the comments said. */
static int run(tabling *t, pl_docx_tabled *out)
{
	int rc = map_authors(t);
	/* Read as the acting delegate, or else as the first author's: the
	 * version must be one the delegates tabling on it can see. */
	const char *viewer = t->options->actor;
	if (!viewer && t->r->author_count)
		viewer = t->delegates[0];
	if (!viewer && t->r->comment_count)
		viewer = delegate_of(t, t->r->comments[0].author);
	pl_negotiation *reader = NULL;
	if (!rc)
		rc = open_as(t, viewer, &reader);
	if (!rc)
		rc = pl_version_load(reader, t->document, &t->base, &t->info, t->err);
	if (!rc) {
		snprintf(t->ref, sizeof t->ref, "%s@%d", t->info.document, t->info.number);
		rc = check_base(t);
	}
	for (size_t a = 0; !rc && a < t->r->author_count; a++)
		rc = split(t, reader, (int)a);
	pl_negotiation_close(reader);
	if (!rc)
		rc = check_amendments(t);
	/* Each delegate's key is tried before anything is recorded. */
	for (size_t a = 0; !rc && a < t->r->author_count; a++) {
		pl_negotiation *n = NULL;
		rc = open_as(t, t->delegates[a], &n);
		pl_negotiation_close(n);
	}
	if (!rc)
		rc = table_all(t, out);
	if (!rc && t->r->comment_count) {
		pl_doc *original = NULL;
		size_t *para_point = pl_malloc((t->r->para_count + 1) * sizeof *para_point);
		rc = pl_docx_plan(t->r, DOCX_VIEW_ORIGINAL, -1, &original, para_point, t->err);
		if (!rc)
			rc = record_comments(t, out, para_point, original);
		free(para_point);
		pl_doc_free(original);
	}
	return rc;
}

int pl_docx_amendments_table(const pl_open_options *options, const char *document, const char *data,
                             size_t len, const char *source_name, const pl_docx_author *authors,
                             size_t author_count, pl_docx_tabled *out, pl_error *err)
{
	memset(out, 0, sizeof *out);
	const char *name = source_name ? source_name : "input";
	pl_docx_read r;
	int rc = pl_docx_read_package(&r, data, len, name, err);
	if (rc)
		return rc;
	size_t anchored = 0;
	for (size_t i = 0; i < r.comment_count; i++)
		anchored += r.comments[i].anchored;
	if (!r.change_count && !anchored) {
		pl_docx_read_free(&r);
		return pl_error_set(err, PL_EINVALID,
		                    "%s: no tracked changes and no comments: nothing to table "
		                    "(import it without --author as a new version)",
		                    name);
	}
	tabling t;
	memset(&t, 0, sizeof t);
	t.r = &r;
	t.options = options;
	t.document = document;
	t.authors = authors;
	t.author_count = author_count;
	t.err = err;
	rc = run(&t, out);
	tabling_free(&t);
	pl_docx_read_free(&r);
	return rc;
}
