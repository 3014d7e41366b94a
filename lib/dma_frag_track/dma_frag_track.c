// SPDX-License-Identifier: GPL-2.0
/*
 * dma_frag_track: map the DMA addresses of buffers held by hardware back to
 * the buffers, their allocators and kmemleak.
 *
 * Each tracker is an xarray indexed by dma >> ilog2(frag_size).  Fragments
 * do not overlap, so with dma-direct, and with any mapping that places
 * buffers at least rounddown_pow_of_two(frag_size) bytes apart, the index is
 * unique, and it is dense: a few bytes of xa_node per buffer.  A mapping
 * that places two live buffers closer (swiotlb slots or an IOMMU granule
 * smaller than that window) makes the second insert fail with -EBUSY and a
 * report naming the buffer it collides with: never a silent mix-up.  The
 * entry is the buffer's virtual address with the allocator's slot in its two
 * tag bits, which kmemleak still takes as a reference to the buffer.
 *
 * The low bits of the DMA address are not in the index.  With a linear DMA
 * mapping they follow from the virtual address: (dma - virt) modulo the
 * window size is the same for every buffer, learned from the first one.  A
 * buffer that breaks that rule (bounce buffers, an IOMMU) stores its low bits
 * as a value entry at the same index of a second xarray, which the tracker
 * consults only while it holds any.
 */

#define pr_fmt(fmt) "dma_frag_track: " fmt

#include <linux/atomic.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/export.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/kmemleak.h>
#include <linux/log2.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <kunit/static_stub.h>
#include <kunit/visibility.h>

#include "dft_internal.h"

#define CREATE_TRACE_POINTS
#include <trace/events/dma_frag_track.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(dft_track);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_handoff);
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
 * CONFIG_DEBUG_KMEMLEAK (and CONFIG_KUNIT, whose tests replace them to see
 * what the tracker registers).
 */
VISIBLE_IF_KUNIT void dft_kmemleak_register(const void *buf, size_t size,
					    gfp_t gfp)
{
	KUNIT_STATIC_STUB_REDIRECT(dft_kmemleak_register, buf, size, gfp);
	/* A reference from the tracker's xa_node keeps it from being a leak. */
	kmemleak_alloc(buf, size, 1, gfp);
	/* The device writes packet data into it: nothing to scan. */
	kmemleak_no_scan(buf);
}
EXPORT_SYMBOL_IF_KUNIT(dft_kmemleak_register);

VISIBLE_IF_KUNIT void dft_kmemleak_unregister(const void *buf)
{
	KUNIT_STATIC_STUB_REDIRECT(dft_kmemleak_unregister, buf);
	kmemleak_free(buf);
}
EXPORT_SYMBOL_IF_KUNIT(dft_kmemleak_unregister);

static const char * const dft_misuse_names[DFT_MISUSE_NR] = {
	[DFT_MISUSE_UNKNOWN]	= "unknown",
	[DFT_MISUSE_NOT_START]	= "not_start",
	[DFT_MISUSE_DUPLICATE]	= "duplicate",
	[DFT_MISUSE_COLLISION]	= "collision",
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
	pr_err("%s: DMA address %pad: %pV (caller %pS)\n",
	       dft->name, &dma, &vaf, (void *)ip);
	va_end(args);
}

static inline bool dft_key_fits(const struct dma_frag_tracker *dft,
				dma_addr_t dma)
{
	return (dma >> dft->shift) <= ULONG_MAX;
}

