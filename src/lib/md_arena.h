/* md_arena.h — a region allocator for cmark's parse of one document.
 *
 * A parse allocates hundreds of thousands of nodes and buffers and frees
 * them all at once when the tree has been read; taking them from large
 * blocks, and letting the whole tree go with the blocks, saves malloc's
 * bookkeeping and a walk of the tree to free it node by node. cmark's
 * allocator hooks take no context, so the region in use is per thread
 * (each parse runs on one thread). */
#ifndef PARLEY_MD_ARENA_H
#define PARLEY_MD_ARENA_H

#include <cmark.h>
#include <stddef.h>

/* Starts a region on this thread for parsing a text of text_len bytes and
 * returns the allocator to give cmark (cmark_parser_new_with_mem). One
 * region per thread at a time. */
cmark_mem *pl_md_arena_begin(size_t text_len);
/* Frees everything allocated from this thread's region: the tree parsed
 * with it must not be used (nor freed) afterwards. */
void pl_md_arena_end(void);

#endif
