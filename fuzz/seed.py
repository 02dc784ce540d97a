#!/usr/bin/env python3
"""Builds the seed corpus for the fuzz targets in fuzz/corpus/<target>/ (not committed).

Seeds: the article fixtures, every ACT rule test case (fragment and whole document), every
Golden Rules sentence-segmentation text, the regression corpus in tests/fuzz_corpus/, and
small hostile documents (deep nesting, unclosed tags, one long word, combining-mark floods,
byte-order marks, legacy charsets), each under the 64 KiB -max_len the runs use.
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ["analyze_bytes", "analyze_pieces"]


def seeds():
    tests = ROOT / "tests"
    for path in sorted((tests / "fixtures").iterdir()):
        yield path.read_bytes()
    for path in sorted((tests / "data" / "act-rules").glob("*.json")):
        for case in json.loads(path.read_text())["cases"]:
            for key in ("html", "document"):
                if case.get(key):
                    yield case[key].encode()
    for case in json.loads((tests / "data" / "golden_rules_en.json").read_text()):
        yield case["text"].encode()
        yield f"<p>{case['text']}</p>".encode()
    for path in sorted((tests / "fuzz_corpus").iterdir()):
        yield path.read_bytes()
    yield from hostile()


def hostile():
    yield b""
    yield b" \n\t"
    yield "<div>".encode() * 8000 + b"<p>Deep.</p>"
    yield b"<b>" * 8000 + b"text"
    yield b"<p>" + b"a" * 60000
    yield ("<p>a" + "\u0301" * 20000 + " word.</p>").encode()
    yield "\ufeff<p>Byte-order mark.</p>".encode()
    yield "<p>UTF-16 text.</p>".encode("utf-16")
    yield b"<meta charset=windows-1252><p>caf\xe9 na\xefve.</p>"
    yield b"<meta charset=shift_jis><p>\x82\xa0\x82\xa2</p>"
    yield b"<p>bad \xff byte</p>"
    yield b"<table>" * 2000 + b"<td>cell"
    yield b"<ul>" + b"<li>item " * 5000
    yield b"<h1>" + b"<h2>x" * 3000
    yield b"<img alt='" + b"x " * 20000 + b"'>"
    yield b"<p>" + b"Dr. " * 10000 + b"</p>"
    yield b"<p>" + b"word " * 10000 + b"</p>"


def main():
    for target in TARGETS:
        out = ROOT / "fuzz" / "corpus" / target
        out.mkdir(parents=True, exist_ok=True)
        for seed in seeds():
            name = hashlib.sha1(seed).hexdigest()
            (out / name).write_bytes(seed)
        print(f"{out}: {len(list(out.iterdir()))} files")


if __name__ == "__main__":
    main()
