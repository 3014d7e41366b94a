#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build.sh SRC BUILD_DIR CONFIG JOBS [ARCH]
#
# Configure (only when the wanted options changed) and build a kernel of
# `make kmemleak-demo` in BUILD_DIR: for ARCH um (the default) kunit's
# arch_uml.config plus CONFIG, for x86_64 CONFIG alone, every other option
# at its default.  Fails if an option in CONFIG did not end up in .config
# as asked (a missing dependency).
set -euo pipefail

src=$(realpath "$1") build=$(realpath -m "$2") config=$3 jobs=$4 arch=${5:-um}
mk=(make -C "$src" ARCH="$arch" O="$build" CC="ccache gcc")

mkdir -p "$build"
if [ "$arch" = um ]; then
	want=$(cat "$src/tools/testing/kunit/configs/arch_uml.config" "$config")
else
	want=$(cat "$config")
fi
if [ ! -f "$build/.config" ] || [ "$want" != "$(cat "$build/.dft-config" 2>/dev/null)" ]; then
	echo "  CONFIG  $build/.config"
	printf '%s\n' "$want" > "$build/.config"
	"${mk[@]}" -s olddefconfig
	printf '%s\n' "$want" > "$build/.dft-config"
fi

bad=0
while read -r line; do
	case $line in
	CONFIG_*=n)
		opt=${line%%=*}
		grep -q "^$opt=" "$build/.config" && { echo "error: $opt is set" >&2; bad=1; } ;;
	CONFIG_*=*)
		grep -qx "$line" "$build/.config" || { echo "error: $line is not in .config" >&2; bad=1; } ;;
	esac
done <<<"$want"
[ $bad -eq 0 ] || exit 1

echo "  BUILD   $build ($arch)"
"${mk[@]}" -s -j"$jobs" 2>&1
