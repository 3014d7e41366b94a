// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of mvpp2's shared Buffer Manager pools, run against an
 * emulated Buffer Manager on UML.
 *
 * Included at the end of mvpp2_main.c, so that the tests drive the driver's
 * own static functions.  The BM's release and allocate registers are
 * emulated through logic_iomem as a LIFO of (DMA address, cookie) per pool;
 * every other register reads as 0 and ignores writes.
 */

#include <kunit/device.h>
#include <kunit/of.h>
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <linux/clk-provider.h>
#include <linux/debugfs.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/fs.h>
#include <linux/irqdomain.h>
#include <linux/logic_iomem.h>
#include <linux/mount.h>
#include <linux/rtnetlink.h>
#include <net/gro.h>
#include <trace/events/dma_frag_track.h>

/* Out of the ranges virt-pci claims (0xf0000000 and up, and just below). */
#define MVPP2_TEST_IOMEM	0xe0000000UL

#include "mvpp2_test_bm.c"

/* The BM's window, then PPv2.1's LMS and two ports' for the probe case. */
#define MVPP2_TEST_WINDOWS	4

static struct resource mvpp2_test_resource = {
	.name = "mvpp2 KUnit BM",
	.start = MVPP2_TEST_IOMEM,
	.end = MVPP2_TEST_IOMEM + MVPP2_TEST_WINDOWS * MVPP2_TEST_WINDOW - 1,
	.flags = IORESOURCE_MEM,
};

struct mvpp2_test_ctx {
	struct device *dev;
	struct mvpp2 *priv;
	struct net_device *ndev;
	struct mvpp2_port *port;
	bool created[MVPP2_BM_POOLS_NUM];
	/* Misuse a case made a pool's tracker report on purpose */
	unsigned long misuse[MVPP2_BM_POOLS_NUM];
};

/* Drain and destroy a pool the way remove does, once. */
static void mvpp2_test_pool_destroy(struct mvpp2_test_ctx *ctx, int i)
{
	if (!ctx->created[i])
		return;
	mvpp2_bm_pool_destroy(ctx->dev, ctx->priv, &ctx->priv->bm_pools[i]);
	ctx->created[i] = false;
}

static void mvpp2_test_free_netdev(void *ndev)
{
	free_netdev(ndev);
}

/* mvpp2_bm_update_mtu() ends in netdev_update_features(). */
static const struct net_device_ops mvpp2_test_netdev_ops;

static void mvpp2_test_free_stats(void *port)
{
	free_percpu(((struct mvpp2_port *)port)->stats);
}

/* Cases that differ by hardware version run on PPv2.1 and PPv2.2. */
static const int mvpp2_test_versions[] = { MVPP21, MVPP22 };

static void mvpp2_test_version_desc(const int *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "PPv2.%d",
		 *v == MVPP21 ? 1 : 2);
}

KUNIT_ARRAY_PARAM(mvpp2_test_version, mvpp2_test_versions,
		  mvpp2_test_version_desc);

/* The emulated registers, and an empty BM. */
static void mvpp2_test_bm_setup(struct kunit *test)
{
	static bool registered;
	int i;

	if (!registered) {
		KUNIT_ASSERT_EQ(test, logic_iomem_add_region(&mvpp2_test_resource,
							     &mvpp2_test_region_ops), 0);
		registered = true;
	}
	memset(&mvpp2_test_bm, 0, sizeof(mvpp2_test_bm));
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++) {
		mvpp2_test_bm.lifo[i] = kunit_kcalloc(test, MVPP2_TEST_BM_DEPTH,
						      sizeof(struct mvpp2_test_bm_entry),
						      GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, mvpp2_test_bm.lifo[i]);
	}
}

/*
 * DMA addresses are not physical addresses behind an IOMMU or a bus
 * offset, and the driver must not mix them up: the test device's DMA
 * addresses are its physical ones plus @dma_offset, as "dma-ranges" in a
 * device tree would make them.
 */
static int mvpp2_test_setup(struct kunit *test, u64 dma_offset)
{
	const int *version = test->param_value;
	struct mvpp2_test_ctx *ctx;
	struct mvpp2 *priv;
	int i;

	mvpp2_test_bm_setup(test);

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	test->priv = ctx;
	ctx->dev = kunit_device_register(test, "mvpp2_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	ctx->dev->dma_mask = &ctx->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(ctx->dev,
							DMA_BIT_MASK(64)), 0);
	if (dma_offset && version && *version == MVPP21)
		dma_offset = SZ_1G;	/* PPv2.1 BMs take 32-bit addresses */
	KUNIT_ASSERT_EQ(test, dma_direct_set_offset(ctx->dev, 0, dma_offset,
						    SZ_64G), 0);
	KUNIT_ASSERT_EQ(test, phys_to_dma(ctx->dev, SZ_1M), SZ_1M + dma_offset);

	priv = kunit_kzalloc(test, sizeof(*priv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, priv);
	ctx->priv = priv;
	priv->hw_version = version ? *version : MVPP22;
	priv->nthreads = 1;
	priv->percpu_pools = 0;
	priv->swth_base[0] = ioremap(MVPP2_TEST_IOMEM, MVPP22_ADDR_SPACE_SZ);
	KUNIT_ASSERT_TRUE(test, priv->swth_base[0]);
	priv->bm_pools = kunit_kcalloc(test, MVPP2_BM_POOLS_NUM,
				       sizeof(*priv->bm_pools), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, priv->bm_pools);
	mvpp2_setup_bm_pool();
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++) {
		priv->bm_pools[i].id = i;
		KUNIT_ASSERT_EQ(test, mvpp2_bm_pool_create(ctx->dev, priv,
							   &priv->bm_pools[i],
							   MVPP2_BM_POOL_SIZE_MAX), 0);
		ctx->created[i] = true;
	}

	ctx->ndev = alloc_etherdev(sizeof(struct mvpp2_port));
	KUNIT_ASSERT_NOT_NULL(test, ctx->ndev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							mvpp2_test_free_netdev,
							ctx->ndev), 0);
	SET_NETDEV_DEV(ctx->ndev, ctx->dev);
	ctx->ndev->netdev_ops = &mvpp2_test_netdev_ops;
	ctx->ndev->mtu = ETH_DATA_LEN;
	ctx->port = netdev_priv(ctx->ndev);
	ctx->port->dev = ctx->ndev;
	ctx->port->priv = priv;
	ctx->port->pkt_size = MVPP2_RX_PKT_SIZE(ETH_DATA_LEN);
	ctx->port->stats = netdev_alloc_pcpu_stats(struct mvpp2_pcpu_stats);
	KUNIT_ASSERT_TRUE(test, ctx->port->stats);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							mvpp2_test_free_stats,
							ctx->port), 0);
	return 0;
}

