# A screen ended by SIGTERM (or a closed terminal) turns the printer's
# heaters off before it goes: checked in the virtual printer's own log.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

printf '432198\n432198\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"
start_sim --sim-speed 20 --log "$TEST_TMP/executed"
tui_start 100 30 tui --port "$SIM_PORT"
wait_for "● ready"
keys F4
type_text T01
keys Enter
type_text 432198
keys Enter
wait_for "Group overview"
keys F3
wait_for "G-code>"
type_text "M104 S180"
keys Enter
poll in_file_re "^M104 S180" "$TEST_TMP/executed" || fail "the printer never got M104 S180"

pid=$(tmux -L "$TMUX_SOCKET" list-panes -t tui -F '#{pane_pid}')
kill -TERM "$pid"
# Ended: gone or a zombie (once its tmux server is gone, the zombie waits
# for init to reap it, which may take a second or more).
poll ll_exited "$pid" || fail "layerlab did not end on SIGTERM"
# The printer runs what the ending process wrote when it reads it, which
# may be after the exit.
off_after_heat() { sed -n '/^M104 S180/,$p' "$TEST_TMP/executed" | grep -q "^M104 S0"; }
poll off_after_heat ||
	{ cat "$TEST_TMP/executed" >&2; fail "heaters were not turned off on SIGTERM"; }
pass tui_signals
