// SPDX-License-Identifier: GPL-2.0
/*
 * dma_frag_track: map the DMA addresses of buffers held by hardware back to
 * the buffers, their allocators and kmemleak.
 *
 * A buffer's index is its window, dma >> ilog2(frag_size), and the slot of
 * its window holds its virtual address: the low bits of the DMA address are
 * not stored.  With a linear DMA mapping they follow from the virtual
 * address, (dma - virt) modulo the window size being the same for every
 * buffer, learned from the first one; and fragments do not overlap, so
 * with dma-direct each buffer has a window of its own.
 *
 * A mapping may break either rule: bounce buffers and IOMMUs place a
 * buffer at an address that does not follow its virtual address, and may
 * place two live buffers in one window (swiotlb's 2 KiB slots, an IOMMU's
 * granule).  Such a buffer is kept in an overflow xarray instead, with its
 * whole DMA address, keyed by dma >> ilog2(dma_len): distinct live mappings
 * never overlap in DMA address space, so their starts are at least dma_len
 * apart and that key is theirs alone.  A window's slot thus only ever holds
 * a buffer that follows both rules, and matches no address but its own.
 * What the slot does not hold, a lookup seeks in the overflow, only while
 * the overflow holds any buffer.
 *
 * The index of record is an xarray of chunks: each covers the windows of
 * one page_frag cache chunk of DMA address space (32 KiB, at most 64
 * windows) and holds a slot per window, the buffer's virtual address with
 * the allocator's slot in its two tag bits, which kmemleak still takes as a
 * reference to the buffer.  The xarray changes only when a chunk is added
 * or freed, as page_pool's changes only when a page is mapped or unmapped.
 * Tracking or untracking a buffer is one RCU walk to its chunk and one
 * cmpxchg() on its slot, with no lock; a batch walks once per chunk.  Empty
 * chunks stay until they are a quarter of all chunks, then are freed under
 * the xarray's lock, their slots first marked dead so that nothing claims
 * them, after an RCU grace period.
 */

#define pr_fmt(fmt) "dma_frag_track: " fmt

#include <linux/atomic.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/export.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/kmemleak.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include "dft_internal.h"

#define CREATE_TRACE_POINTS
#include <trace/events/dma_frag_track.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(dft_track);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_handoff);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_remove);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_free);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_reclaim);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_misuse);

#define DFT_MIN_FRAG	64

static void *dft_page_frag_alloc(unsigned int size, gfp_t gfp)
{
	/* The per-CPU netdev frag cache always allocates atomically. */
	return netdev_alloc_frag(size);
}

static void dft_page_frag_free(void *buf, unsigned int size)
{
	skb_free_frag(buf);
}

static void *dft_kmalloc_alloc(unsigned int size, gfp_t gfp)
{
	return kmalloc(size, gfp);
}

static void dft_kmalloc_free(void *buf, unsigned int size)
{
	kfree(buf);
}

const struct dft_allocator dft_page_frag_allocator = {
	.name	= "page_frag",
	.alloc	= dft_page_frag_alloc,
	.free	= dft_page_frag_free,
	.mem	= DFT_MEM_PAGE,
};
EXPORT_SYMBOL_GPL(dft_page_frag_allocator);

const struct dft_allocator dft_kmalloc_allocator = {
	.name	= "kmalloc",
	.alloc	= dft_kmalloc_alloc,
	.free	= dft_kmalloc_free,
	.mem	= DFT_MEM_SLAB,
};
EXPORT_SYMBOL_GPL(dft_kmalloc_allocator);

/*
 * kmemleak hooks for DFT_MEM_PAGE buffers.  They compile to nothing without
 * CONFIG_DEBUG_KMEMLEAK, unless the library's KUnit suite is built: it
 * replaces them to see what the tracker registers.  Only then are they
 * functions of their own, with a static stub's check on every buffer.
 */
static inline void __dft_kmemleak_register(const void *buf, size_t size,
					   gfp_t gfp)
{
	/* A reference from the tracker's chunk keeps it from being a leak. */
	kmemleak_alloc(buf, size, 1, gfp);
	/* The device writes packet data into it: nothing to scan. */
	kmemleak_no_scan(buf);
}

static inline void __dft_kmemleak_unregister(const void *buf)
{
	kmemleak_free(buf);
}

#if IS_ENABLED(CONFIG_DMA_FRAG_TRACK_KUNIT_TEST)
void dft_kmemleak_register(const void *buf, size_t size, gfp_t gfp)
{
	KUNIT_STATIC_STUB_REDIRECT(dft_kmemleak_register, buf, size, gfp);
	__dft_kmemleak_register(buf, size, gfp);
}
EXPORT_SYMBOL_IF_KUNIT(dft_kmemleak_register);

void dft_kmemleak_unregister(const void *buf)
{
	KUNIT_STATIC_STUB_REDIRECT(dft_kmemleak_unregister, buf);
	__dft_kmemleak_unregister(buf);
}
EXPORT_SYMBOL_IF_KUNIT(dft_kmemleak_unregister);
#else
#define dft_kmemleak_register	__dft_kmemleak_register
#define dft_kmemleak_unregister	__dft_kmemleak_unregister
#endif

#ifdef CONFIG_DEBUG_KMEMLEAK
/*
 * Every DFT_MEM_PAGE buffer registered with kmemleak, by any tracker.  A
 * buffer registered twice (tracked again under another DMA address, or by
 * another tracker) would overlap its first kmemleak object, and kmemleak
 * switches itself off for the whole system when an object overlaps.  So a
 * buffer is held here, as a range of addresses, before it is tracked, and
 * one that overlaps a held range is refused.  Only with kmemleak, whose own
 * object per buffer costs more than this.
 *
 * The index checks overlaps, it owns neither the buffers nor their
 * trackers: it keeps their addresses complemented, which kmemleak's scan
 * does not take for references, so that the buffers of a tracker its
 * driver lost are still reported as leaks.
 */
struct dft_held {
	struct rb_node node;
	unsigned long nstart;
	unsigned long nend;
	unsigned long ndft;
};

static inline unsigned long dft_held_start(const struct dft_held *h)
{
	return ~h->nstart;
}

static inline unsigned long dft_held_end(const struct dft_held *h)
{
	return ~h->nend;
}

static struct rb_root dft_held_root = RB_ROOT;
static DEFINE_SPINLOCK(dft_held_lock);

/*
 * Hold @buf for @dft.  Returns 0, -ENOMEM, or -EBUSY with the name of the
 * tracker already holding a buffer that overlaps it in @owner.
 */
static int dft_hold(struct dma_frag_tracker *dft, const void *buf, gfp_t gfp,
		    char *owner, size_t len)
{
	struct rb_node **link = &dft_held_root.rb_node, *parent = NULL;
	struct dft_held *h, *new;

	new = kmalloc(sizeof(*new), gfp);
	if (!new)
		return -ENOMEM;
	new->nstart = ~(unsigned long)buf;
	new->nend = ~((unsigned long)buf + dft->frag_size);
	new->ndft = ~(unsigned long)dft;

	spin_lock_bh(&dft_held_lock);
	while (*link) {
		parent = *link;
		h = rb_entry(parent, struct dft_held, node);
		if (dft_held_end(new) <= dft_held_start(h)) {
			link = &parent->rb_left;
		} else if (dft_held_start(new) >= dft_held_end(h)) {
			link = &parent->rb_right;
		} else {
			/* The owner cannot go away while its range is here. */
			strscpy(owner, ((struct dma_frag_tracker *)~h->ndft)->name,
				len);
			spin_unlock_bh(&dft_held_lock);
			kfree(new);
			return -EBUSY;
		}
	}
	rb_link_node(&new->node, parent, link);
	rb_insert_color(&new->node, &dft_held_root);
	spin_unlock_bh(&dft_held_lock);
	return 0;
}

static void dft_unhold(const void *buf)
{
	struct rb_node *n;
	struct dft_held *h = NULL;

	spin_lock_bh(&dft_held_lock);
	n = dft_held_root.rb_node;
	while (n) {
		h = rb_entry(n, struct dft_held, node);
		if ((unsigned long)buf < dft_held_start(h))
			n = n->rb_left;
		else if ((unsigned long)buf >= dft_held_end(h))
			n = n->rb_right;
		else
			break;
	}
	if (n && dft_held_start(h) == (unsigned long)buf)
		rb_erase(n, &dft_held_root);
	else
		h = NULL;
	spin_unlock_bh(&dft_held_lock);
	WARN_ON_ONCE(!h);
	kfree(h);
}
#else
static inline int dft_hold(struct dma_frag_tracker *dft, const void *buf,
			   gfp_t gfp, char *owner, size_t len)
{
	return 0;
}

