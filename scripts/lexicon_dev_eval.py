#!/usr/bin/env python3
"""Score a lexicon set on sentence-unit gold, reproducing SpanCoder's matching semantics.

For fast iteration on lexicon content before (and beside) the Swift engine. Semantics (docs/lexicons.md):
  * text and terms: NFKC + case folding, typographic punctuation folded to ASCII, runs of white space
    collapsed to one space (Traditional -> Simplified is done by the Swift normalizer, not here);
  * Latin-script terms match at word edges (a word character is a letter, digit or mark that is not
    Han/kana/Hangul); `stem*` matches the stem plus the rest of the word; Han terms match anywhere;
  * a match strictly inside a longer match of any entry (any code's term, rule-group term, exclusion or
    blocker, set-wide or declared in a code file) is suppressed;
  * a code's score in a unit = sum of the weights of its distinct matched terms + weights of its fired
    rules; any matched exclusion of the code cancels it; proposed when score >= threshold (1.0).

Usage:
  scripts/lexicon_dev_eval.py Lexicons/us-china-ai-governance [--gold ../shared/gold/dev/labels.jsonl]
      [--errors CODE|all] [--lang zh|en] [--threshold 1.0] [--pred-out pred.jsonl]
  scripts/lexicon_dev_eval.py SET --agora ../shared/agora [--min-spans 1]
  scripts/lexicon_dev_eval.py SET --pairs [--pairs-pred PRED.jsonl]   (zh/en article agreement on
      cn-genai-measures-2023; with --pairs-pred, of SpanCoder's predictions projected onto the gold units)
"""
import argparse, collections, csv, glob, json, os, re, sys, unicodedata

import yaml

PUNCT = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                       "‟": '"', "″": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-"})
WS = re.compile(r"\s+")