/* Beyond 32 bits, so that PPv2.2's high address bits carry something. */
#define MVPP2_TEST_DMA_OFFSET	SZ_4G

static int mvpp2_test_init(struct kunit *test)
{
	return mvpp2_test_setup(test, MVPP2_TEST_DMA_OFFSET);
}

static void mvpp2_test_exit(struct kunit *test)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++)
		if (ctx->priv)
			mvpp2_test_pool_destroy(ctx, i);
	if (ctx->priv && ctx->priv->swth_base[0])
		iounmap(ctx->priv->swth_base[0]);
}

/*
 * Every buffer the emulated BM holds for @pool is tracked, at the address
 * its cookie gives, and the tracker tracks nothing else.
 */
static void mvpp2_test_check_pool(struct kunit *test, int pool,
				  const struct dft_allocator *a)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	unsigned int i, n = mvpp2_test_bm.count[pool];
	struct dft_stats st;

	KUNIT_ASSERT_NOT_NULL(test, bm_pool->dft);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, n, mvpp2_pools[pool].buf_num);
	KUNIT_EXPECT_EQ(test, bm_pool->buf_num, mvpp2_pools[pool].buf_num);
	KUNIT_EXPECT_EQ(test, st.total, n);
	KUNIT_EXPECT_PTR_EQ(test, st.allocator[0], a);
	KUNIT_EXPECT_EQ(test, st.out[0], n);
	KUNIT_EXPECT_EQ(test, st.misuse, 0);
	for (i = 0; i < n; i++) {
		struct mvpp2_test_bm_entry *e = &mvpp2_test_bm.lifo[pool][i];
		void *buf = dft_lookup(bm_pool->dft, e->dma);

		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_ASSERT_EQ(test, virt_to_phys(buf), e->cookie);
		KUNIT_ASSERT_EQ(test, e->dma, phys_to_dma(ctx->dev, e->cookie));
	}
}

/* Drain @pool as mvpp2_bm_pool_destroy() does: every buffer freed once. */
static void mvpp2_test_drain(struct kunit *test, int pool)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct dft_stats st;

	mvpp2_bm_bufs_free(ctx->dev, ctx->priv, bm_pool,
			   mvpp2_check_hw_buf_num(ctx->priv, bm_pool));
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], 0);
	KUNIT_EXPECT_EQ(test, bm_pool->buf_num, 0);
	if (bm_pool->dft) {
		dft_get_stats(bm_pool->dft, &st);
		KUNIT_EXPECT_EQ(test, st.total, 0);
		KUNIT_EXPECT_EQ(test, st.misuse, ctx->misuse[pool]);
	}
	mvpp2_test_pool_destroy(ctx, pool);
	KUNIT_EXPECT_NULL(test, bm_pool->dft);
}

/* Drain and destroy every pool. */
static void mvpp2_test_drain_all(struct kunit *test)
{
	mvpp2_test_drain(test, MVPP2_BM_SHORT);
	mvpp2_test_drain(test, MVPP2_BM_LONG);
	mvpp2_test_drain(test, MVPP2_BM_JUMBO);
}

/* The allocator dft picks for the JUMBO pool: kmalloc unless it fits a page. */
static const struct dft_allocator *mvpp2_test_jumbo_allocator(void)
{
	unsigned long frame = MVPP2_BM_JUMBO_FRAME_SIZE;

	return frame > PAGE_SIZE ? &dft_kmalloc_allocator :
				   &dft_page_frag_allocator;
}

/* Port setup at probe: the SHORT and LONG pools fill with page fragments. */
static void mvpp2_test_pool_use_fill_drain(struct kunit *test)
{
	struct mvpp2_test_ctx *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port->pool_long,
			    &ctx->priv->bm_pools[MVPP2_BM_LONG]);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port->pool_short,
			    &ctx->priv->bm_pools[MVPP2_BM_SHORT]);
	mvpp2_test_check_pool(test, MVPP2_BM_SHORT, &dft_page_frag_allocator);
	mvpp2_test_check_pool(test, MVPP2_BM_LONG, &dft_page_frag_allocator);
	KUNIT_EXPECT_NULL(test, ctx->priv->bm_pools[MVPP2_BM_JUMBO].dft);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.overflow, 0);

	mvpp2_test_drain_all(test);
}

/*
 * The seed's path, from mvpp2_change_mtu(): a jumbo MTU fills the JUMBO pool
 * with kmalloc buffers.  Back to 1500 goes through mvpp2_bm_update_mtu():
 * mvpp2_change_mtu() would switch PPv2.2 with few CPUs to per-CPU pools,
 * which needs the port list and devm-allocated pools of a probed device.
 */
static void mvpp2_test_mtu_switch(struct kunit *test)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	int err;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);

	rtnl_lock();
	err = mvpp2_change_mtu(ctx->ndev, 9000);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, ctx->ndev->mtu, 9000);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port->pool_long,
			    &ctx->priv->bm_pools[MVPP2_BM_JUMBO]);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port->pool_short,
			    &ctx->priv->bm_pools[MVPP2_BM_LONG]);
	mvpp2_test_check_pool(test, MVPP2_BM_SHORT, &dft_page_frag_allocator);
	mvpp2_test_check_pool(test, MVPP2_BM_LONG, &dft_page_frag_allocator);
	mvpp2_test_check_pool(test, MVPP2_BM_JUMBO,
			      mvpp2_test_jumbo_allocator());

	rtnl_lock();
	err = mvpp2_bm_update_mtu(ctx->ndev, ETH_DATA_LEN);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_PTR_EQ(test, ctx->port->pool_long,
			    &ctx->priv->bm_pools[MVPP2_BM_LONG]);
	/* The pools keep their buffers: nothing is reallocated. */
	mvpp2_test_check_pool(test, MVPP2_BM_JUMBO,
			      mvpp2_test_jumbo_allocator());
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.overflow, 0);

	mvpp2_test_drain_all(test);
}

/* An EtherType no protocol handles: the test's handler gets the skb. */
#define MVPP2_TEST_ETH_P	0x88b5
#define MVPP2_TEST_RX_LEN	100

static struct {
	struct sk_buff_head q;
} mvpp2_test_rx;

static int mvpp2_test_rcv(struct sk_buff *skb, struct net_device *dev,
			  struct packet_type *pt, struct net_device *orig)
{
	skb_queue_tail(&mvpp2_test_rx.q, skb);
	return NET_RX_SUCCESS;
}

