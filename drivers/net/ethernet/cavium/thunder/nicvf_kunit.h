/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KUnit suites' VF on an emulated RBDR (nicvf_kunit.c, included at the
 * end of nicvf_queues.c), shared with the XDP suite (nicvf_xdp_kunit.c, at
 * the end of nicvf_main.c).
 */
#ifndef NICVF_KUNIT_H
#define NICVF_KUNIT_H

#include <kunit/test.h>
#include <linux/dma_frag_track.h>

struct nicvf_test_ctx {
	struct nicvf *nic;
	struct pci_dev *pdev;
	struct queue_set *qs;
	struct rbdr *rbdr;
	/* A completion entry, as the CQ ring holds it */
	struct cqe_rx_t *cqe;
	bool freed;
};

struct bpf_prog *nicvf_test_prog(struct kunit *test, u32 verdict);
void nicvf_test_setup(struct kunit *test, bool xdp);
void nicvf_test_exit(struct kunit *test);
unsigned long nicvf_test_tracked(struct nicvf_test_ctx *ctx);
unsigned long nicvf_test_misuse(struct nicvf_test_ctx *ctx,
				enum dft_misuse kind);
void *nicvf_test_hw_ptr(struct nicvf_test_ctx *ctx, u64 dma);
struct cqe_rx_t *nicvf_test_frame(struct kunit *test,
				  struct nicvf_test_ctx *ctx, unsigned int n,
				  const u16 *len, unsigned int pad, u64 *addr);

#endif /* NICVF_KUNIT_H */
