// SPDX-License-Identifier: GPL-2.0
/*
 * The kmemleak demo's harness: mvpp2's own code on an emulated Buffer
 * Manager, on UML.
 *
 * Included at the end of mvpp2_main.c, so that it drives the driver's own
 * static functions, and only those: it builds on the driver with and
 * without dma_frag_track, and the demo compares the two.  Writing
 * "mvpp2 MTU" to /sys/kernel/debug/mvpp2_kmemleak_demo/control sets up, the
 * first time, a PPv2.2 port in shared-pool mode (the SHORT and LONG pools
 * filled the way port setup fills them) and then calls mvpp2_change_mtu()
 * under rtnl, the seed's path down to the buffer allocation.  Reading it
 * tells how many buffers the emulated hardware holds; reading "buffers"
 * lists them, a pool id and a virtual address per line, for the demo to
 * ask kmemleak about each.  Nothing is ever torn down: the pools stay
 * filled, as on a running port, for kmemleak to scan.
 *
 * The Buffer Manager is emulated by mvpp2_test_bm.c, shared with the
 * driver's KUnit suite: it holds integers only, and hides no buffer from
 * kmemleak.
 */

#include <linux/debugfs.h>
#include <linux/logic_iomem.h>
#include <linux/rtnetlink.h>

/* Out of the ranges virt-pci claims (0xf0000000 and up, and just below). */
#define MVPP2_DEMO_IOMEM	0xe8000000UL

#include "mvpp2_test_bm.c"

/* The port on the emulated BM, set up once. */
static struct mvpp2_demo {
	struct mutex lock;	/* serialises the commands */
	struct device *dev;
	struct mvpp2 *priv;
	struct net_device *ndev;
	struct dentry *dir;
} mvpp2_demo = {
	.lock = __MUTEX_INITIALIZER(mvpp2_demo.lock),
};

static struct resource mvpp2_demo_resource = {
	.name = "mvpp2 kmemleak demo BM",
	.start = MVPP2_DEMO_IOMEM,
	.end = MVPP2_DEMO_IOMEM + MVPP22_ADDR_SPACE_SZ - 1,
	.flags = IORESOURCE_MEM,
};

/* mvpp2_bm_update_mtu() ends in netdev_update_features(). */
static const struct net_device_ops mvpp2_demo_netdev_ops;

/*
 * Called through a pointer the compiler cannot see through, so that
 * mvpp2_change_mtu() is not inlined here and shows in the backtraces.
 */
static int (*mvpp2_demo_change_mtu)(struct net_device *dev, int mtu) =
	mvpp2_change_mtu;

/*
 * The probe, as far as the BM goes: a PPv2.2 with one thread, its pools in
 * shared mode, and one port whose SHORT and LONG pools are filled.
 */
