// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of dma_frag_track: what tracking costs per RX cycle and per
 * buffer, against the same work without the tracker.
 *
 * A pool of buffers is "held by the hardware": a ring of DMA addresses (and,
 * for the baseline, of physical addresses, the cookie mvpp2 keeps in its
 * Buffer Manager).  In steady state the oldest buffers come back and are
 * handed off (lookup + forget + unmap + free), then refilled (alloc + map +
 * track) in place, in batches, with softirqs disabled as in NAPI.  Three
 * variants do the same work:
 *
 *   base   no tracking: phys_to_virt() of the cookie, as mvpp2 did;
 *   dft    the single calls, dft_alloc() and dft_handoff();
 *   bulk   as converted mvpp2 does: dft_handoff_bulk() and dft_alloc_bulk()
 *          for each NAPI budget (64) of hand-offs and of refills;
 *   naive  an xarray keyed by dma >> 6, xa_store(GFP_ATOMIC) and xa_erase().
 *
 * Each measurement prints one line per repetition,
 *   dft_bench: raw,TAG,CONFIG,BUFS,VARIANT,METRIC,REP,VALUE
 * with VALUE in tenths of a nanosecond per operation, or for the memory
 * metrics in bytes per buffer (tenths) and xa_node allocations per thousand
 * cycles.  tools/dft/bench.py turns them into medians, a table and a plot.
 *
 * The index's memory is counted exactly, from the kmem_cache_alloc and
 * kmem_cache_free tracepoints on radix_tree_node_cachep and the tracker's
 * chunk caches, object sizes summed, after an RCU barrier (both are freed
 * after a grace period), plus the size of each tracker's chunk cache.
 *
 * It is a KUnit suite only to reuse KUnit's device and runner; it checks
 * nothing but that the work it times succeeds.  Not for KUNIT_ALL_TESTS.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <trace/events/kmem.h>

#include "../radix-tree.h"
#include "../dma_frag_track/dft_internal.h"

static char *tag = "main";
module_param(tag, charp, 0444);
MODULE_PARM_DESC(tag, "Name of this kernel's configuration in the output");

static unsigned int reps = 5;
module_param(reps, uint, 0444);
MODULE_PARM_DESC(reps, "Repetitions of each measurement");

static unsigned int cycles = 65536;
module_param(cycles, uint, 0444);
MODULE_PARM_DESC(cycles, "RX cycles timed per repetition");

static unsigned long max_bufs = 1UL << 20;
module_param(max_bufs, ulong, 0444);
MODULE_PARM_DESC(max_bufs, "Skip configurations with more buffers");

static char *variants = "base,dft,bulk,naive";
module_param(variants, charp, 0444);
MODULE_PARM_DESC(variants, "Variants to run, of base,dft,bulk,naive");

#define BENCH_BATCH	256
#define BENCH_NAIVE_SHIFT 6
/* A NAPI poll's budget: what a driver refills at most at once. */
#define BENCH_NAPI	64

enum bench_variant {
	BENCH_BASE,
	BENCH_DFT,
	BENCH_BULK,
	BENCH_NAIVE,
	BENCH_NR_VARIANTS,
};

static const char * const bench_variant_name[] = {
	[BENCH_BASE]	= "base",
	[BENCH_DFT]	= "dft",
	[BENCH_BULK]	= "bulk",
	[BENCH_NAIVE]	= "naive",
};

struct bench_geom {
	unsigned int frag_size;
	unsigned int dma_len;
	bool page;
};

/*
 * mvpp2 in 6.12: a pool's buffers are page fragments when they fit a page,
 * as dft_create() picks by default, else kmalloc'd: SHORT and LONG are
 * page_frag, JUMBO is kmalloc with 4 KiB pages and page_frag with 64 KiB.
 */
#define BENCH_PAGE(size)	((size) <= PAGE_SIZE)
static const struct bench_geom bench_short = { 768, 448, BENCH_PAGE(768) };
static const struct bench_geom bench_long = { 2240, 1920, BENCH_PAGE(2240) };
static const struct bench_geom bench_jumbo = {
	10432, 10112, BENCH_PAGE(10432)
};

struct bench_cfg {
	const char *name;
	unsigned long bufs;		/* per pool */
	unsigned int npools;
	const struct bench_geom *geom[3];
};

/* One hardware pool: the buffers it holds, oldest first from @head. */
struct bench_pool {
	const struct bench_geom *geom;
	struct device *dev;
	enum bench_variant v;
	struct dma_frag_tracker *dft;
	struct xarray *naive;
	dma_addr_t *dma;
	phys_addr_t *phys;
	void **bufs;			/* BENCH_BATCH buffers, insert/forget */
	dma_addr_t *dmas;		/* BENCH_NAPI addresses, bulk refill */
	unsigned long n;
	unsigned long head;
};

#define BENCH_CFG(_name, _bufs, _geom) \
	{ .name = _name, .bufs = _bufs, .npools = 1, .geom = { _geom } }

