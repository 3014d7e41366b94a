// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of nicvf_xdp_rx(), the XDP verdicts on a receive buffer.
 *
 * Included at the end of nicvf_main.c, where nicvf_xdp_rx() lives; the VF
 * and its emulated RBDR (XDP mode: a page per buffer) are nicvf_kunit.c's.
 * The program is nicvf_test_prog()'s, a classic BPF "return VERDICT";
 * only its return value matters here.
 */

#include <kunit/test.h>

#include "nicvf_kunit.h"

#define NICVF_TEST_SQ_LEN	16

struct nicvf_xdp_test {
	u32 verdict;
	const char *name;
};

static const struct nicvf_xdp_test nicvf_xdp_tests[] = {
	{ XDP_PASS, "XDP_PASS" },
	{ XDP_DROP, "XDP_DROP" },
	{ XDP_ABORTED, "XDP_ABORTED" },
	{ XDP_TX, "XDP_TX" },
};

static void nicvf_xdp_test_desc(const struct nicvf_xdp_test *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nicvf_xdp_test, nicvf_xdp_tests, nicvf_xdp_test_desc);

/* An XDP send queue, as far as nicvf_xdp_sq_append_pkt() goes. */
static struct snd_queue *nicvf_xdp_test_sq(struct kunit *test)
{
	struct snd_queue *sq = kunit_kzalloc(test, sizeof(*sq), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sq);
	sq->is_xdp = true;
	sq->dmem.q_len = NICVF_TEST_SQ_LEN;
	sq->xdp_free_cnt = NICVF_TEST_SQ_LEN;
	sq->desc = kunit_kcalloc(test, NICVF_TEST_SQ_LEN, SND_QUEUE_DESC_SIZE,
				 GFP_KERNEL);
	sq->xdp_page = kunit_kcalloc(test, NICVF_TEST_SQ_LEN, sizeof(u64),
				     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sq->desc);
	KUNIT_ASSERT_NOT_NULL(test, sq->xdp_page);
	return sq;
}

/*
 * Each verdict on a tracked buffer: it leaves the books whatever becomes
 * of it, PASS builds an skb around it, DROP and ABORTED drop its page
 * reference, TX queues it, by the address it was received at.
 */
static void nicvf_xdp_test_verdict(struct kunit *test)
{
	const struct nicvf_xdp_test *t = test->param_value;
	static const u16 len[] = { 60 };
	struct nicvf_test_ctx *ctx;
	struct sq_gather_subdesc *gather;
	struct sk_buff *skb = NULL;
	struct rcv_queue rq = {};
	struct snd_queue *sq;
	struct bpf_prog *prog;
	u64 sent;
	struct cqe_rx_t *cqe;
	struct page *page;
	int refs;
	bool consumed;
	void *buf;
	u64 addr[1];

	nicvf_test_setup(test, true);
	ctx = test->priv;
	prog = nicvf_test_prog(test, t->verdict);
	sq = nicvf_xdp_test_sq(test);
	cqe = nicvf_test_frame(test, ctx, 1, len, 0, addr);
	buf = nicvf_test_hw_ptr(ctx, addr[0]);
	page = virt_to_page(buf);
	refs = page_ref_count(page);

	consumed = nicvf_xdp_rx(ctx->nic, prog, cqe, sq, &rq, &skb);
	KUNIT_EXPECT_NULL(test, dft_lookup(ctx->qs->rb_dft, addr[0]));
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx),
			ctx->qs->rbdr_len - 1);
	switch (t->verdict) {
	case XDP_PASS:
		KUNIT_EXPECT_FALSE(test, consumed);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_PTR_EQ(test, (void *)skb->data, buf);
		KUNIT_EXPECT_EQ(test, skb->len, len[0]);
		KUNIT_EXPECT_EQ(test, skb->data[0], 0xa0);
		kfree_skb(skb);
		KUNIT_EXPECT_EQ(test, page_ref_count(page), refs - 1);
		break;
	case XDP_DROP:
	case XDP_ABORTED:
		KUNIT_EXPECT_TRUE(test, consumed);
		KUNIT_EXPECT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, page_ref_count(page), refs - 1);
		break;
	case XDP_TX:
		gather = (struct sq_gather_subdesc *)GET_SQ_DESC(sq, 1);
		sent = gather->addr;
		KUNIT_EXPECT_TRUE(test, consumed);
		KUNIT_EXPECT_NULL(test, skb);
		KUNIT_EXPECT_PTR_EQ(test, (struct page *)sq->xdp_page[0], page);
		KUNIT_EXPECT_EQ(test, sent, addr[0]);
		KUNIT_EXPECT_EQ(test, page_ref_count(page), refs);
		/* What the send completion does */
		put_page(page);
		break;
	}
}

/*
 * A completion entry with an address the driver never gave: refused and
 * reported, no program run, the ring's buffers untouched.
 */
static void nicvf_xdp_test_unknown(struct kunit *test)
{
	static const u16 len[] = { 60 };
	struct nicvf_test_ctx *ctx;
	struct sk_buff *skb = NULL;
	struct rcv_queue rq = {};
	struct cqe_rx_t *cqe;
	u64 *rb_ptrs;
	u64 addr[1];

	nicvf_test_setup(test, true);
	ctx = test->priv;
	cqe = nicvf_test_frame(test, ctx, 1, len, 0, addr);
	rb_ptrs = (void *)cqe + 7 * sizeof(u64);
	rb_ptrs[0] = addr[0] + PAGE_SIZE / 2;
	KUNIT_EXPECT_FALSE(test, nicvf_xdp_rx(ctx->nic,
					      nicvf_test_prog(test, XDP_DROP),
					      cqe, nicvf_xdp_test_sq(test),
					      &rq, &skb));
	KUNIT_EXPECT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, nicvf_test_misuse(ctx, DFT_MISUSE_UNKNOWN) +
			nicvf_test_misuse(ctx, DFT_MISUSE_NOT_START), 1);
	KUNIT_EXPECT_EQ(test, nicvf_test_tracked(ctx), ctx->qs->rbdr_len);
	KUNIT_EXPECT_PTR_EQ(test, dft_lookup(ctx->qs->rb_dft, addr[0]),
			    nicvf_test_hw_ptr(ctx, addr[0]));
}

static struct kunit_case nicvf_xdp_test_cases[] = {
	KUNIT_CASE_PARAM(nicvf_xdp_test_verdict, nicvf_xdp_test_gen_params),
	KUNIT_CASE(nicvf_xdp_test_unknown),
	{}
};

static struct kunit_suite nicvf_xdp_test_suite = {
	.name = "nicvf_xdp",
	.exit = nicvf_test_exit,
	.test_cases = nicvf_xdp_test_cases,
};

kunit_test_suite(nicvf_xdp_test_suite);
