#!/usr/bin/env python3
"""How the AGORA sentence yardstick's units were drawn (stop 18), kept so the sample can be checked.

Units are SpanCoder sentences of AGORA *tune* documents (`scripts/agora_gold.py --split tune --texts DIR`
links DIR/<AGORA ID>.txt to ../shared/agora/fulltext, so offsets are code points into AGORA's own full
texts), coded blind by AI coding assistants from ../shared/codebook.md and the gold conventions
(`../coding-instructions.md`), one coder per unit; the check half was coded a second time
(`coder2-check.jsonl`).

Three rounds, each split by document into the fix half (errors read, changes chosen) and the check half
(scored only):

  round 1: 40 documents, seed 20261201, 6 coded + 2 uncoded spans per document, spans of
           `spancoder tag --all-spans` at c68ad31 (stop 17);
  round 2: 40 other documents, seed 20261202, 10 coded + 2 uncoded spans per document, spans at 704974f;
  round 3 (`*-policy-*` files): 32 of the 43 documents that are not bills of Congress or a US state
           (executive orders and memoranda, company and international commitments, Chinese rules in
           translation, EU and UK codes), seed 20261203, 10 coded + 2 uncoded, spans at 8512fcb (ALL_SPANS
           tagged from a folder of just those documents' texts). Also left out: 2096 (the English text of a gold document whose labels are not
           public) and seven documents that share 5% or more of their text with a corpus or gold text
           (1781, 2417, 2546, 1111, 2720, 772, 2267).
  round 4 (`*-r4-*` files, stop 30): 36 documents from OUTSIDE AGORA's benchmark set (`Annotated?` false or
           unreviewed machine output, so in neither split and never read for tuning), none a bill: guidance,
           executive orders, strategies, company policies, Chinese and international documents in English.
           Seed 20261204, 8 coded + 2 uncoded, spans at b420502 (stop 29; ALL_SPANS tagged from a folder of
           the candidates' texts). Left out before the draw: bills of Congress and the states, and every
           document that is, translates or shares 2% or more of its text with a corpus, gold or benchmark
           text (1151 TC260-003, 1137 the generative AI measures, 1064 the Shenzhen regulations, 1123 the
           2020 standards guide, 2727, 1955, 1771, 1026, 761, 2050; `scripts/text_overlap.py --threshold 0.02`).
  round 5 (`*-r5-*` files, stop 30): the 25 candidates of round 4 that it did not draw and that pass the
           length and coded-span tests (USED_DOCS: round 4's 36), same exclusions. Seed 20261205, 8 coded + 2
           uncoded, spans at 3a76a94 (after the changes chosen on round 4's fix half).

Left out: tune documents that are corpus documents (1125, 307, 1032) or share text with a validated
document (1560, 1202, 1212, 2686, 523, 809, 813, 1464, 597, 560, 444; `scripts/text_overlap.py`), and
documents under 1,500 characters or with fewer than three coded spans.

  python3 docs/audit/agora/sample.py ALL_SPANS.jsonl TEXTS_DIR ROUND [USED_DOCS...]
"""
import collections
import json
import os
import random
import sys

EXCLUDE = {"1125", "307", "1032", "1560", "1202", "1212", "2686", "523", "809", "813", "1464", "597", "560", "444"}
ROUNDS = {1: (20261201, 6, 40), 2: (20261202, 10, 40), 3: (20261203, 10, 32), 4: (20261204, 8, 36), 5: (20261205, 8, 25)}
# Round 3 also leaves out these (see above); its candidates are the documents of ALL_SPANS, which holds
# only the non-legislative tune documents that rounds 1 and 2 did not use.
EXCLUDE_ROUND_3 = {"2096", "1781", "2417", "2546", "1111", "2720", "772", "2267"}
# Round 4's candidates are outside the benchmark set; these are translations of, or share text with, texts
# that were read or are held out.
EXCLUDE_ROUND_4 = {"1151", "1137", "1064", "1123", "2727", "1955", "1771", "1026", "761", "2050"}


def sample(all_spans, texts, round_, used=()):
    seed, coded_per_doc, document_count = ROUNDS[round_]
    exclude = EXCLUDE | {3: EXCLUDE_ROUND_3, 4: EXCLUDE_ROUND_4, 5: EXCLUDE_ROUND_4}.get(round_, set())
    spans = collections.defaultdict(list)
    with open(all_spans, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            spans[o["doc"]].append(o)
    lengths = {name[:-4]: len(open(os.path.join(texts, name), encoding="utf-8").read())
               for name in os.listdir(texts) if name.endswith(".txt")}
    rng = random.Random(seed)
    candidates = sorted(d for d in spans if d not in exclude and d not in used and lengths.get(d, 0) >= 1500
                        and sum(1 for o in spans[d] if o.get("codes")) >= 3)
    docs = rng.sample(candidates, document_count)
    fix = set(docs[:document_count // 2])
    items = []
    for doc in sorted(docs, key=int):
        ordered = sorted(spans[doc], key=lambda o: o["start"])
        before = {id(o): (ordered[i - 1]["text"] if i else "") for i, o in enumerate(ordered)}
        usable = [o for o in ordered if len(o["text"].strip()) >= 12]
        coded = [o for o in usable if o.get("codes")]
        uncoded = [o for o in usable if not o.get("codes")]
        pick = rng.sample(coded, min(coded_per_doc, len(coded))) + rng.sample(uncoded, min(2, len(uncoded)))
        for o in sorted(pick, key=lambda o: o["start"]):
            items.append(dict(id=f"{doc}:{o['start']}", doc=doc, half="fix" if doc in fix else "check",
                              start=o["start"], end=o["end"], text=o["text"], context_before=before[id(o)][-300:]))
    return items


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    for item in sample(sys.argv[1], sys.argv[2], int(sys.argv[3]), set(sys.argv[4:])):
        print(json.dumps(item, ensure_ascii=False))
