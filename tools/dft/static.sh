#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# static.sh SRC BUILD_DIR: rebuild our objects with W=1 and sparse (C=2) in
# the configured UML build directory; any warning in our files fails.
src=$1 build=$2
ours='include/linux/dma_frag_track\.h|include/trace/events/dma_frag_track\.h|lib/dma_frag_track/|lib/kunit_tests/'
out=$(make -C "$src" ARCH=um O="$build" CC="ccache gcc" C=2 W=1 \
	lib/dma_frag_track/ lib/kunit_tests/ 2>&1)
rc=$?
found=$(grep -E "($ours).*(warning|error)" <<<"$out")
if [ $rc -eq 0 ] && [ -z "$found" ] && grep -q 'CHECK.*dma_frag_track.c' <<<"$out"; then
	echo "PASS static:W=1+sparse"
else
	echo "FAIL static:W=1+sparse"
	{ echo "$found"; [ $rc -eq 0 ] || tail -20 <<<"$out"; } >&2
fi
