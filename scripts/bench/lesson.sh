#!/bin/bash
# Lesson runtime figures: how fast a runaway lesson is stopped, what a
# memory bomb costs, and the overhead of a headless run.
#   scripts/bench/lesson.sh BUILD_DIR [RUNS]
# Uses the runtime's test lessons (tests/lesson/modules) on the built-in
# virtual printer at --sim-speed 0. Prints medians in milliseconds.
set -u
build=${1:?usage: lesson.sh BUILD_DIR [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
ll="$build/src/cli/layerlab"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" LC_ALL=C.UTF-8
printf 'r.one = yes\nr.two = yes\n' >"$tmp/answers"

# median_ms LESSON: median wall time and the largest peak RSS of RUNS runs.
measure() {
	local lesson=$1 i t0 t1 rss max=0
	local -a ms=()
	for i in $(seq "$runs"); do
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$tmp/rss" "$ll" --db "$tmp/db" --modules "$root/tests/lesson/modules" \
		    lesson run "T1/$lesson" --answers "$tmp/answers" --sim-speed 0 --restart >/dev/null 2>&1
		t1=$(date +%s%N)
		ms+=($(( (t1 - t0) / 1000000 )))
		rss=$(tail -1 "$tmp/rss")
		[ "$rss" -gt "$max" ] && max=$rss
	done
	printf '%s\n' "${ms[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p" >"$tmp/median"
	echo "$(cat "$tmp/median") $max"
}

printf '%-18s %10s %12s\n' lesson median_ms peak_rss_kb
for l in resume runaway runaway_pcall runaway_sort runaway_pattern membomb membomb_table printer; do
	read -r ms rss < <(measure "$l")
	printf '%-18s %10s %12s\n' "$l" "$ms" "$rss"
done
