#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# apply-patches.sh SRC PATCH...
#
# Apply our patches to the kernel tree SRC, idempotently.  The first time a
# file is patched its pristine copy is saved under SRC/.dft-pristine; when
# the set of patches changes, every file we ever patched is restored from
# there and the patches are applied again.  A patch that does not apply
# fails loudly.
set -euo pipefail

src=$1
shift
pristine=$src/.dft-pristine
stamp=$src/.dft-applied
want=$(cat /dev/null "$@" | sha256sum | cut -d' ' -f1)

[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0

if [ -d "$pristine" ]; then
	(cd "$pristine" && find . -type f) | while read -r f; do
		cmp -s "$pristine/$f" "$src/$f" || cp "$pristine/$f" "$src/$f"
	done
fi
rm -f "$stamp"

for p in "$@"; do
	for f in $(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$p"); do
		if [ ! -e "$pristine/$f" ] && [ -e "$src/$f" ]; then
			mkdir -p "$(dirname "$pristine/$f")"
			cp "$src/$f" "$pristine/$f"
		fi
	done
	if patch -d "$src" -p1 -R -s -f --dry-run < "$p" >/dev/null 2>&1; then
		echo "  PATCH   $(basename "$p") (already in the tree)"
		continue
	fi
	echo "  PATCH   $(basename "$p")"
	if ! patch -d "$src" -p1 -s -f --no-backup-if-mismatch < "$p"; then
		echo "error: $p does not apply to $src" >&2
		exit 1
	fi
done
echo "$want" > "$stamp"
