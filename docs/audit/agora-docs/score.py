#!/usr/bin/env python3
"""Scores the AGORA document-level yardstick (see sample.py): the blind codebook coder against AGORA's
tags, SpanCoder against AGORA's tags, and SpanCoder against the coder, on the sampled documents, for
the 18 codes AGORA maps.

  S=validated   # or tune
  python3 scripts/agora_gold.py --split $S -o /tmp/agora/gold-$S.jsonl --texts /tmp/agora/$S
  spancoder tag /tmp/agora/$S --lexicons Lexicons/us-china-ai-governance --doc-codes --doc-min-spans 1 -o /tmp/agora/tag-$S.jsonl
  python3 scripts/agora_gold.py --split $S -o /tmp/agora/gold-$S.jsonl --pred /tmp/agora/tag-$S.jsonl --pred-out /tmp/agora/docpred-$S.jsonl
  python3 docs/audit/agora-docs/score.py $S /tmp/agora/gold-$S.jsonl /tmp/agora/docpred-$S.jsonl [fix|check] [--per-code]

Micro-F1 is given on the sampled documents as they are, and weighted to the split (each sampled
document counts for its stratum's size over the number drawn from it; the huge stratum is not drawn),
with 95% intervals from 2,000 bootstrap resamples of the documents within each stratum, and the
interval of the paired difference between the coder's and SpanCoder's weighted F1 against AGORA.
Where `coder2-SPLIT.jsonl` codes the same documents (a second blind coder), it is compared too.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The codes AGORA's mapping scores (../shared/agora/mapping.csv); the other three are never compared.
UNSCORED = {"risk.dangerous-capabilities", "gov.ai-for-safety", "gov.technical-mitigations"}


def codes_of(line):
    o = json.loads(line)
    return o["doc"], {c["code"] if isinstance(c, dict) else c for c in o["codes"]} - UNSCORED


def f1(counts):
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def counts(a, b, docs, code=None):
    tp = fp = fn = 0
    for d in docs:
        x, y = (a[d], b[d]) if code is None else (a[d] & {code}, b[d] & {code})
        tp += len(x & y)
        fp += len(x - y)
        fn += len(y - x)
    return tp, fp, fn


def weighted(a, b, drawn, strata):
    total = [0.0, 0.0, 0.0]
    for k, docs in drawn.items():
        if docs:
            w = strata[k] / len(docs)
            for i, c in enumerate(counts(a, b, docs)):
                total[i] += w * c
    return total


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) not in (3, 4):
        sys.exit(__doc__)
    split, gold_path, pred_path = args[:3]
    half = args[3] if len(args) == 4 else None
    design = json.load(open(os.path.join(HERE, f"sample-{split}.json")))
    drawn = {k: [d for d in v if half is None or design["half"][d] == half] for k, v in design["sample"].items()}
    docs = [d for v in drawn.values() for d in v]
    coder = dict(codes_of(l) for l in open(os.path.join(HERE, f"coder-{split}.jsonl")))
    agora = dict(codes_of(l) for l in open(gold_path))
    spancoder = {d: set() for d in docs}
    spancoder.update(codes_of(l) for l in open(pred_path))
    missing = [d for d in docs if d not in coder or d not in agora]
    if missing:
        sys.exit(f"score.py: no coder or AGORA codes for documents {missing}")
    pairs = [("coder vs AGORA", coder, agora), ("SpanCoder vs AGORA", spancoder, agora), ("SpanCoder vs coder", spancoder, coder)]
    second = os.path.join(HERE, f"coder2-{split}.jsonl")
    if os.path.exists(second):
        coder2 = dict(codes_of(l) for l in open(second))
        if all(d in coder2 for d in docs):
            pairs += [("coder 2 vs AGORA", coder2, agora), ("coder 2 vs coder", coder2, coder), ("SpanCoder vs coder 2", spancoder, coder2)]
    rng = random.Random(1)
    boot = {name: [] for name, _, _ in pairs}
    coders = [name for name in ("coder vs AGORA", "coder 2 vs AGORA") if name in boot]
    diffs = {name: [] for name in coders}
    for _ in range(2000):
        resample = {k: [rng.choice(v) for _ in v] for k, v in drawn.items()}
        scores = {name: f1(weighted(a, b, resample, design["strata"])) for name, a, b in pairs}
        for name in scores:
            boot[name].append(scores[name])
        for name in coders:
            diffs[name].append(scores[name] - scores["SpanCoder vs AGORA"])
    drawn_text = ", ".join("%d of %d %s" % (len(v), design["strata"][k], k) for k, v in drawn.items())
    print(f"AGORA {split}{' ' + half if half else ''}: {len(docs)} documents sampled ({drawn_text})")
    for name, a, b in pairs:
        c = counts(a, b, docs)
        xs = sorted(boot[name])
        print(f"{name:22s} sampled: tp {c[0]:3d} fp {c[1]:3d} fn {c[2]:3d} micro-F1 {f1(c):.3f}   "
              f"weighted micro-F1 {f1(weighted(a, b, drawn, design['strata'])):.3f} [{xs[50]:.3f}, {xs[1949]:.3f}]   "
              + "  ".join(f"{k} {f1(counts(a, b, v)):.3f}" for k, v in drawn.items()))
    for name in coders:
        xs = sorted(diffs[name])
        print(f"{name.replace(' vs AGORA', '')} minus SpanCoder against AGORA (weighted): [{xs[50]:+.3f}, {xs[1949]:+.3f}]")
    if "--per-code" in sys.argv:
        print(f"\n{'code':28s}" + "".join(f"{name:>24s}" for name, _, _ in pairs))
        for code in sorted(set().union(*agora.values(), *coder.values()) - UNSCORED):
            cells = []
            for _, a, b in pairs:
                c = counts(a, b, docs, code)
                cells.append(f"{c[0]:3d}/{c[1]:3d}/{c[2]:3d} {f1(c):.2f}")
            print(f"{code:28s}" + "".join(f"{cell:>24s}" for cell in cells))


if __name__ == "__main__":
    main()
