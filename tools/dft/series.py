#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""series.py TOP REPO OUT

Export the project as the upstream patch series described by TOP/series/
steps, one per destination, against the pristine Linux tree committed in
the git repository REPO (branch "base"), with git format-patch into
OUT/<series>/, each with its cover letter (TOP/series/cover-<series>), its
subject prefix and its To:/Cc: from scripts/get_maintainer.pl.  A series
that applies on others is built on them (their commits picked first).
OUT/series.list names the series in order with what each applies on, for
series-check.sh.  REPO's working tree is left at "base".

The project holds each file as it is at the end of the series.  A file that
a later patch extends (the library gains its tests, benchmark, tracepoints
and debugfs files) is laid at an earlier step with those parts taken out by
the cuts below, applied in order from the last feature down.  A cut that no
longer matches its file stops the export: update it with the file.
"""

import os
import re
import subprocess
import sys

def sender(top):
    """The sender's identity: DFT_SENDER_NAME and DFT_SENDER_EMAIL (make's
    SENDER_NAME and SENDER_EMAIL), else git's user.name and user.email in
    @top; None without one."""
    def cfg(key):
        r = subprocess.run(["git", "-C", top, "config", key], text=True,
                           capture_output=True)
        return r.stdout.strip()
    name = os.environ.get("DFT_SENDER_NAME") or cfg("user.name")
    email = os.environ.get("DFT_SENDER_EMAIL") or cfg("user.email")
    return (name, email) if name and email else None


NO_SENDER = """no sender identity.  Each patch is From: and Signed-off-by: the
person who sends the series; a Signed-off-by certifies the Developer's
Certificate of Origin (Documentation/process/submitting-patches.rst), so it
must be your own.  Set it for this checkout:
    git config user.name "Your Name"
    git config user.email "your address"
or for one export:
    make series SENDER_NAME="Your Name" SENDER_EMAIL="your address"
"""

# Set by main(): commits are the sender's, signed off by the sender.
GIT_ID = []


def kconfig_drop(text, symbol):
    """Text without the Kconfig entry of @symbol (it runs to the next one)."""
    start = text.index(f"\nconfig {symbol}\n")
    end = text.find("\nconfig ", start + 1)
    return text[:start + 1].rstrip("\n") + "\n" + (text[end:] if end >= 0 else "")


def rst_drop(text, title, upto):
    start = text.index(f"{title}\n")
    return text[:start] + text[text.index(f"{upto}\n", start):]


def drop_trace_calls(text):
    """Text without its one-line trace_dft_*() calls."""
    out, n = re.subn(r"^\t+trace_dft_\w+\([^;\n]*\);\n", "", text,
                     flags=re.M)
    if not n:
        die("no trace_dft_*() call to cut")
    return out


# (first step that has the feature, [(path, old, new) or (path, function)])
# Steps are counted from 1 in series/steps.
CUTS = [
    (5, [  # tracepoints and debugfs
        ("lib/dma_frag_track/Kconfig",
         "\t  A second suite reads the trackers' debugfs files and checks each\n"
         "\t  tracepoint's fields.\n", ""),
        ("lib/dma_frag_track/dma_frag_track.c", """
#define CREATE_TRACE_POINTS
#include <trace/events/dma_frag_track.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(dft_track);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_handoff);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_remove);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_free);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_reclaim);
EXPORT_TRACEPOINT_SYMBOL_GPL(dft_misuse);
""", ""),
        ("lib/dma_frag_track/dma_frag_track.c", drop_trace_calls),
        ("lib/dma_frag_track/dma_frag_track.c", """\
	if (gfpflags_allow_blocking(gfp))
		dft_debugfs_add(dft);
""", ""),
        ("lib/dma_frag_track/dma_frag_track.c", """\
 * With CONFIG_DEBUG_FS and a @gfp that may sleep, the tracker gets a file in
 * /sys/kernel/debug/dma_frag_track/ until dft_destroy().
 *
""", ""),
        ("lib/dma_frag_track/dma_frag_track.c", """\
	/* Waits for readers of the file: none of them sees the rest. */
	dft_debugfs_remove(dft);
""", ""),
        ("lib/dma_frag_track/dft_internal.h", "\nstruct dentry;\n", ""),
        ("lib/dma_frag_track/dft_internal.h",
         " * @debugfs: Its file in debugfs, or NULL.\n", ""),
        ("lib/dma_frag_track/dft_internal.h",
         "\tstruct dentry *debugfs;\n", ""),
        ("lib/dma_frag_track/dft_internal.h", """\
