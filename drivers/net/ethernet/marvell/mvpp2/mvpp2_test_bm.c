// SPDX-License-Identifier: GPL-2.0
/*
 * An emulated mvpp2 Buffer Manager on UML, shared by the driver's KUnit
 * suite (mvpp2_kunit.c) and the kmemleak demo's harness
 * (mvpp2_kmemleak_demo.c), both included at the end of mvpp2_main.c.
 *
 * Through logic_iomem, the BM's release registers push (DMA address, cookie)
 * onto a per-pool LIFO, its allocate registers pop it and its counters report
 * the depth the way mvpp2_check_hw_buf_num() reads them; RX queue 0's status
 * registers report and consume rx_pending.  Every other register reads as 0
 * and ignores writes.  The LIFO holds integers only (DMA and physical
 * addresses, which on UML are not kernel virtual addresses): it hides no
 * buffer from kmemleak.  One thread, so one register window; the windows
 * after it (PPv2.1's LMS and ports) read as 0 and ignore writes.
 */

#ifndef MVPP2_TEST_BM_C
#define MVPP2_TEST_BM_C

#include <linux/logic_iomem.h>

#define MVPP2_TEST_BM_DEPTH	4096

struct mvpp2_test_bm_entry {
	dma_addr_t dma;
	phys_addr_t cookie;
};

/* The emulated BM: one thread, so one register window. */
static struct mvpp2_test_bm {
	struct mvpp2_test_bm_entry *lifo[MVPP2_BM_POOLS_NUM];
	unsigned int count[MVPP2_BM_POOLS_NUM];
	unsigned int late[MVPP2_BM_POOLS_NUM];
	unsigned long pushed[MVPP2_BM_POOLS_NUM];
	struct mvpp2_test_bm_entry popped;
	u32 rls_cookie;
	u32 rls_high;
	unsigned long overflow;
	unsigned int rx_pending;
} mvpp2_test_bm;

static void mvpp2_test_bm_push(unsigned int pool, u32 dma_lo)
{
	struct mvpp2_test_bm *bm = &mvpp2_test_bm;
	struct mvpp2_test_bm_entry *e;
	u64 dma = dma_lo, cookie = bm->rls_cookie;

	dma |= (u64)(bm->rls_high & MVPP22_BM_ADDR_HIGH_PHYS_RLS_MASK) << 32;
	cookie |= (u64)((bm->rls_high & MVPP22_BM_ADDR_HIGH_VIRT_RLS_MASK) >>
			MVPP22_BM_ADDR_HIGH_VIRT_RLS_SHIFT) << 32;
	if (pool >= MVPP2_BM_POOLS_NUM || !bm->lifo[pool] ||
	    bm->count[pool] >= MVPP2_TEST_BM_DEPTH) {
		bm->overflow++;
		return;
	}
	bm->pushed[pool]++;
	e = &bm->lifo[pool][bm->count[pool]++];
	e->dma = dma;
	e->cookie = cookie;
}

/*
 * The first late[pool] entries of the LIFO (the oldest) stand for buffers
 * still on their way back to the BM: neither popped nor counted until the
 * others are out, when a count read shows them.
 */
static unsigned int mvpp2_test_bm_visible(unsigned int pool)
{
	return mvpp2_test_bm.count[pool] - mvpp2_test_bm.late[pool];
}

static u32 mvpp2_test_bm_pop(unsigned int pool)
{
	struct mvpp2_test_bm *bm = &mvpp2_test_bm;

	memset(&bm->popped, 0, sizeof(bm->popped));
	if (pool < MVPP2_BM_POOLS_NUM && mvpp2_test_bm_visible(pool))
		bm->popped = bm->lifo[pool][--bm->count[pool]];
	return lower_32_bits(bm->popped.dma);
}

/* What mvpp2_check_hw_buf_num() reads back as the pool's count. */
static u32 mvpp2_test_bm_num(unsigned int pool, bool bppi)
{
	unsigned int n;

	if (pool >= MVPP2_BM_POOLS_NUM)
		return 0;
	if (!mvpp2_test_bm_visible(pool))
		mvpp2_test_bm.late[pool] = 0;
	n = mvpp2_test_bm_visible(pool);

	/* The driver adds the one buffer the counters do not show. */
	if (!n)
		return 0;
	return bppi ? (n - 1) & ~MVPP22_BM_POOL_PTRS_NUM_MASK :
		      (n - 1) & MVPP22_BM_POOL_PTRS_NUM_MASK;
}

