#!/usr/bin/env bash
# Two commits of SpanCoder, side by side in one run: `spancoder tag` built from each (release), then
# timed in alternating rounds on the same corpus and lexicon, and their outputs compared byte for byte.
# For performance work on a shared, noisy machine, where only ratios measured in one run mean much.
# On demand only (not in CI).
#
#   Benchmarks/ab.sh BASE [NEW]         # NEW defaults to the working tree
#   options: --corpus FILE (default data/corpus-mixed-10M.jsonl)  --lexicons DIR (data/lexicon-2000)
#            --jobs N (1)  --rounds N (8)
#
# A pass is one `tag` run minus the fastest run on an empty corpus (process start, lexicon load and
# compile), so MB/s are of the corpus pass alone. Printed per build: the best and the median pass in
# MB/s of wall time, and the best in MB/s of CPU time (user + system), which contention moves least.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="$here/data/corpus-mixed-10M.jsonl"; lexicons="$here/data/lexicon-2000"; jobs=1; rounds=8
revs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) corpus="$2"; shift 2 ;;
    --lexicons) lexicons="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    -*) echo "ab.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    *) revs+=("$1"); shift ;;
  esac
done
if [ ${#revs[@]} -lt 1 ] || [ ${#revs[@]} -gt 2 ]; then
  echo "ab.sh: give one or two commits (see --help)" >&2; exit 64
fi
for path in "$corpus" "$lexicons"; do
  [ -e "$path" ] || { echo "ab.sh: $path does not exist (make it: see Benchmarks/README.md)" >&2; exit 66; }
done

work="$here/.build-ab"
mkdir -p "$work"
binaries=()
labels=()
build() {  # REV|"working tree" -> path of its release spancoder
  local rev="$1" source
  if [ "$rev" = "working tree" ]; then
    source="$root"
  else
    local hash
    hash="$(git -C "$root" rev-parse --verify "$rev^{commit}")" || { echo "ab.sh: no commit $rev" >&2; exit 64; }
    source="$work/src-$hash"
    [ -d "$source" ] || git -C "$root" worktree add --detach "$source" "$hash" >&2
  fi
  # Each source gets a build folder of its own under .build-ab, so alternating builds stay incremental.
  local scratch="$work/build-$(echo "$source" | cksum | cut -d' ' -f1)"
  (cd "$source" && swift build -c release --scratch-path "$scratch" --product spancoder >&2)
  echo "$(cd "$source" && swift build -c release --scratch-path "$scratch" --show-bin-path)/spancoder"
}
for rev in "${revs[@]}"; do labels+=("$rev"); binaries+=("$(build "$rev")"); done
if [ ${#revs[@]} -eq 1 ]; then labels+=("working tree"); binaries+=("$(build "working tree")"); fi

python3 - "$corpus" "$lexicons" "$jobs" "$rounds" "${labels[0]}" "${binaries[0]}" "${labels[1]}" "${binaries[1]}" <<'PY'
import filecmp, os, subprocess, sys, tempfile, time
corpus, lexicons, jobs, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
builds = [(sys.argv[5], sys.argv[6]), (sys.argv[7], sys.argv[8])]
scratch = tempfile.mkdtemp(prefix="spancoder-ab-")
empty = os.path.join(scratch, "empty.jsonl")
open(empty, "w").close()

def run(binary, source, output):
    before = os.times()
    start = time.perf_counter()
    with open(output, "wb") as out:
        subprocess.run([binary, "tag", "--lexicons", lexicons, "--jobs", jobs, source], stdout=out, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)

times = {label: {"full": [], "empty": []} for label, _ in builds}
outputs = {label: os.path.join(scratch, f"out-{k}.jsonl") for k, (label, _) in enumerate(builds)}
for round in range(rounds):
    for label, binary in builds:
        # The first round keeps the outputs for the comparison; the others write nowhere.
        times[label]["full"].append(run(binary, corpus, outputs[label] if round == 0 else os.devnull))
        times[label]["empty"].append(run(binary, empty, os.devnull))
megabytes = os.path.getsize(corpus) / 1e6
print(f"ab.sh: {os.path.basename(corpus)} ({megabytes:.1f} MB), {os.path.basename(lexicons)}, jobs {jobs}, {rounds} alternating rounds")
best = {}
cpu_best = {}
for label, _ in builds:
    empty_wall = min(t[0] for t in times[label]["empty"])
    empty_cpu = min(t[1] for t in times[label]["empty"])
    walls = sorted(t[0] - empty_wall for t in times[label]["full"])
    cpu = min(t[1] for t in times[label]["full"]) - empty_cpu
    best[label] = walls[0]
    cpu_best[label] = cpu
    print(f"  {label:>14}: pass best {megabytes / walls[0]:6.1f} MB/s, median {megabytes / walls[len(walls) // 2]:6.1f} MB/s, "
          f"CPU best {megabytes / cpu:6.1f} MB/s")
(a, _), (b, _) = builds
print(f"  {b} / {a}: {best[a] / best[b]:.2f}x (best passes), {cpu_best[a] / cpu_best[b]:.2f}x (CPU)")
same = filecmp.cmp(outputs[a], outputs[b], shallow=False)
print(f"  outputs: {'byte-identical' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
PY
