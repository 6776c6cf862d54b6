/* intern.c — comparison forms to dense ids (see parley/token.h).
 *
 * An open-addressing table with linear probing; each slot packs the form's
 * 32-bit hash beside its id, so a probe reads one 8-byte word and touches
 * the form's bytes only when the hashes agree. Forms are copied into one
 * pool, NUL-terminated, so the interner outlives the texts it has seen. */
#include "parley/token.h"

#include "parley/mem.h"
#include "token_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pl_interner {
	unsigned options;
	uint64_t *slots; /* (hash << 32) | (id + 1); 0 is empty */
	size_t slot_mask;
	size_t *starts; /* form id is pool[starts[id] .. starts[id + 1] - 1) */
	size_t count;
	size_t starts_capacity;
	char *pool;
	size_t pool_len;
	size_t pool_capacity;
	pl_form_scratch scratch;
};

enum { FIRST_SLOTS = 1024 };

pl_interner *pl_interner_new(unsigned options)
{
	pl_interner *in = pl_calloc(1, sizeof *in);
	in->options = options;
	in->slots = pl_calloc(FIRST_SLOTS, sizeof *in->slots);
	in->slot_mask = FIRST_SLOTS - 1;
	in->starts = pl_grow(NULL, &in->starts_capacity, 64, sizeof *in->starts);
	in->starts[0] = 0;
	return in;
}

void pl_interner_free(pl_interner *interner)
{
	if (!interner)
		return;
	free(interner->slots);
	free(interner->starts);
	free(interner->pool);
	pl_form_scratch_free(&interner->scratch);
	free(interner);
}

size_t pl_interner_count(const pl_interner *interner)
{
	return interner->count;
}

const char *pl_interner_form(const pl_interner *interner, uint32_t id, size_t *len)
{
	if (id >= interner->count)
		return NULL;
	if (len)
		*len = interner->starts[id + 1] - interner->starts[id] - 1;
	return interner->pool + interner->starts[id];
}

/* Doubles the table, keeping the load factor at most one half. */
static void rehash(pl_interner *in)
{
	size_t old_size = in->slot_mask + 1;
	size_t size = old_size * 2;
	uint64_t *slots = pl_calloc(size, sizeof *slots);
	for (size_t i = 0; i < old_size; i++) {
		uint64_t slot = in->slots[i];
		if (!slot)
			continue;
		size_t j = (size_t)(slot >> 32) & (size - 1);
		while (slots[j])
			j = (j + 1) & (size - 1);
		slots[j] = slot;
	}
	free(in->slots);
	in->slots = slots;
	in->slot_mask = size - 1;
}

static uint32_t add_form(pl_interner *in, size_t slot, uint32_t hash, const unsigned char *form,
                         size_t len)
{
	uint32_t id = (uint32_t)in->count;
	in->pool = pl_grow(in->pool, &in->pool_capacity, in->pool_len + len + 1, 1);
	memcpy(in->pool + in->pool_len, form, len);
	in->pool[in->pool_len + len] = '\0';
	in->pool_len += len + 1;
	in->starts = pl_grow(in->starts, &in->starts_capacity, in->count + 2, sizeof *in->starts);
	in->starts[++in->count] = in->pool_len;
	in->slots[slot] = (uint64_t)hash << 32 | ((uint64_t)id + 1);
	if (in->count * 2 > in->slot_mask + 1)
		rehash(in);
	return id;
}

/* memcmp for the short strings tokens are, without a library call. */
static int same_bytes(const char *x, const unsigned char *y, size_t len)
{
	for (; len >= 8; x += 8, y += 8, len -= 8) {
		uint64_t u, v;
		memcpy(&u, x, 8);
		memcpy(&v, y, 8);
		if (u != v)
			return 0;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)x[i] != y[i])
			return 0;
	return 1;
}

/* The id of form, added if new. */
static uint32_t intern_form(pl_interner *in, uint32_t hash, const unsigned char *form, size_t len)
{
	size_t i = hash & in->slot_mask;
	for (;;) {
		uint64_t slot = in->slots[i];
		if (!slot)
			return add_form(in, i, hash, form, len);
		if ((uint32_t)(slot >> 32) == hash) {
			uint32_t id = (uint32_t)slot - 1;
			size_t start = in->starts[id];
			if (in->starts[id + 1] - start - 1 == len &&
			    same_bytes(in->pool + start, form, len))
				return id;
		}
		i = (i + 1) & in->slot_mask;
	}
}

int pl_interner_add(pl_interner *interner, uint32_t *ids, const char *text,
                    const pl_token_list *list, pl_error *err)
{
	if (list->options != interner->options)
		return pl_error_set(err, PL_EINVALID,
		                    "tokens split with options 0x%x, interner made for 0x%x",
		                    list->options, interner->options);
	for (size_t t = 0; t < list->count; t++) {
		/* ids are id + 1 in a 32-bit half of a slot */
		if (interner->count >= UINT32_MAX - 1)
			return pl_error_set(err, PL_ETOOBIG, "more than %u distinct tokens",
			                    (unsigned)(UINT32_MAX - 1));
		const pl_token *tok = &list->items[t];
		const unsigned char *form = (const unsigned char *)text + tok->offset;
		size_t len = tok->length;
		if (!tok->ascii || interner->options) /* else the form is the bytes */
			pl_token_form(&interner->scratch, text, tok, interner->options, &form,
			              &len);
		ids[t] = intern_form(interner, tok->hash, form, len);
	}
	return 0;
}