static inline void dft_unhold(const void *buf) { }
#endif

/* Whether tracking a buffer of @a registers it with kmemleak. */
static inline bool dft_kmemleak_held(const struct dft_allocator *a)
{
	return IS_ENABLED(CONFIG_DEBUG_KMEMLEAK) && a->mem == DFT_MEM_PAGE;
}

static const char * const dft_misuse_names[DFT_MISUSE_NR] = {
	[DFT_MISUSE_UNKNOWN]	= "unknown",
	[DFT_MISUSE_NOT_START]	= "not_start",
	[DFT_MISUSE_DUPLICATE]	= "duplicate",
	[DFT_MISUSE_RANGE]	= "range",
	[DFT_MISUSE_BAD_BUFFER]	= "bad_buffer",
	[DFT_MISUSE_ALLOCATORS]	= "allocators",
};

/**
 * dft_misuse_name() - The short name of a kind of misuse.
 * @kind: The kind.
 *
 * Context: Any context.
 * Return: A short name for @kind, or "?" if it is out of range.
 */
const char *dft_misuse_name(enum dft_misuse kind)
{
	return (unsigned int)kind < DFT_MISUSE_NR ? dft_misuse_names[kind] : "?";
}
EXPORT_SYMBOL_GPL(dft_misuse_name);

static __printf(6, 7) void dft_misuse(struct dma_frag_tracker *dft,
				      dma_addr_t dma, enum dft_misuse kind,
				      const struct dft_allocator *a,
				      unsigned long ip, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic_long_inc(&dft->misuse[kind]);
	trace_dft_misuse(dft, dma, kind, a, ip);
	if (!__ratelimit(&dft->rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_err(dft->dev, "dma_frag_track: %s: DMA address %pad: %pV (caller %pS)\n",
		dft->name, &dma, &vaf, (void *)ip);
	va_end(args);
}

/* Below this many chunks, empty ones are never freed. */
#define DFT_RECLAIM_MIN	16

static const char * const dft_chunk_names[DFT_CHUNK_MAX_BITS + 1] = {
	"dft_chunk-1", "dft_chunk-2", "dft_chunk-4", "dft_chunk-8",
	"dft_chunk-16", "dft_chunk-32", "dft_chunk-64",
};

/* A cache per chunk size: a 64-slot chunk is 520 bytes, not kmalloc's 1K. */
static struct kmem_cache *dft_chunk_cache[DFT_CHUNK_MAX_BITS + 1];

/* The cursor of a walk: the last chunk looked up, under RCU. */
struct dft_cursor {
	unsigned long ckey;
	struct dft_chunk *chunk;
};

/* No chunk index is ULONG_MAX: it is a DMA address shifted right. */
#define DFT_CURSOR_INIT	{ .ckey = ULONG_MAX }

/*
 * Make @c this CPU's chunk hint, unless dft_reclaim() is freeing it: it
 * marks a chunk's slots dead, then clears every hint to it, then frees it
 * after a grace period.  Either it sees the hint set here and clears it,
 * or this sees the chunk dead (both sides order the two with a full
 * barrier) and clears it, before the caller's RCU read-side section ends.
 * Preemption off.
 */
static noinline void dft_hint_set(struct dft_chunk **hint, struct dft_chunk *c)
{
	WRITE_ONCE(*hint, c);
	/* Pairs with the cmpxchg()es of dft_reclaim(): dead mark, hint. */
	smp_mb();
	if (READ_ONCE(c->slot[0]) == DFT_SLOT_DEAD)
		cmpxchg(hint, c, NULL);
}

/*
 * The chunk at @ckey, or NULL: the one this CPU found last, else from the
 * cache, else from the xarray.  Under RCU.  Buffers refilled or handed off
 * one after another are mostly in one chunk: the hint spares those calls
 * the cache's line.  Only this CPU writes its hint, with preemption off: a
 * softirq that comes in between may replace it, with a chunk as live.
 */
static inline struct dft_chunk *dft_chunk_find(struct dma_frag_tracker *dft,
					       unsigned long ckey)
{
	struct dft_chunk **hint, *c;
	struct dft_cache *cache;

	preempt_disable();
	hint = this_cpu_ptr(&dft->pcpu->hint);
	/* Loads through @c depend on it, as on the cache's entries. */
	c = READ_ONCE(*hint);
	if (likely(c && c->ckey == ckey))
		goto out;
	cache = rcu_dereference(dft->cache);
	/* Loads through @c depend on it: ordered after the release. */
	c = READ_ONCE(cache->chunk[ckey & cache->mask]);
	if (unlikely(!c || c->ckey != ckey))
		c = xa_load(&dft->xa, ckey);
	if (c)
		dft_hint_set(hint, c);
out:
	preempt_enable();
	return c;
}

static inline struct dft_cache *dft_cache_locked(struct dma_frag_tracker *dft)
{
	return rcu_dereference_protected(dft->cache,
					 lockdep_is_held(&dft->xa.xa_lock));
}

/*
 * Replace the cache by one with at least twice as many entries as chunks,
 * filled from the xarray.  From a work item: a large cache is vmalloc()ed.
 */
static void dft_cache_grow(struct work_struct *work)
{
	struct dma_frag_tracker *dft = container_of(work, typeof(*dft), grow);
	struct dft_cache *new, *old;
	unsigned long size, index;
	struct dft_chunk *c;

	size = roundup_pow_of_two(2 * READ_ONCE(dft->nr_chunks));
	size = clamp(size, (unsigned long)DFT_CACHE_MIN, DFT_CACHE_MAX);
	new = kvzalloc(struct_size(new, chunk, size), GFP_KERNEL);
	if (!new)
		return;
	new->mask = size - 1;
	xa_lock_bh(&dft->xa);
	old = dft_cache_locked(dft);
	if (size > old->mask + 1) {
		xa_for_each(&dft->xa, index, c)
			new->chunk[index & new->mask] = c;
		rcu_assign_pointer(dft->cache, new);
		new = old;
	}
	xa_unlock_bh(&dft->xa);
	kvfree_rcu(new, rcu);
}

static inline bool dft_key_fits(const struct dma_frag_tracker *dft,
				dma_addr_t dma)
{
	return (dma >> dft->shift) <= ULONG_MAX;
}

static void dft_release(struct dma_frag_tracker *dft,
			const struct dft_allocator *a, void *buf)
{
	if (a->mem == DFT_MEM_PAGE) {
		dft_kmemleak_unregister(buf);
		if (dft_kmemleak_held(a))
			dft_unhold(buf);
	}
}

static inline const struct dft_allocator *
dft_entry_allocator(const struct dma_frag_tracker *dft, const void *entry)
{
	return dft->allocator[dft_tag_slot(xa_pointer_tag((void *)entry))];
}

/* Find a slot for @a, adding it if there is room. Takes the xa_lock. */
static int dft_slot(struct dma_frag_tracker *dft, const struct dft_allocator *a)
{
	int slot, ret = -ENOSPC;

	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++)
		if (READ_ONCE(dft->allocator[slot]) == a)
			return slot;

	xa_lock_bh(&dft->xa);
	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++) {
		if (!dft->allocator[slot])
			WRITE_ONCE(dft->allocator[slot], a);
		if (dft->allocator[slot] == a) {
			ret = slot;
			break;
		}
	}
	xa_unlock_bh(&dft->xa);
	return ret;
}

/* (dma - virt) & mask, learned from the first buffer tracked. */
static inline unsigned long dft_delta(struct dma_frag_tracker *dft,
				      dma_addr_t dma, const void *buf)
{
	unsigned long d = READ_ONCE(dft->delta), learned;

	if (unlikely(d == DFT_DELTA_UNSET)) {
		learned = (dma - (unsigned long)buf) & dft->mask;
		d = cmpxchg(&dft->delta, DFT_DELTA_UNSET, learned);
		if (d == DFT_DELTA_UNSET)
			d = learned;
	}
	return d;
}

/* The buffers tracked, per allocator slot in @out if not NULL. */
static long dft_sum(struct dma_frag_tracker *dft, long *out)
{
	long sum[DFT_MAX_ALLOCATORS] = {}, total = 0;
	unsigned int slot, level;
	struct dft_pcpu *p;
	int cpu;

	for_each_possible_cpu(cpu) {
		p = per_cpu_ptr(dft->pcpu, cpu);
		for (level = 0; level < DFT_CTX_LEVELS; level++)
			for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++)
				sum[slot] += READ_ONCE(p->out[level][slot]);
	}
	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++) {
		if (out)
			out[slot] = sum[slot];
		total += sum[slot];
	}
	return total;
}

