#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results-md.py TOP RESULTS: paste the outputs of the last runs into the
project's Markdown pages.

Each pasted output is the fenced block right after a marker line; the
block is replaced by the file the target that makes it wrote under
RESULTS.  A missing file leaves its block as it is, and says so.
"""
import os
import sys

# (page, marker, results file, the target that writes it)
BLOCKS = [
    ("README.md", "<!-- results: check -->", "check.txt", "make check"),
    ("tools/dft/GATES.md", "<!-- results: check -->", "check.txt",
     "make check"),
    ("tools/dft/kmemleak-demo/README.md", "<!-- series: demo -->",
     "kmemleak-demo.txt", "make kmemleak-demo"),
    ("bench/README.md", "<!-- series: bench -->", "bench.txt", "make bench"),
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
    for page, marker, name, target in BLOCKS:
        path = os.path.join(top, page)
        src = os.path.join(results, name)
        with open(path) as f:
            text = f.read()
        if marker not in text:
            sys.exit(f"{page}: no {marker}")
        if not os.path.exists(src):
            print(f"  SKIP    {page}: no {src} (run {target})")
            continue
        with open(src) as f:
            new = paste(text, marker, f.read())
        if new != text:
            with open(path, "w") as f:
                f.write(new)
            print(f"  PASTE   {name} -> {page}")


if __name__ == "__main__":
    main()
