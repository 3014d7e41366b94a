#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check.py LOG RESULT UNPATCHED_LOG X86_LOG

Check the boot logs of the kmemleak demo (the guest's /init and the kernel's
console, together): LOG of the UML kernel with mvpp2's conversion and
UNPATCHED_LOG of the one without it (the driver itself, on an emulated
Buffer Manager), X86_LOG of the x86_64 kernel under QEMU (the replay).
Print a before/after table, write "PASS name" or "FAIL name" lines to
RESULT, and exit non-zero on any mismatch.

In the replay's phases, a report is the replay's if its backtrace passes
through the replay's allocation path (mvpp2_bm_bufs_add); in the driver's,
if it passes through mvpp2_change_mtu.  Other reports are counted and shown
but do not fail the check.

For the driver, kmemleak is also asked about every buffer the emulated
hardware holds (dump=ADDRESS): without dft, the page_frag buffers of the
SHORT and LONG pools are no kmemleak objects at all, and the JUMBO pool's
kmalloc'd ones are, each reported exactly when kmemleak found no reference
to it; with dft, every buffer is a kmemleak object of its frag size and
kmemleak found a reference to each.
"""

import os
import re
import sys
from collections import Counter

REPLAY_FRAME = "mvpp2_bm_bufs_add"
DRIVER_FRAME = "mvpp2_change_mtu"
NICVF_FRAME = "nicvf_alloc_resources"
JUMBO, LONG, SHORT = 10432, 2240, 768
JUMBO_BUFS = 2048
# mvpp2's pool ids and frag sizes.
POOL_SIZE = {0: SHORT, 1: LONG, 2: JUMBO}
# nicvf's RCV_FRAG_LEN with 64-byte cache lines (UML x86_64), and the
# rings of its harness: the one it keeps running, the one it loses.
NICVF_FRAG = 1920
NICVF_RING = 256
NICVF_LOST = 64

# kmemleak is conservative: any word in scanned memory that equals an
# address inside an object keeps it from being reported.  UML's kernel
# addresses are small numbers, so ordinary data followed by a zero word can
# equal one: seen, 0xa10a10a1 in a struct super_block and 0x8700005d in
# .data, each hiding one jumbo buffer.  With the host's ASLR the addresses
# moved from boot to boot (0x60000000 to 0xa0000000) and so did the misses
# (0 to 3, and 24 in a boot whose buffers crossed 0x80000000, where round
# values common in data lie); run.sh now boots UML without it, and a
# kernel's layout and misses are the same at every boot (2 here).  A
# 64-bit kernel's addresses (0xffff8880...) do not collide with such
# data: the replay runs on x86_64 and must match exactly.  The driver runs
# on UML, the only place its Buffer Manager can be emulated: tolerate up to
# LEGACY_SLACK buffers missing from its row without dft, only when the file
# showed every report kmemleak's scans counted, so that the missing ones
# were never reported (not lost in reading); show how many.  check_objects()
# then requires each of them to be one kmemleak, asked about each buffer
# (dump=), says its scan found a reference to.  The dft rows must match
# exactly, but for the nicvf ring the driver loses, whose buffers are not
# asked about one by one: 4 to 7 of its 64 went unreported in four boots,
# more than UML's data explains for mvpp2's jumbo buffers (2 of 2048), for
# a reason not found yet.  NICVF_LOST_SLACK of them may go unreported,
# shown as unverified; the row still tells the converted driver (most of
# them reported) from the unpatched one (none).
LEGACY_SLACK = 8
NICVF_LOST_SLACK = NICVF_LOST // 4

# (log, phase, result name, label, expected sizes of its reports, frame that
# makes a report ours, extra frame every one of ours has, slack, the only
# size of report that is ours or None)
PHASES = [
    ("x86", "legacy", "legacy", "legacy", Counter({JUMBO: JUMBO_BUFS}),
     REPLAY_FRAME, "mvpp2_frag_alloc", 0, None),
    ("x86", "dft", "dft", "dft", Counter(), REPLAY_FRAME, None, 0, None),
    # The long pool's buffer is page_frag memory: dft_destroy() reports it
    # and unregisters it from kmemleak (see check_destroy_report()).
    ("x86", "dft-bug", "dft-bug", "dft, driver bug",
     Counter({JUMBO: 1}), REPLAY_FRAME, None, 0, None),
    # mvpp2's own code, from mvpp2_change_mtu(9000) down to the allocation.
    ("unpatched", "mvpp2", "mvpp2-unpatched", "mvpp2 driver, unpatched",
     Counter({JUMBO: JUMBO_BUFS}), DRIVER_FRAME, None, LEGACY_SLACK, None),
    ("new", "mvpp2", "mvpp2-converted", "mvpp2 driver, converted",
     Counter(), DRIVER_FRAME, None, 0, None),
    # nicvf's own code: a running ring, whose buffers must not be reported
    # (unpatched they are no kmemleak objects; converted, the tracker
    # references each) ...
    ("unpatched", "nicvf-ring", "nicvf-ring-unpatched",
     "nicvf driver, ring, unpatched", Counter(), NICVF_FRAME, None, 0,
     NICVF_FRAG),
    ("new", "nicvf-ring", "nicvf-ring-converted",
     "nicvf driver, ring, converted", Counter(), NICVF_FRAME, None, 0,
     NICVF_FRAG),
    # ... and a ring the driver loses with its queue set: unpatched, its
    # page fragments are invisible to kmemleak; converted, each buffer is
    # reported (its tracker and the tracker's memory as well, not counted
    # here).
    ("unpatched", "nicvf-lost", "nicvf-lost-unpatched",
     "nicvf driver, ring lost, unpatched", Counter(), NICVF_FRAME, None, 0,
     NICVF_FRAG),
    ("new", "nicvf-lost", "nicvf-lost-converted",
     "nicvf driver, ring lost, converted", Counter({NICVF_FRAG: NICVF_LOST}),
     NICVF_FRAME, "dft_add", NICVF_LOST_SLACK, NICVF_FRAG),
]


def reports(lines):
    """Split kmemleak's output into (address, size, backtrace text), one per
    object: the phase reads the file several times (see init)."""
    out = {}
    cur = None
    for line in lines:
        m = re.search(r"unreferenced object (0x[0-9a-f]+) \(size (\d+)\):", line)
        if m:
            cur = m.group(1)
            new = cur not in out
            if new:
                out[cur] = [int(m.group(2)), ""]
        elif line.startswith("dft-demo: "):
            cur = None
            continue
        if cur is not None and new:
            out[cur][1] += line + "\n"
    return [(int(a, 16), size, bt) for a, (size, bt) in out.items()]


def dumps(log, phase):
    """The buffers the emulated hardware held after @phase, by pool, each
    with what kmemleak's dump= said of it: (size, count) for one of its
    objects, None for memory it does not know.  None if missing."""
    try:
        begin = log.index(f"dft-demo: phase {phase} buffers begin")
        mid = log.index(f"dft-demo: phase {phase} buffers end", begin)
        end = log.index(f"dft-demo: phase {phase} dumps end", mid)
    except ValueError:
        return None
    bufs = []
    for line in log[begin + 1:mid]:
        m = re.fullmatch(r"(\d) (0x[0-9a-f]+)", line)
        if m:
            bufs.append((int(m.group(1)), int(m.group(2), 16)))
    seen, cur = {}, None
    for line in log[mid + 1:end]:
        m = re.search(r"kmemleak: Object (0x[0-9a-f]+) \(size (\d+)\):", line)
        if m:
            cur = int(m.group(1), 16)
            seen[cur] = [int(m.group(2)), None]
            continue
        m = re.search(r"kmemleak:   count = (-?\d+)", line)
        if m and cur is not None:
            seen[cur][1] = int(m.group(1))
            cur = None
            continue
        m = re.search(r"kmemleak: Unknown object at (0x[0-9a-f]+)", line)
        if m:
            seen[int(m.group(1), 16)] = None
    out = {}
    for pool, addr in bufs:
        out.setdefault(pool, []).append(
            (addr, tuple(seen[addr]) if seen.get(addr) else None))
    return out


def check_objects(dumped, reported, converted):
    """kmemleak's view of each buffer the hardware holds (see dumps()).

    Without dft (@converted false): the SHORT and LONG pools' page_frag
    buffers are unknown to kmemleak, the JUMBO pool's are its objects and
    @reported, the addresses it reported, are exactly those to which its
    scan found no reference.  With dft: every buffer is an object of its
    pool's frag size with a reference found.  Returns the verdict and a
    line for the table.
    """
    if not dumped or sorted(dumped) != [0, 1, 2]:
        return False, "no dump output"
    ok = all(len(b) == JUMBO_BUFS for b in dumped.values())
    parts = []
    for pool, bufs in sorted(dumped.items()):
        objs = [(a, o) for a, o in bufs if o is not None]
        sized = all(o[0] == POOL_SIZE[pool] for _, o in objs)
        refd = sum(1 for _, o in objs if o[1] is not None and o[1] > 0)
        if converted:
            ok = ok and len(objs) == len(bufs) and sized and refd == len(bufs)
        elif pool == 2:
            zero = {a for a, o in objs if o[1] == 0}
            ok = ok and len(objs) == len(bufs) and sized and zero == reported
        else:
            ok = ok and not objs
        parts.append(f"{POOL_SIZE[pool]} B: {len(objs)}/{len(bufs)} objects,"
                     f" {refd} referenced")
    return ok, "; ".join(parts)


def check_nicvf_objects(dumped):
    """kmemleak's view of each buffer nicvf's running ring holds: no object
    without dft (page fragments), an object of RCV_FRAG_LEN bytes with a
    reference found with it.  Returns the number of buffers, of objects, of
    objects of that size with a reference, and the table's line."""
    bufs = (dumped or {}).get(0, [])
    objs = [o for _, o in bufs if o is not None]
    refd = sum(1 for o in objs
               if o[0] == NICVF_FRAG and o[1] is not None and o[1] > 0)
    return (len(bufs), len(objs), refd,
            f"{NICVF_FRAG} B: {len(objs)}/{len(bufs)} objects, {refd} referenced")


