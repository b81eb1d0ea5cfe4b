#!/usr/bin/env python3
"""Generate a synthetic evaluation workload: N documents, gold and predicted spans, sentence units.

Usage: generate.py OUTDIR [--docs 10000] [--spans-per-doc 100] [--seed 1]

Writes OUTDIR/corpus.jsonl ({"id","text"}), gold.jsonl, pred.jsonl (SpanCoder JSONL, codes as ids),
units.jsonl (one unit per sentence) and codes.txt. Each document is spans-per-doc sentences of
40 code points; every sentence carries one gold span (1 or 2 codes of 21). Predictions copy the gold
span (70%), shift its boundaries by 1-5 code points (15%), change its code (10%) or replace it with a
span of another code elsewhere in the sentence (5%), so gold and predictions both hold
docs × spans-per-doc spans. No coder has duplicates or overlapping spans of one code.
"""
import argparse, json, os, random

CODES = ["risk.bias", "risk.privacy", "risk.reliability", "risk.transparency", "risk.interpretability",
         "risk.cybersecurity", "risk.dangerous-capabilities", "risk.other",
         "gov.adversarial-testing", "gov.ai-for-safety", "gov.convening", "gov.disclosure", "gov.evaluations",
         "gov.external-auditing", "gov.governance-development", "gov.input-controls", "gov.liability",
         "gov.licensing-registration", "gov.pilots-testbeds", "gov.risk-assessments", "gov.technical-mitigations"]
WORDS = ["model", "data", "risk", "safety", "provider", "shall", "ensure", "audit", "public", "system",
         "report", "agency", "review", "label", "content", "user", "notice", "test", "secure", "train"]

def sentence(rng):
    words, n = [], 0
    while True:
        w = rng.choice(WORDS)
        if n + len(w) + 1 > 37: break
        words.append(w); n += len(w) + 1
    s = " ".join(words).capitalize()
    return (s + "." + " " * 40)[:39] + " "          # 40 code points, ends with ". " padding

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir"); ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--spans-per-doc", type=int, default=100); ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "codes.txt"), "w") as f: f.write("\n".join(CODES) + "\n")
    corpus = open(os.path.join(a.outdir, "corpus.jsonl"), "w")
    gold = open(os.path.join(a.outdir, "gold.jsonl"), "w")
    pred = open(os.path.join(a.outdir, "pred.jsonl"), "w")
    units = open(os.path.join(a.outdir, "units.jsonl"), "w")
    for d in range(a.docs):
        doc = f"doc{d:05d}"
        lang = "zh" if d % 3 == 0 else "en"
        text = "".join(sentence(rng) for _ in range(a.spans_per_doc))
        corpus.write(json.dumps({"id": doc, "text": text, "language": lang, "country": "CN" if lang == "zh" else "US"}) + "\n")
        for u in range(a.spans_per_doc):
            base = u * 40
            units.write(f'{{"doc":"{doc}","unit":{u},"start":{base},"end":{base + 39},"codes":[]}}\n')
            s = base + rng.randint(2, 8); e = s + rng.randint(10, 25)
            codes = rng.sample(CODES, 2 if rng.random() < 0.2 else 1)
            gold.write(json.dumps({"doc": doc, "start": s, "end": e, "codes": codes}, separators=(",", ":")) + "\n")
            r = rng.random()
            ps, pe, pc = s, e, codes
            if r < 0.70: pass
            elif r < 0.85:
                ps = max(base, s + rng.randint(-2, 5)); pe = min(base + 39, e + rng.randint(-5, 5))
                if pe <= ps: pe = ps + 1
            elif r < 0.95: pc = [rng.choice([c for c in CODES if c not in codes])]
            else:
                pc = [rng.choice([c for c in CODES if c not in codes])]; ps = base + 30; pe = base + 38
            pred.write(json.dumps({"doc": doc, "start": ps, "end": pe, "codes": pc}, separators=(",", ":")) + "\n")
    for f in (corpus, gold, pred, units): f.close()

if __name__ == "__main__":
    main()