/* Raise the high-water mark to @total if it is higher. */
static void dft_high_water(struct dma_frag_tracker *dft, long total)
{
	long hw = atomic_long_read(&dft->high_water);

	while (total > hw &&
	       !atomic_long_try_cmpxchg(&dft->high_water, &hw, total))
		;
}

/*
 * Add @n to the CPU's count of allocator slot @slot.  Each context level
 * has a count of its own, so that an interrupt or a softirq that comes in
 * the middle of an update updates another one, and preemption is off, so
 * that no other task (PREEMPT_RT's softirq threads included) does: a plain
 * add, where this_cpu_add() is an atomic on arm64 and masks interrupts in
 * the generic code (UML).  Readers on other CPUs sum the counts with
 * READ_ONCE().
 */
static __always_inline void dft_count(struct dma_frag_tracker *dft,
				      unsigned int slot, long n)
{
	long *p;

	preempt_disable();
	p = this_cpu_ptr(&dft->pcpu->out[interrupt_context_level()][slot]);
	WRITE_ONCE(*p, *p + n);
	preempt_enable();
}

/*
 * Claim slot @i of chunk @c for @entry.  Returns 0, -EBUSY if a buffer
 * holds it, or -EAGAIN if there is no chunk or it is being freed: the slow
 * path's to resolve under the lock.
 */
static inline int dft_claim(struct dft_chunk *c, unsigned int i, void *entry)
{
	void *old;

	if (unlikely(!c))
		return -EAGAIN;
	old = cmpxchg(&c->slot[i], NULL, entry);
	if (likely(!old))
		return 0;
	return old == DFT_SLOT_DEAD ? -EAGAIN : -EBUSY;
}

/* Whether no buffer uses chunk @c of @n slots. */
static bool dft_chunk_unused(const struct dft_chunk *c, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (READ_ONCE(c->slot[i]))
			return false;
	return true;
}

/*
 * The chunks a grave holds.  A grave is 4 KiB whatever it will hold, as it
 * lives only for a grace period; a large reclaim fills several.
 */
#define DFT_GRAVE_MAX	((SZ_4K - sizeof(struct dft_grave)) / \
			 sizeof(struct dft_chunk *))

static void dft_grave_free(struct rcu_head *rcu)
{
	struct dft_grave *g = container_of(rcu, struct dft_grave, rcu);
	unsigned int i;

	for (i = 0; i < g->n; i++)
		kmem_cache_free(g->cache, g->chunk[i]);
	kfree(g);
}

static void dft_grave_close(struct dft_grave *g)
{
	if (g && g->n)
		call_rcu(&g->rcu, dft_grave_free);
	else
		kfree(g);
}

/*
 * Free the chunks no buffer uses.  Each is emptied for good by marking its
 * slots dead, which a concurrent lockless claim cannot race with: it either
 * claimed a slot first, and the chunk stays, or finds it dead and takes the
 * lock, which is held until the chunk has left the xarray.  Readers under
 * RCU may still look at it: it is freed after a grace period, with the
 * others of its &struct dft_grave.  Without memory for one (GFP_ATOMIC:
 * under the lock), the rest stay, and the next chunk added tries again.
 */
static void dft_reclaim(struct dma_frag_tracker *dft)
{
	struct dft_cache *cache = dft_cache_locked(dft);
	unsigned int i, n = BIT(dft->cbits);
	XA_STATE(xas, &dft->xa, 0);
	struct dft_grave *g = NULL;
	struct dft_chunk *c;
	int cpu;

	xas_for_each(&xas, c, ULONG_MAX) {
		if (!dft_chunk_unused(c, n))
			continue;
		if (!g) {
			g = kmalloc(SZ_4K, GFP_ATOMIC | __GFP_NOWARN);
			/* The next chunk added tries again. */
			if (!g)
				return;
			g->cache = dft_chunk_cache[dft->cbits];
			g->n = 0;
		}
		for (i = 0; i < n; i++)
			if (cmpxchg(&c->slot[i], NULL, DFT_SLOT_DEAD))
				break;
		if (i < n) {
			/* Claimed meanwhile: give back what was marked. */
			while (i--)
				WRITE_ONCE(c->slot[i], NULL);
			continue;
		}
		xas_store(&xas, NULL);
		if (cache->chunk[c->ckey & cache->mask] == c)
			WRITE_ONCE(cache->chunk[c->ckey & cache->mask], NULL);
		/* Read after the slots' full barriers: see dft_hint_set(). */
		for_each_possible_cpu(cpu) {
			struct dft_chunk **hint = &per_cpu_ptr(dft->pcpu, cpu)->hint;

			if (READ_ONCE(*hint) == c)
				cmpxchg(hint, c, NULL);
		}
		WRITE_ONCE(dft->nr_chunks, dft->nr_chunks - 1);
		g->chunk[g->n++] = c;
		if (g->n == DFT_GRAVE_MAX) {
			dft_grave_close(g);
			g = NULL;
		}
	}
	dft_grave_close(g);
	dft->reclaim_at = max(dft->nr_chunks + dft->nr_chunks / 4,
			      (unsigned long)DFT_RECLAIM_MIN);
}

/*
 * The slow path of a claim: under the lock, add the chunk of window @key if
 * it has none, then claim the slot.  The chunk is allocated with @gfp
 * before the lock is taken.
 */
static int dft_claim_slow(struct dma_frag_tracker *dft, unsigned long key,
			  void *entry, gfp_t gfp)
{
	unsigned long ckey = dft_ckey(dft, key);
	struct dft_chunk *c, *new = NULL;
	bool added = false;
	int err;

	for (;;) {
		xa_lock_bh(&dft->xa);
		c = xa_load(&dft->xa, ckey);
		if (c || new)
			break;
		xa_unlock_bh(&dft->xa);
		new = kmem_cache_zalloc(dft_chunk_cache[dft->cbits], gfp);
		if (!new)
			return -ENOMEM;
		new->ckey = ckey;
	}
	if (!c) {
		/* With a blocking @gfp this may drop the lock: recheck. */
		err = __xa_insert(&dft->xa, ckey, new, gfp);
		if (err == -EBUSY) {
			c = xa_load(&dft->xa, ckey);
		} else if (!err) {
			c = new;
			new = NULL;
			added = true;
			WRITE_ONCE(dft->nr_chunks, dft->nr_chunks + 1);
		}
	}
	if (c) {
		struct dft_cache *cache = dft_cache_locked(dft);

		/*
		 * The newest chunk wins its cache entry.  A release, as the
		 * xarray's own store is: a reader that finds the chunk here
		 * (through a dependent load) sees its ckey and zeroed slots.
		 */
		smp_store_release(&cache->chunk[ckey & cache->mask], c);
		if (added && dft->nr_chunks > (cache->mask + 1) / 2 &&
		    cache->mask + 1 < DFT_CACHE_MAX)
			schedule_work(&dft->grow);
	}
	/* Under the lock a chunk in the xarray has no dead slot. */
	err = c ? dft_claim(c, dft_cslot(dft, key), entry) : -ENOMEM;
	if (WARN_ON_ONCE(err == -EAGAIN))
		err = -EBUSY;
	if (added && dft->nr_chunks > dft->reclaim_at)
		dft_reclaim(dft);
	xa_unlock_bh(&dft->xa);
	if (new)
		kmem_cache_free(dft_chunk_cache[dft->cbits], new);
	return err;
}

/* The tagged entry in window @key's slot, or NULL.  Under RCU. */
static void *dft_entry(struct dma_frag_tracker *dft, unsigned long key)
{
	struct dft_chunk *c = dft_chunk_find(dft, dft_ckey(dft, key));
	void *entry = c ? READ_ONCE(c->slot[dft_cslot(dft, key)]) : NULL;

	return dft_entry_is_buf(entry) ? entry : NULL;
}

/* The overflow's key of @dma, or ULONG_MAX if it has none. */
static inline unsigned long dft_okey(const struct dma_frag_tracker *dft,
				     dma_addr_t dma)
{
	return (dma >> dft->oshift) < ULONG_MAX ? dma >> dft->oshift :
						  ULONG_MAX;
}

/*
 * The overflow's buffer at @dma's key, or NULL: the buffer at @dma if its
 * dma is @dma, else one @dma is inside.  Under RCU.
 */
