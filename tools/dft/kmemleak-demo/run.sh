#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KERNEL ROOT RESULTS
#
# Boot the UML KERNEL of `make kmemleak-demo` on a hostfs root made in ROOT
# (Debian's busybox-static and our /init), log its console to
# RESULTS/kmemleak-demo.log, and check the log: the table on stdout,
# RESULTS/kmemleak-demo.res, non-zero exit on a mismatch.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 root=$(realpath -m "$2") results=$3
log=$results/kmemleak-demo.log

if [[ $(LC_ALL=C ldd /bin/busybox 2>&1) != *"not a dynamic executable"* ]]; then
	echo "error: /bin/busybox is not static: install busybox-static" >&2
	exit 1
fi
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$results"
cp /bin/busybox "$root/bin/"
for a in sh mount sleep cat echo poweroff; do
	ln -s busybox "$root/bin/$a"
done
install -m 755 "$here/init" "$root/init"

echo "  BOOT    $kernel (log: $log)"
# UML keeps its memory in a file under TMPDIR; stdin is not the guest's.
rc=0
timeout 600 "$kernel" mem=512M rootfstype=hostfs rootflags="$root" rw init=/init \
	</dev/null >"$log" 2>&1 || rc=$?
[ $rc -eq 0 ] || echo "warning: the kernel exited with $rc" >&2
python3 "$here/check.py" "$log" "$results/kmemleak-demo.res"
