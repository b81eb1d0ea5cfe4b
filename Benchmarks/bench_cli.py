#!/usr/bin/env python3
"""Times the release `spancoder tag` binary against the Python baselines, in one run (compare.sh calls it).

  bench_cli.py compare --spancoder BIN --data DIR --size 10M --entries 2000 [--repeat 3]
  bench_cli.py scaling --spancoder BIN --data DIR --sizes 10M,100M --entries 2000 [--repeat 3]
  bench_cli.py startup --spancoder BIN [--against OTHER_BIN] [--repeat 25]

compare: for each corpus (zh, en, mixed) SpanCoder `tag --jobs 1` and the baselines that fit the
language (baselines.py), interleaved round by round. SpanCoder's time is the corpus pass: the wall
time of `tag` on the corpus minus the wall time of `tag` on an empty document (process start, lexicon
load and compile), the same way the baselines' times leave out building their matchers; the whole-run
figure is printed too. Times are medians of the rounds. Ratios are paired: in every round SpanCoder
runs right before each baseline, each baseline's time is divided by the pass just before it, and the
ratio printed is the median of these. On a shared machine whose speed drifts for minutes at a time, a
pair measured seconds apart shares the drift; medians taken separately need not (the ratio of the
medians is printed beside it).

scaling: `tag` with --jobs 1 and 2 on the mixed corpus, and on each size (time must grow linearly),
with peak RSS from /usr/bin/time -v (must stay flat when streaming a JSONL corpus). As a control, two
`--jobs 1` processes run at once in every round: their combined throughput over one process's is the
machine's own capacity for two workers at that moment, and the two-job speed-up is also printed as a
share of it.

startup: what a run costs before any text is read, with the shipped lexicon set (what a user tagging a
few documents or asking `lexicon explain` waits for): CPU time of `tag` on an empty document, `lexicon
explain` on one sentence, `lexicon stats`, and `tag` on the 28 documents of ../shared/corpus. With
--against, the two binaries alternate command by command; the best of the rounds is the figure to
read (startup is short, so a slow phase of the machine only ever adds to it).

MB = 10^6 bytes of UTF-8 document text (the same count for every tool: the texts of the JSONL corpus).
"""
import argparse
import json
import os
import stat
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINES_FOR = {"zh": ["jieba-aho", "aho", "flashtext"], "en": ["spacy", "aho", "flashtext"], "mixed": ["aho", "flashtext"]}


def text_bytes(jsonl):
    total = 0
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            total += len(json.loads(line)["text"].encode("utf-8"))
    return total


def run_tag(spancoder, lexicon, corpus, jobs, measure_rss=False):
    """Wall seconds (and peak RSS in KiB with measure_rss) of `spancoder tag` writing JSONL to /dev/null."""
    command = [spancoder, "tag", "--lexicons", lexicon, "--jobs", str(jobs), corpus]
    if measure_rss:
        command = ["/usr/bin/time", "-v"] + command
    began = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"bench_cli: {' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    rss = None
    if measure_rss:
        for line in result.stderr.splitlines():
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1])
    return seconds, rss


