// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for what dma_frag_track shows of itself: its debugfs files,
 * read through a real debugfs mount as a user would, and its tracepoints,
 * seen by probes registered from the test.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/dma_frag_track.h>
#include <linux/fs.h>
#include <linux/kallsyms.h>
#include <linux/kstrtox.h>
#include <linux/mount.h>
#include <linux/skbuff.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <trace/events/dma_frag_track.h>

#include "../dma_frag_track/dft_internal.h"

#define OBS_FRAG	2240
#define OBS_DMA_LEN	1920
#define OBS_TEXT	(256 * 1024)

struct obs_ctx {
	struct device *dev;
	struct vfsmount *mnt;
	char *text;
};

static void obs_mntput(void *mnt)
{
	mntput(mnt);
}

static int obs_init(struct kunit *test)
{
	struct file_system_type *fs;
	struct obs_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->dev = kunit_device_register(test, "dft_obs");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->dev);
	ctx->dev->dma_mask = &ctx->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(ctx->dev,
							DMA_BIT_MASK(64)), 0);
	ctx->text = kunit_kzalloc(test, OBS_TEXT, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->text);
	test->priv = ctx;

	if (!IS_ENABLED(CONFIG_DEBUG_FS))
		return 0;
	/*
	 * debugfs has one superblock: this mount shows the files every other
	 * debugfs mount shows.  debugfs is built in, so get_fs_type() took
	 * no module reference that would need dropping.
	 */
	fs = get_fs_type("debugfs");
	KUNIT_ASSERT_NOT_NULL(test, fs);
	ctx->mnt = vfs_kern_mount(fs, 0, "debugfs", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->mnt);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, obs_mntput,
							ctx->mnt), 0);
	return 0;
}

static void obs_destroy_quiesced(struct dma_frag_tracker *dft)
{
	dft_destroy(dft, true);
}

KUNIT_DEFINE_ACTION_WRAPPER(obs_destroy_action, obs_destroy_quiesced,
			    struct dma_frag_tracker *);

static struct dma_frag_tracker *obs_create(struct kunit *test,
					   const char *name, bool cleanup)
{
	struct obs_ctx *ctx = test->priv;
	struct dft_params params = {
		.name		= name,
		.dev		= ctx->dev,
		.dir		= DMA_FROM_DEVICE,
		.frag_size	= OBS_FRAG,
		.dma_len	= OBS_DMA_LEN,
	};
	struct dma_frag_tracker *dft;
	int err;

	dft = dft_create(&params, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dft);
	if (cleanup) {
		err = kunit_add_action_or_reset(test, obs_destroy_action, dft);
		KUNIT_ASSERT_EQ(test, err, 0);
	}
	return dft;
}

static struct file *obs_open(struct kunit *test, const char *name, int flags)
{
	struct obs_ctx *ctx = test->priv;
	char path[96];

	snprintf(path, sizeof(path), "dma_frag_track/%s", name);
	return file_open_root_mnt(ctx->mnt, path, flags, 0);
}

static void obs_skip_without_debugfs(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_DEBUG_FS))
		kunit_skip(test, "needs CONFIG_DEBUG_FS");
}

/*
 * Read an open file from *@pos to its end in @chunk-byte read() calls, after
 * the @len bytes of text already read.  Returns the text's length.
 */
static ssize_t obs_read_rest(struct kunit *test, struct file *f, loff_t *pos,
			     size_t len, size_t chunk)
{
	struct obs_ctx *ctx = test->priv;
	ssize_t n;

	do {
		n = kernel_read(f, ctx->text + len,
				min(chunk, OBS_TEXT - 1 - len), pos);
		if (n < 0)
			return n;
		len += n;
	} while (n > 0 && len < OBS_TEXT - 1);
	ctx->text[len] = '\0';
	return len;
}

static ssize_t obs_read(struct kunit *test, const char *name, size_t chunk)
{
	struct file *f = obs_open(test, name, O_RDONLY);
	loff_t pos = 0;
	ssize_t len;

	if (IS_ERR(f))
		return PTR_ERR(f);
	len = obs_read_rest(test, f, &pos, 0, chunk);
	filp_close(f, NULL);
	return len;
}

/*
 * list_buffers is a debugfs bool, which only a user-space write() sets;
 * the test sets what that write() would.
 */