static struct dft_over *dft_over_at(struct dma_frag_tracker *dft,
				    dma_addr_t dma)
{
	unsigned long okey = dft_okey(dft, dma);

	if (likely(!READ_ONCE(dft->over_any)) || okey == ULONG_MAX)
		return NULL;
	return xa_load(&dft->over, okey);
}

/* The entry of the buffer tracked at exactly @dma, or NULL.  Under RCU. */
static void *dft_entry_at(struct dma_frag_tracker *dft, dma_addr_t dma)
{
	unsigned long key = dma >> dft->shift;
	void *entry = dft_entry(dft, key);
	struct dft_over *o;

	if (entry && dft_low(dft, xa_untag_pointer(entry)) ==
		     (dma & dft->mask))
		return entry;
	o = dft_over_at(dft, dma);
	return o && o->dma == dma ? o->entry : NULL;
}

/* @dma is tracked already, with entry @old: name its allocator. */
static void dft_duplicate(struct dma_frag_tracker *dft, dma_addr_t dma,
			  const void *old, unsigned long ip)
{
	const struct dft_allocator *a = dft_entry_allocator(dft, old);

	dft_misuse(dft, dma, DFT_MISUSE_DUPLICATE, a, ip,
		   "already tracked (%s)", a->name);
}

/*
 * Track @entry at @dma in the overflow.  Returns 0, -ENOMEM, -ERANGE, or
 * -EBUSY if @dma is there already.
 */
static int dft_over_add(struct dma_frag_tracker *dft, dma_addr_t dma,
			void *entry, gfp_t gfp)
{
	unsigned long okey = dft_okey(dft, dma);
	struct dft_over *o;
	int err;

	if (okey == ULONG_MAX)
		return -ERANGE;
	o = kmalloc(sizeof(*o), gfp);
	if (!o)
		return -ENOMEM;
	o->dma = dma;
	o->entry = entry;
	xa_lock_bh(&dft->over);
	err = __xa_insert(&dft->over, okey, o, gfp);
	if (!err)
		WRITE_ONCE(dft->over_any, true);
	xa_unlock_bh(&dft->over);
	if (err)
		kfree(o);
	return err;
}

/* Untrack @o.  -ENOENT if another caller untracked it meanwhile. */
static int dft_over_del(struct dma_frag_tracker *dft, struct dft_over *o)
{
	void *old;

	xa_lock_bh(&dft->over);
	old = __xa_cmpxchg(&dft->over, dft_okey(dft, o->dma), o, NULL, 0);
	if (xa_empty(&dft->over))
		WRITE_ONCE(dft->over_any, false);
	xa_unlock_bh(&dft->over);
	if (old != o)
		return -ENOENT;
	kfree_rcu(o, rcu);
	return 0;
}

/*
 * Track @buf at @dma with allocator slot @slot: in its window's slot, or in
 * the overflow if its address does not follow the rule or another buffer
 * holds the window.  Called under RCU, which it drops around what may sleep
 * with @gfp: the slow path and the overflow.  @cur caches the last chunk
 * of a batch.  Counting and the kmemleak and trace hooks are the caller's,
 * once the buffer is tracked.
 */
static int dft_track(struct dma_frag_tracker *dft, struct dft_cursor *cur,
		     dma_addr_t dma, void *buf, unsigned int slot, gfp_t gfp,
		     unsigned long ip)
	__must_hold(RCU)
{
	const struct dft_allocator *a = dft->allocator[slot];
	void *entry = xa_tag_pointer(buf, dft_slot_tag(slot));
	unsigned long key, ckey;
	void *old;
	int err;

	if (unlikely(!dft_key_fits(dft, dma))) {
		dft_misuse(dft, dma, DFT_MISUSE_RANGE, a, ip,
			   "does not fit an xarray index");
		return -ERANGE;
	}
	if (unlikely(!buf || ((unsigned long)buf & 3))) {
		dft_misuse(dft, dma, DFT_MISUSE_BAD_BUFFER, a, ip,
			   "buffer %p is not 4-byte aligned", buf);
		return -EINVAL;
	}
	if (dft_kmemleak_held(a)) {
		char owner[sizeof(dft->name)];

		rcu_read_unlock();
		err = dft_hold(dft, buf, gfp, owner, sizeof(owner));
		rcu_read_lock();
		cur->ckey = ULONG_MAX;
		old = err == -EBUSY ? dft_entry_at(dft, dma) : NULL;
		if (old == entry)
			dft_duplicate(dft, dma, old, ip);
		else if (err == -EBUSY)
			dft_misuse(dft, dma, DFT_MISUSE_DUPLICATE, a, ip,
				   "buffer %p already tracked by %s",
				   buf, owner);
		if (err)
			return err;
	}
	/* In the overflow already: its window may be free. */
	if (unlikely(READ_ONCE(dft->over_any))) {
		struct dft_over *o = dft_over_at(dft, dma);

		if (o && o->dma == dma) {
			old = o->entry;
			goto dup;
		}
	}
	key = dma >> dft->shift;
	ckey = dft_ckey(dft, key);
	/* Low bits that do not follow the virtual address: the overflow. */
	if (unlikely((((unsigned long)buf + dft_delta(dft, dma, buf)) &
		      dft->mask) != (dma & dft->mask)))
		goto over;
	if (ckey != cur->ckey) {
		cur->chunk = dft_chunk_find(dft, ckey);
		cur->ckey = ckey;
	}
	err = dft_claim(cur->chunk, dft_cslot(dft, key), entry);
	if (unlikely(err == -EAGAIN)) {
		rcu_read_unlock();
		err = dft_claim_slow(dft, key, entry, gfp);
		rcu_read_lock();
		cur->ckey = ULONG_MAX;
	}
	if (likely(!err))
		return 0;
	if (err != -EBUSY)
		goto fail;
over:
	/*
	 * Another buffer holds the window, this very address (a duplicate)
	 * or one mapped closer than the window, or the window's slot cannot
	 * tell this buffer's address: the overflow, which another mapping's
	 * key cannot share.
	 */
	old = dft_entry_at(dft, dma);
	if (old)
		goto dup;
	rcu_read_unlock();
	err = dft_over_add(dft, dma, entry, gfp);
	rcu_read_lock();
	cur->ckey = ULONG_MAX;
	if (likely(!err))
		return 0;
	if (err == -ERANGE)
		dft_misuse(dft, dma, DFT_MISUSE_RANGE, a, ip,
			   "does not fit an xarray index");
	old = err == -EBUSY ? dft_entry_at(dft, dma) : NULL;
	if (!old)
		goto fail;
dup:
	dft_duplicate(dft, dma, old, ip);
	err = -EBUSY;
fail:
	if (dft_kmemleak_held(a))
		dft_unhold(buf);
	return err;
}

/* A buffer is tracked: kmemleak and the tracepoint.  Not under RCU. */
static void dft_tracked(struct dma_frag_tracker *dft, dma_addr_t dma,
			void *buf, const struct dft_allocator *a, gfp_t gfp,
			unsigned long ip)
{
	/*
	 * Only now, and only once: registering a region kmemleak already has
	 * (the same buffer added twice) would switch kmemleak off for the
	 * whole system.  A scan in between sees a pointer to no object, and a
	 * new object is never reported.
	 */
	if (a->mem == DFT_MEM_PAGE)
		dft_kmemleak_register(buf, dft->frag_size, gfp);
	trace_dft_track(dft, dma, a, ip);
}

static int dft_insert(struct dma_frag_tracker *dft, dma_addr_t dma, void *buf,
		      unsigned int slot, gfp_t gfp, unsigned long ip)
{
	struct dft_cursor cur = DFT_CURSOR_INIT;
	int err;

	might_alloc(gfp);
	rcu_read_lock();
	err = dft_track(dft, &cur, dma, buf, slot, gfp, ip);
	rcu_read_unlock();
	if (unlikely(err))
		return err;
	dft_count(dft, slot, 1);
	dft_tracked(dft, dma, buf, dft->allocator[slot], gfp, ip);
	return 0;
}

/*
 * The second half of dft_find(): @dma is not in its window's slot, which
 * said @err.  Fill @ref if it is in the overflow.
 */
