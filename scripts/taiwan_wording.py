#!/usr/bin/env python3
"""Taiwan wording: what a lexicon set loses on Chinese text written with Taiwan's words, and which of its
Chinese entries have a Taiwan wording it does not list.

SpanCoder normalizes Traditional script to Simplified (歧視 → 歧视), but not vocabulary: Taiwan writes 網路 for
网络, 資訊 or 資料 for 信息 and 数据, 人工智慧 for 人工智能, 演算法 for 算法. Such words need entries of their
own. OpenCC's s2twp converter renders mainland text in Taiwan's script and words, so:

  agreement LEXDIR   renders the corpus's Chinese originals with s2twp (the held-out gold sources left out,
                     see DEVELOPERS.md), tags the originals and the renderings, and counts how many of the
                     originals' span codes the renderings keep (the sentences stay the same, so span k of
                     one is span k of the other);
  missing LEXDIR     lists each zh term, exclusion, rule-group term and blocker whose s2twp wording (back in Simplified script)
                     differs from it and is not in the same code's file, except where the Taiwan word is
                     ambiguous in mainland text (bare 资料 means "materials" there; 执行, 设定, 效能, 互动,
                     宣告 have mainland senses) — the candidates to add as "Taiwan wording of …".

Needs OpenCC's tables in Python (`pip install opencc-python-reimplemented pyyaml` in a virtual
environment) and a release build (`swift build -c release`).

  python3 scripts/taiwan_wording.py agreement Lexicons/us-china-ai-governance
  python3 scripts/taiwan_wording.py missing Lexicons/us-china-ai-governance
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile

import opencc
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
BINARY = os.path.join(ROOT, ".build", "release", "spancoder")
# Gold sources whose texts are held out from tuning (DEVELOPERS.md, "Held-out data").
HIDDEN = ("cn-deep-synthesis", "cn-ai-content-labeling-2025", "cn-ai-industry-standardization-guide")
# Taiwan words with a mainland sense of their own: a variant that brings one in is not suggested.
AMBIGUOUS = [("运行", "执行"), ("交互", "互动"), ("声明", "宣告"), ("设置", "设定"), ("性能", "效能")]
AMBIGUOUS_ALONE = {"数据", "审核", "用户"}

S2TWP = opencc.OpenCC("s2twp")
T2S = opencc.OpenCC("t2s")


def taiwan(term):
    """The Taiwan wording of a Simplified term, in Simplified script (as SpanCoder normalizes it)."""
    return T2S.convert(S2TWP.convert(term))


def tag(folder, lexicons):
    out = subprocess.run([BINARY, "tag", folder, "--lexicons", lexicons, "--all-spans"],
                         capture_output=True, text=True, check=True).stdout
    spans = collections.defaultdict(list)
    for line in out.splitlines():
        span = json.loads(line)
        spans[span["doc"]].append({c["code"] for c in span["codes"]})
    return spans


def agreement(lexicons):
    with tempfile.TemporaryDirectory() as work:
        original, rendered = os.path.join(work, "original"), os.path.join(work, "taiwan")
        os.makedirs(original)
        os.makedirs(rendered)
        for path in sorted(glob.glob(os.path.join(SHARED, "corpus", "texts", "cn-*.txt"))):
            name = os.path.basename(path)[:-4]
            if name.endswith("-en") or name.startswith(HIDDEN):
                continue
            text = open(path, encoding="utf-8").read()
            open(os.path.join(original, name + ".txt"), "w", encoding="utf-8").write(text)
            open(os.path.join(rendered, name + ".txt"), "w", encoding="utf-8").write(S2TWP.convert(text))
        a, b = tag(original, lexicons), tag(rendered, lexicons)
    total = kept = gained = 0
    lost = collections.Counter()
    for doc in sorted(a):
        if len(a[doc]) != len(b[doc]):
            print(f"{doc}: {len(a[doc])} spans, {len(b[doc])} in Taiwan wording; not compared", file=sys.stderr)
            continue
        for codes, rendered_codes in zip(a[doc], b[doc]):
            total += len(codes)
            kept += len(codes & rendered_codes)
            gained += len(rendered_codes - codes)
            lost.update(codes - rendered_codes)
    print(f"{len(a)} documents: {total} span codes; Taiwan wording keeps {kept} ({kept / max(total, 1):.3f}), "
          f"loses {total - kept}, adds {gained}")
    for code, n in lost.most_common():
        print(f"  lost {n:4d}  {code}")


def missing(lexicons):
    count = 0
    for path in sorted(glob.glob(os.path.join(lexicons, "codes", "*.yaml"))):
        data = yaml.safe_load(open(path, encoding="utf-8"))
        zh = data.get("zh") or {}
        listed = set()
        places = []

        def add(where, terms):
            for term in terms or []:
                text = str(term["term"] if isinstance(term, dict) else term)
                listed.add(text)
                places.append((where, text))

        add("terms", zh.get("terms"))
        add("exclusions", zh.get("exclusions"))
        for name, terms in (zh.get("groups") or {}).items():
            add("group " + name, terms)
        for rule in zh.get("rules") or []:
            for name, terms in (rule.get("groups") or {}).items() if isinstance(rule.get("groups"), dict) else []:
                if isinstance(terms, list):
                    add(f"rule {rule['id']} / {name}", terms)
        # The Taiwan wordings already listed are not rendered again (演算法 would become 演演算法).
        renderings = {taiwan(text) for _, text in places} - {text for _, text in places if taiwan(text) == text}
        for where, text in places:
            variant = taiwan(text)
            if variant == text or variant in listed or text in AMBIGUOUS_ALONE or text in renderings:
                continue
            if any(a in text and b in variant for a, b in AMBIGUOUS):
                continue
            print(f"{data['code']}\t{where}\t{text}\t{variant}")
            count += 1
    # The set-wide blockers (law titles, the regulator's name) need the Taiwan wording as much: 網路安全法
    # would otherwise code cybersecurity where 网络安全法 codes nothing.
    blockers_path = os.path.join(lexicons, "blockers.yaml")
    if os.path.exists(blockers_path):
        blockers = yaml.safe_load(open(blockers_path, encoding="utf-8")) or {}
        texts = [str(t["term"] if isinstance(t, dict) else t) for t in blockers.get("zh") or []]
        for text in texts:
            variant = taiwan(text)
            if variant == text or variant in texts or text in AMBIGUOUS_ALONE or any(a in text and b in variant for a, b in AMBIGUOUS):
                continue
            print(f"(blockers)\tblockers\t{text}\t{variant}")
            count += 1
    print(f"{count} entries without their Taiwan wording", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["agreement", "missing"])
    parser.add_argument("lexicons")
    args = parser.parse_args()
    {"agreement": agreement, "missing": missing}[args.command](args.lexicons)


if __name__ == "__main__":
    main()