static int mvpp2_demo_setup(void)
{
	struct mvpp2_demo *d = &mvpp2_demo;
	struct mvpp2_port *port;
	struct mvpp2 *priv;
	int i, err;

	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++) {
		mvpp2_test_bm.lifo[i] = kcalloc(MVPP2_TEST_BM_DEPTH,
						sizeof(*mvpp2_test_bm.lifo[i]),
						GFP_KERNEL);
		if (!mvpp2_test_bm.lifo[i])
			return -ENOMEM;
	}
	err = logic_iomem_add_region(&mvpp2_demo_resource,
				     &mvpp2_test_region_ops);
	if (err)
		return err;

	d->dev = root_device_register("mvpp2_kmemleak_demo");
	if (IS_ERR(d->dev))
		return PTR_ERR(d->dev);
	d->dev->dma_mask = &d->dev->coherent_dma_mask;
	err = dma_set_mask_and_coherent(d->dev, DMA_BIT_MASK(64));
	if (err)
		return err;

	priv = kzalloc(sizeof(*priv), GFP_KERNEL);
	if (!priv)
		return -ENOMEM;
	d->priv = priv;
	priv->hw_version = MVPP22;
	priv->nthreads = 1;
	priv->percpu_pools = 0;
	priv->swth_base[0] = ioremap(MVPP2_DEMO_IOMEM, MVPP22_ADDR_SPACE_SZ);
	if (!priv->swth_base[0])
		return -ENOMEM;
	priv->bm_pools = kcalloc(MVPP2_BM_POOLS_NUM, sizeof(*priv->bm_pools),
				 GFP_KERNEL);
	if (!priv->bm_pools)
		return -ENOMEM;
	mvpp2_setup_bm_pool();
	for (i = 0; i < MVPP2_BM_POOLS_NUM; i++) {
		priv->bm_pools[i].id = i;
		err = mvpp2_bm_pool_create(d->dev, priv, &priv->bm_pools[i],
					   MVPP2_BM_POOL_SIZE_MAX);
		if (err)
			return err;
	}

	d->ndev = alloc_etherdev(sizeof(struct mvpp2_port));
	if (!d->ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(d->ndev, d->dev);
	d->ndev->netdev_ops = &mvpp2_demo_netdev_ops;
	d->ndev->mtu = ETH_DATA_LEN;
	port = netdev_priv(d->ndev);
	port->dev = d->ndev;
	port->priv = priv;
	port->pkt_size = MVPP2_RX_PKT_SIZE(ETH_DATA_LEN);
	port->stats = netdev_alloc_pcpu_stats(struct mvpp2_pcpu_stats);
	if (!port->stats)
		return -ENOMEM;
	return mvpp2_swf_bm_pool_init(port);
}

static ssize_t mvpp2_demo_cmd_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	struct mvpp2_demo *d = &mvpp2_demo;
	char buf[32];
	int mtu, err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "mvpp2 %d", &mtu) != 1)
		return -EINVAL;

	mutex_lock(&d->lock);
	err = d->ndev ? 0 : mvpp2_demo_setup();
	if (!err) {
		rtnl_lock();
		err = READ_ONCE(mvpp2_demo_change_mtu)(d->ndev, mtu);
		rtnl_unlock();
	}
	mutex_unlock(&d->lock);
	if (err)
		pr_err("mvpp2 kmemleak demo: '%s' failed: %d\n", strim(buf), err);
	return err ? err : len;
}

static int mvpp2_demo_show(struct seq_file *m, void *v)
{
	struct mvpp2_demo *d = &mvpp2_demo;

	mutex_lock(&d->lock);
	seq_printf(m, "mtu %u held %u: short %u long %u jumbo %u, overflow %lu\n",
		   d->ndev ? d->ndev->mtu : 0,
		   mvpp2_test_bm.count[MVPP2_BM_SHORT] + mvpp2_test_bm.count[MVPP2_BM_LONG] +
		   mvpp2_test_bm.count[MVPP2_BM_JUMBO], mvpp2_test_bm.count[MVPP2_BM_SHORT],
		   mvpp2_test_bm.count[MVPP2_BM_LONG], mvpp2_test_bm.count[MVPP2_BM_JUMBO],
		   mvpp2_test_bm.overflow);
	mutex_unlock(&d->lock);
	return 0;
}

static int mvpp2_demo_open(struct inode *inode, struct file *file)
{
	return single_open(file, mvpp2_demo_show, NULL);
}

