// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for dma_frag_track.
 *
 * The tracker runs against a real struct device that DMA-maps, the real
 * page_frag and kmalloc allocators and, for handed-off buffers, the real
 * build_skb() and slab_build_skb().  Misuse reports are read back from the
 * console tracepoint, as mm/kfence/kfence_test.c does.
 */

#include <kunit/device.h>
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/gfp.h>
#include <linux/kmemleak.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/swiotlb.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <trace/events/dma.h>
#include <trace/events/printk.h>

#include "../dma_frag_track/dft_internal.h"

static unsigned int min_cpus = 1;
module_param(min_cpus, uint, 0444);
MODULE_PARM_DESC(min_cpus,
		 "CPUs the concurrency case requires (2 on an SMP test kernel)");

static bool bounced;
module_param(bounced, bool, 0444);
MODULE_PARM_DESC(bounced,
		 "Set when swiotlb=force bounces every mapping: cases that size for it check it does");

/* mvpp2's pool geometry in 6.12: SHORT and LONG are page_frag, JUMBO kmalloc. */
#define DFT_TEST_SHORT_FRAG	768
#define DFT_TEST_LONG_FRAG	2240
#define DFT_TEST_JUMBO_FRAG	10432
#define DFT_TEST_POOL_BUFS	2048
/* Round trips of page_frag buffers go far beyond one pool. */
#define DFT_TEST_MANY		100000

/* Console lines from dma_frag_track seen since the case started. */
static struct {
	spinlock_t lock;	/* protects the fields below */
	int nlines;
	char lines[16][256];
} observed = {
	.lock = __SPIN_LOCK_UNLOCKED(observed.lock),
};

static void probe_console(void *ignore, const char *buf, size_t len)
{
	unsigned long flags;

	if (!strnstr(buf, "dma_frag_track: ", len))
		return;
	spin_lock_irqsave(&observed.lock, flags);
	if (observed.nlines < ARRAY_SIZE(observed.lines))
		strscpy(observed.lines[observed.nlines++], buf,
			min(len + 1, sizeof(observed.lines[0])));
	spin_unlock_irqrestore(&observed.lock, flags);
}

static void observed_reset(void)
{
	unsigned long flags;

	spin_lock_irqsave(&observed.lock, flags);
	observed.nlines = 0;
	spin_unlock_irqrestore(&observed.lock, flags);
}

/* How many dma_frag_track lines contained all of @a and @b. */
static int observed_count(const char *a, const char *b)
{
	unsigned long flags;
	int i, n = 0;

	spin_lock_irqsave(&observed.lock, flags);
	for (i = 0; i < observed.nlines; i++)
		if (strstr(observed.lines[i], a) &&
		    (!b || strstr(observed.lines[i], b)))
			n++;
	spin_unlock_irqrestore(&observed.lock, flags);
	return n;
}

static int observed_total(void)
{
	return READ_ONCE(observed.nlines);
}

/*
 * A counting allocator of whole pages, with a kmemleak policy chosen per
 * instance: stands in for a driver's own allocator.
 */
static atomic_t test_pages_alloced, test_pages_freed;

static void *test_pages_alloc(unsigned int size, gfp_t gfp)
{
	void *buf = alloc_pages_exact(size, gfp);

	if (buf)
		atomic_inc(&test_pages_alloced);
	return buf;
}

static void test_pages_free(void *buf, unsigned int size)
{
	atomic_inc(&test_pages_freed);
	free_pages_exact(buf, size);
}

static const struct dft_allocator test_page_allocator = {
	.name	= "test_pages",
	.alloc	= test_pages_alloc,
	.free	= test_pages_free,
	.mem	= DFT_MEM_PAGE,
};

/* Same pages, declared as slab memory: kmemleak must be left alone. */
static const struct dft_allocator test_slab_allocator = {
	.name	= "test_slab",
	.alloc	= test_pages_alloc,
	.free	= test_pages_free,
	.mem	= DFT_MEM_SLAB,
};

static const struct dft_allocator test_extra_allocator = {
	.name	= "test_extra",
	.alloc	= test_pages_alloc,
	.free	= test_pages_free,
	.mem	= DFT_MEM_PAGE,
};

/* Fails every third allocation: part of a batch fails. */
static atomic_t test_flaky_calls;

static void *test_flaky_alloc(unsigned int size, gfp_t gfp)
{
	if (atomic_inc_return(&test_flaky_calls) % 3 == 0)
		return NULL;
	return test_pages_alloc(size, gfp);
}

static const struct dft_allocator test_flaky_allocator = {
	.name	= "test_flaky",
	.alloc	= test_flaky_alloc,
	.free	= test_pages_free,
	.mem	= DFT_MEM_PAGE,
};

/* What the tracker asked kmemleak to do, through the static stubs. */
static struct {
	int registered, unregistered;
	const void *last_registered, *last_unregistered;
	size_t last_size;
} leak;

static void stub_kmemleak_register(const void *buf, size_t size, gfp_t gfp)
{
	leak.registered++;
	leak.last_registered = buf;
	leak.last_size = size;
}

static void stub_kmemleak_unregister(const void *buf)
{
	leak.unregistered++;
	leak.last_unregistered = buf;
}

struct dft_test_ctx {
	struct device *dev;
};

struct dft_test_param {
	const char *desc;
	unsigned int frag_size;
	unsigned int dma_len;
	const struct dft_allocator *expect;
	unsigned int nbufs;	/* for the round trip */
	const struct dft_allocator *allocator;	/* NULL: the default */
};

/*
 * The allocator dft_create() picks by default, as mvpp2 does: page_frag
 * when the buffer fits a page, kmalloc above.  A jumbo buffer fits a 64 KiB
 * page: the kmalloc case asks for kmalloc, whatever the page size.
 */
#define DFT_TEST_BY_SIZE(size)						\
	((size) <= PAGE_SIZE ? &dft_page_frag_allocator : &dft_kmalloc_allocator)

static const struct dft_test_param dft_test_params[] = {
	{ "short page_frag", DFT_TEST_SHORT_FRAG, 448,
	  &dft_page_frag_allocator, DFT_TEST_MANY },
	{ "long page_frag", DFT_TEST_LONG_FRAG, 1920,
	  &dft_page_frag_allocator, DFT_TEST_MANY },
	{ "jumbo by page size", DFT_TEST_JUMBO_FRAG, 10112,
	  DFT_TEST_BY_SIZE(DFT_TEST_JUMBO_FRAG), DFT_TEST_POOL_BUFS },
	{ "jumbo kmalloc", DFT_TEST_JUMBO_FRAG, 10112,
	  &dft_kmalloc_allocator, DFT_TEST_POOL_BUFS,
	  &dft_kmalloc_allocator },
};

static void dft_test_param_desc(const struct dft_test_param *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dft_test, dft_test_params, dft_test_param_desc);

static int dft_test_init(struct kunit *test)
{
	struct dft_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	ctx->dev = kunit_device_register(test, "dma_frag_track_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	ctx->dev->dma_mask = &ctx->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(ctx->dev,
							DMA_BIT_MASK(64)), 0);
	test->priv = ctx;
	observed_reset();
	memset(&leak, 0, sizeof(leak));
	atomic_set(&test_pages_alloced, 0);
	atomic_set(&test_pages_freed, 0);
	atomic_set(&test_flaky_calls, 0);
	return 0;
}

static int dft_test_suite_init(struct kunit_suite *suite)
{
	return register_trace_console(probe_console, NULL);
}

static void dft_test_suite_exit(struct kunit_suite *suite)
{
	unregister_trace_console(probe_console, NULL);
	tracepoint_synchronize_unregister();
}

static void dft_destroy_quiesced(struct dma_frag_tracker *dft)
{
	dft_destroy(dft, true);
}

KUNIT_DEFINE_ACTION_WRAPPER(dft_destroy_action, dft_destroy_quiesced,
			    struct dma_frag_tracker *);

/* A tracker destroyed (quiesced) when the case ends, whatever happens. */
static struct dma_frag_tracker *
dft_test_create(struct kunit *test, unsigned int frag_size,
		unsigned int dma_len, const struct dft_allocator *allocator)
{
	struct dft_test_ctx *ctx = test->priv;
	struct dft_params params = {
		.name		= "dft_test",
		.dev		= ctx->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= frag_size,
		.dma_len	= dma_len,
		.allocator	= allocator,
	};
	struct dma_frag_tracker *dft;

	dft = dft_create(&params, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dft);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, dft_destroy_action, dft),
			0);
	return dft;
}

static struct dma_frag_tracker *
dft_test_create_param(struct kunit *test, const struct dft_test_param *p)
{
	return dft_test_create(test, p->frag_size, p->dma_len, p->allocator);
}

