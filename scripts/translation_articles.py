#!/usr/bin/env python3
"""Project sentence-level gold of a Chinese rule onto its English translation, article by article.

A translation says what the original says, so each English article should get the codes the gold gives
the Chinese article's units (their union). That makes an article-level yardstick for the English lexicon
on text it was never tuned on, from labels that exist already. The articles are found by their heads:
第…条 in Chinese, "Article N" at a line start in English; both texts must have the same number of them.

Writes SpanCoder gold and units files (JSONL, code point offsets, half-open) for the English text and, to
compare like with like, the same article units for the Chinese text. Reads only the paths given.

  python3 scripts/translation_articles.py --gold ../shared/gold/dev/labels.jsonl \
      --gold-doc cn-algorithm-recommendation-2021.zh \
      --zh-doc cn-algorithmic-recommendation-provisions-2021 --zh-text ../shared/corpus/texts/cn-algorithmic-recommendation-provisions-2021.txt \
      --en-doc cn-algorithm-recommendation-2021-en --en-text ../shared/corpus/texts/cn-algorithm-recommendation-2021-en.txt \
      --out /tmp/ar
  spancoder tag ../shared/corpus/texts --lexicons Lexicons/us-china-ai-governance -o /tmp/ar/pred.jsonl
  spancoder eval --gold /tmp/ar/gold-en.jsonl --pred /tmp/ar/pred.jsonl --units /tmp/ar/units-en.jsonl \
      --texts ../shared/corpus/texts --mode unit          # and -zh for the original
"""
import argparse
import json
import os
import re
import sys

ZH_HEAD = re.compile(r"^第[一二三四五六七八九十百零〇]+条", re.M)
EN_HEAD = re.compile(r"^Article \d+", re.M)


def articles(text, head):
    starts = [m.start() for m in head.finditer(text)]
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True, help="sentence-level gold (JSONL with doc, start, end, codes)")
    ap.add_argument("--gold-doc", required=True, help="the Chinese document's id in the gold file")
    ap.add_argument("--zh-doc", required=True, help="id to write for the Chinese text")
    ap.add_argument("--zh-text", required=True)
    ap.add_argument("--en-doc", required=True, help="id to write for the English text")
    ap.add_argument("--en-text", required=True)
    ap.add_argument("--out", required=True, help="folder for gold-en, units-en, gold-zh, units-zh (.jsonl)")
    a = ap.parse_args()

    with open(a.zh_text, encoding="utf-8") as f:
        zh = f.read()
    with open(a.en_text, encoding="utf-8") as f:
        en = f.read()
    gold = []
    with open(a.gold, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            unit = json.loads(line)
            if unit["doc"] != a.gold_doc:
                continue
            if not (0 <= unit["start"] <= unit["end"] <= len(zh)):
                sys.exit(f"{a.gold}:{number}: [{unit['start']}, {unit['end']}) is outside {a.zh_text} ({len(zh)} code points)")
            gold.append(unit)
    if not gold:
        sys.exit(f"{a.gold}: no units of {a.gold_doc}")
    zh_articles, en_articles = articles(zh, ZH_HEAD), articles(en, EN_HEAD)
    if len(zh_articles) != len(en_articles) or not zh_articles:
        sys.exit(f"{len(zh_articles)} Chinese articles but {len(en_articles)} English ones: the texts do not align")
    outside = [u for u in gold if u["start"] < zh_articles[0][0] and u["codes"]]
    if outside:
        print(f"note: {len(outside)} coded units before the first article are left out", file=sys.stderr)

    os.makedirs(a.out, exist_ok=True)
    files = {}
    coded = 0
    try:
        for name in ("gold-en", "units-en", "gold-zh", "units-zh"):
            files[name] = open(os.path.join(a.out, name + ".jsonl.tmp"), "w", encoding="utf-8")
        for (zs, ze), (es, ee) in zip(zh_articles, en_articles):
            codes = sorted({c for u in gold if zs <= u["start"] < ze for c in u["codes"]})
            coded += bool(codes)
            for lang, doc, start, end in (("en", a.en_doc, es, ee), ("zh", a.zh_doc, zs, ze)):
                files["gold-" + lang].write(json.dumps({"doc": doc, "start": start, "end": end, "codes": codes}, ensure_ascii=False) + "\n")
                files["units-" + lang].write(json.dumps({"doc": doc, "start": start, "end": end}) + "\n")
        # All four are closed (flushed) before any replaces its predecessor.
        for f in files.values():
            f.close()
        for name, f in files.items():
            os.replace(f.name, os.path.join(a.out, name + ".jsonl"))
    except BaseException:
        for f in files.values():
            f.close()
            if os.path.exists(f.name):
                os.remove(f.name)
        raise
    print(f"{len(zh_articles)} articles, {coded} with codes; wrote {a.out}/gold-en.jsonl, units-en.jsonl, gold-zh.jsonl, units-zh.jsonl",
          file=sys.stderr)


if __name__ == "__main__":
    main()