static void dft_release(struct dma_frag_tracker *dft,
			const struct dft_allocator *a, void *buf)
{
	if (a->mem == DFT_MEM_PAGE)
		dft_kmemleak_unregister(buf);
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

static int dft_insert(struct dma_frag_tracker *dft, dma_addr_t dma, void *buf,
		      unsigned int slot, gfp_t gfp, unsigned long ip)
{
	const struct dft_allocator *a = dft->allocator[slot];
	unsigned long key = dma >> dft->shift;
	unsigned long low = dma & dft->mask;
	void *old = NULL;
	bool side;
	int err;

	might_alloc(gfp);
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

	xa_lock_bh(&dft->xa);
	if (unlikely(!dft->delta_valid)) {
		dft->delta = (dma - (unsigned long)buf) & dft->mask;
		dft->delta_valid = true;
	}
	side = (((unsigned long)buf + dft->delta) & dft->mask) != low;
	err = __xa_insert(&dft->xa, key, xa_tag_pointer(buf, dft_slot_tag(slot)),
			  gfp);
	if (!err && unlikely(side)) {
		/*
		 * @xa's lock stays held, so this insert must not sleep: with
		 * a blocking gfp, __xas_nomem() would drop only @low's lock.
		 */
		xa_lock_nested(&dft->low, SINGLE_DEPTH_NESTING);
		err = __xa_insert(&dft->low, key, xa_mk_value(low),
				  GFP_ATOMIC | __GFP_NOWARN);
		if (!err)
			WRITE_ONCE(dft->side, true);
		xa_unlock(&dft->low);
		if (err)
			__xa_erase(&dft->xa, key);
	}
	if (likely(!err)) {
		dft->out[slot]++;
		if (++dft->total > dft->high_water)
			dft->high_water = dft->total;
	} else if (err == -EBUSY) {
		old = xa_untag_pointer(xa_load(&dft->xa, key));
		if (old && dft_low(dft, key, old) != low)
			old = NULL;
	}
	xa_unlock_bh(&dft->xa);

	if (likely(!err)) {
		/*
		 * Only now, and only once: registering a region kmemleak
		 * already has (the same buffer added twice) would switch
		 * kmemleak off for the whole system.  A scan in between sees
		 * a pointer to no object, and a new object is never reported.
		 */
		if (a->mem == DFT_MEM_PAGE)
			dft_kmemleak_register(buf, dft->frag_size, gfp);
		trace_dft_track(dft, dma, a, ip);
		return 0;
	}
	if (err == -EBUSY && old)
		dft_misuse(dft, dma, DFT_MISUSE_DUPLICATE, a, ip,
			   "already tracked");
	else if (err == -EBUSY)
		dft_misuse(dft, dma, DFT_MISUSE_COLLISION, a, ip,
			   "shares its index with another tracked buffer: mappings closer than %lu bytes",
			   dft->mask + 1);
	return err;
}

/*
 * Forget the buffer at @dma.  Returns the buffer and its allocator's slot,
 * or an ERR_PTR: -ERANGE, -ENOENT (not tracked: unknown, or freed already),
 * -EINVAL (a tracked buffer has the same index but starts elsewhere).
 */
static void *dft_erase(struct dma_frag_tracker *dft, dma_addr_t dma,
		       unsigned int *slot)
{
	unsigned long key = dma >> dft->shift;
	XA_STATE(xas, &dft->xa, key);
	void *entry, *buf;

	if (unlikely(!dft_key_fits(dft, dma)))
		return ERR_PTR(-ERANGE);

	xa_lock_bh(&dft->xa);
	entry = xas_load(&xas);
	if (unlikely(!entry)) {
		buf = ERR_PTR(-ENOENT);
		goto unlock;
	}
	buf = xa_untag_pointer(entry);
	if (unlikely(dft_low(dft, key, buf) != (dma & dft->mask))) {
		buf = ERR_PTR(-EINVAL);
		goto unlock;
	}
	xas_store(&xas, NULL);
	if (unlikely(dft->side)) {
		xa_lock_nested(&dft->low, SINGLE_DEPTH_NESTING);
		__xa_erase(&dft->low, key);
		if (xa_empty(&dft->low))
			WRITE_ONCE(dft->side, false);
		xa_unlock(&dft->low);
	}
	*slot = dft_tag_slot(xa_pointer_tag(entry));
	dft->out[*slot]--;
	dft->total--;
unlock:
	xa_unlock_bh(&dft->xa);
	return buf;
}

static void dft_erase_failed(struct dma_frag_tracker *dft, dma_addr_t dma,
			     void *err, unsigned long ip)
{
	switch (PTR_ERR(err)) {
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
	const struct dft_allocator *a = params->allocator;
	struct dma_frag_tracker *dft;

	if (!params->dev || !params->name ||
	    params->frag_size < DFT_MIN_FRAG || !params->dma_len ||
	    params->dma_len > params->frag_size ||
	    !valid_dma_direction(params->dir)) {
		pr_err("%s: invalid parameters (frag_size %u, dma_len %u)\n",
		       params->name ?: "?", params->frag_size, params->dma_len);
		return NULL;
	}
	if (!a)
		a = params->frag_size <= PAGE_SIZE ? &dft_page_frag_allocator :
						     &dft_kmalloc_allocator;

	dft = kzalloc(sizeof(*dft), gfp);
	if (!dft)
		return NULL;
	xa_init_flags(&dft->xa, XA_FLAGS_LOCK_BH);
	xa_init(&dft->low);
	dft->shift = ilog2(params->frag_size);
	dft->mask = BIT(dft->shift) - 1;
	dft->dev = params->dev;
	dft->dir = params->dir;
	dft->frag_size = params->frag_size;
	dft->dma_len = params->dma_len;
	dft->allocator[0] = a;
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

/**
 * dft_destroy() - Audit and free a tracker.
 * @dft: The tracker.
 * @quiesced: The device no longer reads or writes any tracked buffer.
 *
 * A driver normally frees every buffer before it destroys the tracker.
 * Buffers still tracked are a driver bug, which this function reports once,
 * counted by allocator.  If @quiesced, it then unmaps each buffer and frees
 * it with the allocator that made it.  Otherwise the device may still write
 * into them, so they stay mapped and allocated: kmemleak reports them once
 * the tracker no longer refers to them.
 *
 * Context: Process context.  No other call on @dft may run concurrently or
 * follow.
 * Return: The number of buffers that were still tracked.
 */
unsigned long dft_destroy(struct dma_frag_tracker *dft, bool quiesced)
{
	unsigned long left[DFT_MAX_ALLOCATORS] = {};
	unsigned long index, total = 0;
	unsigned int slot;
	void *entry;

	if (!dft)
		return 0;

	/* Waits for readers of the file: none of them sees the rest. */
	dft_debugfs_remove(dft);
	xa_for_each(&dft->xa, index, entry) {
		const struct dft_allocator *a;
		void *buf = xa_untag_pointer(entry);
		dma_addr_t dma;

		slot = dft_tag_slot(xa_pointer_tag(entry));
		a = dft->allocator[slot];
		left[slot]++;
		total++;
		dma = ((dma_addr_t)index << dft->shift) |
		      dft_low(dft, index, buf);
		trace_dft_reclaim(dft, dma, a, quiesced, _RET_IP_);
		if (!quiesced)
			continue;
		dft_release(dft, a, buf);
		dma_unmap_single(dft->dev, dma, dft->dma_len, dft->dir);
		a->free(buf, dft->frag_size);
	}
	xa_destroy(&dft->xa);
	xa_destroy(&dft->low);

	if (total) {
		pr_err("%s: destroyed with %lu buffers still tracked (%s: %lu, %s: %lu, %s: %lu), %s\n",
		       dft->name, total,
		       dft->allocator[0]->name, left[0],
		       dft->allocator[1] ? dft->allocator[1]->name : "-",
		       left[1],
		       dft->allocator[2] ? dft->allocator[2]->name : "-",
		       left[2],
		       quiesced ? "unmapped and freed" :
				  "device not quiesced: left allocated for kmemleak");
	}
	if (dft->rs.missed)
		pr_warn("%s: %d error messages suppressed\n", dft->name,
			dft->rs.missed);
	kfree(dft);
	return total;
}
EXPORT_SYMBOL_GPL(dft_destroy);

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
 *
 * Context: Process or softirq context the @gfp flags allow, not with
 * interrupts disabled.  Takes and releases the tracker's lock, disabling
 * softirqs.
 * Return: The buffer's virtual address, or NULL after undoing everything.
 */
void *dft_alloc(struct dma_frag_tracker *dft, gfp_t gfp, dma_addr_t *dma)
{
	const struct dft_allocator *a = dft->allocator[0];
	dma_addr_t addr;
	void *buf;

	buf = INDIRECT_CALL_2(a->alloc, dft_page_frag_alloc, dft_kmalloc_alloc,
			      dft->frag_size, gfp | __GFP_NOWARN);
	if (unlikely(!buf))
		goto fail;
	addr = dma_map_single(dft->dev, buf, dft->dma_len, dft->dir);
	if (unlikely(dma_mapping_error(dft->dev, addr)))
		goto free;
	if (unlikely(dft_insert(dft, addr, buf, 0, gfp | __GFP_NOWARN,
				_RET_IP_)))
		goto unmap;
	*dma = addr;
	return buf;

unmap:
	dma_unmap_single_attrs(dft->dev, addr, dft->dma_len, dft->dir,
			       DMA_ATTR_SKIP_CPU_SYNC);
free:
	INDIRECT_CALL_2(a->free, dft_page_frag_free, dft_kmalloc_free,
			buf, dft->frag_size);
fail:
	atomic_long_inc(&dft->alloc_fail);
	return NULL;
}
EXPORT_SYMBOL_GPL(dft_alloc);

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
 * and releases the tracker's lock, disabling softirqs.
 * Return: 0, or -ENOENT if @dma is not tracked (unknown, or freed already),
 * -EINVAL if a tracked buffer has the same index but starts elsewhere,
 * -ERANGE if it cannot be an index.  Errors are reported, rate-limited, and
 * nothing is freed.
 */
int dft_free(struct dma_frag_tracker *dft, dma_addr_t dma, unsigned long attrs)
{
	const struct dft_allocator *a;
	unsigned int slot;
	void *buf;

	buf = dft_erase(dft, dma, &slot);
	if (IS_ERR(buf)) {
		dft_erase_failed(dft, dma, buf, _RET_IP_);
		return PTR_ERR(buf);
	}
	a = dft->allocator[slot];
	trace_dft_free(dft, dma, a, _RET_IP_);
	dft_release(dft, a, buf);
	dma_unmap_single_attrs(dft->dev, dma, dft->dma_len, dft->dir, attrs);
	INDIRECT_CALL_2(a->free, dft_page_frag_free, dft_kmalloc_free,
			buf, dft->frag_size);
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
 * address is not reported: it is the caller's to judge.
 *
 * Context: Any context.  Takes and releases the RCU read lock.
 * Return: The buffer's virtual address, or NULL if @dma is not the start of
 * a tracked buffer.
 */
void *dft_lookup(struct dma_frag_tracker *dft, dma_addr_t dma)
{
	unsigned long key = dma >> dft->shift;
	void *entry, *buf;

	if (unlikely(!dft_key_fits(dft, dma)))
		return NULL;
	entry = xa_load(&dft->xa, key);
	if (!entry)
		return NULL;
	buf = xa_untag_pointer(entry);
	if (unlikely(dft_low(dft, key, buf) != (dma & dft->mask)))
		return NULL;
	return buf;
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
 * and releases the tracker's lock, disabling softirqs.
 * Return: The buffer's virtual address, or NULL if @dma is not the start of
 * a tracked buffer (reported, rate-limited).
 */
void *dft_handoff(struct dma_frag_tracker *dft, dma_addr_t dma,
		  unsigned long attrs, const struct dft_allocator **allocator)
{
	const struct dft_allocator *a;
	unsigned int slot;
	void *buf;

	buf = dft_erase(dft, dma, &slot);
	if (IS_ERR(buf)) {
		dft_erase_failed(dft, dma, buf, _RET_IP_);
		return NULL;
	}
	a = dft->allocator[slot];
	trace_dft_handoff(dft, dma, a, _RET_IP_);
	dft_release(dft, a, buf);
	dma_unmap_single_attrs(dft->dev, dma, dft->dma_len, dft->dir, attrs);
	if (allocator)
		*allocator = a;
	return buf;
}
EXPORT_SYMBOL_GPL(dft_handoff);

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
 * interrupts disabled.  Takes and releases the tracker's lock, disabling
 * softirqs.
 * Return: 0, -EBUSY if @dma is already tracked or another tracked buffer has
 * the same index (both reported), -ENOSPC if @allocator would be the
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
 * and releases the tracker's lock, disabling softirqs.
 * Return: The buffer, or NULL if @dma is not the start of a tracked buffer
 * (reported, rate-limited).
 */
void *dft_remove(struct dma_frag_tracker *dft, dma_addr_t dma,
		 const struct dft_allocator **allocator)
{
	unsigned int slot;
	void *buf;

	buf = dft_erase(dft, dma, &slot);
	if (IS_ERR(buf)) {
		dft_erase_failed(dft, dma, buf, _RET_IP_);
		return NULL;
	}
	trace_dft_handoff(dft, dma, dft->allocator[slot], _RET_IP_);
	dft_release(dft, dft->allocator[slot], buf);
	if (allocator)
		*allocator = dft->allocator[slot];
	return buf;
}
EXPORT_SYMBOL_GPL(dft_remove);

/**
 * dft_get_stats() - Read a tracker's counters.
 * @dft: The tracker.
 * @stats: Filled with a consistent snapshot.
 *
 * Context: Process or softirq context, not with interrupts disabled.  Takes
 * and releases the tracker's lock, disabling softirqs.
 */
void dft_get_stats(struct dma_frag_tracker *dft, struct dft_stats *stats)
{
	unsigned int slot, kind;

	xa_lock_bh(&dft->xa);
	for (slot = 0; slot < DFT_MAX_ALLOCATORS; slot++) {
		stats->out[slot] = dft->out[slot];
		stats->allocator[slot] = dft->allocator[slot];
	}
	stats->total = dft->total;
	stats->high_water = dft->high_water;
	xa_unlock_bh(&dft->xa);
	stats->misuse = 0;
	for (kind = 0; kind < DFT_MISUSE_NR; kind++) {
		stats->misuse_kind[kind] = atomic_long_read(&dft->misuse[kind]);
		stats->misuse += stats->misuse_kind[kind];
	}
	stats->alloc_fail = atomic_long_read(&dft->alloc_fail);
}
EXPORT_SYMBOL_GPL(dft_get_stats);

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
