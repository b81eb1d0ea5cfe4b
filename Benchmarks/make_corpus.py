#!/usr/bin/env python3
"""Builds large benchmark corpora from the real documents in ../shared/corpus.

The text stays realistic because every sentence is a real one: the documents are split into
sentences, and new documents are drawn from those sentences (shuffled, repeated as often as the
requested size needs) with a seeded generator, so the same command always writes the same bytes.

For each language (zh, en, mixed) and size it writes, under Benchmarks/data/ (git-ignored):
  corpus-LANG-SIZE.jsonl   one document a line: {"id", "text", "language"}   (what `spancoder tag` streams)
  corpus-LANG-SIZE.txt     the same documents as plain text, one paragraph a line, a blank line
                           between documents (what the Python baselines read)

  python3 Benchmarks/make_corpus.py --size 10M --size 100M          # zh, en and mixed
  python3 Benchmarks/make_corpus.py --size 64K --lang mixed --out Benchmarks/data/smoke
  python3 Benchmarks/make_corpus.py --size 10M --lang mixed --paragraphs --sentences

--paragraphs also writes corpus-LANG-paragraphs-SIZE.jsonl: the same text with each paragraph a
document of its own (a few hundred bytes each), as in corpora of passages or segments, where what a
document costs beyond its bytes shows; --sentences writes corpus-LANG-sentences-SIZE.jsonl, each
sentence a document (as sentence-level coding units are).

Sizes count UTF-8 bytes of document text (K, M, G suffixes are powers of 1024); a corpus stops at
the first document that reaches the size, so it is at most one document larger.
"""
import argparse
import csv
import contextlib
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHARED = os.path.join(HERE, "..", "..", "shared")

# Chinese sentences end at 。！？ (full-width ！？ too) or at a line end; English at .!? followed by
# space and a capital, quote or digit. Abbreviations ("U.S. Government") split now and then, which
# only makes some sentences shorter: the text stays real.
ZH_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』)]*|$)")
EN_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def parse_size(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KkMmGg]?)[Bb]?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"bad size {text!r}: expected a number with K, M or G, e.g. 10M")
    scale = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2).lower()]
    return int(float(match.group(1)) * scale)


def size_label(text):
    return text.upper().rstrip("B")


def split_sentences(line, language):
    if language == "zh":
        parts = [m.group(0) for m in ZH_SENTENCE.finditer(line)]
    else:
        parts = EN_BOUNDARY.split(line)
    return [p.strip() for p in parts if p and p.strip()]


def load_pools(shared):
    """Returns {language: [paragraph, ...]} where each paragraph is a list of sentences."""
    manifest = os.path.join(shared, "corpus", "manifest.csv")
    try:
        rows = list(csv.DictReader(open(manifest, encoding="utf-8")))
    except OSError as error:
        sys.exit(f"make_corpus: cannot read {manifest}: {error.strerror} (pass --shared DIR)")
    pools = {"zh": [], "en": []}
    for row in rows:
        language = row["language"]
        if language not in pools:
            continue
        path = os.path.join(shared, "corpus", row["file"])
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                sentences = split_sentences(line.strip(), language)
                if sentences:
                    pools[language].append(sentences)
    for language, paragraphs in pools.items():
        if not paragraphs:
            sys.exit(f"make_corpus: no {language} documents found through {manifest}")
    return pools


class SentenceStream:
    """Every sentence of a pool once per pass, in a fresh seeded shuffle each pass."""

    def __init__(self, paragraphs, rng):
        self.sentences = [s for p in paragraphs for s in p]
        self.rng = rng
        self.order = []

    def next(self):
        if not self.order:
            self.order = list(range(len(self.sentences)))
            self.rng.shuffle(self.order)
        return self.sentences[self.order.pop()]


def make_document(rng, streams, language, target_bytes):
    """Paragraphs of 1-6 sentences until the document reaches about target_bytes: the text, and its
    sentences (each paragraph's list)."""
    paragraphs = []
    sentence_lists = []
    size = 0
    while size < target_bytes:
        if language == "mixed":
            # Mostly single-language paragraphs, like a bilingual report; a few mix sentences.
            if rng.random() < 0.1:
                picks = [rng.choice(("zh", "en")) for _ in range(rng.randint(1, 6))]
            else:
                picks = [rng.choice(("zh", "en"))] * rng.randint(1, 6)
        else:
            picks = [language] * rng.randint(1, 6)
        sentences = [streams[p].next() for p in picks]
        joiner = "" if all(p == "zh" for p in picks) else " "
        paragraph = joiner.join(sentences)
        paragraphs.append(paragraph)
        sentence_lists.append(sentences)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(paragraphs), sentence_lists


