#!/usr/bin/env python3
"""Shares of `spancoder tag`'s corpus pass by stage, from a perf profile (the "Where the time goes"
table in README.md).

  perf record -e cpu-clock -F 2000 -g -o perf.data .build/release/spancoder tag \\
      --lexicons Benchmarks/data/lexicon-2000 --jobs 1 Benchmarks/data/corpus-mixed-100M.jsonl > /dev/null
  perf script -i perf.data | swift demangle --simplified > perf.txt
  python3 Benchmarks/perf_stages.py perf.txt

Counts the samples under `TaggingRunner.run` (the corpus pass, without startup), plus ICU's break
iteration and UTF-16 conversion wherever they are (perf cannot walk ICU's frames); each sample goes to
the first stage in the list below whose functions are on its stack.
"""
import collections
import re
import sys

STAGES = [
    ("automaton scan + word edges", ["TermMatcher.edgeChecked", "ByteAutomaton."]),
    ("classification (propose)", ["Classifier.propose", "Classifier.assess", "Classifier.wordOrdinals"]),
    ("JSONL writing", ["ProposalJSONLWriter", "JSONLineBuffer", "JSONLineWriter"]),
    ("rest of DocumentScan (offsets, containment)", ["DocumentScan.init", "DocumentScan."]),
    ("normalization", ["TextNormalizer."]),
    ("reading + parsing JSONL", ["DocumentInputs", "CorpusReader", "LineReader"]),
    ("segmentation (ICU + own rules)", ["Segmenter.", "sc_break_utf8", "icu_72::RuleBasedBreakIterator", "u_strFromUTF8"]),
    ("output appends", ["TagOutput"]),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    counts = collections.Counter()
    total = under = 0
    for sample in open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = [re.sub(r"^\s*[0-9a-f]+\s+", "", line.strip()) for line in sample.strip().split("\n") if line.strip()]
        if not lines:
            continue
        total += 1
        stack = "\n".join(lines)
        icu = lines[0].startswith("icu_72::RuleBasedBreakIterator") or lines[0].startswith("u_strFromUTF8")
        if "TaggingRunner.run" not in stack and not icu:
            continue
        under += 1
        for name, keys in STAGES:
            if any(key in stack for key in keys):
                counts[name] += 1
                break
        else:
            counts["other"] += 1
    if under == 0:
        sys.exit("perf_stages: no sample of the corpus pass (was the profile taken of `spancoder tag`, demangled?)")
    print(f"{under} of {total} samples in the corpus pass")
    for name, _ in STAGES + [("other", [])]:
        print(f"| {name} | {100 * counts[name] / under:.0f}% |")


if __name__ == "__main__":
    main()
