#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh SRC TOP: checkpatch --strict on each of our files and patches.
src=$1 top=$2
cd "$top" || exit 1
files=$(git ls-files --cached --others --exclude-standard -- include lib Documentation drivers samples 2>/dev/null |
	grep -v '\.patch$')
for f in $files; do
	out=$("$src/scripts/checkpatch.pl" --strict --no-tree --terse \
		--show-types -f "$f" 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then
		echo "PASS checkpatch:$f"
	else
		echo "FAIL checkpatch:$f"
		echo "$out" >&2
	fi
done
# Each patch twice: on stdin, as a patch, and by its path, which
# checkpatch.pl takes for a source file when git tracks it (as maintainers'
# scripts run it on every file of a tree).  The second is why the patches
# carry no email signature and leave blank context lines empty, both of
# which patch(1) and git apply accept.  They carry no author and no
# Signed-off-by either: `make series` adds the sender's own when it exports
# them, and `make series-check` checks the exported patches.
# A Fixes: tag's commit is looked up in the git tree checkpatch.pl runs in,
# which here holds no upstream history: UNKNOWN_COMMIT_ID is waived, the
# tag's form (GIT_COMMIT_ID) is still checked.
for p in $(git ls-files --cached --others --exclude-standard -- '*.patch'); do
	out=$( { "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
			--show-types --no-signoff --ignore UNKNOWN_COMMIT_ID \
			- < "$p" 2>&1 | sed "s|^-:|$p:|"
		 "$src/scripts/checkpatch.pl" --strict --no-tree --terse \
			--show-types "$p" 2>&1; } |
		grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then
		echo "PASS checkpatch:$p"
	else
		echo "FAIL checkpatch:$p"
		echo "$out" >&2
	fi
done