/* dft_alloc() picks the allocator by size, maps and tracks; dft_free() undoes. */
static void dma_frag_track_test_alloc_free(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	const unsigned int n = 64;
	struct dft_stats st;
	dma_addr_t *dma;
	void **buf;
	unsigned int i;

	dma = kunit_kcalloc(test, n, sizeof(*dma), GFP_KERNEL);
	buf = kunit_kcalloc(test, n, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	for (i = 0; i < n; i++) {
		buf[i] = dft_alloc(dft, GFP_KERNEL, &dma[i]);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)buf[i] & 3, 0UL);
	}
	KUNIT_EXPECT_STREQ(test, dft_name(dft), "dft_test");
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_PTR_EQ(test, st.allocator[0], p->expect);
	KUNIT_EXPECT_EQ(test, st.out[0], (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.total, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.high_water, (unsigned long)n);

	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma[i]), buf[i]);
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
		KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma[i]));
	}
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.high_water, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/* Hand-off to the stack: the buffer becomes an skb the stack frees. */
static void dma_frag_track_test_handoff_build_skb(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	const struct dft_allocator *a = NULL;
	struct sk_buff *skb;
	struct dft_stats st;
	dma_addr_t dma;
	void *buf, *got;

	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	/* As mvpp2 does: sync the bytes received, unmap without a sync. */
	dma_sync_single_for_cpu(((struct dft_test_ctx *)test->priv)->dev, dma,
				64, DMA_FROM_DEVICE);
	got = dft_handoff(dft, dma, DMA_ATTR_SKIP_CPU_SYNC, &a);
	KUNIT_ASSERT_PTR_EQ(test, got, buf);
	KUNIT_ASSERT_PTR_EQ(test, a, p->expect);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma));
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);

	if (a->mem == DFT_MEM_SLAB)
		skb = slab_build_skb(buf);
	else
		skb = build_skb(buf, p->frag_size);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_SKB_PAD);
	skb_put(skb, 60);
	consume_skb(skb);

	/* The address is gone: a second hand-off is refused and reported. */
	KUNIT_EXPECT_NULL(test, dft_handoff(dft, dma, 0, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", "dft_test"), 1);
}

/*
 * The high-water mark adds every possible CPU's count up: a bulk fill that
 * may sleep raises it, a refill from NAPI (GFP_ATOMIC) does not read other
 * CPUs' counts, per buffer or per batch.
 */
static void dma_frag_track_test_high_water(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	const unsigned int n = 16;
	struct dft_stats st;
	dma_addr_t *dma;
	unsigned int i;
	void **buf;

	dma = kunit_kcalloc(test, 2 * n, sizeof(*dma), GFP_KERNEL);
	buf = kunit_kcalloc(test, 2 * n, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, dma && buf);

	/* The fill raises it itself: no reader saw n. */
	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_KERNEL, n, buf, dma), n);
	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_ATOMIC, n, &buf[n],
					     &dma[n]), n);
	for (i = 0; i < 2 * n; i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	/* 2 * n was never seen: the refill read no other CPU's count. */
	KUNIT_EXPECT_EQ(test, st.high_water, (unsigned long)n);

	/* Readers raise it too, whatever tracked the buffers. */
	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_ATOMIC, 2 * n, buf, dma),
			2 * n);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.high_water, 2UL * n);
	for (i = 0; i < 2 * n; i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/*
 * A NAPI poll's refill and hand-off in batches: dft_alloc_bulk() and
 * dft_handoff_bulk() give each buffer the outcome dft_alloc() and
 * dft_handoff() would, and count the batch once.
 */
static void dma_frag_track_test_alloc_bulk(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	const unsigned int n = 64, h = n / 2;
	const struct dft_allocator **a;
	dma_addr_t *dma, *back;
	struct dft_stats st;
	void **buf, **got;
	unsigned int i;

	dma = kunit_kcalloc(test, n, sizeof(*dma), GFP_KERNEL);
	back = kunit_kcalloc(test, h + 2, sizeof(*back), GFP_KERNEL);
	buf = kunit_kcalloc(test, n, sizeof(*buf), GFP_KERNEL);
	got = kunit_kcalloc(test, h + 2, sizeof(*got), GFP_KERNEL);
	a = kunit_kcalloc(test, h + 2, sizeof(*a), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, dma && back && buf && got && a);

	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_KERNEL, n, buf, dma), n);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.out[0], (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.total, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.high_water, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, 0UL);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, (unsigned long)buf[i] & 3, 0UL);
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma[i]), buf[i]);
	}

	/* The first half, as a driver hands a poll's frames to the stack. */
	KUNIT_EXPECT_EQ(test, dft_handoff_bulk(dft, h, dma, 0, got, a), h);
	for (i = 0; i < h; i++) {
		KUNIT_EXPECT_PTR_EQ(test, got[i], buf[i]);
		KUNIT_EXPECT_PTR_EQ(test, a[i], p->expect);
		KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma[i]));
		a[i]->free(got[i], p->frag_size);
	}
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, (unsigned long)(n - h));
	KUNIT_EXPECT_EQ(test, st.out[0], (unsigned long)(n - h));

	/*
	 * The second half with an address handed off already and an unknown
	 * one among them: those two are refused and reported, the rest go.
	 */
	back[0] = dma[0];
	memcpy(&back[1], &dma[h], (n - h) * sizeof(*back));
	back[h + 1] = 0x12340000;
	KUNIT_EXPECT_EQ(test, dft_handoff_bulk(dft, h + 2, back, 0, got, NULL),
			h);
	KUNIT_EXPECT_NULL(test, got[0]);
	KUNIT_EXPECT_NULL(test, got[h + 1]);
	for (i = 1; i <= h; i++) {
		KUNIT_EXPECT_PTR_EQ(test, got[i], buf[h + i - 1]);
		p->expect->free(got[i], p->frag_size);
	}
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", "dft_test"), 2);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.out[0], 0UL);
	KUNIT_EXPECT_EQ(test, st.high_water, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_UNKNOWN], 2UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 2UL);
}

/*
 * Part of a batch fails to allocate (every third buffer, then each of the
 * tracker's own allocations in turn through fail-nth), or all of it fails
 * to map: the others are tracked, the failed ones are given back to their
 * allocator and counted in alloc_fail, as dft_alloc() does, and nothing is
 * reported.
 */
static void dma_frag_track_test_alloc_bulk_fault(struct kunit *test)
{
	struct dft_test_ctx *ctx = test->priv;
	const unsigned int n = 12;
	unsigned long fails = 0, kept = 0;
	struct dma_frag_tracker *dft;
	dma_addr_t dma[12];
	struct dft_stats st;
	unsigned int got, i;
	void *buf[12];

	dft = dft_test_create(test, 3 * PAGE_SIZE, 2048, &test_flaky_allocator);
	got = dft_alloc_bulk(dft, GFP_ATOMIC, n, buf, dma);
	KUNIT_EXPECT_EQ(test, got, n - n / 3);
	fails += n - got;
	kept += got;
	for (i = 0; i < got; i++)
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma[i]), buf[i]);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, kept);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, fails);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced) -
			atomic_read(&test_pages_freed), (int)kept);
	for (i = 0; i < got; i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	kept = 0;

#ifdef CONFIG_FAULT_INJECTION
	{
		unsigned int nth, lost = 0;
		bool fired = true;

		/* A fresh tracker: its chunks are allocated again. */
		dft = dft_test_create(test, 3 * PAGE_SIZE, 2048,
				      &test_page_allocator);
		/* A debug kernel allocates more: kmemleak's objects. */
		for (nth = 1; nth <= 64 && fired; nth++) {
			WRITE_ONCE(current->fail_nth, nth);
			got = dft_alloc_bulk(dft, GFP_ATOMIC, 2, buf, dma);
			fired = !READ_ONCE(current->fail_nth);
			WRITE_ONCE(current->fail_nth, 0);
			fails = 2 - got;
			lost += fails;
			dft_get_stats(dft, &st);
			KUNIT_EXPECT_EQ_MSG(test, st.alloc_fail, fails,
					    "fail-nth %u", nth);
			KUNIT_EXPECT_EQ(test, st.total, (unsigned long)got);
			if (!fired)
				KUNIT_EXPECT_EQ(test, got, 2U);
			for (i = 0; i < got; i++)
				KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
			kunit_release_action(test, dft_destroy_action, dft);
			dft = dft_test_create(test, 3 * PAGE_SIZE, 2048,
					      &test_page_allocator);
			KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced),
					atomic_read(&test_pages_freed));
		}
		KUNIT_EXPECT_FALSE(test, fired);
		/* The buffers' and the chunk's allocations can fail. */
		KUNIT_EXPECT_GE(test, lost, 2U);
		kunit_info(test, "fail-nth 1..%u: %u buffers not tracked\n",
			   nth - 2, lost);
	}
#endif

	/* No buffer of the batch can be mapped: all given back, counted. */
	dft = dft_test_create(test, 2048, 1536, &test_page_allocator);
	atomic_set(&test_pages_alloced, 0);
	atomic_set(&test_pages_freed, 0);
	ctx->dev->bus_dma_limit = PAGE_SIZE - 1;
	KUNIT_EXPECT_EQ(test, dft_alloc_bulk(dft, GFP_KERNEL, 4, buf, dma), 0U);
	ctx->dev->bus_dma_limit = 0;
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, 4UL);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced), 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 4);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/*
 * One walk per received buffer: dft_peek() finds it and leaves it tracked
 * (a frame dropped back to the device), dft_take() untracks and unmaps it
 * through the reference.  A reference whose buffer was untracked meanwhile
 * is refused, as a double free is.
 */
static void dma_frag_track_test_peek_take(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	struct dft_ref ref, stale;
	dma_addr_t dma, dma2;
	struct dft_stats st;
	void *buf, *buf2;

	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	buf2 = dft_alloc(dft, GFP_KERNEL, &dma2);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, buf2);

	/* As in a NAPI poll: softirqs off, an RCU read-side section. */
	local_bh_disable();
	KUNIT_EXPECT_PTR_EQ(test, dft_peek(dft, dma, &ref), buf);
	KUNIT_EXPECT_PTR_EQ(test, ref.buf, buf);
	KUNIT_EXPECT_PTR_EQ(test, ref.allocator, p->expect);
	/* Peeked, not taken: a dropped frame's buffer stays tracked. */
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma), buf);
	KUNIT_EXPECT_PTR_EQ(test, dft_peek(dft, dma, &ref), buf);
	KUNIT_EXPECT_PTR_EQ(test, dft_take(dft, &ref, 0), buf);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma));
	/* The same reference again. */
	KUNIT_EXPECT_NULL(test, dft_take(dft, &ref, 0));

	/* Freed by another path between peek and take. */
	KUNIT_EXPECT_PTR_EQ(test, dft_peek(dft, dma2, &stale), buf2);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma2, 0), 0);
	KUNIT_EXPECT_NULL(test, dft_take(dft, &stale, 0));
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", "dft_test"), 2);

	KUNIT_EXPECT_NULL(test, dft_peek(dft, 0x12340000, &ref));
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", "dft_test"), 3);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.out[0], 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_UNKNOWN], 3UL);
	p->expect->free(buf, p->frag_size);
}

