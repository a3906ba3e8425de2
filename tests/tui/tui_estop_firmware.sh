# F12 on the training screen against printers other than Marlin: what the
# stop dialog tells the trainee follows what the firmware does with M112.
# Klipper reports no emergency parser yet shuts down as the line arrives
# (gcode.py's m112_r): "stopped at once". RepRapFirmware runs M112 in its
# turn on USB: "reads it only after the moves already queued".
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

estop_says() {
	local fw=$1 want=$2 not=$3
	start_sim --firmware "$fw" --sim-speed 0 --log "$TEST_TMP/$fw.log"
	tui_start 150 34 tui --port "$SIM_PORT" --profile virtual
	wait_for "● ready"
	keys F12
	wait_for "EMERGENCY STOP SENT"
	wait_for "$want"
	off_screen "$not" || fail "$fw: the stop dialog also says '$not': $(screen)"
	wait_for "● HALTED"
	# The stop reached the printer: M112 is in what it ran.
	poll in_file_re "^M112$" "$TEST_TMP/$fw.log" ||
		fail "$fw: the printer never got M112: $(cat "$TEST_TMP/$fw.log")"
	# A closed terminal ends the screen (as tui_signals shows).
	pid=$(tmux -L "$TMUX_SOCKET" list-panes -t tui -F '#{pane_pid}')
	tmux -L "$TMUX_SOCKET" kill-server
	poll ll_exited "$pid" || fail "$fw: layerlab did not end with its terminal"
	stop_sim
}

estop_says klipper "stopped at once" "reads it only after"
pass "Klipper: F12 says the printer stopped at once"
estop_says rrf "reads it only after" "stopped at once"
pass "RepRapFirmware: F12 says M112 waits behind the queued moves"
