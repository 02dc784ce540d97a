#!/usr/bin/env python3
"""Fits the weights of the per-sentence `difficulty_score` (src/measures/difficulty.rs).

Reads MedReadMe's human readability ratings (Jiang and Xu 2024) from
../shared/data/eval/medreadme_readability, in place; fits on the train and dev splits only
and reports Spearman on the test split. The model: a least-squares fit of the rating on the
sentence's counts (jargon lexical load and its square root, jargon words, undefined jargon
words, acronyms, words to watch, log length, syllables per word, unfamiliar-word
share, letters per word), then a linear equating onto the Flesch–Kincaid grade scale (same mean and spread on
train+dev) so the score reads as a grade and the hard / very hard thresholds keep their
meaning. Prints the weights as Rust constants.

    cargo build --release && pip install numpy scipy && python3 scripts/fit_difficulty.py
"""
import argparse
import json
import math
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.stats import spearmanr

NAMES = ["SQRT_LOAD", "LOAD", "JARGON", "UNDEFINED", "ACRONYMS", "WATCH", "LN_WORDS",
         "SYLLABLES_PER_WORD", "DIFFICULT_SHARE", "LETTERS_PER_WORD"]


def analyze(binary, text):
    out = subprocess.run([binary, "analyze", "--as", "text", "-"], input=text.encode(),
                         capture_output=True, check=True)
    return json.loads(out.stdout)


def features(report):
    """The model's inputs summed over the sentences legible found in one rated sentence."""
    sentences, jargon = report["sentences"], report["jargon"]["sentences"]
    words = sum(s["words"] for s in sentences)
    if not words:
        return None
    load = sum(j["load"] for j in jargon)
    return [math.sqrt(load), load, sum(j["jargon"] for j in jargon),
            sum(j["undefined"] for j in jargon), sum(j["acronyms"] for j in jargon),
            sum(j["watch"] for j in jargon), math.log1p(words),
            sum(s["syllables"] for s in sentences) / words,
            sum(s["difficult_words"] for s in sentences) / words,
            sum(s["letters"] for s in sentences) / words]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/legible")
    parser.add_argument("--data", default="../shared/data")
    args = parser.parse_args()
    path = os.path.join(args.data, "eval/medreadme_readability/sentences.jsonl")
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        reports = list(pool.map(lambda r: analyze(args.binary, r["sentence"]), rows))
    kept = [(r, rep, features(rep)) for r, rep in zip(rows, reports)]
    kept = [k for k in kept if k[2] is not None]
    x = np.array([k[2] for k in kept])
    y = np.array([k[0]["readability"] for k in kept])
    split = np.array([k[0]["split"] for k in kept])
    fk = np.array([k[1]["readability"]["flesch_kincaid_grade"] for k in kept])
    fit = (split == "train") | (split == "dev")
    design = np.c_[x, np.ones(len(x))]
    coef, *_ = np.linalg.lstsq(design[fit], y[fit], rcond=None)
    rating = design @ coef
    scale = fk[fit].std() / rating[fit].std()
    weights = coef[:-1] * scale
    constant = fk[fit].mean() - scale * rating[fit].mean() + coef[-1] * scale
    for name, weight in zip(NAMES, weights):
        print(f"const {name}: f64 = {weight:.4f};")
    print(f"const CONSTANT: f64 = {constant:.4f};")
    test = split == "test"
    print(f"Spearman on test ({test.sum()} sentences): {spearmanr(rating[test], y[test]).correlation:.4f}")


if __name__ == "__main__":
    main()