/*
 * The chunks of DMA address space no buffer uses any more are freed once
 * they are a quarter of all chunks, and only those, and leave the chunk
 * cache (a lookup of theirs would read freed memory under KASAN): made-up
 * addresses 32 KiB apart put each buffer in a chunk of its own.
 */
static void dma_frag_track_test_reclaim(struct kunit *test)
{
	const unsigned int first = 64, second = 9;
	struct dma_frag_tracker *dft;
	const dma_addr_t base = 0x40000000, base2 = 0x80000000;
	unsigned int i;
	char *mem;

	dft = dft_test_create(test, DFT_TEST_SHORT_FRAG, 448,
			      &test_slab_allocator);
	/* 512-byte windows: each buffer 512-aligned like its address. */
	mem = kunit_kzalloc(test, (first + second) * 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, (unsigned long)mem & 511, 0UL);

	for (i = 0; i < first; i++)
		KUNIT_ASSERT_EQ(test, dft_add(dft, base + i * SZ_32K,
					      mem + i * 512,
					      &test_slab_allocator,
					      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft->nr_chunks, (unsigned long)first);
	/* The chunk cache grew to twice as many entries as chunks. */
	flush_work(&dft->grow);
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(dft->cache)->mask + 1,
			2UL * first);
	for (i = 0; i < first; i++)
		KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, base + i * SZ_32K,
						     NULL), mem + i * 512);
	/* Empty chunks stay: the next buffers are likely to use them. */
	KUNIT_EXPECT_EQ(test, dft->nr_chunks, (unsigned long)first);

	for (i = 0; i < second; i++)
		KUNIT_ASSERT_EQ(test, dft_add(dft, base2 + i * SZ_32K,
					      mem + (first + i) * 512,
					      &test_slab_allocator,
					      GFP_KERNEL), 0);
	/* Past a quarter more than at the last count: the empty ones go. */
	KUNIT_EXPECT_EQ(test, dft->nr_chunks, (unsigned long)second);
	/* Freed for good, so that KASAN sees a lookup that reads one. */
	rcu_barrier();
	for (i = 0; i < first; i++)
		KUNIT_EXPECT_NULL(test, dft_lookup(dft, base + i * SZ_32K));
	for (i = 0; i < second; i++) {
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, base2 + i * SZ_32K),
				    mem + (first + i) * 512);
		KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, base2 + i * SZ_32K,
						     NULL),
				    mem + (first + i) * 512);
	}
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/*
 * Reclaim frees the chunks through a block it allocates under the lock,
 * GFP_ATOMIC.  Fail each allocation of the dft_add() that reclaims, one at
 * a time, on a tracker with 64 empty chunks each time: a failed add tracks
 * nothing; when the block's allocation fails, the add still succeeds and
 * the empty chunks stay, all of them still in the index, until the next
 * chunk added reclaims them.
 */
static void dma_frag_track_test_reclaim_nomem(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	const unsigned int first = 64;
	const dma_addr_t base = 0x40000000, base2 = 0x80000000;
	unsigned int i, nth, kept = 0, reclaimed = 0;
	struct dma_frag_tracker *dft;
	unsigned long ckey;
	bool fired = true;
	char *mem;
	int err;

	mem = kunit_kzalloc(test, (first + 2) * 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, (unsigned long)mem & 511, 0UL);
	for (nth = 1; fired && nth < 32; nth++) {
		dft = dft_test_create(test, DFT_TEST_SHORT_FRAG, 448,
				      &test_slab_allocator);
		for (i = 0; i < first; i++)
			KUNIT_ASSERT_EQ(test, dft_add(dft, base + i * SZ_32K,
						      mem + i * 512,
						      &test_slab_allocator,
						      GFP_KERNEL), 0);
		for (i = 0; i < first; i++)
			KUNIT_ASSERT_PTR_EQ(test,
					    dft_remove(dft, base + i * SZ_32K,
						       NULL), mem + i * 512);
		/* The next chunk added reclaims. */
		dft->reclaim_at = first;

		WRITE_ONCE(current->fail_nth, nth);
		err = dft_add(dft, base2, mem + first * 512,
			      &test_slab_allocator, GFP_ATOMIC);
		fired = !READ_ONCE(current->fail_nth);
		WRITE_ONCE(current->fail_nth, 0);

		if (err) {
			KUNIT_EXPECT_EQ(test, err, -ENOMEM);
			KUNIT_EXPECT_TRUE(test, fired);
			KUNIT_EXPECT_NULL(test, dft_lookup(dft, base2));
			KUNIT_EXPECT_EQ(test, dft->nr_chunks,
					(unsigned long)first);
		} else if (dft->nr_chunks == first + 1) {
			/* The block's allocation failed: nothing freed. */
			kept++;
			KUNIT_EXPECT_TRUE(test, fired);
			for (i = 0; i < first; i++) {
				ckey = (base + i * SZ_32K) >>
				       (dft->shift + dft->cbits);
				KUNIT_EXPECT_NOT_NULL(test,
						      xa_load(&dft->xa, ckey));
			}
			/* The next chunk added tries again. */
			KUNIT_EXPECT_EQ(test,
					dft_add(dft, base2 + SZ_32K,
						mem + (first + 1) * 512,
						&test_slab_allocator,
						GFP_KERNEL), 0);
			KUNIT_EXPECT_EQ(test, dft->nr_chunks, 2UL);
			KUNIT_EXPECT_PTR_EQ(test,
					    dft_remove(dft, base2 + SZ_32K,
						       NULL),
					    mem + (first + 1) * 512);
		} else {
			reclaimed++;
			KUNIT_EXPECT_EQ(test, dft->nr_chunks, 1UL);
		}
		/* Freed chunks are gone for KASAN, the others still found. */
		rcu_barrier();
		KUNIT_EXPECT_NULL(test, dft_lookup(dft, base));
		if (!err)
			KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, base2, NULL),
					    mem + first * 512);
		kunit_release_action(test, dft_destroy_action, dft);
	}
	KUNIT_EXPECT_FALSE(test, fired);
	KUNIT_EXPECT_GT(test, kept, 0U);
	KUNIT_EXPECT_GT(test, reclaimed, 0U);
	kunit_info(test, "fail-nth 1..%u: %u reclaims without memory\n",
		   nth - 1, kept);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

/*
 * Fail, one at a time, each allocation dft_alloc() makes, through the
 * task's fail-nth counter as /proc/<pid>/fail-nth sets it
 * (Documentation/fault-injection/).  By default only allocations that do
 * not reclaim, of order 1 and up for pages, can fail: a GFP_ATOMIC refill.
 * The buffer's own allocation fails when it is of order 1 or more
 * (@buffer_can_fail): dft_alloc() returns NULL, counts it in alloc_fail
 * and tracks nothing.  The others recover: page_frag falls back to
 * order 0, and the xarray retries a node allocation with the caller's gfp
 * outside its lock; the buffer is then tracked as usual.  The sweep ends
 * at the first call that needed fewer allocations than the one to fail.
 */
static void dft_test_fault_sweep(struct kunit *test,
				 struct dma_frag_tracker *dft,
				 bool buffer_can_fail, bool pages)
{
#ifdef CONFIG_FAULT_INJECTION
	unsigned int nth, max, kept = 0, failed = 0;
	dma_addr_t dma[32];
	struct dft_stats st;
	bool fired = true;
	void *buf;

	max = ARRAY_SIZE(dma);
	for (nth = 1; nth <= max && fired; nth++) {
		WRITE_ONCE(current->fail_nth, nth);
		buf = dft_alloc(dft, GFP_ATOMIC, &dma[kept]);
		fired = !READ_ONCE(current->fail_nth);
		WRITE_ONCE(current->fail_nth, 0);

		dft_get_stats(dft, &st);
		if (!buf) {
			KUNIT_EXPECT_TRUE_MSG(test, fired, "fail-nth %u", nth);
			failed++;
		} else {
			KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma[kept]),
					    buf);
			kept++;
		}
		KUNIT_EXPECT_EQ(test, st.alloc_fail, (unsigned long)failed);
		KUNIT_EXPECT_EQ(test, st.total, (unsigned long)kept);
		/* A failed dft_alloc() gave its buffer back. */
		if (pages)
			KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced) -
					atomic_read(&test_pages_freed), kept);
	}
	KUNIT_EXPECT_FALSE_MSG(test, fired, "still failing at fail-nth %u",
			       max);
	/* At least one allocation was made and failed once. */
	KUNIT_EXPECT_GE(test, nth, 3U);
	if (buffer_can_fail)
		KUNIT_EXPECT_GT(test, failed, 0U);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	kunit_info(test, "%u allocations, %u failed dft_alloc()\n", nth - 2,
		   failed);

	while (kept)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[--kept], 0), 0);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	if (pages)
		KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced),
				atomic_read(&test_pages_freed));
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

/* mvpp2's pool geometries, with the allocators dft picks for them. */
static void dma_frag_track_test_alloc_fault(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;

	dft_test_fault_sweep(test, dft_test_create_param(test, p),
			     p->frag_size > PAGE_SIZE, false);
}

/* A driver's own allocator gets back every buffer dft_alloc() dropped. */
static void dma_frag_track_test_alloc_fault_frees(struct kunit *test)
{
	dft_test_fault_sweep(test, dft_test_create(test, 3 * PAGE_SIZE, 2048,
						   &test_page_allocator),
			     true, true);
}

/*
 * A buffer the device cannot reach: dma-direct refuses the mapping (and
 * WARNs once, as it does for any driver), dft_alloc() frees the buffer and
 * returns NULL.
 */