def sizes(counter):
    if not counter:
        return "0"
    return " + ".join(f"{n} x {size} B" for size, n in sorted(counter.items()))


def read_log(path):
    try:
        with open(path, errors="replace") as f:
            return [l.rstrip() for l in f.read().splitlines()]
    except OSError:
        return []


def still_enabled(log):
    """Row and result of kmemleak's state at the end of a boot."""
    text = "\n".join(log)
    bad = [p for p in ("Kernel memory leak detector disabled",
                       "overlaps existing") if p in text]
    enabled = ("dft-demo: kmemleak enabled" in log and
               "dft-demo: done" in log and not bad)
    seen = "yes" if enabled else "no" + (f" ({', '.join(bad)})" if bad else "")
    return seen, enabled


def check_destroy_report(log):
    """The driver bug's buffers as dft_destroy() reports them: one in each
    of the two pools, by allocator.  kmemleak reports the kmalloc'd one;
    the page_frag one is no longer a kmemleak object once its tracker is
    gone (a later free or reuse of its memory must not meet a stale
    object), so this report is where that leak shows."""
    want = {"long": "page_frag: 1, -: 0, -: 0",
            "jumbo": "kmalloc: 1, -: 0, -: 0"}
    seen = {}
    for line in log:
        m = re.search(r"(long|jumbo): destroyed with 1 buffers still tracked "
                      r"\((.*)\), device not quiesced", line)
        if m:
            seen[m.group(1)] = m.group(2)
    return seen == want, seen


