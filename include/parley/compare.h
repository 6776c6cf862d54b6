/* compare.h — aligning competing plans of different lineage: for every
 * point of one plan, the points of another that address the same matter,
 * each link scored and labelled same / overlaps / conflicts.
 *
 * Ownership: a pl_alignment and a pl_comparison borrow the documents they
 * compare (which must outlive them) and own everything else; each is
 * released by its _free function, which accepts NULL.
 *
 * The method, in order (the README tells it at length):
 *
 * 1. Terms. Each point's wording (lead text and sub-items) is cut by the
 *    redline tokenizer (pl_token_split); words and numbers are case-folded
 *    (Unicode) and stemmed with Snowball (libstemmer) in the chosen
 *    language. Words in scripts the stemmer does not know pass unchanged.
 * 1b. Character n-grams. Each word that is not an English function word
 *    also gives its character n-grams (PL_COMPARE_NGRAM code points, '<'
 *    and '>' marking the word's ends: "<sove", "sover", ..., "gnty>") as
 *    terms of their own, so that words of one root that the stemmer keeps
 *    apart share most of their terms (sovereign / sovereignty, Russia /
 *    Russian, child / children; McNamee & Mayfield 2004 on n-grams for
 *    retrieval across European languages). Only on inputs of at most
 *    PL_COMPARE_NGRAM_PAIRS point pairs, as the vectors grow several
 *    times longer.
 * 2. Weights. Each point is a bag of terms weighted by TF-IDF: (1 + ln tf)
 *    times the BM25 inverse document frequency ln(1 + (N - df + 0.5) /
 *    (df + 0.5)) (Robertson & Zaragoza 2009, as Lucene computes it), where
 *    the documents are the points of both plans (N of them), so a term is
 *    rare or common relative to the two plans compared and words in most
 *    points weigh almost nothing. A term that only one of the two plans
 *    uses is left out: it is evidence for no pair, and would only dilute
 *    the vectors of the points that hold it. Vectors are L2 normalised;
 *    similarity is the cosine.
 * 2b. Related words (english only). Each word is looked up in WordNet 3.0
 *    (libwordnet and its database, Debian wordnet-dev/wordnet-base): its
 *    base forms by WordNet's morphy, the first (most frequent) sense of
 *    each as noun, verb and adjective, and the synsets that sense points
 *    to by a derivational link; a closed compound WordNet lacks is tried
 *    hyphenated ("ceasefire": cease-fire). Two terms are related when
 *    their concepts meet (immobilised ~ frozen needs a rarer sense and is
 *    not found; guarantors ~ guarantees, talks ~ negotiations,
 *    start ~ begin are), unless a concept is shared by more than 8 terms.
 *    The relation R turns the cosine into a soft cosine (Sidorov et al.
 *    2014): x.y + PL_COMPARE_SEMANTIC * x R y over the soft norms, and a
 *    term used by one plan only keeps its weight when a related term is
 *    used by the other. Without the database (looked for in
 *    pl_compare_options.wordnet, by default /usr/share/wordnet; the
 *    CLI takes it from $WNSEARCHDIR or $WNHOME/dict), with it "off", in other languages, and for inputs too large to
 *    score every pair, the comparison is lexical; pl_alignment.note says
 *    so when WordNet was wanted but missing.
 * 3. Sub-items. A point with sub-items is compared as a whole and item by
 *    item: the score of a pair is the larger of the whole-point cosine and
 *    the best cosine between one part (lead or item) of one and the whole
 *    of the other, discounted by PL_COMPARE_PART_DISCOUNT, so that a
 *    12-point plan's short point matches the one sub-item of a long point
 *    that it speaks to.
 * 3b. Hubness. Some points are close to many points of the other plan (a
 *    long point with many sub-items, a point in the plans' common
 *    vocabulary) and would win every contest they enter; others are close
 *    to nothing and their right partner scores low. As cross-domain
 *    similarity local scaling does for nearest neighbours (CSLS, Conneau et
 *    al. 2018, "Word translation without parallel data"), the score of a
 *    pair that step 4 uses is its similarity less PL_COMPARE_HUBNESS
 *    times the mean of r(x) and r(y), where r of a point is the mean of
 *    its PL_COMPARE_HUBNESS_K best similarities with the other plan: a
 *    pair counts for how much closer its points are to each other than to
 *    their usual neighbours. The threshold applies to this corrected
 *    score, which makes it depend less on how much vocabulary the two
 *    plans share. A link still reports the similarity itself (the
 *    relation of step 5 is read from it), so a plan compared with itself
 *    gives `same` with score 1 everywhere.
 * 3c. Lexicon. On inputs of at most PL_COMPARE_NGRAM_PAIRS point pairs
 *    (as step 1b), a first alignment (steps 3b and 4) gives the core links
 *    whose corrected score is at least PL_COMPARE_LEXICON_CONFIDENT. On
 *    these pairs, as on a small bitext, IBM Model 1 (Brown et al. 1993)
 *    learns by EM (PL_COMPARE_LEXICON_ITERATIONS rounds) how the words of
 *    one plan's point are rendered in the linked point of the other, in
 *    both directions. Each point is carried into the other plan's words by
 *    these probabilities (its own words left out), and a pair's support is
 *    the mean of the two directions' cosines with the other point, times
 *    PL_COMPARE_LEXICON. Every pair is then scored again (step 3b) with
 *    similarity plus support; a link still reports the similarity.
 * 4. Assignment. The one-to-one core of the alignment is the maximum-weight
 *    bipartite matching, on corrected scores, of the pairs whose corrected
 *    score is at least the threshold (each point may stay unmatched, at
 *    weight 0), solved exactly by successive shortest augmenting paths
 *    with potentials (Jonker & Volgenant 1987, in the rectangular form of
 *    Crouse 2016) over the sparse graph of candidate pairs. Many-to-many
 *    links are then added where a pair's corrected score is at least the
 *    threshold and PL_COMPARE_SECONDARY times the best link of each of its
 *    two points (its core link, or its best pair when it has none): a
 *    second or third point nearly as close as the best one on both sides
 *    is linked too.
 * 5. Relation. A link is `conflicts` only with evidence it can show
 *    (pl_link.why): different numbers for one matter (a number followed by
 *    the same word on both sides: "600000 vs 800000 personnel"), or, where
 *    the two share at least half of their terms (one object), a negation on
 *    one side only (English negators) or opposite verbs of a small list
 *    (lift/impose, release/freeze, ...). A link is `same` only when the two
 *    texts are equal after normalisation (case, white space, Unicode NFC);
 *    every other link `overlaps`.
 *
 * For large plans (more than PL_COMPARE_EXACT_PAIRS pairs) candidate
 * pairs come from an inverted index over the terms that occur in at most
 * a tenth of the points, and a pair is scored (exactly) only when those
 * terms alone give at least half the threshold. Pairs whose similarity
 * rests on frequent terms may be missed there, and r of step 3b is taken
 * over the pairs scored. Smaller inputs score every pair. The output
 * depends only on the input. */
