# A lesson table whose cells are longer than their columns: at 120 and at
# 80 columns every cell wraps within its column, nothing is cut with "…".
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# table_ok: the table's last words are on screen, nothing is cut and no row
# runs past the screen's right edge.
table_ok() {
	local s word
	s=$(screen)
	for word in "The end of the table." "reset" "machine" "orderly" "parks" \
		"head" "dangerous" "power" "else" "Use it when"; do
		grep -qF -- "$word" <<<"$s" || return 1
	done
	grep -qF "…" <<<"$s" && return 1
	! grep -E '^ +[│├]' <<<"$s" | grep -vE '[│┤] *$' | grep -q .
}
# table_whole COLS: waits for the table laid out whole (after a resize the
# old layout stays on screen until the redraw).
table_whole() {
	poll table_ok || { screen >&2; fail "$1 columns: the table is cut or runs past the edge"; }
}

tui_start 120 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 50
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential"
past_shipped_modules
wait_for "Screen test module"
keys Enter
wait_for "2. Three ways to stop"
keys Down Enter
wait_for "step 1/1"
table_whole 120
# Rows that wrap are told apart by rules.
[ "$(screen | grep -c '├')" -ge 3 ] || { screen >&2; fail "no rules between wrapped rows"; }
pass "120 columns"

resize 80 30
table_whole 80
pass "80 columns"

resize 60 40
table_whole 60
pass "60 columns"
tui_quit
