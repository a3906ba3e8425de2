#!/usr/bin/env bash
# Records store figures: durable writes per second (one commit with a full
# WAL sync each, as every result is written), then how long verify, the
# exports and a backup take at that size. Usage:
#   scripts/bench/records.sh [BUILD_DIR] [RESULTS]
# The database lives in $TMPDIR (default /tmp): the write rate is the sync
# rate of that file system.
set -eu
build=${1:-build}
n=${2:-5000}
ll=$build/src/cli/layerlab
tool=$build/tests/records/rec_tool
[ -x "$ll" ] && [ -x "$tool" ] || { echo "build layerlab and rec_tool in $build first" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench-records.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/records.db

timed() {
	local label=$1; shift
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s.%N)
	printf '%-34s %6.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}

echo "file system: $(df -T "$dir" | awk 'NR == 2 { print $2 }') ($dir)"
"$tool" seed "$db"
printf '%-34s ' "write $n results"
"$tool" fill "$db" "$n"
size=$(stat -c %s "$db")
echo "database size                      $((size / 1024)) KiB ($((size / n)) bytes per result)"
timed "records verify" "$ll" --db "$db" records verify
timed "progress (table)" "$ll" --db "$db" progress
timed "export csv" "$ll" --db "$db" records export --format csv --out "$dir/r.csv"
timed "export json" "$ll" --db "$db" records export --format json --out "$dir/r.json"
timed "export xapi" "$ll" --db "$db" records export --format xapi --out "$dir/r.xapi"
timed "backup (copy + verify)" "$ll" --db "$db" records backup --out "$dir/b.db"
