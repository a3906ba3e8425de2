# Shared helpers for shell tests. Sourced; expects $LAYERLAB (the binary).
set -u
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ll-test.XXXXXX")
export XDG_DATA_HOME="$TEST_TMP/data" XDG_CONFIG_HOME="$TEST_TMP/config"
# Settings shared by all stations (/etc/xdg) never reach a test.
export XDG_CONFIG_DIRS="$TEST_TMP/xdg"
export LC_ALL=C.UTF-8
LL_PIDS=()

# ll_exited PID: true once PID has ended (gone, or a zombie not yet waited).
ll_exited() {
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
	set -- $stat
	[ "$3" = Z ]
}

# ll_wait_exit PID: waits for PID to end after a signal (poll's guard: a
# process that ignores SIGTERM is a bug to report, and waiting for it
# without a bound once hung a test for the whole ctest timeout).
ll_wait_exit() { poll ll_exited "$1"; }

cleanup() {
	local p stuck=""
	for p in "${LL_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${LL_PIDS[@]}"; do
		ll_wait_exit "$p" && continue
		stuck="$stuck $p"
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$TEST_TMP"
	if [ -n "$stuck" ]; then
		echo "FAIL: did not exit within $LL_WAIT_S s of SIGTERM:$stuck" >&2
		exit 1
	fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# Every wait in a test waits for an event (a line in a file, text on the
# screen, a process gone). The deadline only ends a test that hangs, so it is
# wall-clock and long enough for a sanitizer build on a loaded machine; a
# shorter limit given by a test is raised to it (LL_WAIT_S).
LL_WAIT_S=${LL_WAIT_S:-90}
# poll [-t SECONDS] CMD...: true as soon as CMD succeeds, false at the deadline.
poll() {
	local limit=$LL_WAIT_S end
	if [ "$1" = -t ]; then
		[ "$2" -gt "$limit" ] && limit=$2
		shift 2
	fi
	end=$((SECONDS + limit))
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# hold_write_lock DB: another process takes DB's write lock, as a long
# records merge or a backup tool would, and holds it until killed (pid in
# LOCKER).
hold_write_lock() {
	rm -f "$TEST_TMP/locked"
	python3 - "$1" "$TEST_TMP/locked" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked")
time.sleep(600)
PY
	LOCKER=$!
	LL_PIDS+=("$LOCKER")
	poll test -s "$TEST_TMP/locked" || fail "the lock on $1 was not taken"
}

# in_file TEXT FILE: FILE holds the fixed string TEXT.
in_file() { grep -qF -- "$1" "$2" 2>/dev/null; }
# in_file_re REGEX FILE
in_file_re() { grep -q -- "$1" "$2" 2>/dev/null; }
# on_screen TEXT: the test's own screen function shows TEXT.
on_screen() { screen | grep -qF -- "$1"; }
# has_line FILE: FILE holds at least one whole line.
has_line() { [ -e "$1" ] && [ "$(wc -l <"$1")" -ge 1 ]; }
pass() { echo "ok   $*"; }

# expect_rc RC CMD...: runs CMD, stores stdout/stderr in $OUT/$ERR.
expect_rc() {
	local want=$1; shift
	OUT=$("$@" 2>"$TEST_TMP/stderr"); local rc=$?
	ERR=$(cat "$TEST_TMP/stderr")
	[ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want; stdout: $OUT; stderr: $ERR"
}
contains() { case "$1" in *"$2"*) return 0;; esac; fail "expected to find '$2' in: $1"; }
lacks() { case "$1" in *"$2"*) fail "did not expect '$2' in: $1";; esac; return 0; }

# start_sim [OPTIONS...]: starts 'layerlab sim', sets $SIM_PORT and $SIM_PID.
start_sim() {
	local out="$TEST_TMP/sim.$RANDOM.out"
	"$LAYERLAB" sim "$@" >"$out" 2>"$out.err" &
	SIM_PID=$!
	LL_PIDS+=("$SIM_PID")
	poll has_line "$out" || fail "sim did not print its port: $(cat "$out.err")"
	SIM_PORT=$(head -n1 "$out")
}

# printer_ran LOG [ALSO]: what a virtual printer's --log says it ran, less
# the host's own lines: the handshake (M110, M115), temperature polls and
# pokes (M105), auto-reports (M155) and, before a stream, the buffer test's
# dwell (G4 P227 under a 128-byte rx_buffer: the buffer test in
# src/host/proto.c). ALSO: more commands to leave out, as ERE alternatives.
printer_ran() {
	grep -v -E "^(M110|M115|M105|M155${2:+|$2})( |\$)|^G4 P227\$" "$1"
}

# stop_sim: ends the virtual printer started last; it must exit on SIGTERM.
stop_sim() {
	kill -TERM "$SIM_PID" 2>/dev/null
	if ! ll_wait_exit "$SIM_PID"; then
		kill -KILL "$SIM_PID" 2>/dev/null
		fail "the virtual printer did not exit within $LL_WAIT_S s of SIGTERM"
	fi
	wait "$SIM_PID" 2>/dev/null
}