static const struct bench_cfg bench_cfgs[] = {
	BENCH_CFG("short768", 1024, &bench_short),
	BENCH_CFG("short768", 4096, &bench_short),
	BENCH_CFG("short768", 65536, &bench_short),
	BENCH_CFG("short768", 1048576, &bench_short),
	BENCH_CFG("long2240", 1024, &bench_long),
	BENCH_CFG("long2240", 4096, &bench_long),
	BENCH_CFG("long2240", 65536, &bench_long),
	BENCH_CFG("long2240", 1048576, &bench_long),
	BENCH_CFG("jumbo10432", 1024, &bench_jumbo),
	BENCH_CFG("jumbo10432", 4096, &bench_jumbo),
	BENCH_CFG("jumbo10432", 65536, &bench_jumbo),
	{ .name = "mvpp2mix", .bufs = 2048, .npools = 3,
	  .geom = { &bench_short, &bench_long, &bench_jumbo } },
};

static void bench_cfg_desc(const struct bench_cfg *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s-%lu", c->name, c->bufs);
}

KUNIT_ARRAY_PARAM(bench, bench_cfgs, bench_cfg_desc);

/* Defeats the optimiser on lookups whose result is otherwise unused. */
static unsigned long bench_sink;

/*
 * The index's allocations (xa_nodes and chunks): how many, and their bytes
 * allocated and freed, counted while the probes are on.
 */
static atomic_long_t nodes_alloced, bytes_alloced, bytes_freed;
/* Of those bytes, the xa_nodes' alone. */
static atomic_long_t xa_bytes_alloced, xa_bytes_freed;

static bool bench_index_cache(const struct kmem_cache *s)
{
	return s == radix_tree_node_cachep || dft_chunk_cache_is(s);
}

static void probe_alloc(void *ignore, unsigned long call_site,
			const void *ptr, struct kmem_cache *s, gfp_t gfp,
			int node)
{
	if (ptr && bench_index_cache(s)) {
		atomic_long_inc(&nodes_alloced);
		atomic_long_add(kmem_cache_size(s), &bytes_alloced);
		if (s == radix_tree_node_cachep)
			atomic_long_add(kmem_cache_size(s), &xa_bytes_alloced);
	}
}

static void probe_free(void *ignore, unsigned long call_site,
		       const void *ptr, const struct kmem_cache *s)
{
	if (ptr && bench_index_cache(s)) {
		atomic_long_add(kmem_cache_size((struct kmem_cache *)s),
				&bytes_freed);
		if (s == radix_tree_node_cachep)
			atomic_long_add(kmem_cache_size((struct kmem_cache *)s),
					&xa_bytes_freed);
	}
}

static int bench_probes_on(void)
{
	int err;

	err = register_trace_kmem_cache_alloc(probe_alloc, NULL);
	if (err)
		return err;
	err = register_trace_kmem_cache_free(probe_free, NULL);
	if (err)
		unregister_trace_kmem_cache_alloc(probe_alloc, NULL);
	return err;
}

static void bench_probes_off(void)
{
	unregister_trace_kmem_cache_free(probe_free, NULL);
	unregister_trace_kmem_cache_alloc(probe_alloc, NULL);
	tracepoint_synchronize_unregister();
}

/* The trackers' chunk caches, once grown to their pools' size. */
static long bench_cache_bytes(struct bench_pool *pools, unsigned int np)
{
	struct dft_cache *cache;
	unsigned int k;
	long bytes = 0;

	for (k = 0; k < np; k++) {
		if (!pools[k].dft)
			continue;
		flush_work(&pools[k].dft->grow);
		cache = rcu_access_pointer(pools[k].dft->cache);
		bytes += struct_size(cache, chunk, cache->mask + 1);
	}
	return bytes;
}

/* The index's bytes alive now, once the frees RCU holds have happened. */
static long bench_bytes_alive(void)
{
	rcu_barrier();
	return atomic_long_read(&bytes_alloced) - atomic_long_read(&bytes_freed);
}

/* The xa_nodes' bytes alive now; after bench_bytes_alive(). */
static long bench_xa_bytes_alive(void)
{
	return atomic_long_read(&xa_bytes_alloced) -
	       atomic_long_read(&xa_bytes_freed);
}

static void bench_out(const char *cfg, unsigned long bufs,
		      enum bench_variant v, const char *metric,
		      unsigned int rep, u64 value)
{
	pr_info("dft_bench: raw,%s,%s,%lu,%s,%s,%u,%llu\n", tag, cfg, bufs,
		bench_variant_name[v], metric, rep, value);
}

static void *bench_buf_alloc(const struct bench_geom *g)
{
	if (g->page)
		return netdev_alloc_frag(g->frag_size);
	return kmalloc(g->frag_size, GFP_ATOMIC | __GFP_NOWARN);
}

static void bench_buf_free(const struct bench_geom *g, void *buf)
{
	if (g->page)
		skb_free_frag(buf);
	else
		kfree(buf);
}

