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
# A pass is one `tag` run minus a run on one empty document (process start, lexicon load and compile: the
# fastest for wall time, the median for CPU time), so MB/s are of the corpus pass alone. Printed per
# build: the best and the median pass in MB/s of wall time, and the median of CPU time (user + system,
# from each run's own rusage); then the median and quartiles of the per-round ratio of the two builds'
# CPU times, the figure to go by: the machine's phases move best passes and medians by more than most
# changes do.
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
with open(empty, "w") as handle:
    handle.write('{"id": "empty", "text": ""}\n')  # one empty document: a corpus of none is refused (exit 1)

def run(binary, source, output):
    # The child's own rusage (microseconds) from wait4: os.times() counts clock ticks (10 ms), a
    # sixteenth of a 10 MB pass, too coarse to compare two builds by.
    start = time.perf_counter()
    with open(output, "wb") as out:
        child = subprocess.Popen([binary, "tag", "--lexicons", lexicons, "--jobs", jobs, source], stdout=out)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"ab.sh: {binary} tag failed on {source}")
    return wall, usage.ru_utime + usage.ru_stime

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
cpu_passes = {}
for label, _ in builds:
    empty_wall = min(t[0] for t in times[label]["empty"])
    empty_cpu = sorted(t[1] for t in times[label]["empty"])[len(times[label]["empty"]) // 2]
    walls = sorted(t[0] - empty_wall for t in times[label]["full"])
    cpu_passes[label] = [t[1] - empty_cpu for t in times[label]["full"]]
    cpu = sorted(cpu_passes[label])
    best[label] = walls[0]
    print(f"  {label:>14}: pass best {megabytes / walls[0]:6.1f} MB/s, median {megabytes / walls[len(walls) // 2]:6.1f} MB/s, "
          f"CPU median {megabytes / cpu[len(cpu) // 2]:6.1f} MB/s")
(a, _), (b, _) = builds
# Per round, the two builds ran back to back: the ratio of their CPU times in one round is the figure
# least moved by the machine's phases; its median and quartiles over the rounds.
ratios = sorted(x / y for x, y in zip(cpu_passes[a], cpu_passes[b]))
q = lambda f: ratios[min(len(ratios) - 1, int(f * len(ratios)))]
print(f"  {b} / {a}: {best[a] / best[b]:.2f}x (best passes), {q(0.5):.3f}x CPU paired by round "
      f"(quartiles {q(0.25):.3f}-{q(0.75):.3f})")
same = filecmp.cmp(outputs[a], outputs[b], shallow=False)
print(f"  outputs: {'byte-identical' if same else 'DIFFERENT'}")
sys.exit(0 if same else 1)
PY
