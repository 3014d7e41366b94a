#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series-check.sh REPO SERIES BUILD JOBS
#
# Apply each series in SERIES (make series: SERIES/series.list names them in
# order, each with the series it applies on) with git am to the pristine
# tree committed in REPO (branch "base"): first the series it applies on,
# then its own patches one at a time.  After each of its own patches, build
# the library's objects, the converted drivers' directories (mvpp2, thunder
# nicvf) and the C files the patch touches,
# with W=1 for UML and (unless the series is UML's own) for arm64, from
# allnoconfig plus what they need, and run checkpatch --strict on the
# patch.  One line per patch on stdout, "PASS series-check:SERIES/NNNN ..."
# or "FAIL ...", the reasons on stderr.  REPO is left at "base".
#
# Objects are named explicitly, so that each is compiled even before a
# patch makes a config symbol select it (the library before its first
# user).  A warning or error in our files fails the patch.  checkpatch asks
# whether MAINTAINERS needs updating whenever a patch adds files; that one
# finding is waived when scripts/get_maintainer.pl already maps every file
# the patch adds to a MAINTAINERS entry besides THE REST.
repo=$1 series=$2 build=$3 jobs=${4:-$(nproc)}
set -o pipefail

git -C "$repo" checkout -q -f -B series-check base || exit 1
git -C "$repo" clean -q -fdx

# What both architectures build: the drivers, the library's suites, debugfs
# and tracepoints (WERROR off, as COMPILE_TEST turns it on).
frag_common='# CONFIG_WERROR is not set
CONFIG_NET=y
CONFIG_NETDEVICES=y
CONFIG_ETHERNET=y
CONFIG_NET_VENDOR_MARVELL=y
CONFIG_MVPP2=y
CONFIG_PCI=y
CONFIG_NET_VENDOR_CAVIUM=y
CONFIG_THUNDER_NIC_VF=y
CONFIG_DEBUG_FS=y
CONFIG_FTRACE=y
CONFIG_ENABLE_DEFAULT_TRACERS=y
CONFIG_KUNIT=y
CONFIG_DMA_FRAG_TRACK_KUNIT_TEST=y'
# UML: mvpp2 by COMPILE_TEST, virtio-PCI for DMA, the suites that need UML.
frag_um="$frag_common
CONFIG_64BIT=y
CONFIG_COMPILE_TEST=y
CONFIG_VIRTIO_UML=y
CONFIG_UML_PCI_OVER_VIRTIO=y
CONFIG_DMA_FRAG_TRACK_BENCH=y
CONFIG_MVPP2_KUNIT_TEST=y
CONFIG_THUNDER_NIC_VF_KUNIT_TEST=y"
frag_arm64="$frag_common
CONFIG_ARCH_MVEBU=y
CONFIG_INET=y"

