#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KERNEL UNPATCHED_KERNEL ROOT RESULTS
#
# Boot the UML KERNEL of `make kmemleak-demo` on a hostfs root made in ROOT
# (Debian's busybox-static and our /init), log its console to
# RESULTS/kmemleak-demo.log; boot UNPATCHED_KERNEL (mvpp2 without its
# conversion) the same way to run only the driver, logged to
# RESULTS/kmemleak-demo-unpatched.log; and check the logs: the table on
# stdout, RESULTS/kmemleak-demo.res, non-zero exit on a mismatch.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 unpatched=$2 root=$(realpath -m "$3") results=$4
log=$results/kmemleak-demo.log
log_unpatched=$results/kmemleak-demo-unpatched.log

if [[ $(LC_ALL=C ldd /bin/busybox 2>&1) != *"not a dynamic executable"* ]]; then
	echo "error: /bin/busybox is not static: install busybox-static" >&2
	exit 1
fi
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$results"
cp /bin/busybox "$root/bin/"
for a in sh mount sleep cat echo poweroff grep head; do
	ln -s busybox "$root/bin/$a"
done
install -m 755 "$here/init" "$root/init"

# boot KERNEL LOG ARGS...
boot() {
	local kernel=$1 log=$2 rc=0
	shift 2
	echo "  BOOT    $kernel (log: $log)"
	# UML keeps its memory in a file under TMPDIR; stdin is not the guest's.
	timeout 600 "$kernel" mem=512M rootfstype=hostfs rootflags="$root" rw \
		init=/init "$@" </dev/null >"$log" 2>&1 || rc=$?
	[ $rc -eq 0 ] || echo "warning: $kernel exited with $rc" >&2
}

boot "$kernel" "$log"
boot "$unpatched" "$log_unpatched" dft_demo=mvpp2
python3 "$here/check.py" "$log" "$results/kmemleak-demo.res" "$log_unpatched"
