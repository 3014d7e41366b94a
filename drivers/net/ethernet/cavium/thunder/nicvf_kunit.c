// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of nicvf's receive buffers, run against an emulated RBDR on
 * UML.
 *
 * Included at the end of nicvf_queues.c, so that the tests drive the
 * driver's own static functions: the RBDR is allocated, filled, configured,
 * refilled, reclaimed and freed by the driver, and frames are turned into
 * skbs by nicvf_get_rcv_skb().  The test plays the hardware: through
 * logic_iomem it emulates RBDR 0's registers (head, tail, doorbell, status
 * and configuration), takes buffers from the ring the driver fills, writes
 * frames into them and hands them back in completion entries, by DMA
 * address.  The test device's DMA addresses are its physical addresses
 * plus an offset, as "dma-ranges" would make them: a driver that took one
 * for the other would read the wrong memory.
 */

#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/filter.h>

#include "nicvf_kunit.h"

/* Apart from the ranges virt-pci and the mvpp2 suite use. */
#define NICVF_TEST_IOMEM	0xe8000000UL
#define NICVF_TEST_IOMEM_SIZE	SZ_1M

/* A small ring: 8 pages of 2 buffers with 4 KiB pages. */
#define NICVF_TEST_RING_LEN	16

#define NICVF_TEST_DMA_OFFSET	SZ_4G

#include "nicvf_test_rbdr.c"

/* The emulated RBDR 0, the test playing its hardware. */
static struct nicvf_test_rbdr nicvf_test_hw;

static u32 nicvf_test_count(void)
{
	return nicvf_test_rbdr_count(&nicvf_test_hw);
}

static long nicvf_test_map(unsigned long offset, size_t size,
			   const struct logic_iomem_ops **ops, void **priv)
{
	*ops = &nicvf_test_rbdr_ops;
	*priv = &nicvf_test_hw;
	return 0;
}

static const struct logic_iomem_region_ops nicvf_test_region_ops = {
	.map = nicvf_test_map,
};

static struct resource nicvf_test_resource = {
	.name = "nicvf KUnit RBDR",
	.start = NICVF_TEST_IOMEM,
	.end = NICVF_TEST_IOMEM + NICVF_TEST_IOMEM_SIZE - 1,
	.flags = IORESOURCE_MEM,
};

static void nicvf_test_pdev_release(struct device *dev)
{
	kfree(to_pci_dev(dev));
}

static void nicvf_test_put_device(void *dev)
{
	put_device(dev);
}

static void nicvf_test_free_netdev(void *ndev)
{
	free_netdev(ndev);
}

static void nicvf_test_free_stats(void *stats)
{
	free_percpu((void __percpu __force *)stats);
}

static void nicvf_test_destroy_prog(void *prog)
{
	bpf_prog_destroy(prog);
}

/*
 * An XDP program that returns @verdict: a classic BPF "return VERDICT",
 * which bpf_prog_create() converts.
 */
struct bpf_prog *nicvf_test_prog(struct kunit *test, u32 verdict)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, verdict);
	struct sock_fprog_kern fprog = { .len = 1, .filter = &insn };
	struct bpf_prog *prog;

	KUNIT_ASSERT_EQ(test, bpf_prog_create(&prog, &fprog), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							nicvf_test_destroy_prog,
							prog), 0);
	return prog;
}

static void nicvf_test_iounmap(void *base)
{
	iounmap((void __iomem *)base);
}

/* What nicvf_config_data_transfer() does to the RBDR, and its undoing. */
static void nicvf_test_free(struct nicvf_test_ctx *ctx)
{
	if (ctx->freed)
		return;
	nicvf_rbdr_config(ctx->nic, ctx->qs, 0, false);
	nicvf_free_resources(ctx->nic);
	ctx->freed = true;
}

void nicvf_test_exit(struct kunit *test)
{
	struct nicvf_test_ctx *ctx = test->priv;

	if (ctx)
		nicvf_test_free(ctx);
}

