#!/usr/bin/env bash
# Sparse rows over dense rows (sod.c) on the benchmark lexicons and corpora, for dense budgets of 2, 4
# and 8 MB, with the dense/sparse choice as a branch and without one (BRANCHFREE). Needs
# Benchmarks/data (make_corpus.py --size 10M, make_lexicon.py --entries 2000 and --entries 100000
# --unmatched). Patterns and text are normalized by Python (NFKC, case folding), as in
# ../lazy-dfa-oracle/run.sh. Not run in CI.
#
#   Benchmarks/experiments/sparse-over-dense/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../common/setup.sh"
cc -O2 -march=native -o "$work/sod" "$here/sod.c"
cc -O2 -march=native -DBRANCHFREE -o "$work/sod-branchfree" "$here/sod.c"
for program in sod sod-branchfree; do
  for budget in 2 4 8; do
    for lang in en zh mixed; do
      for lexicon in 2000 100000u; do
        printf '%-15s %s MB %-5s %-8s ' "$program" "$budget" "$lang" "$lexicon"
        "$work/$program" "$work/patterns-$lexicon.txt" "$work/text-$lang.txt" "$budget"
      done
    done
  done
done
