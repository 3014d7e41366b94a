// SPDX-License-Identifier: GPL-2.0
/*
 * The kmemleak demo's harness: nicvf's own RBDR code on an emulated RBDR,
 * on UML.
 *
 * Included at the end of nicvf_queues.c, so that it drives the driver's own
 * static functions, and only those: it builds on the driver with and
 * without dma_frag_track, and the demo compares the two.  Writing to
 * /sys/kernel/debug/nicvf_kmemleak_demo/control:
 *
 *   "ring N"  sets up a VF whose queue set has one RBDR of N buffers,
 *             allocated, filled and configured by the driver, and keeps it
 *             running: the emulated hardware holds the buffers;
 *   "lose N"  does the same with another VF, then forgets it the way a
 *             driver bug would: the queue set is freed without
 *             nicvf_free_resources(), and with it every pointer the driver
 *             had to the ring.
 *
 * Reading the file tells how many buffers the hardware holds; reading
 * "buffers" lists the running ring's, "0" and a virtual address per line,
 * for the demo to ask kmemleak about each.  The harness finds a buffer's
 * address the way the hardware does, from the descriptor's DMA address.
 *
 * The RBDR is the KUnit suite's, nicvf_test_rbdr.c, one per VF: each
 * VF's registers are a region of their own.  The
 * demo's VFs have DMA addresses 4 GiB above their physical ones.
 *
 * With KUnit, the harness also times the driver's own receive path (the
 * nicvf_rx_bench suite, `make bench`) on a VF of its own, mapped 1:1 so
 * that the unpatched driver, which takes DMA addresses for physical ones,
 * runs too.
 */

#include <linux/debugfs.h>
#include <linux/dma-direct.h>

/* Apart from the ranges virt-pci and the mvpp2 harness use. */
#define NICVF_DEMO_IOMEM	0xe4000000UL
#define NICVF_DEMO_IOMEM_SIZE	SZ_1M
#define NICVF_DEMO_VFS		2

#include "nicvf_test_rbdr.c"

static struct nicvf_demo {
	struct mutex lock;	/* serialises the commands */
	struct nicvf_test_rbdr rbdr[NICVF_DEMO_VFS];
	struct nicvf *running;
	unsigned int vfs;
	unsigned long lost;
	struct dentry *dir;
} nicvf_demo = {
	.lock = __MUTEX_INITIALIZER(nicvf_demo.lock),
};

static long nicvf_demo_map(unsigned long offset, size_t size,
			   const struct logic_iomem_ops **ops, void **priv)
{
	unsigned int vf = offset / NICVF_DEMO_IOMEM_SIZE;

	if (vf >= NICVF_DEMO_VFS)
		return -EINVAL;
	*ops = &nicvf_test_rbdr_ops;
	*priv = &nicvf_demo.rbdr[vf];
	return 0;
}

static const struct logic_iomem_region_ops nicvf_demo_region_ops = {
	.map = nicvf_demo_map,
};

static struct resource nicvf_demo_resource = {
	.name = "nicvf kmemleak demo RBDR",
	.start = NICVF_DEMO_IOMEM,
	.end = NICVF_DEMO_IOMEM + NICVF_DEMO_VFS * NICVF_DEMO_IOMEM_SIZE - 1,
	.flags = IORESOURCE_MEM,
};

static void nicvf_demo_pdev_release(struct device *dev)
{
	kfree(to_pci_dev(dev));
}

/*
 * A VF as far as its RBDR goes, with @len buffers in the ring, on a device
 * whose DMA addresses are its physical ones plus @dma_offset.
 */
static struct nicvf *nicvf_demo_vf(unsigned int len, u64 dma_offset)
{
	struct nicvf_demo *d = &nicvf_demo;
	unsigned int vf = d->vfs;
	struct net_device *ndev;
	struct pci_dev *pdev;
	struct nicvf *nic;
	int err;

	if (vf >= NICVF_DEMO_VFS || !is_power_of_2(len) || len < 8)
		return ERR_PTR(-EINVAL);
	if (!vf) {
		err = logic_iomem_add_region(&nicvf_demo_resource,
					     &nicvf_demo_region_ops);
		if (err)
			return ERR_PTR(err);
	}
	d->rbdr[vf].len = len;

	pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);
	if (!pdev)
		return ERR_PTR(-ENOMEM);
	device_initialize(&pdev->dev);
	pdev->dev.release = nicvf_demo_pdev_release;
	pdev->dev.dma_mask = &pdev->dma_mask;
	err = dev_set_name(&pdev->dev, "nicvf_demo%u", vf) ?:
	      dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64)) ?:
	      dma_direct_set_offset(&pdev->dev, 0, dma_offset, SZ_64G);
	if (err)
		goto put;
	err = -ENOMEM;
	ndev = alloc_etherdev(sizeof(*nic));
	if (!ndev)
		goto put;
	nic = netdev_priv(ndev);
	nic->netdev = ndev;
	nic->pnicvf = nic;
	nic->pdev = pdev;
	nic->hw_tso = true;
	nic->drv_stats = alloc_percpu(struct nicvf_drv_stats);
	nic->reg_base = ioremap(NICVF_DEMO_IOMEM + vf * NICVF_DEMO_IOMEM_SIZE,
				NICVF_DEMO_IOMEM_SIZE);
	nic->qs = kzalloc(sizeof(*nic->qs), GFP_KERNEL);
	if (!nic->drv_stats || !nic->reg_base || !nic->qs)
		goto free;
	nic->qs->rbdr_cnt = 1;
	nic->qs->rbdr_len = len;
	err = nicvf_alloc_resources(nic);
	if (err)
		goto free;
	nicvf_rbdr_config(nic, nic->qs, 0, true);
	d->vfs++;
	return nic;

free:
	kfree(nic->qs);
	if (nic->reg_base)
		iounmap(nic->reg_base);
	free_percpu(nic->drv_stats);
	free_netdev(ndev);
put:
	put_device(&pdev->dev);
	return ERR_PTR(err);
}

static unsigned int nicvf_demo_held(const struct nicvf_test_rbdr *r)
{
	/* The ring's descriptors head..tail, as nicvf_free_rbdr() sees them */
	return r->len ? nicvf_test_rbdr_count(r) + 1 : 0;
}

static ssize_t nicvf_demo_control_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	struct nicvf_demo *d = &nicvf_demo;
	struct nicvf *nic;
	unsigned int len;
	char buf[32];
	int err = 0;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&d->lock);
	if (sscanf(buf, "ring %u", &len) == 1 && !d->running) {
		nic = nicvf_demo_vf(len, SZ_4G);
		if (IS_ERR(nic))
			err = PTR_ERR(nic);
		else
			d->running = nic;
	} else if (sscanf(buf, "lose %u", &len) == 1) {
		nic = nicvf_demo_vf(len, SZ_4G);
		if (IS_ERR(nic)) {
			err = PTR_ERR(nic);
		} else {
			/* The bug: the queue set goes, its ring with it */
			d->lost += nicvf_demo_held(&d->rbdr[d->vfs - 1]);
			kfree(nic->qs);
			nic->qs = NULL;
		}
	} else {
		err = -EINVAL;
	}
	mutex_unlock(&d->lock);
	return err ?: count;
}

static int nicvf_demo_control_show(struct seq_file *m, void *v)
{
	struct nicvf_demo *d = &nicvf_demo;

	mutex_lock(&d->lock);
	seq_printf(m, "held %u lost %lu\n",
		   d->running ? nicvf_demo_held(&d->rbdr[0]) : 0, d->lost);
	mutex_unlock(&d->lock);
	return 0;
}

static int nicvf_demo_control_open(struct inode *inode, struct file *file)
{
	return single_open(file, nicvf_demo_control_show, NULL);
}