static void obs_list_buffers(struct kunit *test, bool on)
{
	if (IS_ENABLED(CONFIG_DEBUG_FS))
		WRITE_ONCE(dft_debugfs_list, on);
}

static void obs_list_buffers_off(void *test)
{
	obs_list_buffers(test, false);
}

/* The value of the "@key: value" line of the text read last, or -1. */
static long obs_value(struct kunit *test, const char *key)
{
	struct obs_ctx *ctx = test->priv;
	char pattern[48], *p, *end;
	unsigned long v;
	int len;

	len = snprintf(pattern, sizeof(pattern), "%s: ", key);
	for (p = ctx->text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, pattern, len))
			continue;
		end = strchr(p, '\n');
		if (end)
			*end = '\0';
		if (kstrtoul(p + len, 10, &v))
			v = -1;
		if (end)
			*end = '\n';
		return v;
	}
	return -1;
}

static void obs_name(struct kunit *test, const char *tracker, char *name,
		     size_t size)
{
	struct obs_ctx *ctx = test->priv;

	snprintf(name, size, "%s:%s", dev_name(ctx->dev), tracker);
}

/* Every counter in the file is the tracker's, kind by kind. */
static void dma_frag_track_obs_debugfs_counters(struct kunit *test)
{
	struct dma_frag_tracker *dft = obs_create(test, "obs_counters", true);
	struct obs_ctx *ctx = test->priv;
	dma_addr_t dma[10], kdma;
	void *bufs[ARRAY_SIZE(dma)];
	struct dft_stats st;
	char name[64], key[96];
	void *kbuf;
	int i;

	obs_skip_without_debugfs(test);
	/* A bulk fill (may sleep) counts its peak of 10 in high_water. */
	KUNIT_ASSERT_EQ(test, dft_alloc_bulk(dft, GFP_KERNEL, ARRAY_SIZE(dma),
					     bufs, dma), ARRAY_SIZE(dma));
	kbuf = kmalloc(OBS_FRAG, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kbuf);
	kdma = dma_map_single(ctx->dev, kbuf, OBS_DMA_LEN, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, kdma));
	KUNIT_ASSERT_EQ(test, dft_add(dft, kdma, kbuf, &dft_kmalloc_allocator,
				      GFP_KERNEL), 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	/* A double free, an address inside a buffer, a duplicate. */
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma[0], 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma[5] + 4, 0), -EINVAL);
	/* Tracked twice, the second time as another allocator's. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, kdma, kbuf, &dft_page_frag_allocator,
				      GFP_KERNEL), -EBUSY);

	obs_name(test, "obs_counters", name, sizeof(name));
	KUNIT_ASSERT_GT(test, obs_read(test, name, PAGE_SIZE), 0);
	dft_get_stats(dft, &st);
	KUNIT_EXPECT_EQ(test, st.total, 8UL);
	KUNIT_EXPECT_EQ(test, st.misuse, 3UL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ctx->text, "tracker: obs_counters\n"));
	snprintf(key, sizeof(key), "device: %s\n", dev_name(ctx->dev));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(ctx->text, key), "%s", ctx->text);
	KUNIT_EXPECT_EQ(test, obs_value(test, "frag_size"), OBS_FRAG);
	KUNIT_EXPECT_EQ(test, obs_value(test, "dma_len"), OBS_DMA_LEN);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out"), st.total);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out.page_frag"), 7);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out.kmalloc"), 1);
	/*
	 * The single dft_add() that made it 11 reads no other CPU's count,
	 * and no reader saw 11 before three buffers went.
	 */
	KUNIT_EXPECT_EQ(test, obs_value(test, "high_water"), 10);
	KUNIT_EXPECT_EQ(test, obs_value(test, "high_water"), st.high_water);
	KUNIT_EXPECT_EQ(test, obs_value(test, "alloc_fail"), st.alloc_fail);
	KUNIT_EXPECT_EQ(test, obs_value(test, "misuse"), st.misuse);
	/* Each kind as this case caused it, those it did not cause at 0. */
	for (i = 0; i < DFT_MISUSE_NR; i++) {
		long want = i == DFT_MISUSE_UNKNOWN ||
			    i == DFT_MISUSE_NOT_START ||
			    i == DFT_MISUSE_DUPLICATE;

		snprintf(key, sizeof(key), "misuse.%s", dft_misuse_name(i));
		KUNIT_EXPECT_EQ_MSG(test, obs_value(test, key), want, "%s", key);
		KUNIT_EXPECT_EQ_MSG(test, obs_value(test, key),
				    st.misuse_kind[i], "%s", key);
	}
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_UNKNOWN], 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_NOT_START], 1UL);
	KUNIT_EXPECT_EQ(test, st.misuse_kind[DFT_MISUSE_DUPLICATE], 1UL);
	/* No buffer list unless asked for. */
	KUNIT_EXPECT_NULL(test, strstr(ctx->text, "buffers:"));

	KUNIT_EXPECT_PTR_EQ(test, dft_remove(dft, kdma, NULL), kbuf);
	dma_unmap_single(ctx->dev, kdma, OBS_DMA_LEN, DMA_FROM_DEVICE);
	kfree(kbuf);
	for (i = 3; i < ARRAY_SIZE(dma); i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
}

