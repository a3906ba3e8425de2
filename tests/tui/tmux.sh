# Drives the training screen in a private tmux server. Sourced after
# tests/harness/lib.sh. Assertions read the captured screen text.
TMUX_SOCKET="ll-tui-$$-$RANDOM"
TUI_DB="$TEST_TMP/records.db"
# Sanitizer reports go to files: the screen itself is under test.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:log_path=$TEST_TMP/asan"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$TEST_TMP/ubsan"

TUI_SOCKETS=("$TMUX_SOCKET")
tui_cleanup() {
	local s
	for s in "${TUI_SOCKETS[@]}"; do tmux -L "$s" kill-server 2>/dev/null; done
	cleanup
}
trap tui_cleanup EXIT

# ll CMD...: runs layerlab on the test database.
ll() { "$LAYERLAB" --db "$TUI_DB" "$@"; }

# tui_start COLS ROWS [LAYERLAB ARGS...]
tui_start() {
	local cols=$1 rows=$2; shift 2
	local args=""
	for a in "$@"; do args="$args '$a'"; done
	# A fresh server for each start: a server whose last session ended
	# exits on its own, and a client that reaches it meanwhile fails with
	# "server exited unexpectedly".
	TMUX_SOCKET="ll-tui-$$-$RANDOM-${#TUI_SOCKETS[@]}"
	TUI_SOCKETS+=("$TMUX_SOCKET")
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s tui -x "$cols" -y "$rows" \
		"exec env LC_ALL=C.UTF-8 TERM=tmux-256color XDG_DATA_HOME='$XDG_DATA_HOME' \
		${LAYERLAB_LOG:+LAYERLAB_LOG='$LAYERLAB_LOG'} \
		XDG_CONFIG_HOME='$XDG_CONFIG_HOME' ASAN_OPTIONS='$ASAN_OPTIONS' \
		UBSAN_OPTIONS='$UBSAN_OPTIONS' '$LAYERLAB' --db '$TUI_DB' $args \
		2>'$TEST_TMP/tui.stderr'"
}

screen() { tmux -L "$TMUX_SOCKET" capture-pane -p -t tui 2>/dev/null; }
keys() { tmux -L "$TMUX_SOCKET" send-keys -t tui "$@"; }
# type_text TEXT: literal characters (UTF-8 included).
type_text() { tmux -L "$TMUX_SOCKET" send-keys -t tui -l "$1"; }
resize() { tmux -L "$TMUX_SOCKET" resize-window -t tui -x "$1" -y "$2"; }

# wait_for TEXT [SECONDS]: until TEXT is on screen, else fail with the screen.
wait_for() {
	local text=$1 limit=${2:-$LL_WAIT_S}
	poll -t "$limit" on_screen "$text" && return 0
	echo "---- screen ----" >&2
	screen >&2
	echo "---- stderr ----" >&2
	cat "$TEST_TMP/tui.stderr" >&2 2>/dev/null
	fail "'$text' did not appear"
}

# wait_gone TEXT [SECONDS]
off_screen() { ! on_screen "$1"; }
wait_gone() {
	local text=$1 limit=${2:-$LL_WAIT_S}
	poll -t "$limit" off_screen "$text" && return 0
	screen >&2
	fail "'$text' stayed on screen"
}

tui_gone() { ! tmux -L "$TMUX_SOCKET" has-session -t tui 2>/dev/null; }
quit_or_asked() { tui_gone || on_screen "[1 "; }
# tui_quit: F10 and, if asked, the safe quit; then no sanitizer reports.
tui_quit() {
	# A dialog is modal: close it first.
	if on_screen "[1 OK]"; then keys Enter; wait_gone "[1 OK]"; fi
	keys F10
	# F10 either quits or asks first (heaters on, a lesson running).
	poll quit_or_asked
	if on_screen "[1 "; then keys 1; fi
	if ! poll tui_gone; then
		screen >&2
		fail "the screen did not quit"
	fi
	if ls "$TEST_TMP"/asan* "$TEST_TMP"/ubsan* >/dev/null 2>&1; then
		cat "$TEST_TMP"/asan* "$TEST_TMP"/ubsan* >&2
		fail "sanitizer reports"
	fi
	return 0
}

# past_shipped_modules: moves the module list's selection from the first
# shipped module to the first module of --modules (one Down per shipped
# module, so adding a module to modules/ does not break the screen tests).
past_shipped_modules() {
	local n
	n=$(find "$LL_SOURCE_DIR/modules" -mindepth 1 -maxdepth 1 -type d ! -name credentials | wc -l)
	for _ in $(seq "$n"); do keys Down; done
}

# open_test_module: from the screen just started with the test modules,
# Ana Novak's modules, then the screen test module's lessons (the printer
# ready first, so a printer lesson may open).
open_test_module() {
	wait_for "Ana Novak"
	wait_for "● ready"
	keys Enter
	wait_for "Micro-credential"
	past_shipped_modules
	wait_for "Screen test module"
	keys Enter
}
