# Sourced by the experiments' run.sh after setting $here to its folder: $data is Benchmarks/data and
# $work a temporary folder (removed on exit) holding the inputs prepare.py writes there.
data="$here/../../data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/../common/prepare.py" "$data" "$work"