static void dma_frag_track_test_map_fail(struct kunit *test)
{
	struct dft_test_ctx *ctx = test->priv;
	struct dma_frag_tracker *dft;
	struct dft_stats st;
	dma_addr_t dma;

	dft = dft_test_create(test, 2048, 1536, &test_page_allocator);
	/* No buffer lies in the first page of physical memory. */
	ctx->dev->bus_dma_limit = PAGE_SIZE - 1;
	KUNIT_EXPECT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma));
	ctx->dev->bus_dma_limit = 0;

	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, 1UL);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 1);

	/* The same tracker maps again once the device can. */
	KUNIT_ASSERT_NOT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma));
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma, 0), 0);
}

/* Low-level add/remove around a driver's own allocation and mapping. */
static void dma_frag_track_test_add_remove(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	struct device *dev = ((struct dft_test_ctx *)test->priv)->dev;
	const struct dft_allocator *a = NULL;
	dma_addr_t dma;
	void *buf;

	buf = p->expect->alloc(p->frag_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	dma = dma_map_single(dev, buf, p->dma_len, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dma));

	KUNIT_EXPECT_EQ(test, dft_add(dft, dma, buf, p->expect, GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma), buf);
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, dma, &a), buf);
	KUNIT_EXPECT_PTR_EQ(test, a, p->expect);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma));

	dma_unmap_single(dev, dma, p->dma_len, DMA_FROM_DEVICE);
	p->expect->free(buf, p->frag_size);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/* Unknown address: -ENOENT, reported with the tracker and address. */
static void dma_frag_track_test_free_unknown(struct kunit *test)
{
	struct dma_frag_tracker *dft =
		dft_test_create(test, DFT_TEST_LONG_FRAG, 1920, NULL);
	struct dft_stats st;

	KUNIT_EXPECT_EQ(test, dft_free(dft, 0x12340000, 0), -ENOENT);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, 0x12340000));
	KUNIT_EXPECT_NULL(test, dft_handoff(dft, 0x12340000, 0, NULL));
	KUNIT_EXPECT_NULL(test, dft_remove(dft, 0x12340000, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("dft_test: DMA address 0x0000000012340000",
					     "not tracked"), 3);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.misuse, 3UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_UNKNOWN], 3UL);
}

/* Double free: the second is refused, reported, and frees nothing. */
static void dma_frag_track_test_free_double(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	dma_addr_t dma, other;
	void *buf, *keep;

	keep = dft_alloc(dft, GFP_KERNEL, &other);
	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, keep);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma, 0), 0);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, observed_count("not tracked (unknown or already freed)",
					     "caller"), 1);
	/* The other buffer is untouched. */
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, other), keep);
	KUNIT_EXPECT_EQ(test, dft_free(dft, other, 0), 0);
}

/*
 * An address inside a tracked buffer's index window is not that buffer.
 * Buffers start 64-byte aligned with dma-direct, so +1 and +4 stay in the
 * window; further in, an address may fall into the next window and is then
 * simply not tracked.
 */
static void dma_frag_track_test_free_inside(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	struct dft_stats st;
	dma_addr_t dma;
	void *buf;

	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, dma + 4));
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma + 4, 0), -EINVAL);
	KUNIT_EXPECT_NULL(test, dft_handoff(dft, dma + 1, 0, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("not the start of a tracked buffer",
					     "dft_test"), 2);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_NOT_START], 2UL);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma), buf);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma, 0), 0);
}

/* The same address tracked twice: -EBUSY, the first entry stays. */
static void dma_frag_track_test_add_twice(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	struct dft_stats st;
	dma_addr_t dma;
	void *buf;

	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, dft_add(dft, dma, buf, p->expect, GFP_KERNEL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, observed_count("already tracked", "dft_test"), 1);
	KUNIT_EXPECT_EQ(test, observed_count("already tracked (", p->expect->name),
			1);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_DUPLICATE], 1UL);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma), buf);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma, 0), 0);
}

/* A DMA address wider than an xarray index (32-bit, 64-bit dma_addr_t). */
static void dma_frag_track_test_add_key_too_large(struct kunit *test)
{
	struct dma_frag_tracker *dft =
		dft_test_create(test, 64, 64, &test_page_allocator);
	dma_addr_t dma = (dma_addr_t)~0ULL & ~(dma_addr_t)63;

	if (sizeof(dma_addr_t) * BITS_PER_BYTE - 6 < BITS_PER_LONG)
		kunit_skip(test, "every DMA address fits an index here");
	KUNIT_EXPECT_EQ(test, dft_add(dft, dma, test, &test_page_allocator,
				      GFP_KERNEL), -ERANGE);
	KUNIT_EXPECT_EQ(test, observed_count("does not fit", NULL), 1);
}

/*
 * DMA addresses whose low bits do not follow the virtual address (bounce
 * buffers, an IOMMU) go to the overflow with their whole address, and are
 * still found by their exact start only.  dft_add() and dft_remove()
 * neither map nor unmap, so made-up addresses do here.
 */
static void dma_frag_track_test_add_off_rule(struct kunit *test)
{
	struct dma_frag_tracker *dft =
		dft_test_create(test, 2048, 1536, &test_slab_allocator);
	const dma_addr_t a = 0x40000000, b = 0x40100040, c = 0x40200000;
	void *pa, *pb, *pc;

	pa = alloc_pages_exact(2048, GFP_KERNEL);
	pb = alloc_pages_exact(2048, GFP_KERNEL);
	pc = alloc_pages_exact(2048, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pa);
	KUNIT_ASSERT_NOT_NULL(test, pb);
	KUNIT_ASSERT_NOT_NULL(test, pc);

	/* pa teaches the tracker page-aligned buffers map page-aligned. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, a, pa, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(dft->over_any));
	/* pb is page-aligned but its address is not: the overflow. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, b, pb, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft_add(dft, c, pc, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&dft->over, b >> 10));
	KUNIT_EXPECT_NULL(test, xa_load(&dft->over, c >> 10));
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, a), pa);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, b), pb);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, c), pc);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, b - 0x40));
	KUNIT_EXPECT_NULL(test, dft_remove(dft, b + 0x40, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("not the start", NULL), 1);

	/* Off the rule in a's window: the overflow too, a untouched. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, a + 0x40, pc + 1024,
				      &test_slab_allocator, GFP_KERNEL), 0);
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&dft->over, (a + 0x40) >> 10));
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, a + 0x40), pc + 1024);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, a), pa);
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, a + 0x40, NULL), pc + 1024);

	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, b, NULL), pb);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, b));
	/* The overflow empty, lookups stop consulting it. */
	KUNIT_EXPECT_TRUE(test, xa_empty(&dft->over));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(dft->over_any));
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, a, NULL), pa);
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, c, NULL), pc);
	free_pages_exact(pa, 2048);
	free_pages_exact(pb, 2048);
	free_pages_exact(pc, 2048);
}

/*
 * Two live buffers mapped closer than the index window, as swiotlb's 2 KiB
 * slots place them for a pool of 4 KiB fragments of which 1 KiB is mapped:
 * both tracked, the second in the overflow, each found at its own address
 * and nowhere else, each refused a second time, each freed once.
 */
static void dma_frag_track_test_add_collision(struct kunit *test)
{
	struct dma_frag_tracker *dft =
		dft_test_create(test, 4096, 1024, &test_slab_allocator);
	const dma_addr_t a = 0x50000000, b = 0x50000800, c = 0x50000400;
	struct dft_stats st;
	void *pa, *pb, *pc, *pgb, *pgc;

	pa = alloc_pages_exact(4096, GFP_KERNEL);
	pgb = alloc_pages_exact(4096, GFP_KERNEL);
	pgc = alloc_pages_exact(4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pa);
	KUNIT_ASSERT_NOT_NULL(test, pgb);
	KUNIT_ASSERT_NOT_NULL(test, pgc);
	/*
	 * b and c follow the rule a teaches (their low bits are their
	 * virtual address's): only a holding their window sends them to
	 * the overflow.
	 */
	pb = pgb + 0x800;
	pc = pgc + 0x400;

	KUNIT_EXPECT_EQ(test, dft_add(dft, a, pa, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft_add(dft, b, pb, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft_add(dft, c, pc, &test_slab_allocator,
				      GFP_KERNEL), 0);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(dft->over_any));
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&dft->over, b >> 10));
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&dft->over, c >> 10));
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, a), pa);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, b), pb);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, c), pc);
	/* Inside b, and between buffers: no buffer starts there. */
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, b + 0x40));
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, a + 0x200));
	KUNIT_EXPECT_NULL(test, dft_remove(dft, b + 0x40, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("not the start", NULL), 1);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 3UL);

	/* Each address a second time, as any allocator's: a duplicate. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, a, pb, &test_slab_allocator,
				      GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, dft_add(dft, b, pa, &test_extra_allocator,
				      GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, observed_count("already tracked (test_slab)",
					     NULL), 2);

	/* The window's holder gone, b is still b, and still b's only. */
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, a, NULL), pa);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, b), pb);
	KUNIT_EXPECT_EQ(test, dft_add(dft, b, pb, &test_slab_allocator,
				      GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_NULL(test, dft_lookup(dft, a));
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, b, NULL), pb);
	KUNIT_EXPECT_NULL(test, dft_remove(dft, b, NULL));
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", NULL), 1);
	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, c, NULL), pc);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(dft->over_any));
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_DUPLICATE], 3UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_NOT_START], 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_UNKNOWN], 1UL);
	free_pages_exact(pa, 4096);
	free_pages_exact(pgb, 4096);
	free_pages_exact(pgc, 4096);
}

