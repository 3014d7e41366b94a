// SPDX-License-Identifier: GPL-2.0
/*
 * dft_kmemleak_demo: replay mvpp2's RX buffer pools for kmemleak.
 *
 * Marvell's mvpp2 gives RX buffers to its hardware Buffer Manager (BM) and
 * keeps only their DMA addresses there, with a physical address cookie that
 * phys_to_virt() turns back into the buffer when the pool is drained.
 * kmemleak finds no pointer to those buffers and reports every jumbo buffer
 * the hardware holds.  This module replays that life cycle against a real
 * platform device that DMA-maps, with a simulated BM that stores addresses
 * and no pointers, in two modes:
 *
 * - legacy: mvpp2 as it is, netdev_alloc_frag() or kmalloc() plus
 *   dma_map_single(), freed through phys_to_virt();
 * - dft: the same pools kept by dma_frag_track.
 *
 * The replay's functions are named after the mvpp2 functions they stand for
 * and are not inlined, so that kmemleak's backtraces read like mvpp2's.
 *
 * It is driven through /sys/kernel/debug/dft_kmemleak_demo/control, one
 * command per write:
 *
 * - "probe legacy", "probe dft": set up the port at MTU 1500, filling the
 *   long and short pools (page_frag);
 * - "mtu N": mvpp2_change_mtu(); above 1500 the jumbo pool (kmalloc) is
 *   filled and becomes the long pool, the long pool the short one;
 * - "destroy": drain and destroy every pool, as mvpp2_bm_remove() does;
 * - "destroy-buggy": the same with a driver bug on the port's two pools:
 *   their drain misses the buffer the hardware has ready but does not count,
 *   and they are destroyed while the port still runs (not quiesced).
 *
 * Reading the file prints the mode, the MTU and the buffers the hardware
 * holds and the trackers track, per pool.
 */

#define pr_fmt(fmt) "dft_kmemleak_demo: " fmt

#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

/* mvpp2's BM_*_BUF_NUM: buffers per pool. */
#define DEMO_BUF_NUM		2048
/* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)), as mvpp2 reserves it. */
#define DEMO_SHINFO_SIZE	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
/* Largest MTU the long pool serves (mvpp2's MVPP2_BM_LONG_PKT_SIZE). */
#define DEMO_LONG_MTU		1500

enum demo_pool_id {
	DEMO_SHORT,
	DEMO_LONG,
	DEMO_JUMBO,
	DEMO_POOLS,
};

/* One buffer as the BM holds it: addresses, never a pointer. */
struct demo_bm_buf {
	dma_addr_t dma;
	phys_addr_t phys;
};

/**
 * struct demo_bm_pool - One simulated BM pool and the driver's view of it.
 * @name: Pool name.
 * @frag_size: Size of each buffer as allocated: mvpp2's frag_size for the
 *	pool on 64-bit, SKB_DATA_ALIGN(MVPP2_RX_BUF_SIZE(pkt_size)) +
 *	MVPP2_SKB_SHINFO_SIZE.
 * @buf_num: Buffers the hardware holds.
 * @hw: The hardware's storage: @buf_num addresses, used as a stack.
 * @dft: The pool's tracker in dft mode, NULL otherwise.
 */
struct demo_bm_pool {
	const char *name;
	unsigned int frag_size;
	unsigned int buf_num;
	struct demo_bm_buf *hw;
	struct dma_frag_tracker *dft;
};

/**
 * struct demo_port - The one port of the replay.
 * @lock: Serialises commands and reads.
 * @dev: The device that maps.
 * @use_dft: dft mode, rather than legacy.
 * @probed: A probe command set the port up.
 * @mtu: The port's MTU.
 * @pool_long: The pool for packets longer than the short pool's.
 * @pool_short: The pool for short packets.
 * @pools: The BM pools: short, long and jumbo.
 */
struct demo_port {
	struct mutex lock;	/* serialises commands and reads */
	struct device *dev;
	bool use_dft;
	bool probed;
	int mtu;
	struct demo_bm_pool *pool_long;
	struct demo_bm_pool *pool_short;
	struct demo_bm_pool pools[DEMO_POOLS];
};