static int mvpp2_test_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

/* An RX queue of @n descriptors for the hardware to fill. */
static struct mvpp2_rx_queue *mvpp2_test_rxq(struct kunit *test, int n)
{
	struct mvpp2_rx_queue *rxq;

	rxq = kunit_kzalloc(test, sizeof(*rxq), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rxq);
	rxq->descs = kunit_kcalloc(test, n, sizeof(*rxq->descs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rxq->descs);
	rxq->size = n;
	rxq->last_desc = n - 1;
	return rxq;
}

/*
 * Make the task's @nth allocation from now on fail (fail-nth; 0: none) and
 * tell whether the count armed before ran out.
 */
static bool mvpp2_test_fail_nth(unsigned int nth)
{
#ifdef CONFIG_FAULT_INJECTION
	bool reached = !READ_ONCE(current->fail_nth);

	WRITE_ONCE(current->fail_nth, nth);
	return reached;
#else
	return false;
#endif
}

/*
 * Let fail-nth fail GFP_KERNEL slab allocations too, until the case ends:
 * failslab skips allocations that may reclaim while its debugfs file
 * ignore-gfp-wait says Y.  A task without user memory cannot write(2) to
 * it, so the case sets the flag the file shows (the file's private data,
 * as debugfs_create_bool() made it) directly, as writing N would.
 */
static bool *mvpp2_test_failslab_ignore;

static void mvpp2_test_failslab_restore(void *unused)
{
	WRITE_ONCE(*mvpp2_test_failslab_ignore, true);
}

static void mvpp2_test_failslab_reclaim(struct kunit *test)
{
	struct file_system_type *fs = get_fs_type("debugfs");
	struct vfsmount *mnt;
	struct file *f;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS) || !fs)
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION_DEBUG_FS");
	mnt = vfs_kern_mount(fs, 0, "debugfs", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mnt);
	f = file_open_root_mnt(mnt, "failslab/ignore-gfp-wait", O_RDONLY, 0);
	if (!IS_ERR(f)) {
		mvpp2_test_failslab_ignore = file_inode(f)->i_private;
		filp_close(f, NULL);
	}
	mntput(mnt);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_TRUE(test, READ_ONCE(*mvpp2_test_failslab_ignore));
	WRITE_ONCE(*mvpp2_test_failslab_ignore, false);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test,
						  mvpp2_test_failslab_restore,
						  NULL), 0);
}

/*
 * dft_create() failing in mvpp2_bm_pool_use() leaves the pool as it was,
 * unused, with no buffers and its packet size unset, so that the next use
 * sets it up and fills it.  Each allocation of the JUMBO pool's first use
 * fails in turn (fail-nth), up to the first that is not the tracker's.
 */
static void mvpp2_test_pool_use_track_fail(struct kunit *test)
{
	const int pool = MVPP2_BM_JUMBO;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	unsigned int nth, failed = 0;
	struct mvpp2_bm_pool *got;

	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
	mvpp2_test_failslab_reclaim(test);
	for (nth = 1; nth < 64; nth++) {
		mvpp2_test_fail_nth(nth);
		got = mvpp2_bm_pool_use(ctx->port, pool,
					MVPP2_BM_JUMBO_PKT_SIZE);
		mvpp2_test_fail_nth(0);
		if (bm_pool->dft)
			break;
		/* The tracker could not be set up: nothing else changed. */
		failed++;
		KUNIT_EXPECT_NULL(test, got);
		KUNIT_EXPECT_EQ(test, bm_pool->pkt_size, 0);
		KUNIT_EXPECT_EQ(test, bm_pool->buf_num, 0);
		KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], 0);
	}
	KUNIT_EXPECT_GT(test, failed, 0);
	/* A later failure (a buffer's) is the upstream WARN's: start over. */
	if (!got)
		mvpp2_test_drain(test, pool);

	/* Without a fault the pool is set up and filled. */
	got = mvpp2_bm_pool_use(ctx->port, pool, MVPP2_BM_JUMBO_PKT_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, got, bm_pool);
	mvpp2_test_check_pool(test, pool, mvpp2_test_jumbo_allocator());
	mvpp2_test_drain(test, pool);
}

/* What the hardware writes in @desc for @e, a buffer of @pool, with @status. */
static void mvpp2_test_fill_desc(struct mvpp2_test_ctx *ctx,
				 struct mvpp2_rx_desc *desc, int pool,
				 const struct mvpp2_test_bm_entry *e, u32 status)
{
	u16 size = MVPP2_TEST_RX_LEN + MVPP2_MH_SIZE;

	status |= pool << MVPP2_RXD_BM_POOL_ID_OFFS;
	if (ctx->priv->hw_version == MVPP21) {
		desc->pp21.status = cpu_to_le32(status);
		desc->pp21.data_size = cpu_to_le16(size);
		desc->pp21.buf_dma_addr = cpu_to_le32(e->dma);
		desc->pp21.buf_cookie = cpu_to_le32(e->cookie);
	} else {
		desc->pp22.status = cpu_to_le32(status);
		desc->pp22.data_size = cpu_to_le16(size);
		desc->pp22.buf_dma_addr_key_hash = cpu_to_le64(e->dma);
		desc->pp22.buf_cookie_misc = cpu_to_le64(e->cookie);
	}
}

/*
 * The hardware completes an RX descriptor for @e, a buffer of @pool, with
 * @err status bits, holding a frame for the test's handler if the buffer is
 * tracked, and mvpp2_rx() processes it, its @fail_nth-th allocation failing
 * (0: none).  The skbs it passed up are queued on mvpp2_test_rx.q.  Returns
 * whether an allocation was failed.
 */
static bool mvpp2_test_rx_desc(struct kunit *test, int pool,
			       const struct mvpp2_test_bm_entry *e, u32 err,
			       unsigned int fail_nth)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct packet_type pt = {
		.type = htons(MVPP2_TEST_ETH_P),
		.func = mvpp2_test_rcv,
	};
	struct mvpp2_rx_queue *rxq = mvpp2_test_rxq(test, 1);
	struct napi_struct *napi;
	struct ethhdr *eth;
	bool fired;
	int done;
	void *buf;

	napi = kunit_kzalloc(test, sizeof(*napi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, napi);

	buf = dft_lookup(bm_pool->dft, e->dma);
	if (buf) {
		eth = buf + MVPP2_SKB_HEADROOM + MVPP2_MH_SIZE;
		memset(eth, 0, MVPP2_TEST_RX_LEN);
		eth_broadcast_addr(eth->h_dest);
		eth->h_proto = htons(MVPP2_TEST_ETH_P);
	}

	mvpp2_test_fill_desc(ctx, &rxq->descs[0], pool, e, err);
	mvpp2_test_bm.rx_pending = 1;

	skb_queue_head_init(&mvpp2_test_rx.q);
	pt.dev = ctx->ndev;
	dev_add_pack(&pt);
	netif_napi_add(ctx->ndev, napi, mvpp2_test_poll);
	local_bh_disable();
	mvpp2_test_fail_nth(fail_nth);
	done = mvpp2_rx(ctx->port, napi, 64, rxq);
	fired = mvpp2_test_fail_nth(0) && fail_nth;
	gro_normal_list(napi);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, done, 1);
	netif_napi_del(napi);
	dev_remove_pack(&pt);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.rx_pending, 0);
	return fired;
}

