#!/usr/bin/env python3
"""Builds synthetic lexicon sets of a given size for benchmarks, from real n-grams.

A synthetic set is the real set (Lexicons/us-china-ai-governance: its taxonomy, rules, exclusions
and blockers unchanged) with extra terms added to its codes until it holds N terms in all. The extra
terms are n-grams of the real documents in ../shared/corpus (Chinese: 2-6 Han characters; English:
1-4 words, not starting or ending with a stopword), sampled with a seeded generator from all
n-grams except the most frequent ones, so they match about as often as real lexicon terms do
(some often, most rarely), and the matcher sees realistic bytes.

  python3 Benchmarks/make_lexicon.py --entries 2000 --entries 100000
  → Benchmarks/data/lexicon-2000/ (a lexicon set folder: taxonomy.yaml, blockers.yaml, codes/)
    Benchmarks/data/lexicon-2000/terms.txt (every literal the matcher compiles, one a line, for the
    Python baselines; see export_terms.py)
"""
import argparse
import collections
import csv
import os
import random
import re
import shutil
import sys

import yaml

from export_terms import export_terms

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(ROOT, "..", "shared")
DEFAULT_SET = os.path.join(ROOT, "Lexicons", "us-china-ai-governance")

STOPWORDS = set("""a an and are as at be been being but by can could do does for from had has have he her
his if in into is it its may might must no nor not of on or other our shall should so such than that the
their them then there these they this those to under upon was were what when where which while who will
with within without would you your any all each every also only same more most""".split())
ZH_FUNCTION = set("的了和与及或等是在对为以于将并由其之也而把被从向中上下")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")


def ngrams(shared):
    manifest = os.path.join(shared, "corpus", "manifest.csv")
    zh = collections.Counter()
    en = collections.Counter()
    for row in csv.DictReader(open(manifest, encoding="utf-8")):
        text = open(os.path.join(shared, "corpus", row["file"]), encoding="utf-8").read()
        for run in HAN_RUN.findall(text):
            for n in (2, 3, 4, 5, 6):
                for i in range(len(run) - n + 1):
                    gram = run[i:i + n]
                    if gram[0] not in ZH_FUNCTION and gram[-1] not in ZH_FUNCTION:
                        zh[gram] += 1
        for line in text.splitlines():
            words = [w.lower() for w in WORD.findall(line)]
            for n in (1, 2, 3, 4):
                for i in range(len(words) - n + 1):
                    gram = words[i:i + n]
                    if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or (n == 1 and len(gram[0]) < 4):
                        continue
                    en[" ".join(gram)] += 1
    return zh, en


def sample(counter, count, rng, taken):
    """`count` n-grams, leaving out the most frequent 0.5% (they would code nearly every span)."""
    ranked = [g for g, _ in counter.most_common()]
    pool = [g for g in ranked[len(ranked) // 200:] if g not in taken]
    if count > len(pool):
        sys.exit(f"make_lexicon: only {len(pool)} distinct n-grams available, {count} asked for")
    return rng.sample(pool, count)


def make_set(entries, source_set, shared, out, seed, grams):
    codes_dir = os.path.join(source_set, "codes")
    files = sorted(f for f in os.listdir(codes_dir) if f.endswith(".yaml"))
    lexicons = {f: yaml.safe_load(open(os.path.join(codes_dir, f), encoding="utf-8")) for f in files}
    existing = set()
    for lexicon in lexicons.values():
        for language in ("zh", "en"):
            for term in (lexicon.get(language) or {}).get("terms", []):
                existing.add((term["term"] if isinstance(term, dict) else term).lower())
    extra = entries - len(existing)
    if extra < 0:
        sys.exit(f"make_lexicon: the real set already has {len(existing)} terms, more than {entries}")
    rng = random.Random(f"{seed}-{entries}")
    zh, en = grams
    new_zh = sample(zh, extra // 2, rng, existing)
    new_en = sample(en, extra - extra // 2, rng, existing)

    target = os.path.join(out, f"lexicon-{entries}")
    tmp = target + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source_set, tmp)
    # Deal the new terms round-robin over the codes, so every code's lexicon grows alike.
    for index, (language, terms) in enumerate((("zh", new_zh), ("en", new_en))):
        for i, term in enumerate(terms):
            lexicon = lexicons[files[(i + index) % len(files)]]
            lexicon.setdefault(language, {}).setdefault("terms", []).append(term)
    for name, lexicon in lexicons.items():
        with open(os.path.join(tmp, "codes", name), "w", encoding="utf-8") as handle:
            handle.write(f"# Synthetic benchmark lexicon: {name} of the real set plus sampled corpus n-grams.\n")
            yaml.safe_dump(lexicon, handle, allow_unicode=True, sort_keys=False, width=1000)
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)
    count = export_terms(target, os.path.join(target, "terms.txt"))
    print(f"{target}: {len(existing) + extra} terms ({extra} synthetic), {count} literals in terms.txt", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, action="append", required=True, help="terms in all (repeatable)")
    parser.add_argument("--set", default=DEFAULT_SET, help="the real lexicon set to extend")
    parser.add_argument("--shared", default=DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=os.path.join(HERE, "data"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    grams = ngrams(args.shared)
    for entries in args.entries:
        make_set(entries, args.set, args.shared, args.out, args.seed, grams)


if __name__ == "__main__":
    main()
