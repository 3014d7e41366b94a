/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_frag_track: keep the books on DMA-mapped buffers held by hardware.
 *
 * A NIC whose hardware buffer manager hands back only DMA addresses leaves
 * its driver with no kernel pointer to the buffers it gave away.  A
 * &struct dma_frag_tracker maps each such DMA address back to the buffer's
 * virtual address and to the allocator that made it, so that the driver
 * frees, hands off and audits buffers by DMA address, and kmemleak sees a
 * reference to every buffer the hardware holds.
 */
#ifndef _LINUX_DMA_FRAG_TRACK_H
#define _LINUX_DMA_FRAG_TRACK_H

#include <linux/dma-direction.h>
#include <linux/gfp_types.h>
#include <linux/types.h>

struct device;
struct dft_over;
struct dma_frag_tracker;

/**
 * enum dft_mem - How kmemleak sees an allocator's memory.
 * @DFT_MEM_SLAB: Each buffer is a slab object kmemleak already tracks
 *	(kmalloc()).  The tracker holds a pointer to it while it is tracked,
 *	which is all kmemleak needs.  Such a buffer must never be registered
 *	again: an overlapping kmemleak object disables kmemleak system-wide.
 *	A driver hands such a buffer to the stack with slab_build_skb().
 * @DFT_MEM_PAGE: Each buffer is part of a page kmemleak does not track
 *	(page_frag, whole pages).  The tracker registers the buffer with
 *	kmemleak while it is tracked, with min_count 1 and its contents not
 *	scanned, and unregisters it before it is freed or handed off.  A
 *	driver hands such a buffer to the stack with build_skb().
 */
enum dft_mem {
	DFT_MEM_SLAB,
	DFT_MEM_PAGE,
};

/**
 * struct dft_allocator - Where a tracker's buffers come from.
 * @name: Shown in warnings and statistics.
 * @alloc: Allocate one buffer of @size bytes, at least 4-byte aligned.
 *	Called with the caller's gfp flags; must not warn on failure when
 *	__GFP_NOWARN is set.
 * @free: Free a buffer @alloc returned, given the same @size.
 * @mem: How kmemleak must treat the buffers, see &enum dft_mem.
 *
 * dma_frag_track provides dft_page_frag_allocator and dft_kmalloc_allocator.
 * A driver may define its own (whole pages, a private cache) and pass it to
 * dft_create() or dft_add(); it must outlive every tracker that uses it.
 */
struct dft_allocator {
	const char *name;
	void *(*alloc)(unsigned int size, gfp_t gfp);
	void (*free)(void *buf, unsigned int size);
	enum dft_mem mem;
};

extern const struct dft_allocator dft_page_frag_allocator;
extern const struct dft_allocator dft_kmalloc_allocator;

/*
 * A tracker records the allocator of each buffer in the two tag bits of the
 * stored pointer.  xa_tag_pointer() has three usable tags (0, 1 and 3; tag 2
 * marks the xarray's internal entries), so one tracker mixes at most three
 * allocators.
 */
#define DFT_MAX_ALLOCATORS	3

/**
 * struct dft_params - What dft_create() needs to know about a buffer pool.
 * @name: Name of the pool, used in messages (copied).
 * @dev: The device that maps the buffers; must outlive the tracker.
 * @dir: DMA direction of every mapping.
 * @frag_size: Size of each buffer as allocated, at least 64 bytes.  The
 *	tracker indexes buffers by dma >> ilog2(@frag_size): with dma-direct,
 *	where fragments do not overlap, each buffer has a window of its own.
 *	A buffer mapped into a window another holds, or at an address that
 *	does not follow its virtual address (bounce buffers, IOMMUs), is kept
 *	in an overflow index, by dma >> ilog2(@dma_len), which live mappings
 *	cannot share.
 * @dma_len: Number of bytes mapped at the start of each buffer, at most
 *	@frag_size.
 * @allocator: The allocator dft_alloc() uses.  NULL picks the page_frag
 *	allocator when @frag_size fits in a page and kmalloc otherwise, as
 *	net/core/hwbm.c and most drivers do.
 */
struct dft_params {
	const char *name;
	struct device *dev;
	enum dma_data_direction dir;
	unsigned int frag_size;
	unsigned int dma_len;
	const struct dft_allocator *allocator;
};

/**
 * enum dft_misuse - The kinds of call a tracker rejects as a driver bug.
 * @DFT_MISUSE_UNKNOWN: A DMA address that is not tracked: never tracked, or
 *	freed, handed off or removed already (a double free).
 * @DFT_MISUSE_NOT_START: A DMA address inside a tracked buffer's index
 *	window that is not where the buffer starts.
 * @DFT_MISUSE_DUPLICATE: A DMA address tracked twice; with kmemleak, also
 *	a DFT_MEM_PAGE buffer tracked twice (under another DMA address, or by
 *	another tracker) or overlapping one tracked.
 * @DFT_MISUSE_RANGE: A DMA address that does not fit an xarray index.
 * @DFT_MISUSE_BAD_BUFFER: A NULL or misaligned buffer.
 * @DFT_MISUSE_ALLOCATORS: A fourth allocator in one tracker.
 * @DFT_MISUSE_NR: The number of kinds.
 */
