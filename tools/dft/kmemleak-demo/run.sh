#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh KERNEL UNPATCHED_KERNEL X86_BUILD ROOT RESULTS
#
# Boot the kernels of `make kmemleak-demo` on a root made in ROOT (Debian's
# busybox-static and our /init) and check their console logs:
# - X86_BUILD's x86_64 kernel under QEMU (TCG), on that root as an
#   initramfs: the replay of mvpp2's pools, RESULTS/kmemleak-demo-x86_64.log;
# - the UML KERNEL (mvpp2 converted) on ROOT over hostfs: the driver itself,
#   RESULTS/kmemleak-demo.log;
# - the UML UNPATCHED_KERNEL (mvpp2 without its conversion) the same way,
#   RESULTS/kmemleak-demo-unpatched.log.
# The table on stdout, RESULTS/kmemleak-demo.res, non-zero exit on a
# mismatch.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel=$1 unpatched=$2 x86=$(realpath -m "$3") root=$(realpath -m "$4") results=$5
log=$results/kmemleak-demo.log
log_unpatched=$results/kmemleak-demo-unpatched.log
log_x86=$results/kmemleak-demo-x86_64.log
applets="sh mount sleep cat echo poweroff reboot grep head"

if [[ $(LC_ALL=C ldd /bin/busybox 2>&1) != *"not a dynamic executable"* ]]; then
	echo "error: /bin/busybox is not static: install busybox-static" >&2
	exit 1
fi
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$results"
cp /bin/busybox "$root/bin/"
for a in $applets; do
	ln -s busybox "$root/bin/$a"
done
install -m 755 "$here/init" "$root/init"

# boot KERNEL LOG ARGS...
boot() {
	local kernel=$1 log=$2 rc=0
	shift 2
	echo "  BOOT    $kernel (log: $log)"
	# UML keeps its memory in a file under TMPDIR; stdin is not the guest's.
	# Without the host's address space randomisation: UML's memory starts
	# after the host's brk, which ASLR moves by up to 1 GiB, and the
	# kernel's addresses with it (0x60000000 to 0xa0000000 seen); where
	# they cross 0x80000000, round values common in data (bit 31 flags)
	# equal buffer addresses and hide them from kmemleak (24 of 2048 in
	# one boot).  Fixed, every boot of a kernel has the same layout.
	setarch "$(uname -m)" -R timeout 600 "$kernel" mem=512M \
		rootfstype=hostfs rootflags="$root" rw init=/init "$@" \
		</dev/null >"$log" 2>&1 || rc=$?
	[ $rc -eq 0 ] || echo "warning: $kernel exited with $rc" >&2
}

# The same root as an initramfs for QEMU, made by the kernel's own tool.
list=$x86/dft-demo-root.list
{
	echo "dir /bin 0755 0 0"
	echo "file /bin/busybox /bin/busybox 0755 0 0"
	for a in $applets; do
		echo "slink /bin/$a busybox 0777 0 0"
	done
	for d in proc sys dev tmp; do
		echo "dir /$d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "file /init $here/init 0755 0 0"
} > "$list"
"$x86/usr/gen_init_cpio" "$list" > "$x86/dft-demo-root.cpio"

echo "  BOOT    $x86/arch/x86/boot/bzImage (QEMU; log: $log_x86)"
rc=0
timeout 900 qemu-system-x86_64 -m 1024 -nographic -no-reboot \
	-kernel "$x86/arch/x86/boot/bzImage" -initrd "$x86/dft-demo-root.cpio" \
	-append "console=ttyS0 panic=-1 dft_demo=replay" \
	</dev/null >"$log_x86" 2>&1 || rc=$?
[ $rc -eq 0 ] || echo "warning: QEMU exited with $rc" >&2
boot "$kernel" "$log" dft_demo=mvpp2
boot "$unpatched" "$log_unpatched" dft_demo=mvpp2
python3 "$here/check.py" "$log" "$results/kmemleak-demo.res" "$log_unpatched" \
	"$log_x86"
