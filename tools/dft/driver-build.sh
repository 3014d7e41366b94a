#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# driver-build.sh DRIVER SRC ORIG BUILD LOGDIR
#
# Build a converted driver's directory with W=1 and sparse (C=1) from SRC
# (our files and patches) and from ORIG (pristine Linux), the same way in
# the same run, each target from allnoconfig plus the symbols it needs.  A
# warning the converted driver has and the pristine one does not fails; so
# does any warning in lib/dma_frag_track/.  Line numbers and tree paths are
# ignored when the two are compared.  Every target's configuration holds
# both converted drivers, so that the second driver's gate reuses the
# first one's build directories.  DRIVER is one of:
#   mvpp2  x86_64 (COMPILE_TEST) and arm64 (ARCH_MVEBU), =y and =m; and
#          Kconfig alone on a NO_DMA architecture
#   nicvf  x86_64 and arm64, =y and =m: THUNDER_NIC_VF needs only 64BIT
#          and PCI
driver=$1 src=$2 orig=$3 build=$4 logdir=$5
jobs=${JOBS:-$(nproc)}
mkdir -p "$build" "$logdir"

case $driver in
mvpp2)
	dir=drivers/net/ethernet/marvell/mvpp2 sym=MVPP2 obj=mvpp2_main.c ;;
nicvf)
	dir=drivers/net/ethernet/cavium/thunder sym=THUNDER_NIC_VF
	obj=nicvf_queues.c ;;
*)
	echo "usage: $0 mvpp2|nicvf SRC ORIG BUILD LOGDIR" >&2
	exit 2 ;;
esac

# norm LOG TREE BUILD: "file: warning: text" of each warning, with the file
# relative to the tree and no line number.
norm() {
	grep -E '(warning|error):' "$1" |
	sed -E -e "s#$2/##g" -e "s#$3/##g" \
	       -e 's#^([^ :]+):[0-9]+(:[0-9]+)?:#\1:#' |
	sort
}

count() { [ -s "$1" ] && wc -l < "$1" || echo 0; }

for target in x86_64-y x86_64-m arm64-y arm64-m; do
	arch=${target%-*} mode=${target#*-}
	case $arch in
	x86_64) cross= frag='CONFIG_COMPILE_TEST=y' ;;
	arm64) cross=aarch64-linux-gnu- frag='CONFIG_ARCH_MVEBU=y' ;;
	esac
	ok=1
	for tree in new orig; do
		[ $tree = new ] && t=$src || t=$orig
		o=$build/$tree-$target
		log=$logdir/$driver-$tree-$target.log
		mkdir -p "$o"
		cat > "$o/frag.config" <<-EOT
		$frag
		CONFIG_MODULES=y
		CONFIG_NET=y
		CONFIG_NETDEVICES=y
		CONFIG_ETHERNET=y
		CONFIG_INET=y
		CONFIG_PCI=y
		CONFIG_NET_VENDOR_MARVELL=y
		CONFIG_MVPP2=$mode
		CONFIG_NET_VENDOR_CAVIUM=y
		CONFIG_THUNDER_NIC_VF=$mode
		# CONFIG_WERROR is not set
		EOT
		mk=(make -C "$t" O="$o" ARCH="$arch" CROSS_COMPILE="$cross"
		    CC="ccache ${cross}gcc" -j"$jobs")
		{
			"${mk[@]}" KCONFIG_ALLCONFIG="$o/frag.config" allnoconfig &&
			grep -qx "CONFIG_$sym=$mode" "$o/.config" &&
			! grep -q '^CONFIG_WERROR=y' "$o/.config" &&
			{ [ $tree = orig ] ||
			  grep -qx 'CONFIG_DMA_FRAG_TRACK=y' "$o/.config"; } &&
			"${mk[@]}" modules_prepare
		} > "$log.prep" 2>&1 || { ok=0; echo "$tree $target: configure failed, see $log.prep" >&2; continue; }
		# Rebuild from scratch so that every warning shows again.
		rm -rf "${o:?}/$dir" "$o/lib/dma_frag_track"
		"${mk[@]}" W=1 C=1 "$dir/" > "$log" 2>&1 ||
			{ ok=0; echo "$tree $target: build failed, see $log" >&2; }
		grep -q "CHECK.*$obj" "$log" ||
			{ ok=0; echo "$tree $target: sparse did not run" >&2; }
		norm "$log" "$t" "$o" > "$log.warn"
		if [ $tree = new ]; then
			"${mk[@]}" W=1 C=1 lib/dma_frag_track/ > "$log.lib" 2>&1 ||
				{ ok=0; echo "$target: lib/dma_frag_track build failed" >&2; }
			if grep -E '(warning|error):' "$log.lib" >&2; then ok=0; fi
		fi
	done
	new=$logdir/$driver-new-$target.log.warn
	old=$logdir/$driver-orig-$target.log.warn
	added=$(comm -23 "$new" "$old" 2>/dev/null)
	echo "$driver $target: pristine $(count "$old") warnings, converted $(count "$new"), new $(grep -c . <<<"$added")" >&2
	[ -n "$added" ] && echo "$added" >&2
	if [ $ok = 1 ]; then
		echo "PASS $driver:$target:build"
	else
		echo "FAIL $driver:$target:build"
	fi
	if [ $ok = 1 ] && [ -z "$added" ]; then
		echo "PASS $driver:$target:no-new-warning"
	else
		echo "FAIL $driver:$target:no-new-warning"
	fi
	# What the driver selects must hold wherever it builds.
	if grep -q 'unmet direct dependencies' "$logdir/$driver-new-$target.log.prep"; then
		echo "FAIL $driver:$target:kconfig"
	else
		echo "PASS $driver:$target:kconfig"
	fi
done

[ "$driver" = mvpp2 ] || exit 0

# A NO_DMA architecture with COMPILE_TEST (m68k 68000, no MMU): Kconfig
# alone, with the host compiler standing in for the missing cross one.
o=$build/new-m68k-nodma
mkdir -p "$o"
cat > "$o/frag.config" <<EOT
# CONFIG_MMU is not set
CONFIG_M68KCLASSIC=y
CONFIG_COMPILE_TEST=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_NETDEVICES=y
CONFIG_ETHERNET=y
CONFIG_NET_VENDOR_MARVELL=y
CONFIG_MVPP2=y
EOT
log=$logdir/mvpp2-new-m68k-nodma.log
if make -C "$src" O="$o" ARCH=m68k CROSS_COMPILE= \
	KCONFIG_ALLCONFIG="$o/frag.config" allnoconfig > "$log" 2>&1 &&
   grep -qx 'CONFIG_NO_DMA=y' "$o/.config" &&
   grep -qx 'CONFIG_MVPP2=y' "$o/.config" &&
   grep -qx 'CONFIG_DMA_FRAG_TRACK=y' "$o/.config" &&
   ! grep -q 'unmet direct dependencies' "$log"; then
	echo "PASS mvpp2:m68k-nodma:kconfig"
else
	echo "FAIL mvpp2:m68k-nodma:kconfig"
	grep -A4 'unmet direct' "$log" >&2
fi
