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