#ifndef PARLEY_COMPARE_H
#define PARLEY_COMPARE_H

#include <stddef.h>

#include "parley/buf.h"
#include "parley/doc.h"
#include "parley/error.h"

typedef enum pl_relation {
	PL_RELATION_SAME = 0,  /* equivalent */
	PL_RELATION_OVERLAPS,  /* the same matter, different content */
	PL_RELATION_CONFLICTS, /* the same matter, opposite directions */
	PL_RELATION_COUNT
} pl_relation;

/* "same", "overlaps", "conflicts". */
const char *pl_relation_name(pl_relation relation);

/* Evidence of a conflict, or-ed in pl_link.evidence. */
enum {
	PL_EVIDENCE_NUMBER = 1u << 0,   /* both state numbers, and they differ */
	PL_EVIDENCE_NEGATION = 1u << 1, /* negated on one side only */
	PL_EVIDENCE_OPPOSITE = 1u << 2  /* opposite verbs */
};

/* Defaults of pl_compare_options. The threshold and the relative
 * threshold apply to the corrected score of step 3b; with the hubness
 * weight and k, and the lexicon's weight, confidence and EM rounds (step
 * 3c), they were chosen on the three gold sets of bench/eval.sh
 * (BENCHMARKS.md gives the figures, cross-validated too). */
#define PL_COMPARE_THRESHOLD          0.11
#define PL_COMPARE_SECONDARY          0.6
#define PL_COMPARE_HUBNESS            0.5
#define PL_COMPARE_HUBNESS_K          5
#define PL_COMPARE_HUBNESS_K_MAX      64
#define PL_COMPARE_NGRAM              5
#define PL_COMPARE_NGRAM_MAX          8
#define PL_COMPARE_PART_DISCOUNT      0.9
#define PL_COMPARE_SEMANTIC           0.5
#define PL_COMPARE_LEXICON            0.05
#define PL_COMPARE_LEXICON_CONFIDENT  0.3
#define PL_COMPARE_LEXICON_ITERATIONS 2
#define PL_COMPARE_EXACT_PAIRS        ((size_t)1 << 20)
#define PL_COMPARE_NGRAM_PAIRS        ((size_t)1 << 16)