/* A fourth allocator does not fit the tag bits: -ENOSPC. */
static void dma_frag_track_test_add_fourth_allocator(struct kunit *test)
{
	static const struct dft_allocator *const a[] = {
		&test_slab_allocator, &test_extra_allocator,
		&dft_kmalloc_allocator,
	};
	struct dma_frag_tracker *dft =
		dft_test_create(test, PAGE_SIZE, PAGE_SIZE, &test_page_allocator);
	struct device *dev = ((struct dft_test_ctx *)test->priv)->dev;
	dma_addr_t dma[ARRAY_SIZE(a)];
	struct dft_stats st;
	void *buf[ARRAY_SIZE(a)];
	int i;

	for (i = 0; i < ARRAY_SIZE(a); i++) {
		buf[i] = alloc_pages_exact(PAGE_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
		dma[i] = dma_map_single(dev, buf[i], PAGE_SIZE, DMA_FROM_DEVICE);
		KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dma[i]));
	}
	KUNIT_EXPECT_EQ(test, dft_add(dft, dma[0], buf[0], a[0], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft_add(dft, dma[1], buf[1], a[1], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dft_add(dft, dma[2], buf[2], a[2], GFP_KERNEL),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, observed_count("allocator kmalloc would be more than 3",
					     NULL), 1);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_PTR_EQ(test, st.allocator[0], &test_page_allocator);
	KUNIT_EXPECT_PTR_EQ(test, st.allocator[1], a[0]);
	KUNIT_EXPECT_PTR_EQ(test, st.allocator[2], a[1]);
	KUNIT_EXPECT_EQ(test, st.out[1], 1UL);
	KUNIT_EXPECT_EQ(test, st.out[2], 1UL);

	/* The recorded allocator, not the tracker's default, is returned. */
	for (i = 0; i < 2; i++) {
		const struct dft_allocator *got = NULL;

		KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, dma[i], &got), buf[i]);
		KUNIT_EXPECT_PTR_EQ(test, got, a[i]);
	}
	for (i = 0; i < ARRAY_SIZE(a); i++) {
		dma_unmap_single(dev, dma[i], PAGE_SIZE, DMA_FROM_DEVICE);
		free_pages_exact(buf[i], PAGE_SIZE);
	}
}

/*
 * A plugged-in allocator: the tracker allocates and frees through it and
 * applies its kmemleak policy (register while tracked for DFT_MEM_PAGE,
 * never for DFT_MEM_SLAB).
 */
static void dma_frag_track_test_custom_allocator(struct kunit *test)
{
	struct dma_frag_tracker *page_dft, *slab_dft;
	dma_addr_t dma, dma2;
	void *buf, *buf2;

	kunit_activate_static_stub(test, dft_kmemleak_register,
				   stub_kmemleak_register);
	kunit_activate_static_stub(test, dft_kmemleak_unregister,
				   stub_kmemleak_unregister);
	page_dft = dft_test_create(test, 2048, 1536, &test_page_allocator);
	slab_dft = dft_test_create(test, 2048, 1536, &test_slab_allocator);

	buf = dft_alloc(page_dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_alloced), 1);
	KUNIT_EXPECT_EQ(test, leak.registered, 1);
	KUNIT_EXPECT_PTR_EQ(test, leak.last_registered, (const void *)buf);
	KUNIT_EXPECT_EQ(test, leak.last_size, (size_t)2048);
	KUNIT_EXPECT_EQ(test, leak.unregistered, 0);

	KUNIT_EXPECT_EQ(test, dft_free(page_dft, dma, 0), 0);
	KUNIT_EXPECT_EQ(test, leak.unregistered, 1);
	KUNIT_EXPECT_PTR_EQ(test, leak.last_unregistered, (const void *)buf);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 1);

	buf2 = dft_alloc(slab_dft, GFP_KERNEL, &dma2);
	KUNIT_ASSERT_NOT_NULL(test, buf2);
	KUNIT_EXPECT_EQ(test, dft_free(slab_dft, dma2, 0), 0);
	KUNIT_EXPECT_EQ(test, leak.registered, 1);
	KUNIT_EXPECT_EQ(test, leak.unregistered, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 2);
}

/* The built-in allocators' kmemleak policy: page_frag yes, kmalloc never. */
static void dma_frag_track_test_kmemleak_policy(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft;
	const struct dft_allocator *a;
	int expect;
	dma_addr_t dma;
	void *buf;

	kunit_activate_static_stub(test, dft_kmemleak_register,
				   stub_kmemleak_register);
	kunit_activate_static_stub(test, dft_kmemleak_unregister,
				   stub_kmemleak_unregister);
	dft = dft_test_create_param(test, p);
	expect = p->expect->mem == DFT_MEM_PAGE;

	buf = dft_alloc(dft, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, leak.registered, expect);
	/* Unregistered before the stack gets it. */
	KUNIT_EXPECT_PTR_EQ(test, dft_handoff(dft, dma, 0, &a), buf);
	KUNIT_EXPECT_EQ(test, leak.unregistered, expect);
	if (expect)
		KUNIT_EXPECT_PTR_EQ(test, leak.last_unregistered,
				    (const void *)buf);
	a->free(buf, p->frag_size);
}

/* The test device's dma_unmap_page events, from the DMA API's tracepoint. */
static struct {
	struct device *dev;
	int n, bad;
	dma_addr_t addr[8];
} unmapped;

static void probe_unmap(void *ignore, struct device *dev, dma_addr_t addr,
			size_t size, enum dma_data_direction dir,
			unsigned long attrs)
{
	if (dev != unmapped.dev)
		return;
	if (size != 1536 || dir != DMA_FROM_DEVICE ||
	    unmapped.n >= ARRAY_SIZE(unmapped.addr)) {
		unmapped.bad++;
		return;
	}
	unmapped.addr[unmapped.n++] = addr;
}

static int unmapped_count(dma_addr_t dma)
{
	int i, n = 0;

	for (i = 0; i < unmapped.n; i++)
		n += unmapped.addr[i] == dma;
	return n;
}

static void dft_test_destroy_with_buffers(struct kunit *test, bool quiesced)
{
	static const struct dft_allocator *const allocs[] = {
		&test_page_allocator, &test_slab_allocator,
	};
	struct dft_test_ctx *ctx = test->priv;
	struct dft_params params = {
		.name		= "dft_teardown",
		.dev		= ctx->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= 2048,
		.dma_len	= 1536,
		.allocator	= &test_page_allocator,
	};
	struct dma_frag_tracker *dft;
	dma_addr_t dma[6];
	void *buf[6];
	int i;

	dft = dft_create(&params, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dft);
	memset(&unmapped, 0, sizeof(unmapped));
	unmapped.dev = ctx->dev;
	for (i = 0; i < 4; i++) {
		buf[i] = dft_alloc(dft, GFP_KERNEL, &dma[i]);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
	}
	for (i = 4; i < 6; i++) {
		buf[i] = test_pages_alloc(2048, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
		dma[i] = dma_map_single(ctx->dev, buf[i], 1536, DMA_FROM_DEVICE);
		KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, dma[i]));
		KUNIT_ASSERT_EQ(test, dft_add(dft, dma[i], buf[i], allocs[1],
					      GFP_KERNEL), 0);
	}
	/* Freed in the meantime: not counted at teardown. */
	KUNIT_ASSERT_EQ(test, dft_free(dft, dma[0], 0), 0);
	KUNIT_ASSERT_EQ(test, atomic_read(&test_pages_freed), 1);

	KUNIT_ASSERT_EQ(test, register_trace_dma_unmap_page(probe_unmap, NULL),
			0);
	KUNIT_EXPECT_EQ(test, dft_destroy(dft, quiesced), 5UL);
	unregister_trace_dma_unmap_page(probe_unmap, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_EQ(test,
			observed_count("dft_teardown: destroyed with 5 buffers still tracked",
				       "(test_pages: 3, test_slab: 2, -: 0)"),
			1);
	KUNIT_EXPECT_EQ(test,
			observed_count("dft_teardown: destroyed",
				       quiesced ? "unmapped and freed" :
						  "not quiesced: left mapped and allocated"),
			1);
	if (quiesced) {
		/* Each unmapped once, at its address, then freed once. */
		KUNIT_EXPECT_EQ(test, unmapped.n, 5);
		KUNIT_EXPECT_EQ(test, unmapped.bad, 0);
		for (i = 1; i < 6; i++)
			KUNIT_EXPECT_EQ_MSG(test, unmapped_count(dma[i]), 1,
					    "buffer %d", i);
		KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 6);
		return;
	}

	/* Nothing unmapped or freed: the device might still write into them. */
	KUNIT_EXPECT_EQ(test, unmapped.n, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&test_pages_freed), 1);
	/*
	 * They are the test's now, as they would be a driver's after a device
	 * reset.  The memory is reused by an allocator kmemleak tracks, then
	 * freed: had the tracker left its kmemleak objects behind, the new one
	 * would overlap them and kmemleak would switch itself off (which the
	 * kunit-debug gate's log check catches).
	 */
	for (i = 1; i < 6; i++) {
		dma_unmap_single(ctx->dev, dma[i], 1536, DMA_FROM_DEVICE);
		if (i < 4) {
			kmemleak_alloc(buf[i], 2048, 1, GFP_KERNEL);
			kmemleak_free(buf[i]);
		}
		test_pages_free(buf[i], 2048);
	}
}

/* Teardown with buffers out, device quiesced: all unmapped and freed. */
static void dma_frag_track_test_destroy_quiesced(struct kunit *test)
{
	dft_test_destroy_with_buffers(test, true);
}

/* Teardown with buffers out, device live: none freed, all reported. */
static void dma_frag_track_test_destroy_not_quiesced(struct kunit *test)
{
	dft_test_destroy_with_buffers(test, false);
}

/*
 * Teardown with page_frag buffers out, device live: the tracker leaves no
 * kmemleak object behind it, whatever later becomes of the memory.
 */