/*
 * The hardware fills the buffer on top of @pool's LIFO with a frame and
 * completes an RX descriptor; mvpp2_rx() refills the pool and hands the
 * buffer off to build_skb() or slab_build_skb().
 */
static void mvpp2_test_rx_one(struct kunit *test, int pool, bool slab)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry e;
	struct sk_buff *skb;
	struct dft_stats st;
	void *buf;

	KUNIT_ASSERT_GT(test, mvpp2_test_bm.count[pool], 0);
	e = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
	buf = dft_lookup(bm_pool->dft, e.dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mvpp2_test_rx_desc(test, pool, &e, 0, 0);

	/* Handed off: no longer tracked; the refill took its place. */
	KUNIT_EXPECT_NULL(test, dft_lookup(bm_pool->dft, e.dma));
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, mvpp2_test_bm.count[pool]);
	KUNIT_EXPECT_EQ(test, st.misuse, 0);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool],
			mvpp2_pools[pool].buf_num);

	skb = skb_dequeue(&mvpp2_test_rx.q);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_PTR_EQ(test, (void *)skb->head, buf);
	KUNIT_EXPECT_EQ(test, (bool)skb->head_frag, !slab);
	KUNIT_EXPECT_EQ(test, skb->len, MVPP2_TEST_RX_LEN - ETH_HLEN);
	consume_skb(skb);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
}

/*
 * A descriptor with an error (err_drop_frame) gives its buffer back to the
 * BM, still tracked: the hardware holds it again.  A DMA address the
 * tracker does not know is reported, dropped and not given to the
 * hardware; the pool is refilled for it.
 */
static void mvpp2_test_rx_drop(struct kunit *test)
{
	const int pool = MVPP2_BM_LONG;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry e, e2, bogus;
	unsigned int count;
	struct dft_stats st;
	void *buf;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	count = mvpp2_test_bm.count[pool];
	e = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
	buf = dft_lookup(bm_pool->dft, e.dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	mvpp2_test_rx_desc(test, pool, &e, MVPP2_RXD_ERR_SUMMARY |
					   MVPP2_RXD_ERR_CRC, 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.lifo[pool][count - 1].dma, e.dma);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(bm_pool->dft, e.dma), buf);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, count);
	KUNIT_EXPECT_EQ(test, st.misuse, 0);
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 1);

	/*
	 * The hardware took a buffer and returned an address inside it: no
	 * buffer of ours starts there.  The tracker reports it, the frame is
	 * dropped, and the refill the frame had replaces the buffer the
	 * hardware kept: the BM is full, the lost buffer still tracked.
	 */
	e2 = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
	bogus = e2;
	bogus.dma += 64;
	mvpp2_test_rx_desc(test, pool, &bogus, 0, 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, count + 1);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_NOT_START], 1);
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 2);
	ctx->misuse[pool] = 1;
	/* What teardown of a quiesced device would free: the lost one. */
	KUNIT_EXPECT_EQ(test, dft_free(bm_pool->dft, e2.dma, 0), 0);

	mvpp2_test_drain_all(test);
}

/* Frames in mvpp2_test_rx_poll(): more than two hand-off batches. */
#define MVPP2_TEST_POLL	40
#define MVPP2_TEST_POLL_ERR	5
#define MVPP2_TEST_POLL_BOGUS	20

/*
 * One NAPI poll of MVPP2_TEST_POLL frames from the SHORT and LONG pools
 * interleaved, as mvpp2_rx() hands off their buffers in batches: every
 * frame gets its own buffer, in order, except one with an error, given
 * back to the BM still tracked, and one at an address no buffer starts
 * at, reported, dropped and replaced in the BM by its refill.
 */