/*
 * A VF whose queue set has one RBDR and no send or completion queue,
 * allocated, filled and configured by the driver.  @xdp: as if an XDP
 * program were attached, a page per buffer, recycled with its mapping.
 */
void nicvf_test_setup(struct kunit *test, bool xdp)
{
	static bool registered;
	struct nicvf_test_ctx *ctx;
	struct net_device *ndev;
	struct pci_dev *pdev;
	struct nicvf *nic;

	if (!registered) {
		KUNIT_ASSERT_EQ(test, logic_iomem_add_region(&nicvf_test_resource,
							     &nicvf_test_region_ops), 0);
		registered = true;
	}
	memset(&nicvf_test_hw, 0, sizeof(nicvf_test_hw));
	nicvf_test_hw.len = NICVF_TEST_RING_LEN;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->cqe = kunit_kzalloc(test, CMP_QUEUE_DESC_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->cqe);

	pdev = kzalloc(sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	device_initialize(&pdev->dev);
	pdev->dev.release = nicvf_test_pdev_release;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							nicvf_test_put_device,
							&pdev->dev), 0);
	KUNIT_ASSERT_EQ(test, dev_set_name(&pdev->dev, "nicvf_test"), 0);
	pdev->dev.dma_mask = &pdev->dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(&pdev->dev,
							DMA_BIT_MASK(64)), 0);
	KUNIT_ASSERT_EQ(test, dma_direct_set_offset(&pdev->dev, 0,
						    NICVF_TEST_DMA_OFFSET,
						    SZ_64G), 0);
	KUNIT_ASSERT_EQ(test, phys_to_dma(&pdev->dev, SZ_1M),
			SZ_1M + NICVF_TEST_DMA_OFFSET);
	ctx->pdev = pdev;

	ndev = alloc_etherdev(sizeof(*nic));
	KUNIT_ASSERT_NOT_NULL(test, ndev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							nicvf_test_free_netdev,
							ndev), 0);
	nic = netdev_priv(ndev);
	nic->netdev = ndev;
	nic->pnicvf = nic;
	nic->pdev = pdev;
	nic->hw_tso = true;
	nic->drv_stats = alloc_percpu(struct nicvf_drv_stats);
	KUNIT_ASSERT_TRUE(test, nic->drv_stats);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							nicvf_test_free_stats,
							(void __force *)nic->drv_stats), 0);
	nic->reg_base = ioremap(NICVF_TEST_IOMEM, NICVF_TEST_IOMEM_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, (void __force *)nic->reg_base);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							nicvf_test_iounmap,
							(void __force *)nic->reg_base), 0);
	/* The RBDR only asks whether a program is attached. */
	if (xdp)
		nic->xdp_prog = nicvf_test_prog(test, XDP_PASS);
	ctx->nic = nic;

	ctx->qs = kunit_kzalloc(test, sizeof(*ctx->qs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->qs);
	nic->qs = ctx->qs;
	ctx->qs->rbdr_cnt = 1;
	ctx->qs->rbdr_len = NICVF_TEST_RING_LEN;
	ctx->rbdr = &ctx->qs->rbdr[0];

	test->priv = ctx;
	KUNIT_ASSERT_EQ(test, nicvf_alloc_resources(nic), 0);
	nicvf_rbdr_config(nic, ctx->qs, 0, true);
}

unsigned long nicvf_test_tracked(struct nicvf_test_ctx *ctx)
{
	struct dft_stats st;

	dft_get_stats(ctx->qs->rb_dft, &st);
	return st.total;
}

unsigned long nicvf_test_misuse(struct nicvf_test_ctx *ctx,
				enum dft_misuse kind)
{
	struct dft_stats st;

	dft_get_stats(ctx->qs->rb_dft, &st);
	return st.misuse_kind[kind];
}

