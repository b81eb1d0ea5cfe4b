#!/usr/bin/env bash
# SpanCoder quick start: on a fresh Debian or Ubuntu machine with Swift, install what is missing,
# build the release binary and run the main job on the sample documents in samples/.
set -euo pipefail
cd "$(dirname "$0")/.."

# The main job, run on samples/. One line to change when a later stage becomes the main job.
MAIN_JOB=(tag samples --lexicons Lexicons/us-china-ai-governance --output out/quickstart.jsonl)

say() { printf '\n==> %s\n' "$*"; }

if [ ! -e /usr/include/unicode/ubrk.h ]; then
    say "installing libicu-dev (system ICU: sentence breaks, charset detection, normalization)"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    $SUDO apt-get install -y libicu-dev
fi

say "building spancoder (release)"
swift build -c release --product spancoder
BIN="$(swift build -c release --show-bin-path)/spancoder"

mkdir -p out
say "running: spancoder ${MAIN_JOB[*]}"
"$BIN" "${MAIN_JOB[@]}"

OUTPUT="${MAIN_JOB[-1]}"
say "done: $(wc -l < "$OUTPUT") coded spans in $OUTPUT; the first three:"
head -n 3 "$OUTPUT"

say "review pages for coders: spancoder tag samples --lexicons Lexicons/us-china-ai-governance --format html --output out/review"
"$BIN" tag samples --lexicons Lexicons/us-china-ai-governance --format html --output out/review
ls out/review

say "corpus tables: spancoder stats --manifest samples/manifest.csv out/quickstart.jsonl --by country"
"$BIN" stats --manifest samples/manifest.csv "$OUTPUT" --by country