static noinline int dft_find_over(struct dma_frag_tracker *dft,
				  dma_addr_t dma, struct dft_ref *ref, int err)
{
	struct dft_over *o = dft_over_at(dft, dma);

	if (!o)
		return err;
	/* Keys of live mappings are distinct: inside this buffer. */
	if (o->dma != dma)
		return -EINVAL;
	ref->over = o;
	ref->slot = NULL;
	ref->entry = o->entry;
	ref->buf = xa_untag_pointer(o->entry);
	ref->dma = dma;
	ref->allocator = dft_entry_allocator(dft, o->entry);
	return 0;
}

/*
 * Find the buffer at @dma and fill @ref.  Under RCU.  Returns 0, -ERANGE,
 * -ENOENT (not tracked: unknown, or freed already), or -EINVAL (a tracked
 * buffer has the same index but starts elsewhere).
 */
static inline int dft_find(struct dma_frag_tracker *dft,
			   struct dft_cursor *cur, dma_addr_t dma,
			   struct dft_ref *ref)
{
	unsigned long key, ckey, low;
	void *entry;
	int err;

	if (unlikely(!dft_key_fits(dft, dma)))
		return -ERANGE;
	key = dma >> dft->shift;
	ckey = dft_ckey(dft, key);
	if (ckey != cur->ckey) {
		cur->chunk = dft_chunk_find(dft, ckey);
		cur->ckey = ckey;
	}
	err = -ENOENT;
	if (unlikely(!cur->chunk))
		goto over;
	ref->slot = &cur->chunk->slot[dft_cslot(dft, key)];
	entry = READ_ONCE(*ref->slot);
	if (unlikely(!dft_entry_is_buf(entry)))
		goto over;
	ref->buf = xa_untag_pointer(entry);
	low = dft_low(dft, ref->buf);
	err = -EINVAL;
	if (unlikely(low != (dma & dft->mask)))
		goto over;
	ref->over = NULL;
	ref->entry = entry;
	ref->dma = dma;
	ref->allocator = dft_entry_allocator(dft, entry);
	return 0;

over:
	if (likely(!READ_ONCE(dft->over_any)))
		return err;
	return dft_find_over(dft, dma, ref, err);
}

/*
 * Untrack what dft_find() found, without counting it out.  -ENOENT if
 * another caller untracked it meanwhile (a double free racing with the
 * first).
 */
static inline int __dft_unclaim(struct dma_frag_tracker *dft,
				struct dft_ref *ref)
{
	if (unlikely(ref->over))
		return dft_over_del(dft, ref->over);
	if (unlikely(cmpxchg(ref->slot, ref->entry, NULL) != ref->entry))
		return -ENOENT;
	return 0;
}

/* The allocator slot of what dft_find() found. */
static inline unsigned int dft_ref_slot(const struct dft_ref *ref)
{
	return dft_tag_slot(xa_pointer_tag(ref->entry));
}

/* Untrack what dft_find() found and count it out. */
static inline int dft_unclaim(struct dma_frag_tracker *dft,
			      struct dft_ref *ref)
{
	int err = __dft_unclaim(dft, ref);

	if (likely(!err))
		dft_count(dft, dft_ref_slot(ref), -1);
	return err;
}

static void dft_erase_failed(struct dma_frag_tracker *dft, dma_addr_t dma,
			     int err, unsigned long ip)
{
	switch (err) {
	case -ERANGE:
		dft_misuse(dft, dma, DFT_MISUSE_RANGE, NULL, ip,
			   "does not fit an xarray index");
		break;
	case -ENOENT:
		dft_misuse(dft, dma, DFT_MISUSE_UNKNOWN, NULL, ip,
			   "not tracked (unknown or already freed)");
		break;
	default:
		dft_misuse(dft, dma, DFT_MISUSE_NOT_START, NULL, ip,
			   "not the start of a tracked buffer");
		break;
	}
}

/*
 * Forget the buffer at @dma: fills @ref.  Returns 0 or an error of
 * dft_find() or dft_unclaim(), reported.
 */
static int dft_erase(struct dma_frag_tracker *dft, dma_addr_t dma,
		     struct dft_ref *ref, unsigned long ip)
{
	struct dft_cursor cur = DFT_CURSOR_INIT;
	int err;

	rcu_read_lock();
	err = dft_find(dft, &cur, dma, ref);
	if (likely(!err))
		err = dft_unclaim(dft, ref);
	rcu_read_unlock();
	if (unlikely(err)) {
		dft_erase_failed(dft, dma, err, ip);
		return err;
	}
	return 0;
}

/* log2 of the slots of a chunk: the windows of a page_frag cache chunk. */
static unsigned int dft_chunk_bits(unsigned int frag_size)
{
	const unsigned int chunk_shift = ilog2(PAGE_FRAG_CACHE_MAX_SIZE);
	unsigned int shift = ilog2(frag_size);

	return chunk_shift > shift ?
	       min(chunk_shift - shift, DFT_CHUNK_MAX_BITS) : 0;
}

/* What is wrong with @params, or NULL. */
static const char *dft_params_invalid(const struct dft_params *params)
{
	if (!params->dev)
		return "no device";
	if (!params->name)
		return "no name";
	if (params->frag_size < DFT_MIN_FRAG)
		return "frag_size below 64 bytes";
	if (!params->dma_len)
		return "dma_len 0";
	if (params->dma_len > params->frag_size)
		return "dma_len above frag_size";
	if (!valid_dma_direction(params->dir))
		return "not a DMA direction";
	return NULL;
}

/**
 * dft_create() - Create a tracker for one pool of DMA-mapped buffers.
 * @params: What the pool's buffers look like; see &struct dft_params.
 * @gfp: Allocation flags for the tracker itself.
 *
 * With CONFIG_DEBUG_FS and a @gfp that may sleep, the tracker gets a file in
 * /sys/kernel/debug/dma_frag_track/ until dft_destroy().
 *
 * Context: Any context the @gfp flags allow.
 * Return: The new tracker, or NULL if @params is invalid (reported) or memory
 * ran out.
 */
struct dma_frag_tracker *dft_create(const struct dft_params *params,
				    gfp_t gfp)
{
	const char *bad = dft_params_invalid(params);
	const struct dft_allocator *a = params->allocator;
	struct dma_frag_tracker *dft;
	struct dft_cache *cache;
	unsigned int kind;

	if (bad) {
		if (params->dev)
			dev_err(params->dev, "dma_frag_track: %s: invalid parameters: %s\n",
				params->name ?: "?", bad);
		else
			pr_err("%s: invalid parameters: %s\n",
			       params->name ?: "?", bad);
		return NULL;
	}
	if (!a)
		a = params->frag_size <= PAGE_SIZE ? &dft_page_frag_allocator :
						     &dft_kmalloc_allocator;

	dft = kzalloc(sizeof(*dft), gfp);
	if (!dft)
		return NULL;
	cache = kzalloc(struct_size(cache, chunk, DFT_CACHE_MIN), gfp);
	dft->pcpu = alloc_percpu_gfp(struct dft_pcpu, gfp);
	if (!cache || !dft->pcpu ||
	    !dft_chunk_cache[dft_chunk_bits(params->frag_size)]) {
		free_percpu(dft->pcpu);
		kfree(cache);
		kfree(dft);
		return NULL;
	}
	cache->mask = DFT_CACHE_MIN - 1;
	RCU_INIT_POINTER(dft->cache, cache);
	INIT_WORK(&dft->grow, dft_cache_grow);
	xa_init_flags(&dft->xa, XA_FLAGS_LOCK_BH);
	xa_init_flags(&dft->over, XA_FLAGS_LOCK_BH);
	dft->shift = ilog2(params->frag_size);
	dft->cbits = dft_chunk_bits(params->frag_size);
	dft->mask = BIT(dft->shift) - 1;
	dft->oshift = ilog2(params->dma_len);
	dft->delta = DFT_DELTA_UNSET;
	dft->reclaim_at = DFT_RECLAIM_MIN;
	dft->dev = params->dev;
	dft->dir = params->dir;
	dft->frag_size = params->frag_size;
	dft->dma_len = params->dma_len;
	dft->allocator[0] = a;
	atomic_long_set(&dft->high_water, 0);
	atomic_long_set(&dft->alloc_fail, 0);
	for (kind = 0; kind < DFT_MISUSE_NR; kind++)
		atomic_long_set(&dft->misuse[kind], 0);
	ratelimit_state_init(&dft->rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);
	/* dft_destroy() reports what was suppressed, by tracker name. */
	ratelimit_set_flags(&dft->rs, RATELIMIT_MSG_ON_RELEASE);
	strscpy(dft->name, params->name, sizeof(dft->name));
	if (gfpflags_allow_blocking(gfp))
		dft_debugfs_add(dft);
	return dft;
}
EXPORT_SYMBOL_GPL(dft_create);