static const struct file_operations mvpp2_demo_fops = {
	.owner = THIS_MODULE,
	.open = mvpp2_demo_open,
	.read = seq_read,
	.write = mvpp2_demo_cmd_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* The buffers the emulated BM holds, by pool: "POOL 0xADDRESS". */
static int mvpp2_demo_buffers_show(struct seq_file *m, void *v)
{
	struct mvpp2_demo *d = &mvpp2_demo;
	unsigned int pool, i;

	mutex_lock(&d->lock);
	for (pool = 0; pool < MVPP2_BM_POOLS_NUM; pool++)
		for (i = 0; i < mvpp2_test_bm.count[pool]; i++)
			seq_printf(m, "%u 0x%lx\n", pool, (unsigned long)
				   phys_to_virt(mvpp2_test_bm.lifo[pool][i].cookie));
	mutex_unlock(&d->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mvpp2_demo_buffers);

static int __init mvpp2_demo_init(void)
{
	mvpp2_demo.dir = debugfs_create_dir("mvpp2_kmemleak_demo", NULL);
	debugfs_create_file("control", 0600, mvpp2_demo.dir, NULL,
			    &mvpp2_demo_fops);
	debugfs_create_file("buffers", 0400, mvpp2_demo.dir, NULL,
			    &mvpp2_demo_buffers_fops);
	return 0;
}
late_initcall(mvpp2_demo_init);

#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/test.h>
#include <linux/sort.h>
#include <net/gro.h>

/*
 * The driver's own RX path, timed: mvpp2_rx() on a NAPI budget of frames
 * the emulated hardware completed, each built into an skb, passed up and
 * freed by a protocol handler, the pool refilled as the driver refills it.
 * Only driver code runs, so the same case times the driver with and
 * without dma_frag_track, in two kernels; `make bench` compares them.
 * Each repetition prints the nanoseconds per frame, in tenths, as the
 * library's benchmark prints its results: the median over groups of 16
 * polls of the group's time, so that the polls the host stretched (UML is
 * a host process) do not count, while the sum over a group averages out
 * the granularity of UML's clock (256 ns).
 *
 * While it runs, the task's KUnit test is hidden: every kmemleak hook of
 * the tracker is a KUnit static stub, which inside a test looks up a
 * replacement under a spinlock; outside one it costs what it costs in any
 * CONFIG_KUNIT=y kernel.
 */
static unsigned int mvpp2_bench_polls = 4096;
module_param_named(bench_polls, mvpp2_bench_polls, uint, 0444);
MODULE_PARM_DESC(bench_polls, "Polls timed per repetition of the RX bench");

static unsigned int mvpp2_bench_reps = 5;
module_param_named(bench_reps, mvpp2_bench_reps, uint, 0444);
MODULE_PARM_DESC(bench_reps, "Repetitions of the RX bench");

#define MVPP2_BENCH_BUDGET	64
#define MVPP2_BENCH_GROUP	16
#define MVPP2_BENCH_ETH_P	0x88b5

static atomic_long_t mvpp2_bench_rcvd;

static int mvpp2_bench_rcv(struct sk_buff *skb, struct net_device *dev,
			   struct packet_type *pt, struct net_device *orig)
{
	atomic_long_inc(&mvpp2_bench_rcvd);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int mvpp2_bench_napi_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

static int mvpp2_bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The hardware completes @n frames of @len bytes in buffers of @pool. */
static void mvpp2_bench_complete(struct mvpp2_rx_queue *rxq, int pool, int n,
				 unsigned int len)
{
	int i;

	for (i = 0; i < n; i++) {
		struct mvpp2_test_bm_entry e;
		struct mvpp2_rx_desc *desc = &rxq->descs[i];
		struct ethhdr *eth;

		e = mvpp2_test_bm.lifo[pool][--mvpp2_test_bm.count[pool]];
		eth = phys_to_virt(e.cookie) + MVPP2_SKB_HEADROOM +
		      MVPP2_MH_SIZE;
		eth_broadcast_addr(eth->h_dest);
		eth->h_proto = htons(MVPP2_BENCH_ETH_P);
		desc->pp22.status = cpu_to_le32(pool << MVPP2_RXD_BM_POOL_ID_OFFS);
		desc->pp22.data_size = cpu_to_le16(len + MVPP2_MH_SIZE);
		desc->pp22.buf_dma_addr_key_hash = cpu_to_le64(e.dma);
		desc->pp22.buf_cookie_misc = cpu_to_le64(e.cookie);
	}
	rxq->next_desc_to_proc = 0;
	mvpp2_test_bm.rx_pending = n;
}

static const struct {
	const char *name;
	int pool;
	unsigned int len;
} mvpp2_bench_cfgs[] = {
	{ "short64", MVPP2_BM_SHORT, 64 },
	{ "long1500", MVPP2_BM_LONG, 1500 },
};

static void mvpp2_bench_rx(struct kunit *test)
{
	const char *variant = IS_ENABLED(CONFIG_DMA_FRAG_TRACK) ? "dft" : "base";
	struct packet_type pt = {
		.type = htons(MVPP2_BENCH_ETH_P),
		.func = mvpp2_bench_rcv,
	};
	struct mvpp2_demo *d = &mvpp2_demo;
	unsigned int c = 0, rep, i = 0, groups;
	struct mvpp2_rx_queue *rxq;
	struct napi_struct *napi;
	struct mvpp2_port *port;
	u64 *ns, t0;
	int err;

	mutex_lock(&d->lock);
	err = d->ndev ? 0 : mvpp2_demo_setup();
	mutex_unlock(&d->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	port = netdev_priv(d->ndev);

	ns = kunit_kcalloc(test, mvpp2_bench_polls, sizeof(*ns), GFP_KERNEL);
	napi = kunit_kzalloc(test, sizeof(*napi), GFP_KERNEL);
	rxq = kunit_kzalloc(test, sizeof(*rxq), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, ns && napi && rxq);
	rxq->descs = kunit_kcalloc(test, MVPP2_BENCH_BUDGET,
				   sizeof(*rxq->descs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rxq->descs);
	rxq->size = MVPP2_BENCH_BUDGET;
	rxq->last_desc = MVPP2_BENCH_BUDGET - 1;

	pt.dev = d->ndev;
	dev_add_pack(&pt);
	netif_napi_add(d->ndev, napi, mvpp2_bench_napi_poll);
	atomic_long_set(&mvpp2_bench_rcvd, 0);
	current->kunit_test = NULL;
	for (rep = 0; rep < mvpp2_bench_reps; rep++) {
		for (c = 0; c < ARRAY_SIZE(mvpp2_bench_cfgs); c++) {
			int pool = mvpp2_bench_cfgs[c].pool;
			unsigned int held = mvpp2_test_bm.count[pool];

			for (i = 0; i < mvpp2_bench_polls; i++) {
				mvpp2_bench_complete(rxq, pool,
						     MVPP2_BENCH_BUDGET,
						     mvpp2_bench_cfgs[c].len);
				local_bh_disable();
				t0 = ktime_get_ns();
				err = mvpp2_rx(port, napi, MVPP2_BENCH_BUDGET,
					       rxq);
				gro_normal_list(napi);
				t0 = ktime_get_ns() - t0;
				local_bh_enable();
				if (!(i % MVPP2_BENCH_GROUP))
					ns[i / MVPP2_BENCH_GROUP] = 0;
				ns[i / MVPP2_BENCH_GROUP] += t0;
				if (err != MVPP2_BENCH_BUDGET ||
				    mvpp2_test_bm.count[pool] != held)
					break;
				cond_resched();
			}
			if (i < mvpp2_bench_polls)
				break;
			groups = i / MVPP2_BENCH_GROUP;
			sort(ns, groups, sizeof(*ns), mvpp2_bench_cmp, NULL);
			pr_info("dft_bench: raw,mvpp2,%s,%u,%s,frame,%u,%llu\n",
				mvpp2_bench_cfgs[c].name, MVPP2_BENCH_BUDGET,
				variant, rep,
				div_u64(ns[groups / 2] * 10,
					MVPP2_BENCH_GROUP * MVPP2_BENCH_BUDGET));
		}
		if (c < ARRAY_SIZE(mvpp2_bench_cfgs))
			break;
	}
	current->kunit_test = test;
	netif_napi_del(napi);
	dev_remove_pack(&pt);
	KUNIT_ASSERT_EQ(test, i, mvpp2_bench_polls);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&mvpp2_bench_rcvd),
			(long)mvpp2_bench_reps * ARRAY_SIZE(mvpp2_bench_cfgs) *
			mvpp2_bench_polls * MVPP2_BENCH_BUDGET);
	KUNIT_EXPECT_EQ(test, d->ndev->stats.rx_errors, 0);
}

static struct kunit_case mvpp2_bench_cases[] = {
	KUNIT_CASE(mvpp2_bench_rx),
	{}
};

static struct kunit_suite mvpp2_bench_suite = {
	.name = "mvpp2_rx_bench",
	.test_cases = mvpp2_bench_cases,
};

kunit_test_suite(mvpp2_bench_suite);
#endif
