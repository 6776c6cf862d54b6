/* talks.h — amendments and positions on the record: tabling, deciding,
 * carrying over, the voting list, positions and red lines, the matrix and
 * the bracketed negotiating text.
 *
 * Ownership: records and tables returned through out parameters belong to
 * the caller (pl_amendment_record_free_array, pl_table_free, pl_buf).
 * Every change is one signed event in one transaction by the acting
 * delegate; every read shows only what the viewer's party may see. */
#ifndef PARLEY_TALKS_H
#define PARLEY_TALKS_H

#include <stddef.h>

#include "parley/amend.h"
#include "parley/format.h"
#include "parley/negotiation.h"
#include "parley/table.h"

/* The life of an amendment. */
#define PL_STATUS_TABLED "tabled"
#define PL_STATUS_ACCEPTED "accepted"
#define PL_STATUS_REJECTED "rejected"
#define PL_STATUS_WITHDRAWN "withdrawn"
#define PL_STATUS_SUPERSEDED "superseded"
#define PL_STATUS_FALLEN "fallen"
#define PL_STATUS_REVISE "needs-revision"

typedef struct pl_amendment_record {
	char *id;        /* "A3", or "coalition:A3" outside the plenary */
	char *document;
	int base;        /* the version it amends (after carrying over: the latest) */
	char *party, *delegate, *track, *at;
	char *justification, *parent; /* parent: the amendment it amends, or NULL */
	char *status, *note;
	pl_amendment *amendment; /* its operations */
} pl_amendment_record;

void pl_amendment_record_free_array(pl_amendment_record *records, size_t count);

/* Tables amendment a (its operations; its id is assigned and written to
 * id_out) against version ref, for the acting delegate's party, in track
 * (NULL: the track through which the actor sees the version). parent names
 * a pending amendment this one amends (a sub-amendment), or NULL. Checks
 * every operation against the base (unknown points, spans past the end,
 * labels taken) before recording anything. PL_ECONFLICT for a base that
 * is no longer the latest version (a superseded base). */
int pl_amendment_table(pl_negotiation *n, const char *ref, pl_amendment *a,
		       const char *justification, const char *parent, const char *track,
		       char *id_out, size_t id_size, pl_error *err);

/* Derives the operations that turn version ref into the plan doc (an
 * edited copy): points matched by the import's rules; changed texts become
 * edits of word spans, new points insertions, missing ones deletions. */
int pl_amendment_from_doc(pl_negotiation *n, const char *ref, const pl_doc *edited,
			  pl_amendment **out, pl_error *err);

/* The amendments the viewer may see on document ref's base (all statuses;
 * ref "DOC" alone: on any version). */
int pl_amendment_list(pl_negotiation *n, const char *ref, pl_amendment_record **out,
		      size_t *count, pl_error *err);

/* Amendment id of document, as pl_amendment_list gives it: *records and
 * *count are the list (the caller frees it with
 * pl_amendment_record_free_array, on error too), *found the one named id.
 * PL_ENOTFOUND "no amendment ID on DOCUMENT" when the viewer sees none. */
int pl_amendment_find(pl_negotiation *n, const char *document, const char *id,
		      pl_amendment_record **records, size_t *count,
		      const pl_amendment_record **found, pl_error *err);

/* How far an amendment is from a decision under its track's rule. */
typedef struct pl_tally {
	char rule[16];    /* consensus, chair or majority */
	size_t in_favour; /* member parties whose latest decision is this one */
	size_t members;   /* member parties of the amendment's track */
	int met;          /* the rule is met: the decision is taken */
} pl_tally;

/* Withdraws a pending amendment (status "withdrawn": only its own party),
 * or records the acting party's decision to reject or supersede it
 * (status "rejected" / "superseded"): the amendment takes that status when
 * the decision rule of its track is met (every member party under
 * consensus; the convenor under chair; more than half under majority).
 * tally (if not NULL) says where the decision stands. */
int pl_amendment_decide(pl_negotiation *n, const char *document, const char *id,
			const char *status, const char *note, pl_tally *tally, pl_error *err);

typedef struct pl_accept_result {
	int number;      /* the new version; 0 when nothing was adopted yet */
	size_t adopted;  /* amendments adopted into it */
	size_t carried;  /* pending amendments carried over to it */
	size_t revise;   /* pending amendments that need revision */
	size_t fallen;   /* pending amendments that fell */
	pl_table *tally; /* a row per amendment named: amendment, rule, in_favour,
			  * members, state (adopted / waiting / would be adopted) */
	pl_doc *before;  /* with dry_run: the latest version, and the version */
	pl_doc *after;   /* adopting them would make (NULL otherwise) */
	pl_table *red_lines; /* with dry_run: the red lines that adoption crosses */
} pl_accept_result;

void pl_accept_result_clear(pl_accept_result *result);
/* What accepting did, as `amendment accept` prints it: a line per
 * amendment named (its tally), then the adoption; with dry_run, the
 * redline adopting them would make and the red lines it would cross. */
void pl_accept_result_write(pl_buf *out, const char *document, const pl_accept_result *result,
                            int dry_run);