#define OBS_BUFS	300

/* Collect the buffer lines of the text read last; each DMA address once. */
static int obs_buffers(struct kunit *test, const dma_addr_t *dma, int n,
		       bool *seen)
{
	struct obs_ctx *ctx = test->priv;
	char *p = strstr(ctx->text, "buffers: dma allocator size\n");
	int lines = 0;

	if (!p)
		return -1;
	for (p = strchr(p, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
		unsigned long long addr;
		char alloc[16];
		unsigned int size;
		int i, fields;

		fields = sscanf(p, "0x%llx %15s %u", &addr, alloc, &size);
		KUNIT_ASSERT_EQ(test, fields, 3);
		KUNIT_EXPECT_STREQ(test, alloc, "page_frag");
		KUNIT_EXPECT_EQ(test, size, OBS_FRAG);
		for (i = 0; i < n && dma[i] != addr; i++)
			;
		KUNIT_EXPECT_LT_MSG(test, i, n, "listed %#llx was never tracked",
				    addr);
		if (i < n) {
			KUNIT_EXPECT_FALSE_MSG(test, seen[i], "%#llx twice", addr);
			seen[i] = true;
		}
		lines++;
	}
	return lines;
}

/*
 * On request the file lists every buffer, read a few bytes at a time, so
 * each read() resumes the walk; buffers freed between two reads vanish, the
 * others stay listed exactly once.
 */
static void dma_frag_track_obs_debugfs_buffers(struct kunit *test)
{
	struct dma_frag_tracker *dft = obs_create(test, "obs_buffers", true);
	struct obs_ctx *ctx = test->priv;
	dma_addr_t *dma;
	struct file *f;
	char name[64];
	bool *seen;
	ssize_t len;
	loff_t pos = 0;
	int i, err;

	obs_skip_without_debugfs(test);
	dma = kunit_kcalloc(test, OBS_BUFS, sizeof(*dma), GFP_KERNEL);
	seen = kunit_kcalloc(test, OBS_BUFS, sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < OBS_BUFS; i++)
		KUNIT_ASSERT_NOT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma[i]));
	obs_name(test, "obs_buffers", name, sizeof(name));

	obs_list_buffers(test, true);
	err = kunit_add_action_or_reset(test, obs_list_buffers_off, test);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_GT(test, obs_read(test, name, 61), 0);
	KUNIT_EXPECT_EQ(test, obs_buffers(test, dma, OBS_BUFS, seen), OBS_BUFS);
	for (i = 0; i < OBS_BUFS; i++)
		KUNIT_EXPECT_TRUE(test, seen[i]);

	/* Free every other buffer between the first read() and the rest. */
	f = obs_open(test, name, O_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	len = kernel_read(f, ctx->text, 1024, &pos);
	KUNIT_EXPECT_EQ(test, len, 1024);
	for (i = 0; i < OBS_BUFS; i += 2)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	len = obs_read_rest(test, f, &pos, len, 97);
	filp_close(f, NULL);
	KUNIT_ASSERT_GE(test, len, 0);
	memset(seen, 0, OBS_BUFS * sizeof(*seen));
	KUNIT_EXPECT_GT(test, obs_buffers(test, dma, OBS_BUFS, seen), 0);
	for (i = 1; i < OBS_BUFS; i += 2)
		KUNIT_EXPECT_TRUE_MSG(test, seen[i], "%pad not listed", &dma[i]);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out"), OBS_BUFS);

	/* A read after the frees lists the others only, each once. */
	KUNIT_ASSERT_GT(test, obs_read(test, name, 61), 0);
	memset(seen, 0, OBS_BUFS * sizeof(*seen));
	KUNIT_EXPECT_EQ(test, obs_buffers(test, dma, OBS_BUFS, seen),
			OBS_BUFS / 2);
	for (i = 0; i < OBS_BUFS; i++)
		KUNIT_EXPECT_EQ_MSG(test, seen[i], i % 2 == 1, "%pad", &dma[i]);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out"), OBS_BUFS / 2);

	for (i = 1; i < OBS_BUFS; i += 2)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
	obs_list_buffers(test, false);
	KUNIT_ASSERT_GT(test, obs_read(test, name, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out"), 0);
	KUNIT_EXPECT_NULL(test, strstr(ctx->text, "buffers:"));
}

/*
 * Read @name, flipping list_buffers to @later after the first 61 bytes: the
 * file keeps what list_buffers was when it was opened.
 */
static void obs_read_toggled(struct kunit *test, const char *name, bool later)
{
	struct obs_ctx *ctx = test->priv;
	struct file *f;
	loff_t pos = 0;
	ssize_t len;

	f = obs_open(test, name, O_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	len = kernel_read(f, ctx->text, 61, &pos);
	KUNIT_EXPECT_EQ(test, len, 61);
	obs_list_buffers(test, later);
	len = obs_read_rest(test, f, &pos, len, 97);
	filp_close(f, NULL);
	KUNIT_ASSERT_GE(test, len, 0);
}

/* Setting or clearing list_buffers mid-read changes no open file. */
static void dma_frag_track_obs_debugfs_toggle(struct kunit *test)
{
	struct dma_frag_tracker *dft = obs_create(test, "obs_toggle", true);
	struct obs_ctx *ctx = test->priv;
	dma_addr_t dma[8];
	bool seen[8] = {};
	char name[64];
	int i, err;

	obs_skip_without_debugfs(test);
	for (i = 0; i < ARRAY_SIZE(dma); i++)
		KUNIT_ASSERT_NOT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma[i]));
	obs_name(test, "obs_toggle", name, sizeof(name));
	err = kunit_add_action_or_reset(test, obs_list_buffers_off, test);
	KUNIT_ASSERT_EQ(test, err, 0);

	obs_list_buffers(test, true);
	obs_read_toggled(test, name, false);
	KUNIT_EXPECT_EQ(test, obs_buffers(test, dma, ARRAY_SIZE(dma), seen),
			ARRAY_SIZE(dma));

	obs_read_toggled(test, name, true);
	KUNIT_EXPECT_EQ(test, obs_value(test, "out"), ARRAY_SIZE(dma));
	KUNIT_EXPECT_NULL(test, strstr(ctx->text, "buffers:"));
	KUNIT_EXPECT_NULL(test, strstr(ctx->text, "\n0x"));

	for (i = 0; i < ARRAY_SIZE(dma); i++)
		KUNIT_EXPECT_EQ(test, dft_free(dft, dma[i], 0), 0);
}

/* A tracker destroyed while its file is open: reads fail, nothing breaks. */
static void dma_frag_track_obs_debugfs_destroyed(struct kunit *test)
{
	struct dma_frag_tracker *dft = obs_create(test, "obs_gone", false);
	struct obs_ctx *ctx = test->priv;
	struct file *f;
	char name[64];
	dma_addr_t dma;
	loff_t pos = 0;

	obs_skip_without_debugfs(test);
	obs_name(test, "obs_gone", name, sizeof(name));
	KUNIT_EXPECT_NOT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma));
	f = obs_open(test, name, O_RDONLY);
	if (IS_ERR(f))
		dft_destroy(dft, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_read(f, ctx->text, 16, &pos), 16);
	KUNIT_EXPECT_EQ(test, dft_destroy(dft, true), 1UL);
	KUNIT_EXPECT_EQ(test, kernel_read(f, ctx->text, 16, &pos), -EIO);
	filp_close(f, NULL);
	KUNIT_EXPECT_EQ(test, obs_read(test, name, PAGE_SIZE), -ENOENT);
}

