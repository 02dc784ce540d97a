#!/usr/bin/env python3
"""Time and peak memory of `legible analyze` on hostile documents (the Robustness section of
EVALUATION.md).

Writes each document to a temporary file and runs `/usr/bin/time -v LEGIBLE analyze --as html
FILE` (by default target/release/legible; build it with `cargo build --release`), printing
one line per document: size, exit code, wall time, CPU time (user + system: wall time
is unreliable on a loaded machine), peak RSS, and the RSS above that of a one-sentence page as a multiple of the size.
The documents are the ones tests/hostile.rs sends to the service, plus larger variants of
the nesting and unclosed-tag cases; the 3 MB word is above the service's 2 MiB body limit but
the CLI has none, so it is measured here too.

Usage: scripts/measure_hostile.py [--legible PATH] [--only NAME]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def documents():
    word = "<p>{}</p>"
    return [
        ("100k-deep nesting (div)", ("<div>" * 100_000 + "<p>Deep text.</p>").encode()),
        ("100k-deep nesting (b)", ("<b>" * 100_000 + "<p>Deep text.</p>").encode()),
        ("100k-deep nesting (li/ul)", ("<ul><li>" * 100_000 + "Deep text.").encode()),
        ("100k-deep nesting (stray end tags)", ("<h1>" + "<div></b>" * 100_000 + "x").encode()),
        ("50k table cells, rowspan=65534 colspan=1000",
         ("<table><tr>" + "<td rowspan=65534 colspan=1000>x" * 50_000).encode()),
        ("50k unclosed tags (p, b, i, span)", ("<p><b><i><span>x " * 12_500).encode()),
        ("50k unclosed tags (b)", ("<b>x " * 50_000).encode()),
        ("50k unclosed tags (table)", ("<table><tr><td>x " * 16_667).encode()),
        ("1.9 MB single word", word.format("a" * 1_900_000).encode()),
        ("3 MB single word", word.format("a" * 3_000_000).encode()),
        ("combining-mark flood (1 MB)", word.format("a" + "\u0301" * 500_000).encode()),
        ("combining marks on every letter", word.format("a\u0301\u0308 " * 100_000).encode()),
        ("400k images without alt (2 MB)", ("<p>x</p>" + "<img>" * 400_000).encode()),
        ("invalid UTF-8", b"<p>valid, then \xff\xfe broken</p>"),
        ("empty body", b""),
    ]


def measure(legible, name, body, baseline_kb=0):
    with tempfile.NamedTemporaryFile(suffix=".html") as f:
        f.write(body)
        f.flush()
        run = subprocess.run(
            ["/usr/bin/time", "-v", legible, "analyze", "--as", "html", f.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", run.stderr)
    hours, minutes, seconds = wall.groups()
    secs = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    cpu = sum(
        float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", run.stderr).group(1))
        for kind in ("User", "System")
    )
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    status = int(re.search(r"Exit status: (\d+)", run.stderr).group(1))
    ratio = f"{max(rss_kb - baseline_kb, 0) * 1024 / len(body):.1f}x" if body and baseline_kb else "-"
    print(
        f"| {name} | {len(body):,} B | {status} | {secs:.2f} s | {cpu:.2f} s "
        f"| {rss_kb / 1024:.1f} MiB | {ratio} |"
    )
    return rss_kb
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--legible", default=os.path.join(ROOT, "target/release/legible"))
    parser.add_argument("--only", help="measure only documents whose name contains this")
    args = parser.parse_args()
    print("| document | size | exit | wall | CPU (user + sys) | peak RSS | (RSS − baseline) / size |")
    print("|---|---|---|---|---|---|---|")
    baseline = measure(args.legible, "baseline: a one-sentence page", b"<p>Hello.</p>")
    for name, body in documents():
        if args.only is None or args.only in name:
            measure(args.legible, name, body, baseline)


if __name__ == "__main__":
    main()