static void dma_frag_track_test_destroy_not_quiesced_kmemleak(struct kunit *test)
{
	const struct dft_allocator *a = &dft_page_frag_allocator;
	struct dft_test_ctx *ctx = test->priv;
	struct dft_params params = {
		.name		= "dft_teardown",
		.dev		= ctx->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= DFT_TEST_LONG_FRAG,
		.dma_len	= 1920,
		.allocator	= a,
	};
	struct dma_frag_tracker *dft;
	dma_addr_t dma[3];
	void *buf[3];
	int i;

	kunit_activate_static_stub(test, dft_kmemleak_register,
				   stub_kmemleak_register);
	kunit_activate_static_stub(test, dft_kmemleak_unregister,
				   stub_kmemleak_unregister);
	dft = dft_create(&params, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dft);
	for (i = 0; i < 3; i++) {
		buf[i] = dft_alloc(dft, GFP_KERNEL, &dma[i]);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
	}
	KUNIT_EXPECT_EQ(test, leak.registered, 3);
	KUNIT_EXPECT_EQ(test, dft_destroy(dft, false), 3UL);
	/* Every buffer the tracker registered, unregistered. */
	KUNIT_EXPECT_EQ(test, leak.unregistered, 3);
	for (i = 0; i < 3; i++) {
		dma_unmap_single(ctx->dev, dma[i], 1920, DMA_FROM_DEVICE);
		a->free(buf[i], DFT_TEST_LONG_FRAG);
	}
}

/*
 * One page_frag buffer tracked twice, under a second DMA address or by a
 * second tracker, would be registered with kmemleak twice: refused, and
 * reported as a duplicate naming the tracker that has it.  Needs the real
 * kmemleak, which would otherwise switch itself off here.
 */
static void dma_frag_track_test_add_buffer_twice(struct kunit *test)
{
	const struct dft_allocator *a = &dft_page_frag_allocator;
	struct dma_frag_tracker *one, *two;
	struct dft_stats st;
	dma_addr_t dma;
	void *buf;

	if (!IS_ENABLED(CONFIG_DEBUG_KMEMLEAK))
		kunit_skip(test, "needs CONFIG_DEBUG_KMEMLEAK");
	one = dft_test_create(test, DFT_TEST_LONG_FRAG, 1920, a);
	two = dft_test_create(test, DFT_TEST_LONG_FRAG, 1920, a);
	buf = dft_alloc(one, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	/* A second tracker: dft_add() neither maps nor unmaps. */
	KUNIT_EXPECT_EQ(test, dft_add(two, dma, buf, a, GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, observed_count("already tracked by dft_test",
					     "buffer"), 1);
	dft_get_stats(two, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_DUPLICATE], 1UL);

	/* The same tracker, another window: the same buffer all the same. */
	observed_reset();
	KUNIT_EXPECT_EQ(test, dft_add(one, dma + SZ_1M, buf, a, GFP_KERNEL),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, observed_count("already tracked by dft_test",
					     NULL), 1);
	KUNIT_EXPECT_NULL(test, dft_lookup(one, dma + SZ_1M));
	/* And a buffer that only overlaps it. */
	KUNIT_EXPECT_EQ(test, dft_add(two, dma + SZ_1M, buf + 64, a,
				      GFP_KERNEL), -EBUSY);
	dft_get_stats(one, &st);
	KUNIT_EXPECT_EQ(test, st.total, 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_DUPLICATE], 1UL);

	/* Once freed, its memory may be tracked again: nothing stale held. */
	KUNIT_EXPECT_EQ(test, dft_free(one, dma, 0), 0);
	buf = dft_alloc(two, GFP_KERNEL, &dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, dft_free(two, dma, 0), 0);
}

/* Misuse reports are rate-limited per tracker, not globally. */
static void dma_frag_track_test_misuse_ratelimit(struct kunit *test)
{
	struct dma_frag_tracker *noisy =
		dft_test_create(test, DFT_TEST_LONG_FRAG, 1920, NULL);
	struct dma_frag_tracker *quiet =
		dft_test_create(test, DFT_TEST_SHORT_FRAG, 448, NULL);
	struct dft_stats st;
	int i;

	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, dft_free(noisy, 0x1000000 + i * 4096, 0),
				-ENOENT);
	KUNIT_EXPECT_LE(test, observed_count("not tracked", NULL),
			DEFAULT_RATELIMIT_BURST);
	dft_get_stats(noisy, &st);
	KUNIT_EXPECT_EQ(test, st.misuse, 100UL);

	observed_reset();
	KUNIT_EXPECT_EQ(test, dft_free(quiet, 0x2000000, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, observed_count("not tracked", NULL), 1);
}

/* One bad parameter each, and the reason dft_create() gives. */
struct dft_test_invalid {
	const char *desc;
	const char *why;
	unsigned int frag_size;
	unsigned int dma_len;
	enum dma_data_direction dir;
	bool no_dev;
	bool no_name;
};

static const struct dft_test_invalid dft_test_invalids[] = {
	{ "frag_size below 64", "frag_size below 64", 32, 32, DMA_FROM_DEVICE },
	{ "dma_len 0", "dma_len 0", 1024, 0, DMA_FROM_DEVICE },
	{ "dma_len above frag_size", "dma_len above frag_size", 1024, 2048,
	  DMA_FROM_DEVICE },
	{ "no device", "no device", 1024, 512, DMA_FROM_DEVICE, true },
	{ "no name", "no name", 1024, 512, DMA_FROM_DEVICE, false, true },
	{ "DMA_NONE", "not a DMA direction", 1024, 512, DMA_NONE },
};

static void dft_test_invalid_desc(const struct dft_test_invalid *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(dft_test_invalid, dft_test_invalids, dft_test_invalid_desc);

/* Invalid parameters are refused with NULL and a message saying which. */
static void dma_frag_track_test_create_invalid(struct kunit *test)
{
	const struct dft_test_invalid *p = test->param_value;
	struct dft_test_ctx *ctx = test->priv;
	struct dft_params good = {
		.name		= "dft_bad",
		.dev		= ctx->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= 1024,
		.dma_len	= 512,
	};
	struct dft_params params = good;
	struct dma_frag_tracker *dft;

	/* The same parameters with the one flaw fixed are fine. */
	dft = dft_create(&good, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dft);
	dft_destroy(dft, true);

	params.frag_size = p->frag_size;
	params.dma_len = p->dma_len;
	params.dir = p->dir;
	if (p->no_dev)
		params.dev = NULL;
	if (p->no_name)
		params.name = NULL;
	KUNIT_EXPECT_NULL(test, dft_create(&params, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, observed_count("invalid parameters", p->why), 1);
}

/* Whether the DMA API bounces every streaming mapping of @dev. */
static bool dft_test_bounced(struct device *dev)
{
	return is_swiotlb_force_bounce(dev);
}

/*
 * How many buffers of @dma_len bytes @dev can have mapped at once, at most
 * @n: with every mapping bounced (swiotlb=force, a confidential-computing
 * guest), half the bounce pool's slots, leaving the rest to fragmentation
 * and to other devices.
 */
static unsigned int dft_test_mappable(struct device *dev, unsigned int n,
				      unsigned int dma_len)
{
#ifdef CONFIG_SWIOTLB
	if (dft_test_bounced(dev))
		return min_t(unsigned long, n,
			     dev->dma_io_tlb_mem->nslabs /
			     DIV_ROUND_UP(dma_len, IO_TLB_SIZE) / 2);
#endif
	return n;
}

/*
 * A round trip of 100,000 page_frag buffers, or a full jumbo pool (2048
 * buffers of 10432 bytes) for kmalloc, or as many as the bounce pool holds
 * when every mapping is bounced: all tracked at once, all found.
 */
static void dma_frag_track_test_many(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct device *dev = ((struct dft_test_ctx *)test->priv)->dev;
	const unsigned int n = dft_test_mappable(dev, p->nbufs, p->dma_len);
	struct dma_frag_tracker *dft;
	struct dft_stats st;
	dma_addr_t *dma;
	void **buf;
	unsigned int i;

	KUNIT_ASSERT_TRUE_MSG(test, !bounced || dft_test_bounced(dev),
			      "this run needs every mapping bounced");
	dft = dft_test_create_param(test, p);
	dma = kvcalloc(n, sizeof(*dma), GFP_KERNEL);
	buf = kvcalloc(n, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	for (i = 0; i < n; i++) {
		buf[i] = dft_alloc(dft, GFP_KERNEL, &dma[i]);
		if (!buf[i])
			break;
	}
	KUNIT_EXPECT_EQ(test, i, n);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, (unsigned long)i);
	while (i--) {
		if (dft_lookup(dft, dma[i]) != buf[i] ||
		    dft_free(dft, dma[i], 0)) {
			KUNIT_FAIL(test, "buffer %u lost", i);
			break;
		}
	}
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	if (n < p->nbufs)
		kunit_info(test, "%u buffers: every mapping is bounced\n", n);
	kvfree(dma);
	kvfree(buf);
}

/*
 * Pools refilled from NAPI: mvpp2's geometries, and a driver's own 3-page
 * buffers of which 2 KiB are mapped, which bouncing (2 KiB slots) maps
 * closer than their 8 KiB index window.
 */
#define DFT_TEST_RING		256
#define DFT_TEST_BUDGET		64
#define DFT_TEST_CYCLES		200

static const struct dft_test_param dft_test_cycle_params[] = {
	{ "short page_frag", DFT_TEST_SHORT_FRAG, 448,
	  &dft_page_frag_allocator, DFT_TEST_RING },
	{ "long page_frag", DFT_TEST_LONG_FRAG, 1920,
	  &dft_page_frag_allocator, DFT_TEST_RING },
	{ "jumbo kmalloc", DFT_TEST_JUMBO_FRAG, 10112,
	  &dft_kmalloc_allocator, DFT_TEST_RING, &dft_kmalloc_allocator },
	{ "2 KiB of 3 pages", 3 * PAGE_SIZE, 2048,
	  &test_page_allocator, DFT_TEST_RING, &test_page_allocator },
};

KUNIT_ARRAY_PARAM(dft_test_cycle, dft_test_cycle_params, dft_test_param_desc);

/*
 * A ring refilled from NAPI, cycle after cycle: with softirqs disabled, the
 * oldest budget of buffers handed off in one call and as many refilled in
 * one call, DFT_TEST_CYCLES times.  Every refill succeeds and every buffer
 * comes back where it was tracked, whatever the mapping: with every mapping
 * bounced, buffers land closer than their index window, and a pool whose
 * refills failed for that would drain.
 */
static void dma_frag_track_test_refill_cycles(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct device *dev = ((struct dft_test_ctx *)test->priv)->dev;
	const unsigned int n = dft_test_mappable(dev, p->nbufs, p->dma_len);
	const struct dft_allocator *al[DFT_TEST_BUDGET];
	dma_addr_t *dma, got_dma[DFT_TEST_BUDGET];
	void **buf, *got[DFT_TEST_BUDGET];
	unsigned int i, c, head = 0, done;
	struct dma_frag_tracker *dft;
	struct dft_stats st;

	KUNIT_ASSERT_GE(test, n, DFT_TEST_BUDGET);
	KUNIT_ASSERT_TRUE_MSG(test, !bounced || dft_test_bounced(dev),
			      "this run needs every mapping bounced");
	dft = dft_test_create_param(test, p);
	dma = kunit_kcalloc(test, n, sizeof(*dma), GFP_KERNEL);
	buf = kunit_kcalloc(test, n, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_KERNEL, n, buf, dma), n);

	for (c = 0; c < DFT_TEST_CYCLES; c++) {
		for (i = 0; i < DFT_TEST_BUDGET; i++)
			got_dma[i] = dma[(head + i) % n];
		local_bh_disable();
		done = dft_handoff_bulk(dft, DFT_TEST_BUDGET, got_dma, 0, got,
					al);
		for (i = 0; i < done; i++)
			al[i]->free(got[i], p->frag_size);
		if (done == DFT_TEST_BUDGET)
			done = dft_alloc_bulk(dft, GFP_ATOMIC, DFT_TEST_BUDGET,
					      got, got_dma);
		local_bh_enable();
		KUNIT_ASSERT_EQ_MSG(test, done, DFT_TEST_BUDGET, "cycle %u", c);
		for (i = 0; i < DFT_TEST_BUDGET; i++) {
			buf[(head + i) % n] = got[i];
			dma[(head + i) % n] = got_dma[i];
		}
		head = (head + DFT_TEST_BUDGET) % n;
	}

	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, (unsigned long)n);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(dft, dma[i]), buf[i]);
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	}
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/*
 * Counts across contexts: a CPU counts in task and in softirq context
 * apart (an update of one is never interrupted by one of the other), and
 * the statistics sum them.  Buffers tracked in task context and untracked
 * in a softirq, and the other way round, are counted exactly.
 */
