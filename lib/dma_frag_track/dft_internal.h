/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_frag_track internals shared by its files and its KUnit suites.
 */
#ifndef _LIB_DMA_FRAG_TRACK_INTERNAL_H
#define _LIB_DMA_FRAG_TRACK_INTERNAL_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/cache.h>
#include <linux/dma_frag_track.h>
#include <linux/ratelimit_types.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue_types.h>
#include <linux/xarray.h>

struct dentry;
struct kmem_cache;

/*
 * A chunk covers 2^cbits index windows of DMA address space: a page_frag
 * cache's chunk of memory (32 KiB, or a page when pages are larger), at
 * most 64 windows.
 */
#define DFT_CHUNK_MAX_BITS	6

/* A slot of a chunk being freed: never a buffer, never claimed. */
#define DFT_SLOT_DEAD		((void *)2UL)

/*
 * struct dft_chunk - The slots of 2^cbits consecutive index windows.
 * @ckey: Its index in the tracker's xarray, which the cache checks.
 * @slot: Per window, the tagged buffer pointer, NULL or %DFT_SLOT_DEAD.
 *	Claimed with cmpxchg() from NULL, cleared with cmpxchg() to NULL.
 *
 * No rcu_head: the chunks one reclaim takes out of the xarray are freed
 * together, after the lockless readers that may still see them, through
 * a &struct dft_grave.
 */
struct dft_chunk {
	unsigned long ckey;
	void *slot[];
};

/*
 * struct dft_grave - Chunks reclaimed together, to free after a grace period.
 * @rcu: Frees them after the lockless readers that may still see them.
 * @cache: The kmem_cache they came from.
 * @n: How many @chunk holds.
 * @chunk: The chunks.
 */
struct dft_grave {
	struct rcu_head rcu;
	struct kmem_cache *cache;
	unsigned int n;
	struct dft_chunk *chunk[];
};

/*
 * struct dft_over - A buffer of the overflow: its DMA address does not
 *	follow its virtual address, or another buffer holds its window.
 * @rcu: Frees it after the lockless readers that may still see it.
 * @dma: The buffer's DMA address.
 * @entry: The tagged buffer pointer, as a chunk's slot would hold it.
 */
struct dft_over {
	struct rcu_head rcu;
	dma_addr_t dma;
	void *entry;
};

/* Entries of a tracker's chunk cache: at first, and at most. */
#define DFT_CACHE_MIN		64
#define DFT_CACHE_MAX		BIT(16)

/*
 * struct dft_cache - A direct-mapped cache of chunks, in front of the xarray.
 * @rcu: Frees a cache replaced by a larger one after its readers.
 * @mask: Its number of entries, a power of two, minus one.
 * @chunk: Entry ckey & @mask: a chunk whose @ckey may be that one, or NULL.
 *	Written only under the xarray's lock: a chunk leaves it before it is
 *	freed, so that a reader under RCU may follow any pointer it finds.
 */
struct dft_cache {
	struct rcu_head rcu;
	unsigned long mask;
	struct dft_chunk *chunk[];
};

/*
 * The context levels of interrupt_context_level() (task, softirq, hardirq,
 * NMI): a CPU keeps a count per level.
 */
#define DFT_CTX_LEVELS		4

/*
 * struct dft_pcpu - A CPU's share of a tracker's counts, per context level,
 *	and its chunk hint.
 * @out: Buffers counted in and out, per context level and allocator slot.
 * @hint: The chunk this CPU found last, or NULL.  Written with preemption
 *	off by its CPU; cleared by dft_reclaim() before the chunk is freed.
 */
struct dft_pcpu {
	long out[DFT_CTX_LEVELS][DFT_MAX_ALLOCATORS];
	struct dft_chunk *hint;
};