/* Refill: allocate, map and track one buffer into ring slot @i. */
static int bench_refill(struct bench_pool *p, unsigned long i)
{
	const struct bench_geom *g = p->geom;
	dma_addr_t dma;
	void *buf;

	if (p->v == BENCH_DFT || p->v == BENCH_BULK)
		return dft_alloc(p->dft, GFP_ATOMIC, &p->dma[i]) ? 0 : -ENOMEM;

	buf = bench_buf_alloc(g);
	if (unlikely(!buf))
		return -ENOMEM;
	dma = dma_map_single(p->dev, buf, g->dma_len, DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(p->dev, dma)))
		goto free;
	if (p->v == BENCH_NAIVE &&
	    unlikely(xa_is_err(xa_store(p->naive, dma >> BENCH_NAIVE_SHIFT,
					buf, GFP_ATOMIC))))
		goto unmap;
	p->dma[i] = dma;
	if (p->v == BENCH_BASE)
		p->phys[i] = virt_to_phys(buf);
	return 0;

unmap:
	dma_unmap_single(p->dev, dma, g->dma_len, DMA_FROM_DEVICE);
free:
	bench_buf_free(g, buf);
	return -ENOMEM;
}

/* Refill @b ring slots from @head, a NAPI budget at a time. */
static int bench_refill_bulk(struct bench_pool *p, unsigned long head,
			     unsigned long b)
{
	unsigned long i, k, j = head;

	while (b) {
		k = min_t(unsigned long, b, BENCH_NAPI);
		if (dft_alloc_bulk(p->dft, GFP_ATOMIC, k, p->bufs, p->dmas) != k)
			return -ENOMEM;
		for (i = 0; i < k; i++, j = j + 1 == p->n ? 0 : j + 1)
			p->dma[j] = p->dmas[i];
		b -= k;
	}
	return 0;
}

/* Free a handed-off buffer or, with @skb, build an skb on it and free that. */
static int bench_consume(const struct bench_geom *g, void *buf, bool skb)
{
	struct sk_buff *s;

	if (!skb) {
		bench_buf_free(g, buf);
		return 0;
	}
	s = g->page ? build_skb(buf, g->frag_size) : slab_build_skb(buf);
	if (unlikely(!s)) {
		bench_buf_free(g, buf);
		return -ENOMEM;
	}
	skb_reserve(s, NET_SKB_PAD);
	skb_put(s, 64);
	consume_skb(s);
	return 0;
}

/*
 * Hand-off of ring slot @i: find the buffer, forget and unmap it, then
 * consume it.  The bulk variant drains through the single call too.
 */
static int bench_handoff(struct bench_pool *p, unsigned long i, bool skb)
{
	const struct bench_geom *g = p->geom;
	dma_addr_t dma = p->dma[i];
	void *buf;

	switch (p->v) {
	case BENCH_DFT:
	case BENCH_BULK:
		buf = dft_handoff(p->dft, dma, 0, NULL);
		if (unlikely(!buf))
			return -ENOENT;
		break;
	case BENCH_NAIVE:
		buf = xa_erase(p->naive, dma >> BENCH_NAIVE_SHIFT);
		if (unlikely(!buf))
			return -ENOENT;
		dma_unmap_single(p->dev, dma, g->dma_len, DMA_FROM_DEVICE);
		break;
	default:
		buf = phys_to_virt(p->phys[i]);
		dma_unmap_single(p->dev, dma, g->dma_len, DMA_FROM_DEVICE);
		break;
	}
	return bench_consume(g, buf, skb);
}

/* Hand off @b ring slots from @head, a NAPI budget at a time, and consume. */
static int bench_handoff_bulk(struct bench_pool *p, unsigned long head,
			      unsigned long b, bool skb)
{
	unsigned long i, k, j = head;
	int err = 0;

	while (b) {
		k = min_t(unsigned long, b, BENCH_NAPI);
		for (i = 0; i < k; i++, j = j + 1 == p->n ? 0 : j + 1)
			p->dmas[i] = p->dma[j];
		if (dft_handoff_bulk(p->dft, k, p->dmas, 0, p->bufs, NULL) != k)
			return -ENOENT;
		for (i = 0; i < k; i++)
			err |= bench_consume(p->geom, p->bufs[i], skb);
		b -= k;
	}
	return err;
}

static int bench_fill(struct bench_pool *p)
{
	unsigned long i;
	int err = 0;

	for (i = 0; i < p->n && !err; i++) {
		local_bh_disable();
		err = bench_refill(p, i);
		local_bh_enable();
		if (!(i % 4096))
			cond_resched();
	}
	p->head = 0;
	return err;
}

static void bench_drain(struct bench_pool *p)
{
	unsigned long i;

	for (i = 0; i < p->n; i++) {
		local_bh_disable();
		bench_handoff(p, i, false);
		local_bh_enable();
		if (!(i % 4096))
			cond_resched();
	}
}

static unsigned long bench_batch(const struct bench_pool *p)
{
	return clamp(p->n / 16, 1UL, (unsigned long)BENCH_BATCH);
}

