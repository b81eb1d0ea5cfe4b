#!/usr/bin/env python3
"""Which texts of one set are (mostly) texts of another: before tuning on a document, check that no
held-out set holds the same text.

The corpus, the audit's halves and AGORA's splits share documents under different names (stop 17 found
that six of AGORA's validated documents are corpus documents, and that a translation read to choose
entries was also in the audit's check half). This compares every text of A with every text of B by their
word 8-grams (every third one, lowercased) and prints the pairs whose shared share of the smaller text is
at least --threshold. Chinese texts are compared by 8-character shingles of their Han characters.

  python3 scripts/text_overlap.py ../shared/corpus/texts /tmp/agora/validated
  python3 scripts/text_overlap.py ../shared/corpus/texts/cn-algorithm-recommendation-2021-en.txt /tmp/agora/validated

Arguments are folders of .txt files or single files. Exit status 0; the pairs go to standard output as
tab-separated A, B, share, A's and B's length in code points.
"""
import argparse
import os
import re
import sys

WORD = re.compile(r"\w+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def shingles(text, k=8, step=3):
    words = WORD.findall(text.lower())
    han = HAN.findall(text)
    # A Chinese text has few \w-separated "words" (a clause is one token): use characters instead.
    units = han if len(han) > len(words) else words
    return {tuple(units[i:i + k]) for i in range(0, max(0, len(units) - k + 1), step)}


def texts(path):
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith(".txt"))
        return [(n[:-4], os.path.join(path, n)) for n in names]
    return [(os.path.basename(path)[:-4] if path.endswith(".txt") else os.path.basename(path), path)]


def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", help="a folder of .txt files, or one file")
    ap.add_argument("b", help="a folder of .txt files, or one file")
    ap.add_argument("--threshold", type=float, default=0.3, help="shared share of the smaller text (default 0.3)")
    args = ap.parse_args()
    side_a = [(name, path, load(path)) for name, path in texts(args.a)]
    side_b = [(name, path, load(path)) for name, path in texts(args.b)]
    if not side_a or not side_b:
        sys.exit("text_overlap.py: no .txt files on one side")
    shingled_a = [(name, len(text), shingles(text)) for name, _, text in side_a]
    # An index from shingle to the B texts holding it keeps this near linear in the texts' size.
    index = {}
    lengths_b = {}
    sizes_b = {}
    for name, _, text in side_b:
        s = shingles(text)
        lengths_b[name] = len(text)
        sizes_b[name] = len(s)
        for shingle in s:
            index.setdefault(shingle, []).append(name)
    found = 0
    for name_a, length_a, s in shingled_a:
        if not s:
            continue
        shared = {}
        for shingle in s:
            for name_b in index.get(shingle, ()):
                shared[name_b] = shared.get(name_b, 0) + 1
        for name_b, count in sorted(shared.items()):
            share = count / min(len(s), sizes_b[name_b] or 1)
            if share >= args.threshold:
                print(f"{name_a}\t{name_b}\t{share:.2f}\t{length_a}\t{lengths_b[name_b]}")
                found += 1
    print(f"{found} pair(s) share at least {args.threshold:.0%} of the smaller text", file=sys.stderr)


if __name__ == "__main__":
    main()
