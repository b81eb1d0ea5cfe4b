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

--unmatched isolates lexicon size from match volume: lexicon-N-unmatched is lexicon-2000 (the same
real set and the same sampled n-grams, so every match of lexicon-2000 is still there) plus N - 2000
terms that look like the corpus but occur nowhere in it: Chinese, 2-6 Han characters drawn by the
corpus's own character frequencies; English, 2-4 words drawn by the corpus's word frequencies (a
single corpus word always occurs), with the stopword rules above. "Nowhere" is checked on the
documents' normalized, lower-cased sentences *and* across every sentence boundary make_corpus.py
can create (it shuffles sentences and joins them), so no corpus it makes contains one: scanned
text gets exactly the matches of lexicon-2000, only the automaton grows.

  python3 Benchmarks/make_lexicon.py --entries 100000 --unmatched
  → Benchmarks/data/lexicon-100000-unmatched/
"""
import argparse
import collections
import csv
import os
import random
import re
import shutil
import sys
import unicodedata

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


def corpus_texts(shared):
    """The text of every real document in the corpus manifest."""
    manifest = os.path.join(shared, "corpus", "manifest.csv")
    for row in csv.DictReader(open(manifest, encoding="utf-8")):
        yield open(os.path.join(shared, "corpus", row["file"]), encoding="utf-8").read()


def ngrams(shared):
    zh = collections.Counter()
    en = collections.Counter()
    for text in corpus_texts(shared):
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


DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
LATIN_RUN = re.compile(r"[a-z\-]+")


def normalized(text):
    """What SpanCoder's matching normalizer makes of `text`, as far as Han runs and lower-case
    words go: NFKC, case folding, dashes to ASCII, white space runs to one space."""
    return re.sub(r"\s+", " ", DASHES.sub("-", unicodedata.normalize("NFKC", text).casefold())).strip()


class Absence:
    """Answers "can this term occur in a corpus that make_corpus.py builds?" for Han strings and
    lower-case word sequences, exactly for Han strings and conservatively (never a false "absent")
    for word sequences.

    make_corpus.py shuffles the documents' sentences and joins them with "" (Chinese) or " ", so
    besides the text inside each sentence, any sentence end can meet any sentence start.
    """

    def __init__(self, shared, vocabulary):
        sys.path.insert(0, HERE)
        from make_corpus import load_pools
        sentences = [normalized(s) for paragraphs in load_pools(shared).values() for p in paragraphs for s in p]
        self.han = set()        # every Han substring of 2-6 characters inside a sentence
        self.han_ends = set()   # Han suffixes (1-5 characters) of sentences that end with Han
        self.han_starts = set() # Han prefixes (1-5 characters) of sentences that start with Han
        self.pairs = set()      # (a, b): a ends a word and b starts the next one, one space between
        self.word_ends = set()  # vocabulary words ending the last word of a sentence that ends with it
        self.word_starts = set()
        for sentence in sentences:
            for run in HAN_ONLY.findall(sentence):
                for n in range(2, 7):
                    for i in range(len(run) - n + 1):
                        self.han.add(run[i:i + n])
            head = HAN_ONLY.match(sentence)
            if head:
                self.han_starts.update(head.group(0)[:k] for k in range(1, 6))
            tail = re.search(r"[\u4e00-\u9fff]+$", sentence)
            if tail:
                self.han_ends.update(tail.group(0)[-k:] for k in range(1, 6))
            words = list(LATIN_RUN.finditer(sentence))
            for left, right in zip(words, words[1:]):
                if sentence[left.end():right.start()] == " ":
                    for a in self._suffixes(left.group(0), vocabulary):
                        for b in self._prefixes(right.group(0), vocabulary):
                            self.pairs.add((a, b))
            if words and words[0].start() == 0:
                self.word_starts.update(self._prefixes(words[0].group(0), vocabulary))
            if words and words[-1].end() == len(sentence):
                self.word_ends.update(self._suffixes(words[-1].group(0), vocabulary))

    @staticmethod
    def _suffixes(word, vocabulary):
        return [word[i:] for i in range(len(word)) if word[i:] in vocabulary]

    @staticmethod
    def _prefixes(word, vocabulary):
        return [word[:i] for i in range(1, len(word) + 1) if word[:i] in vocabulary]

    def han_absent(self, term):
        if term in self.han:
            return False
        return not any(term[:k] in self.han_ends and term[k:] in self.han_starts for k in range(1, len(term)))

    def words_absent(self, words):
        # An occurrence needs each pair of neighbouring words at a word end, one space, a word start.
        return any((a, b) not in self.pairs and not (a in self.word_ends and b in self.word_starts)
                   for a, b in zip(words, words[1:]))


def vocabularies(shared):
    """Han character and English word frequencies of the real documents."""
    chars = collections.Counter()
    words = collections.Counter()
    for text in corpus_texts(shared):
        for run in HAN_RUN.findall(text):
            chars.update(run)
        words.update(w.lower() for w in WORD.findall(text))
    return chars, words


def sample_unmatched(count, rng, taken, chars, words, absence):
    """`count` terms, half Chinese and half English, that occur nowhere in the corpus (see Absence)."""
    han, han_weights = zip(*sorted(chars.items()))
    vocabulary, word_weights = zip(*sorted(words.items()))
    made = []
    seen = set(taken)
    while len(made) < count // 2:
        term = "".join(rng.choices(han, han_weights, k=rng.randint(2, 6)))
        if term[0] in ZH_FUNCTION or term[-1] in ZH_FUNCTION or term in seen or not absence.han_absent(term):
            continue
        seen.add(term)
        made.append(("zh", term))
    while len(made) < count:
        picked = rng.choices(vocabulary, word_weights, k=rng.randint(2, 4))
        term = " ".join(picked)
        if picked[0] in STOPWORDS or picked[-1] in STOPWORDS or term in seen or not absence.words_absent(picked):
            continue
        seen.add(term)
        made.append(("en", term))
    return made


def sample(counter, count, rng, taken):
    """`count` n-grams, leaving out the most frequent 0.5% (they would code nearly every span)."""
    ranked = [g for g, _ in counter.most_common()]
    pool = [g for g in ranked[len(ranked) // 200:] if g not in taken]
    if count > len(pool):
        sys.exit(f"make_lexicon: only {len(pool)} distinct n-grams available, {count} asked for")
    return rng.sample(pool, count)


def load_lexicons(source_set):
    codes_dir = os.path.join(source_set, "codes")
    files = sorted(f for f in os.listdir(codes_dir) if f.endswith(".yaml"))
    return files, {f: yaml.safe_load(open(os.path.join(codes_dir, f), encoding="utf-8")) for f in files}


def deal(lexicons, files, language, terms, offset):
    """Deals terms round-robin over the codes, so every code's lexicon grows alike."""
    for i, term in enumerate(terms):
        lexicon = lexicons[files[(i + offset) % len(files)]]
        lexicon.setdefault(language, {}).setdefault("terms", []).append(term)


