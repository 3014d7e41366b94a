#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results-md.py TOP RESULTS: paste the outputs of the last runs into the
project's Markdown pages.

Each pasted output is the fenced block right after a marker line; the
block is replaced by the file the target that makes it wrote under
RESULTS, or by what a function builds from such a file.  A missing file
leaves its block as it is, and says so.
"""
import os
import re
import sys


class Missing(Exception):
    """What a block is made from is missing (the reason is the message)."""


def read(results, name):
    """The text of @name under @results."""
    path = os.path.join(results, name)
    if not os.path.exists(path):
        raise Missing(f"no {path}")
    with open(path, errors="replace") as f:
        return f.read()


# kunit.py's output: "[hh:mm:ss] " before each line, maybe colours.
STAMP = re.compile(r"^\[\d\d:\d\d:\d\d\] ")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# Its result lines: "[PASSED] name", "==== [PASSED] name ====".
RESULT = re.compile(r"^(?:=+ )?\[(PASSED|FAILED|SKIPPED|CRASHED|NO TESTS RUN)\] "
                    r"(.*?)(?: =+)?$")
HEADER = re.compile(r"\(\d+ subtests?\)")
# The kernel log's KTAP: result lines and diagnostic lines.
KTAP_START = re.compile(r"K?TAP version \d+")
KTAP_RESULT = re.compile(r"^\s*(?:not )?ok \d+ (?:- )?(.*?)(?:\s+# SKIP.*)?$")
KTAP_DIAG = re.compile(r"^\s*# (\S+): (.*)$")
KTAP_TOTALS = re.compile(r"^pass:\d+ fail:\d+ skip:\d+ total:\d+$")
BUILD_DIR = re.compile(r"^\$ make .* O=(\S+)", re.M)


def ktap(path):
    """The KTAP result names of the kernel log at @path, in order, and the
    cases' own diagnostic lines ("# case: what it reports") before each
    result line, by the index of that line."""
    if not os.path.exists(path):
        raise Missing(f"no {path}")
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    names, diags, prefix = [], {}, None
    for line in lines:
        if prefix is None:
            m = KTAP_START.search(line)
            if m:
                prefix = m.start()
            continue
        line = line[prefix:]
        m = KTAP_RESULT.match(line)
        if m:
            names.append(m.group(1))
            continue
        m = KTAP_DIAG.match(line)
        # Less KTAP's own: headers, module, attributes, totals.
        if (m and m.group(1) not in ("Subtest", "module", "Totals") and
                "." not in m.group(1) and not KTAP_TOTALS.match(m.group(2))):
            diags.setdefault(len(names), []).append(line.strip())
    return names, diags


def kunit_output(results, name):
    """kunit.py's output in @name under @results, from the first suite's
    header to "Testing complete." with no timestamps, as (line, its
    diagnostic lines) pairs.  kunit.py prints a case's diagnostic lines
    only when the case fails: those of the other cases come from the kernel
    log of the same run, test.log in kunit.py's build directory (its
    "O=")."""
    text = COLOUR.sub("", read(results, name))
    lines = [STAMP.sub("", line) for line in text.splitlines()]
    first = next((i for i, line in enumerate(lines)
                  if HEADER.search(line)), None)
    last = next((i for i, line in enumerate(lines)
                 if line.startswith("Testing complete.")), None)
    if first is None or last is None or last < first:
        raise Missing(f"no kunit.py result in {os.path.join(results, name)}")
    build = BUILD_DIR.search(text)
    if not build:
        raise Missing(f"no build directory in {os.path.join(results, name)}")
    log = os.path.join(build.group(1), "test.log")
    names, diags = ktap(log)

    out, seen = [], []
    for line in lines[first:last + 1]:
        m = RESULT.match(line)
        here = []
        if m:
            # A failed case's diagnostic lines kunit.py printed itself.
            if m.group(1) in ("PASSED", "SKIPPED"):
                here = diags.get(len(seen), [])
            seen.append(m.group(2))
        out.append((line, here))
    if seen != names:
        raise Missing(f"{log} is not of the run in "
                      f"{os.path.join(results, name)}")
    return out


def kunit(name):
    """The block of kunit.py's output in @name, its cases' diagnostic
    lines before their result lines."""
    def build(results):
        return "".join("".join(d + "\n" for d in diags) + line + "\n"
                       for line, diags in kunit_output(results, name))
    build.source = f"{name} and its test.log"
    return build


def concurrency(name):
    """The block of the concurrency cases' diagnostic lines of the kunit.py
    run in @name."""
    def build(results):
        found = [d for _, diags in kunit_output(results, name) for d in diags
                 if "threads + softirq" in d or "rounds of" in d]
        if not found:
            raise Missing(f"no concurrency case's line in the run of "
                          f"{os.path.join(results, name)}")
        return "".join(d + "\n" for d in found)
    build.source = f"{name}'s test.log"
    return build


# (page, marker, results file or a function of RESULTS that builds the
# block, the target that writes what it is made from)
BLOCKS = [
    ("tools/dft/GATES.md", "<!-- results: check -->", "check.txt",
     "make check"),
    ("tools/dft/GATES.md", "<!-- results: kunit -->", kunit("kunit.log"),
     "make"),
    ("tools/dft/GATES.md", "<!-- results: mvpp2-kunit -->",
     kunit("mvpp2-kunit.log"), "make mvpp2-kunit"),
    ("tools/dft/GATES.md", "<!-- results: nicvf-kunit -->",
     kunit("nicvf-kunit.log"), "make nicvf-kunit"),
    ("tools/dft/GATES.md", "<!-- results: concurrency -->",
     concurrency("kunit-kcsan.log"), "make kunit-kcsan"),
    ("tools/dft/kmemleak-demo/README.md", "<!-- series: demo -->",
     "kmemleak-demo.txt", "make kmemleak-demo"),
    ("bench/README.md", "<!-- series: bench -->", "bench.txt", "make bench"),
    ("series/README.md", "<!-- results: series-check -->",
     "series-check.res", "make series-check"),
    ("tools/dft/GATES.md", "<!-- results: trace-demo -->",
     "trace-demo.txt", "make trace-demo"),
]


def paste(text, marker, body):
    """@text with the fenced block after @marker replaced by @body."""
    at = text.index(marker)
    start = text.index("```\n", at) + 4
    if text.startswith("```", start):
        # An empty block: its closing fence follows at once.
        return text[:start] + body.rstrip("\n") + "\n" + text[start:]
    end = text.index("\n```", start)
    return text[:start] + body.rstrip("\n") + text[end:]


def main():
    top, results = sys.argv[1], sys.argv[2]
    for page, marker, source, target in BLOCKS:
        path = os.path.join(top, page)
        with open(path) as f:
            text = f.read()
        if marker not in text:
            sys.exit(f"{page}: no {marker}")
        try:
            if callable(source):
                body, name = source(results), source.source
            else:
                body, name = read(results, source), source
        except Missing as e:
            print(f"  SKIP    {page} {marker}: {e} (run {target})")
            continue
        new = paste(text, marker, body)
        if new != text:
            with open(path, "w") as f:
                f.write(new)
            print(f"  PASTE   {name} -> {page}")


if __name__ == "__main__":
    main()