static struct platform_device *demo_pdev;
static struct dentry *demo_dir;

static struct demo_port demo_port = {
	.lock = __MUTEX_INITIALIZER(demo_port.lock),
	.pools = {
		[DEMO_SHORT] = { .name = "short", .frag_size = 768 },
		[DEMO_LONG] = { .name = "long", .frag_size = 2240 },
		[DEMO_JUMBO] = { .name = "jumbo", .frag_size = 10432 },
	},
};

/* The bytes mapped for the device: the buffer without its skb_shared_info. */
static unsigned int demo_buf_size(const struct demo_bm_pool *pool)
{
	return pool->frag_size - DEMO_SHINFO_SIZE;
}

static noinline void *mvpp2_frag_alloc(const struct demo_bm_pool *pool)
{
	if (likely(pool->frag_size <= PAGE_SIZE))
		return netdev_alloc_frag(pool->frag_size);

	return kmalloc(pool->frag_size, GFP_ATOMIC);
}

static void mvpp2_frag_free(const struct demo_bm_pool *pool, void *data)
{
	if (likely(pool->frag_size <= PAGE_SIZE))
		skb_free_frag(data);
	else
		kfree(data);
}

/* Allocate and map one buffer; only its addresses leave this function. */
static noinline int mvpp2_buf_alloc(struct demo_port *port,
				    struct demo_bm_pool *pool,
				    struct demo_bm_buf *buf)
{
	dma_addr_t dma;
	void *data;

	if (port->use_dft) {
		if (!dft_alloc(pool->dft, GFP_KERNEL, &dma))
			return -ENOMEM;
		buf->dma = dma;
		buf->phys = 0;
		return 0;
	}

	data = mvpp2_frag_alloc(pool);
	if (!data)
		return -ENOMEM;
	dma = dma_map_single(port->dev, data, demo_buf_size(pool),
			     DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(port->dev, dma))) {
		mvpp2_frag_free(pool, data);
		return -ENOMEM;
	}
	buf->dma = dma;
	buf->phys = virt_to_phys(data);
	return 0;
}

/* Give @buf_num new buffers to the hardware; returns how many it got. */
static noinline int mvpp2_bm_bufs_add(struct demo_port *port,
				      struct demo_bm_pool *pool, int buf_num)
{
	struct demo_bm_buf buf;
	int i;

	for (i = 0; i < buf_num && pool->buf_num < DEMO_BUF_NUM; i++) {
		if (mvpp2_buf_alloc(port, pool, &buf))
			break;
		/* mvpp2_bm_pool_put(): the hardware keeps the addresses. */
		pool->hw[pool->buf_num++] = buf;
	}
	return i;
}

/* Take @buf_num buffers back from the hardware and free them. */
static void mvpp2_bm_bufs_free(struct demo_port *port,
			       struct demo_bm_pool *pool, unsigned int buf_num)
{
	struct demo_bm_buf buf;
	void *data;

	while (buf_num-- && pool->buf_num) {
		/* mvpp2_bm_bufs_get_addrs() */
		buf = pool->hw[--pool->buf_num];
		if (port->use_dft) {
			dft_free(pool->dft, buf.dma, 0);
			continue;
		}
		dma_unmap_single(port->dev, buf.dma, demo_buf_size(pool),
				 DMA_FROM_DEVICE);
		data = phys_to_virt(buf.phys);
		mvpp2_frag_free(pool, data);
	}
}

/*
 * The number of buffers the hardware holds.  mvpp2_check_hw_buf_num() adds
 * one to the BM counters: the hardware has one buffer ready that they do not
 * show.  @buggy forgets it.
 */
static unsigned int mvpp2_check_hw_buf_num(struct demo_bm_pool *pool,
					   bool buggy)
{
	return buggy && pool->buf_num ? pool->buf_num - 1 : pool->buf_num;
}