def check_debugfs(log):
    """The converted driver's trackers in debugfs, after the jumbo MTU.

    Each file's counters agree with its buffer list, nothing was misused,
    and the JUMBO pool's tracker holds its 2048 kmalloc buffers.  Returns
    the verdict and what to print: the JUMBO file with its first buffers.
    """
    try:
        begin = log.index("dft-demo: debugfs begin")
        end = log.index("dft-demo: debugfs end", begin)
    except ValueError:
        return False, "debugfs: no output"
    files, listed, cur = {}, {}, None
    sample, in_sample = [], False
    for line in log[begin + 1:end]:
        m = re.match(r"dft-demo: file (\S+)$", line)
        if m:
            cur = files.setdefault(m.group(1), {})
            continue
        m = re.match(r"dft-demo: listed (\S+) (\d+)$", line)
        if m:
            listed[m.group(1)] = int(m.group(2))
            cur = None
            continue
        if line == "dft-demo: sample begin":
            in_sample, cur = True, None
            continue
        if line == "dft-demo: sample end":
            in_sample = False
            continue
        if in_sample:
            sample.append(line)
            continue
        m = re.match(r"([a-z_.]+): (\S+)$", line)
        if cur is not None and m:
            cur[m.group(1)] = m.group(2)
    jumbo = [f for f, v in files.items() if v.get("frag_size") == str(JUMBO)]
    ok = bool(files) and len(jumbo) == 1
    for f, v in files.items():
        ok = ok and v.get("misuse") == "0" and listed.get(f) == int(v.get("out", -1))
    if jumbo:
        v = files[jumbo[0]]
        ok = (ok and v.get("out") == str(JUMBO_BUFS) and
              v.get("out.kmalloc") == str(JUMBO_BUFS))
    text = (f"debugfs: {len(files)} trackers, buffers listed = out in each: "
            f"{'yes' if ok else 'NO'}; the JUMBO pool's file with list_buffers set"
            " (first lines):\n" + "\n".join("  " + l for l in sample))
    return ok, text