typedef struct pl_compare_options {
	const char *language; /* a Snowball algorithm ("english", "german",
	                       * "russian", ...; NULL for english), or "none" */
	double threshold;     /* the least corrected score (step 3b) of a link;
	                       * 0 for the default */
	double secondary;     /* the relative threshold of step 4; 0 for the
	                       * default, 1 or more for one-to-one links only */
	const char *wordnet;  /* the WordNet database folder: NULL for
	                       * /usr/share/wordnet, "off" for no WordNet */
	double hubness;       /* the weight of step 3b; 0 for the default,
	                       * negative for no correction */
	size_t hubness_k;     /* k of step 3b, at most PL_COMPARE_HUBNESS_K_MAX;
	                       * 0 for the default */
	int ngram;            /* n of the character n-grams of step 1b, at most
	                       * PL_COMPARE_NGRAM_MAX; 0 for the default,
	                       * negative for none */
	double lexicon;       /* the weight of step 3c; 0 for the default,
	                       * negative for none */
} pl_compare_options;

typedef struct pl_link {
	size_t a, b;  /* indexes into a->points and b->points */
	double score; /* in [0, 1] */
	pl_relation relation;
	unsigned evidence; /* PL_EVIDENCE_* behind a conflict */
	int primary;       /* 1 when the link is in the one-to-one core */
	char why[96];      /* the evidence of a conflict, shown to the reader
	                    * ("600000 vs 800000 personnel"); empty otherwise */
} pl_link;

typedef struct pl_alignment {
	const pl_doc *a, *b;
	pl_link *links; /* by a's point order, then b's */
	size_t link_count;
	size_t *a_link_count;        /* links per point of a (a->point_count entries) */
	size_t *b_link_count;        /* links per point of b */
	size_t a_matched, b_matched; /* points with at least one link */
	size_t counts[PL_RELATION_COUNT];
	/* NULL, or why step 2b was skipped though the language is english
	 * (the WordNet database is missing): the alignment is lexical only. */
	const char *note;
} pl_alignment;

/* Aligns plan a with plan b (steps 1-5 above). options may be NULL for the
 * defaults. Returns 0 and *out; PL_EINVALID for an unknown language, an
 * n-gram length or hubness k above its maximum, or invalid UTF-8 in a
 * point (then *out is NULL). Plans without points give an alignment
 * without links. */
int pl_alignment_compute(pl_alignment **out, const pl_doc *a, const pl_doc *b,
                         const pl_compare_options *options, pl_error *err);
void pl_alignment_free(pl_alignment *alignment);

/* The score of two texts alone, as steps 1-2 weigh them when the two texts
 * are the whole collection (for tests and tools); options' language,
 * wordnet and ngram apply (NULL: the defaults). Returns 0 and *score, or
 * PL_EINVALID. */
int pl_compare_texts(double *score, const char *a, const char *b,
                     const pl_compare_options *options, pl_error *err);

/* N plans compared with the first: pairs[k] aligns docs[0] with docs[k+1]. */
typedef struct pl_comparison {
	const pl_doc **docs;
	char **names; /* copies of the names given */
	size_t doc_count;
	pl_alignment **pairs; /* doc_count - 1 of them */
} pl_comparison;

/* Compares docs[0] with each of docs[1..count) (count >= 2). names label
 * the columns (copied). Returns 0 and *out, or the error of a pair. */
int pl_comparison_compute(pl_comparison **out, const pl_doc *const *docs, const char *const *names,
                          size_t count, const pl_compare_options *options, pl_error *err);
void pl_comparison_free(pl_comparison *comparison);

/* --- writing a comparison ---------------------------------------------
 * The view has one row per point of the first plan, in its order, holding
 * in column k+1 the points of docs[k+1] linked to it (with score and
 * relation, and the word redline between the two where they share
 * wording); then one row per point of another plan that no point of the
 * first addresses. A summary of convergence comes first. */

typedef struct pl_compare_render {
	int ansi;       /* terminal colours (text only) */
	int no_redline; /* show both texts instead of the redline */
	const char *date;    /* HTML: ISO 8601 time of the newest version shown */
	const char *marking; /* HTML: the confidentiality marking of the versions
			      * (see pl_version_marking), or NULL */
} pl_compare_render;

/* Plain text for a terminal: one block per row. */
void pl_comparison_write_text(pl_buf *out, const pl_comparison *c, const pl_compare_render *r);
/* A CommonMark table with one column per plan. */
void pl_comparison_write_markdown(pl_buf *out, const pl_comparison *c, const pl_compare_render *r);
/* A standalone HTML page with one column per plan, printable (landscape). */
void pl_comparison_write_html(pl_buf *out, const pl_comparison *c, const pl_compare_render *r);
/* The schema parley.compare/1 (docs/json.md). */
void pl_comparison_write_json(pl_buf *out, const pl_comparison *c);
/* The convergence summary alone, one line per plan after the first:
 * "B: 15 of 22 points of A matched (68%), 14 of 28 of B; 7 only in A, ..." */
void pl_comparison_write_summary(pl_buf *out, const pl_comparison *c);

#endif