/* Records the acting party's acceptance of each named pending amendment on
 * the latest version. Those whose track's decision rule is then met are
 * adopted together: applied (pl_amendments_apply) as a new version in
 * their track, marked accepted; those colliding with them fall; the other
 * pending ones are carried over to the new version where their words still
 * apply (a three-way merge on words) or marked as needing revision. With
 * dry_run nothing is recorded: result->before/after and red_lines show
 * what adopting all of them would do. PL_ECONFLICT names two that collide. */
int pl_amendments_accept(pl_negotiation *n, const char *document, const char *const *ids,
			 size_t count, int dry_run, pl_accept_result *result, pl_error *err);

/* The voting list of the pending amendments on version ref, as a table
 * (group, order, amendment, party, points, change, distance, falls_if_adopted,
 * red_lines): points and change as pl_amendment_summary writes them. */
int pl_voting_table(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err);

/* Positions. stance is one of (each in one sentence):
 *   accept    the party accepts the point as worded;
 *   reserve   it accepts the point as worded, with a reservation;
 *   reject    it cannot accept the point as worded;
 *   redline   it cannot accept the point as worded, nor any agreement that
 *             keeps it (a red line against the text: keeping it crosses it);
 *   keep      the wording must stay (a red line for the text: changing or
 *             deleting it crosses it);
 *   undecided it has taken no stance.
 * Recorded `redline` events are all read as the red line against the
 * text. point is a label of version ref, or "*" for the whole plan. */
int pl_position_set(pl_negotiation *n, const char *ref, const char *point, const char *stance,
		    const char *note, pl_error *err);

/* The same stance on each of count points, all or none (every label is
 * checked before anything is recorded). *superseded (if not NULL) gets
 * the latest version when ref is an earlier, superseded one (a caller may
 * warn of it), else 0. */
int pl_positions_set(pl_negotiation *n, const char *ref, const char *const *points,
		     size_t count, const char *stance, const char *note, int *superseded,
		     pl_error *err);

/* The matrix of version ref: a row per point (label), a column per party,
 * cells the current stance ("stale:" before a stance whose point has
 * changed since), and count rows at the end. */
int pl_matrix(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err);

/* Every party's stance (and note) on each point of version ref, undecided
 * ones left out, sorted by point id for pl_point_stances_find; free with
 * pl_point_stances_free. What `show --positions` prints. */
int pl_point_stances_load(pl_negotiation *n, const char *ref, pl_point_stances **out,
                          size_t *count, pl_error *err);
void pl_point_stances_free(pl_point_stances *all, size_t count);

/* The notes of the matrix's current stances: a row per noted cell, in its
 * reading order (points, then parties): mark, point, party, stance, note,
 * on (the label the stance was taken on, or "*" for the whole plan). A
 * stance's mark (1, 2, …) is the same in every cell it fills. */
int pl_matrix_notes(pl_negotiation *n, const char *ref, pl_table **out, pl_error *err);

/* Red lines an amendment would cross: the points it changes or deletes that
 * a party holds as `keep` (stale stances do not count). Rows of party,
 * point label, the change, the amendment, the stance's note. An amendment
 * that changes a point held as `redline` crosses nothing. */
int pl_red_lines(pl_negotiation *n, const char *ref, const pl_amendment *a, pl_table **out,
		 pl_error *err);

/* The "red line: PARTY holds the wording of point …" lines of each red line
 * amendment a would cross on ref (pl_red_lines), as `amend` and `amendment
 * show` print them; nothing when there are none. */
void pl_amendment_red_lines_write(pl_buf *out, pl_negotiation *n, const char *ref,
                                  const pl_amendment *a);

/* An amendment's operations, one line each, cited by the base's labels
 * and lines ("  edit        point 6, line 1: '600,000' -> '800,000'"). */
void pl_amendment_describe(pl_buf *out, const pl_amendment *a, const pl_doc *base);

/* One amendment of document as a delegation reads it (amendment_show.c):
 * PL_FORMAT_TEXT is what `parley amendment show` prints (colour: the
 * redline in ANSI colour), with the parties' stances on the points it
 * touches and the red lines it crosses; MARKDOWN and HTML a page (HTML on
 * A4 with the track's marking); JSON parley.amendment/1 on one line.
 * PL_ENOTFOUND for an amendment the viewer may not see. Nothing is
 * written on an error. */
int pl_amendment_write(pl_buf *out, pl_negotiation *n, const char *document, const char *id,
                       pl_redline_format format, int colour, pl_error *err);

/* Red lines a whole proposed text (a: the operations from ref to it)
 * would cross: those of pl_red_lines, and every point held as `redline`
 * whose words it keeps (change "keep"). */
int pl_red_lines_proposal(pl_negotiation *n, const char *ref, const pl_amendment *a,
			  pl_table **out, pl_error *err);

/* The negotiating text of version ref: each point without consensus in
 * square brackets with its alternatives (the base wording and each pending
 * amendment's, with the proposing parties), agreed points clean, counts at
 * the top. format: "md", "html" or "json". */
int pl_bracketed_text(pl_negotiation *n, const char *ref, const char *format, pl_buf *out,
		      pl_error *err);

/* Brackets per version of document name: version, points, bracketed,
 * alternatives. */
int pl_progress(pl_negotiation *n, const char *name, pl_table **out, pl_error *err);

#endif
