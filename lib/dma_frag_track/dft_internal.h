/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma_frag_track internals shared with its KUnit suite.
 */
#ifndef _LIB_DMA_FRAG_TRACK_INTERNAL_H
#define _LIB_DMA_FRAG_TRACK_INTERNAL_H

#include <linux/types.h>

#if IS_ENABLED(CONFIG_KUNIT)
void dft_kmemleak_register(const void *buf, size_t size, gfp_t gfp);
void dft_kmemleak_unregister(const void *buf);
#endif

#endif /* _LIB_DMA_FRAG_TRACK_INTERNAL_H */