/**
 * struct dma_frag_tracker - The books of one buffer pool.
 * @xa: DMA address >> (@shift + @cbits) to &struct dft_chunk, the index of
 *	record.  Its xa_lock, taken with softirqs disabled, serialises the
 *	slow path: adding and freeing chunks, writing @cache.  Buffers are
 *	claimed and released in their chunks' slots without it.
 * @cache: The chunks most recently added, found without walking @xa.
 * @shift: ilog2(@frag_size): a buffer's window is dma >> @shift.
 * @cbits: log2 of the slots per chunk.
 * @mask: BIT(@shift) - 1.
 * @delta: (dma - virt) & @mask of the first buffer tracked, or
 *	%DFT_DELTA_UNSET.  Set once with cmpxchg(), read locklessly.
 * @dev: The device that maps.
 * @dir: DMA direction.
 * @frag_size: Allocation size of each buffer.
 * @dma_len: Mapped length of each buffer.
 * @allocator: The allocators this tracker has seen; slot 0 serves
 *	dft_alloc().  Slots are filled under the xa_lock, never cleared.
 * @name: Name of the pool.
 * @debugfs: Its file in debugfs, or NULL.
 * @debugfs_ref: What the file keeps of the tracker: a pointer to it, in a
 *	block kmemleak does not scan.
 * @over: dma >> @oshift to the &struct dft_over of each buffer that
 *	breaks the @delta rule or whose window another buffer holds:
 *	distinct live mappings never overlap, so no two share this key.  Its
 *	own lock, taken with softirqs disabled, never nested in another.
 * @oshift: ilog2(@dma_len).
 * @over_any: @over is not empty.  Written under @over's lock; read
 *	locklessly.
 * @nr_chunks: Chunks in @xa.  Protected by @xa's lock.
 * @reclaim_at: Free the empty chunks when @nr_chunks exceeds this.
 *	Protected by @xa's lock.
 * @grow: Replaces @cache by a larger one when chunks outnumber half its
 *	entries.
 * @pcpu: Buffers tracked per allocator slot, counted on the CPU that
 *	tracked or untracked them, in the context level it did, once they
 *	are: the sum over CPUs and levels is exact when no call runs.
 * @high_water: Highest sum seen by dft_get_stats() or a dft_alloc_bulk()
 *	that may sleep.
 * @misuse: Rejected calls, by &enum dft_misuse.
 * @alloc_fail: Buffers dft_alloc() and dft_alloc_bulk() failed to allocate,
 *	map or track.
 * @rs: Rate limit of this tracker's error messages, so that one noisy pool
 *	cannot hide another's report.
 */
struct dma_frag_tracker {
	struct xarray xa;
	struct dft_cache __rcu *cache;
	unsigned int shift;
	unsigned int cbits;
	unsigned long mask;
	unsigned long delta;
	struct device *dev;
	enum dma_data_direction dir;
	unsigned int frag_size;
	unsigned int dma_len;
	const struct dft_allocator *allocator[DFT_MAX_ALLOCATORS];
	char name[32];
	struct dentry *debugfs;
	struct dma_frag_tracker **debugfs_ref;
	struct xarray over;
	unsigned int oshift;
	bool over_any;
	unsigned long nr_chunks;
	unsigned long reclaim_at;
	struct work_struct grow;

	struct dft_pcpu __percpu *pcpu;
	/* Written when buffers are tracked: away from what lookups read. */
	atomic_long_t high_water ____cacheline_aligned_in_smp;
	atomic_long_t misuse[DFT_MISUSE_NR];
	atomic_long_t alloc_fail;
	struct ratelimit_state rs;
};

#define DFT_DELTA_UNSET		ULONG_MAX

/* Slots 0, 1 and 2 use tags 0, 1 and 3, as they did in xarray entries. */
static inline unsigned int dft_slot_tag(unsigned int slot)
{
	return slot + (slot >> 1);
}

static inline unsigned int dft_tag_slot(unsigned int tag)
{
	return tag - (tag >> 1);
}

static inline bool dft_entry_is_buf(const void *entry)
{
	return entry && entry != DFT_SLOT_DEAD;
}

/* The chunk index of window @key, and the slot in the chunk. */
static inline unsigned long dft_ckey(const struct dma_frag_tracker *dft,
				     unsigned long key)
{
	return key >> dft->cbits;
}

static inline unsigned int dft_cslot(const struct dma_frag_tracker *dft,
				     unsigned long key)
{
	return key & (BIT(dft->cbits) - 1);
}

/*
 * The low DMA address bits of @buf, a buffer in a window's slot: only
 * buffers whose address follows the @delta rule are ever there.
 */
static inline unsigned long dft_low(const struct dma_frag_tracker *dft,
				    const void *buf)
{
	return ((unsigned long)buf + READ_ONCE(dft->delta)) & dft->mask;
}

/*
 * The next tracked buffer at window @*key or after, under RCU; sets @*key
 * to its window.  Returns its tagged entry, or NULL past the last one or
 * @max.
 */
void *dft_find_after(struct dma_frag_tracker *dft, unsigned long *key,
		     unsigned long max);

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

#if IS_ENABLED(CONFIG_DMA_FRAG_TRACK_KUNIT_TEST)
void dft_kmemleak_register(const void *buf, size_t size, gfp_t gfp);
void dft_kmemleak_unregister(const void *buf);
#endif

#if IS_ENABLED(CONFIG_KUNIT)
bool dft_chunk_cache_is(const struct kmem_cache *s);
#endif

#endif /* _LIB_DMA_FRAG_TRACK_INTERNAL_H */