/* Two trackers of one name on one device get two files. */
static void dma_frag_track_obs_debugfs_same_name(struct kunit *test)
{
	struct dma_frag_tracker *a = obs_create(test, "obs_twin", false);
	struct dma_frag_tracker *b = obs_create(test, "obs_twin", false);
	char name[64], name2[72];
	dma_addr_t dma;

	obs_name(test, "obs_twin", name, sizeof(name));
	snprintf(name2, sizeof(name2), "%s.2", name);
	if (IS_ENABLED(CONFIG_DEBUG_FS)) {
		KUNIT_EXPECT_NOT_NULL(test, dft_alloc(b, GFP_KERNEL, &dma));
		KUNIT_EXPECT_GT(test, obs_read(test, name, PAGE_SIZE), 0);
		KUNIT_EXPECT_EQ(test, obs_value(test, "out"), 0);
		KUNIT_EXPECT_GT(test, obs_read(test, name2, PAGE_SIZE), 0);
		KUNIT_EXPECT_EQ(test, obs_value(test, "out"), 1);
	}
	dft_destroy(a, true);
	dft_destroy(b, true);
	if (!IS_ENABLED(CONFIG_DEBUG_FS))
		kunit_skip(test, "needs CONFIG_DEBUG_FS");
	KUNIT_EXPECT_EQ(test, obs_read(test, name, PAGE_SIZE), -ENOENT);
	KUNIT_EXPECT_EQ(test, obs_read(test, name2, PAGE_SIZE), -ENOENT);
}

