#!/usr/bin/env python3
"""Exports every literal of a lexicon set folder as a plain list, one a line, for the Python baselines.

The list holds what SpanCoder's automaton compiles: terms, rule-group terms, exclusions and blockers
of every code, and the set-wide blockers; wildcards are dropped (`discriminat*` → `discriminat`) and
English is lower-cased, since the baselines match lower-cased text. Duplicates are removed.

  python3 Benchmarks/export_terms.py Lexicons/us-china-ai-governance > terms.txt
"""
import os
import sys

import yaml


def _literals(value):
    """Strings of a YAML term list, a {term:} mapping, a group mapping or a rule list."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if "term" in value:
            yield value["term"]
        else:
            for key, inner in value.items():
                if key in ("id", "note", "within", "mode", "weight", "at_least", "window"):
                    continue
                yield from _literals(inner)
    elif isinstance(value, list):
        for item in value:
            yield from _literals(item)


def export_terms(directory, path=None):
    literals = []
    files = [os.path.join(directory, "blockers.yaml")]
    codes = os.path.join(directory, "codes")
    files += [os.path.join(codes, f) for f in sorted(os.listdir(codes)) if f.endswith(".yaml")]
    for file in files:
        if not os.path.exists(file):
            continue
        data = yaml.safe_load(open(file, encoding="utf-8")) or {}
        for language in ("zh", "en"):
            section = data.get(language)
            if section is None:
                continue
            for literal in _literals(section):
                literal = str(literal).rstrip("*").strip()
                if literal:
                    literals.append(literal if language == "zh" else literal.lower())
    unique = list(dict.fromkeys(literals))
    text = "".join(term + "\n" for term in unique)
    if path is None:
        sys.stdout.write(text)
    else:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return len(unique)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: export_terms.py LEXICON_SET_DIR")
    export_terms(sys.argv[1])
