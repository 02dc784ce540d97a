#!/usr/bin/env python3
"""Sentence segmentation figures for EVALUATION.md: legible beside pySBD.

1. The English Golden Rules (tests/data/golden_rules_en.json). Each rule's text has its
   newlines read as spaces and runs of whitespace folded to one space (the folding every block
   gets before segmentation), exactly as tests/golden_rules.rs runs legible. A rule passes when
   the segments, each stripped, equal the expected sentences exactly.
2. PLABA abstracts (../shared/data/eval/plaba/sentences.jsonl, read in place): the source
   sentences of each abstract, in order, are joined with one space and segmented again; sentence
   ends are scored against the dataset's (precision, recall, F1, abstracts split exactly).

legible is run as `legible sentences` is: one process per document, the text on stdin, a JSON
array of sentences on stdout (--legible gives the command); without it, only pySBD is measured.

    pip install pysbd==0.3.4
    cargo build --release
    python3 scripts/eval_sentences.py [--legible 'target/release/legible sentences'] [--rules PATH] [--plaba PATH]
"""

import argparse
import collections
import json
import os
import shlex
import subprocess

import pysbd

GRS_48_LEFT_OUT = {40, 41, 42, 52}


def fold(text):
    return " ".join(text.split())


def run_legible(cmd, docs):
    argv = shlex.split(cmd)
    return [json.loads(subprocess.run(argv, input=d, capture_output=True, text=True, check=True).stdout)
            for d in docs]


def run_pysbd(docs):
    seg = pysbd.Segmenter(language="en", clean=False)
    return [seg.segment(d) for d in docs]


def golden_rules(path, segmenters):
    with open(path, encoding="utf-8") as f:
        rules = json.load(f)
    docs = [fold(r["text"]) for r in rules]
    for name, segment in segmenters:
        passed, passed_48, failed = 0, 0, []
        for rule, got in zip(rules, segment(docs)):
            got = [s.strip() for s in got if s.strip()]
            if got == rule["sentences"]:
                passed += 1
                passed_48 += rule["id"] not in GRS_48_LEFT_OUT
            else:
                failed.append(rule["id"])
        print(f"Golden Rules, {name}: {passed}/{len(rules)} "
              f"({passed_48}/{len(rules) - len(GRS_48_LEFT_OUT)} of the 48 pySBD uses); failed {failed}")


def ends(text, sentences):
    """Character offsets where the sentences end in text."""
    out, pos = set(), 0
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        i = text.find(s, pos)
        if i < 0:
            raise ValueError(f"segment not found in text: {s[:60]!r}")
        pos = i + len(s)
        out.add(pos)
    return out


def plaba(path, segmenters):
    if not os.path.exists(path):
        print(f"PLABA: {path} not found, skipped")
        return
    abstracts = collections.OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            abstracts.setdefault(row["pmid"], []).append((row["sent_id"], fold(row["source"])))
    gold = [[s for _, s in sorted(sents)] for sents in abstracts.values()]
    docs = [" ".join(sents) for sents in gold]
    for name, segment in segmenters:
        tp = fp = fn = exact = 0
        for doc, want, got in zip(docs, gold, segment(docs)):
            w, g = ends(doc, want), ends(doc, got)
            tp, fp, fn = tp + len(w & g), fp + len(g - w), fn + len(w - g)
            exact += w == g
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(f"PLABA, {name}: {len(docs)} abstracts, {sum(map(len, gold))} sentences; precision {p:.4f} "
              f"recall {r:.4f} F1 {2 * p * r / (p + r):.4f}; abstracts exact {exact}/{len(docs)}")


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--legible", help="command reading a text on stdin and printing its sentences as JSON")
    ap.add_argument("--rules", default=os.path.join(here, "tests/data/golden_rules_en.json"))
    ap.add_argument("--plaba", default=os.path.join(here, "../shared/data/eval/plaba/sentences.jsonl"))
    args = ap.parse_args()
    segmenters = [(f"pySBD {pysbd.__version__}", run_pysbd)]
    if args.legible:
        segmenters.insert(0, ("legible", lambda docs: run_legible(args.legible, docs)))
    golden_rules(args.rules, segmenters)
    plaba(args.plaba, segmenters)


if __name__ == "__main__":
    main()