# build ARCH CROSS FRAG LOG [OBJ...]: configure and build the objects of the
# tree as it is now, and OBJ; prints how many of our objects it built.
build() {
	local arch=$1 cross=$2 frag=$3 log=$4 o=$build/$1 objs=() src
	shift 4
	mkdir -p "$o"
	printf '%s\n' "$frag" > "$o/frag.config"
	local mk=(make -C "$repo" O="$o" ARCH="$arch" CROSS_COMPILE="$cross"
		  CC="ccache ${cross}gcc" -j"$jobs" W=1)
	for src in $(cd "$repo" && ls lib/dma_frag_track/*.c \
			lib/kunit_tests/dma_frag_track*.c 2>/dev/null); do
		objs+=("${src%.c}.o")
	done
	# The drivers' directories, as their Makefiles and config build them
	# (with the KUnit suites included into mvpp2_main.c and
	# nicvf_queues.c on UML).
	objs+=(drivers/net/ethernet/marvell/mvpp2/
	       drivers/net/ethernet/cavium/thunder/ "$@")
	{
		"${mk[@]}" KCONFIG_ALLCONFIG="$o/frag.config" allnoconfig &&
		! grep -q '^CONFIG_WERROR=y' "$o/.config" &&
		grep -qx 'CONFIG_MVPP2=y' "$o/.config" &&
		"${mk[@]}" "${objs[@]}"
	} > "$log" 2>&1 || return 1
	# Warnings and errors in our files (or the drivers') fail the patch.
	# Other files a patch touches (UML's) must build; their W=1 warnings
	# are upstream's, left in the log.
	if grep -E '(lib/dma_frag_track|lib/kunit_tests|include/linux/dma_frag_track|include/trace/events/dma_frag_track|marvell/mvpp2|cavium/thunder)[^ ]*: (warning|error):' "$log" >&2; then
		return 1
	fi
	echo $(( ${#objs[@]} - 2 - $# ))
}

# checkpatch PATCH: findings, one per line, with the waiver above.
checkpatch() {
	local out added covered f
	# The series' tree holds no upstream history: a Fixes: tag's commit
	# cannot be found (UNKNOWN_COMMIT_ID); its form is still checked.
	out=$("$repo/scripts/checkpatch.pl" --strict --terse --show-types \
		--ignore UNKNOWN_COMMIT_ID - < "$1" 2>&1 |
		grep -E ': (ERROR|WARNING|CHECK):')
	if grep -q 'FILE_PATH_CHANGES' <<<"$out"; then
		added=$(sed -n 's|^+++ b/||p' "$1" | while read -r f; do
			grep -q "^new file mode" < <(grep -A1 "^diff --git a/$f b/$f" "$1") &&
				echo "$f"
		done)
		covered=${added:+1}
		for f in $added; do
			(cd "$repo" && scripts/get_maintainer.pl --no-git \
				--no-git-fallback --sections -f "$f" 2>/dev/null) |
				grep -Ev '^([A-Z]:|$)' | grep -vqx 'THE REST' ||
				covered=
		done
		[ -n "$covered" ] && out=$(grep -v FILE_PATH_CHANGES <<<"$out")
	fi
	[ -n "$out" ] && echo "$out"
}

mkdir -p "$build"
fail=0
am() {
	git -C "$repo" -c user.name=series-check \
		-c user.email=series-check@localhost am -q "$@" >&2
}
while read -r name bases <&3; do
	git -C "$repo" checkout -q -f -B series-check base || exit 1
	git -C "$repo" clean -q -fdx
	for b in $bases; do
		for p in "$series/$b"/[0-9][0-9][0-9][0-9]-*.patch; do
			case $p in */0000-*) continue ;; esac
			am "$p" || { git -C "$repo" am --abort
				echo "FAIL series-check:$name $b does not apply"
				fail=1; continue 3; }
		done
	done
	for p in "$series/$name"/[0-9][0-9][0-9][0-9]-*.patch; do
		n=$(basename "$p" | cut -c1-4)
		[ "$n" = 0000 ] && continue
		subj=$(awk '/^Subject: /{ s = $0; while ((getline l) > 0 && l ~ /^ /)
			s = s l; print s; exit }' "$p" | sed 's/^Subject: \[PATCH[^]]*\] //')
		why=()
		if ! am "$p"; then
			git -C "$repo" am --abort
			echo "FAIL series-check:$name/$n git am: $subj"
			fail=1
			break
		fi
		# The C files it touches, beyond the library's and the drivers'.
		touched=$(git -C "$repo" diff --name-only HEAD~1 HEAD -- '*.c' |
			grep -Ev '^(lib/dma_frag_track|lib/kunit_tests|drivers/net/ethernet/marvell/mvpp2|drivers/net/ethernet/cavium/thunder)/' |
			sed 's/\.c$/.o/')
		um=$(build um "" "$frag_um" "$build/$name-$n-um.log" $touched) ||
			why+=("UML build, see $build/$name-$n-um.log")
		built="um: $um objects + drivers${touched:+ + $(echo $touched)}"
		if [ "$name" != linux-um ]; then
			arm=$(build arm64 aarch64-linux-gnu- "$frag_arm64" \
				"$build/$name-$n-arm64.log" $touched) ||
				why+=("arm64 build, see $build/$name-$n-arm64.log")
			built="$built, arm64: $arm + drivers"
		fi
		cp=$(checkpatch "$p")
		if [ -n "$cp" ]; then
			echo "$cp" | sed "s|^|$name/$n: |" >&2
			why+=("checkpatch: $(wc -l <<<"$cp") findings")
		fi
		if [ ${#why[@]} -eq 0 ]; then
			echo "PASS series-check:$name/$n applies, builds ($built), checkpatch clean: $subj"
		else
			echo "FAIL series-check:$name/$n $(IFS=';'; echo "${why[*]}"): $subj"
			fail=1
		fi
	done
done 3< "$series/series.list"
git -C "$repo" checkout -q -f base
exit $fail
