#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernel-doc.sh SRC: kernel-doc -none -Wall on our header and sources.
src=$1
cd "$src" || exit 1
for f in include/linux/dma_frag_track.h lib/dma_frag_track/*.c \
	 samples/dma_frag_track/*.c \
	 lib/dma_frag_track/*.h; do
	out=$(scripts/kernel-doc -none -Wall "$f" 2>&1)
	if [ -z "$out" ]; then
		echo "PASS kernel-doc:$f"
	else
		echo "FAIL kernel-doc:$f"
		echo "$out" >&2
	fi
done
