#!/usr/bin/env bash
# The lazy-DFA oracle (oracle.c) on the benchmark lexicons and corpora: how fast the best DFA of
# each lexicon could scan each corpus, and the 100,000-term set's ratio to the 2,000-term set's.
# Needs Benchmarks/data (make_corpus.py --size 10M, make_lexicon.py --entries 2000 and
# --entries 100000 --unmatched). Patterns and text are normalized by Python (NFKC, case folding),
# close to SpanCoder's normalizer for these files. Not run in CI.
#
#   Benchmarks/experiments/lazy-dfa-oracle/run.sh [STREAMS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../common/setup.sh"
cc -O2 -march=native -DSTREAMS="${1:-8}" -o "$work/oracle" "$here/oracle.c"
for lang in en zh mixed; do
  for lexicon in 2000 100000u; do
    printf '%-5s %-8s ' "$lang" "$lexicon"
    "$work/oracle" "$work/patterns-$lexicon.txt" "$work/text-$lang.txt"
  done
done
