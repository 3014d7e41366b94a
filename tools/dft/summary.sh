#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# summary.sh RESULTS GATE...: print each gate's failures and the totals.
dir=$1
shift
pass=0 fail=0
for g in "$@"; do
	f=$dir/$g.res
	if [ ! -s "$f" ]; then
		echo "$g: no result"
		fail=$((fail + 1))
		continue
	fi
	p=$(grep -c '^PASS' "$f")
	n=$(grep -c '^FAIL' "$f")
	echo "$g: $p passed, $n failed"
	grep '^FAIL' "$f" | sed 's/^/    /'
	pass=$((pass + p))
	fail=$((fail + n))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