#ifdef CONFIG_DEBUG_FS
void dft_debugfs_add(struct dma_frag_tracker *dft);
void dft_debugfs_remove(struct dma_frag_tracker *dft);
#else
static inline void dft_debugfs_add(struct dma_frag_tracker *dft) { }
static inline void dft_debugfs_remove(struct dma_frag_tracker *dft) { }
#endif

/* debugfs' list_buffers, which the KUnit suite sets with CONFIG_DEBUG_FS. */
#if IS_ENABLED(CONFIG_KUNIT)
extern bool dft_debugfs_list;
#endif

""", ""),
        ("lib/dma_frag_track/Makefile", """\
# Only reached with CONFIG_DMA_FRAG_TRACK, see lib/Makefile.
obj-$(CONFIG_DEBUG_FS) += dft_debugfs.o
""", ""),
        ("lib/kunit_tests/Makefile",
         "obj-$(CONFIG_DMA_FRAG_TRACK_KUNIT_TEST) += dma_frag_track_obs_kunit.o\n",
         ""),
        ("lib/kunit_tests/.kunitconfig", "CONFIG_DEBUG_FS=y\n", ""),
        ("Documentation/core-api/dma-frag-track.rst",
         lambda t: rst_drop(t, "Debugging\n=========",
                            "Functions and structures")),
    ]),
    (3, [  # the benchmark
        ("lib/dma_frag_track/Kconfig",
         lambda t: kconfig_drop(t, "DMA_FRAG_TRACK_BENCH")),
        ("lib/kunit_tests/Makefile",
         "obj-$(CONFIG_DMA_FRAG_TRACK_BENCH) += dma_frag_track_bench.o\n", ""),
    ]),
    (2, [  # the KUnit suite
        ("lib/dma_frag_track/Kconfig",
         lambda t: kconfig_drop(t, "DMA_FRAG_TRACK_KUNIT_TEST")),
    ]),
]


def die(msg):
    sys.stderr.write(f"series: {msg}\n")
    sys.exit(1)


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo, *GIT_ID, *args], check=True,
                          text=True, **kw)


def files_at(top, step):
    """The project's files as they are after patch @step of the series."""
    state = {}
    for path in {c[0] for _, cuts in CUTS for c in cuts}:
        with open(os.path.join(top, path)) as f:
            state[path] = f.read()
    for first, cuts in sorted(CUTS, key=lambda c: -c[0]):
        if first <= step:
            continue
        for cut in cuts:
            path = cut[0]
            if callable(cut[1]):
                state[path] = cut[1](state[path])
                continue
            old, new = cut[1], cut[2]
            if state[path].count(old) != 1:
                die(f"cut for step {first} does not match {path} exactly "
                    f"once:\n{old}")
            state[path] = state[path].replace(old, new)
    return state


