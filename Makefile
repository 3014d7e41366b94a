# SPDX-License-Identifier: GPL-2.0
#
# dma_frag_track: the whole workflow.  See README.md.
#
#   make            run the dma_frag_track KUnit suite on UML
#   make check      every gate; ends with "N passed, N failed"
#   make clean      drop build results, keep the unpacked source and ccache
#   make distclean  drop all generated state (.work/)

SHELL		:= /bin/bash
TOP		:= $(CURDIR)
WORK		?= $(TOP)/.work
KVER		:= 6.12
TARBALL		?= /usr/src/linux-source-$(KVER).tar.xz
ifdef KDIR
SRC		:= $(abspath $(KDIR))
else
SRC		:= $(WORK)/linux
endif
BUILD		:= $(WORK)/build
RESULTS		:= $(WORK)/results
CCACHE_DIR	?= $(WORK)/ccache
JOBS		?= $(shell nproc)
export CCACHE_DIR
# Hit the cache from any checkout: paths under $(WORK) are hashed relative.
export CCACHE_BASEDIR := $(WORK)
export CCACHE_NOHASHDIR := 1

# Debian packages the workflow needs.
PKGS := linux-source-$(KVER) build-essential bc bison flex libelf-dev \
	libssl-dev python3 perl rsync xz-utils ccache sparse \
	qemu-system-x86 qemu-system-data busybox-static

# Our files, laid over the kernel tree at the same paths.
OURS := $(shell cd $(TOP) && find include lib Documentation -type f \
	  ! -name '*.patch' 2>/dev/null | sort)
PATCHES := $(sort $(wildcard $(TOP)/patches/*.patch))

KUNIT := cd $(SRC) && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=lib/kunit_tests --jobs=$(JOBS)

# UML: the fast inner loop.
UML_OPTS := --arch=um --build_dir=$(BUILD)/um --make_options='CC=ccache gcc'

# UML with the kernel's own checkers.
DEBUG_OPTS := --arch=um --build_dir=$(BUILD)/um-debug \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/debug.config

# x86_64 under QEMU with two CPUs, for the concurrency case.  Multi-threaded
# TCG runs the vCPUs on host threads in parallel; no -enable-kvm, as nested
# KVM on the CI machines hangs this kernel in its decompressor.
SMP_OPTS := --arch=x86_64 --build_dir=$(BUILD)/x86_64 \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/smp.config \
	--qemu_args='-smp 2' \
	--kernel_args=dma_frag_track_kunit.min_cpus=2

# UML with kmemleak, booted to a busybox userspace on hostfs, for the
# kmemleak demo.
DEMO		:= $(TOP)/tools/dft/kmemleak-demo
DEMO_BUILD	:= $(BUILD)/um-demo

.PHONY: all kunit kunit-debug kunit-smp static checkpatch kernel-doc check \
	kmemleak-demo deps prepare clean distclean

all: kunit

deps:
	@$(TOP)/tools/dft/deps.sh $(PKGS)

$(WORK)/linux/Makefile: | deps
	@echo "  UNPACK  $(TARBALL) -> $(WORK)/linux"
	@mkdir -p $(WORK)
	@rm -rf $(WORK)/linux $(WORK)/linux-source-$(KVER)
	@tar -xJf $(TARBALL) -C $(WORK)
	@mv $(WORK)/linux-source-$(KVER) $(WORK)/linux

# Lay our files over the tree (only changed ones are rewritten, so make
# rebuilds only what changed) and apply our patches, idempotently.
prepare: deps $(SRC)/Makefile
	@rsync -rc --out-format='  OVERLAY %n' $(OURS) $(SRC)/ --relative
	@$(TOP)/tools/dft/apply-patches.sh $(SRC) $(PATCHES)

kunit: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@set -o pipefail; $(KUNIT) $(UML_OPTS) 2>&1 | tee $(RESULTS)/kunit.log
	@$(TOP)/tools/dft/kunit-result.sh kunit $(RESULTS)/kunit.log \
		$(BUILD)/um/test.log > $(RESULTS)/kunit.res

kunit-debug: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@set -o pipefail; $(KUNIT) $(DEBUG_OPTS) 2>&1 | tee $(RESULTS)/kunit-debug.log
	@$(TOP)/tools/dft/kunit-result.sh kunit-debug \
		$(RESULTS)/kunit-debug.log $(BUILD)/um-debug/test.log \
		--checkers > $(RESULTS)/kunit-debug.res

kunit-smp: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@set -o pipefail; $(KUNIT) $(SMP_OPTS) 2>&1 | tee $(RESULTS)/kunit-smp.log
	@$(TOP)/tools/dft/kunit-result.sh kunit-smp $(RESULTS)/kunit-smp.log \
		$(BUILD)/x86_64/test.log > $(RESULTS)/kunit-smp.res

# Static checks on our C files, Kconfig, docs and patches.
checkpatch: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@$(TOP)/tools/dft/checkpatch.sh $(SRC) $(TOP) > $(RESULTS)/checkpatch.res

# W=1 and sparse on our objects, in the UML build directory of `make`.
static: prepare
	@[ -f $(BUILD)/um/.config ] || $(MAKE) --no-print-directory kunit
	@$(TOP)/tools/dft/static.sh $(SRC) $(BUILD)/um > $(RESULTS)/static.res

kernel-doc: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@$(TOP)/tools/dft/kernel-doc.sh $(SRC) > $(RESULTS)/kernel-doc.res

# Boot a kmemleak kernel, replay mvpp2's buffer pools with and without dft,
# and check what kmemleak reports.
kmemleak-demo: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@rm -f $(RESULTS)/kmemleak-demo.res
	@set -o pipefail; $(DEMO)/build.sh $(SRC) $(DEMO_BUILD) \
		$(DEMO)/demo.config $(JOBS) 2>&1 | \
		tee $(RESULTS)/kmemleak-demo-build.log || \
		{ echo "FAIL kmemleak-demo:build" > $(RESULTS)/kmemleak-demo.res; \
		  exit 1; }
	@$(DEMO)/run.sh $(DEMO_BUILD)/linux $(DEMO_BUILD)/root $(RESULTS)

CHECK_GATES := kunit kunit-debug kunit-smp static checkpatch kernel-doc \
	kmemleak-demo

check: prepare
	@rm -f $(RESULTS)/*.res
	@for g in $(CHECK_GATES); do $(MAKE) --no-print-directory $$g || true; done
	@$(TOP)/tools/dft/summary.sh $(RESULTS) $(CHECK_GATES)

clean:
	rm -rf $(BUILD) $(RESULTS)

distclean:
	rm -rf $(WORK)
