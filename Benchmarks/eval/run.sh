#!/bin/sh
# Benchmark spancoder eval on the generate.py workload in every mode, then nervaluate and krippendorff.
# Usage: Benchmarks/eval/run.sh [DATA_DIR] [BASELINE_DOCS]
#   DATA_DIR defaults to /tmp/evalbench (generated when missing: 10,000 docs, 1M gold + 1M pred spans).
#   BASELINE_DOCS: documents given to nervaluate (default 1000; it scales linearly in documents).
#   Needs a release build (swift build -c release) and, for the baselines, a Python venv at
#   $VENV (default /tmp/evalvenv) with nervaluate and krippendorff installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${1:-/tmp/evalbench}
bdocs=${2:-1000}
venv=${VENV:-/tmp/evalvenv}
bin="$root/.build/release/spancoder"
[ -f "$data/gold.jsonl" ] || python3 "$here/generate.py" "$data"
measure() {  # label, command...
  label=$1; shift
  /usr/bin/time -v "$@" > /tmp/evalbench-out.txt 2> /tmp/evalbench-time.txt || true
  secs=$(grep "Elapsed (wall clock)" /tmp/evalbench-time.txt | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" /tmp/evalbench-time.txt | awk '{print $NF}')
  user=$(grep "User time" /tmp/evalbench-time.txt | awk '{print $NF}')
  sys=$(grep "System time" /tmp/evalbench-time.txt | awk '{print $NF}')
  echo "$label	wall=$secs	cpu=user ${user}s + sys ${sys}s	peak_rss=$((rss / 1024))MiB"
}
for mode in exact overlap unit document nervaluate; do
  measure "spancoder eval --mode $mode" "$bin" eval --gold "$data/gold.jsonl" --pred "$data/pred.jsonl" \
    --corpus "$data/corpus.jsonl" --units "$data/units.jsonl" --mode "$mode" --by language \
    --format json --output /tmp/evalbench-report-$mode.json
done
measure "spancoder eval --mode unit --bootstrap 0" "$bin" eval --gold "$data/gold.jsonl" --pred "$data/pred.jsonl" \
  --corpus "$data/corpus.jsonl" --units "$data/units.jsonl" --mode unit --bootstrap 0 --format json --output /tmp/evalbench-report-unit0.json
if [ -x "$venv/bin/python" ]; then
  measure "nervaluate ($bdocs docs)" "$venv/bin/python" "$here/baselines.py" nervaluate "$data" --docs "$bdocs"
  cat /tmp/evalbench-out.txt
  measure "krippendorff (all docs)" "$venv/bin/python" "$here/baselines.py" krippendorff "$data"
  cat /tmp/evalbench-out.txt
fi