def main():
    log_path, res_path = sys.argv[1], sys.argv[2]
    logs = {"new": read_log(log_path),
            "unpatched": read_log(sys.argv[3]) if len(sys.argv) > 3 else [],
            "x86": read_log(sys.argv[4]) if len(sys.argv) > 4 else []}

    results = []
    rows = []
    held = {}
    jumbo = {}
    reported = {}
    objects = []
    samples = []
    for which, phase, name, label, want, mine, frame, slack, only in PHASES:
        log = logs[which]
        state = next((l for l in log if f"dft-demo: phase {phase} state:" in l), "")
        m = re.search(r"held (\d+)", state)
        held[name] = int(m.group(1)) if m else None
        m = re.search(r"jumbo (\d+)", state)
        jumbo[name] = int(m.group(1)) if m else None
        try:
            begin = log.index(f"dft-demo: phase {phase} begin")
            end = log.index(f"dft-demo: phase {phase} end", begin)
        except ValueError:
            rows.append((label, "-", sizes(want), "no output", "FAIL"))
            results.append(f"FAIL kmemleak-demo:{name}")
            continue
        reps = reports(log[begin + 1:end])
        # What the scans themselves counted, before the file was read.
        start = next((i for i, l in enumerate(log)
                      if f"dft-demo: phase {phase} state:" in l), begin)
        counted = sum(int(m.group(1)) for l in log[start:begin]
                      for m in [re.search(r"kmemleak: (\d+) new suspected", l)]
                      if m)
        ours = [(s, bt) for _, s, bt in reps
                if mine in bt and only in (None, s)]
        if phase == "mvpp2":
            reported[name] = {a for a, s, bt in reps
                              if mine in bt and s == JUMBO}
        seen = Counter(s for s, _ in ours)
        if want and ours:
            samples.append((label, ours[0][1]))
        ok = seen == want and held[name] is not None
        hidden = 0
        if slack and not ok and held[name] is not None:
            # That each one missing is one kmemleak's scan found a
            # reference to is the -objects result's check (dump=).
            size = next(iter(want))
            hidden = want[size] - seen[size]
            ok = (set(seen) == {size} and 0 < hidden <= slack and
                  counted == len(reps))
        if frame:
            ok = ok and all(frame in bt for _, bt in ours)
        other = len(reps) - len(ours)
        shown = sizes(seen)
        if hidden > 0 and ok and phase == "mvpp2":
            shown += f" (+{hidden} with a reference kmemleak found)"
        elif hidden > 0 and ok:
            # Not asked about each (dump=): within the slack, unverified.
            shown += f" (+{hidden} not reported, within UML's slack)"
        if other:
            shown += f" (+{other} not ours)"
        if counted != len(reps):
            shown += f" (kmemleak counted {counted})"
        rows.append((label, str(held[name]), sizes(want), shown,
                     "PASS" if ok else "FAIL"))
        results.append(f"{'PASS' if ok else 'FAIL'} kmemleak-demo:{name}")

    ok, seen = check_destroy_report(logs["x86"])
    rows.append(("dft, driver bug: dft_destroy() reports", "-",
                 "long 1 page_frag, jumbo 1 kmalloc",
                 ", ".join(f"{k} {v.split(',')[0]}" for k, v in
                           sorted(seen.items())) or "none",
                 "PASS" if ok else "FAIL"))
    results.append(f"{'PASS' if ok else 'FAIL'} kmemleak-demo:dft-bug-reported")

    # The same buffers held by the hardware in both modes, replayed and
    # from the driver.
    same = held["legacy"] is not None and held["legacy"] == held["dft"]
    results.append(f"{'PASS' if same else 'FAIL'} kmemleak-demo:same-buffers-held")
    same = (held["mvpp2-unpatched"] is not None and
            held["mvpp2-unpatched"] == held["mvpp2-converted"] and
            jumbo["mvpp2-unpatched"] == jumbo["mvpp2-converted"] == JUMBO_BUFS)
    results.append(f"{'PASS' if same else 'FAIL'} "
                   "kmemleak-demo:mvpp2-same-buffers-held")

    for which, label, name in (
            ("x86", "kmemleak enabled at end, replay", "replay-still-enabled"),
            ("new", "kmemleak enabled at end", "still-enabled"),
            ("unpatched", "kmemleak enabled at end, unpatched",
             "unpatched-still-enabled")):
        seen, enabled = still_enabled(logs[which])
        rows.append((label, "-", "yes", seen, "PASS" if enabled else "FAIL"))
        results.append(f"{'PASS' if enabled else 'FAIL'} kmemleak-demo:{name}")

    for which, name, label, converted in (
            ("unpatched", "mvpp2-unpatched", "mvpp2 driver, unpatched", False),
            ("new", "mvpp2-converted", "mvpp2 driver, converted", True)):
        ok, seen = check_objects(dumps(logs[which], "mvpp2"),
                                 reported.get(name), converted)
        objects.append(f"  {label}: {seen}: {'PASS' if ok else 'FAIL'}")
        results.append(f"{'PASS' if ok else 'FAIL'} kmemleak-demo:{name}-objects")

    for which, name, label, converted in (
            ("unpatched", "nicvf-ring-unpatched", "nicvf driver, unpatched",
             False),
            ("new", "nicvf-ring-converted", "nicvf driver, converted", True)):
        n, objs, refd, seen = check_nicvf_objects(
            dumps(logs[which], "nicvf-ring"))
        ok = n == NICVF_RING and (objs == refd == n if converted else
                                  objs == 0)
        objects.append(f"  {label}: {seen}: {'PASS' if ok else 'FAIL'}")
        results.append(f"{'PASS' if ok else 'FAIL'} kmemleak-demo:{name}-objects")
    same = (held["nicvf-ring-unpatched"] == held["nicvf-ring-converted"] ==
            NICVF_RING)
    results.append(f"{'PASS' if same else 'FAIL'} "
                   "kmemleak-demo:nicvf-same-buffers-held")

    ok, debugfs = check_debugfs(logs["new"])
    results.append(f"{'PASS' if ok else 'FAIL'} kmemleak-demo:debugfs")

    head = ("mode", "held by hw", "kmemleak reports expected", "seen", "result")
    width = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    table = ["kmemleak demo: mvpp2 RX pools of 2048 buffers each: short 768 B"
             " and long 2240 B (page_frag), jumbo 10432 B (kmalloc); replay"
             " on x86_64 (QEMU), driver on UML; thunder nicvf RBDRs on UML,"
             f" one of {NICVF_RING} buffers running, one of {NICVF_LOST}"
             f" lost, {NICVF_FRAG} B page fragments"]
    for r in [head] + rows:
        table.append("  ".join(c.rjust(w) if i == 1 else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, width)))
                     .rstrip())
    table += ["", "kmemleak's view of each buffer the emulated hardware holds"
              " (dump=ADDRESS: an object of its own, and with a reference"
              " found by its scan):"] + objects
    print("\n".join(table))
    # The table alone, for make results-md to paste into the pages.
    with open(os.path.join(os.path.dirname(res_path),
                           "kmemleak-demo.txt"), "w") as f:
        f.write("\n".join(table) + "\n")
    for label, text in samples:
        print(f"\nA {label} report:\n{text.rstrip()}")
    print("\n" + debugfs)

    with open(res_path, "w") as f:
        f.write("\n".join(results) + "\n")
    return 0 if all(r.startswith("PASS") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