/*
 * A buffer still tracked at dft_destroy(), counted by allocator slot in
 * @left: unmapped and freed if @quiesced, else left to the caller.
 */
static void dft_leftover(struct dma_frag_tracker *dft, void *entry,
			 dma_addr_t dma, bool quiesced, unsigned long *left,
			 unsigned long ip)
{
	const struct dft_allocator *a = dft_entry_allocator(dft, entry);
	void *buf = xa_untag_pointer(entry);

	left[dft_tag_slot(xa_pointer_tag(entry))]++;
	trace_dft_reclaim(dft, dma, a, quiesced, ip);
	/*
	 * Whatever becomes of it, no kmemleak object of the tracker's
	 * outlives the tracker: kmemleak would switch itself off when the
	 * memory is reused.
	 */
	dft_release(dft, a, buf);
	if (!quiesced)
		return;
	dma_unmap_single(dft->dev, dma, dft->dma_len, dft->dir);
	a->free(buf, dft->frag_size);
}

/**
 * dft_destroy() - Audit and free a tracker.
 * @dft: The tracker.
 * @quiesced: The device no longer reads or writes any tracked buffer.
 *
 * A driver normally frees every buffer before it destroys the tracker.
 * Buffers still tracked are a driver bug, which this function reports once,
 * counted by allocator.  If @quiesced, it then unmaps each buffer and frees
 * it with the allocator that made it.  Otherwise the device may still write
 * into them, so they stay mapped and allocated, and become the caller's: a
 * kmalloc'd one (DFT_MEM_SLAB) is a kmemleak object as before, reported as
 * a leak unless the caller frees it; a DFT_MEM_PAGE one is no longer
 * registered with kmemleak, so that the caller may free it, or the memory
 * be reused, without kmemleak meeting an overlapping object.
 *
 * Context: Process context.  No other call on @dft may run concurrently or
 * follow.
 * Return: The number of buffers that were still tracked.
 */
unsigned long dft_destroy(struct dma_frag_tracker *dft, bool quiesced)
{
	unsigned long left[DFT_MAX_ALLOCATORS] = {};
	unsigned long index, total = 0;
	struct dft_chunk *c;
	struct dft_over *o;
	unsigned int i;

	if (!dft)
		return 0;

	/* Waits for readers of the file: none of them sees the rest. */
	dft_debugfs_remove(dft);
	cancel_work_sync(&dft->grow);
	xa_for_each(&dft->xa, index, c) {
		for (i = 0; i < BIT(dft->cbits); i++) {
			void *entry = c->slot[i];
			unsigned long key;
			dma_addr_t dma;

			if (!dft_entry_is_buf(entry))
				continue;
			key = (index << dft->cbits) | i;
			dma = ((dma_addr_t)key << dft->shift) |
			      dft_low(dft, xa_untag_pointer(entry));
			dft_leftover(dft, entry, dma, quiesced, left, _RET_IP_);
			total++;
		}
		/* No call on @dft runs: nothing else can see the chunk. */
		kmem_cache_free(dft_chunk_cache[dft->cbits], c);
	}
	xa_for_each(&dft->over, index, o) {
		dft_leftover(dft, o->entry, o->dma, quiesced, left, _RET_IP_);
		total++;
		kfree_rcu(o, rcu);
	}
	xa_destroy(&dft->xa);
	xa_destroy(&dft->over);
	kvfree(rcu_dereference_protected(dft->cache, true));
	free_percpu(dft->pcpu);

	if (total) {
		dev_err(dft->dev, "dma_frag_track: %s: destroyed with %lu buffers still tracked (%s: %lu, %s: %lu, %s: %lu), %s\n",
			dft->name, total,
			dft->allocator[0]->name, left[0],
			dft->allocator[1] ? dft->allocator[1]->name : "-",
			left[1],
			dft->allocator[2] ? dft->allocator[2]->name : "-",
			left[2],
			quiesced ? "unmapped and freed" :
				   "device not quiesced: left mapped and allocated");
	}
	if (dft->rs.missed)
		dev_warn(dft->dev, "dma_frag_track: %s: %d error messages suppressed\n",
			 dft->name, dft->rs.missed);
	kfree(dft);
	return total;
}
EXPORT_SYMBOL_GPL(dft_destroy);

/* Allocate and map one buffer of slot 0's allocator, or NULL. */
static void *dft_map_new(struct dma_frag_tracker *dft, gfp_t gfp,
			 dma_addr_t *dma)
{
	const struct dft_allocator *a = dft->allocator[0];
	void *buf;

	buf = INDIRECT_CALL_2(a->alloc, dft_page_frag_alloc, dft_kmalloc_alloc,
			      dft->frag_size, gfp | __GFP_NOWARN);
	if (unlikely(!buf))
		return NULL;
	*dma = dma_map_single(dft->dev, buf, dft->dma_len, dft->dir);
	if (likely(!dma_mapping_error(dft->dev, *dma)))
		return buf;
	INDIRECT_CALL_2(a->free, dft_page_frag_free, dft_kmalloc_free,
			buf, dft->frag_size);
	return NULL;
}

/* Undo dft_map_new() for a buffer that could not be tracked. */
static void dft_unmap_new(struct dma_frag_tracker *dft, void *buf,
			  dma_addr_t dma)
{
	const struct dft_allocator *a = dft->allocator[0];

	dma_unmap_single_attrs(dft->dev, dma, dft->dma_len, dft->dir,
			       DMA_ATTR_SKIP_CPU_SYNC);
	INDIRECT_CALL_2(a->free, dft_page_frag_free, dft_kmalloc_free,
			buf, dft->frag_size);
}

/**
 * dft_alloc() - Allocate, map and track one buffer.
 * @dft: The tracker.
 * @gfp: Allocation flags: GFP_KERNEL to fill a pool, GFP_ATOMIC to refill
 *	from NAPI.  They apply to kmalloc and to the tracker's own memory; the
 *	page_frag allocator always allocates atomically.
 * @dma: Set to the buffer's DMA address on success.
 *
 * The buffer comes from the tracker's allocator, is mapped for the first
 * dma_len bytes with dma_map_single(), and is tracked under its DMA address
 * until dft_free(), dft_handoff() or dft_remove().  Failures are counted in
 * &struct dft_stats.alloc_fail and print nothing, as the datapath retries;
 * only a DMA address the tracker cannot hold (see dft_add()) is reported.
 * A driver that refills several buffers at once calls dft_alloc_bulk().
 *
 * Context: Process or softirq context the @gfp flags allow, not with
 * interrupts disabled.  Takes no lock unless the buffer is the first of its
 * chunk of DMA address space or goes to the overflow (see dft_add());
 * those locks disable softirqs.
 * Return: The buffer's virtual address, or NULL after undoing everything.
 */
void *dft_alloc(struct dma_frag_tracker *dft, gfp_t gfp, dma_addr_t *dma)
{
	dma_addr_t addr;
	void *buf;

	buf = dft_map_new(dft, gfp, &addr);
	if (unlikely(!buf))
		goto fail;
	if (unlikely(dft_insert(dft, addr, buf, 0, gfp | __GFP_NOWARN,
				_RET_IP_))) {
		dft_unmap_new(dft, buf, addr);
		goto fail;
	}
	*dma = addr;
	return buf;

fail:
	atomic_long_inc(&dft->alloc_fail);
	return NULL;
}
EXPORT_SYMBOL_GPL(dft_alloc);

/**
 * dft_alloc_bulk() - Allocate, map and track up to @n buffers.
 * @dft: The tracker.
 * @gfp: Allocation flags, as for dft_alloc().
 * @n: How many buffers the caller wants.
 * @bufs: Array of at least @n entries; the buffers' virtual addresses.
 * @dma: Array of at least @n entries; their DMA addresses.
 *
 * What dft_alloc() does @n times, for a NAPI poll that refills its ring at
 * once: buffers that share a chunk of DMA address space are tracked with one
 * walk of the index, and the counters are updated once.  A buffer that fails
 * to allocate, map or track is undone and counted in
 * &struct dft_stats.alloc_fail, as with dft_alloc(), and the others are
 * tracked: the first return-value entries of @bufs and @dma are filled, in
 * order.
 *
 * Context: Process or softirq context the @gfp flags allow, not with
 * interrupts disabled.  Takes no lock unless a buffer is the first of its
 * chunk of DMA address space or goes to the overflow (see dft_add());
 * those locks disable softirqs.
 * Return: The number of buffers tracked, at most @n.
 */