/* Where the hardware's DMA to @dma lands: what the test, as hardware, sees. */
void *nicvf_test_hw_ptr(struct nicvf_test_ctx *ctx, u64 dma)
{
	return phys_to_virt(dma_to_phys(&ctx->pdev->dev, dma));
}

/* The hardware takes the next buffer of the ring. */
static u64 nicvf_test_take(struct kunit *test, struct nicvf_test_ctx *ctx)
{
	struct nicvf_test_rbdr *hw = &nicvf_test_hw;
	struct rbdr_entry_t *desc;

	KUNIT_ASSERT_GT(test, nicvf_test_count(), 0);
	desc = GET_RBDR_DESC(ctx->rbdr, hw->head);
	hw->head = (hw->head + 1) & (hw->len - 1);
	return desc->buf_addr;
}

/*
 * The hardware receives a frame of @n buffers, buffer i holding @len[i]
 * bytes of pattern i (after @pad bytes in the first), and completes it.
 */
struct cqe_rx_t *nicvf_test_frame(struct kunit *test,
				  struct nicvf_test_ctx *ctx, unsigned int n,
				  const u16 *len, unsigned int pad, u64 *addr)
{
	struct cqe_rx_t *cqe = ctx->cqe;
	u16 *rb_lens = (void *)cqe + 3 * sizeof(u64);
	u64 *rb_ptrs = (void *)cqe + 7 * sizeof(u64);
	unsigned int i;

	memset(cqe, 0, CMP_QUEUE_DESC_SIZE);
	cqe->cqe_type = CQE_TYPE_RX;
	cqe->rb_cnt = n;
	cqe->align_pad = pad;
	for (i = 0; i < n; i++) {
		unsigned int at = i ? 0 : pad;

		addr[i] = nicvf_test_take(test, ctx);
		memset(nicvf_test_hw_ptr(ctx, addr[i]) + at, 0xa0 + i, len[i]);
		rb_lens[frag_num(i)] = len[i];
		rb_ptrs[i] = addr[i] + at;
	}
	return cqe;
}

/* Every buffer the driver gave the ring is tracked, by its DMA address. */
static void nicvf_test_fill(struct kunit *test)
{
	struct nicvf_test_ctx *ctx;
	unsigned int i;

	nicvf_test_setup(test, false);
	ctx = test->priv;
	KUNIT_EXPECT_EQ(test, nicvf_test_count(), NICVF_TEST_RING_LEN - 1);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), NICVF_TEST_RING_LEN);
	for (i = 0; i < NICVF_TEST_RING_LEN; i++) {
		u64 dma = GET_RBDR_DESC(ctx->rbdr, i)->buf_addr;
		void *buf = dft_lookup(ctx->qs->rb_dft, dma);

		KUNIT_EXPECT_PTR_EQ(test, buf, nicvf_test_hw_ptr(ctx, dma));
		/* Fragments of pages the driver splits itself */
		KUNIT_EXPECT_EQ(test, offset_in_page(buf) % RCV_FRAG_LEN, 0);
		KUNIT_EXPECT_NE(test, dma, (u64)virt_to_phys(buf));
	}
}

/* A frame in one buffer becomes an skb around it, and leaves the books. */
static void nicvf_test_rx_one(struct kunit *test)
{
	static const u16 len[] = { 60 };
	struct nicvf_test_ctx *ctx;
	struct sk_buff *skb;
	unsigned int pad;
	u64 addr[1];

	nicvf_test_setup(test, false);
	ctx = test->priv;
	for (pad = 0; pad < 8; pad += 6) {
		unsigned long before = nicvf_test_tracked(ctx);
		struct cqe_rx_t *cqe = nicvf_test_frame(test, ctx, 1, len,
							pad, addr);

		skb = nicvf_get_rcv_skb(ctx->nic, cqe, false);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), before - 1);
		KUNIT_EXPECT_PTR_EQ(test, (void *)skb->head,
				    nicvf_test_hw_ptr(ctx, addr[0]));
		KUNIT_EXPECT_PTR_EQ(test, (void *)skb->data, skb->head + pad);
		KUNIT_EXPECT_EQ(test, skb->len, len[0]);
		KUNIT_EXPECT_EQ(test, skb->data[0], 0xa0);
		KUNIT_EXPECT_EQ(test, skb->data[len[0] - 1], 0xa0);
		KUNIT_EXPECT_NULL(test, dft_lookup(ctx->qs->rb_dft, addr[0]));
		kfree_skb(skb);
	}
}

