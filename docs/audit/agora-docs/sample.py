#!/usr/bin/env python3
"""How the AGORA document-level yardstick's documents were drawn (stop 19), kept so the sample can be checked.

AGORA tags whole documents. To see how far those tags are reachable at all for a coder who follows this
project's codebook, whole AGORA documents were coded blind at document level by AI coding assistants
working only from ../shared/codebook.md and the gold conventions (`coding-instructions.md` here): a
document gets a code when at least one of its passages substantively expresses the concept, the
rule `spancoder tag --doc-codes --doc-min-spans 1` applies to SpanCoder's spans. One coder per document.

Documents are drawn by size stratum (characters: short < 5,000 ≤ mid < 20,000 ≤ long < 80,000; the few
huge ones are not drawn), so `score.py` can weight each stratum by its share of the split:

  validated: the 220 held-out documents (AGORA 35, 36, 37, 266, 995 and 1780 are corpus documents),
             seed 20261130, 30 short + 20 mid + 10 long; scored only, nothing was chosen on it;
  tune:      tune documents without the sentence yardstick's exclusions (corpus documents, text shared
             with validated or corpus documents, 2096), seed 20261131, 20 short + 28 mid + 12 long,
             alternately into a fix half (disagreements read) and a check half (scored only).

  python3 docs/audit/agora-docs/sample.py validated TEXTS_DIR > sample-validated.json
  python3 docs/audit/agora-docs/sample.py tune TEXTS_DIR > sample-tune.json

TEXTS_DIR holds the split's texts as `scripts/agora_gold.py --split S --texts DIR` links them.
"""
import json
import os
import random
import sys

CORPUS_DOCUMENTS = {"35", "36", "37", "266", "995", "1780"}
# The sentence yardstick's exclusions (docs/audit/agora/sample.py): corpus documents, text shared with a
# validated, corpus or gold document, and 2096 (the English text of a gold document whose labels are not public).
TUNE_EXCLUDED = {"1125", "307", "1032", "1560", "1202", "1212", "2686", "523", "809", "813", "1464", "597", "560",
                 "444", "2096", "1781", "2417", "2546", "1111", "2720", "772", "2267"}
SPLITS = {"validated": (20261130, CORPUS_DOCUMENTS, {"short": 30, "mid": 20, "long": 10}),
          "tune": (20261131, TUNE_EXCLUDED, {"short": 20, "mid": 28, "long": 12})}


def stratum(length):
    return "short" if length < 5000 else "mid" if length < 20000 else "long" if length < 80000 else "huge"


def sample(split, texts):
    seed, excluded, counts = SPLITS[split]
    docs = sorted(name[:-4] for name in os.listdir(texts) if name.endswith(".txt") and name[:-4] not in excluded)
    strata = {"short": [], "mid": [], "long": [], "huge": []}
    for doc in docs:
        with open(os.path.join(texts, doc + ".txt"), encoding="utf-8") as f:
            strata[stratum(len(f.read()))].append(doc)
    rng = random.Random(seed)
    drawn = {k: rng.sample(strata[k], n) for k, n in counts.items()}
    result = {"split": split, "seed": seed, "strata": {k: len(v) for k, v in strata.items()},
              "sample": {k: sorted(v, key=int) for k, v in drawn.items()}}
    if split == "tune":
        result["half"] = {d: "fix" if i % 2 == 0 else "check" for v in drawn.values() for i, d in enumerate(v)}
    return result


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SPLITS:
        sys.exit(__doc__)
    print(json.dumps(sample(sys.argv[1], sys.argv[2]), indent=1))