enum dft_misuse {
	DFT_MISUSE_UNKNOWN,
	DFT_MISUSE_NOT_START,
	DFT_MISUSE_DUPLICATE,
	DFT_MISUSE_RANGE,
	DFT_MISUSE_BAD_BUFFER,
	DFT_MISUSE_ALLOCATORS,
	DFT_MISUSE_NR,
};

/**
 * struct dft_stats - A snapshot of a tracker's counters.
 * @out: Buffers tracked right now, per allocator slot.
 * @allocator: The allocator of each slot, NULL for an unused slot.
 * @total: Sum of @out.
 * @high_water: The largest @total seen since dft_create() by
 *	dft_get_stats() and by dft_alloc_bulk() calls whose gfp flags may
 *	sleep (a pool being filled), which add the CPUs' counts up once per
 *	call.  Other calls read no other CPU's count, a refill from NAPI
 *	included: a peak reached through them alone is seen by the next
 *	reader or filling bulk call while it lasts.
 * @misuse: Calls rejected because of a bad argument, the sum of
 *	@misuse_kind.
 * @misuse_kind: Rejected calls by kind, indexed by &enum dft_misuse.
 * @alloc_fail: Buffers dft_alloc() or dft_alloc_bulk() failed to allocate,
 *	map or track.
 *
 * Each CPU counts the buffers it tracks and untracks on its own, without a
 * lock or a shared cache line, and a bulk call counts its batch at once;
 * dft_get_stats() adds the CPUs' counts up.  A snapshot taken while other
 * calls run may be off by the buffers those calls are tracking or
 * untracking; with no call running the counters are exact.
 */
struct dft_stats {
	unsigned long out[DFT_MAX_ALLOCATORS];
	const struct dft_allocator *allocator[DFT_MAX_ALLOCATORS];
	unsigned long total;
	unsigned long high_water;
	unsigned long misuse;
	unsigned long misuse_kind[DFT_MISUSE_NR];
	unsigned long alloc_fail;
};

/**
 * struct dft_ref - A tracked buffer found once, by dft_peek().
 * @buf: The buffer.
 * @allocator: The allocator that made it: build_skb() for DFT_MEM_PAGE,
 *	slab_build_skb() for DFT_MEM_SLAB.
 *
 * dft_peek() fills it; dft_take() untracks and unmaps the buffer it names
 * without looking the DMA address up again.  A driver that gives the buffer
 * back to the device instead just drops the reference.  The other fields
 * are private to dma_frag_track.
 */
struct dft_ref {
	void *buf;
	const struct dft_allocator *allocator;
	/* private: */
	dma_addr_t dma;
	void **slot;
	void *entry;
	struct dft_over *over;
};

struct dma_frag_tracker *dft_create(const struct dft_params *params,
				    gfp_t gfp);
unsigned long dft_destroy(struct dma_frag_tracker *dft, bool quiesced);

void *dft_alloc(struct dma_frag_tracker *dft, gfp_t gfp, dma_addr_t *dma);
int dft_free(struct dma_frag_tracker *dft, dma_addr_t dma,
	     unsigned long attrs);
void *dft_lookup(struct dma_frag_tracker *dft, dma_addr_t dma);
void *dft_handoff(struct dma_frag_tracker *dft, dma_addr_t dma,
		  unsigned long attrs, const struct dft_allocator **allocator);

void *dft_peek(struct dma_frag_tracker *dft, dma_addr_t dma,
	       struct dft_ref *ref);
void *dft_take(struct dma_frag_tracker *dft, struct dft_ref *ref,
	       unsigned long attrs);

unsigned int dft_alloc_bulk(struct dma_frag_tracker *dft, gfp_t gfp,
			    unsigned int n, void **bufs, dma_addr_t *dma);
unsigned int dft_handoff_bulk(struct dma_frag_tracker *dft, unsigned int n,
			      const dma_addr_t *dma, unsigned long attrs,
			      void **bufs,
			      const struct dft_allocator **allocators);

int __must_check dft_add(struct dma_frag_tracker *dft, dma_addr_t dma,
			 void *buf, const struct dft_allocator *allocator,
			 gfp_t gfp);
void *dft_remove(struct dma_frag_tracker *dft, dma_addr_t dma,
		 const struct dft_allocator **allocator);

void dft_get_stats(struct dma_frag_tracker *dft, struct dft_stats *stats);
const char *dft_name(const struct dma_frag_tracker *dft);
const char *dft_misuse_name(enum dft_misuse kind);

#endif /* _LINUX_DMA_FRAG_TRACK_H */