/* A frame over three buffers: the first is the head, the others frags. */
static void nicvf_test_rx_frags(struct kunit *test)
{
	static const u16 len[] = { 1536, 1536, 100 };
	struct nicvf_test_ctx *ctx;
	struct cqe_rx_t *cqe;
	struct sk_buff *skb;
	unsigned int i;
	u64 addr[3];

	nicvf_test_setup(test, false);
	ctx = test->priv;
	cqe = nicvf_test_frame(test, ctx, 3, len, 2, addr);
	skb = nicvf_get_rcv_skb(ctx->nic, cqe, false);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), NICVF_TEST_RING_LEN - 3);
	KUNIT_EXPECT_EQ(test, skb->len, len[0] + len[1] + len[2]);
	KUNIT_EXPECT_EQ(test, skb->data_len, len[1] + len[2]);
	KUNIT_ASSERT_EQ(test, skb_shinfo(skb)->nr_frags, 2);
	for (i = 1; i < 3; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i - 1];
		u8 *p = skb_frag_address(frag);

		KUNIT_EXPECT_PTR_EQ(test, (void *)p,
				    nicvf_test_hw_ptr(ctx, addr[i]));
		KUNIT_EXPECT_EQ(test, skb_frag_size(frag), len[i]);
		KUNIT_EXPECT_EQ(test, p[0], 0xa0 + i);
		KUNIT_EXPECT_EQ(test, p[len[i] - 1], 0xa0 + i);
	}
	kfree_skb(skb);
}

/*
 * What the tracker catches that the driver could not: a completion entry
 * with an address the driver never gave (here inside a buffer it did
 * give), which phys_to_virt() turned into a pointer to memory the driver
 * does not own.  The frame is dropped, the buffer stays in the books.
 */
static void nicvf_test_rx_unknown(struct kunit *test)
{
	static const u16 len[] = { 60 };
	struct nicvf_test_ctx *ctx;
	struct cqe_rx_t *cqe;
	u64 addr[1];
	u64 *rb_ptrs;

	nicvf_test_setup(test, false);
	ctx = test->priv;
	cqe = nicvf_test_frame(test, ctx, 1, len, 0, addr);
	rb_ptrs = (void *)cqe + 7 * sizeof(u64);
	rb_ptrs[0] = addr[0] + 128;
	KUNIT_EXPECT_NULL(test, nicvf_get_rcv_skb(ctx->nic, cqe, false));
	KUNIT_EXPECT_EQ(test, nicvf_test_misuse(ctx, DFT_MISUSE_NOT_START), 1);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), NICVF_TEST_RING_LEN);

	/* One far from any buffer */
	rb_ptrs[0] = NICVF_TEST_DMA_OFFSET + SZ_16G;
	KUNIT_EXPECT_NULL(test, nicvf_get_rcv_skb(ctx->nic, cqe, false));
	KUNIT_EXPECT_EQ(test, nicvf_test_misuse(ctx, DFT_MISUSE_UNKNOWN), 1);

	/* The real one still comes back */
	rb_ptrs[0] = addr[0];
	cqe = ctx->cqe;
	kfree_skb(nicvf_get_rcv_skb(ctx->nic, cqe, false));
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), NICVF_TEST_RING_LEN - 1);
}

/*
 * A frame whose second buffer's address is not one the driver gave: the
 * frame is dropped with every buffer it does own, the first and the third,
 * and the real second buffer stays in the books, to be freed at teardown.
 */
