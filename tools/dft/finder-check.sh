#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# finder-check.sh ORIG SRC RESULTS
#
# The finder (finder.sh) over drivers/net of the pristine tree ORIG and of
# our tree SRC, its lists in RESULTS/finder-pristine.txt and
# RESULTS/finder-converted.txt, and what they must show:
# - pristine: each of the places mvpp2 and thunder nicvf turn a hardware's
#   address back into a pointer (the functions below);
# - converted: none in nicvf's driver code, and none in mvpp2's but on its
#   per-CPU page_pool pools, which keep their own books and are not
#   converted (each site left must test percpu_pools, or the page_pool it
#   got from it, in the 6 lines before it).
# The drivers' KUnit suites and demo harnesses play the hardware: they turn
# DMA addresses into pointers as a device writes to memory, and are not
# driver code.
orig=$1 src=$2 results=$3
here=$(cd "$(dirname "$0")" && pwd)
mvpp2=drivers/net/ethernet/marvell/mvpp2
thunder=drivers/net/ethernet/cavium/thunder
harness='_kunit\.c|_test_bm\.c|_kmemleak_demo\.c'
mkdir -p "$results"

run() {
	local tree=$1 out=$2
	if ! "$here/finder.sh" "$tree" > "$out" 2> "$out.err"; then
		echo "FAIL finder:$3:run"
		cat "$out.err" >&2
		return 1
	fi
}

# sites LIST DIR: the list's sites in DIR's driver code.
sites() {
	grep -E "^$2/[^/]+:[0-9]+:" "$1" | grep -Ev "^[^:]*($harness):"
}

# found LIST DIR NAME FUNCTION...: a site in each function.
found() {
	local list=$1 dir=$2 name=$3 f missing=()
	shift 3
	for f in "$@"; do
		sites "$list" "$dir" | grep -q "^[^:]*:[0-9]*:$f:" || missing+=("$f")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "PASS finder:pristine-$name: $(sites "$list" "$dir" | wc -l) sites, in $*"
	else
		echo "FAIL finder:pristine-$name: none in ${missing[*]}"
	fi
}

pristine=$results/finder-pristine.txt
converted=$results/finder-converted.txt
run "$orig" "$pristine" pristine &&
	{ found "$pristine" $mvpp2 mvpp2 mvpp2_bm_bufs_free \
		mvpp2_buff_hdr_pool_put mvpp2_rx
	  found "$pristine" $thunder nicvf nicvf_rb_ptr_to_skb \
		nicvf_free_rbdr nicvf_unmap_rcv_buffer nicvf_get_rcv_skb \
		nicvf_xdp_rx nicvf_iova_to_phys; }

run "$src" "$converted" converted || exit 0
left=$(sites "$converted" $thunder)
if [ -z "$left" ]; then
	echo "PASS finder:converted-nicvf: no site"
else
	echo "FAIL finder:converted-nicvf: $(wc -l <<<"$left") sites"
	echo "$left" >&2
fi
bad= n=0
while IFS=: read -r file line _; do
	[ -n "$file" ] || continue
	n=$((n + 1))
	from=$((line > 6 ? line - 6 : 1))
	sed -n "${from},${line}p" "$src/$file" |
		grep -Eq 'percpu_pools|!pp\b' || bad+="$file:$line "
done <<<"$(sites "$converted" $mvpp2)"
if [ -z "$bad" ]; then
	echo "PASS finder:converted-mvpp2: $n sites left, all on per-CPU page_pool pools"
else
	echo "FAIL finder:converted-mvpp2: sites off the per-CPU pools: $bad"
fi