static void mvpp2_test_rx_poll(struct kunit *test)
{
	const int pools[] = { MVPP2_BM_SHORT, MVPP2_BM_LONG };
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_test_bm_entry e[MVPP2_TEST_POLL];
	struct packet_type pt = {
		.type = htons(MVPP2_TEST_ETH_P),
		.func = mvpp2_test_rcv,
	};
	unsigned int count[ARRAY_SIZE(pools)], i, k;
	struct mvpp2_rx_queue *rxq;
	void *buf[MVPP2_TEST_POLL];
	struct napi_struct *napi;
	struct mvpp2_bm_pool *bm;
	struct sk_buff *skb;
	struct dft_stats st;
	struct ethhdr *eth;
	int done;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	for (k = 0; k < ARRAY_SIZE(pools); k++)
		count[k] = mvpp2_test_bm.count[pools[k]];
	rxq = mvpp2_test_rxq(test, MVPP2_TEST_POLL);
	napi = kunit_kzalloc(test, sizeof(*napi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, napi);

	/* The hardware takes a buffer per frame and completes it. */
	for (i = 0; i < MVPP2_TEST_POLL; i++) {
		int pool = pools[i % 3 ? 1 : 0];

		bm = &ctx->priv->bm_pools[pool];
		KUNIT_ASSERT_GT(test, mvpp2_test_bm.count[pool], 0);
		e[i] = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
		buf[i] = dft_lookup(bm->dft, e[i].dma);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
		eth = buf[i] + MVPP2_SKB_HEADROOM + MVPP2_MH_SIZE;
		memset(eth, 0, MVPP2_TEST_RX_LEN);
		eth_broadcast_addr(eth->h_dest);
		eth->h_proto = htons(MVPP2_TEST_ETH_P);
		if (i == MVPP2_TEST_POLL_BOGUS) {
			struct mvpp2_test_bm_entry bogus = e[i];

			bogus.dma += 64;
			mvpp2_test_fill_desc(ctx, &rxq->descs[i], pool, &bogus,
					     0);
		} else {
			mvpp2_test_fill_desc(ctx, &rxq->descs[i], pool, &e[i],
					     i == MVPP2_TEST_POLL_ERR ?
					     MVPP2_RXD_ERR_SUMMARY |
					     MVPP2_RXD_ERR_CRC : 0);
		}
	}
	mvpp2_test_bm.rx_pending = MVPP2_TEST_POLL;

	skb_queue_head_init(&mvpp2_test_rx.q);
	pt.dev = ctx->ndev;
	dev_add_pack(&pt);
	netif_napi_add(ctx->ndev, napi, mvpp2_test_poll);
	local_bh_disable();
	done = mvpp2_rx(ctx->port, napi, 64, rxq);
	gro_normal_list(napi);
	local_bh_enable();
	netif_napi_del(napi);
	dev_remove_pack(&pt);
	KUNIT_EXPECT_EQ(test, done, MVPP2_TEST_POLL);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.rx_pending, 0);
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 2);

	/* Each frame's own buffer, in order, and nothing else. */
	for (i = 0; i < MVPP2_TEST_POLL; i++) {
		bm = &ctx->priv->bm_pools[pools[i % 3 ? 1 : 0]];
		if (i == MVPP2_TEST_POLL_ERR || i == MVPP2_TEST_POLL_BOGUS) {
			KUNIT_EXPECT_PTR_EQ(test, dft_lookup(bm->dft, e[i].dma),
					    buf[i]);
			continue;
		}
		KUNIT_EXPECT_NULL(test, dft_lookup(bm->dft, e[i].dma));
		skb = skb_dequeue(&mvpp2_test_rx.q);
		KUNIT_ASSERT_NOT_NULL_MSG(test, skb, "frame %u", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test, (void *)skb->head, buf[i],
					"frame %u", i);
		KUNIT_EXPECT_TRUE(test, skb->head_frag);
		KUNIT_EXPECT_EQ(test, skb->len, MVPP2_TEST_RX_LEN - ETH_HLEN);
		consume_skb(skb);
	}
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));

	/*
	 * Every pool is full again; the bogus frame's pool also still tracks
	 * the buffer the hardware kept, which teardown of a quiesced device
	 * would free.
	 */
	for (k = 0; k < ARRAY_SIZE(pools); k++) {
		bool lost = pools[k] == pools[MVPP2_TEST_POLL_BOGUS % 3 ? 1 : 0];

		bm = &ctx->priv->bm_pools[pools[k]];
		KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pools[k]], count[k]);
		dft_get_stats(bm->dft, &st);
		KUNIT_EXPECT_EQ(test, st.total, count[k] + lost);
		KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_NOT_START],
				lost);
		KUNIT_EXPECT_EQ(test, st.misuse, lost);
		KUNIT_EXPECT_EQ(test, st.alloc_fail, 0);
		if (lost) {
			ctx->misuse[pools[k]] = 1;
			KUNIT_EXPECT_EQ(test,
					dft_free(bm->dft,
						 e[MVPP2_TEST_POLL_BOGUS].dma,
						 0), 0);
		}
	}

	mvpp2_test_drain_all(test);
}

/*
 * XDP needs per-CPU pools: while another port of the controller runs a
 * program, a jumbo MTU, which needs shared pools, is refused and the pools
 * stay per-CPU.  The program is never run: the driver only looks at
 * whether a port has one.
 */
static void mvpp2_test_mtu_xdp(struct kunit *test)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2 *priv = ctx->priv;
	struct mvpp2_port *other;
	struct bpf_prog *prog;
	int mtu = ctx->ndev->mtu, err;

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	prog = kunit_kzalloc(test, sizeof(*prog), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	other->dev = ctx->ndev;
	other->priv = priv;
	WRITE_ONCE(other->xdp_prog, prog);
	priv->port_list[0] = ctx->port;
	priv->port_list[1] = other;
	priv->port_count = 2;
	priv->percpu_pools = 1;

	rtnl_lock();
	err = mvpp2_change_mtu(ctx->ndev, 9000);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, err, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, priv->percpu_pools, 1);
	KUNIT_EXPECT_EQ(test, ctx->ndev->mtu, mtu);

	priv->percpu_pools = 0;
	priv->port_count = 0;
	priv->port_list[0] = NULL;
	priv->port_list[1] = NULL;
}

/* RX from the LONG pool (page_frag) and, after an MTU of 9000, JUMBO. */
static void mvpp2_test_rx_handoff(struct kunit *test)
{
	struct mvpp2_test_ctx *ctx = test->priv;
	int err;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	mvpp2_test_rx_one(test, MVPP2_BM_LONG, false);

	rtnl_lock();
	err = mvpp2_bm_update_mtu(ctx->ndev, 9000);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	mvpp2_test_rx_one(test, MVPP2_BM_JUMBO,
			  mvpp2_test_jumbo_allocator() == &dft_kmalloc_allocator);

	mvpp2_test_drain_all(test);
}

/*
 * Fail, one at a time, each allocation mvpp2_rx() makes for a JUMBO frame
 * (fail-nth, Documentation/fault-injection/): the refill's buffer, the
 * skb, and an xarray node when the refill's index needs one (that failure
 * is recovered from: the xarray retries with the caller's gfp).  Whether a
 * node is needed varies from frame to frame, so the sweep over the first
 * allocations is repeated until both outcomes were seen.  A failed refill
 * gives the received buffer back to the BM, still tracked; a failed
 * slab_build_skb() frees it by its allocator, the BM having its
 * replacement.  Either way the BM is full again and the tracker holds
 * exactly the BM's buffers.
 */