static void nicvf_test_rx_frags_unknown(struct kunit *test)
{
	static const u16 len[] = { 1536, 1536, 100 };
	struct nicvf_test_ctx *ctx;
	struct cqe_rx_t *cqe;
	u64 *rb_ptrs;
	u64 addr[3];

	nicvf_test_setup(test, false);
	ctx = test->priv;
	cqe = nicvf_test_frame(test, ctx, 3, len, 0, addr);
	rb_ptrs = (void *)cqe + 7 * sizeof(u64);
	rb_ptrs[1] = addr[1] + 128;
	KUNIT_EXPECT_NULL(test, nicvf_get_rcv_skb(ctx->nic, cqe, false));
	KUNIT_EXPECT_EQ(test, nicvf_test_misuse(ctx, DFT_MISUSE_UNKNOWN) +
			nicvf_test_misuse(ctx, DFT_MISUSE_NOT_START), 1);
	KUNIT_EXPECT_NULL(test, dft_lookup(ctx->qs->rb_dft, addr[0]));
	KUNIT_EXPECT_NULL(test, dft_lookup(ctx->qs->rb_dft, addr[2]));
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(ctx->qs->rb_dft, addr[1]),
			    nicvf_test_hw_ptr(ctx, addr[1]));
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), NICVF_TEST_RING_LEN - 2);
}

/*
 * The driver refills what the hardware took, recycling the pages whose
 * buffers all came back, and tracks each new buffer.
 */
static void nicvf_test_refill(struct kunit *test)
{
	static const u16 len[] = { 200 };
	struct nicvf_test_ctx *ctx;
	unsigned int round, i;
	u64 addr[1];

	nicvf_test_setup(test, false);
	ctx = test->priv;
	for (round = 0; round < 3; round++) {
		unsigned int doorbells = nicvf_test_hw.doorbells;

		for (i = 0; i < NICVF_TEST_RING_LEN / 2; i++)
			kfree_skb(nicvf_get_rcv_skb(ctx->nic,
						    nicvf_test_frame(test, ctx,
								     1, len, 0,
								     addr),
						    false));
		KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx),
				NICVF_TEST_RING_LEN / 2);
		nicvf_refill_rbdr(ctx->nic, GFP_KERNEL);
		KUNIT_EXPECT_FALSE(test, ctx->nic->rb_alloc_fail);
		KUNIT_EXPECT_EQ(test, nicvf_test_hw.doorbells, doorbells + 1);
		KUNIT_EXPECT_EQ(test, nicvf_test_count(),
				NICVF_TEST_RING_LEN - 1);
		KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx),
				NICVF_TEST_RING_LEN);
		for (i = 0; i < NICVF_TEST_RING_LEN; i++) {
			u64 dma = GET_RBDR_DESC(ctx->rbdr, i)->buf_addr;

			KUNIT_EXPECT_PTR_EQ(test,
					    dft_lookup(ctx->qs->rb_dft, dma),
					    nicvf_test_hw_ptr(ctx, dma));
		}
	}
}

/*
 * XDP mode: a page per buffer, mapped from its start; a page that comes
 * back is recycled with its mapping and given to the hardware past the
 * headroom, the address it is then tracked by.
 */