/*
 * The time of every batch, so that a batch the host's scheduler stretched
 * (UML is a host process, sharing its CPUs with other jobs) is not averaged
 * in: bench_rec_sum() drops batches more than BENCH_OUTLIER times slower per
 * operation than the median batch, and counts them.
 */
#define BENCH_OUTLIER	8

struct bench_batch {
	u64 t[3];
	unsigned long ops;
};

struct bench_rec {
	struct bench_batch *b;
	u64 *x;
	unsigned long nb;
	unsigned long max;
	unsigned long dropped;
};

static void bench_rec_add(struct bench_rec *rec, unsigned long ops, u64 t0,
			  u64 t1, u64 t2)
{
	struct bench_batch *b;

	if (!rec || rec->nb >= rec->max)
		return;
	b = &rec->b[rec->nb++];
	b->t[0] = t0;
	b->t[1] = t1;
	b->t[2] = t2;
	b->ops = ops;
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Sum the phases of the batches kept; returns the operations they did. */
static unsigned long bench_rec_sum(struct bench_rec *rec, u64 t[3])
{
	unsigned long i, ops = 0;
	u64 m, x;

	t[0] = 0;
	t[1] = 0;
	t[2] = 0;
	if (!rec->nb)
		return 0;
	for (i = 0; i < rec->nb; i++) {
		struct bench_batch *b = &rec->b[i];

		rec->x[i] = div64_u64((b->t[0] + b->t[1] + b->t[2]) * 16,
				      b->ops);
	}
	sort(rec->x, rec->nb, sizeof(u64), bench_cmp_u64, NULL);
	m = rec->x[rec->nb / 2];
	for (i = 0; i < rec->nb; i++) {
		struct bench_batch *b = &rec->b[i];

		x = div64_u64((b->t[0] + b->t[1] + b->t[2]) * 16, b->ops);
		if (x > m * BENCH_OUTLIER && x > 16 * 1000) {
			rec->dropped++;
			continue;
		}
		t[0] += b->t[0];
		t[1] += b->t[1];
		t[2] += b->t[2];
		ops += b->ops;
	}
	rec->nb = 0;
	return ops;
}

/*
 * Steady state on a full pool: hand off the @b oldest buffers, refill their
 * slots.  Records the nanoseconds each half took in @rec.
 */
static int bench_cycle_batch(struct bench_pool *p, unsigned long b, bool skb,
			     struct bench_rec *rec)
{
	unsigned long i, j;
	u64 t0, t1, t2;
	int err = 0;

	local_bh_disable();
	t0 = ktime_get_ns();
	if (p->v == BENCH_BULK)
		err |= bench_handoff_bulk(p, p->head, b, skb);
	else
		for (i = 0, j = p->head; i < b;
		     i++, j = j + 1 == p->n ? 0 : j + 1)
			err |= bench_handoff(p, j, skb);
	t1 = ktime_get_ns();
	if (p->v == BENCH_BULK)
		err |= bench_refill_bulk(p, p->head, b);
	else
		for (i = 0, j = p->head; i < b; i++, j = j + 1 == p->n ? 0 : j + 1)
			err |= bench_refill(p, j);
	t2 = ktime_get_ns();
	local_bh_enable();
	p->head = j;
	bench_rec_add(rec, b, t1 - t0, t2 - t1, 0);
	return err;
}

/*
 * Time the library as a driver runs it, not as a KUnit test does: inside a
 * test, every KUNIT_STATIC_STUB_REDIRECT() (the tracker's kmemleak hooks)
 * looks up a replacement in the test's resources, under a spinlock.  With
 * the test pointer hidden they cost what they cost in any CONFIG_KUNIT=y
 * kernel: a static branch and a load; without CONFIG_KUNIT, nothing.
 */
static struct kunit *bench_leave_kunit(void)
{
	struct kunit *test = current->kunit_test;

	current->kunit_test = NULL;
	return test;
}

static void bench_enter_kunit(struct kunit *test)
{
	current->kunit_test = test;
}

/* Run @n cycles round-robin over @np pools, recording them in @rec. */
static int bench_cycles(struct bench_pool *pools, unsigned int np,
			unsigned long n, bool skb, struct bench_rec *rec)
{
	struct kunit *test = bench_leave_kunit();
	unsigned long done = 0, b;
	unsigned int k = 0;
	int err = 0;

	while (done < n && !err) {
		b = min(bench_batch(&pools[k]), n - done);
		err = bench_cycle_batch(&pools[k], b, skb, rec);
		done += b;
		k = (k + 1) % np;
		cond_resched();
	}
	bench_enter_kunit(test);
	return err;
}

/*
 * The tracker's primitives alone, over the same full pool: lookup of every
 * buffer in ring order, and forget then insert again of a batch.  Records
 * lookup, insert and forget in @rec; the baseline times an xa_lock_bh()
 * round trip in place of forget.
 */
static int bench_ops(struct bench_pool *p, unsigned long n,
		     struct bench_rec *rec)
{
	const struct dft_allocator *a = p->geom->page ?
		&dft_page_frag_allocator : &dft_kmalloc_allocator;
	unsigned long b = bench_batch(p), done, i, j, key;
	struct kunit *test = bench_leave_kunit();
	unsigned long sink = 0;
	u64 t0, t1, t2, t3;
	int err = 0;

	for (done = 0; done < n && !err; done += b) {
		local_bh_disable();
		t0 = ktime_get_ns();
		for (i = 0, j = p->head; i < b; i++, j = j + 1 == p->n ? 0 : j + 1) {
			if (p->v == BENCH_DFT || p->v == BENCH_BULK)
				sink += (unsigned long)dft_lookup(p->dft, p->dma[j]);
			else if (p->v == BENCH_NAIVE)
				sink += (unsigned long)xa_load(p->naive,
					p->dma[j] >> BENCH_NAIVE_SHIFT);
			else
				sink += (unsigned long)phys_to_virt(p->phys[j]);
		}
		t1 = ktime_get_ns();
		for (i = 0, j = p->head; i < b; i++, j = j + 1 == p->n ? 0 : j + 1) {
			key = p->dma[j] >> BENCH_NAIVE_SHIFT;
			if (p->v == BENCH_DFT || p->v == BENCH_BULK) {
				p->bufs[i] = dft_remove(p->dft, p->dma[j], NULL);
			} else if (p->v == BENCH_NAIVE) {
				p->bufs[i] = xa_erase(p->naive, key);
			} else {
				/* The floor of any locked update. */
				xa_lock_bh(p->naive);
				xa_unlock_bh(p->naive);
			}
		}
		t2 = ktime_get_ns();
		for (i = 0, j = p->head; i < b; i++, j = j + 1 == p->n ? 0 : j + 1) {
			key = p->dma[j] >> BENCH_NAIVE_SHIFT;
			if (p->v == BENCH_DFT || p->v == BENCH_BULK)
				err |= dft_add(p->dft, p->dma[j], p->bufs[i], a,
					       GFP_ATOMIC);
			else if (p->v == BENCH_NAIVE)
				err |= xa_err(xa_store(p->naive, key, p->bufs[i],
						       GFP_ATOMIC));
		}
		t3 = ktime_get_ns();
		local_bh_enable();
		p->head = j;
		bench_rec_add(rec, b, t1 - t0, t3 - t2, t2 - t1);
		cond_resched();
	}
	WRITE_ONCE(bench_sink, bench_sink + sink);
	bench_enter_kunit(test);
	return err;
}

struct bench_ctx {
	struct device *dev;
	struct bench_rec rec;
};

KUNIT_DEFINE_ACTION_WRAPPER(bench_vfree, vfree, const void *);

static int bench_init(struct kunit *test)
{
	struct bench_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->dev = kunit_device_register(test, "dma_frag_track_bench");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	ctx->dev->dma_mask = &ctx->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(ctx->dev,
							DMA_BIT_MASK(64)), 0);
	ctx->rec.max = cycles;
	ctx->rec.b = vcalloc(cycles, sizeof(*ctx->rec.b));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, bench_vfree,
							ctx->rec.b), 0);
	ctx->rec.x = vcalloc(cycles, sizeof(*ctx->rec.x));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, bench_vfree,
							ctx->rec.x), 0);
	KUNIT_ASSERT_TRUE(test, ctx->rec.b && ctx->rec.x);
	test->priv = ctx;
	return 0;
}