static void mvpp2_test_rx_fault(struct kunit *test)
{
#ifdef CONFIG_FAULT_INJECTION
	const int pool = MVPP2_BM_JUMBO;
	const unsigned int rounds = 8, max = 4;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	unsigned int i, nth, count, refill_failed = 0, build_failed = 0;
	unsigned long rx_errors = 0;
	struct mvpp2_test_bm_entry e;
	struct sk_buff *skb;
	struct dft_stats st;
	bool fired;
	void *buf;
	int err;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	rtnl_lock();
	err = mvpp2_bm_update_mtu(ctx->ndev, 9000);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	if (mvpp2_test_jumbo_allocator() != &dft_kmalloc_allocator)
		kunit_skip(test, "JUMBO buffers fit a page here");

	for (i = 0; i < rounds * max && !(refill_failed && build_failed);
	     i++) {
		nth = i % max + 1;
		count = --mvpp2_test_bm.count[pool];
		e = mvpp2_test_bm.lifo[pool][count];
		buf = dft_lookup(bm_pool->dft, e.dma);
		KUNIT_ASSERT_NOT_NULL(test, buf);

		fired = mvpp2_test_rx_desc(test, pool, &e, 0, nth);

		KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count + 1);
		dft_get_stats(bm_pool->dft, &st);
		KUNIT_EXPECT_EQ(test, st.total, mvpp2_test_bm.count[pool]);
		KUNIT_EXPECT_EQ(test, st.misuse, 0);

		skb = skb_dequeue(&mvpp2_test_rx.q);
		if (skb) {
			/* Received; any failure was recovered from. */
			KUNIT_EXPECT_PTR_EQ(test, (void *)skb->head, buf);
			KUNIT_EXPECT_NULL(test, dft_lookup(bm_pool->dft, e.dma));
			KUNIT_EXPECT_EQ(test, st.alloc_fail, refill_failed);
			consume_skb(skb);
			continue;
		}
		KUNIT_EXPECT_TRUE_MSG(test, fired,
				      "fail-nth %u: dropped, nothing failed",
				      nth);
		rx_errors++;
		KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, rx_errors);
		if (dft_lookup(bm_pool->dft, e.dma)) {
			/* The refill failed: back on top of the BM. */
			KUNIT_EXPECT_EQ(test,
					mvpp2_test_bm.lifo[pool][count].dma,
					e.dma);
			refill_failed++;
		} else {
			/* The skb failed: freed, the refill took its place. */
			build_failed++;
		}
		KUNIT_EXPECT_EQ(test, st.alloc_fail, refill_failed);
	}
	KUNIT_EXPECT_GT(test, refill_failed, 0);
	KUNIT_EXPECT_GT(test, build_failed, 0);
	kunit_info(test, "%u frames: %u refills, %u skbs failed\n", i,
		   refill_failed, build_failed);

	mvpp2_test_check_pool(test, pool, &dft_kmalloc_allocator);
	mvpp2_test_drain_all(test);
#else
	kunit_skip(test, "needs CONFIG_FAULT_INJECTION");
#endif
}

/*
 * The refill's buffer cannot be mapped (the device reaches no RAM, as a
 * bus_dma_limit below all of it makes dma-direct refuse, with a WARN
 * once): the received buffer goes back to the BM, still tracked.
 */
static void mvpp2_test_rx_map_fail(struct kunit *test)
{
	const int pool = MVPP2_BM_LONG;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry e;
	unsigned int count;
	struct dft_stats st;
	void *buf;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	count = --mvpp2_test_bm.count[pool];
	e = mvpp2_test_bm.lifo[pool][count];
	buf = dft_lookup(bm_pool->dft, e.dma);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	ctx->dev->bus_dma_limit = PAGE_SIZE - 1;
	mvpp2_test_rx_desc(test, pool, &e, 0, 0);
	ctx->dev->bus_dma_limit = 0;

	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 1);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count + 1);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.lifo[pool][count].dma, e.dma);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(bm_pool->dft, e.dma), buf);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, count + 1);
	KUNIT_EXPECT_EQ(test, st.alloc_fail, 1);
	KUNIT_EXPECT_EQ(test, st.misuse, 0);

	mvpp2_test_drain_all(test);
}

/*
 * An RX queue cleaned up with frames still in it (mvpp2_rxq_drop_pkts(), as
 * mvpp2_rxq_deinit() does): each buffer goes back to its pool's BM, still
 * tracked, nothing is freed.
 */
static void mvpp2_test_rxq_drop_pkts(struct kunit *test)
{
	static const int pools[] = { MVPP2_BM_SHORT, MVPP2_BM_LONG,
				     MVPP2_BM_LONG, MVPP2_BM_SHORT };
	struct mvpp2_test_ctx *ctx = test->priv;
	unsigned int i, count[MVPP2_BM_POOLS_NUM];
	struct mvpp2_test_bm_entry e;
	struct mvpp2_rx_queue *rxq;
	struct dft_stats st;
	int pool;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	for (pool = 0; pool < MVPP2_BM_POOLS_NUM; pool++)
		count[pool] = mvpp2_test_bm.count[pool];
	rxq = mvpp2_test_rxq(test, ARRAY_SIZE(pools));
	for (i = 0; i < ARRAY_SIZE(pools); i++) {
		e = mvpp2_test_bm.lifo[pools[i]][--mvpp2_test_bm.count[pools[i]]];
		mvpp2_test_fill_desc(ctx, &rxq->descs[i], pools[i], &e, 0);
	}
	mvpp2_test_bm.rx_pending = ARRAY_SIZE(pools);

	mvpp2_rxq_drop_pkts(ctx->port, rxq);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.rx_pending, 0);
	for (pool = MVPP2_BM_SHORT; pool <= MVPP2_BM_LONG; pool++) {
		KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count[pool]);
		dft_get_stats(ctx->priv->bm_pools[pool].dft, &st);
		KUNIT_EXPECT_EQ(test, st.total, count[pool]);
		KUNIT_EXPECT_EQ(test, st.misuse, 0);
		mvpp2_test_check_pool(test, pool, &dft_page_frag_allocator);
	}

	mvpp2_test_drain_all(test);
}

/*
 * A frame the hardware spread over a chain of buffers, each starting with
 * a buffer header, is dropped (mvpp2 does not support them):
 * mvpp2_buff_hdr_pool_put() gives every buffer of the chain back to the
 * BM, and all stay tracked.
 */
static void mvpp2_test_rx_buf_hdr(struct kunit *test)
{
	const int pool = MVPP2_BM_LONG;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry chain[3];
	unsigned int i, count;
	struct dft_stats st;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	count = mvpp2_test_bm.count[pool];
	for (i = 0; i < ARRAY_SIZE(chain); i++)
		chain[i] = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];

	for (i = 0; i < ARRAY_SIZE(chain); i++) {
		const struct mvpp2_test_bm_entry *next = &chain[i + 1];
		struct mvpp2_buff_hdr *hdr;

		hdr = dft_lookup(bm_pool->dft, chain[i].dma);
		KUNIT_ASSERT_NOT_NULL(test, hdr);
		memset(hdr, 0, sizeof(*hdr));
		if (i == ARRAY_SIZE(chain) - 1) {
			hdr->info = cpu_to_le16(MVPP2_B_HDR_INFO_LAST_MASK);
			continue;
		}
		hdr->next_phys_addr = cpu_to_le32(lower_32_bits(next->cookie));
		hdr->next_dma_addr = cpu_to_le32(lower_32_bits(next->dma));
		hdr->next_phys_addr_high = upper_32_bits(next->cookie);
		hdr->next_dma_addr_high = upper_32_bits(next->dma);
	}

	mvpp2_test_rx_desc(test, pool, &chain[0], MVPP2_RXD_BUF_HDR, 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 1);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count);
	/* Put back in chain order: the last one is on top. */
	for (i = 0; i < ARRAY_SIZE(chain); i++)
		KUNIT_EXPECT_EQ(test, mvpp2_test_bm.lifo[pool][count - 1 - i].dma,
				chain[ARRAY_SIZE(chain) - 1 - i].dma);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, count);
	KUNIT_EXPECT_EQ(test, st.misuse, 0);
	mvpp2_test_check_pool(test, pool, &dft_page_frag_allocator);

	mvpp2_test_drain_all(test);
}