/* Drain and destroy one pool. */
static void mvpp2_bm_pool_destroy(struct demo_port *port,
				  struct demo_bm_pool *pool, bool buggy)
{
	mvpp2_bm_bufs_free(port, pool, mvpp2_check_hw_buf_num(pool, buggy));
	if (pool->buf_num)
		pr_err("pool %s: %u buffers left in the hardware\n",
		       pool->name, pool->buf_num);
	/* With @buggy the port still runs: the device is not quiesced. */
	dft_destroy(pool->dft, !buggy);
	pool->dft = NULL;
}

static int demo_pool_create(struct demo_port *port, struct demo_bm_pool *pool)
{
	struct dft_params params = {
		.name		= pool->name,
		.dev		= port->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= pool->frag_size,
		.dma_len	= demo_buf_size(pool),
	};

	if (!port->use_dft || pool->dft)
		return 0;
	pool->dft = dft_create(&params, GFP_KERNEL);
	return pool->dft ? 0 : -ENOMEM;
}

/* Fill @pool the first time a port uses it. */
static noinline struct demo_bm_pool *
mvpp2_bm_pool_use(struct demo_port *port, enum demo_pool_id id)
{
	struct demo_bm_pool *pool = &port->pools[id];
	int num;

	if (pool->buf_num)
		return pool;
	if (demo_pool_create(port, pool))
		return NULL;
	num = mvpp2_bm_bufs_add(port, pool, DEMO_BUF_NUM);
	if (num != DEMO_BUF_NUM) {
		pr_err("pool %s: %d of %d allocated\n", pool->name, num,
		       DEMO_BUF_NUM);
		return NULL;
	}
	return pool;
}

/*
 * Above the long pool's MTU, the jumbo pool is the port's long pool and the
 * long pool its short one.
 */
static noinline int mvpp2_swf_bm_pool_init(struct demo_port *port)
{
	bool jumbo = port->mtu > DEMO_LONG_MTU;

	if (!port->pool_long) {
		port->pool_long = mvpp2_bm_pool_use(port, jumbo ? DEMO_JUMBO :
								  DEMO_LONG);
		if (!port->pool_long)
			return -ENOMEM;
	}
	if (!port->pool_short) {
		port->pool_short = mvpp2_bm_pool_use(port, jumbo ? DEMO_LONG :
								   DEMO_SHORT);
		if (!port->pool_short)
			return -ENOMEM;
	}
	return 0;
}

static noinline int mvpp2_bm_update_mtu(struct demo_port *port, int mtu)
{
	bool jumbo = mtu > DEMO_LONG_MTU;
	bool was_jumbo = port->pool_long == &port->pools[DEMO_JUMBO];

	if (jumbo != was_jumbo) {
		/* Remove the port from its pools, which keep their buffers. */
		port->pool_long = NULL;
		port->pool_short = NULL;
	}
	port->mtu = mtu;
	return mvpp2_swf_bm_pool_init(port);
}

static noinline int mvpp2_change_mtu(struct demo_port *port, int mtu)
{
	int old = port->mtu;
	int err;

	err = mvpp2_bm_update_mtu(port, mtu);
	if (err) {
		pr_err("failed to change MTU\n");
		mvpp2_bm_update_mtu(port, old);
	}
	return err;
}

static int demo_probe(struct demo_port *port, bool use_dft)
{
	int i;

	for (i = 0; i < DEMO_POOLS; i++)
		if (port->pools[i].buf_num)
			return -EBUSY;
	port->use_dft = use_dft;
	port->probed = true;
	port->mtu = DEMO_LONG_MTU;
	return mvpp2_swf_bm_pool_init(port);
}

static int demo_destroy(struct demo_port *port, bool buggy)
{
	struct demo_bm_pool *pool;
	int i;

	if (!port->probed)
		return -EINVAL;
	for (i = 0; i < DEMO_POOLS; i++) {
		pool = &port->pools[i];
		mvpp2_bm_pool_destroy(port, pool, buggy &&
				      (pool == port->pool_long ||
				       pool == port->pool_short));
	}
	port->pool_long = NULL;
	port->pool_short = NULL;
	port->probed = false;
	return 0;
}

