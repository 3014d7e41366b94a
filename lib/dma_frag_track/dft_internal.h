/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_frag_track internals shared by its files and its KUnit suites.
 */
#ifndef _LIB_DMA_FRAG_TRACK_INTERNAL_H
#define _LIB_DMA_FRAG_TRACK_INTERNAL_H

#include <linux/atomic.h>
#include <linux/dma_frag_track.h>
#include <linux/ratelimit_types.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct dentry;

/**
 * struct dma_frag_tracker - The books of one buffer pool.
 * @xa: DMA address >> @shift to tagged buffer pointer; its xa_lock, taken
 *	with softirqs disabled, serialises every change to the tracker.
 * @low: Same index to the low DMA address bits of the buffers that break
 *	the @delta rule.  Changed with its own xa_lock nested in @xa's.
 * @shift: ilog2(@frag_size).
 * @mask: BIT(@shift) - 1.
 * @delta: (dma - virt) & @mask of the first buffer tracked.
 * @delta_valid: @delta has been learned.  Protected by the xa_lock.
 * @side: @low is not empty.  Written under the xa_lock; read locklessly.
 * @dev: The device that maps.
 * @dir: DMA direction.
 * @frag_size: Allocation size of each buffer.
 * @dma_len: Mapped length of each buffer.
 * @allocator: The allocators this tracker has seen; slot 0 serves
 *	dft_alloc().  Slots are filled under the xa_lock, never cleared.
 * @out: Buffers tracked per allocator slot.  Protected by the xa_lock.
 * @total: Sum of @out.  Protected by the xa_lock.
 * @high_water: Highest @total.  Protected by the xa_lock.
 * @misuse: Rejected calls, by &enum dft_misuse.
 * @alloc_fail: Failed dft_alloc() calls.
 * @rs: Rate limit of this tracker's error messages, so that one noisy pool
 *	cannot hide another's report.
 * @name: Name of the pool.
 * @debugfs: Its file in debugfs, or NULL.
 */
struct dma_frag_tracker {
	struct xarray xa;
	struct xarray low;
	unsigned int shift;
	unsigned long mask;
	unsigned long delta;
	bool delta_valid;
	bool side;
	struct device *dev;
	enum dma_data_direction dir;
	unsigned int frag_size;
	unsigned int dma_len;
	const struct dft_allocator *allocator[DFT_MAX_ALLOCATORS];
	unsigned long out[DFT_MAX_ALLOCATORS];
	unsigned long total;
	unsigned long high_water;
	atomic_long_t misuse[DFT_MISUSE_NR];
	atomic_long_t alloc_fail;
	struct ratelimit_state rs;
	char name[32];
	struct dentry *debugfs;
};

/* Slots 0, 1 and 2 use tags 0, 1 and 3: tag 2 is the xarray's own. */
static inline unsigned int dft_slot_tag(unsigned int slot)
{
	return slot + (slot >> 1);
}

static inline unsigned int dft_tag_slot(unsigned int tag)
{
	return tag - (tag >> 1);
}

/* The low DMA address bits of the buffer at @key. Under RCU or xa_lock. */
static inline unsigned long dft_low(struct dma_frag_tracker *dft,
				    unsigned long key, const void *buf)
{
	if (unlikely(READ_ONCE(dft->side))) {
		void *low = xa_load(&dft->low, key);

		if (low)
			return xa_to_value(low);
	}
	return ((unsigned long)buf + dft->delta) & dft->mask;
}

#ifdef CONFIG_DEBUG_FS
void dft_debugfs_add(struct dma_frag_tracker *dft);
void dft_debugfs_remove(struct dma_frag_tracker *dft);
#else
static inline void dft_debugfs_add(struct dma_frag_tracker *dft) { }
static inline void dft_debugfs_remove(struct dma_frag_tracker *dft) { }
#endif

/* debugfs' list_buffers, which the KUnit suite sets with CONFIG_DEBUG_FS. */
#if IS_ENABLED(CONFIG_KUNIT)
extern bool dft_debugfs_list;
#endif

#if IS_ENABLED(CONFIG_KUNIT)
void dft_kmemleak_register(const void *buf, size_t size, gfp_t gfp);
void dft_kmemleak_unregister(const void *buf);
#endif

#endif /* _LIB_DMA_FRAG_TRACK_INTERNAL_H */
