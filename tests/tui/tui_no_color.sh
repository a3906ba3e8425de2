# no-color.org: a NO_COLOR that is set and not empty turns colours off; an
# empty one counts as unset. The screen's escape sequences tell.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

# A foreground or background colour (SGR 30-37, 40-47, 38;…, 48;…).
colour_sgr='\e\[([0-9]+;)*(3[0-8]|4[0-8])[;m]'
coloured_screen() { tmux -L "$TMUX_SOCKET" capture-pane -e -p -t tui; }

# The tmux server takes the environment it starts with: one server per run.
export NO_COLOR=
tui_start 100 30 tui --port virtual --sim-speed 0
wait_for "F1/? help"
coloured_screen | grep -qP "$colour_sgr" ||
	{ coloured_screen | cat -v >&2; fail "no colours with an empty NO_COLOR"; }
tui_quit
tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null
pass "an empty NO_COLOR leaves colours on"

export NO_COLOR=1
tui_start 100 30 tui --port virtual --sim-speed 0
wait_for "F1/? help"
if coloured_screen | grep -qP "$colour_sgr"; then
	coloured_screen | cat -v >&2
	fail "colours with NO_COLOR=1"
fi
# Still told apart without colour: the key bar's keys are highlighted.
coloured_screen | grep -qP '\e\[[0-9;]*m' || fail "no attributes at all with NO_COLOR=1"
tui_quit
pass "NO_COLOR=1 turns colours off"