/* What the probes saw. */
struct obs_event {
	const char *event;
	char tracker[32];
	dma_addr_t dma;
	const struct dft_allocator *allocator;
	int kind;
	bool freed;
	unsigned long caller;
};

static struct {
	spinlock_t lock;	/* protects the fields below */
	int n;
	struct obs_event ev[16];
} obs_seen = {
	.lock = __SPIN_LOCK_UNLOCKED(obs_seen.lock),
};

static void obs_record(const char *event, const struct dma_frag_tracker *dft,
		       dma_addr_t dma, const struct dft_allocator *allocator,
		       int kind, bool freed, unsigned long caller)
{
	struct obs_event *e;
	unsigned long flags;

	/* Only this suite's trackers: other tests may run dft elsewhere. */
	if (strncmp(dft_name(dft), "obs_", 4))
		return;
	spin_lock_irqsave(&obs_seen.lock, flags);
	if (obs_seen.n < ARRAY_SIZE(obs_seen.ev)) {
		e = &obs_seen.ev[obs_seen.n++];
		e->event = event;
		strscpy(e->tracker, dft_name(dft), sizeof(e->tracker));
		e->dma = dma;
		e->allocator = allocator;
		e->kind = kind;
		e->freed = freed;
		e->caller = caller;
	}
	spin_unlock_irqrestore(&obs_seen.lock, flags);
}

/* The events of class dft_buffer share a probe; its data names the event. */
struct obs_ev {
	const char *name;
};

static struct obs_ev obs_ev_track = { "track" };
static struct obs_ev obs_ev_handoff = { "handoff" };
static struct obs_ev obs_ev_free = { "free" };
static struct obs_ev obs_ev_remove = { "remove" };

static void obs_probe_buffer(void *data, const struct dma_frag_tracker *dft,
			     dma_addr_t dma, const struct dft_allocator *a,
			     unsigned long caller)
{
	obs_record(((struct obs_ev *)data)->name, dft, dma, a, -1, false,
		   caller);
}

static void obs_probe_reclaim(void *data, const struct dma_frag_tracker *dft,
			      dma_addr_t dma, const struct dft_allocator *a,
			      bool freed, unsigned long caller)
{
	obs_record("reclaim", dft, dma, a, -1, freed, caller);
}

static void obs_probe_misuse(void *data, const struct dma_frag_tracker *dft,
			     dma_addr_t dma, enum dft_misuse kind,
			     const struct dft_allocator *a,
			     unsigned long caller)
{
	obs_record("misuse", dft, dma, a, kind, false, caller);
}

static void obs_unregister(void *unused)
{
	unregister_trace_dft_misuse(obs_probe_misuse, NULL);
	unregister_trace_dft_reclaim(obs_probe_reclaim, NULL);
	unregister_trace_dft_remove(obs_probe_buffer, &obs_ev_remove);
	unregister_trace_dft_free(obs_probe_buffer, &obs_ev_free);
	unregister_trace_dft_handoff(obs_probe_buffer, &obs_ev_handoff);
	unregister_trace_dft_track(obs_probe_buffer, &obs_ev_track);
	tracepoint_synchronize_unregister();
}

