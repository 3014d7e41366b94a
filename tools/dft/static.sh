#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# static.sh SRC BUILD_DIR [mvpp2|nicvf]: rebuild our objects with W=1 and
# sparse (C=2) in a configured UML build directory; any warning in our
# files fails.  With a driver, BUILD_DIR is the drivers' KUnit kernel's and
# the files are the driver's KUnit suite (and mvpp2's emulated BM), built
# into the driver's object there (the driver's own warnings are `make
# mvpp2`'s and `make nicvf`'s business).
src=$1 build=$2
if [ "${3:-}" = mvpp2 ]; then
	name=static:mvpp2-tests
	dirs=(drivers/net/ethernet/marvell/mvpp2/)
	ours='drivers/net/ethernet/marvell/mvpp2/(mvpp2_kunit|mvpp2_test_bm)\.c'
	checked='CHECK.*mvpp2_main\.c'
elif [ "${3:-}" = nicvf ]; then
	name=static:nicvf-tests
	dirs=(drivers/net/ethernet/cavium/thunder/)
	ours='drivers/net/ethernet/cavium/thunder/(nicvf_kunit|nicvf_xdp_kunit|nicvf_test_rbdr)\.[ch]'
	checked='CHECK.*nicvf_queues\.c'
else
	name=static
	dirs=(lib/dma_frag_track/ lib/kunit_tests/)
	ours='include/linux/dma_frag_track\.h|include/trace/events/dma_frag_track\.h|lib/dma_frag_track/|lib/kunit_tests/'
	checked='CHECK.*dma_frag_track\.c'
fi
out=$(make -C "$src" ARCH=um O="$build" CC="ccache gcc" C=2 W=1 \
	"${dirs[@]}" 2>&1)
rc=$?
found=$(grep -E "($ours).*(warning|error)" <<<"$out")
if [ $rc -eq 0 ] && [ -z "$found" ] && grep -q "$checked" <<<"$out"; then
	echo "PASS $name:W=1+sparse"
else
	echo "FAIL $name:W=1+sparse"
	{ echo "$found"; [ $rc -eq 0 ] || tail -20 <<<"$out"; } >&2
fi
