# layerlab console on a real terminal (tmux): temperatures in the prompt,
# history with the up arrow, Ctrl-C asking before leaving a hot printer.
. "$LL_HARNESS/lib.sh"
command -v tmux >/dev/null || { echo "skip: no tmux"; exit 0; }

export TMUX_TMPDIR="$TEST_TMP"
S=llconsole
screen() { tmux capture-pane -p -t "$S"; }
wait_screen() {
	poll on_screen "$1" || fail "waited for '$1' on the screen:
$(screen)"
}

LOG="$TEST_TMP/printer.log"
start_sim --sim-speed 0 --log "$LOG"
tmux new-session -d -s "$S" -x 100 -y 30 \
	"'$LAYERLAB' console --port '$SIM_PORT' --profile virtual; echo EXITED \$?; sleep 30"
trap 'tmux kill-server 2>/dev/null; cleanup' EXIT

wait_screen "[T 25.0/0 B 25.0/0] >"
tmux send-keys -t "$S" "M104 S200" Enter
wait_screen "[T 200.0/200 B 25.0/0] >"
tmux send-keys -t "$S" "M114" Enter
wait_screen "X:0.00 Y:0.00 Z:0.00"
# Up recalls the last command; editing keys work on the recalled line.
tmux send-keys -t "$S" Up
wait_screen "] > M114"
tmux send-keys -t "$S" BSpace BSpace BSpace BSpace "M105" Enter
wait_screen "ok T:200.00 /200.00"
tmux send-keys -t "$S" "G1 Z5" Enter
wait_screen "! refused G1 Z5: Z moves are blocked until the printer is homed"
pass "prompt shows temperatures; history; refusals"

tmux send-keys -t "$S" C-c
wait_screen "Heaters are on. y: turn them off and leave, n: stay, k: keep them on and leave [y/n/k]"
# One key, n: stay at the printer with the prompt back.
tmux send-keys -t "$S" n
wait_screen "staying: the heaters are still on"
wait_screen "[T 200.0/200 B 25.0/0] >"
tmux send-keys -t "$S" "M105" Enter
wait_screen "ok T:200.00 /200.00 B:25.00"
lacks "$(cat "$LOG")" "M104 S0"
pass "n stays with the heaters on"

tmux send-keys -t "$S" C-c
wait_screen "[y/n/k]"
tmux send-keys -t "$S" y
wait_screen "EXITED 0"
contains "$(screen)" "heaters are off"
log=$(tr '\n' , <"$LOG")
contains "$log" "M104 S200,"
contains "$log" "M104 S0,M140 S0,"
pass "Ctrl-C asks, then turns the heaters off"