static bool bench_wanted(enum bench_variant v)
{
	const char *s = variants;
	size_t len = strlen(bench_variant_name[v]);

	while (s && *s) {
		if (!strncmp(s, bench_variant_name[v], len) &&
		    (s[len] == ',' || !s[len]))
			return true;
		s = strchr(s, ',');
		if (s)
			s++;
	}
	return false;
}

/* Set up the trackers of @np pools for variant @v. */
static int bench_pools_setup(struct kunit *test, struct bench_pool *pools,
			     unsigned int np, const struct bench_cfg *c,
			     enum bench_variant v, struct xarray *naive)
{
	struct bench_ctx *ctx = test->priv;
	unsigned int k;

	xa_init(naive);
	for (k = 0; k < np; k++) {
		struct bench_pool *p = &pools[k];
		struct dft_params params = {
			.name		= "bench",
			.dev		= ctx->dev,
			.dir		= DMA_FROM_DEVICE,
			.frag_size	= c->geom[k]->frag_size,
			.dma_len	= c->geom[k]->dma_len,
		};

		p->geom = c->geom[k];
		p->dev = ctx->dev;
		p->v = v;
		p->naive = naive;
		p->dft = NULL;
		if (v == BENCH_DFT || v == BENCH_BULK) {
			p->dft = dft_create(&params, GFP_KERNEL);
			if (!p->dft)
				return -ENOMEM;
		}
	}
	return 0;
}

static void bench_pools_teardown(struct kunit *test, struct bench_pool *pools,
				 unsigned int np, struct xarray *naive)
{
	unsigned int k;

	for (k = 0; k < np; k++) {
		if (pools[k].dft)
			KUNIT_EXPECT_EQ(test, dft_destroy(pools[k].dft, true), 0);
		pools[k].dft = NULL;
	}
	KUNIT_EXPECT_TRUE(test, xa_empty(naive));
	xa_destroy(naive);
}

