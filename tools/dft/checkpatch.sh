#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.sh SRC TOP: checkpatch --strict on each of our files and patches.
src=$1 top=$2
cd "$top" || exit 1
files=$(git ls-files --cached --others --exclude-standard -- include lib Documentation drivers 2>/dev/null |
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
# checkpatch.pl takes a path git tracks for a source file, as with -f, and
# then flags the blank context lines of a patch as trailing whitespace:
# give it the patch on stdin, and name it in the output.
for p in $(git ls-files --cached --others --exclude-standard -- '*.patch'); do
	out=$("$src/scripts/checkpatch.pl" --strict --no-tree --terse \
		--show-types - < "$p" 2>&1 | sed "s|^-:|$p:|" |
		grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then
		echo "PASS checkpatch:$p"
	else
		echo "FAIL checkpatch:$p"
		echo "$out" >&2
	fi
done