static const struct file_operations nicvf_demo_control_fops = {
	.owner = THIS_MODULE,
	.open = nicvf_demo_control_open,
	.read = seq_read,
	.write = nicvf_demo_control_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Each buffer the running ring holds: where the hardware writes it. */
static int nicvf_demo_buffers_show(struct seq_file *m, void *v)
{
	struct nicvf_demo *d = &nicvf_demo;
	const struct nicvf_test_rbdr *r = &d->rbdr[0];
	struct nicvf *nic;
	unsigned int i, n;

	mutex_lock(&d->lock);
	nic = d->running;
	n = nic ? nicvf_demo_held(r) : 0;
	for (i = 0; i < n; i++) {
		struct rbdr_entry_t *desc;
		phys_addr_t phys;

		desc = GET_RBDR_DESC(&nic->qs->rbdr[0],
				     (r->head + i) & (r->len - 1));
		phys = dma_to_phys(&nic->pdev->dev, desc->buf_addr);
		seq_printf(m, "0 0x%lx\n", (unsigned long)phys_to_virt(phys));
	}
	mutex_unlock(&d->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nicvf_demo_buffers);

static int __init nicvf_demo_init(void)
{
	nicvf_demo.dir = debugfs_create_dir("nicvf_kmemleak_demo", NULL);
	debugfs_create_file("control", 0600, nicvf_demo.dir, NULL,
			    &nicvf_demo_control_fops);
	debugfs_create_file("buffers", 0400, nicvf_demo.dir, NULL,
			    &nicvf_demo_buffers_fops);
	return 0;
}
late_initcall(nicvf_demo_init);

#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/sort.h>
#include <net/gro.h>

/*
 * The driver's own receive path, timed: a NAPI budget of frames the
 * emulated hardware completed, each turned into an skb by
 * nicvf_get_rcv_skb() and passed up through GRO to a protocol handler that
 * frees it, then the ring refilled by nicvf_refill_rbdr(), as its tasklet
 * does.  Only driver code runs, so the same case times the driver with and
 * without dma_frag_track, in two kernels; `make bench` compares them.  Each
 * repetition prints the nanoseconds per frame, in tenths, as mvpp2's bench
 * does: the median over groups of 16 polls of the group's time.  The
 * completion entries are written before the timer starts.
 */
static unsigned int nicvf_bench_polls = 4096;
module_param_named(bench_polls, nicvf_bench_polls, uint, 0444);
MODULE_PARM_DESC(bench_polls, "Polls timed per repetition of the RX bench");

static unsigned int nicvf_bench_reps = 5;
module_param_named(bench_reps, nicvf_bench_reps, uint, 0444);
MODULE_PARM_DESC(bench_reps, "Repetitions of the RX bench");

#define NICVF_BENCH_BUDGET	64
#define NICVF_BENCH_GROUP	16
#define NICVF_BENCH_RING	256
#define NICVF_BENCH_ETH_P	0x88b6

static atomic_long_t nicvf_bench_rcvd;

static int nicvf_bench_rcv(struct sk_buff *skb, struct net_device *dev,
			   struct packet_type *pt, struct net_device *orig)
{
	atomic_long_inc(&nicvf_bench_rcvd);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int nicvf_bench_napi_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

static int nicvf_bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The hardware fills the next @n buffers of the ring with @len bytes. */
static void nicvf_bench_complete(struct nicvf *nic, struct nicvf_test_rbdr *r,
				 u8 *cqes, unsigned int n, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct cqe_rx_t *cqe = (void *)(cqes + i * CMP_QUEUE_DESC_SIZE);
		u16 *rb_lens = (void *)cqe + 3 * sizeof(u64);
		u64 *rb_ptrs = (void *)cqe + 7 * sizeof(u64);
		struct rbdr_entry_t *desc;
		struct ethhdr *eth;

		desc = GET_RBDR_DESC(&nic->qs->rbdr[0], r->head);
		r->head = (r->head + 1) & (r->len - 1);
		eth = phys_to_virt(dma_to_phys(&nic->pdev->dev, desc->buf_addr));
		eth_broadcast_addr(eth->h_dest);
		eth->h_proto = htons(NICVF_BENCH_ETH_P);
		memset(cqe, 0, CMP_QUEUE_DESC_SIZE);
		cqe->cqe_type = CQE_TYPE_RX;
		cqe->rb_cnt = 1;
		rb_lens[frag_num(0)] = len;
		rb_ptrs[0] = desc->buf_addr;
	}
}

/* One poll: the driver takes the frames in @cqes, then refills the ring. */
static unsigned int nicvf_bench_poll(struct nicvf *nic, struct napi_struct *napi,
				     u8 *cqes)
{
	unsigned int f;

	for (f = 0; f < NICVF_BENCH_BUDGET; f++) {
		struct cqe_rx_t *cqe = (void *)(cqes + f * CMP_QUEUE_DESC_SIZE);
		struct sk_buff *skb = nicvf_get_rcv_skb(nic, cqe, false);

		if (!skb)
			break;
		skb->protocol = eth_type_trans(skb, nic->netdev);
		napi_gro_receive(napi, skb);
	}
	gro_normal_list(napi);
	nicvf_refill_rbdr(nic, GFP_ATOMIC);
	return f;
}

static const struct {
	const char *name;
	unsigned int len;
} nicvf_bench_cfgs[] = {
	{ "short64", 64 },
	{ "long1500", 1500 },
};

static void nicvf_bench_rx(struct kunit *test)
{
	const char *variant = IS_ENABLED(CONFIG_DMA_FRAG_TRACK) ? "dft" : "base";
	struct packet_type pt = {
		.type = htons(NICVF_BENCH_ETH_P),
		.func = nicvf_bench_rcv,
	};
	struct nicvf_demo *d = &nicvf_demo;
	unsigned int c = 0, rep, i = 0, f, groups;
	struct nicvf_test_rbdr *r;
	struct napi_struct *napi;
	struct nicvf *nic;
	u64 *ns, t0;
	u8 *cqes;

	mutex_lock(&d->lock);
	nic = nicvf_demo_vf(NICVF_BENCH_RING, 0);
	r = IS_ERR(nic) ? NULL : &d->rbdr[d->vfs - 1];
	mutex_unlock(&d->lock);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, nic);

	ns = kunit_kcalloc(test, nicvf_bench_polls, sizeof(*ns), GFP_KERNEL);
	napi = kunit_kzalloc(test, sizeof(*napi), GFP_KERNEL);
	cqes = kunit_kcalloc(test, NICVF_BENCH_BUDGET, CMP_QUEUE_DESC_SIZE,
			     GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, ns && napi && cqes);

	pt.dev = nic->netdev;
	dev_add_pack(&pt);
	netif_napi_add(nic->netdev, napi, nicvf_bench_napi_poll);
	atomic_long_set(&nicvf_bench_rcvd, 0);
	current->kunit_test = NULL;
	for (rep = 0; rep < nicvf_bench_reps; rep++) {
		for (c = 0; c < ARRAY_SIZE(nicvf_bench_cfgs); c++) {
			for (i = 0; i < nicvf_bench_polls; i++) {
				nicvf_bench_complete(nic, r, cqes,
						     NICVF_BENCH_BUDGET,
						     nicvf_bench_cfgs[c].len);
				local_bh_disable();
				t0 = ktime_get_ns();
				f = nicvf_bench_poll(nic, napi, cqes);
				t0 = ktime_get_ns() - t0;
				local_bh_enable();
				if (!(i % NICVF_BENCH_GROUP))
					ns[i / NICVF_BENCH_GROUP] = 0;
				ns[i / NICVF_BENCH_GROUP] += t0;
				if (f != NICVF_BENCH_BUDGET || nic->rb_alloc_fail)
					break;
				cond_resched();
			}
			if (i < nicvf_bench_polls)
				break;
			groups = i / NICVF_BENCH_GROUP;
			sort(ns, groups, sizeof(*ns), nicvf_bench_cmp, NULL);
			pr_info("dft_bench: raw,nicvf,%s,%u,%s,frame,%u,%llu\n",
				nicvf_bench_cfgs[c].name, NICVF_BENCH_BUDGET,
				variant, rep,
				div_u64(ns[groups / 2] * 10,
					NICVF_BENCH_GROUP * NICVF_BENCH_BUDGET));
		}
		if (c < ARRAY_SIZE(nicvf_bench_cfgs))
			break;
	}
	current->kunit_test = test;
	netif_napi_del(napi);
	dev_remove_pack(&pt);
	KUNIT_ASSERT_EQ(test, i, nicvf_bench_polls);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nicvf_bench_rcvd),
			(long)nicvf_bench_reps * ARRAY_SIZE(nicvf_bench_cfgs) *
			nicvf_bench_polls * NICVF_BENCH_BUDGET);
}

static struct kunit_case nicvf_bench_cases[] = {
	KUNIT_CASE(nicvf_bench_rx),
	{}
};

static struct kunit_suite nicvf_bench_suite = {
	.name = "nicvf_rx_bench",
	.test_cases = nicvf_bench_cases,
};

kunit_test_suite(nicvf_bench_suite);
#endif