static u64 bench_per_op(u64 ns, unsigned long ops)
{
	return ops ? div64_u64(ns * 10, ops) : 0;
}

/* Buffers the pools' trackers hold in their overflow. */
static unsigned long bench_over(struct bench_pool *pools, unsigned int np)
{
	unsigned long index, n = 0;
	struct dft_over *o;
	unsigned int k;

	for (k = 0; k < np; k++)
		xa_for_each(&pools[k].dft->over, index, o)
			n++;
	return n;
}

/*
 * One repetition of variant @v on configuration @c: fill, warm up, time the
 * RX cycle without and with the skb, the primitives alone, and on the first
 * repetition the tracking memory and xa_node churn; then drain.
 */
static void bench_one(struct kunit *test, const struct bench_cfg *c,
		      struct bench_pool *pools, enum bench_variant v,
		      unsigned int rep)
{
	unsigned long total = c->bufs * c->npools, n = cycles, ops;
	struct bench_ctx *ctx = test->priv;
	struct bench_rec *rec = &ctx->rec;
	long bytes0 = 0, bytes1 = 0, bytes2, nodes2 = 0, xa0 = 0, xa1 = 0;
	long cache1 = 0;
	u64 t[3], mem_bytes = 0, buf_bytes = 0;
	bool memory = rep == 0;
	struct xarray naive;
	unsigned int k;

	KUNIT_ASSERT_EQ(test, bench_pools_setup(test, pools, c->npools, c, v,
						&naive), 0);
	if (memory) {
		KUNIT_ASSERT_EQ(test, bench_probes_on(), 0);
		bytes0 = bench_bytes_alive();
		xa0 = bench_xa_bytes_alive();
	}
	for (k = 0; k < c->npools; k++) {
		KUNIT_ASSERT_EQ(test, bench_fill(&pools[k]), 0);
		buf_bytes += (u64)pools[k].n * c->geom[k]->frag_size;
	}
	if (memory) {
		bytes1 = bench_bytes_alive();
		xa1 = bench_xa_bytes_alive();
		cache1 = bench_cache_bytes(pools, c->npools);
		bytes1 += cache1;
		/* Steady-state churn: index allocations per 1000 cycles. */
		nodes2 = atomic_long_read(&nodes_alloced);
		KUNIT_ASSERT_EQ(test, bench_cycles(pools, c->npools, n, false,
						   NULL), 0);
		nodes2 = atomic_long_read(&nodes_alloced) - nodes2;
		/* And what the index holds after the churn: empty chunks. */
		bytes2 = bench_bytes_alive() +
			 bench_cache_bytes(pools, c->npools);
		bench_probes_off();
		bench_out(c->name, c->bufs, v, "mem_steady_per_buf_x10", 0,
			  div64_u64((u64)(bytes2 - bytes0) * 10, total));
		mem_bytes = bytes1 - bytes0;
		bench_out(c->name, c->bufs, v, "mem_per_buf_x10", 0,
			  div64_u64(mem_bytes * 10, total));
		/* What they are: xa_nodes, the chunk cache, chunks. */
		bench_out(c->name, c->bufs, v, "mem_xa_per_buf_x10", 0,
			  div64_u64((u64)(xa1 - xa0) * 10, total));
		bench_out(c->name, c->bufs, v, "mem_cache_per_buf_x10", 0,
			  div64_u64((u64)cache1 * 10, total));
		bench_out(c->name, c->bufs, v, "mem_pct_x1000", 0,
			  div64_u64(mem_bytes * 100000, buf_bytes));
		bench_out(c->name, c->bufs, v, "node_allocs_per_kcycle", 0,
			  div64_u64((u64)nodes2 * 1000, n));
	} else {
		/* Warm up into steady state. */
		KUNIT_ASSERT_EQ(test, bench_cycles(pools, c->npools, n / 4, false,
						   NULL), 0);
	}

	rec->dropped = 0;
	KUNIT_ASSERT_EQ(test, bench_cycles(pools, c->npools, n, false, rec), 0);
	ops = bench_rec_sum(rec, t);
	bench_out(c->name, c->bufs, v, "handoff", rep, bench_per_op(t[0], ops));
	bench_out(c->name, c->bufs, v, "refill", rep, bench_per_op(t[1], ops));
	bench_out(c->name, c->bufs, v, "cycle", rep,
		  bench_per_op(t[0] + t[1], ops));

	KUNIT_ASSERT_EQ(test, bench_cycles(pools, c->npools, n, true, rec), 0);
	ops = bench_rec_sum(rec, t);
	bench_out(c->name, c->bufs, v, "cycle_skb", rep,
		  bench_per_op(t[0] + t[1], ops));

	for (k = 0; k < c->npools; k++)
		KUNIT_ASSERT_EQ(test, bench_ops(&pools[k], n / c->npools, rec),
				0);
	ops = bench_rec_sum(rec, t);
	bench_out(c->name, c->bufs, v, "lookup", rep, bench_per_op(t[0], ops));
	if (v != BENCH_BASE) {
		bench_out(c->name, c->bufs, v, "insert", rep,
			  bench_per_op(t[1], ops));
		bench_out(c->name, c->bufs, v, "forget", rep,
			  bench_per_op(t[2], ops));
	} else {
		bench_out(c->name, c->bufs, v, "lock_bh", rep,
			  bench_per_op(t[2], ops));
	}
	/* Batches the host stretched, left out above. */
	bench_out(c->name, c->bufs, v, "dropped_batches", rep,
		  rec->dropped * 10);
	/* How many of the tracked buffers the mapping put in the overflow. */
	if (v == BENCH_DFT || v == BENCH_BULK)
		bench_out(c->name, c->bufs, v, "over_pct_x1000", rep,
			  div64_u64((u64)bench_over(pools, c->npools) * 100000,
				    total));

	for (k = 0; k < c->npools; k++)
		bench_drain(&pools[k]);
	bench_pools_teardown(test, pools, c->npools, &naive);
}