static unsigned long mvpp2_test_read(void *priv, unsigned int offset,
				     int size)
{
	struct mvpp2_test_bm *bm = &mvpp2_test_bm;

	if (offset >= MVPP2_BM_PHY_ALLOC_REG(0) &&
	    offset < MVPP2_BM_PHY_ALLOC_REG(MVPP2_BM_MAX_POOLS))
		return mvpp2_test_bm_pop((offset - MVPP2_BM_PHY_ALLOC_REG(0)) / 4);
	if (offset == MVPP2_BM_VIRT_ALLOC_REG)
		return lower_32_bits(bm->popped.cookie);
	if (offset == MVPP22_BM_ADDR_HIGH_ALLOC)
		return (upper_32_bits(bm->popped.dma) &
			MVPP22_BM_ADDR_HIGH_PHYS_MASK) |
		       ((upper_32_bits(bm->popped.cookie) <<
			 MVPP22_BM_ADDR_HIGH_VIRT_SHIFT) &
			MVPP22_BM_ADDR_HIGH_VIRT_MASK);
	if (offset >= MVPP2_BM_POOL_PTRS_NUM_REG(0) &&
	    offset < MVPP2_BM_POOL_PTRS_NUM_REG(MVPP2_BM_MAX_POOLS))
		return mvpp2_test_bm_num((offset - MVPP2_BM_POOL_PTRS_NUM_REG(0)) / 4,
					 false);
	if (offset >= MVPP2_BM_BPPI_PTRS_NUM_REG(0) &&
	    offset < MVPP2_BM_BPPI_PTRS_NUM_REG(MVPP2_BM_MAX_POOLS))
		return mvpp2_test_bm_num((offset - MVPP2_BM_BPPI_PTRS_NUM_REG(0)) / 4,
					 true);
	if (offset == MVPP2_RXQ_STATUS_REG(0))
		return bm->rx_pending;
	return 0;
}

static void mvpp2_test_write(void *priv, unsigned int offset, int size,
			     unsigned long val)
{
	struct mvpp2_test_bm *bm = &mvpp2_test_bm;

	if (offset == MVPP22_BM_ADDR_HIGH_RLS_REG)
		bm->rls_high = val;
	else if (offset == MVPP2_BM_VIRT_RLS_REG)
		bm->rls_cookie = val;
	else if (offset >= MVPP2_BM_PHY_RLS_REG(0) &&
		 offset < MVPP2_BM_PHY_RLS_REG(MVPP2_BM_MAX_POOLS))
		mvpp2_test_bm_push((offset - MVPP2_BM_PHY_RLS_REG(0)) / 4, val);
	else if (offset == MVPP2_RXQ_STATUS_UPDATE_REG(0))
		bm->rx_pending -= min_t(unsigned int, bm->rx_pending,
					val & MVPP2_RXQ_OCCUPIED_MASK);
}

static const struct logic_iomem_ops mvpp2_test_ops = {
	.read = mvpp2_test_read,
	.write = mvpp2_test_write,
};

static unsigned long mvpp2_test_zero_read(void *priv, unsigned int offset,
					  int size)
{
	return 0;
}

static void mvpp2_test_zero_write(void *priv, unsigned int offset, int size,
				  unsigned long val)
{
}

static const struct logic_iomem_ops mvpp2_test_zero_ops = {
	.read = mvpp2_test_zero_read,
	.write = mvpp2_test_zero_write,
};

/* The register windows: the BM's (the controller's), then the others. */
#define MVPP2_TEST_WINDOW	SZ_64K

static long mvpp2_test_map(unsigned long offset, size_t size,
			   const struct logic_iomem_ops **ops, void **priv)
{
	*ops = offset < MVPP2_TEST_WINDOW ? &mvpp2_test_ops :
					    &mvpp2_test_zero_ops;
	return 0;
}

static const struct logic_iomem_region_ops mvpp2_test_region_ops = {
	.map = mvpp2_test_map,
};

#endif /* MVPP2_TEST_BM_C */
