# SPDX-License-Identifier: GPL-2.0
#
# dma_frag_track: the whole workflow.  See README.md.
#
#   make            run the dma_frag_track KUnit suite on UML
#   make check      every gate; ends with "N passed, N failed"
#   make bench      the benchmark: table, CSV and plot (not a gate)
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
# Pristine Linux, never patched: the baseline of `make mvpp2`.
ORIG		:= $(WORK)/linux-orig
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
	qemu-system-x86 qemu-system-arm qemu-system-data busybox-static \
	gcc-aarch64-linux-gnu coccinelle

# Our files, laid over the kernel tree at the same paths.
OURS := $(shell cd $(TOP) && find include lib Documentation drivers samples scripts -type f \
	  ! -name '*.patch' 2>/dev/null | sort)
# patches/ first (the library's hooks), then the drivers' own patches, kept
# next to the files they change.
PATCHES := $(sort $(wildcard $(TOP)/patches/*.patch)) \
	   $(addprefix $(TOP)/,$(shell cd $(TOP) && \
	     find drivers -name '*.patch' 2>/dev/null | sort))

KUNIT := cd $(SRC) && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=lib/kunit_tests --jobs=$(JOBS)

# UML: the fast inner loop.
UML_OPTS := --arch=um --build_dir=$(BUILD)/um --make_options='CC=ccache gcc'

# UML with the kernel's own checkers.
DEBUG_OPTS := --arch=um --build_dir=$(BUILD)/um-debug \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/debug.config

# The converted drivers' own code against emulated hardware on UML: mvpp2
# with its Buffer Manager, nicvf with its RBDR.  One kernel holds both
# suites; its config is the library's plus the drivers, so that most
# objects come from ccache.
DRIVERS_KUNIT_OPTS := --arch=um --build_dir=$(BUILD)/um-mvpp2 \
	--make_options='CC=ccache gcc' \
	--kunitconfig=drivers/net/ethernet/marvell/mvpp2 \
	--kunitconfig=drivers/net/ethernet/cavium/thunder

# x86_64 under QEMU with two CPUs, for the concurrency case.  Multi-threaded
# TCG runs the vCPUs on host threads in parallel; no -enable-kvm, as nested
# KVM on the CI machines hangs this kernel in its decompressor.  Not in make
# check, whose SMP gate is kunit-kcsan (the same under KCSAN), one kernel
# less to build; its build directory is the one make bench's contention row
# uses.
SMP_OPTS := --arch=x86_64 --build_dir=$(BUILD)/x86_64 \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/smp.config \
	--qemu_args='-smp 2' \
	--kernel_args=dma_frag_track_kunit.min_cpus=2

# The same on x86_64 with two CPUs under KCSAN, make check's SMP gate: the
# kernel log must hold no data race report (kunit-result.sh --checkers).
KCSAN_OPTS := --arch=x86_64 --build_dir=$(BUILD)/x86_64-kcsan \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/kcsan.config \
	--qemu_args='-smp 2' --timeout=900 \
	--kernel_args=dma_frag_track_kunit.min_cpus=2

# The same kernel booted again with every streaming mapping bounced
# (swiotlb=force), as in a confidential-computing guest: mappings land
# closer than the index window, and the cases that map check they are
# bounced (dma_frag_track_kunit.bounced).
SWIOTLB_OPTS := $(KCSAN_OPTS) \
	--kernel_args='swiotlb=force dma_frag_track_kunit.bounced=1'

# The suites on a 32-bit kernel with a 64-bit dma_addr_t (i386 with PAE
# under QEMU), where DMA addresses can be wider than an unsigned long.
I386_OPTS := --arch=i386 --build_dir=$(BUILD)/i386 \
	--make_options='CC=ccache gcc' \
	--kunitconfig=$(TOP)/tools/dft/i386.config --timeout=900

# The suites on arm64 under QEMU with two CPUs, with 4 KiB and with
# 64 KiB pages (the page size decides which allocator a geometry gets).
ARM64_OPTS = --arch=arm64 --cross_compile=aarch64-linux-gnu- \
	--build_dir=$(BUILD)/arm64-$(1) --make_options='CC=ccache aarch64-linux-gnu-gcc' \
	--kunitconfig=$(TOP)/tools/dft/arm64.config \
	--kunitconfig=$(TOP)/tools/dft/arm64-$(1).config \
	--qemu_args='-smp 2' --timeout=900 \
	--kernel_args=dma_frag_track_kunit.min_cpus=2

# UML with kmemleak, booted to a busybox userspace on hostfs, for the
# kmemleak demo.
DEMO		:= $(TOP)/tools/dft/kmemleak-demo
DEMO_BUILD	:= $(BUILD)/um-demo
# The replay on x86_64 under QEMU, whose addresses data does not equal.
DEMO_X86_BUILD	:= $(BUILD)/x86_64-demo
# The same kernel from a tree without the drivers' conversion patches:
# everything else (our files, patches/, the drivers' harnesses) as in
# $(SRC).  Laid out like $(SRC) and $(BUILD) so that its objects come from
# ccache.
DEMO_ORIG	:= $(WORK)/demo-orig
DEMO_ORIG_PATCHES := $(filter-out \
	$(TOP)/drivers/net/ethernet/marvell/mvpp2/0004-% \
	$(TOP)/drivers/net/ethernet/cavium/thunder/0001-%,$(PATCHES))

.PHONY: all kunit kunit-debug kunit-smp kunit-kcsan kunit-swiotlb kunit-i386 \
	kunit-arm64-4k kunit-arm64-64k static checkpatch kernel-doc \
	readme-links mvpp2 nicvf mvpp2-kunit nicvf-kunit finder check kmemleak-demo deps prepare \
	clean distclean bench results-md \
	series series-check trace-demo bench-trace demo-orig \
	bench-build bench-run bench-smp bench-swiotlb bench-objdump bench-report \
	bench-mvpp2 \
	bench-arm64-64k

all: kunit

deps:
	@$(TOP)/tools/dft/deps.sh $(PKGS)

$(WORK)/linux/Makefile: | deps
	@echo "  UNPACK  $(TARBALL) -> $(WORK)/linux"
	@mkdir -p $(WORK)
	@rm -rf $(WORK)/linux $(WORK)/linux-source-$(KVER)
	@tar -xJf $(TARBALL) -C $(WORK)
	@mv $(WORK)/linux-source-$(KVER) $(WORK)/linux

$(DEMO_ORIG)/linux/Makefile: | deps
	@echo "  UNPACK  $(TARBALL) -> $(DEMO_ORIG)/linux"
	@rm -rf $(DEMO_ORIG)/linux $(DEMO_ORIG)/linux-source-$(KVER)
	@mkdir -p $(DEMO_ORIG)
	@tar -xJf $(TARBALL) -C $(DEMO_ORIG)
	@mv $(DEMO_ORIG)/linux-source-$(KVER) $(DEMO_ORIG)/linux

$(ORIG)/Makefile: | deps
	@echo "  UNPACK  $(TARBALL) -> $(ORIG)"
	@rm -rf $(ORIG) $(WORK)/orig.tmp
	@mkdir -p $(WORK)/orig.tmp
	@tar -xJf $(TARBALL) -C $(WORK)/orig.tmp
	@mv $(WORK)/orig.tmp/linux-source-$(KVER) $(ORIG)
	@rmdir $(WORK)/orig.tmp

# Lay our files over the tree (only changed ones are rewritten, so make
# rebuilds only what changed) and apply our patches, idempotently.
prepare: deps $(SRC)/Makefile
	@rsync -rc --out-format='  OVERLAY %n' $(OURS) $(SRC)/ --relative
	@$(TOP)/tools/dft/apply-patches.sh $(SRC) $(PATCHES)

# A gate running the library's suites with kunit.py: $(1) the gate, $(2)
# kunit.py's options, $(3) its build directory, $(4) --checkers to fail on
# any report of the kernel's own checkers.
define kunit_gate
	@mkdir -p $(RESULTS) $(BUILD)
	@set -o pipefail; $(KUNIT) $(2) 2>&1 | tee $(RESULTS)/$(1).log
	@$(TOP)/tools/dft/kunit-result.sh $(1) $(RESULTS)/$(1).log \
		$(3)/test.log $(4) > $(RESULTS)/$(1).res
endef

kunit: prepare
	$(call kunit_gate,kunit,$(UML_OPTS),$(BUILD)/um)

kunit-debug: prepare
	$(call kunit_gate,kunit-debug,$(DEBUG_OPTS),$(BUILD)/um-debug,--checkers)

kunit-smp: prepare
	$(call kunit_gate,kunit-smp,$(SMP_OPTS),$(BUILD)/x86_64)

kunit-kcsan: prepare
	$(call kunit_gate,kunit-kcsan,$(KCSAN_OPTS),$(BUILD)/x86_64-kcsan,--checkers)

kunit-swiotlb: prepare
	$(call kunit_gate,kunit-swiotlb,$(SWIOTLB_OPTS),$(BUILD)/x86_64-kcsan,--checkers)

kunit-i386: prepare
	$(call kunit_gate,kunit-i386,$(I386_OPTS),$(BUILD)/i386)

kunit-arm64-4k kunit-arm64-64k: kunit-arm64-%: prepare
	$(call kunit_gate,kunit-arm64-$*,$(call ARM64_OPTS,$*),$(BUILD)/arm64-$*)

# $(1): the driver, $(2): its suites' glob.
define driver_kunit_gate
	@mkdir -p $(RESULTS) $(BUILD)
	@set -o pipefail; cd $(SRC) && python3 tools/testing/kunit/kunit.py run \
		$(DRIVERS_KUNIT_OPTS) --jobs=$(JOBS) '$(2)' 2>&1 | \
		tee $(RESULTS)/$(1)-kunit.log
	@$(TOP)/tools/dft/kunit-result.sh $(1)-kunit $(RESULTS)/$(1)-kunit.log \
		$(BUILD)/um-mvpp2/test.log > $(RESULTS)/$(1)-kunit.res
	@$(TOP)/tools/dft/static.sh $(SRC) $(BUILD)/um-mvpp2 $(1) \
		>> $(RESULTS)/$(1)-kunit.res
endef

mvpp2-kunit: prepare
	$(call driver_kunit_gate,mvpp2,mvpp2_bm*)

nicvf-kunit: prepare
	$(call driver_kunit_gate,nicvf,nicvf*)

# Static checks on our C files, Kconfig, docs and patches.
checkpatch: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@$(TOP)/tools/dft/checkpatch.sh $(SRC) $(TOP) > $(RESULTS)/checkpatch.res

# W=1 and sparse on our objects, in the UML build directory of `make`.
static: prepare
	@[ -f $(BUILD)/um/.config ] || $(MAKE) --no-print-directory kunit
	@$(TOP)/tools/dft/static.sh $(SRC) $(BUILD)/um > $(RESULTS)/static.res

# Every relative link of the project's Markdown pages and every `make
# TARGET` they name exist.
readme-links:
	@mkdir -p $(RESULTS)
	@$(TOP)/tools/dft/readme-links.sh $(TOP) > $(RESULTS)/readme-links.res

kernel-doc: prepare
	@mkdir -p $(RESULTS) $(BUILD)
	@$(TOP)/tools/dft/kernel-doc.sh $(SRC) > $(RESULTS)/kernel-doc.res

# Boot kmemleak kernels: x86_64 under QEMU replays mvpp2's buffer pools
# with and without dft; UML runs the driver itself (converted, and
# unpatched in a second kernel).  Check what kmemleak reports.
# The tree without mvpp2's conversion, for the demo and the driver's bench.
demo-orig: deps $(DEMO_ORIG)/linux/Makefile
	@rsync -rc --out-format='  OVERLAY %n' $(OURS) $(DEMO_ORIG)/linux/ --relative
	@$(TOP)/tools/dft/apply-patches.sh $(DEMO_ORIG)/linux $(DEMO_ORIG_PATCHES)

kmemleak-demo: prepare demo-orig
	@mkdir -p $(RESULTS) $(BUILD)
	@rm -f $(RESULTS)/kmemleak-demo.res
	@set -o pipefail; $(DEMO)/build.sh $(SRC) $(DEMO_BUILD) \
		$(DEMO)/demo.config $(JOBS) 2>&1 | \
		tee $(RESULTS)/kmemleak-demo-build.log && \
	$(DEMO)/build.sh $(SRC) $(DEMO_X86_BUILD) \
		$(DEMO)/demo-x86_64.config $(JOBS) x86_64 2>&1 | \
		tee $(RESULTS)/kmemleak-demo-build-x86_64.log && \
	$(DEMO)/build.sh $(DEMO_ORIG)/linux $(DEMO_ORIG)/build/um-demo \
		$(DEMO)/demo.config $(JOBS) 2>&1 | \
		tee $(RESULTS)/kmemleak-demo-build-unpatched.log || \
		{ echo "FAIL kmemleak-demo:build" > $(RESULTS)/kmemleak-demo.res; \
		  exit 1; }
	@$(DEMO)/run.sh $(DEMO_BUILD)/linux $(DEMO_ORIG)/build/um-demo/linux \
		$(DEMO_X86_BUILD) $(DEMO_BUILD)/root $(RESULTS)

# A converted driver and its pristine self, x86_64 and arm64, =y and =m,
# W=1 and sparse: no new warning.  The two drivers share configurations and
# build directories.
mvpp2 nicvf: prepare $(ORIG)/Makefile
	@mkdir -p $(RESULTS) $(BUILD)
	@$(TOP)/tools/dft/driver-build.sh $@ $(SRC) $(ORIG) $(BUILD)/drivers \
		$(RESULTS) > $(RESULTS)/$@.res 2> >(tee $(RESULTS)/$@.log >&2)

# The finder: every place in drivers/net that turns a DMA address back into
# a pointer (scripts/coccinelle/api/dma_addr_to_virt.cocci), in the pristine
# tree and in ours; what it must find and must no longer find.
finder: prepare $(ORIG)/Makefile
	@mkdir -p $(RESULTS)
	@$(TOP)/tools/dft/finder-check.sh $(ORIG) $(SRC) $(RESULTS) \
		> $(RESULTS)/finder.res
	@cat $(RESULTS)/finder.res

# The upstream series, one per destination: series/steps, exported against
# a pristine tree kept in git (branch "base"), then each applied patch by
# patch on the series it needs, and built.
SERIES		:= $(WORK)/series
SERIES_REPO	:= $(SERIES)/linux

$(SERIES_REPO)/.git/dft-base: | deps
	@echo "  UNPACK  $(TARBALL) -> $(SERIES_REPO) (git, branch base)"
	@rm -rf $(SERIES_REPO) $(SERIES)/tmp
	@mkdir -p $(SERIES)/tmp
	@tar -xJf $(TARBALL) -C $(SERIES)/tmp
	@mv $(SERIES)/tmp/linux-source-$(KVER) $(SERIES_REPO)
	@rmdir $(SERIES)/tmp
	@cd $(SERIES_REPO) && git init -q -b base && git add -A -f && \
		git -c user.name=linux-source-$(KVER) \
		-c user.email=linux-source-$(KVER)@localhost commit -q \
		-m "Linux $$(make -s kernelversion) (Debian linux-source-$(KVER))"
	@touch $@

# The sender's identity: git config user.name and user.email of this
# checkout, or SENDER_NAME= and SENDER_EMAIL= on the command line.  Without
# one, make series stops and says how to set it.
series: deps $(SERIES_REPO)/.git/dft-base
	@echo "  SERIES  $(SERIES)/out"
	@DFT_SENDER_NAME="$(SENDER_NAME)" DFT_SENDER_EMAIL="$(SENDER_EMAIL)" \
		python3 $(TOP)/tools/dft/series.py $(TOP) $(SERIES_REPO) \
		$(SERIES)/out

# make check exports the series with a test identity of its own, which no
# series meant for sending carries (a sender's own identity on the command
# line wins).
series-check: SENDER_NAME = dft series-check
series-check: SENDER_EMAIL = series-check@localhost
series-check: series
	@mkdir -p $(RESULTS)
	@set -o pipefail; $(TOP)/tools/dft/series-check.sh $(SERIES_REPO) $(SERIES)/out \
		$(SERIES)/build $(JOBS) 2> >(tee $(RESULTS)/series-check.log >&2) | \
		tee $(RESULTS)/series-check.res

# The tracepoints at work: make's UML kernel booted with only the obs
# suite's trace case, every dma_frag_track event printed to the console.
trace-demo: kunit
	@set -o pipefail; $(BUILD)/um/linux mem=256M \
		kunit.filter_glob=dma_frag_track_obs.dma_frag_track_obs_trace \
		'trace_event=dma_frag_track:*' tp_printk kunit_shutdown=halt \
		console=tty0 < /dev/null 2>&1 | \
		grep -E '^dft_|dma_frag_track: ' | tee $(RESULTS)/trace-demo.txt

CHECK_GATES := readme-links kunit kunit-debug kunit-kcsan kunit-swiotlb kunit-i386 \
	kunit-arm64-4k kunit-arm64-64k static checkpatch kernel-doc \
	kmemleak-demo mvpp2 nicvf mvpp2-kunit nicvf-kunit finder series-check

check: prepare
	@rm -f $(RESULTS)/*.res
	@for g in $(CHECK_GATES); do $(MAKE) --no-print-directory $$g || true; done
	@set -o pipefail; $(TOP)/tools/dft/summary.sh $(RESULTS) $(CHECK_GATES) | \
		tee $(RESULTS)/check.txt

# Paste the outputs of the last make check, kmemleak-demo and bench into
# the Markdown pages that show them (GATES.md, the demo's, the benchmark's
# and the series' pages): never edited by hand.
results-md:
	@python3 $(TOP)/tools/dft/results-md.py $(TOP) $(RESULTS)

# The benchmark: reports against the targets of issue 5, never fails on them.
# kunit.py only builds the kernels: it boots UML with mem=1G, and 1M buffers
# need more, so the UML kernels are booted here.  BENCH_SMP=0 skips the
# QEMU kernels (x86_64: the contention row; arm64: the 64 KiB pages row).
BENCH_REPS	?= 5
BENCH_MEM	?= 6G
BENCH_SMP	?= 1
BENCH_DEBUG_MAX	?= 65536
BENCH_LOGS	:= $(RESULTS)/bench
BENCH_KUNIT	:= cd $(SRC) && python3 tools/testing/kunit/kunit.py
BENCH_CONF	:= --kunitconfig=$(TOP)/tools/dft/bench.config
BENCH_ARGS	= console=tty kunit_shutdown=halt mem=$(BENCH_MEM) \
	dma_frag_track_bench.reps=$(BENCH_REPS)
BENCH_RX	:= kunit.filter_glob=dma_frag_track_bench.dma_frag_track_bench_rx_cycle
BENCH_PY	:= python3 $(TOP)/tools/dft/bench.py

bench: bench-build bench-run
	@$(MAKE) --no-print-directory bench-mvpp2 || true
	@$(MAKE) --no-print-directory bench-trace || true
	@[ "$(BENCH_SMP)" = 0 ] || $(MAKE) --no-print-directory bench-smp || true
	@[ "$(BENCH_SMP)" = 0 ] || \
		$(MAKE) --no-print-directory bench-swiotlb || true
	@[ "$(BENCH_SMP)" = 0 ] || \
		$(MAKE) --no-print-directory bench-arm64-64k || true
	@$(MAKE) --no-print-directory bench-objdump || true
	@$(MAKE) --no-print-directory bench-report

# The kmemleak hooks without CONFIG_DEBUG_KMEMLEAK and CONFIG_KUNIT.
bench-objdump: prepare
	@echo "  BENCH   objdump (x86_64 defconfig)"
	@$(TOP)/tools/dft/bench-objdump.sh $(SRC) $(BUILD)/x86_64-nokunit \
		$(BENCH_LOGS)/objdump > /dev/null

bench-build: prepare
	@mkdir -p $(BUILD) $(BENCH_LOGS)
	@$(TOP)/tools/dft/deps.sh gnuplot-nox || echo "  BENCH   no gnuplot: no plot"
	@$(BENCH_KUNIT) build $(BENCH_CONF) --arch=um \
		--build_dir=$(BUILD)/um-bench --make_options='CC=ccache gcc' \
		--jobs=$(JOBS) > $(BENCH_LOGS)/build-um.log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/build-um.log; exit 1; }
	@$(BENCH_KUNIT) build $(BENCH_CONF) \
		--kunitconfig=$(TOP)/tools/dft/bench-debug.config --arch=um \
		--build_dir=$(BUILD)/um-bench-debug \
		--make_options='CC=ccache gcc' --jobs=$(JOBS) \
		> $(BENCH_LOGS)/build-um-debug.log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/build-um-debug.log; exit 1; }

bench-run:
	@echo "  BENCH   main (UML, mem=$(BENCH_MEM))"
	@$(BENCH_PY) run $(BENCH_LOGS)/main.log -- $(BUILD)/um-bench/linux \
		$(BENCH_ARGS) $(BENCH_RX) dma_frag_track_bench.tag=main || true
	@echo "  BENCH   dmadebug (UML, CONFIG_DMA_API_DEBUG)"
	@$(BENCH_PY) run $(BENCH_LOGS)/dmadebug.log -- \
		$(BUILD)/um-bench-debug/linux $(BENCH_ARGS) $(BENCH_RX) \
		kmemleak=off dma_frag_track_bench.tag=dmadebug \
		dma_frag_track_bench.max_bufs=$(BENCH_DEBUG_MAX) \
		dma_frag_track_bench.variants=base,dft,bulk || true
	@echo "  BENCH   kmemleak (UML, CONFIG_DEBUG_KMEMLEAK)"
	@$(BENCH_PY) run $(BENCH_LOGS)/kmemleak.log -- \
		$(BUILD)/um-bench-debug/linux $(BENCH_ARGS) $(BENCH_RX) \
		dma_debug=off dma_frag_track_bench.tag=kmemleak \
		dma_frag_track_bench.max_bufs=$(BENCH_DEBUG_MAX) \
		dma_frag_track_bench.variants=base,dft,bulk || true

# The converted drivers' own RX paths, converted and unpatched: the
# harnesses' mvpp2_rx_bench and nicvf_rx_bench suites in a kernel from each
# tree, the same config, booted one after the other.
BENCH_MVPP2_ARGS = console=tty kunit_shutdown=halt mem=1G \
	kunit.filter_glob='*_rx_bench' mvpp2.bench_reps=$(BENCH_REPS) \
	nicvf.bench_reps=$(BENCH_REPS)

bench-mvpp2: prepare demo-orig
	@mkdir -p $(BENCH_LOGS)
	@$(TOP)/tools/dft/kmemleak-demo/build.sh $(SRC) $(BUILD)/um-bench-mvpp2 \
		$(TOP)/tools/dft/bench-mvpp2.config $(JOBS) \
		> $(BENCH_LOGS)/build-mvpp2.log 2>&1 && \
	$(TOP)/tools/dft/kmemleak-demo/build.sh $(DEMO_ORIG)/linux \
		$(DEMO_ORIG)/build/um-bench-mvpp2 \
		$(TOP)/tools/dft/bench-mvpp2.config $(JOBS) \
		>> $(BENCH_LOGS)/build-mvpp2.log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/build-mvpp2.log; exit 1; }
	@echo "  BENCH   mvpp2 (UML, the driver's RX path, converted)"
	@$(BENCH_PY) run $(BENCH_LOGS)/mvpp2.log -- \
		$(BUILD)/um-bench-mvpp2/linux $(BENCH_MVPP2_ARGS) || true
	@echo "  BENCH   mvpp2 (UML, the driver's RX path, unpatched)"
	@$(BENCH_PY) run $(BENCH_LOGS)/mvpp2-orig.log -- \
		$(DEMO_ORIG)/build/um-bench-mvpp2/linux $(BENCH_MVPP2_ARGS) || true

# The tracepoints' cost while disabled: the main bench kernel (tracepoints
# compiled in) against the same kernel with dma_frag_track.o built with
# -DNOTRACE, which compiles them out; 64K buffers at most, base and dft.
BENCH_TRACE_ARGS = $(BENCH_ARGS) $(BENCH_RX) \
	dma_frag_track_bench.max_bufs=65536 dma_frag_track_bench.variants=base,dft

bench-trace: bench-build
	@$(BENCH_KUNIT) build $(BENCH_CONF) --arch=um \
		--build_dir=$(BUILD)/um-bench-notrace \
		--make_options='CC=ccache gcc' \
		--make_options='CFLAGS_dma_frag_track.o=-DNOTRACE' \
		--jobs=$(JOBS) > $(BENCH_LOGS)/build-um-notrace.log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/build-um-notrace.log; exit 1; }
	@echo "  BENCH   traceoff (UML, tracepoints compiled in, disabled)"
	@$(BENCH_PY) run $(BENCH_LOGS)/traceoff.log -- $(BUILD)/um-bench/linux \
		$(BENCH_TRACE_ARGS) dma_frag_track_bench.tag=traceoff || true
	@echo "  BENCH   notrace (UML, tracepoints compiled out)"
	@$(BENCH_PY) run $(BENCH_LOGS)/notrace.log -- \
		$(BUILD)/um-bench-notrace/linux \
		$(BENCH_TRACE_ARGS) dma_frag_track_bench.tag=notrace || true
	@$(BENCH_PY) trace $(BENCH_LOGS)/traceoff.log $(BENCH_LOGS)/notrace.log | \
		tee $(RESULTS)/bench-trace.txt

# Two CPUs on one tracker: x86_64 under QEMU, multi-threaded TCG (no KVM,
# see SMP_OPTS).  It shares make check's build directory, its config a
# superset of that gate's, so that switching between them rebuilds only
# what the bench symbol touches.
# A bench case on x86_64 under QEMU (2 vCPUs, multi-threaded TCG), in
# make check's SMP build directory: $(1) the tag and log name, $(2) the
# kernel arguments, $(3) the case.
define bench_x86_64
	@mkdir -p $(BUILD) $(BENCH_LOGS)
	@$(BENCH_KUNIT) run --kunitconfig=lib/kunit_tests $(BENCH_CONF) \
		--kunitconfig=$(TOP)/tools/dft/smp.config --arch=x86_64 \
		--build_dir=$(BUILD)/x86_64 \
		--make_options='CC=ccache gcc' --jobs=$(JOBS) \
		--qemu_args='-smp 2 -m 2048' --timeout=1800 --raw_output=all \
		--kernel_args='dma_frag_track_bench.tag=$(1) $(2)' \
		'dma_frag_track_bench.$(3)' > $(BENCH_LOGS)/$(1).log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/$(1).log; exit 1; }
endef

bench-smp: prepare
	@echo "  BENCH   smp2 (x86_64 QEMU TCG, 2 vCPUs)"
	$(call bench_x86_64,smp2,dma_frag_track_bench.reps=$(BENCH_REPS),dma_frag_track_bench_contention)

# Every streaming mapping bounced (swiotlb=force), as in a confidential-
# computing guest: the RX cycle on bench-smp's kernel, x86_64 under QEMU
# (TCG: only ratios within the run mean anything); a row, no target.
BENCH_BOUNCE_ARGS := swiotlb=force \
	dma_frag_track_bench.reps=$(BENCH_REPS) dma_frag_track_bench.cycles=16384 \
	dma_frag_track_bench.max_bufs=2048 dma_frag_track_bench.variants=base,dft,bulk

bench-swiotlb: prepare
	@echo "  BENCH   bounce (x86_64 QEMU TCG, swiotlb=force)"
	$(call bench_x86_64,bounce,$(BENCH_BOUNCE_ARGS),dma_frag_track_bench_rx_cycle)

# Tracking memory with 64 KiB pages (arm64 under QEMU): a page_frag chunk
# is then one 64 KiB page, which changes how many buffers share a chunk.
# One repetition, memory only (TCG's times mean nothing); no target.
BENCH_ARM64_ARGS := dma_frag_track_bench.tag=arm64k64 \
	dma_frag_track_bench.reps=1 dma_frag_track_bench.cycles=4096 \
	dma_frag_track_bench.max_bufs=65536 dma_frag_track_bench.variants=dft

bench-arm64-64k: prepare
	@mkdir -p $(BUILD) $(BENCH_LOGS)
	@echo "  BENCH   arm64k64 (arm64 QEMU TCG, 64 KiB pages: memory only)"
	@$(BENCH_KUNIT) run $(BENCH_CONF) \
		--kunitconfig=$(TOP)/tools/dft/arm64.config \
		--kunitconfig=$(TOP)/tools/dft/arm64-64k.config --arch=arm64 \
		--cross_compile=aarch64-linux-gnu- \
		--build_dir=$(BUILD)/arm64-64k-bench \
		--make_options='CC=ccache aarch64-linux-gnu-gcc' --jobs=$(JOBS) \
		--qemu_args='-smp 2 -m 2048' --timeout=1800 --raw_output=all \
		--kernel_args='$(BENCH_ARM64_ARGS)' \
		'dma_frag_track_bench.dma_frag_track_bench_rx_cycle' \
		> $(BENCH_LOGS)/arm64k64.log 2>&1 || \
		{ tail -20 $(BENCH_LOGS)/arm64k64.log; exit 1; }

bench-report:
	@$(BENCH_PY) report $(RESULTS) $(BENCH_LOGS)/main.log \
		$(BENCH_LOGS)/dmadebug.log $(BENCH_LOGS)/kmemleak.log \
		$(BENCH_LOGS)/smp2.log $(BENCH_LOGS)/bounce.log \
		$(BENCH_LOGS)/mvpp2.log \
		$(BENCH_LOGS)/mvpp2-orig.log $(BENCH_LOGS)/arm64k64.log

clean:
	rm -rf $(BUILD) $(RESULTS)

distclean:
	rm -rf $(WORK)