static struct bench_pool *bench_pools_alloc(struct kunit *test,
					    const struct bench_cfg *c)
{
	struct bench_pool *pools;
	unsigned int k;

	pools = kunit_kcalloc(test, c->npools, sizeof(*pools), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pools);
	for (k = 0; k < c->npools; k++) {
		pools[k].n = c->bufs;
		pools[k].dma = vcalloc(c->bufs, sizeof(dma_addr_t));
		pools[k].phys = vcalloc(c->bufs, sizeof(phys_addr_t));
		pools[k].bufs = kunit_kcalloc(test, BENCH_BATCH, sizeof(void *),
					      GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pools[k].bufs);
		pools[k].dmas = kunit_kcalloc(test, BENCH_NAPI,
					      sizeof(dma_addr_t), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pools[k].dmas);
		if (!pools[k].dma || !pools[k].phys) {
			vfree(pools[k].dma);
			vfree(pools[k].phys);
			pools[k].dma = NULL;
			pools[k].phys = NULL;
		}
	}
	return pools;
}

static void bench_pools_free(struct bench_pool *pools, unsigned int np)
{
	unsigned int k;

	for (k = 0; k < np; k++) {
		vfree(pools[k].dma);
		vfree(pools[k].phys);
	}
}

static void dma_frag_track_bench_rx_cycle(struct kunit *test)
{
	const struct bench_cfg *c = test->param_value;
	u64 need = 0, have = (u64)totalram_pages() << PAGE_SHIFT;
	struct bench_pool *pools;
	unsigned int rep, k;
	int v;

	for (k = 0; k < c->npools; k++)
		need += (u64)c->bufs * (c->geom[k]->frag_size + 64);
	if (c->bufs > max_bufs || need > have / 10 * 7)
		kunit_skip(test, "needs %llu MB, max_bufs %lu", need >> 20,
			   max_bufs);

	pools = bench_pools_alloc(test, c);
	for (k = 0; k < c->npools; k++) {
		if (!pools[k].dma) {
			bench_pools_free(pools, c->npools);
			KUNIT_FAIL(test, "no memory for the rings");
			return;
		}
	}
	/* Interleave the variants so that noise hits them alike. */
	for (rep = 0; rep < reps; rep++)
		for (v = 0; v < BENCH_NR_VARIANTS; v++)
			if (bench_wanted(v))
				bench_one(test, c, pools, v, rep);
	bench_pools_free(pools, c->npools);
}

/*
 * Contention: the shared pools serve every RX queue.  Two pools of
 * @cont_bufs buffers each share one tracker (one naive xarray); their RX
 * cycles run first one after the other on one CPU, then at once on two.
 */
static unsigned long cont_bufs = 4096;
module_param(cont_bufs, ulong, 0444);
MODULE_PARM_DESC(cont_bufs, "Buffers per CPU in the contention case");

static const struct bench_cfg bench_cont_cfg = {
	.name = "contention-long2240", .bufs = 4096, .npools = 2,
	.geom = { &bench_long, &bench_long },
};

struct bench_worker {
	struct bench_pool *pool;
	struct bench_rec *rec;
	atomic_t *go;
	struct completion done;
	u64 ns;
	int err;
};

/* Tenths of ns per cycle in @rec, host-stretched batches left out. */
static u64 bench_rec_cycle(struct bench_rec *rec)
{
	unsigned long ops;
	u64 t[3];

	ops = bench_rec_sum(rec, t);
	return bench_per_op(t[0] + t[1], ops);
}

static int bench_worker_fn(void *arg)
{
	struct bench_worker *w = arg;
	u64 t0;

	atomic_dec(w->go);
	while (atomic_read(w->go) > 0)
		cpu_relax();
	t0 = ktime_get_ns();
	w->err = bench_cycles(w->pool, 1, cycles, false, w->rec);
	w->ns = ktime_get_ns() - t0;
	complete(&w->done);
	return 0;
}