unsigned int dft_alloc_bulk(struct dma_frag_tracker *dft, gfp_t gfp,
			    unsigned int n, void **bufs, dma_addr_t *dma)
{
	const struct dft_allocator *a = dft->allocator[0];
	struct dft_cursor cur = DFT_CURSOR_INIT;
	unsigned int i, mapped = 0, done = 0;

	might_alloc(gfp);
	gfp |= __GFP_NOWARN;
	for (i = 0; i < n; i++) {
		bufs[mapped] = dft_map_new(dft, gfp, &dma[mapped]);
		if (likely(bufs[mapped]))
			mapped++;
	}
	rcu_read_lock();
	for (i = 0; i < mapped; i++) {
		if (unlikely(dft_track(dft, &cur, dma[i], bufs[i], 0, gfp,
				       _RET_IP_))) {
			dft_unmap_new(dft, bufs[i], dma[i]);
			continue;
		}
		bufs[done] = bufs[i];
		dma[done] = dma[i];
		done++;
	}
	rcu_read_unlock();
	if (likely(done))
		dft_count(dft, 0, done);
	/*
	 * The high-water mark reads every possible CPU's count: a pool's fill,
	 * which may sleep and is when a pool peaks, pays for that, never a
	 * refill from NAPI.
	 */
	if (gfpflags_allow_blocking(gfp))
		dft_high_water(dft, dft_sum(dft, NULL));
	if (unlikely(done < n))
		atomic_long_add(n - done, &dft->alloc_fail);
	for (i = 0; i < done; i++)
		dft_tracked(dft, dma[i], bufs[i], a, gfp, _RET_IP_);
	return done;
}
EXPORT_SYMBOL_GPL(dft_alloc_bulk);

/**
 * dft_free() - Untrack, unmap and free one buffer.
 * @dft: The tracker.
 * @dma: The buffer's DMA address, as dft_alloc() or dft_add() saw it.
 * @attrs: DMA attributes for the unmap, e.g. DMA_ATTR_SKIP_CPU_SYNC.
 *
 * The buffer is freed with the allocator recorded for it when it was
 * tracked.
 *
 * Context: Process or softirq context, not with interrupts disabled.  Takes
 * no lock, unless the buffer is in the overflow (see dft_add()).
 * Return: 0, or -ENOENT if @dma is not tracked (unknown, or freed already),
 * -EINVAL if a tracked buffer has the same index but starts elsewhere,
 * -ERANGE if it cannot be an index.  Errors are reported, rate-limited, and
 * nothing is freed.
 */
int dft_free(struct dma_frag_tracker *dft, dma_addr_t dma, unsigned long attrs)
{
	const struct dft_allocator *a;
	struct dft_ref ref;
	int err;

	err = dft_erase(dft, dma, &ref, _RET_IP_);
	if (err)
		return err;
	a = ref.allocator;
	trace_dft_free(dft, dma, a, _RET_IP_);
	dma_unmap_single_attrs(dft->dev, dma, dft->dma_len, dft->dir, attrs);
	dft_release(dft, a, ref.buf);
	INDIRECT_CALL_2(a->free, dft_page_frag_free, dft_kmalloc_free,
			ref.buf, dft->frag_size);
	return 0;
}
EXPORT_SYMBOL_GPL(dft_free);

/**
 * dft_lookup() - Find a tracked buffer by DMA address.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 *
 * The tracker keeps the buffer; the caller gets a pointer it may use only
 * while it owns @dma, e.g. for a descriptor the hardware completed.  Buffers
 * are freed at once, not after an RCU grace period, so a caller that does
 * not own @dma may be handed memory that is freed under it.  An unknown
 * address is not reported: it is the caller's to judge.  A caller that may
 * then hand the buffer off calls dft_peek() instead.
 *
 * Context: Any context.  Takes and releases the RCU read lock.
 * Return: The buffer's virtual address, or NULL if @dma is not the start of
 * a tracked buffer.
 */
void *dft_lookup(struct dma_frag_tracker *dft, dma_addr_t dma)
{
	struct dft_cursor cur = DFT_CURSOR_INIT;
	struct dft_ref ref;
	int err;

	rcu_read_lock();
	err = dft_find(dft, &cur, dma, &ref);
	rcu_read_unlock();
	return err ? NULL : ref.buf;
}
EXPORT_SYMBOL_GPL(dft_lookup);

/**
 * dft_handoff() - Untrack and unmap a buffer to pass it on, e.g. to the stack.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @attrs: DMA attributes for the unmap; DMA_ATTR_SKIP_CPU_SYNC after the
 *	driver synced the bytes the device wrote.
 * @allocator: If not NULL, set to the buffer's allocator: build_skb() for
 *	DFT_MEM_PAGE, slab_build_skb() for DFT_MEM_SLAB.
 *
 * The caller owns the buffer from now on and frees it the way its allocator
 * requires.  A DFT_MEM_PAGE buffer is no longer a kmemleak object.
 *
 * Context: Process or softirq context, not with interrupts disabled.  Takes
 * no lock, unless the buffer is in the overflow (see dft_add()).
 * Return: The buffer's virtual address, or NULL if @dma is not the start of
 * a tracked buffer (reported, rate-limited).
 */
void *dft_handoff(struct dma_frag_tracker *dft, dma_addr_t dma,
		  unsigned long attrs, const struct dft_allocator **allocator)
{
	struct dft_ref ref;

	if (dft_erase(dft, dma, &ref, _RET_IP_))
		return NULL;
	trace_dft_handoff(dft, dma, ref.allocator, _RET_IP_);
	dma_unmap_single_attrs(dft->dev, dma, dft->dma_len, dft->dir, attrs);
	dft_release(dft, ref.allocator, ref.buf);
	if (allocator)
		*allocator = ref.allocator;
	return ref.buf;
}
EXPORT_SYMBOL_GPL(dft_handoff);

/**
 * dft_peek() - Find a buffer the device gave back, to decide its fate.
 * @dft: The tracker.
 * @dma: The buffer's DMA address, e.g. from an RX descriptor.
 * @ref: Filled with the buffer and its allocator.
 *
 * One walk of the index for a driver that needs the buffer before it
 * decides what to do with it (build an skb, run XDP, drop the frame back to
 * the device): dft_take() then untracks and unmaps the buffer through @ref,
 * without a second walk; a driver that gives the buffer back to the device
 * leaves it tracked and forgets @ref.
 *
 * Context: Any context; the caller owns @dma.  @ref is valid only within
 * the RCU read-side critical section dft_peek() was called in, which
 * softirq context (a NAPI poll) is, and only until the buffer is untracked.
 * Return: The buffer's virtual address, or NULL if @dma is not the start of
 * a tracked buffer (reported, rate-limited).
 */
void *dft_peek(struct dma_frag_tracker *dft, dma_addr_t dma,
	       struct dft_ref *ref)
{
	struct dft_cursor cur = DFT_CURSOR_INIT;
	int err;

	rcu_read_lock();
	err = dft_find(dft, &cur, dma, ref);
	rcu_read_unlock();
	if (unlikely(err)) {
		dft_erase_failed(dft, dma, err, _RET_IP_);
		ref->entry = NULL;
		return NULL;
	}
	return ref->buf;
}
EXPORT_SYMBOL_GPL(dft_peek);

/**
 * dft_take() - Untrack and unmap the buffer dft_peek() found.
 * @dft: The tracker.
 * @ref: What dft_peek() filled.
 * @attrs: DMA attributes for the unmap, as for dft_handoff().
 *
 * As dft_handoff(), without looking the DMA address up again.  The caller
 * owns the buffer from now on, @ref->allocator says how to free it.
 *
 * Context: Process or softirq context, not with interrupts disabled, in the
 * RCU read-side critical section of the dft_peek() that filled @ref.
 * Return: The buffer's virtual address, or NULL if it is no longer tracked
 * (reported, rate-limited): another call untracked it after dft_peek().
 */
void *dft_take(struct dma_frag_tracker *dft, struct dft_ref *ref,
	       unsigned long attrs)
{
	int err = -ENOENT;

	if (likely(ref->entry))
		err = dft_unclaim(dft, ref);
	if (unlikely(err)) {
		dft_erase_failed(dft, ref->dma, err, _RET_IP_);
		return NULL;
	}
	ref->entry = NULL;
	trace_dft_handoff(dft, ref->dma, ref->allocator, _RET_IP_);
	dft_release(dft, ref->allocator, ref->buf);
	dma_unmap_single_attrs(dft->dev, ref->dma, dft->dma_len, dft->dir,
			       attrs);
	return ref->buf;
}
EXPORT_SYMBOL_GPL(dft_take);