def run_baseline(python, name, corpus_txt, terms):
    result = subprocess.run([python, os.path.join(HERE, "baselines.py"), name, corpus_txt, terms],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"bench_cli: baseline {name} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def empty_corpus():
    """A corpus of one empty document: what a run costs before any text. (A corpus of no document at
    all is refused since stop 33, exit 1, so that an empty input never replaces an output.)"""
    handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
    handle.write('{"id": "empty", "text": ""}\n')
    handle.close()
    return handle.name


def mbps(size, seconds):
    return size / 1e6 / seconds if seconds > 0 else float("inf")


def compare(args):
    lexicon = os.path.join(args.data, f"lexicon-{args.entries}")
    terms = os.path.join(lexicon, "terms.txt")
    empty = empty_corpus()
    rows = []
    for language in args.lang:
        jsonl = os.path.join(args.data, f"corpus-{language}-{args.size}.jsonl")
        txt = os.path.join(args.data, f"corpus-{language}-{args.size}.txt")
        size = text_bytes(jsonl)
        times = {"spancoder tag (pass)": [], "spancoder tag (whole run)": []}
        ratios = {}
        info = {}

        def spancoder_pass():
            startup, _ = run_tag(args.spancoder, lexicon, empty, 1)
            whole, _ = run_tag(args.spancoder, lexicon, jsonl, 1)
            times["spancoder tag (pass)"].append(max(whole - startup, 1e-9))
            times["spancoder tag (whole run)"].append(whole)
            return max(whole - startup, 1e-9)

        for round_ in range(args.repeat):
            for name in BASELINES_FOR[language]:
                ours = spancoder_pass()
                result = run_baseline(args.python, name, txt, terms)
                times.setdefault(name, []).append(result["seconds"])
                ratios.setdefault(name, []).append(result["seconds"] / ours)
                info[name] = result
            print(f"  {language} round {round_ + 1}/{args.repeat} done", file=sys.stderr)
        ours = statistics.median(times["spancoder tag (pass)"])
        for name, values in times.items():
            seconds = statistics.median(values)
            paired = "" if name.startswith("spancoder") else f"{statistics.median(ratios[name]):.1f}x"
            of_medians = "" if name.startswith("spancoder") else f"{seconds / ours:.1f}x"
            coded = info.get(name, {}).get("coded_sentences", "")
            rows.append((language, name, f"{seconds:.3f}", f"{mbps(size, seconds):.1f}", paired, of_medians, coded))
    os.unlink(empty)
    print(f"\nSame run, corpus size {args.size} per language ({args.repeat} rounds, medians), lexicon {args.entries} entries:")
    header = ("corpus", "tool", "seconds", "MB/s", "SpanCoder is (paired)", "ratio of medians", "sentences with a match")
    print_table(header, rows)


def run_tag_pair(spancoder, lexicon, corpus):
    """Wall seconds of two `spancoder tag --jobs 1` processes on `corpus` started together, until both end."""
    command = [spancoder, "tag", "--lexicons", lexicon, "--jobs", "1", corpus]
    began = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in processes:
        _, error = process.communicate()
        if process.returncode != 0:
            sys.exit(f"bench_cli: {' '.join(command)} (two at once) failed ({process.returncode}):\n{error[-2000:]}")
    return time.perf_counter() - began


def scaling(args):
    """1 and 2 jobs per size, and the machine's own capacity for two workers as a control: two
    single-job processes run at once on the same corpus share nothing but the machine (cores, caches,
    memory bandwidth, the hypervisor's scheduling), so their combined throughput over one process's is
    what two workers can reach here at best. The three runs of a round follow each other, and the
    ratios are paired per round like `compare`'s."""
    lexicon = os.path.join(args.data, f"lexicon-{args.entries}")
    empty = empty_corpus()
    rows = []
    results = {}
    for size_label in args.sizes:
        jsonl = os.path.join(args.data, f"corpus-mixed-{size_label}.jsonl")
        size = text_bytes(jsonl)
        one, two, pair, rss_one, rss_two, speedups, capacities = [], [], [], [], [], [], []
        for _ in range(args.repeat):
            startup, _ = run_tag(args.spancoder, lexicon, empty, 1)
            whole, peak = run_tag(args.spancoder, lexicon, jsonl, 1, measure_rss=True)
            one.append(whole - startup)
            rss_one.append(peak)
            startup2, _ = run_tag(args.spancoder, lexicon, empty, 2)
            whole, peak = run_tag(args.spancoder, lexicon, jsonl, 2, measure_rss=True)
            two.append(whole - startup2)
            rss_two.append(peak)
            # Both processes start up at the same time, so one startup is subtracted.
            pair.append(run_tag_pair(args.spancoder, lexicon, jsonl) - startup)
            speedups.append(one[-1] / two[-1])
            capacities.append(2 * one[-1] / pair[-1])
        results[size_label] = (size, statistics.median(one), statistics.median(two), statistics.median(pair),
                               max(rss_one), max(rss_two), statistics.median(speedups), statistics.median(capacities),
                               statistics.median(s / c for s, c in zip(speedups, capacities)))
        print(f"  mixed {size_label} done", file=sys.stderr)
    os.unlink(empty)
    base_size, base_one = results[args.sizes[0]][0], results[args.sizes[0]][1]
    for size_label, (size, t1, t2, tp, rss1, rss2, speedup, capacity, efficiency) in results.items():
        linear = f"{(t1 / base_one) / (size / base_size):.2f}"
        rows.append((f"mixed {size_label}", "1", f"{size / 1e6:.0f}", f"{t1:.3f}", f"{mbps(size, t1):.1f}", "", "", "", linear, f"{rss1 / 1024:.0f}"))
        rows.append((f"mixed {size_label}", "2", f"{size / 1e6:.0f}", f"{t2:.3f}", f"{mbps(size, t2):.1f}", f"{speedup:.2f}x",
                     f"{capacity:.2f}x", f"{efficiency:.2f}", "", f"{rss2 / 1024:.0f}"))
    print(f"\nScaling of `spancoder tag` (lexicon {args.entries} entries, {args.repeat} rounds, medians; pass time = whole run minus startup):")
    header = ("corpus", "jobs", "MB", "seconds", "MB/s", "speed-up vs 1 job (paired)",
              "machine: 2 processes vs 1", "speed-up / machine", f"time per MB vs {args.sizes[0]}", "peak RSS MiB")
    print_table(header, rows)
    print("machine: two `--jobs 1` processes at once, their combined MB/s over one process's (the most two workers can give here);"
          " speed-up / machine: the two-job speed-up as a share of it (1.00: two jobs scale as well as two separate processes).")


def startup(args):
    import resource

    root = os.path.dirname(HERE)
    lexicons = os.path.join(root, "Lexicons", "us-china-ai-governance")
    corpus = os.path.join(root, "..", "shared", "corpus", "texts")
    empty = empty_corpus()
    commands = [
        ("tag, empty document", ["tag", "--jobs", "1", "--lexicons", lexicons, empty]),
        ("lexicon explain", ["lexicon", "explain", "--lexicons", lexicons, "生成式人工智能服务提供者应当依法开展预训练"]),
        ("lexicon stats", ["lexicon", "stats", lexicons]),
    ]
    if os.path.isdir(corpus):
        commands.append(("tag, the 28 corpus documents", ["tag", "--lexicons", lexicons, corpus]))
    binaries = [args.spancoder] + ([args.against] if args.against else [])
    times = {(b, name): [] for b in binaries for name, _ in commands}
    for _ in range(args.repeat):
        for name, command in commands:
            for binary in binaries:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                result = subprocess.run([binary] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if result.returncode != 0:
                    sys.exit(f"bench_cli: {binary} {' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
                times[(binary, name)].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    os.unlink(empty)
    print(f"\nStartup, CPU ms (best · median of {args.repeat} rounds), lexicon set {lexicons}:")
    rows = []
    for name, _ in commands:
        cells = [name]
        for binary in binaries:
            values = sorted(times[(binary, name)])
            cells.append(f"{values[0] * 1000:.1f} · {statistics.median(values) * 1000:.1f}")
        if args.against:
            cells.append(f"{min(times[(args.against, name)]) / min(times[(args.spancoder, name)]):.2f}x")
        rows.append(cells)
    header = ["command"] + [os.path.relpath(b) for b in binaries] + (["best, other / first"] if args.against else [])
    print_table(header, rows)


def print_table(header, rows):
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["compare", "scaling", "startup"])
    parser.add_argument("--spancoder", required=True)
    parser.add_argument("--against", help="startup: a second binary to alternate with")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--size", default="10M")
    parser.add_argument("--sizes", default="10M,100M")
    parser.add_argument("--entries", default="2000")
    parser.add_argument("--repeat", type=int, default=None, help="rounds (default 3; 25 for startup)")
    parser.add_argument("--lang", action="append", choices=["zh", "en", "mixed"])
    args = parser.parse_args()
    args.lang = args.lang or ["zh", "en", "mixed"]
    args.repeat = args.repeat or (25 if args.mode == "startup" else 3)
    args.sizes = args.sizes.split(",")
    # SpanCoder's output goes to /dev/null; if that is a regular file (a finished output once renamed
    # over it, as root), every pass also pays for writing 2x its input to it: 1.16x in stop 21.
    if not stat.S_ISCHR(os.stat(os.devnull).st_mode):
        sys.exit(f"bench_cli: {os.devnull} is not a character device, so writing to it costs time; "
                 "restore it (as root: mknod -m 666 /dev/null.new c 1 3 && mv /dev/null.new /dev/null)")
    {"compare": compare, "scaling": scaling, "startup": startup}[args.mode](args)


if __name__ == "__main__":
    main()