struct dft_ctx_work {
	struct work_struct work;
	struct dma_frag_tracker *dft;
	const struct dft_allocator *expect;
	unsigned int frag_size;
	dma_addr_t dma[4];
	void *buf[4];
	unsigned int errors;
	bool in_softirq;
};

static void dft_ctx_bh(struct work_struct *work)
{
	struct dft_ctx_work *w = container_of(work, struct dft_ctx_work, work);
	const struct dft_allocator *a;
	unsigned int i;

	w->in_softirq = in_serving_softirq();
	/* Hand off one the task tracked, track two of its own. */
	if (dft_handoff(w->dft, w->dma[0], 0, &a) == w->buf[0] &&
	    a == w->expect)
		a->free(w->buf[0], w->frag_size);
	else
		w->errors++;
	for (i = 2; i < 4; i++) {
		w->buf[i] = dft_alloc(w->dft, GFP_ATOMIC, &w->dma[i]);
		if (!w->buf[i])
			w->errors++;
	}
}

static void dma_frag_track_test_stats_contexts(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	struct dma_frag_tracker *dft = dft_test_create_param(test, p);
	struct dft_ctx_work *w;
	struct dft_stats st;
	unsigned int i;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	w->dft = dft;
	w->expect = p->expect;
	w->frag_size = p->frag_size;
	INIT_WORK(&w->work, dft_ctx_bh);
	for (i = 0; i < 2; i++) {
		w->buf[i] = dft_alloc(dft, GFP_KERNEL, &w->dma[i]);
		KUNIT_ASSERT_NOT_NULL(test, w->buf[i]);
	}
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 2UL);

	queue_work(system_bh_wq, &w->work);
	flush_work(&w->work);
	KUNIT_ASSERT_TRUE(test, w->in_softirq);
	KUNIT_ASSERT_EQ(test, w->errors, 0);
	/* Task context tracked two; softirq tracked two, untracked one. */
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 3UL);
	KUNIT_EXPECT_EQ(test, st.out[0], 3UL);
	KUNIT_EXPECT_GE(test, st.high_water, 2UL);

	/* Out in task context: one tracked in it, two in softirq. */
	for (i = 1; i < 4; i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, w->dma[i], 0), 0);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.out[0], 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	KUNIT_EXPECT_EQ(test, observed_total(), 0);
}

/*
 * Concurrency: one kthread per online CPU and a BH work item in real
 * softirq context, queued by the threads as they go, share one tracker,
 * each allocating (one at a time or in batches), looking up, handing off
 * (alone, through dft_peek() and dft_take(), or in batches) and freeing its
 * own buffers.
 * At the end every buffer is accounted for exactly once.
 */
struct dft_conc {
	struct dma_frag_tracker *dft;
	const struct dft_allocator *expect;
	unsigned int frag_size;
	atomic_long_t allocs, frees, handoffs, errors, bh_runs;
	atomic_t bh_not_softirq;
	atomic_t threads;
	struct work_struct bh_work;
	struct completion threads_done;
};

#define DFT_CONC_BATCH 32

/* Hand off @n buffers in one batch, checking each one. */
static void dft_conc_handoff_bulk(struct dft_conc *c, unsigned int n,
				  const dma_addr_t *dma, void **want)
{
	const struct dft_allocator *a[DFT_CONC_BATCH];
	void *got[DFT_CONC_BATCH];
	unsigned int i;

	if (dft_handoff_bulk(c->dft, n, dma, 0, got, a) != n)
		atomic_long_inc(&c->errors);
	for (i = 0; i < n; i++) {
		if (!got[i])
			continue;
		if (got[i] != want[i] || a[i] != c->expect)
			atomic_long_inc(&c->errors);
		a[i]->free(got[i], c->frag_size);
		atomic_long_inc(&c->handoffs);
	}
}

/*
 * A round: allocate a batch, one call per buffer or with @bulk in one, then
 * give each buffer up one of four ways: dft_free(), dft_handoff(),
 * dft_peek() and dft_take(), or with the others in one dft_handoff_bulk().
 */
static void dft_conc_round(struct dft_conc *c, gfp_t gfp, bool bulk)
{
	dma_addr_t dma[DFT_CONC_BATCH], hdma[DFT_CONC_BATCH];
	void *buf[DFT_CONC_BATCH], *hbuf[DFT_CONC_BATCH];
	unsigned int i, n, nh = 0;
	struct dft_ref ref;

	if (bulk) {
		n = dft_alloc_bulk(c->dft, gfp, DFT_CONC_BATCH, buf, dma);
	} else {
		for (n = 0; n < DFT_CONC_BATCH; n++) {
			buf[n] = dft_alloc(c->dft, gfp, &dma[n]);
			if (!buf[n])
				break;
		}
	}
	atomic_long_add(n, &c->allocs);
	for (i = 0; i < n; i++) {
		const struct dft_allocator *a = NULL;

		if (dft_lookup(c->dft, dma[i]) != buf[i]) {
			atomic_long_inc(&c->errors);
			continue;
		}
		switch (i & 3) {
		case 0:
			if (dft_free(c->dft, dma[i], 0))
				atomic_long_inc(&c->errors);
			else
				atomic_long_inc(&c->frees);
			break;
		case 1:
			if (dft_handoff(c->dft, dma[i], 0, &a) == buf[i] &&
			    a == c->expect) {
				a->free(buf[i], c->frag_size);
				atomic_long_inc(&c->handoffs);
			} else {
				atomic_long_inc(&c->errors);
			}
			break;
		case 2:
			local_bh_disable();
			if (dft_peek(c->dft, dma[i], &ref) == buf[i] &&
			    ref.allocator == c->expect &&
			    dft_take(c->dft, &ref, 0) == buf[i]) {
				c->expect->free(buf[i], c->frag_size);
				atomic_long_inc(&c->handoffs);
			} else {
				atomic_long_inc(&c->errors);
			}
			local_bh_enable();
			break;
		default:
			hdma[nh] = dma[i];
			hbuf[nh++] = buf[i];
			break;
		}
	}
	if (nh)
		dft_conc_handoff_bulk(c, nh, hdma, hbuf);
}

static void dft_conc_bh(struct work_struct *work)
{
	struct dft_conc *c = container_of(work, struct dft_conc, bh_work);

	if (!in_serving_softirq())
		atomic_inc(&c->bh_not_softirq);
	dft_conc_round(c, GFP_ATOMIC, atomic_long_read(&c->bh_runs) & 1);
	atomic_long_inc(&c->bh_runs);
}

static int dft_conc_thread(void *arg)
{
	struct dft_conc *c = arg;
	unsigned long end = jiffies + msecs_to_jiffies(500);
	unsigned int round = 0;

	while (time_before(jiffies, end)) {
		dft_conc_round(c, GFP_KERNEL, round++ & 1);
		/*
		 * Keep a softirq round in flight beside this one, paced by the
		 * threads: a BH work that requeued itself could hold off RCU
		 * and pile up the deferred frees of a debug kernel.
		 */
		queue_work(system_bh_wq, &c->bh_work);
		cond_resched();
	}
	if (atomic_dec_and_test(&c->threads))
		complete(&c->threads_done);
	return 0;
}