/*
 * A buffer header whose next buffer is at a DMA address the pool never
 * gave: the chain walk stops there, with the buffers before it back in
 * the BM and still tracked, instead of reading memory at a made-up
 * address.
 */
static void mvpp2_test_rx_buf_hdr_unknown(struct kunit *test)
{
	const int pool = MVPP2_BM_LONG;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry first;
	struct mvpp2_buff_hdr *hdr;
	dma_addr_t bogus;
	unsigned int count;
	struct dft_stats st;

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	count = mvpp2_test_bm.count[pool];
	first = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
	/* Inside the first buffer: never the start of a tracked one. */
	bogus = first.dma + 64;

	hdr = dft_lookup(bm_pool->dft, first.dma);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	memset(hdr, 0, sizeof(*hdr));
	hdr->next_phys_addr = cpu_to_le32(lower_32_bits(first.cookie + 64));
	hdr->next_dma_addr = cpu_to_le32(lower_32_bits(bogus));
	hdr->next_phys_addr_high = upper_32_bits(first.cookie + 64);
	hdr->next_dma_addr_high = upper_32_bits(bogus);

	mvpp2_test_rx_desc(test, pool, &first, MVPP2_RXD_BUF_HDR, 0);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&mvpp2_test_rx.q));
	KUNIT_EXPECT_EQ(test, ctx->ndev->stats.rx_errors, 1);
	/* The first buffer is back, nothing was given for the made-up one. */
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], count);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.lifo[pool][count - 1].dma,
			first.dma);
	dft_get_stats(bm_pool->dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, count);
	mvpp2_test_check_pool(test, pool, &dft_page_frag_allocator);

	mvpp2_test_drain_all(test);
}

/* The buffers dft_destroy() found still tracked, from its tracepoint. */
static struct {
	unsigned int n;
	dma_addr_t dma[4];
	bool freed;
} mvpp2_test_reclaim;

static void mvpp2_test_probe_reclaim(void *data,
				     const struct dma_frag_tracker *dft,
				     dma_addr_t dma,
				     const struct dft_allocator *allocator,
				     bool freed, unsigned long caller)
{
	if (mvpp2_test_reclaim.n < ARRAY_SIZE(mvpp2_test_reclaim.dma))
		mvpp2_test_reclaim.dma[mvpp2_test_reclaim.n] = dma;
	mvpp2_test_reclaim.n++;
	mvpp2_test_reclaim.freed |= freed;
}

static bool mvpp2_test_reclaimed(dma_addr_t dma)
{
	unsigned int i, n;

	n = min_t(unsigned int, mvpp2_test_reclaim.n,
		  ARRAY_SIZE(mvpp2_test_reclaim.dma));
	for (i = 0; i < n; i++)
		if (mvpp2_test_reclaim.dma[i] == dma)
			return true;
	return false;
}

/*
 * The BM still holds buffers after the drain: some were on their way back
 * and show in its counters only once the others are out.
 * mvpp2_bm_pool_destroy() WARNs and returns early, and the tracker is
 * destroyed as not quiesced: those buffers stay mapped and allocated for
 * the hardware, and every other one was freed once through the tracker.
 */
static void mvpp2_test_destroy_not_quiesced(struct kunit *test)
{
	const unsigned int pool = MVPP2_BM_SHORT;
	struct mvpp2_test_ctx *ctx = test->priv;
	struct mvpp2_bm_pool *bm_pool = &ctx->priv->bm_pools[pool];
	struct mvpp2_test_bm_entry held[3];
	unsigned int i, late = ARRAY_SIZE(held);

	KUNIT_ASSERT_EQ(test, mvpp2_swf_bm_pool_init(ctx->port), 0);
	mvpp2_test_check_pool(test, pool, &dft_page_frag_allocator);
	KUNIT_ASSERT_GT(test, mvpp2_test_bm.count[pool], late);
	for (i = 0; i < late; i++)
		held[i] = mvpp2_test_bm.lifo[pool][i];
	mvpp2_test_bm.late[pool] = late;

	memset(&mvpp2_test_reclaim, 0, sizeof(mvpp2_test_reclaim));
	KUNIT_ASSERT_EQ(test, register_trace_dft_reclaim(mvpp2_test_probe_reclaim,
							 NULL), 0);
	mvpp2_bm_pool_destroy(ctx->dev, ctx->priv, bm_pool);
	unregister_trace_dft_reclaim(mvpp2_test_probe_reclaim, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_EXPECT_NULL(test, bm_pool->dft);
	/* Exactly the late buffers were left to the hardware, none freed. */
	KUNIT_EXPECT_EQ(test, mvpp2_test_reclaim.n, late);
	KUNIT_EXPECT_FALSE(test, mvpp2_test_reclaim.freed);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.count[pool], late);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.late[pool], 0);
	KUNIT_EXPECT_EQ(test, bm_pool->buf_num, late);
	for (i = 0; i < late; i++) {
		struct mvpp2_test_bm_entry *e = &mvpp2_test_bm.lifo[pool][i];

		KUNIT_EXPECT_EQ(test, e->dma, held[i].dma);
		KUNIT_EXPECT_TRUE(test, mvpp2_test_reclaimed(e->dma));
	}

	/* The hardware is done now: free what it returned, as remove would. */
	for (i = 0; i < late; i++) {
		struct mvpp2_test_bm_entry *e = &mvpp2_test_bm.lifo[pool][i];

		dma_unmap_single(ctx->dev, e->dma,
				 MVPP2_RX_BUF_SIZE(bm_pool->pkt_size),
				 DMA_FROM_DEVICE);
		skb_free_frag(phys_to_virt(e->cookie));
	}
	mvpp2_test_bm.count[pool] = 0;
	bm_pool->buf_num = 0;
	mvpp2_test_pool_destroy(ctx, pool);
	mvpp2_test_drain(test, MVPP2_BM_LONG);
	mvpp2_test_drain(test, MVPP2_BM_JUMBO);
}