static void obs_expect(struct kunit *test, int i, const char *event,
		       dma_addr_t dma, const struct dft_allocator *a)
{
	struct obs_event *e = &obs_seen.ev[i];
	char caller[KSYM_SYMBOL_LEN];

	KUNIT_ASSERT_LT(test, i, obs_seen.n);
	KUNIT_EXPECT_STREQ(test, e->event, event);
	KUNIT_EXPECT_STREQ(test, e->tracker, "obs_trace");
	KUNIT_EXPECT_EQ(test, e->dma, dma);
	KUNIT_EXPECT_PTR_EQ(test, e->allocator, a);
	/* The library reports its caller: this test. */
	snprintf(caller, sizeof(caller), "%ps", (void *)e->caller);
	KUNIT_EXPECT_STREQ_MSG(test, caller, "dma_frag_track_obs_trace",
			       "event %d (%s)", i, event);
}

/* Each tracepoint fires once per event, with the right fields. */
static void dma_frag_track_obs_trace(struct kunit *test)
{
	struct dma_frag_tracker *dft = obs_create(test, "obs_trace", false);
	const struct dft_allocator *a;
	struct obs_ctx *ctx = test->priv;
	dma_addr_t dma[4], kdma;
	void *buf, *kbuf;
	int i, err;

	obs_seen.n = 0;
	err = register_trace_dft_track(obs_probe_buffer, &obs_ev_track) ?:
	      register_trace_dft_handoff(obs_probe_buffer, &obs_ev_handoff) ?:
	      register_trace_dft_free(obs_probe_buffer, &obs_ev_free) ?:
	      register_trace_dft_remove(obs_probe_buffer, &obs_ev_remove) ?:
	      register_trace_dft_reclaim(obs_probe_reclaim, NULL) ?:
	      register_trace_dft_misuse(obs_probe_misuse, NULL);
	if (err)
		obs_unregister(NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, obs_unregister,
							NULL), 0);

	for (i = 0; i < ARRAY_SIZE(dma); i++)
		KUNIT_ASSERT_NOT_NULL(test, dft_alloc(dft, GFP_KERNEL, &dma[i]));
	buf = dft_handoff(dft, dma[0], 0, &a);
	KUNIT_EXPECT_PTR_EQ(test, a, &dft_page_frag_allocator);
	skb_free_frag(buf);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma[1], 0), 0);
	KUNIT_EXPECT_EQ(test, dft_free(dft, dma[1], 0), -ENOENT);

	kbuf = kmalloc(OBS_FRAG, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kbuf);
	kdma = dma_map_single(ctx->dev, kbuf, OBS_DMA_LEN, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(ctx->dev, kdma));
	KUNIT_EXPECT_EQ(test, dft_add(dft, kdma, kbuf, &dft_kmalloc_allocator,
				      GFP_KERNEL), 0);
	/* Tracked twice, the second time as another allocator's. */
	KUNIT_EXPECT_EQ(test, dft_add(dft, kdma, kbuf, &dft_page_frag_allocator,
				      GFP_KERNEL), -EBUSY);
	/* dft_remove() has its own event: the caller unmaps and frees. */
	buf = dft_remove(dft, dma[2], &a);
	KUNIT_EXPECT_NOT_NULL(test, buf);
	/* dma[3] and kdma are still out: teardown reclaims them. */
	KUNIT_EXPECT_EQ(test, dft_destroy(dft, true), 2UL);
	if (buf) {
		dma_unmap_single(ctx->dev, dma[2], OBS_DMA_LEN, DMA_FROM_DEVICE);
		skb_free_frag(buf);
	}

	KUNIT_EXPECT_EQ(test, obs_seen.n, 12);
	for (i = 0; i < ARRAY_SIZE(dma); i++)
		obs_expect(test, i, "track", dma[i], &dft_page_frag_allocator);
	obs_expect(test, 4, "handoff", dma[0], &dft_page_frag_allocator);
	obs_expect(test, 5, "free", dma[1], &dft_page_frag_allocator);
	obs_expect(test, 6, "misuse", dma[1], NULL);
	KUNIT_EXPECT_EQ(test, obs_seen.ev[6].kind, DFT_MISUSE_UNKNOWN);
	obs_expect(test, 7, "track", kdma, &dft_kmalloc_allocator);
	/* The duplicate names the allocator of the buffer already tracked. */
	obs_expect(test, 8, "misuse", kdma, &dft_kmalloc_allocator);
	KUNIT_EXPECT_EQ(test, obs_seen.ev[8].kind, DFT_MISUSE_DUPLICATE);
	obs_expect(test, 9, "remove", dma[2], &dft_page_frag_allocator);
	/* In DMA address order; both freed, as the device was quiesced. */
	if (dma[3] < kdma) {
		obs_expect(test, 10, "reclaim", dma[3], &dft_page_frag_allocator);
		obs_expect(test, 11, "reclaim", kdma, &dft_kmalloc_allocator);
	} else {
		obs_expect(test, 10, "reclaim", kdma, &dft_kmalloc_allocator);
		obs_expect(test, 11, "reclaim", dma[3], &dft_page_frag_allocator);
	}
	for (i = 10; i < 12 && i < obs_seen.n; i++)
		KUNIT_EXPECT_TRUE(test, obs_seen.ev[i].freed);
}

