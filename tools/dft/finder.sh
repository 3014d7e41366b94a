#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# finder.sh TREE [DIR]
#
# List every place under TREE/DIR (drivers/net by default) that turns a DMA
# address, or an address read from a hardware descriptor, back into a
# pointer: the report of scripts/coccinelle/api/dma_addr_to_virt.cocci, one
# "FILE:LINE:FUNCTION: KIND ..." line per site, sorted; then the number of
# sites per driver (the file's directory) and the total.  The semantic
# patch is TREE's if it has one, else this project's.  JOBS (default 2)
# spatch processes run in parallel.
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: finder.sh TREE [DIR]" >&2
	exit 2
fi
tree=$1 dir=${2:-drivers/net}
jobs=${JOBS:-2}
rel=scripts/coccinelle/api/dma_addr_to_virt.cocci
if [ -f "$tree/$rel" ]; then
	cocci=$(realpath "$tree/$rel")
else
	cocci=$(realpath "$(dirname "$0")/../../$rel")
fi
[ -f "$cocci" ] || { echo "finder.sh: no $rel" >&2; exit 1; }
command -v spatch > /dev/null || { echo "finder.sh: spatch not found" >&2; exit 1; }
cd "$tree" || exit 1
[ -e "$dir" ] || { echo "finder.sh: no $dir in $tree" >&2; exit 1; }

# Run from TREE so that the paths print as drivers/net/...  The kernel's
# .cocciconfig asks for --use-gitgrep, which finds no file in a tree git
# does not track (an unpacked source tree): --use-coccigrep has spatch
# look for the rules' tokens itself and parse only the files that hold
# them.
sites=$(spatch --sp-file "$cocci" -D report --very-quiet \
	--no-includes --include-headers --use-coccigrep --jobs "$jobs" \
	"$dir" 2> >(grep -v ' files match$' >&2)) ||
	{ echo "finder.sh: spatch failed" >&2; exit 1; }
sites=$(sort -u <<<"$sites" | sort -t: -k1,1 -k2,2n -k3)
[ -n "$sites" ] && echo "$sites"

echo
echo "count per driver:"
counts=$(grep . <<<"$sites" | sed -E 's#/[^/:]*:.*##' | sort | uniq -c |
	sort -k1,1nr -k2)
[ -n "$counts" ] && echo "$counts"
echo "total: $(grep -c . <<<"$sites") sites in $(grep -c . <<<"$counts") drivers"