static struct kunit_case mvpp2_test_cases[] = {
	KUNIT_CASE_PARAM(mvpp2_test_pool_use_fill_drain,
			 mvpp2_test_version_gen_params),
	KUNIT_CASE(mvpp2_test_pool_use_track_fail),
	KUNIT_CASE_PARAM(mvpp2_test_mtu_switch, mvpp2_test_version_gen_params),
	KUNIT_CASE(mvpp2_test_mtu_xdp),
	KUNIT_CASE_PARAM(mvpp2_test_rx_handoff, mvpp2_test_version_gen_params),
	KUNIT_CASE(mvpp2_test_rx_drop),
	KUNIT_CASE(mvpp2_test_rx_poll),
	KUNIT_CASE(mvpp2_test_rx_buf_hdr),
	KUNIT_CASE(mvpp2_test_rx_buf_hdr_unknown),
	KUNIT_CASE(mvpp2_test_rx_fault),
	KUNIT_CASE(mvpp2_test_rx_map_fail),
	KUNIT_CASE_PARAM(mvpp2_test_rxq_drop_pkts,
			 mvpp2_test_version_gen_params),
	KUNIT_CASE(mvpp2_test_destroy_not_quiesced),
	{}
};

static struct kunit_suite mvpp2_test_suite = {
	.name = "mvpp2_bm",
	.init = mvpp2_test_init,
	.exit = mvpp2_test_exit,
	.test_cases = mvpp2_test_cases,
};

/*
 * Probe, through the driver core, a controller that fails after a port's
 * probe filled the shared pools (mvpp2_kunit_probe.dtso): the error path
 * frees the pools, their buffers included, as remove does.
 */
#define MVPP2_TEST_CLK_RATE	250000000
#define MVPP2_TEST_HWIRQS	64

static void mvpp2_test_clk_unregister(void *hw)
{
	clk_hw_unregister_fixed_rate(hw);
}

static void mvpp2_test_clk_del_provider(void *np)
{
	of_clk_del_provider(np);
}

static void mvpp2_test_irq_domain_remove(void *domain)
{
	irq_domain_remove(domain);
}

static struct device_node *mvpp2_test_node(struct kunit *test,
					   const char *compatible)
{
	struct device_node *np = of_find_compatible_node(NULL, NULL,
							 compatible);

	KUNIT_ASSERT_NOT_NULL(test, np);
	of_node_put_kunit(test, np);
	return np;
}

static void mvpp2_test_probe_fail(struct kunit *test)
{
	struct device_node *np, *clk_np, *intc_np;
	struct resource res[MVPP2_TEST_WINDOWS];
	struct dentry *dir, *file;
	struct platform_device *pdev;
	struct irq_domain *domain;
	char name[64];
	struct clk_hw *clk;
	int i;

	mvpp2_test_bm_setup(test);
	KUNIT_ASSERT_EQ(test, of_overlay_apply_kunit(test, mvpp2_kunit_probe),
			0);
	np = mvpp2_test_node(test, "marvell,armada-375-pp2");
	clk_np = mvpp2_test_node(test, "test,mvpp2-clock");
	intc_np = mvpp2_test_node(test, "test,mvpp2-intc");

	clk = clk_hw_register_fixed_rate(NULL, "mvpp2-test-clk", NULL, 0,
					 MVPP2_TEST_CLK_RATE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, clk);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							mvpp2_test_clk_unregister,
							clk), 0);
	KUNIT_ASSERT_EQ(test, of_clk_add_hw_provider(clk_np,
						     of_clk_hw_simple_get,
						     clk), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							mvpp2_test_clk_del_provider,
							clk_np), 0);
	domain = irq_domain_create_linear(of_fwnode_handle(intc_np),
					  MVPP2_TEST_HWIRQS,
					  &irq_domain_simple_ops, NULL);
	KUNIT_ASSERT_NOT_NULL(test, domain);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							mvpp2_test_irq_domain_remove,
							domain), 0);

	pdev = kunit_platform_device_alloc(test, "mvpp2-test",
					   PLATFORM_DEVID_NONE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	for (i = 0; i < MVPP2_TEST_WINDOWS; i++)
		res[i] = DEFINE_RES_MEM(MVPP2_TEST_IOMEM + i * MVPP2_TEST_WINDOW,
					MVPP2_TEST_WINDOW);
	KUNIT_ASSERT_EQ(test, platform_device_add_resources(pdev, res,
							    ARRAY_SIZE(res)),
			0);
	device_set_node(&pdev->dev, of_fwnode_handle(of_node_get(np)));
	/* Matched and probed by the driver, synchronously. */
	KUNIT_ASSERT_EQ(test, kunit_platform_device_add(test, pdev), 0);
	KUNIT_EXPECT_FALSE(test, device_is_bound(&pdev->dev));

	/* A port filled the SHORT and LONG pools before the probe failed... */
	KUNIT_EXPECT_GE(test, mvpp2_test_bm.pushed[MVPP2_BM_SHORT],
			(unsigned long)mvpp2_pools[MVPP2_BM_SHORT].buf_num);
	KUNIT_EXPECT_GE(test, mvpp2_test_bm.pushed[MVPP2_BM_LONG],
			(unsigned long)mvpp2_pools[MVPP2_BM_LONG].buf_num);
	KUNIT_EXPECT_EQ(test, mvpp2_test_bm.overflow, 0);
	/* ...and the error path took every buffer back and freed it... */
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++)
		KUNIT_EXPECT_EQ_MSG(test, mvpp2_test_bm.count[i], 0,
				    "pool %d", i);
	/* ...with each pool's tracker: no file left for a retry to add to. */
	dir = debugfs_lookup("dma_frag_track", NULL);
	KUNIT_ASSERT_NOT_NULL(test, dir);
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++) {
		snprintf(name, sizeof(name), "%s:%s-pool%d",
			 dev_name(&pdev->dev), dev_name(&pdev->dev), i);
		file = debugfs_lookup(name, dir);
		KUNIT_EXPECT_NULL_MSG(test, file, "%s", name);
		dput(file);
	}
	dput(dir);
}

static struct kunit_case mvpp2_test_probe_cases[] = {
	KUNIT_CASE(mvpp2_test_probe_fail),
	{}
};

static struct kunit_suite mvpp2_test_probe_suite = {
	.name = "mvpp2_bm_probe",
	.test_cases = mvpp2_test_probe_cases,
};

kunit_test_suites(&mvpp2_test_suite, &mvpp2_test_probe_suite);
