#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-objdump.sh SRC BUILD OUT
#
# Show that without CONFIG_DEBUG_KMEMLEAK and CONFIG_KUNIT the kmemleak
# hooks add no instruction: build lib/dma_frag_track/dma_frag_track.o for
# x86_64 defconfig (both off), then the same source with every hook call
# deleted, with the same compiler command, and compare the disassembly.
# Writes OUT.with.dis, OUT.without.dis and OUT.txt (the verdict and the
# hand-off path, dft_handoff()).
set -euo pipefail
src=$(realpath "$1") build=$(realpath -m "$2") out=$(realpath -m "$3")
obj=lib/dma_frag_track/dma_frag_track.o
mk() { make -s -C "$src" ARCH=x86_64 O="$build" CC="ccache gcc" "$@"; }

mkdir -p "$build" "$(dirname "$out")"
[ -f "$build/.config" ] || mk defconfig >/dev/null
grep -Eq '^CONFIG_(KUNIT|DEBUG_KMEMLEAK)=y' "$build/.config" && {
	echo "error: $build/.config has KUNIT or DEBUG_KMEMLEAK" >&2; exit 1; }
mk "$obj" > "$out.build.log" 2>&1 || { tail -20 "$out.build.log"; exit 1; }

# The same compiler command on a copy without the hook calls.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
c=$src/lib/dma_frag_track/dma_frag_track.c
# Each deleted line is left empty, so that __LINE__ (in WARN_ON_ONCE()'s
# bug table) is the same in both objects.
perl -0pe 's/\n\t+dft_release\(dft, [^;]*;/\n/g;
	   s/\n\t+if \(a->mem == DFT_MEM_PAGE\)\n\t+dft_kmemleak_register\([^;]*;/\n\n/g' \
	"$c" > "$tmp/dma_frag_track.c"
removed=$(diff "$c" "$tmp/dma_frag_track.c" | grep -c '^<.*dft_' || true)
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$build/lib/dma_frag_track/.dma_frag_track.o.cmd")
cmd=${cmd//"$c"/"$tmp/dma_frag_track.c"}
cmd=${cmd//"-o $obj"/"-o $tmp/nohooks.o"}
cmd=${cmd//"-Wp,-MMD,lib/dma_frag_track/.dma_frag_track.o.d"/}
# Warning flags only: the deleted calls leave unused code, not other code.
(cd "$build" && eval "$cmd -I $src/lib/dma_frag_track -Wno-error -Wno-unused-variable -Wno-unused-function")

# String literal offsets differ (__FILE__ of the copy is another path): keep
# the section, drop the offset.
dis() {
	objdump -d -r --no-show-raw-insn "$1" | tail -n +4 |
		sed -E 's/(\.rodata\.str[0-9.]+)(\+0x[0-9a-f]+)?$/\1+STR/'
}
# Per function, its instructions' mnemonics, sorted: what the code does,
# whatever order and registers the compiler picked; alignment padding
# between functions (nop, cs nopw, int3) left out.
mnemonics() {
	awk '/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
	     /^ +[0-9a-f]+:\t/ { split($0, f, "\t"); split(f[2], m, " ");
				 if (m[1] !~ /^(nop|cs|data16|int3)/)
					 print fn, m[1] }' "$1" | sort
}
dis "$build/$obj" > "$out.with.dis"
dis "$tmp/nohooks.o" > "$out.without.dis"
{
	echo "x86_64 defconfig: CONFIG_DEBUG_KMEMLEAK and CONFIG_KUNIT not set"
	echo "deleted $removed hook call lines (dft_release(), dft_kmemleak_register())"
	if cmp -s "$out.with.dis" "$out.without.dis"; then
		echo "disassembly of dma_frag_track.o with and without the hooks: IDENTICAL ($(grep -c '^ ' "$out.with.dis") instructions)"
	elif cmp -s <(mnemonics "$out.with.dis") <(mnemonics "$out.without.dis"); then
		# An empty statement may still move the compiler's scheduling
		# and register choice: the same instructions, in another order.
		echo "disassembly of dma_frag_track.o with and without the hooks: IDENTICAL per function, up to order and registers ($(grep -c '^ ' "$out.with.dis") instructions)"
	else
		echo "disassembly of dma_frag_track.o with and without the hooks: DIFFERENT"
		diff <(mnemonics "$out.without.dis") <(mnemonics "$out.with.dis") | head -40 || true
	fi
	echo "kmemleak/dft_kmemleak references in the object: $(grep -c kmemleak "$out.with.dis" || true)"
	echo
	sed -n '/<dft_handoff>:/,/^$/p' "$out.with.dis"
} > "$out.txt"
cat "$out.txt"