def extend(entries, source_set, seed, grams):
    """The real set plus sampled n-grams up to `entries` terms: (files, lexicons, every term lower-cased)."""
    files, lexicons = load_lexicons(source_set)
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
    deal(lexicons, files, "zh", new_zh, 0)
    deal(lexicons, files, "en", new_en, 1)
    return files, lexicons, existing | set(new_zh) | set(new_en)


def write_set(name, source_set, lexicons, out, note):
    target = os.path.join(out, name)
    tmp = target + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        shutil.copytree(source_set, tmp)
        for file, lexicon in lexicons.items():
            with open(os.path.join(tmp, "codes", file), "w", encoding="utf-8") as handle:
                handle.write(f"# Synthetic benchmark lexicon: {file} of the real set plus {note}.\n")
                yaml.safe_dump(lexicon, handle, allow_unicode=True, sort_keys=False, width=1000)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # A folder cannot replace a non-empty one in one rename: the old set steps aside first, so that a
    # failure leaves either the old set or the new one under its name.
    old = target + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(target):
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(old):
            os.replace(old, target)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target, export_terms(target, os.path.join(target, "terms.txt"))


def make_set(entries, source_set, out, seed, grams):
    files, lexicons, terms = extend(entries, source_set, seed, grams)
    target, count = write_set(f"lexicon-{entries}", source_set, lexicons, out, "sampled corpus n-grams")
    print(f"{target}: {len(terms)} terms, {count} literals in terms.txt", file=sys.stderr)


def make_unmatched_set(entries, base, source_set, shared, out, seed, grams):
    """lexicon-`base` plus terms that never occur in the corpus, up to `entries` terms."""
    files, lexicons, terms = extend(base, source_set, seed, grams)
    if entries < len(terms):
        sys.exit(f"make_lexicon: lexicon-{base} already has {len(terms)} terms, more than {entries}")
    chars, words = vocabularies(shared)
    absence = Absence(shared, set(words))
    rng = random.Random(f"{seed}-{entries}-unmatched")
    made = sample_unmatched(entries - len(terms), rng, terms, chars, words, absence)
    deal(lexicons, files, "zh", [t for language, t in made if language == "zh"], 0)
    deal(lexicons, files, "en", [t for language, t in made if language == "en"], 1)
    target, count = write_set(f"lexicon-{entries}-unmatched", source_set, lexicons, out,
                              f"the n-grams of lexicon-{base} plus terms that occur nowhere in the corpus")
    print(f"{target}: {len(terms) + len(made)} terms ({len(made)} never in the corpus), {count} literals in terms.txt",
          file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, action="append", required=True, help="terms in all (repeatable)")
    parser.add_argument("--set", default=DEFAULT_SET, help="the real lexicon set to extend")
    parser.add_argument("--shared", default=DEFAULT_SHARED)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--unmatched", action="store_true",
                        help="write lexicon-N-unmatched: lexicon-BASE plus terms that occur nowhere in the corpus")
    parser.add_argument("--base", type=int, default=2000, help="the set --unmatched extends (default 2000)")
    parser.add_argument("--out", default=os.path.join(HERE, "data"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    grams = ngrams(args.shared)
    for entries in args.entries:
        if args.unmatched:
            make_unmatched_set(entries, args.base, args.set, args.shared, args.out, args.seed, grams)
        else:
            make_set(entries, args.set, args.out, args.seed, grams)


if __name__ == "__main__":
    main()