/**
 * dft_handoff_bulk() - Untrack and unmap up to @n buffers to pass them on.
 * @dft: The tracker.
 * @n: How many DMA addresses @dma holds.
 * @dma: The buffers' DMA addresses.
 * @attrs: DMA attributes for the unmaps, as for dft_handoff().
 * @bufs: Array of @n entries: each buffer's virtual address, or NULL if its
 *	DMA address is not the start of a tracked buffer (reported).
 * @allocators: If not NULL, array of @n entries: each buffer's allocator.
 *
 * What dft_handoff() does @n times, with one walk of the index for the
 * buffers that share a chunk of DMA address space, and the counters updated
 * once.
 *
 * Context: Process or softirq context, not with interrupts disabled.  Takes
 * no lock, unless a buffer is in the overflow (see dft_add()).
 * Return: The number of buffers handed off.
 */
unsigned int dft_handoff_bulk(struct dma_frag_tracker *dft, unsigned int n,
			      const dma_addr_t *dma, unsigned long attrs,
			      void **bufs,
			      const struct dft_allocator **allocators)
{
	long out[DFT_MAX_ALLOCATORS] = {};
	struct dft_cursor cur = DFT_CURSOR_INIT;
	const struct dft_allocator *a;
	unsigned int i, slot, done = 0;
	struct dft_ref ref;
	int err;

	rcu_read_lock();
	for (i = 0; i < n; i++) {
		err = dft_find(dft, &cur, dma[i], &ref);
		if (likely(!err))
			err = __dft_unclaim(dft, &ref);
		if (unlikely(err)) {
			dft_erase_failed(dft, dma[i], err, _RET_IP_);
			bufs[i] = NULL;
			continue;
		}
		out[dft_ref_slot(&ref)]++;
		a = ref.allocator;
		bufs[i] = ref.buf;
		if (allocators)
			allocators[i] = a;
		trace_dft_handoff(dft, dma[i], a, _RET_IP_);
		dft_release(dft, a, ref.buf);
		dma_unmap_single_attrs(dft->dev, dma[i], dft->dma_len, dft->dir,
				       attrs);
		done++;
	}
	rcu_read_unlock();
	/* Counted out once per batch and allocator, not once per buffer. */
	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++)
		if (out[slot])
			dft_count(dft, slot, -out[slot]);
	return done;
}
EXPORT_SYMBOL_GPL(dft_handoff_bulk);

/**
 * dft_add() - Track a buffer the driver allocated and mapped itself.
 * @dft: The tracker.
 * @dma: The buffer's DMA address, mapped for the tracker's dma_len.
 * @buf: The buffer, at least 4-byte aligned.
 * @allocator: The allocator that made @buf.  A tracker mixes at most
 *	%DFT_MAX_ALLOCATORS allocators.
 * @gfp: Allocation flags for the tracker's memory.
 *
 * Context: Process or softirq context the @gfp flags allow, not with
 * interrupts disabled.  Takes no lock unless the buffer is the first of its
 * chunk of DMA address space or goes to the overflow (its DMA address does
 * not follow its virtual address, or another buffer holds its window: bounce
 * buffers, IOMMUs; see &struct dft_params); those locks disable softirqs.
 * Return: 0, -EBUSY if @dma is already tracked or (with kmemleak) @buf is
 * tracked already (both reported), -ENOSPC if @allocator would be the
 * tracker's fourth, -ERANGE if @dma cannot be an index, -EINVAL for a NULL
 * or misaligned @buf, -ENOMEM.  On error nothing is tracked.
 */
int dft_add(struct dma_frag_tracker *dft, dma_addr_t dma, void *buf,
	    const struct dft_allocator *allocator, gfp_t gfp)
{
	int slot;

	if (WARN_ON_ONCE(!allocator))
		return -EINVAL;
	slot = dft_slot(dft, allocator);
	if (slot < 0) {
		dft_misuse(dft, dma, DFT_MISUSE_ALLOCATORS, allocator, _RET_IP_,
			   "allocator %s would be more than %d in one tracker",
			   allocator->name, DFT_MAX_ALLOCATORS);
		return slot;
	}
	return dft_insert(dft, dma, buf, slot, gfp, _RET_IP_);
}
EXPORT_SYMBOL_GPL(dft_add);

/**
 * dft_remove() - Untrack a buffer without unmapping or freeing it.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: If not NULL, set to the buffer's allocator.
 *
 * The counterpart of dft_add(): the caller unmaps and frees the buffer.
 *
 * Context: Process or softirq context, not with interrupts disabled.  Takes
 * no lock, unless the buffer is in the overflow (see dft_add()).
 * Return: The buffer, or NULL if @dma is not the start of a tracked buffer
 * (reported, rate-limited).
 */
void *dft_remove(struct dma_frag_tracker *dft, dma_addr_t dma,
		 const struct dft_allocator **allocator)
{
	struct dft_ref ref;

	if (dft_erase(dft, dma, &ref, _RET_IP_))
		return NULL;
	trace_dft_remove(dft, dma, ref.allocator, _RET_IP_);
	dft_release(dft, ref.allocator, ref.buf);
	if (allocator)
		*allocator = ref.allocator;
	return ref.buf;
}
EXPORT_SYMBOL_GPL(dft_remove);

/**
 * dft_get_stats() - Read a tracker's counters.
 * @dft: The tracker.
 * @stats: Filled with the counters, exact when no other call on @dft runs;
 *	see &struct dft_stats.
 *
 * Context: Any context.
 */
void dft_get_stats(struct dma_frag_tracker *dft, struct dft_stats *stats)
{
	unsigned int slot, kind;

	long out[DFT_MAX_ALLOCATORS];

	stats->total = dft_sum(dft, out);
	dft_high_water(dft, stats->total);
	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++) {
		stats->out[slot] = out[slot];
		stats->allocator[slot] = READ_ONCE(dft->allocator[slot]);
	}
	stats->high_water = atomic_long_read(&dft->high_water);
	stats->misuse = 0;
	for (kind = 0; kind < DFT_MISUSE_NR; kind++) {
		stats->misuse_kind[kind] = atomic_long_read(&dft->misuse[kind]);
		stats->misuse += stats->misuse_kind[kind];
	}
	stats->alloc_fail = atomic_long_read(&dft->alloc_fail);
}
EXPORT_SYMBOL_GPL(dft_get_stats);

void *dft_find_after(struct dma_frag_tracker *dft, unsigned long *key,
		     unsigned long max)
{
	unsigned long ckey = dft_ckey(dft, *key), first = ckey, k;
	unsigned int i, n = BIT(dft->cbits);
	struct dft_chunk *c;
	void *entry;

	while ((c = xa_find(&dft->xa, &ckey, dft_ckey(dft, max), XA_PRESENT))) {
		for (i = ckey == first ? dft_cslot(dft, *key) : 0; i < n; i++) {
			k = (ckey << dft->cbits) | i;
			if (k > max)
				return NULL;
			entry = READ_ONCE(c->slot[i]);
			if (dft_entry_is_buf(entry)) {
				*key = k;
				return entry;
			}
		}
		if (ckey >= dft_ckey(dft, max))
			break;
		ckey++;
	}
	return NULL;
}

#if IS_ENABLED(CONFIG_KUNIT)
/* Whether @s holds chunks: the benchmark counts the tracker's memory. */
bool dft_chunk_cache_is(const struct kmem_cache *s)
{
	unsigned int bits;

	for (bits = 0; bits <= DFT_CHUNK_MAX_BITS; bits++)
		if (s && s == dft_chunk_cache[bits])
			return true;
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(dft_chunk_cache_is);
#endif

static int __init dft_init(void)
{
	unsigned int bits;

	for (bits = 0; bits <= DFT_CHUNK_MAX_BITS; bits++)
		dft_chunk_cache[bits] =
			kmem_cache_create(dft_chunk_names[bits],
					  struct_size_t(struct dft_chunk, slot,
							BIT(bits)),
					  0, 0, NULL);
	return 0;
}
subsys_initcall(dft_init);

/**
 * dft_name() - The name a tracker was created with.
 * @dft: The tracker.
 *
 * Context: Any context.
 * Return: The name, valid until dft_destroy().
 */
const char *dft_name(const struct dma_frag_tracker *dft)
{
	return dft->name;
}
EXPORT_SYMBOL_GPL(dft_name);
