#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# readme-links.sh TOP: check the links and make targets of the Markdown
# pages of the repository at TOP, e.g.
#
#	tools/dft/readme-links.sh . > .work/results/readme-links.res
#
# The pages are README.md and every *.md file git knows of, tracked or not
# yet added (git ls-files --cached --others --exclude-standard '*.md').
#
# - Every relative link target, [text](path), [text](path#anchor), ![alt](path)
#   or a reference definition [name]: path, outside code, must exist as a
#   file or directory, relative to the page's own directory (relative to TOP
#   if it starts with "/"), and inside TOP.  URLs (http:, https:, mailto:,
#   any scheme) and pure #anchors are not checked, nor is the anchor part.
# - Every `make TARGET` in inline code or a fenced code block, in README.md
#   and in the other pages alike, must name a target of TOP/Makefile: a
#   rule "TARGET:" (possibly among several targets, "a b: deps") or a name
#   listed in .PHONY.  Variables (words with "=") and
#   options ("-j4") are skipped, so `make BENCH_SMP=0 bench` checks "bench"
#   and `make KDIR=...` checks nothing; a comment ("# ...") ends the command.
#
# One line per check on stdout: "PASS readme-links:links" when every link
# resolves, else "FAIL readme-links:links:PAGE:LINE (reason)" per broken
# link; the same for "make-targets".  What was checked goes to stderr.
# Always exits 0: a caller counts the PASS and FAIL lines.
top=$1
if [ -z "$top" ]; then
	echo "usage: readme-links.sh TOP" >&2
	echo "FAIL readme-links:top (no repository directory given)"
	exit 0
fi
if ! cd "$top" 2>/dev/null; then
	echo "FAIL readme-links:top ($top: no such directory)"
	exit 0
fi

if ! command -v python3 >/dev/null; then
	echo "FAIL readme-links:python3 (not installed)"
	exit 0
fi

mapfile -t pages < <({ [ -f README.md ] && echo README.md
	git ls-files --cached --others --exclude-standard -- '*.md' 2>/dev/null
	} | sort -u)

python3 - "$PWD" "${pages[@]}" <<'EOF'
import os
import re
import sys
import urllib.parse

top, pages = sys.argv[1], sys.argv[2:]
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def split_code(text):
    """(prose, code): prose with code blanked out, and the code's lines,
    each with its line number.  Newlines are kept so that offsets into
    prose give line numbers."""
    prose, code = [], []
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            prose.append("")
            continue
        if fence is not None:
            if m and m.group(1).startswith(fence):
                fence = None
            else:
                code.append((n, line))
            prose.append("")
            continue
        prose.append(line)
    prose = "\n".join(prose)
    # HTML comments, then inline code spans: `x`, ``x`y``.
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))
    prose = re.sub(r"<!--.*?-->", blank, prose, flags=re.S)
    spans = []

    def span(m):
        spans.append((prose.count("\n", 0, m.start()) + 1,
                      m.group(2).replace("\n", " ")))
        return blank(m)
    prose = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", span, prose, flags=re.S)
    return prose, code + spans


LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^)\s]+)"
                  r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_targets(prose):
    for rx in (LINK, REFDEF):
        for m in rx.finditer(prose):
            yield prose.count("\n", 0, m.start(1)) + 1, m.group(1)


def check_link(page, target):
    """None if the target resolves, else the reason."""
    t = target.strip("<>")
    if not t or t.startswith("#") or SCHEME.match(t):
        return None
    path = urllib.parse.unquote(re.split(r"[#?]", t, 1)[0])
    if not path:
        return None
    base = top if path.startswith("/") else os.path.join(top, os.path.dirname(page))
    full = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if os.path.relpath(full, top).startswith(".."):
        return f"{target}: outside the repository"
    if not os.path.exists(full):
        return f"{target}: no such file or directory"
    return None


def make_targets():
    """The targets and .PHONY names of TOP/Makefile, or None."""
    try:
        with open(os.path.join(top, "Makefile")) as f:
            text = f.read()
    except OSError:
        return None
    names = set()
    for line in re.sub(r"\\\n", " ", text).split("\n"):
        if line.startswith("\t") or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^([^:=#]+?)\s*::?(?!=)(.*)$", line)
        if not m:
            continue
        if m.group(1).strip() == ".PHONY":
            names.update(m.group(2).split("#", 1)[0].split())
        else:
            names.update(m.group(1).split())
    return names


MAKE = re.compile(r"(?<![\w./$(-])make[ \t]+([^#\n]*)")
WORD = re.compile(r"^[a-z0-9-]+$")


def make_mentions(code):
    """(line, [target...]) of each make command in code."""
    for n, text in code:
        for m in MAKE.finditer(text):
            cmd = re.split(r"[;|&)`]", m.group(1), 1)[0]
            words = [w for w in cmd.split()
                     if "=" not in w and not w.startswith("-")]
            # Only commands of the form "make [VAR=x...] target...":
            # anything else after make is prose or shell, not a target.
            if words and all(WORD.match(w) for w in words):
                yield n, words


targets = make_targets()
bad_links, bad_make = [], []
nlinks = nmake = 0
for page in pages:
    try:
        with open(os.path.join(top, page)) as f:
            text = f.read()
    except OSError:
        continue  # deleted from the working tree, still in the index
    prose, code = split_code(text)
    for n, target in link_targets(prose):
        nlinks += 1
        why = check_link(page, target)
        if why:
            bad_links.append(f"{page}:{n} ({why})")
    if targets is None:
        continue
    for n, words in make_mentions(code):
        for w in words:
            nmake += 1
            if w not in targets:
                bad_make.append(f"{page}:{n} (make {w}: no target {w} "
                                f"in Makefile)")

if bad_links:
    for b in bad_links:
        print(f"FAIL readme-links:links:{b}")
else:
    print("PASS readme-links:links")
if targets is None:
    print("FAIL readme-links:make-targets (no readable Makefile in TOP)")
elif bad_make:
    for b in bad_make:
        print(f"FAIL readme-links:make-targets:{b}")
else:
    print("PASS readme-links:make-targets")
sys.stderr.write(f"readme-links: {len(pages)} pages, {nlinks} links, "
                 f"{nmake} make targets checked\n")
EOF
exit 0