def norm(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(PUNCT)
    return WS.sub(" ", s)


def is_han(ch):
    o = ord(ch)
    return (0x2E80 <= o <= 0x2FDF or 0x3005 <= o <= 0x3007 or 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF
            or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or o >= 0x20000)


def is_word(ch):
    if is_han(ch):
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


class Entry:
    __slots__ = ("text", "stem", "prefix", "weight", "kind", "code", "lang", "key")

    def __init__(self, raw, kind, code, lang):
        if isinstance(raw, dict):
            text, weight = raw["term"], float(raw.get("weight", 1.0))
        else:
            text, weight = str(raw), 1.0
        self.text, self.weight, self.kind, self.code, self.lang = text, weight, kind, code, lang
        self.prefix = text.endswith("*")
        self.stem = norm(text[:-1] if self.prefix else text)
        self.key = (kind, code, text)


class LexSet:
    def __init__(self, directory):
        self.dir = directory
        tax = yaml.safe_load(open(os.path.join(directory, "taxonomy.yaml"), encoding="utf-8"))
        self.codes = [c["id"] for c in tax["codes"]]
        self.entries = []  # all entries for matching
        self.rules = collections.defaultdict(list)  # code -> [(id, groups[list of entry lists], need, window, weight)]
        bpath = os.path.join(directory, "blockers.yaml")
        if os.path.exists(bpath):
            b = yaml.safe_load(open(bpath, encoding="utf-8")) or {}
            for lang in ("zh", "en"):
                for t in b.get(lang) or []:
                    self.entries.append(Entry(t, "blocker", None, lang))
        for path in sorted(glob.glob(os.path.join(directory, "codes", "*.yaml"))):
            doc = yaml.safe_load(open(path, encoding="utf-8"))
            code = doc["code"]
            for lang in ("zh", "en"):
                sec = doc.get(lang) or {}
                shared = sec.get("groups") or {}
                for t in sec.get("terms") or []:
                    self.entries.append(Entry(t, "term", code, lang))
                for t in sec.get("exclusions") or []:
                    self.entries.append(Entry(t, "exclusion", code, lang))
                for t in sec.get("blockers") or []:
                    self.entries.append(Entry(t, "codeblocker", code, lang))
                for r in sec.get("rules") or []:
                    groups = []
                    g = r["groups"]
                    items = [(n, shared[n]) for n in g] if isinstance(g, list) else [
                        (n, shared[v[1:]] if isinstance(v, str) and v.startswith("@") else v) for n, v in g.items()]
                    for name, terms in items:
                        es = [Entry(t, "group", code, lang) for t in terms]
                        for e in es:
                            e.key = ("group", code, r["id"], name, e.text)
                        self.entries.extend(es)
                        groups.append(es)
                    mode = str(r.get("mode", "all"))
                    if isinstance(r.get("mode"), dict):
                        need = int(r["mode"]["at_least"])
                    elif mode == "all":
                        need = len(groups)
                    elif mode == "any":
                        need = 1
                    else:
                        need = int(mode.replace("_", " ").split()[-1])
                    w = str(r.get("within", "span")).split()
                    window = None if w == ["span"] else (int(w[0]), w[1][0])  # ('c' or 'w')
                    self.rules[code].append((r["id"], groups, need, window, float(r.get("weight", 1.0))))
        # index entries by first char of stem for speed
        self.by_first = collections.defaultdict(list)
        for e in self.entries:
            if e.stem:
                self.by_first[e.stem[0]].append(e)

    def matches(self, text):
        """All (start, end, entry) over normalized text, before suppression."""
        out = []
        n = len(text)
        for i, ch in enumerate(text):
            for e in self.by_first.get(ch, ()):
                s = e.stem
                if not text.startswith(s, i):
                    continue
                if is_word(s[0]) and i > 0 and is_word(text[i - 1]):
                    continue
                end = i + len(s)
                if e.prefix:
                    while end < n and is_word(text[end]):
                        end += 1
                elif is_word(s[-1]) and end < n and is_word(text[end]):
                    continue
                out.append((i, end, e))
        return out

    def classify(self, raw, threshold=1.0, explain=False):
        text = norm(raw)
        ms = self.matches(text)
        # suppression: strictly inside a longer match of a term/group/blocker (code blockers: same code only)
        live = []
        for s, e, en in ms:
            sup = False
            for s2, e2, en2 in ms:
                if s2 <= s and e <= e2 and (e2 - s2) > (e - s):
                    sup = True
                    break
            if not sup:
                live.append((s, e, en))
        scores = collections.defaultdict(float)
        evidence = collections.defaultdict(list)
        excluded = set()
        seen = set()
        group_hits = collections.defaultdict(list)
        for s, e, en in live:
            if en.kind == "term":
                if en.key not in seen:
                    seen.add(en.key)
                    scores[en.code] += en.weight
                    evidence[en.code].append(en.text)
            elif en.kind == "exclusion":
                excluded.add(en.code)
                evidence[en.code].append("EXCL:" + en.text)
            elif en.kind == "group":
                group_hits[id(en)].append((s, e))
        for code, rules in self.rules.items():
            for rid, groups, need, window, weight in rules:
                hits = [sorted(h for en in g for h in group_hits.get(id(en), [])) for g in groups]
                ok = [h for h in hits if h]
                if len(ok) < need:
                    continue
                if window is None:
                    fired = True
                else:
                    fired = window_ok(text, ok, need, window)
                if fired:
                    scores[code] += weight
                    evidence[code].append("RULE:" + rid)
        codes = {c for c, v in scores.items() if v >= threshold - 1e-9 and c not in excluded}
        if explain:
            return codes, {c: (scores[c], evidence[c]) for c in set(scores) | excluded}
        return codes


def word_pos(text):
    """Word index at each char: Latin words count once, each Han char counts one word."""
    idx = []
    w = -1
    prev_word = False
    for ch in text:
        if is_han(ch):
            w += 1
            prev_word = False
        elif is_word(ch):
            if not prev_word:
                w += 1
            prev_word = True
        else:
            prev_word = False
        idx.append(max(w, 0))
    return idx


def window_ok(text, hit_lists, need, window):
    n, unit = window
    import itertools
    wp = word_pos(text) if unit == "w" else None
    for combo_groups in itertools.combinations(hit_lists, need):
        for combo in itertools.product(*combo_groups):
            lo = min(s for s, e in combo)
            hi = max(e for s, e in combo)
            if unit == "c":
                if hi - lo <= n:
                    return True
            else:
                if wp[hi - 1] - wp[lo] + 1 <= n:
                    return True
    return False


def lang_of(doc):
    return doc.rsplit(".", 1)[-1]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def eval_gold(lex, gold_path, threshold, errors, only_lang, pred_out):
    units = [json.loads(l) for l in open(gold_path, encoding="utf-8")]
    stats = collections.defaultdict(lambda: collections.Counter())
    err_lines = []
    preds = []
    for u in units:
        lang = lang_of(u["doc"])
        if only_lang and lang != only_lang:
            continue
        pred, ev = lex.classify(u["text"], threshold, explain=True)
        gold = set(u["codes"])
        preds.append({"doc": u["doc"], "start": u["start"], "end": u["end"], "codes": sorted(pred)})
        for c in pred | gold:
            k = "tp" if c in pred and c in gold else "fp" if c in pred else "fn"
            stats[(lang, c)][k] += 1
            if k != "tp" and (errors == "all" or errors == c):
                info = ev.get(c, (0, []))
                err_lines.append(f"{k.upper()} {c} [{u['doc']}#{u['unit']}] score={info[0]:.2f} ev={info[1]} :: {u['text'][:200]}")
    if pred_out:
        with open(pred_out, "w", encoding="utf-8") as f:
            for p in preds:
                f.write(json.dumps(p, ensure_ascii=False) + "\n")
    summary = {}
    for lang in ("zh", "en"):
        rows = [(c, stats[(lang, c)]) for c in lex.codes if sum(stats[(lang, c)].values())]
        if not rows:
            continue
        print(f"\n== {lang} ==  code  P R F1  (tp fp fn)")
        T = collections.Counter()
        fs = []
        for c, s in rows:
            p, r, f = prf(s["tp"], s["fp"], s["fn"])
            T.update(s)
            fs.append(f)
            flag = " <" if f < 0.4 and s["tp"] + s["fn"] >= 5 else ""
            print(f"{c:32s} {p:.2f} {r:.2f} {f:.2f}  ({s['tp']} {s['fp']} {s['fn']}){flag}")
        p, r, f = prf(T["tp"], T["fp"], T["fn"])
        macro = sum(fs) / len(fs)
        gold_codes = [f for (c, s), f in zip(rows, fs) if s["tp"] + s["fn"] > 0]
        print(f"{lang} micro P={p:.3f} R={r:.3f} F1={f:.3f}  macro F1={macro:.3f} (codes in gold or pred)  "
              f"macro over gold codes={sum(gold_codes) / max(1, len(gold_codes)):.3f}")
        summary[lang] = (f, macro)
    if err_lines:
        print("\n" + "\n".join(err_lines))
    return summary


def eval_agora(lex, agora, min_spans, threshold, split="validated"):
    """split: validated (the 226 benchmark documents), tune (annotated, machine-free, not validated: for
    tuning without touching the benchmark), all (both)."""
    mapping = {}
    for row in csv.DictReader(open(os.path.join(agora, "mapping.csv"), encoding="utf-8-sig")):
        if row["agora_tags"].strip():
            mapping[row["code"]] = [t.strip() for t in row["agora_tags"].split("|")]
    docs = list(csv.DictReader(open(os.path.join(agora, "documents.csv"), encoding="utf-8-sig")))
    truth = lambda v: str(v).strip().lower() == "true"
    stats = collections.defaultdict(collections.Counter)
    splitter = re.compile(r"(?<=[.!?。！？;；])\s+|\n+")
    n = 0
    for d in docs:
        if not truth(d.get("Annotated?")):
            continue
        validated = truth(d.get("Validated?"))
        if (split == "validated" and not validated) or (split == "tune" and validated):
            continue
        if truth(d.get("Summaries and tags may include unreviewed machine output")):
            continue
        path = os.path.join(agora, "fulltext", f"{d['AGORA ID']}.txt")
        if not os.path.exists(path):
            continue
        n += 1
        text = open(path, encoding="utf-8", errors="replace").read()
        counts = collections.Counter()
        for sent in splitter.split(text):
            if sent.strip():
                for c in lex.classify(sent, threshold):
                    counts[c] += 1
        for code, tags in mapping.items():
            gold = any(truth(d.get(t)) for t in tags)
            pred = counts[code] >= min_spans
            k = "tp" if gold and pred else "fp" if pred else "fn" if gold else None
            if k:
                stats[code][k] += 1
    T = collections.Counter()
    fs = []
    print(f"AGORA documents scored: {n}, min spans {min_spans}")
    for code in mapping:
        s = stats[code]
        p, r, f = prf(s["tp"], s["fp"], s["fn"])
        T.update(s)
        fs.append(f)
        print(f"{code:32s} {p:.2f} {r:.2f} {f:.2f} ({s['tp']} {s['fp']} {s['fn']})")
    p, r, f = prf(T["tp"], T["fp"], T["fn"])
    print(f"AGORA micro P={p:.3f} R={r:.3f} F1={f:.3f} macro F1={sum(fs) / len(fs):.3f}")


def eval_pairs(lex, gold_path, threshold, pred_path=None):
    """Article-level code agreement between the zh original and en translation of the GenAI measures.

    With pred_path (SpanCoder JSONL from `spancoder tag`), a unit's codes are those of the predicted spans
    that overlap it, so the number is SpanCoder's own; without it, the Python mirror classifies each unit."""
    units = [json.loads(l) for l in open(gold_path, encoding="utf-8")]
    if pred_path:
        spans = collections.defaultdict(list)
        for line in open(pred_path, encoding="utf-8"):
            if line.strip():
                p = json.loads(line)
                spans[p["doc"]].append((p["start"], p["end"], {c["code"] if isinstance(c, dict) else c for c in p["codes"]}))

        def unit_codes(u):
            return set().union(*[c for s, e, c in spans[u["doc"]] if s < u["end"] and u["start"] < e])
    else:
        def unit_codes(u):
            return lex.classify(u["text"], threshold)
    arts = {"zh": collections.defaultdict(set), "en": collections.defaultdict(set)}
    cur = {"zh": 0, "en": 0}
    zh_num = re.compile(r"^第([一二三四五六七八九十百]+)条")
    en_num = re.compile(r"^Article (\d+)$")
    cn = {c: i for i, c in enumerate("零一二三四五六七八九")}

    def zh_int(s):
        if s.startswith("十"):
            s = "一" + s
        if "十" in s:
            a, b = s.split("十")
            return cn[a] * 10 + (cn[b] if b else 0)
        return cn[s]

    for u in units:
        if u["doc"] == "cn-genai-measures-2023.zh":
            m = zh_num.match(u["text"])
            if m:
                cur["zh"] = zh_int(m.group(1))
            arts["zh"][cur["zh"]] |= unit_codes(u)
        elif u["doc"] == "cn-genai-measures-2023.en":
            m = en_num.match(u["text"].strip())
            if m:
                cur["en"] = int(m.group(1))
            arts["en"][cur["en"]] |= unit_codes(u)
    js, coded = [], []
    for a in sorted(set(arts["zh"]) | set(arts["en"])):
        if a == 0:
            continue
        z, e = arts["zh"][a], arts["en"][a]
        j = 1.0 if not z and not e else len(z & e) / len(z | e)
        js.append(j)
        if z or e:
            coded.append(j)
        if j < 1:
            print(f"article {a}: J={j:.2f} zh-only={sorted(z - e)} en-only={sorted(e - z)}")
    print(f"zh/en article agreement: mean Jaccard {sum(js) / len(js):.3f} over {len(js)} articles "
          f"(articles without codes on both sides count 1); {sum(coded) / max(1, len(coded)):.3f} over the {len(coded)} "
          f"articles where either language has a code")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("--gold", default=os.path.join(os.path.dirname(__file__), "../../shared/gold/dev/labels.jsonl"))
    ap.add_argument("--errors", default=None)
    ap.add_argument("--lang", default=None)
    ap.add_argument("--threshold", type=float, default=1.0)
    ap.add_argument("--pred-out", default=None)
    ap.add_argument("--agora", default=None)
    ap.add_argument("--split", default="validated", choices=["validated", "tune", "all"])
    ap.add_argument("--min-spans", type=int, default=1)
    ap.add_argument("--pairs", action="store_true")
    ap.add_argument("--pairs-pred", default=None, help="with --pairs: score SpanCoder's predictions (JSONL) instead of the mirror")
    ap.add_argument("--explain", default=None)
    ap.add_argument("--tag", default=None, help="print each sentence of a text file with its codes and evidence")
    a = ap.parse_args()
    lex = LexSet(a.set)
    if a.tag:
        text = open(a.tag, encoding="utf-8").read()
        for line in text.split("\n"):
            for sent in re.split(r"(?<=[。！？；])|(?<=[.!?;])\s+(?=[A-Z0-9(\[])", line):
                if not sent or not sent.strip():
                    continue
                codes, ev = lex.classify(sent, a.threshold, explain=True)
                tags = " ".join(f"{c}{ev[c][1]}" for c in sorted(codes))
                print(f"{'*' if codes else ' '} {sent.strip()[:220]}\n      -> {tags}" if codes else f"  {sent.strip()[:220]}")
        return
    if a.explain:
        codes, ev = lex.classify(a.explain, a.threshold, explain=True)
        print(sorted(codes), ev)
    elif a.agora:
        eval_agora(lex, a.agora, a.min_spans, a.threshold, a.split)
    elif a.pairs:
        eval_pairs(lex, a.gold, a.threshold, a.pairs_pred)
    else:
        eval_gold(lex, a.gold, a.threshold, a.errors, a.lang, a.pred_out)


if __name__ == "__main__":
    main()
