#!/usr/bin/env python3
"""Write a page of about 1 MB whose text is Greek, Cyrillic and CJK (the non-Latin figures of
BENCHMARKS.md "Round 13, doc13").

The position index scans the source sixteen and sixty-four bytes at a time, with a fast path
for strides that are all ASCII; this page has almost none, so it measures the other path.
The words are made of letters drawn by a fixed-seed generator (no real text), in paragraphs
under `<main>` with lines wrapped at about 80 characters, as an editor would save them.

Usage: scripts/non_latin_page.py OUT.html [--bytes N]
Then, e.g.: valgrind --tool=callgrind target/release/legible analyze OUT.html
"""

import argparse
import random

ALPHABETS = [
    "αβγδεζηθικλμνξοπρστυφχψω",
    "абвгдежзийклмнопрстуфхцчшщыэюя",
    "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400)),
]


def sentence(rng, letters):
    words = []
    for _ in range(rng.randint(5, 14)):
        words.append("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    letters = rng.choice(ALPHABETS)
    text = " ".join(sentence(rng, letters) for _ in range(rng.randint(2, 6)))
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 80:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<p>" + "\n".join(lines) + "</p>\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--bytes", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(13)
    head = '<!doctype html>\n<html lang="el"><head><title>Σελίδα</title></head><body><main>\n'
    tail = "</main></body></html>\n"
    parts, size = [head], len(head.encode()) + len(tail.encode())
    while size < args.bytes:
        p = paragraph(rng)
        parts.append(p)
        size += len(p.encode())
    parts.append(tail)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("".join(parts))
    print(f"{args.out}: {size} bytes")


if __name__ == "__main__":
    main()