def read_series(top):
    """[(name, prefix, bases, [(message, paths)])] from series/steps, where
    a line "[name] subject prefix : base ..." starts a series."""
    series = []
    with open(os.path.join(top, "series/steps")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.fullmatch(r"\[([\w-]+)\]\s+([^:]+?)\s*(?::\s*(.*))?", line)
            if m:
                bases = (m.group(3) or "").split()
                for b in bases:
                    if b not in [s[0] for s in series]:
                        die(f"series {m.group(1)} applies on {b}, "
                            "which is not before it")
                series.append((m.group(1), m.group(2), bases, []))
                continue
            if not series:
                die("a step before the first [series] line")
            words = line.split()
            series[-1][3].append((words[0], words[1:]))
    return series


def recipients(repo, patches):
    """To: and Cc: for @patches from get_maintainer.pl in @repo as it is:
    the maintainers, then the reviewers and lists."""
    def gm(*opts):
        r = subprocess.run(["perl", "scripts/get_maintainer.pl", "--no-git",
                            "--no-git-fallback", "--no-rolestats", *opts,
                            *patches], cwd=repo, text=True,
                           capture_output=True, check=True)
        return [l.strip() for l in r.stdout.splitlines() if l.strip()]
    to = gm("--m", "--no-r", "--no-l")
    cc = [a for a in gm("--no-m", "--r", "--l") if a not in to]
    return to, cc


def fenced_block(top, page, marker, first_paragraph):
    """The fenced block after @marker in the Markdown page @page, indented."""
    with open(os.path.join(top, page)) as f:
        text = f.read()
    if marker not in text:
        die(f"no {marker} in {page}")
    after = text[text.index(marker):]
    lines = after.split("```", 2)[1].strip("\n").split("\n")
    if first_paragraph and "" in lines:
        lines = lines[:lines.index("")]
    return "\n".join("  " + l if l else "" for l in lines)


def cover(top, out, name):
    with open(os.path.join(top, f"series/cover-{name}")) as f:
        subject, body = f.read().split("\n", 1)
    body = body.strip("\n")
    body = body.replace("@DEMO@", fenced_block(
        top, "tools/dft/kmemleak-demo/README.md", "<!-- series: demo -->",
        False))
    body = body.replace("@BENCH@", fenced_block(
        top, "bench/README.md", "<!-- series: bench -->", True))
    name = next(n for n in sorted(os.listdir(out)) if n.startswith("0000-"))
    path = os.path.join(out, name)
    with open(path) as f:
        text = f.read()
    if "*** SUBJECT HERE ***" not in text or "*** BLURB HERE ***" not in text:
        die(f"unexpected cover letter template in {path}")
    text = text.replace("*** SUBJECT HERE ***", subject)
    text = text.replace("*** BLURB HERE ***", body)
    with open(path, "w") as f:
        f.write(text)


def patch_message(path):
    """Subject and body of a project patch, for a commit of our own."""
    with open(path) as f:
        text = f.read()
    head, _, _ = text.partition("\n---\n")
    subject, sep, body = head.partition("\n\n")
    if not sep or not subject.startswith("Subject: "):
        die(f"no Subject: in {path}")
    subject = re.sub(r"^Subject: (\[PATCH[^]]*\] )?", "",
                     subject.replace("\n ", " "))
    return subject + "\n\n" + body.strip() + "\n"


def main(top, repo, out):
    global GIT_ID
    who = sender(top)
    if not who:
        die(NO_SENDER)
    GIT_ID = ["-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}"]
    signoff = ["-s"]
    series = read_series(top)
    if os.path.isdir(out):
        for root, _, names in os.walk(out):
            for name in names:
                if name.endswith(".patch") or name == "series.list":
                    os.unlink(os.path.join(root, name))
    os.makedirs(out, exist_ok=True)
    listing = []
    n = 0
    for name, prefix, bases, steps in series:
        git(repo, "checkout", "-q", "-f", "-B", f"dft-{name}", "base")
        git(repo, "clean", "-q", "-fdx")
        for b in bases:
            git(repo, "cherry-pick", f"base..dft-{b}", capture_output=True)
        start = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"],
                               check=True, text=True,
                               capture_output=True).stdout.strip()
        laid = set()
        for msg, paths in steps:
            n += 1
            state = files_at(top, n)
            patches = [p for p in paths if p.endswith(".patch")]
            files = [p for p in paths if not p.endswith(".patch")]
            message = patch_message(os.path.join(top, patches[0])) \
                if msg == "-" else None
            for p in patches:
                git(repo, "apply", "--index", os.path.join(top, p))
            laid.update(files)
            # Every file laid so far, as it is at this step.
            for path in sorted(laid):
                if path in state:
                    text = state[path]
                else:
                    with open(os.path.join(top, path)) as f:
                        text = f.read()
                dst = os.path.join(repo, path)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w") as f:
                    f.write(text)
                git(repo, "add", "-f", path)
            if message is not None:
                git(repo, "commit", "-q", *signoff, "-F", "-", input=message)
            else:
                git(repo, "commit", "-q", *signoff, "-F",
                    os.path.join(top, "series", msg))
        sdir = os.path.join(out, name)
        os.makedirs(sdir, exist_ok=True)
        fmt = ["format-patch", "-q", "--cover-letter", "--no-signature",
               f"--subject-prefix={prefix}", "-o", sdir,
               f"{start}..dft-{name}"]
        # Recipients from the tree as the series leaves it (the library's
        # own MAINTAINERS entry included), for every patch.
        git(repo, *fmt)
        to, cc = recipients(repo, sorted(
            os.path.join(sdir, p) for p in os.listdir(sdir)
            if not p.startswith("0000-")))
        for p in os.listdir(sdir):
            os.unlink(os.path.join(sdir, p))
        git(repo, *fmt, *[f"--to={a}" for a in to],
            *[f"--cc={a}" for a in cc])
        cover(top, sdir, name)
        listing.append(" ".join([name, *bases]))
    with open(os.path.join(out, "series.list"), "w") as f:
        f.write("\n".join(listing) + "\n")
    git(repo, "checkout", "-q", "-f", "base")
    for name in [l.split()[0] for l in listing]:
        sdir = os.path.join(out, name)
        for p in sorted(os.listdir(sdir)):
            with open(os.path.join(sdir, p)) as f:
                subj = next(l for l in f if l.startswith("Subject: "))
            print(f"  {name}/{p}: {subj[len('Subject: '):].strip()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        die(__doc__)
    sys.exit(main(*sys.argv[1:]))