static void dma_frag_track_test_concurrent(struct kunit *test)
{
	const struct dft_test_param *p = test->param_value;
	unsigned int cpu, nthreads = 0;
	struct task_struct **tasks;
	struct dft_conc *c;
	struct dft_stats st;

	KUNIT_ASSERT_GE_MSG(test, num_online_cpus(), min_cpus,
			    "this run needs %u CPUs", min_cpus);
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	tasks = kunit_kcalloc(test, nr_cpu_ids, sizeof(*tasks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, tasks);
	c->dft = dft_test_create_param(test, p);
	c->expect = p->expect;
	c->frag_size = p->frag_size;
	INIT_WORK(&c->bh_work, dft_conc_bh);
	init_completion(&c->threads_done);

	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = kthread_create(dft_conc_thread, c, "dft_test/%u", cpu);
		if (IS_ERR(t))
			break;
		kthread_bind(t, cpu);
		get_task_struct(t);
		tasks[nthreads++] = t;
	}
	if (nthreads < num_online_cpus()) {
		/* Never woken: kthread_stop() ends them before they run. */
		while (nthreads--) {
			kthread_stop(tasks[nthreads]);
			put_task_struct(tasks[nthreads]);
		}
		KUNIT_FAIL_AND_ABORT(test, "could not start a thread per CPU");
	}

	atomic_set(&c->threads, nthreads);
	for (cpu = 0; cpu < nthreads; cpu++)
		wake_up_process(tasks[cpu]);
	/* A kthread_stop() before a thread first ran would skip it. */
	wait_for_completion(&c->threads_done);
	for (cpu = 0; cpu < nthreads; cpu++) {
		kthread_stop(tasks[cpu]);
		put_task_struct(tasks[cpu]);
	}
	flush_work(&c->bh_work);

	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->errors), 0L);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bh_not_softirq), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c->bh_runs), 1L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c->allocs), 0L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&c->allocs),
			atomic_long_read(&c->frees) +
			atomic_long_read(&c->handoffs));
	dft_get_stats(c->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	KUNIT_EXPECT_GE(test, st.high_water, 1UL);
	kunit_info(test, "%u threads + softirq: %ld buffers, high water %lu\n",
		   nthreads, atomic_long_read(&c->allocs), st.high_water);
}

/*
 * Lockless readers against writers on the same keys: a kthread adds and
 * removes 64 buffers over and over, every other one in the overflow: odd
 * ones because their DMA address's low bits do not follow their virtual
 * address, every fourth one also because it is mapped into the window of
 * the one before it,
 * while this thread looks each one up, looks up addresses that are not any
 * buffer's start, and walks the index as debugfs does.  A reader finds a buffer at
 * its own address or nothing, never another buffer, never a torn entry.
 * On an SMP kernel with KCSAN (make check's kunit-kcsan gate) any data race
 * is reported.  dft_add() and dft_remove() neither map nor unmap, so
 * made-up DMA addresses do.
 */
#define DFT_RACE_BUFS	64
#define DFT_RACE_FRAG	2048
#define DFT_RACE_BASE	0x40000000ULL

struct dft_race {
	struct dma_frag_tracker *dft;
	char *area;
	dma_addr_t dma[DFT_RACE_BUFS];
	atomic_long_t rounds, errors;
	bool stop;
};

static void *dft_race_buf(struct dft_race *r, unsigned int i)
{
	return r->area + i * DFT_RACE_FRAG;
}

static int dft_race_writer(void *arg)
{
	struct dft_race *r = arg;
	unsigned int i;

	while (!READ_ONCE(r->stop)) {
		for (i = 0; i < DFT_RACE_BUFS; i++)
			if (dft_add(r->dft, r->dma[i], dft_race_buf(r, i),
				    &test_slab_allocator, GFP_KERNEL))
				atomic_long_inc(&r->errors);
		for (i = 0; i < DFT_RACE_BUFS; i++)
			if (dft_remove(r->dft, r->dma[i], NULL) !=
			    dft_race_buf(r, i))
				atomic_long_inc(&r->errors);
		atomic_long_inc(&r->rounds);
		cond_resched();
	}
	return 0;
}

static void dma_frag_track_test_concurrent_lookup(struct kunit *test)
{
	unsigned long end, found = 0, walked = 0, key, errors = 0, over = 0;
	struct task_struct *t;
	struct dft_stats st;
	struct dft_race *r;
	unsigned int i;
	void *entry;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->area = kunit_kzalloc(test, DFT_RACE_BUFS * DFT_RACE_FRAG,
				GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->area);
	r->dft = dft_test_create(test, DFT_RACE_FRAG, DFT_RACE_FRAG / 2,
				 &test_slab_allocator);
	/*
	 * Odd buffers start 64 bytes into their window, off the rule.  Every
	 * fourth one starts in the second half of the window before, whose
	 * buffer the writer adds first.
	 */
	for (i = 0; i < DFT_RACE_BUFS; i++)
		r->dma[i] = DFT_RACE_BASE + i * DFT_RACE_FRAG +
			    ((unsigned long)r->area & (DFT_RACE_FRAG - 1)) +
			    (i & 1) * 64;
	for (i = 3; i < DFT_RACE_BUFS; i += 4)
		r->dma[i] = DFT_RACE_BASE + (i - 1) * DFT_RACE_FRAG +
			    DFT_RACE_FRAG / 2 + 64;

	t = kthread_create(dft_race_writer, r, "dft_race");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	if (num_online_cpus() > 1)
		kthread_bind(t, cpumask_last(cpu_online_mask));
	get_task_struct(t);
	wake_up_process(t);

	end = jiffies + msecs_to_jiffies(300);
	while (time_before(jiffies, end) ||
	       atomic_long_read(&r->rounds) < 2) {
		for (i = 0; i < DFT_RACE_BUFS; i++) {
			void *buf = dft_lookup(r->dft, r->dma[i]);

			if (buf && buf != dft_race_buf(r, i))
				errors++;
			found += !!buf;
			over += buf && i % 4 == 3;
			/* Inside the window, not the start: never found. */
			if (dft_lookup(r->dft, r->dma[i] ^ 32))
				errors++;
		}
		rcu_read_lock();
		for (key = 0; (entry = dft_find_after(r->dft, &key, ULONG_MAX));
		     key++) {
			i = key - (DFT_RACE_BASE >> ilog2(DFT_RACE_FRAG));
			if (i >= DFT_RACE_BUFS ||
			    xa_untag_pointer(entry) != dft_race_buf(r, i))
				errors++;
			walked++;
		}
		rcu_read_unlock();
		cond_resched();
	}
	WRITE_ONCE(r->stop, true);
	kthread_stop(t);
	put_task_struct(t);

	KUNIT_EXPECT_EQ(test, errors, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&r->errors), 0L);
	/* With a second CPU the readers must have met the writer. */
	if (num_online_cpus() > 1) {
		KUNIT_EXPECT_GT(test, found, 0UL);
		KUNIT_EXPECT_GT(test, over, 0UL);
		KUNIT_EXPECT_GT(test, walked, 0UL);
	}
	dft_get_stats(r->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 0UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 0UL);
	kunit_info(test, "%ld rounds of %d adds and removes; %lu found (%lu in the overflow), %lu walked\n",
		   atomic_long_read(&r->rounds), DFT_RACE_BUFS, found, over,
		   walked);
}

static struct kunit_case dma_frag_track_test_cases[] = {
	KUNIT_CASE_PARAM(dma_frag_track_test_alloc_free, dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_handoff_build_skb,
			 dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_alloc_bulk, dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_high_water, dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_alloc_bulk_fault),
	KUNIT_CASE_PARAM(dma_frag_track_test_peek_take, dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_reclaim),
	KUNIT_CASE(dma_frag_track_test_reclaim_nomem),
	KUNIT_CASE_PARAM(dma_frag_track_test_alloc_fault, dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_alloc_fault_frees),
	KUNIT_CASE(dma_frag_track_test_map_fail),
	KUNIT_CASE_PARAM(dma_frag_track_test_add_remove, dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_free_unknown),
	KUNIT_CASE_PARAM(dma_frag_track_test_free_double, dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_free_inside, dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_add_twice, dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_add_key_too_large),
	KUNIT_CASE(dma_frag_track_test_add_off_rule),
	KUNIT_CASE(dma_frag_track_test_add_collision),
	KUNIT_CASE(dma_frag_track_test_add_fourth_allocator),
	KUNIT_CASE(dma_frag_track_test_custom_allocator),
	KUNIT_CASE_PARAM(dma_frag_track_test_kmemleak_policy,
			 dft_test_gen_params),
	KUNIT_CASE(dma_frag_track_test_destroy_quiesced),
	KUNIT_CASE(dma_frag_track_test_destroy_not_quiesced),
	KUNIT_CASE(dma_frag_track_test_destroy_not_quiesced_kmemleak),
	KUNIT_CASE(dma_frag_track_test_add_buffer_twice),
	KUNIT_CASE(dma_frag_track_test_misuse_ratelimit),
	KUNIT_CASE_PARAM(dma_frag_track_test_create_invalid,
			 dft_test_invalid_gen_params),
	KUNIT_CASE_PARAM_ATTR(dma_frag_track_test_many, dft_test_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_PARAM(dma_frag_track_test_stats_contexts,
			 dft_test_gen_params),
	KUNIT_CASE_PARAM(dma_frag_track_test_refill_cycles,
			 dft_test_cycle_gen_params),
	KUNIT_CASE_PARAM_ATTR(dma_frag_track_test_concurrent,
			      dft_test_gen_params, { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_ATTR(dma_frag_track_test_concurrent_lookup,
			{ .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite dma_frag_track_test_suite = {
	.name = "dma_frag_track",
	.init = dft_test_init,
	.suite_init = dft_test_suite_init,
	.suite_exit = dft_test_suite_exit,
	.test_cases = dma_frag_track_test_cases,
};

kunit_test_suite(dma_frag_track_test_suite);

MODULE_DESCRIPTION("KUnit tests for dma_frag_track");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
