#!/usr/bin/env bash
# The window filter (wf.c) on the benchmark lexicons and corpora, beside the DFA oracle's 2,000-term
# scan (../lazy-dfa-oracle/oracle.c) in the same run: does a filter-and-verify search, whose cost per
# byte does not depend on the automaton's size, keep the 100,000-term set near the 2,000-term DFA?
# Needs Benchmarks/data (make_corpus.py --size 10M, make_lexicon.py --entries 2000 and --entries
# 100000 --unmatched). Patterns and text are normalized by Python, as in ../lazy-dfa-oracle/run.sh.
# Not run in CI.
#
#   Benchmarks/experiments/window-filter/run.sh [FILTERBITS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../common/setup.sh"
cc -O2 -march=native -o "$work/wf" "$here/wf.c"
compare_with_oracle "window filter" "$work/wf" "${1:-22}"