@contextlib.contextmanager
def atomic_files(paths):
    """Opens PATH.tmp for each of `paths` (a dict of name -> PATH) and yields name -> file; each PATH.tmp
    becomes PATH when the block ends, and all are removed if it fails, so that a corpus is never left
    half written under its own name."""
    files = {}
    try:
        for name, path in paths.items():
            files[name] = open(path + ".tmp", "w", encoding="utf-8")
        yield files
        # Every file is flushed and closed before the first rename: a full disk shows up while closing,
        # and then no output has been replaced yet.
        for f in files.values():
            f.close()
        for name, path in paths.items():
            os.replace(path + ".tmp", path)
    except BaseException:
        for name, f in files.items():
            f.close()
            if os.path.exists(paths[name] + ".tmp"):
                os.remove(paths[name] + ".tmp")
        raise


def write_units(f, document_id, texts, language):
    """One JSONL document per (suffix, text) pair of `texts`, with the id DOCUMENT_ID-SUFFIX."""
    for k, text in texts:
        f.write(json.dumps({"id": f"{document_id}-{k}", "text": text, "language": language}, ensure_ascii=False) + "\n")


def write_corpus(pools, language, size, label, out, seed, paragraphs=False, sentences=False):
    rng = random.Random(f"{seed}-{language}")
    streams = {lang: SentenceStream(pools[lang], random.Random(f"{seed}-{language}-{lang}")) for lang in pools}
    base = os.path.join(out, f"corpus-{language}-{label}")
    paths = {"jsonl": base + ".jsonl", "txt": base + ".txt"}
    for kind, wanted in (("paragraphs", paragraphs), ("sentences", sentences)):
        if wanted:
            paths[kind] = os.path.join(out, f"corpus-{language}-{kind}-{label}.jsonl")
    written = 0
    documents = 0
    with atomic_files(paths) as files:
        while written < size:
            # Real policy documents here run from 2 KB to 200 KB.
            target = min(int(rng.lognormvariate(10.3, 0.8)), 400_000)
            text, sentence_lists = make_document(rng, streams, language, max(1_000, target))
            documents += 1
            document_id = f"{language}-{documents:07d}"
            record = {"id": document_id, "text": text, "language": language}
            files["jsonl"].write(json.dumps(record, ensure_ascii=False) + "\n")
            files["txt"].write(text + "\n\n")
            if "paragraphs" in files:
                write_units(files["paragraphs"], document_id, enumerate(text.split("\n")), language)
            if "sentences" in files:
                sentences_of_document = (s for paragraph in sentence_lists for s in paragraph)
                write_units(files["sentences"], document_id, ((f"s{k}", s) for k, s in enumerate(sentences_of_document)), language)
            written += len(text.encode("utf-8"))
    print(f"{base}.jsonl / .txt: {documents} documents, {written / (1 << 20):.1f} MiB of text", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", action="append", required=True, help="corpus size, e.g. 10M (repeatable)")
    parser.add_argument("--lang", action="append", choices=["zh", "en", "mixed"], help="default: all three")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared", default=DEFAULT_SHARED, help="the shared folder holding corpus/ (default ../shared)")
    parser.add_argument("--out", default=os.path.join(HERE, "data"))
    parser.add_argument("--paragraphs", action="store_true", help="also write corpus-LANG-paragraphs-SIZE.jsonl (a document per paragraph)")
    parser.add_argument("--sentences", action="store_true", help="also write corpus-LANG-sentences-SIZE.jsonl (a document per sentence)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    pools = load_pools(args.shared)
    for size_text in args.size:
        size = parse_size(size_text)
        for language in args.lang or ["zh", "en", "mixed"]:
            write_corpus(pools, language, size, size_label(size_text), args.out, args.seed, args.paragraphs, args.sentences)


if __name__ == "__main__":
    main()
