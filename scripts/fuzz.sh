#!/usr/bin/env bash
# Runs SpanCoder's libFuzzer harnesses (Fuzz/, docs/fuzzing.md).
#
#   scripts/fuzz.sh --list               the targets
#   scripts/fuzz.sh TARGET SECONDS       fuzz one target (extra arguments go to libFuzzer)
#   scripts/fuzz.sh --smoke [SECONDS]    every target for SECONDS (default 20) each; fails on a crash
#   scripts/fuzz.sh --build              only build
#
# The harness is built in release mode with -sanitize=fuzzer,address into .build-fuzz (the target
# exists only when SPANCODER_FUZZ=1, so the normal build never sees it). New inputs go to
# .build-fuzz/corpus/TARGET, the checked-in seeds in Fuzz/corpus/TARGET are read only, and crashing
# inputs are written to .build-fuzz/crashes/. Turn every crash into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
targets=(decode segment lexicon match match-batch corpus spans-jsonl csv-quotes brat label-studio doccano)
binary=$root/.build-fuzz/release/SpanCoderFuzz

build() {
    [[ -n "${SPANCODER_SKIP_BUILD:-}" && -x "$binary" ]] && return
    SPANCODER_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product SpanCoderFuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
}

run() {  # TARGET SECONDS [libFuzzer flags...]
    local target=$1 seconds=$2
    shift 2
    mkdir -p "$root/.build-fuzz/corpus/$target" "$root/.build-fuzz/crashes" "$root/Fuzz/corpus/$target"
    # Leak checking is off: the Swift runtime's metadata caches look like leaks to LeakSanitizer.
    SPANCODER_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$root/.build-fuzz/crashes/$target-" \
        "$@" "$root/.build-fuzz/corpus/$target" "$root/Fuzz/corpus/$target"
}

case "${1:-}" in
    --list) printf '%s\n' "${targets[@]}" ;;
    --build) build ;;
    --smoke)
        seconds=${2:-20}
        build
        failed=()
        for target in "${targets[@]}"; do
            echo "== fuzz $target for ${seconds}s" >&2
            if ! run "$target" "$seconds" >"$root/.build-fuzz/smoke-$target.log" 2>&1; then
                failed+=("$target")
                tail -40 "$root/.build-fuzz/smoke-$target.log" >&2
            else
                grep -E '^stat::number_of_executed_units' "$root/.build-fuzz/smoke-$target.log" >&2 || true
            fi
        done
        if ((${#failed[@]})); then
            echo "fuzz smoke: crashes in ${failed[*]} (inputs in .build-fuzz/crashes/)" >&2
            exit 1
        fi
        echo "fuzz smoke: ${#targets[@]} targets, no crash" >&2
        ;;
    ""|-h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' ;;
    *)
        target=$1
        seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
        shift 2
        [[ " ${targets[*]} " == *" $target "* ]] || { echo "unknown target '$target' (scripts/fuzz.sh --list)" >&2; exit 64; }
        build
        run "$target" "$seconds" "$@"
        ;;
esac
