"""Writes the experiments' inputs into WORK: the patterns of lexicon-2000 and lexicon-100000-unmatched
(patterns-2000.txt, patterns-100000u.txt) and the 10 MB corpora's text (text-en.txt, text-zh.txt,
text-mixed.txt), normalized by NFKC and case folding, close to SpanCoder's normalizer for these files.

    python3 prepare.py DATA WORK
"""
import os
import sys
import unicodedata

data, work = sys.argv[1:]
for need in ("lexicon-2000/terms.txt", "lexicon-100000-unmatched/terms.txt",
             "corpus-en-10M.txt", "corpus-zh-10M.txt", "corpus-mixed-10M.txt"):
    if not os.path.isfile(f"{data}/{need}"):
        sys.exit(f"{data}/{need} is missing; make it first (see Benchmarks/README.md, Commands)")
norm = lambda s: unicodedata.normalize("NFKC", s).casefold()
for name, folder in (("2000", "lexicon-2000"), ("100000u", "lexicon-100000-unmatched")):
    with open(f"{work}/patterns-{name}.txt", "w", encoding="utf-8") as out:
        for line in open(f"{data}/{folder}/terms.txt", encoding="utf-8"):
            if line.strip():
                out.write(norm(line.rstrip("\n")) + "\n")
for lang in ("en", "zh", "mixed"):
    with open(f"{work}/text-{lang}.txt", "w", encoding="utf-8") as out:
        out.write(norm(open(f"{data}/corpus-{lang}-10M.txt", encoding="utf-8").read()))