static int demo_command(struct demo_port *port, char *cmd)
{
	int mtu;

	cmd = strim(cmd);
	if (!strcmp(cmd, "probe legacy"))
		return demo_probe(port, false);
	if (!strcmp(cmd, "probe dft"))
		return demo_probe(port, true);
	if (!strcmp(cmd, "destroy"))
		return demo_destroy(port, false);
	if (!strcmp(cmd, "destroy-buggy"))
		return demo_destroy(port, true);
	if (str_has_prefix(cmd, "mtu ")) {
		if (!port->probed)
			return -EINVAL;
		if (kstrtoint(cmd + 4, 10, &mtu) || mtu < 68 || mtu > 9600)
			return -EINVAL;
		return mvpp2_change_mtu(port, mtu);
	}
	return -EINVAL;
}

static ssize_t demo_control_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	char *cmd;
	int err;

	if (len > 64)
		return -EINVAL;
	cmd = memdup_user_nul(ubuf, len);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&demo_port.lock);
	err = demo_command(&demo_port, cmd);
	mutex_unlock(&demo_port.lock);
	kfree(cmd);
	return err ?: len;
}

static ssize_t demo_control_read(struct file *file, char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	unsigned int held = 0, tracked = 0;
	struct demo_bm_pool *pool;
	struct dft_stats stats;
	char buf[256];
	int i, n;

	mutex_lock(&demo_port.lock);
	n = scnprintf(buf, sizeof(buf), "mode %s mtu %d",
		      demo_port.use_dft ? "dft" : "legacy", demo_port.mtu);
	for (i = 0; i < DEMO_POOLS; i++) {
		pool = &demo_port.pools[i];
		held += pool->buf_num;
		n += scnprintf(buf + n, sizeof(buf) - n, " %s %u", pool->name,
			       pool->buf_num);
		if (pool->dft) {
			dft_get_stats(pool->dft, &stats);
			tracked += stats.total;
		}
	}
	n += scnprintf(buf + n, sizeof(buf) - n, " held %u tracked %u\n",
		       held, tracked);
	mutex_unlock(&demo_port.lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations demo_control_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= demo_control_read,
	.write	= demo_control_write,
	.llseek	= default_llseek,
};

static int __init demo_init(void)
{
	struct demo_bm_pool *pool;
	int i, err;

	for (i = 0; i < DEMO_POOLS; i++) {
		pool = &demo_port.pools[i];
		pool->hw = vcalloc(DEMO_BUF_NUM, sizeof(*pool->hw));
		if (!pool->hw) {
			err = -ENOMEM;
			goto free;
		}
	}

	demo_pdev = platform_device_register_simple("dft_kmemleak_demo",
						    PLATFORM_DEVID_NONE,
						    NULL, 0);
	if (IS_ERR(demo_pdev)) {
		err = PTR_ERR(demo_pdev);
		goto free;
	}
	demo_port.dev = &demo_pdev->dev;
	err = dma_coerce_mask_and_coherent(demo_port.dev, DMA_BIT_MASK(64));
	if (err)
		goto unregister;

	demo_dir = debugfs_create_dir("dft_kmemleak_demo", NULL);
	debugfs_create_file("control", 0600, demo_dir, NULL,
			    &demo_control_fops);
	return 0;

unregister:
	platform_device_unregister(demo_pdev);
free:
	for (i = 0; i < DEMO_POOLS; i++)
		vfree(demo_port.pools[i].hw);
	return err;
}

static void __exit demo_exit(void)
{
	struct demo_bm_pool *pool;
	int i;

	debugfs_remove_recursive(demo_dir);
	demo_destroy(&demo_port, false);
	for (i = 0; i < DEMO_POOLS; i++) {
		pool = &demo_port.pools[i];
		/* Left by destroy-buggy: still mapped, and leaked on purpose. */
		while (pool->buf_num) {
			pool->buf_num--;
			dma_unmap_single(demo_port.dev,
					 pool->hw[pool->buf_num].dma,
					 demo_buf_size(pool), DMA_FROM_DEVICE);
		}
		vfree(pool->hw);
	}
	platform_device_unregister(demo_pdev);
}

module_init(demo_init);
module_exit(demo_exit);

MODULE_DESCRIPTION("Replay of mvpp2's RX buffer pools for kmemleak, with and without dma_frag_track");
MODULE_LICENSE("GPL");
