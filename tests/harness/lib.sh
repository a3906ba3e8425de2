# Shared helpers for shell tests. Sourced; expects $LAYERLAB (the binary).
set -u
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ll-test.XXXXXX")
export XDG_DATA_HOME="$TEST_TMP/data" XDG_CONFIG_HOME="$TEST_TMP/config"
# Settings shared by all stations (/etc/xdg) never reach a test.
export XDG_CONFIG_DIRS="$TEST_TMP/xdg"
export LC_ALL=C.UTF-8
LL_PIDS=()
cleanup() {
	for p in "${LL_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$TEST_TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
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
	# Generous: a sanitizer build on a loaded machine starts slowly.
	for _ in $(seq 400); do
		SIM_PORT=$(head -n1 "$out" 2>/dev/null)
		[ -n "$SIM_PORT" ] && return 0
		sleep 0.05
	done
	fail "sim did not print its port: $(cat "$out.err")"
}
