// SPDX-License-Identifier: GPL-2.0
/*
 * An emulated RBDR 0 on UML, shared by nicvf's KUnit suites (nicvf_kunit.c)
 * and the kmemleak demo's harness (nicvf_kmemleak_demo.c), both included at
 * the end of nicvf_queues.c.
 *
 * Through logic_iomem it emulates the registers the driver's RBDR code
 * reads and writes: head, tail, doorbell, status (the FIFO state and the
 * count of buffers the hardware holds) and configuration (reset, enable);
 * every other register reads as 0 and ignores writes.  The ring holds
 * descriptors head..tail, as nicvf_free_rbdr() sees it; the status count is
 * tail - head, one less, as nicvf_refill_rbdr() expects.  The priv pointer
 * of a mapping is its &struct nicvf_test_rbdr.
 */

#ifndef NICVF_TEST_RBDR_C
#define NICVF_TEST_RBDR_C

#include <linux/logic_iomem.h>

struct nicvf_test_rbdr {
	u32 head;	/* next descriptor the hardware takes */
	u32 tail;	/* last descriptor the driver gave */
	u32 len;
	u64 cfg;
	unsigned int doorbells;
};

static u32 nicvf_test_rbdr_count(const struct nicvf_test_rbdr *r)
{
	return r->len ? (r->tail - r->head) & (r->len - 1) : 0;
}

static unsigned long nicvf_test_rbdr_read(void *priv, unsigned int offset,
					  int size)
{
	const struct nicvf_test_rbdr *r = priv;
	u64 state = 0;

	if (r->cfg & NICVF_RBDR_RESET)
		state = 2;
	else if (r->cfg & BIT_ULL(44))		/* ena */
		state = 1;

	switch (offset) {
	case NIC_QSET_RBDR_0_1_HEAD:
		return (u64)r->head << 3;
	case NIC_QSET_RBDR_0_1_TAIL:
		return (u64)r->tail << 3;
	case NIC_QSET_RBDR_0_1_STATUS0:
		return state << 62 | nicvf_test_rbdr_count(r);
	}
	return 0;
}

static void nicvf_test_rbdr_write(void *priv, unsigned int offset, int size,
				  unsigned long val)
{
	struct nicvf_test_rbdr *r = priv;

	switch (offset) {
	case NIC_QSET_RBDR_0_1_CFG:
		r->cfg = val;
		break;
	case NIC_QSET_RBDR_0_1_BASE:
		r->head = 0;
		r->tail = 0;
		break;
	case NIC_QSET_RBDR_0_1_DOOR:
		r->tail = (r->tail + val) & (r->len - 1);
		r->doorbells++;
		break;
	}
}

static const struct logic_iomem_ops nicvf_test_rbdr_ops = {
	.read = nicvf_test_rbdr_read,
	.write = nicvf_test_rbdr_write,
};

#endif /* NICVF_TEST_RBDR_C */
