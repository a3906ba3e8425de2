# Desktop terminals take F1 and F10: help (?) and quit (Ctrl-Q) work without
# F-keys and the key bar shows them; NO_COLOR only counts when not empty.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

tui_start 120 30 tui --port virtual --sim-speed 0
wait_for "F1/? help"
screen | grep -qF "F10/^Q quit" || { screen >&2; fail "no Ctrl-Q in the key bar"; }
keys '?'
wait_for "F10/^Q"
keys Escape
keys C-q
poll tui_gone ||
	{ screen >&2; fail "Ctrl-Q did not quit"; }
pass "help and quit without F-keys"