static void nicvf_test_xdp_recycle(struct kunit *test)
{
	static const u16 len[] = { 60 };
	unsigned int i, headroom = 0;
	struct nicvf_test_ctx *ctx;
	u64 addr[1];

	nicvf_test_setup(test, true);
	ctx = test->priv;
	KUNIT_ASSERT_TRUE(test, ctx->rbdr->is_xdp);
	for (i = 0; i < NICVF_TEST_RING_LEN; i++) {
		u64 dma = GET_RBDR_DESC(ctx->rbdr, i)->buf_addr;

		KUNIT_EXPECT_EQ(test, offset_in_page(dma), 0);
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(ctx->qs->rb_dft, dma),
				    nicvf_test_hw_ptr(ctx, dma));
	}
	for (i = 0; i < 2 * NICVF_TEST_RING_LEN; i++) {
		kfree_skb(nicvf_get_rcv_skb(ctx->nic,
					    nicvf_test_frame(test, ctx, 1, len,
							     0, addr),
					    true));
		nicvf_refill_rbdr(ctx->nic, GFP_KERNEL);
		KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx),
				NICVF_TEST_RING_LEN);
	}
	for (i = 0; i < NICVF_TEST_RING_LEN; i++) {
		u64 dma = GET_RBDR_DESC(ctx->rbdr, i)->buf_addr;

		if (offset_in_page(dma) == XDP_PACKET_HEADROOM)
			headroom++;
		KUNIT_EXPECT_PTR_EQ(test, dft_lookup(ctx->qs->rb_dft, dma),
				    nicvf_test_hw_ptr(ctx, dma));
	}
	/* Recycled pages went back past their headroom */
	KUNIT_EXPECT_GT(test, headroom, 0);
}

/* Teardown frees, through the tracker, every buffer the ring holds. */
static void nicvf_test_teardown(struct kunit *test)
{
	static const u16 len[] = { 60 };
	struct nicvf_test_ctx *ctx;
	u64 addr[1];

	nicvf_test_setup(test, false);
	ctx = test->priv;
	kfree_skb(nicvf_get_rcv_skb(ctx->nic,
				    nicvf_test_frame(test, ctx, 1, len, 0,
						     addr),
				    false));
	nicvf_rbdr_config(ctx->nic, ctx->qs, 0, false);
	KUNIT_EXPECT_EQ(test, ctx->rbdr->head, 1);
	KUNIT_EXPECT_EQ(test, ctx->rbdr->tail, NICVF_TEST_RING_LEN - 1);
	nicvf_free_rbdr(ctx->nic, ctx->rbdr);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), 0);
	KUNIT_EXPECT_EQ(test, nicvf_test_misuse(ctx, DFT_MISUSE_UNKNOWN), 0);
	nicvf_free_resources(ctx->nic);
	KUNIT_EXPECT_NULL(test, ctx->qs->rb_dft);
	ctx->freed = true;
}

/*
 * A buffer the hardware took for a frame whose completion the driver never
 * processed (its queues were stopped first) is in no descriptor the driver
 * frees: nicvf_free_rbdr() frees head..tail only.  It is not lost: the
 * tracker still holds it, and frees it when it is destroyed.
 */
static void nicvf_test_teardown_inflight(struct kunit *test)
{
	struct nicvf_test_ctx *ctx;
	u64 dma;

	nicvf_test_setup(test, false);
	ctx = test->priv;
	dma = nicvf_test_take(test, ctx);
	nicvf_rbdr_config(ctx->nic, ctx->qs, 0, false);
	nicvf_free_rbdr(ctx->nic, ctx->rbdr);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), 1);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(ctx->qs->rb_dft, dma),
			    nicvf_test_hw_ptr(ctx, dma));
	nicvf_free_resources(ctx->nic);
	ctx->freed = true;
}

static struct kunit_case nicvf_test_cases[] = {
	KUNIT_CASE(nicvf_test_fill),
	KUNIT_CASE(nicvf_test_rx_one),
	KUNIT_CASE(nicvf_test_rx_frags),
	KUNIT_CASE(nicvf_test_rx_unknown),
	KUNIT_CASE(nicvf_test_rx_frags_unknown),
	KUNIT_CASE(nicvf_test_refill),
	KUNIT_CASE(nicvf_test_xdp_recycle),
	KUNIT_CASE(nicvf_test_teardown),
	KUNIT_CASE(nicvf_test_teardown_inflight),
	{}
};

static struct kunit_suite nicvf_test_suite = {
	.name = "nicvf_rbdr",
	.exit = nicvf_test_exit,
	.test_cases = nicvf_test_cases,
};

kunit_test_suite(nicvf_test_suite);
