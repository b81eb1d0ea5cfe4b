#!/usr/bin/env bash
# SpanCoder `tag` side by side with the Python stack, in one run, on the same corpus and lexicon.
# On demand only (not in CI): it installs jieba, pyahocorasick, spaCy and flashtext into
# Benchmarks/.venv, builds the release binary, makes the data if missing, then times everything.
#
#   Benchmarks/compare.sh                        # 10M corpora, 2,000-entry lexicon, 3 rounds
#   Benchmarks/compare.sh --size 100M --repeat 1
#   Benchmarks/compare.sh --scaling              # also: 1 vs 2 jobs (and two processes at once as the machine's control), 10M vs 100M, peak RSS
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
size=10M; entries=2000; repeat=3; scaling=0; sizes=10M,100M
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --entries) entries="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --scaling) scaling=1; shift ;;
    --sizes) sizes="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
data="$here/data"

if [ ! -x "$here/.venv/bin/python" ] || ! "$here/.venv/bin/python" -c 'import jieba, ahocorasick, spacy, flashtext, yaml' 2>/dev/null; then
  echo "compare.sh: making $here/.venv (jieba, pyahocorasick, spacy, flashtext, pyyaml)" >&2
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q jieba pyahocorasick spacy flashtext pyyaml
fi
python="$here/.venv/bin/python"

echo "compare.sh: building the release binary" >&2
# A build folder of its own: `swift package benchmark` builds the same modules with other settings,
# and sharing .build makes each of them rebuild everything after the other.
(cd "$here" && swift build -c release --scratch-path "$here/.build-cli" --product spancoder >&2)
spancoder="$(cd "$here" && swift build -c release --scratch-path "$here/.build-cli" --show-bin-path)/spancoder"

make_corpus() {  # SIZE LANG: makes the corpus unless it exists
  [ -f "$data/corpus-$2-$1.jsonl" ] || "$python" "$here/make_corpus.py" --size "$1" --lang "$2" --out "$data"
}
for lang in zh en mixed; do make_corpus "$size" "$lang"; done
if [ "$scaling" = 1 ]; then
  for s in $(echo "$sizes" | tr ',' ' '); do make_corpus "$s" mixed; done
fi
[ -f "$data/lexicon-$entries/terms.txt" ] || "$python" "$here/make_lexicon.py" --entries "$entries" --out "$data"

echo "machine: $(nproc) cores, $(uptime)"
echo "spancoder: $spancoder ($(cd "$here/.." && git rev-parse --short HEAD 2>/dev/null || echo unknown))"
"$python" "$here/bench_cli.py" compare --spancoder "$spancoder" --python "$python" --data "$data" \
  --size "$size" --entries "$entries" --repeat "$repeat"
if [ "$scaling" = 1 ]; then
  "$python" "$here/bench_cli.py" scaling --spancoder "$spancoder" --python "$python" --data "$data" \
    --sizes "$sizes" --entries "$entries" --repeat "$repeat"
fi
echo "after: $(uptime)"