/*
 * Track two kmalloc'd buffers at made-up DMA addresses (dft_add() neither
 * maps nor unmaps): @x at @a, whose low bits follow its virtual address and
 * teach the tracker the rule, and @y at @b, 64 bytes off the rule, which
 * goes to the overflow as a bounce buffer would.
 */
static void obs_add_off_rule_pair(struct kunit *test,
				  struct dma_frag_tracker *dft,
				  dma_addr_t *a, dma_addr_t *b)
{
	const unsigned long mask = SZ_2K - 1;	/* rounddown_pow_of_two(OBS_FRAG) */
	void *x = kunit_kzalloc(test, OBS_FRAG, GFP_KERNEL);
	void *y = kunit_kzalloc(test, OBS_FRAG, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, y);
	*a = 0x40000000 + ((unsigned long)x & mask);
	*b = 0x40100000 + (((unsigned long)y + 64) & mask);
	KUNIT_ASSERT_EQ(test, dft_add(dft, *a, x, &dft_kmalloc_allocator,
				      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, dft_add(dft, *b, y, &dft_kmalloc_allocator,
				      GFP_KERNEL), 0);
	KUNIT_ASSERT_NOT_NULL(test, xa_load(&dft->over,
					    *b >> ilog2(OBS_DMA_LEN)));
}

/*
 * The same with @y on the rule but in @x's window, OBS_DMA_LEN bytes after
 * @x, as bounce buffers place mappings 2 KiB apart: the window is taken.
 */
static void obs_add_shared_window_pair(struct kunit *test,
				       struct dma_frag_tracker *dft,
				       dma_addr_t *a, dma_addr_t *b)
{
	void *x = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	void *y = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, y);
	/* Page-aligned: a's window starts at a; b follows y + OBS_DMA_LEN. */
	KUNIT_ASSERT_EQ(test, (unsigned long)x & (SZ_2K - 1), 0UL);
	KUNIT_ASSERT_EQ(test, (unsigned long)y & (SZ_2K - 1), 0UL);
	*a = 0x40000000;
	*b = *a + OBS_DMA_LEN;
	KUNIT_ASSERT_EQ(test, dft_add(dft, *a, x, &dft_kmalloc_allocator,
				      GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, dft_add(dft, *b, y + OBS_DMA_LEN,
				      &dft_kmalloc_allocator, GFP_KERNEL), 0);
	KUNIT_ASSERT_NOT_NULL(test, xa_load(&dft->over,
					    *b >> ilog2(OBS_DMA_LEN)));
}

/* The two ways a buffer goes to the overflow. */
struct obs_pair {
	const char *desc;
	void (*add)(struct kunit *test, struct dma_frag_tracker *dft,
		    dma_addr_t *a, dma_addr_t *b);
};

static const struct obs_pair obs_pairs[] = {
	{ "off the rule", obs_add_off_rule_pair },
	{ "in a taken window", obs_add_shared_window_pair },
};

static void obs_pair_desc(const struct obs_pair *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(obs_pair, obs_pairs, obs_pair_desc);

/*
 * A buffer in the overflow is listed at its own DMA address, after the
 * windows' buffers, and leaves the listing once removed.
 */
static void dma_frag_track_obs_debugfs_overflow(struct kunit *test)
{
	const struct obs_pair *pair = test->param_value;
	struct dma_frag_tracker *dft = obs_create(test, "obs_over", true);
	struct obs_ctx *ctx = test->priv;
	char name[64], la[64], lb[64];
	dma_addr_t a, b;
	char *pa, *pb;
	int err;

	obs_skip_without_debugfs(test);
	pair->add(test, dft, &a, &b);
	obs_name(test, "obs_over", name, sizeof(name));
	snprintf(la, sizeof(la), "\n%pad kmalloc %u\n", &a, OBS_FRAG);
	snprintf(lb, sizeof(lb), "\n%pad kmalloc %u\n", &b, OBS_FRAG);

	obs_list_buffers(test, true);
	err = kunit_add_action_or_reset(test, obs_list_buffers_off, test);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_GT(test, obs_read(test, name, PAGE_SIZE), 0);
	pa = strstr(ctx->text, la);
	pb = strstr(ctx->text, lb);
	KUNIT_EXPECT_NOT_NULL_MSG(test, pa, "%s", ctx->text);
	KUNIT_EXPECT_NOT_NULL_MSG(test, pb, "%s", ctx->text);
	KUNIT_EXPECT_TRUE(test, pa && pb && pa < pb);

	KUNIT_EXPECT_NOT_NULL(test, dft_remove(dft, b, NULL));
	KUNIT_ASSERT_GT(test, obs_read(test, name, PAGE_SIZE), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(ctx->text, la));
	KUNIT_EXPECT_NULL(test, strstr(ctx->text, lb));
	KUNIT_EXPECT_NOT_NULL(test, dft_remove(dft, a, NULL));
}

/*
 * Teardown rebuilds each buffer's DMA address, a window's from its slot and
 * the overflow's from its entry: the reclaim events name the addresses the
 * buffers were tracked under, in order.  Not quiesced, so that the made-up
 * addresses are not unmapped.
 */
static void dma_frag_track_obs_trace_overflow(struct kunit *test)
{
	const struct obs_pair *pair = test->param_value;
	struct dma_frag_tracker *dft = obs_create(test, "obs_over", false);
	dma_addr_t a, b;
	int err;

	pair->add(test, dft, &a, &b);
	obs_seen.n = 0;
	err = register_trace_dft_reclaim(obs_probe_reclaim, NULL);
	if (err)
		dft_destroy(dft, false);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, dft_destroy(dft, false), 2UL);
	unregister_trace_dft_reclaim(obs_probe_reclaim, NULL);
	tracepoint_synchronize_unregister();
	KUNIT_ASSERT_EQ(test, obs_seen.n, 2);
	KUNIT_EXPECT_EQ(test, obs_seen.ev[0].dma, a);
	KUNIT_EXPECT_EQ(test, obs_seen.ev[1].dma, b);
	KUNIT_EXPECT_FALSE(test, obs_seen.ev[0].freed);
	KUNIT_EXPECT_FALSE(test, obs_seen.ev[1].freed);
}

static struct kunit_case dma_frag_track_obs_cases[] = {
	KUNIT_CASE(dma_frag_track_obs_debugfs_counters),
	KUNIT_CASE(dma_frag_track_obs_debugfs_buffers),
	KUNIT_CASE(dma_frag_track_obs_debugfs_toggle),
	KUNIT_CASE(dma_frag_track_obs_debugfs_destroyed),
	KUNIT_CASE(dma_frag_track_obs_debugfs_same_name),
	KUNIT_CASE_PARAM(dma_frag_track_obs_debugfs_overflow,
			 obs_pair_gen_params),
	KUNIT_CASE(dma_frag_track_obs_trace),
	KUNIT_CASE_PARAM(dma_frag_track_obs_trace_overflow,
			 obs_pair_gen_params),
	{}
};

static struct kunit_suite dma_frag_track_obs_suite = {
	.name		= "dma_frag_track_obs",
	.init		= obs_init,
	.test_cases	= dma_frag_track_obs_cases,
};

kunit_test_suite(dma_frag_track_obs_suite);

MODULE_DESCRIPTION("KUnit tests for dma_frag_track's debugfs files and tracepoints");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
