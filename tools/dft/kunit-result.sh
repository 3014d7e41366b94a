#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kunit-result.sh GATE KUNIT_OUTPUT KERNEL_LOG [--checkers]
#
# Turn one kunit.py run into result lines: "PASS|FAIL GATE:case" for each
# KUnit case, and with --checkers one more line that fails on any report of
# the kernel's own checkers in the kernel log.
gate=$1 out=$2 log=$3 checkers=${4:-}

if ! grep -q '^.*Testing complete\.' "$out" 2>/dev/null; then
	echo "FAIL $gate:run (no kunit.py result: build or boot failed)"
else
	# KTAP case lines as kunit.py prints them: "[PASSED] name".
	sed -n 's/^\[[0-9:]*\] *\[\(PASSED\|FAILED\|SKIPPED\|CRASHED\)\] \(.*\)$/\1 \2/p' "$out" |
	while read -r st name; do
		case $st in
		PASSED|SKIPPED) echo "PASS $gate:$name" ;;
		*) echo "FAIL $gate:$name" ;;
		esac
	done
	grep "Testing complete\." "$out" | grep -Eq "failed|crashed|errors" &&
		echo "FAIL $gate:summary ($(grep -o 'Testing complete.*' "$out"))"
fi

if [ "$checkers" = --checkers ]; then
	pat='BUG: KASAN|UBSAN:|WARNING: possible|WARNING: inconsistent|BUG: sleeping function|BUG: scheduling while|DMA-API:|kmemleak: .*disabled|kmemleak: Cannot|WARNING: CPU|BUG:|Oops'
	# From our suite's start on: UML's own boot warns before it.  Less the
	# one warning a case asks for: dma-direct's WARN_ONCE on the mapping
	# dma_frag_track_test_map_fail or the batch of
	# dma_frag_track_test_alloc_bulk_fault makes fail (whichever runs
	# first), or swiotlb's when it bounces every mapping, recognised by the
	# bus limit the cases set (fff) on the line after it (UML) or before it
	# (x86_64, where the message comes first).
	ours=$(sed -n '/# Subtest: dma_frag_track$/,$p' "$log" 2>/dev/null |
	       awk '/dma_frag_track_test_(map_fail|alloc_bulk_fault).* overflow \(mask [0-9a-f]+, bus limit fff\)/ {
			if (held != "") { held = ""; next }
			ours = 1; next }
		    /^WARNING: CPU: .*kernel\/dma\/(direct\.h|swiotlb\.c)/ {
			if (ours) { ours = 0; next }
			held = $0; next }
		    { ours = 0 }
		    held != "" { print held; held = "" }
		    { print }
		    END { if (held != "") print held }')
	if [ -n "$ours" ] && ! grep -Eq "$pat" <<<"$ours"; then
		echo "PASS $gate:no-checker-report"
	else
		echo "FAIL $gate:no-checker-report"
		grep -E "$pat" <<<"$ours" | head -20 >&2
	fi
fi
exit 0
