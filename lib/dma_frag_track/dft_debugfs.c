// SPDX-License-Identifier: GPL-2.0
/*
 * dma_frag_track in debugfs: /sys/kernel/debug/dma_frag_track/ holds a file
 * per tracker, named <device>:<tracker>, with the tracker's counters and,
 * when list_buffers in the same directory was set at open(), the buffers it
 * tracks.
 *
 * The buffer list is read under RCU, a chunk per read(): seq_file stops the
 * walk whenever its buffer is full, drops the RCU read lock before it
 * copies to user space, and resumes at the next index.  A reader
 * never holds the tracker's lock, so a pool of a million buffers neither
 * stalls the datapath nor the reader.
 */

#define pr_fmt(fmt) "dma_frag_track: " fmt

#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/kmemleak.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "dft_internal.h"

static DEFINE_MUTEX(dft_debugfs_lock);
static struct dentry *dft_debugfs_root;
/* list_buffers; a KUnit suite sets it without a user-space write(). */
VISIBLE_IF_KUNIT bool dft_debugfs_list;
EXPORT_SYMBOL_IF_KUNIT(dft_debugfs_list);

/**
 * struct dft_seq - The state of one open tracker file.
 * @dft: The tracker.
 * @index: The index of the buffer being shown: its window, or its key in
 *	the overflow.
 * @over: The buffer being shown is in the overflow.
 * @list: list_buffers when the file was opened, for the whole read.
 */
struct dft_seq {
	struct dma_frag_tracker *dft;
	unsigned long index;
	bool over;
	bool list;
};

/*
 * Position 0 is the counters; a buffer at window i is at position i + 1,
 * one in the overflow at key k at position DFT_SEQ_OVER + k, so that a
 * read resumes where the previous one stopped however the tracker changed
 * in between.  LLONG_MAX is the end.  Windows are DMA addresses shifted
 * right by at least 6 bits, far below the limit; overflow keys are shifted
 * by ilog2(dma_len), and a 64-bit DMA address of a pool whose dma_len is
 * below 4 bytes may be past it, and not listed.
 */
#define DFT_SEQ_OVER		((loff_t)BIT_ULL(62))
#define DFT_SEQ_MAX_INDEX	min_t(unsigned long, ULONG_MAX - 1, \
				      DFT_SEQ_OVER - 2)
#define DFT_SEQ_MAX_OKEY	min_t(unsigned long, ULONG_MAX - 1, \
				      LLONG_MAX - DFT_SEQ_OVER - 1)

static void *dft_seq_end(loff_t *pos)
{
	*pos = LLONG_MAX;
	return NULL;
}

/* The first buffer in the overflow at key @okey or after.  RCU. */
static void *dft_seq_find_over(struct seq_file *m, unsigned long okey,
			       loff_t *pos)
{
	struct dft_seq *it = m->private;
	struct dft_over *o;

	if (!it->list || okey > DFT_SEQ_MAX_OKEY)
		return dft_seq_end(pos);
	o = xa_find(&it->dft->over, &okey, DFT_SEQ_MAX_OKEY, XA_PRESENT);
	if (!o)
		return dft_seq_end(pos);
	it->index = okey;
	it->over = true;
	*pos = DFT_SEQ_OVER + okey;
	return o;
}

/* The first buffer at window @index or after, then the overflow's.  RCU. */
static void *dft_seq_find(struct seq_file *m, unsigned long index, loff_t *pos)
{
	struct dft_seq *it = m->private;
	void *entry = NULL;

	if (it->list && index <= DFT_SEQ_MAX_INDEX)
		entry = dft_find_after(it->dft, &index, DFT_SEQ_MAX_INDEX);
	if (!entry)
		return dft_seq_find_over(m, 0, pos);
	it->index = index;
	it->over = false;
	*pos = (loff_t)index + 1;
	return entry;
}

static void *dft_seq_start(struct seq_file *m, loff_t *pos)
	__acquires(RCU)
{
	rcu_read_lock();
	if (!*pos)
		return SEQ_START_TOKEN;
	if (*pos == LLONG_MAX)
		return NULL;
	if (*pos >= DFT_SEQ_OVER)
		return dft_seq_find_over(m, *pos - DFT_SEQ_OVER, pos);
	return dft_seq_find(m, *pos - 1, pos);
}

static void *dft_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct dft_seq *it = m->private;

	if (v == SEQ_START_TOKEN)
		return dft_seq_find(m, 0, pos);
	if (it->over)
		return dft_seq_find_over(m, it->index + 1, pos);
	return dft_seq_find(m, it->index + 1, pos);
}

