#!/usr/bin/env bash
# Records beyond one station: results per second and the p99 latency of a
# result write (the lesson waits on it) with 1, 10 and 30 stations writing
# at once to one PostgreSQL server (a throwaway cluster, pg_virtualenv), side
# by side with one station on an SQLite file; the time to merge a station's
# file of 10,000 results; and push throughput to a learning record store
# (the test LRS, which checks every statement). Usage:
#   scripts/bench/records_stations.sh [BUILD_DIR] [RESULTS_PER_STATION]
set -eu
build=$(cd "${1:-build}" && pwd)
n=${2:-200}
src=$(cd "$(dirname "$0")/../.." && pwd)
ll=$build/src/cli/layerlab
tool=$build/tests/records/rec_tool
[ -x "$ll" ] && [ -x "$tool" ] || { echo "build layerlab and rec_tool in $build first" >&2; exit 1; }

if [ -z "${LL_BENCH_INSIDE:-}" ]; then
	PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	export PGPORT
	LL_BENCH_INSIDE=1 pg_virtualenv -t bash "$0" "$build" "$n" 2>&1 | grep -v '^20[0-9][0-9]-'
	exit "${PIPESTATUS[0]}"
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/ll-bench-stations.XXXXXX")
trap 'rm -rf "$dir"; kill $(jobs -p) 2>/dev/null' EXIT
export XDG_DATA_HOME=$dir/data XDG_CONFIG_HOME=$dir/config

# stations COUNT URI: every station writes n results, one commit each.
stations() {
	local count=$1 uri=$2 t0 t1 i total p99
	for i in $(seq "$count"); do
		"$tool" fill "$uri" "$n" >"$dir/st.$i" 2>&1 &
	done
	t0=$(date +%s.%N)
	wait
	t1=$(date +%s.%N)
	total=$((count * n))
	p99=$(sed -n 's/.*p99 \([0-9.]*\) ms/\1/p' "$dir"/st.* | sort -n | tail -1)
	printf '%-40s %7.0f results/s   worst station p99 %6.2f ms\n' \
	    "$count station(s), $3" "$(echo "$total / ($t1 - $t0)" | bc -l)" "$p99"
	rm -f "$dir"/st.*
}

echo "machine: $(nproc) cores, $(uname -r); PostgreSQL $(pg_config --version | cut -d' ' -f2) (fsync off in pg_virtualenv), SQLite file on $(df -T "$dir" | awk 'NR == 2 { print $2 }')"
stations 1 "$dir/one.db" "SQLite file"
for c in 1 10 30; do
	createdb "b$c"
	stations "$c" "postgresql://$PGUSER@$PGHOST:$PGPORT/b$c" "PostgreSQL"
done

# Merge: a station's file of 10,000 results into the laptop's.
"$tool" seed "$dir/station.db" >/dev/null
"$tool" fill "$dir/station.db" 10000 >/dev/null
"$ll" --db "$dir/laptop.db" group add other >/dev/null
t0=$(date +%s.%N)
"$ll" --db "$dir/laptop.db" records merge "$dir/station.db" --prefer ours >/dev/null
t1=$(date +%s.%N)
printf '%-40s %7.2f s\n' "merge a file of 10,000 results" "$(echo "$t1 - $t0" | bc)"
t0=$(date +%s.%N)
"$ll" --db "$dir/laptop.db" records merge "$dir/station.db" --prefer ours >/dev/null
t1=$(date +%s.%N)
printf '%-40s %7.2f s\n' "merge it again (nothing new)" "$(echo "$t1 - $t0" | bc)"

# Push: every statement of those results to the test LRS.
mkdir -p "$dir/lrs"
python3 "$src/tests/records/lrs_server.py" "$dir/lrs" basic u p >"$dir/lrs/port" &
for _ in $(seq 100); do [ -s "$dir/lrs/port" ] && break; sleep 0.05; done
printf 'institution.name = Bench\ninstitution.url = https://bench.test/\nlrs.url = http://127.0.0.1:%s/xapi/\nlrs.user = u\nlrs.password = p\n' \
    "$(head -n1 "$dir/lrs/port")" >"$dir/bench.conf"
count=$("$ll" --config "$dir/bench.conf" --db "$dir/laptop.db" records export --format xapi --out - |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
t0=$(date +%s.%N)
"$ll" --config "$dir/bench.conf" --db "$dir/laptop.db" records push >/dev/null
t1=$(date +%s.%N)
printf '%-40s %7.0f statements/s (%d statements, batches of 50)\n' "push to the LRS" \
    "$(echo "$count / ($t1 - $t0)" | bc -l)" "$count"