/*
 * Run the cycles of pools[0] and pools[1] on one CPU, or at once on two.
 * Returns CPU-ns per cycle from the wall time; @filtered gets the same from
 * the batches, without those the host stretched (a vCPU preempted by the
 * host, holding the tracker's lock or not).
 */
static u64 bench_cont_run(struct kunit *test, struct bench_pool *pools,
			  int ncpus, struct bench_rec *rec, u64 *filtered)
{
	struct bench_worker w[2] = {};
	struct task_struct *task;
	atomic_t go;
	int k;

	if (ncpus == 1) {
		u64 t0 = ktime_get_ns();

		KUNIT_ASSERT_EQ(test, bench_cycles(&pools[0], 1, cycles, false,
						   &rec[0]), 0);
		KUNIT_ASSERT_EQ(test, bench_cycles(&pools[1], 1, cycles, false,
						   &rec[0]), 0);
		t0 = ktime_get_ns() - t0;
		*filtered = bench_rec_cycle(&rec[0]);
		return bench_per_op(t0, 2UL * cycles);
	}
	atomic_set(&go, 2);
	for (k = 0; k < 2; k++) {
		w[k].pool = &pools[k];
		w[k].rec = &rec[k];
		w[k].go = &go;
		init_completion(&w[k].done);
		task = kthread_create(bench_worker_fn, &w[k], "dft_bench/%d", k);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		kthread_bind(task, cpumask_nth(k, cpu_online_mask));
		wake_up_process(task);
	}
	for (k = 0; k < 2; k++)
		wait_for_completion(&w[k].done);
	KUNIT_EXPECT_EQ(test, w[0].err | w[1].err, 0);
	*filtered = (bench_rec_cycle(&rec[0]) + bench_rec_cycle(&rec[1])) / 2;
	/* Per-CPU time per cycle: both ran at once. */
	return bench_per_op(max(w[0].ns, w[1].ns) * 2, 2UL * cycles);
}

static void dma_frag_track_bench_contention(struct kunit *test)
{
	struct bench_ctx *ctx = test->priv;
	struct bench_cfg c = bench_cont_cfg;
	struct bench_pool *pools;
	struct bench_rec rec[2];
	struct xarray naive;
	unsigned int rep, k;
	u64 ns, filtered;
	int v, ncpus;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs 2 CPUs");
	rec[0] = ctx->rec;
	rec[1] = ctx->rec;
	rec[1].b = vcalloc(cycles, sizeof(*rec[1].b));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, bench_vfree,
							rec[1].b), 0);
	rec[1].x = vcalloc(cycles, sizeof(*rec[1].x));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, bench_vfree,
							rec[1].x), 0);
	KUNIT_ASSERT_TRUE(test, rec[1].b && rec[1].x);
	c.bufs = cont_bufs;
	pools = bench_pools_alloc(test, &c);
	for (k = 0; k < c.npools; k++)
		KUNIT_ASSERT_NOT_NULL(test, pools[k].dma);
	for (rep = 0; rep < reps; rep++) {
		for (v = 0; v < BENCH_NR_VARIANTS; v++) {
			if (!bench_wanted(v))
				continue;
			KUNIT_ASSERT_EQ(test, bench_pools_setup(test, pools, 1,
								&c, v, &naive),
					0);
			/* The second pool shares the first one's tracker. */
			pools[1].geom = c.geom[1];
			pools[1].dev = pools[0].dev;
			pools[1].v = v;
			pools[1].dft = pools[0].dft;
			pools[1].naive = &naive;
			for (k = 0; k < 2; k++)
				KUNIT_ASSERT_EQ(test, bench_fill(&pools[k]), 0);
			for (ncpus = 1; ncpus <= 2; ncpus++) {
				ns = bench_cont_run(test, pools, ncpus, rec,
						    &filtered);
				bench_out(c.name, c.bufs, v,
					  ncpus == 1 ? "cycle_1cpu" : "cycle_2cpu",
					  rep, ns);
				bench_out(c.name, c.bufs, v,
					  ncpus == 1 ? "batch_1cpu" : "batch_2cpu",
					  rep, filtered);
			}
			for (k = 0; k < 2; k++)
				bench_drain(&pools[k]);
			bench_pools_teardown(test, pools, 1, &naive);
		}
	}
	bench_pools_free(pools, c.npools);
}

static struct kunit_case dma_frag_track_bench_cases[] = {
	KUNIT_CASE_PARAM(dma_frag_track_bench_rx_cycle, bench_gen_params),
	KUNIT_CASE(dma_frag_track_bench_contention),
	{}
};

static struct kunit_suite dma_frag_track_bench_suite = {
	.name = "dma_frag_track_bench",
	.init = bench_init,
	.test_cases = dma_frag_track_bench_cases,
};

kunit_test_suite(dma_frag_track_bench_suite);

MODULE_DESCRIPTION("Benchmark of dma_frag_track");
MODULE_LICENSE("GPL");