static void dft_seq_stop(struct seq_file *m, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static void dft_seq_counters(struct seq_file *m, struct dft_seq *it)
{
	struct dma_frag_tracker *dft = it->dft;
	struct dft_stats st;
	unsigned int i;

	dft_get_stats(dft, &st);
	seq_printf(m, "tracker: %s\n", dft->name);
	seq_printf(m, "device: %s\n", dev_name(dft->dev));
	seq_printf(m, "frag_size: %u\n", dft->frag_size);
	seq_printf(m, "dma_len: %u\n", dft->dma_len);
	seq_printf(m, "out: %lu\n", st.total);
	for (i = 0; i < DFT_MAX_ALLOCATORS; i++)
		if (st.allocator[i])
			seq_printf(m, "out.%s: %lu\n", st.allocator[i]->name,
				   st.out[i]);
	seq_printf(m, "high_water: %lu\n", st.high_water);
	seq_printf(m, "alloc_fail: %lu\n", st.alloc_fail);
	seq_printf(m, "misuse: %lu\n", st.misuse);
	for (i = 0; i < DFT_MISUSE_NR; i++)
		seq_printf(m, "misuse.%s: %lu\n", dft_misuse_name(i),
			   st.misuse_kind[i]);
	if (it->list)
		seq_puts(m, "buffers: dma allocator size\n");
}

static int dft_seq_show(struct seq_file *m, void *v)
{
	struct dft_seq *it = m->private;
	struct dma_frag_tracker *dft = it->dft;
	const struct dft_allocator *a;
	struct dft_over *o = v;
	dma_addr_t dma;

	if (v == SEQ_START_TOKEN) {
		dft_seq_counters(m, it);
		return 0;
	}
	/*
	 * Only the entry is read: the buffer may be freed under us.  An
	 * overflow entry stays until a grace period after it is erased.
	 */
	if (it->over) {
		dma = o->dma;
		v = o->entry;
	} else {
		dma = ((dma_addr_t)it->index << dft->shift) |
		      dft_low(dft, xa_untag_pointer(v));
	}
	a = READ_ONCE(dft->allocator[dft_tag_slot(xa_pointer_tag(v))]);
	seq_printf(m, "%pad %s %u\n", &dma, a ? a->name : "?", dft->frag_size);
	return 0;
}

static const struct seq_operations dft_seq_ops = {
	.start	= dft_seq_start,
	.next	= dft_seq_next,
	.stop	= dft_seq_stop,
	.show	= dft_seq_show,
};

/*
 * The file is created with debugfs_create_file_unsafe(), whose fops have
 * read_iter (kernel_read() needs it, the debugfs proxy has no read_iter):
 * each operation that reaches the tracker holds debugfs_file_get(), which
 * debugfs_remove() in dft_destroy() waits for, and fails with -EIO once the
 * file is removed.
 */
static int dft_debugfs_open(struct inode *inode, struct file *file)
{
	struct dentry *dentry = file->f_path.dentry;
	struct dft_seq *it;
	int ret;

	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	it = __seq_open_private(file, &dft_seq_ops, sizeof(*it));
	if (it) {
		it->dft = *(struct dma_frag_tracker **)inode->i_private;
		it->list = READ_ONCE(dft_debugfs_list);
	}
	debugfs_file_put(dentry);
	return it ? 0 : -ENOMEM;
}

static ssize_t dft_debugfs_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct dentry *dentry = iocb->ki_filp->f_path.dentry;
	ssize_t ret;

	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	ret = seq_read_iter(iocb, to);
	debugfs_file_put(dentry);
	return ret;
}

static loff_t dft_debugfs_llseek(struct file *file, loff_t offset, int whence)
{
	struct dentry *dentry = file->f_path.dentry;
	loff_t ret;

	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	ret = seq_lseek(file, offset, whence);
	debugfs_file_put(dentry);
	return ret;
}

static const struct file_operations dft_debugfs_fops = {
	.owner		= THIS_MODULE,
	.open		= dft_debugfs_open,
	.read_iter	= dft_debugfs_read_iter,
	.llseek		= dft_debugfs_llseek,
	.release	= seq_release_private,
};

/* Called with dft_debugfs_lock held. */
static struct dentry *dft_debugfs_dir(void)
{
	if (!dft_debugfs_root) {
		dft_debugfs_root = debugfs_create_dir("dma_frag_track", NULL);
		debugfs_create_bool("list_buffers", 0600, dft_debugfs_root,
				    &dft_debugfs_list);
	}
	return dft_debugfs_root;
}

/**
 * dft_debugfs_add() - Give a tracker its debugfs file.
 * @dft: The tracker, fully set up.
 *
 * Trackers of the same name on the same device get a numeric suffix.
 * Failure is not an error: the tracker works without its file.
 *
 * The file observes the tracker, it does not own it: it keeps its pointer
 * in a block kmemleak does not scan, so that a tracker its driver lost, and
 * the buffers it holds, are still reported as leaks.
 *
 * Context: Process context.
 */
void dft_debugfs_add(struct dma_frag_tracker *dft)
{
	struct dentry *dir, *old;
	char name[64];
	int n;

	dft->debugfs_ref = kmalloc(sizeof(*dft->debugfs_ref), GFP_KERNEL);
	if (!dft->debugfs_ref)
		return;
	*dft->debugfs_ref = dft;
	kmemleak_no_scan(dft->debugfs_ref);

	mutex_lock(&dft_debugfs_lock);
	dir = dft_debugfs_dir();
	for (n = 1; n < 100; n++) {
		if (n == 1)
			snprintf(name, sizeof(name), "%s:%s",
				 dev_name(dft->dev), dft->name);
		else
			snprintf(name, sizeof(name), "%s:%s.%d",
				 dev_name(dft->dev), dft->name, n);
		strreplace(name, '/', '_');
		old = debugfs_lookup(name, dir);
		if (!old)
			break;
		dput(old);
	}
	if (n < 100)
		dft->debugfs = debugfs_create_file_unsafe(name, 0400, dir,
							  dft->debugfs_ref,
							  &dft_debugfs_fops);
	mutex_unlock(&dft_debugfs_lock);
}

/**
 * dft_debugfs_remove() - Remove a tracker's debugfs file.
 * @dft: The tracker.
 *
 * Returns once no reader is inside the file's operations; later reads of a
 * file still open fail with -EIO and never see @dft.
 *
 * Context: Process context.
 */
void dft_debugfs_remove(struct dma_frag_tracker *dft)
{
	debugfs_remove(dft->debugfs);
	dft->debugfs = NULL;
	kfree(dft->debugfs_ref);
	dft->debugfs_ref = NULL;
}
