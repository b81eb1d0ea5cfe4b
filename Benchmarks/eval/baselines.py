#!/usr/bin/env python3
"""Run the established tools on the workload of generate.py, for the ratio against spancoder eval.

Usage: baselines.py nervaluate DIR [--docs N]      nervaluate 1.2.1, the four schemas (span level)
       baselines.py krippendorff DIR [--docs N]    krippendorff 0.9.x, nominal alpha per code and
                                                   pooled over unit x code cells (unit projection)
--docs N takes the first N documents (nervaluate is quadratic per document and linear in documents,
so a subset scales linearly). Prints one JSON line: the tool's own wall and CPU seconds (excluding file loading)
and the result. Run under /usr/bin/time -v for peak memory.
"""
import argparse, json, sys, time
from collections import defaultdict

def load(path, docs):
    by_doc = defaultdict(list)
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["doc"] in docs:
                by_doc[r["doc"]].append(r)
    return by_doc

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["nervaluate", "krippendorff"]); ap.add_argument("dir")
    ap.add_argument("--docs", type=int, default=None)
    a = ap.parse_args()
    codes = [l.strip() for l in open(f"{a.dir}/codes.txt") if l.strip()]
    order = []
    with open(f"{a.dir}/corpus.jsonl") as f:
        for line in f:
            order.append(json.loads(line)["id"])
            if a.docs and len(order) >= a.docs: break
    docs = set(order)
    gold, pred = load(f"{a.dir}/gold.jsonl", docs), load(f"{a.dir}/pred.jsonl", docs)
    if a.tool == "nervaluate":
        from nervaluate import Evaluator
        def ents(by_doc):
            return [[{"label": c, "start": r["start"], "end": r["end"] - 1} for r in by_doc[d] for c in r["codes"]] for d in order]
        t, p = ents(gold), ents(pred)
        t0, c0 = time.perf_counter(), time.process_time()
        res = Evaluator(t, p, tags=codes, loader="dict").evaluate()
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        out = {k: {"f1": round(v.f1, 6), "correct": v.correct} for k, v in res["overall"].items()}
        print(json.dumps({"tool": "nervaluate", "docs": len(order), "seconds": round(secs, 3), "cpu_seconds": round(cpu, 3), "overall": out}))
    else:
        import numpy as np, krippendorff
        units = defaultdict(list)
        with open(f"{a.dir}/units.jsonl") as f:
            for line in f:
                r = json.loads(line)
                if r["doc"] in docs: units[r["doc"]].append((r["start"], r["end"]))
        index = {c: j for j, c in enumerate(codes)}
        n_units = sum(len(units[d]) for d in order)
        mats = np.zeros((2, n_units, len(codes)), dtype=np.float64)
        import bisect
        base = 0
        for d in order:
            us = sorted(units[d]); ends = [e for _, e in us]
            for k, side in enumerate((gold, pred)):
                for r in side[d]:
                    ui = bisect.bisect_right(ends, r["start"])      # first unit ending after the span starts
                    while ui < len(us) and us[ui][0] < r["end"]:
                        for c in r["codes"]: mats[k, base + ui, index[c]] = 1
                        ui += 1
            base += len(us)
        t0, c0 = time.perf_counter(), time.process_time()
        per_code = [krippendorff.alpha(reliability_data=mats[:, :, j], level_of_measurement="nominal") for j in range(len(codes))]
        t1, c1 = time.perf_counter(), time.process_time()
        pooled = krippendorff.alpha(reliability_data=mats.reshape(2, -1), level_of_measurement="nominal")
        t2, c2 = time.perf_counter(), time.process_time()
        print(json.dumps({"tool": "krippendorff", "docs": len(order), "units": n_units, "seconds_per_code": round(t1 - t0, 3),
                          "seconds_pooled": round(t2 - t1, 3),
                          "cpu_seconds_per_code": round(c1 - c0, 3), "cpu_seconds_pooled": round(c2 - c1, 3), "pooled_alpha": round(float(pooled), 6),
                          "per_code_alpha_first": round(float(per_code[0]), 6)}))

if __name__ == "__main__":
    main()
