# Sourced by the experiments' run.sh after setting $here to its folder: $data is Benchmarks/data and
# $work a temporary folder (removed on exit) holding the inputs prepare.py writes there; the scripts that
# time a matcher against the DFA oracle call compare_with_oracle (below).
data="$here/../../data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/../common/prepare.py" "$data" "$work"

# compare_with_oracle LABEL BINARY [ARGS...]: for each 10 MB corpus, the 2,000-term DFA oracle's scan
# (../lazy-dfa-oracle/oracle.c), then BINARY PATTERNS TEXT [ARGS...] on lexicon-2000 and on
# lexicon-100000-unmatched, in the same run.
compare_with_oracle() {
  local label=$1 binary=$2
  shift 2
  cc -O2 -march=native -o "$work/oracle" "$here/../lazy-dfa-oracle/oracle.c"
  for lang in en zh mixed; do
    printf '%-5s %-8s DFA oracle: ' "$lang" 2000
    "$work/oracle" "$work/patterns-2000.txt" "$work/text-$lang.txt"
    for lexicon in 2000 100000u; do
      printf '%-5s %-8s %s: ' "$lang" "$lexicon" "$label"
      "$binary" "$work/patterns-$lexicon.txt" "$work/text-$lang.txt" "$@"
    done
  done
}
