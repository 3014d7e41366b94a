/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of dma_frag_track: the life of each buffer a tracker holds.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM dma_frag_track

#if !defined(_TRACE_DMA_FRAG_TRACK_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_DMA_FRAG_TRACK_H

#include <linux/dma_frag_track.h>
#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(dft_buffer,
		    TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
			     const struct dft_allocator *allocator,
			     unsigned long caller),
		    TP_ARGS(dft, dma, allocator, caller),
		    TP_STRUCT__entry(__string(tracker, dft_name(dft))
				     __field(u64, dma)
				     __string(allocator, allocator->name)
				     __field(unsigned long, caller)),
		    TP_fast_assign(__assign_str(tracker);
				   __entry->dma = dma;
				   __assign_str(allocator);
				   __entry->caller = caller;),
		    TP_printk("tracker=%s dma=0x%llx allocator=%s caller=%pS",
			      __get_str(tracker), __entry->dma,
			      __get_str(allocator), (void *)__entry->caller));

/*
 * dft_track - A buffer is tracked: dft_alloc() or dft_add().
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: The allocator that made the buffer.
 * @caller: The return address of the library call.
 */
DEFINE_EVENT(dft_buffer, dft_track,
	     TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		      const struct dft_allocator *allocator,
		      unsigned long caller),
	     TP_ARGS(dft, dma, allocator, caller));

/*
 * dft_handoff - A buffer is untracked and unmapped by dft_handoff(),
 * dft_take() or dft_handoff_bulk(): its caller owns it now.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: The allocator that made the buffer.
 * @caller: The return address of the library call.
 */
DEFINE_EVENT(dft_buffer, dft_handoff,
	     TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		      const struct dft_allocator *allocator,
		      unsigned long caller),
	     TP_ARGS(dft, dma, allocator, caller));

/*
 * dft_remove - A buffer is untracked by dft_remove(), neither unmapped nor
 * freed: its caller, which tracked it with dft_add(), owns it now.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: The allocator that made the buffer.
 * @caller: The return address of the library call.
 */
DEFINE_EVENT(dft_buffer, dft_remove,
	     TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		      const struct dft_allocator *allocator,
		      unsigned long caller),
	     TP_ARGS(dft, dma, allocator, caller));

/*
 * dft_free - A buffer is untracked, unmapped and freed by dft_free().
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: The allocator that made and now frees the buffer.
 * @caller: The return address of the library call.
 */
DEFINE_EVENT(dft_buffer, dft_free,
	     TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		      const struct dft_allocator *allocator,
		      unsigned long caller),
	     TP_ARGS(dft, dma, allocator, caller));

/*
 * dft_reclaim - dft_destroy() found a buffer still tracked.
 * @dft: The tracker.
 * @dma: The buffer's DMA address.
 * @allocator: The allocator that made the buffer.
 * @freed: The device was quiesced and the buffer unmapped and freed;
 *	otherwise it was left allocated for kmemleak.
 * @caller: The return address of dft_destroy().
 */
TRACE_EVENT(dft_reclaim,
	    TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		     const struct dft_allocator *allocator, bool freed,
		     unsigned long caller),
	    TP_ARGS(dft, dma, allocator, freed, caller),
	    TP_STRUCT__entry(__string(tracker, dft_name(dft))
			     __field(u64, dma)
			     __string(allocator, allocator->name)
			     __field(bool, freed)
			     __field(unsigned long, caller)),
	    TP_fast_assign(__assign_str(tracker);
			   __entry->dma = dma;
			   __assign_str(allocator);
			   __entry->freed = freed;
			   __entry->caller = caller;),
	    TP_printk("tracker=%s dma=0x%llx allocator=%s %s caller=%pS",
		      __get_str(tracker), __entry->dma, __get_str(allocator),
		      __entry->freed ? "freed" : "leaked",
		      (void *)__entry->caller));

/*
 * dft_misuse - A tracker rejected a call as a driver bug.
 * @dft: The tracker.
 * @dma: The DMA address of the call.
 * @kind: What was wrong, see &enum dft_misuse; recorded by its
 *	dft_misuse_name().
 * @allocator: The allocator of the buffer involved, or NULL if unknown.
 * @caller: The return address of the library call.
 */
TRACE_EVENT(dft_misuse,
	    TP_PROTO(const struct dma_frag_tracker *dft, dma_addr_t dma,
		     enum dft_misuse kind,
		     const struct dft_allocator *allocator,
		     unsigned long caller),
	    TP_ARGS(dft, dma, kind, allocator, caller),
	    TP_STRUCT__entry(__string(tracker, dft_name(dft))
			     __field(u64, dma)
			     __string(kind, dft_misuse_name(kind))
			     __string(allocator,
				      allocator ? allocator->name : "-")
			     __field(unsigned long, caller)),
	    TP_fast_assign(__assign_str(tracker);
			   __entry->dma = dma;
			   __assign_str(kind);
			   __assign_str(allocator);
			   __entry->caller = caller;),
	    TP_printk("tracker=%s dma=0x%llx kind=%s allocator=%s caller=%pS",
		      __get_str(tracker), __entry->dma, __get_str(kind),
		      __get_str(allocator), (void *)__entry->caller));

#endif /* _TRACE_DMA_FRAG_TRACK_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
