/* redline_int.h — the word redline of a plan's texts without tokenizing
 * what the two sides share (redline_trim.c), and the pieces of
 * redline_text.c it is built from.
 *
 * Ownership: a pl_trim_scratch owns its buffers and interner, which it
 * reuses from one text to the next (pl_trim_scratch_free releases them);
 * the pl_text_diff it fills is the caller's, as with pl_text_diff_compute. */
#ifndef PARLEY_REDLINE_INT_H
#define PARLEY_REDLINE_INT_H

#include "diff_int.h"
#include "parley/redline.h"

#include <stddef.h>

/* The last run of a raw token script when it is a lone change: side 0 (a
 * deletion) or 1 (an insertion) and the index of its first token; side -1
 * when the script ends otherwise. */
typedef struct pl_lone_tail {
	int side;
	size_t index;
} pl_lone_tail;

/* pl_text_diff_compute over out's arrays as an earlier call left them
 * (their memory is reused; out must be zeroed before the first call),
 * with the caller's interner, split with token_options, and with the
 * caller's diff workspace (NULL: one of its own). lone_tail may be NULL.
 * Returns what pl_text_diff_compute returns; out is then to be freed by
 * the caller in every case. */
int pl_text_diff_redo(pl_text_diff *out, const char *a, size_t a_len, const char *b, size_t b_len,
                      unsigned token_options, pl_interner *interner, pl_diff_workspace *workspace,
                      pl_lone_tail *lone_tail, pl_error *err);

/* pl_text_diff_classify of a diff of two middles cut out of longer texts
 * at token boundaries: words_a and words_b count the whole texts, and
 * starts_before says whether a word at the start of the middles starts a
 * sentence (1 at the start of the texts). */
pl_change pl_text_diff_classify_part(const pl_text_diff *diff, size_t words_a, size_t words_b,
                                     int starts_before);

typedef struct pl_trim_scratch {
	pl_text_diff middle;
	pl_interner *interner;
	pl_diff_workspace diff;
	pl_token_list words; /* for counting the words of non-ASCII text */
} pl_trim_scratch;

void pl_trim_scratch_free(pl_trim_scratch *scratch);

/* The redline of two NUL-terminated texts and its classification, exactly
 * as pl_text_diff_compute and pl_text_diff_classify give them, but with
 * only the stretch between the longest common beginning and end (cut at
 * token boundaries) split into tokens and diffed: a point of a new draft
 * usually differs from the old in a word or two. out gets runs and counts
 * (no tokens and no script: it is freed with pl_text_diff_free). Texts
 * compared with token options, or too long for the cost limit of
 * pl_diff_compute to stay the same, take pl_text_diff_compute itself.
 * ("Exactly": the ids of the tokens differ, and pl_diff_compute's anchors
 * in pieces of over PL_DIFF_ANCHOR_MIN tokens hash them, so a 64-bit hash
 * collision there could tell them apart; nothing else depends on them.)
 * Returns 0 or the codes of pl_text_diff_compute. */
int pl_text_diff_trimmed(pl_text_diff *out, pl_change *change, const char *a, const char *b,
                         unsigned token_options, pl_trim_scratch *scratch, pl_error *err);

#endif
