#!/usr/bin/env bash
# The token automaton (ta.c) on the benchmark lexicons and corpora, beside the DFA oracle's 2,000-term
# scan (../lazy-dfa-oracle/oracle.c) in the same run: does an automaton that steps once per word or
# Chinese character, with only the edges patterns use, keep the 100,000-term set near the 2,000-term
# DFA? Needs Benchmarks/data (make_corpus.py --size 10M, make_lexicon.py --entries 2000 and --entries
# 100000 --unmatched). Patterns and text are normalized by Python, as in ../lazy-dfa-oracle/run.sh.
# Not run in CI.
#
#   Benchmarks/experiments/token-automaton/run.sh [STREAMS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../common/setup.sh"
cc -O2 -march=native -DSTREAMS="${1:-8}" -o "$work/ta" "$here/ta.c"
compare_with_oracle "token automaton" "$work/ta"
