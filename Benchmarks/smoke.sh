#!/usr/bin/env bash
# CI smoke run of the benchmarks: builds the benchmark package and runs every benchmark once on a
# tiny corpus, so that they keep compiling and running. It times nothing and checks no figure.
#
#   bash Benchmarks/smoke.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data/smoke"
rm -rf "$data"
python3 "$here/make_corpus.py" --size 64K --out "$data" --paragraphs
python3 "$here/make_lexicon.py" --entries 2000 --entries 5000 --out "$data"
python3 "$here/make_lexicon.py" --entries 5000 --unmatched --out "$data"

export SPANCODER_BENCH_SMOKE=1 SPANCODER_BENCH_DATA="$data" SPANCODER_BENCH_SIZE=64K \
       SPANCODER_BENCH_LEXICONS=2000,5000,5000u SPANCODER_BENCH_EVAL_SPANS=10000
cd "$here"
swift package --disable-sandbox benchmark --no-progress | tee "$data/smoke.log"
ran=$(grep -cE '^[A-Z][A-Za-z]+/' "$data/smoke.log" || true)
if [ "$ran" -lt 20 ]; then echo "benchmark smoke: only $ran benchmarks reported" >&2; exit 1; fi
echo "benchmark smoke: $ran benchmarks ran once each"
