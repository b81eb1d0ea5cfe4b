#!/usr/bin/env python3
"""The Python pipelines SpanCoder is compared with, timed on a plain-text corpus and a term list.

Each baseline reads the corpus (one paragraph a line, as make_corpus.py writes it), splits it into
sentences, finds the lexicon's terms in every sentence and counts sentences with at least one
match (the work `spancoder tag` does before scoring codes). It prints one JSON line:
{"baseline", "seconds", "build_seconds", "sentences", "coded_sentences", "matches"}; `seconds` is the
corpus pass (reading included), `build_seconds` compiling the terms.

  baselines.py jieba-aho CORPUS.txt TERMS.txt   jieba word segmentation + regex sentence splitter + pyahocorasick (Chinese)
  baselines.py spacy     CORPUS.txt TERMS.txt   spaCy blank('en') tokenizer + sentencizer + PhraseMatcher(LOWER) (English)
  baselines.py flashtext CORPUS.txt TERMS.txt   regex sentence splitter + flashtext KeywordProcessor (case-insensitive)
  baselines.py aho       CORPUS.txt TERMS.txt   regex sentence splitter + pyahocorasick on lower-cased text (no tokenizer)

Semantics differ in details (flashtext needs word boundaries, so it finds few Chinese terms; the
baselines do no Unicode normalization and no wildcards); the work per byte is what is compared.
"""
import json
import re
import sys
import time

SENTENCE = re.compile(r"[^。！？!?.]+(?:[。！？!?.]+|$)")


def sentences(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                for match in SENTENCE.finditer(line):
                    sentence = match.group(0).strip()
                    if sentence:
                        yield sentence


def load_terms(path):
    return [t for t in (line.rstrip("\n") for line in open(path, encoding="utf-8")) if t]


def jieba_aho(corpus, terms):
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    began = time.perf_counter()
    jieba.initialize()
    automaton = aho_automaton(terms)
    built = time.perf_counter()
    count = coded = matches = 0
    for sentence in sentences(corpus):
        count += 1
        words = jieba.lcut(sentence)
        found = sum(1 for _ in automaton.iter(sentence.lower()))
        matches += found
        coded += found > 0
        del words
    return built - began, time.perf_counter() - built, count, coded, matches


def aho_automaton(terms):
    """A pyahocorasick automaton of `terms` (value: the term's index)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    return automaton


def aho(corpus, terms):
    began = time.perf_counter()
    automaton = aho_automaton(terms)
    built = time.perf_counter()
    count = coded = matches = 0
    for sentence in sentences(corpus):
        count += 1
        found = sum(1 for _ in automaton.iter(sentence.lower()))
        matches += found
        coded += found > 0
    return built - began, time.perf_counter() - built, count, coded, matches


def spacy_phrase(corpus, terms):
    import spacy
    from spacy.matcher import PhraseMatcher

    began = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("TERMS", list(nlp.tokenizer.pipe(terms)))
    built = time.perf_counter()
    count = coded = matches = 0

    def lines():
        with open(corpus, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line:
                    yield line

    for doc in nlp.pipe(lines(), batch_size=256):
        # One matcher call per paragraph; each match belongs to the sentence holding its first token.
        starts = sorted(start for _, start, _ in matcher(doc))
        matches += len(starts)
        position = 0
        for sent in doc.sents:
            count += 1
            first = position
            while position < len(starts) and starts[position] < sent.end:
                position += 1
            coded += position > first
    return built - began, time.perf_counter() - built, count, coded, matches


def flashtext_keywords(corpus, terms):
    from flashtext import KeywordProcessor

    began = time.perf_counter()
    processor = KeywordProcessor(case_sensitive=False)
    for term in terms:
        processor.add_keyword(term)
    built = time.perf_counter()
    count = coded = matches = 0
    for sentence in sentences(corpus):
        count += 1
        found = len(processor.extract_keywords(sentence))
        matches += found
        coded += found > 0
    return built - began, time.perf_counter() - built, count, coded, matches


BASELINES = {"jieba-aho": jieba_aho, "aho": aho, "spacy": spacy_phrase, "flashtext": flashtext_keywords}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in BASELINES:
        sys.exit(f"usage: baselines.py {{{','.join(BASELINES)}}} CORPUS.txt TERMS.txt")
    name, corpus, terms_path = sys.argv[1:]
    build, seconds, count, coded, matches = BASELINES[name](corpus, load_terms(terms_path))
    print(json.dumps({"baseline": name, "seconds": seconds, "build_seconds": build, "sentences": count,
                      "coded_sentences": coded, "matches": matches}))


if __name__ == "__main__":
    main()
