#!/usr/bin/env python3
"""Evaluates the jargon detector against the shared evaluation data (measurement only: no text
from it is written anywhere). Runs the release binary on each text:

    cargo build --release
    python3 scripts/eval_jargon.py [--shared ../shared] [--bin target/release/legible]

1. Cochrane pairs (Devaraj et al. 2021): share of pairs whose technical abstract has a higher
   `jargon.density` than its plain-language summary; ties count as failures.
2. MedReadMe (Jiang & Xu 2024): Spearman correlation of a per-sentence score with the human
   readability rating on the test split. The score is a least-squares fit on train + dev of the
   sentence's Flesch-Kincaid grade and its jargon counts (see `FEATURES`); the fitted weights are
   printed so that the readability stage can use them.
"""

import argparse
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# The jargon counts and the formula inputs; a least-squares fit on train + dev.
FEATURES = ["sqrt_load", "load", "jargon", "undefined", "acronyms", "watch", "log_words", "syllables_per_word", "letters_per_word", "fk_grade"]


def analyze(binary, text):
    out = subprocess.run(
        [binary, "analyze", "--as", "text", "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def analyze_all(binary, texts, jobs):
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda t: analyze(binary, t), texts))


def spearman(a, b):
    def ranks(x):
        order = np.argsort(x, kind="mergesort")
        r = np.empty(len(x))
        xs = np.asarray(x)[order]
        i = 0
        while i < len(xs):
            j = i
            while j + 1 < len(xs) and xs[j + 1] == xs[i]:
                j += 1
            r[order[i : j + 1]] = (i + j) / 2.0
            i = j + 1
        return r

    ra, rb = ranks(np.asarray(a, float)), ranks(np.asarray(b, float))
    return float(np.corrcoef(ra, rb)[0, 1])


def features(report):
    """Counts of a one-sentence text, summed over the sentences it was split into."""
    js = report["jargon"]["sentences"]
    words = sum(s["words"] for s in js)
    syllables = report["stats"]["syllables"]
    sentences = max(1, len(js))
    fk = 0.39 * words / sentences + 11.8 * syllables / max(1, words) - 15.59 if words else 0.0
    jargon = sum(s["jargon"] for s in js)
    load = sum(s["load"] for s in js)
    stats = report["stats"]
    return {
        "sqrt_load": math.sqrt(load),
        "load": load,
        "syllables_per_word": syllables / max(1, words),
        "letters_per_word": stats["letters"] / max(1, words),
        "fk_grade": fk,
        "jargon": jargon,
        "undefined": sum(s["undefined"] for s in js),
        "acronyms": sum(s["acronyms"] for s in js),
        "watch": sum(s["watch"] for s in js),
        "jargon_share": jargon / words if words else 0.0,
        "log_words": math.log1p(words),
    }


def cochrane(binary, shared, jobs):
    path = os.path.join(shared, "data/eval/cochrane_devaraj2021/pairs.jsonl")
    pairs = [json.loads(line) for line in open(path, encoding="utf-8")]
    tech = analyze_all(binary, [p["technical"] for p in pairs], jobs)
    plain = analyze_all(binary, [p["plain"] for p in pairs], jobs)
    by_split = {}
    for p, t, s in zip(pairs, tech, plain):
        ok = t["jargon"]["density"] > s["jargon"]["density"]
        for key in (p["split"], "all"):
            hit, n = by_split.get(key, (0, 0))
            by_split[key] = (hit + ok, n + 1)
    for key, (hit, n) in sorted(by_split.items()):
        print(f"cochrane {key}: abstract denser in {hit}/{n} pairs = {hit / n:.1%}")
    td = np.mean([t["jargon"]["density"] for t in tech])
    pd = np.mean([s["jargon"]["density"] for s in plain])
    print(f"cochrane mean density: abstracts {td:.3f}, plain summaries {pd:.3f}")


def medreadme(binary, shared, jobs):
    path = os.path.join(shared, "data/eval/medreadme_readability/sentences.jsonl")
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    reports = analyze_all(binary, [r["sentence"] for r in rows], jobs)
    x = np.array([[features(rep)[f] for f in FEATURES] for rep in reports])
    y = np.array([r["readability"] for r in rows])
    split = np.array([r["split"] for r in rows])
    fit = (split == "train") | (split == "dev")
    test = split == "test"
    design = np.column_stack([np.ones(len(x)), x])
    weights, *_ = np.linalg.lstsq(design[fit], y[fit], rcond=None)
    score = design @ weights
    print("medreadme weights (fitted on train+dev):")
    print(f"  intercept {weights[0]:+.4f}")
    for name, w in zip(FEATURES, weights[1:]):
        print(f"  {name:13s} {w:+.4f}")
    print(f"medreadme test n={test.sum()}")
    print(f"  spearman(score, rating)        = {spearman(score[test], y[test]):.3f}")
    for name in ("fk_grade", "jargon", "load"):
        single = np.array([features(rep)[name] for rep in reports])
        print(f"  spearman({name}, rating) = {spearman(single[test], y[test]):.3f}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    parser.add_argument("--bin", default=os.path.join(root, "target/release/legible"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", choices=["cochrane", "medreadme"])
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "data/eval")):
        sys.exit(f"no evaluation data under {args.shared}/data/eval")
    if args.only in (None, "cochrane"):
        cochrane(args.bin, args.shared, args.jobs)
    if args.only in (None, "medreadme"):
        medreadme(args.bin, args.shared, args.jobs)


if __name__ == "__main__":
    main()
