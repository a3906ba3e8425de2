# A lesson table whose cells are longer than their columns: at 120 and at
# 80 columns every cell wraps within its column, nothing is cut with "…".
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# table_whole COLS: the table's last words are on screen, no line is cut.
table_whole() {
	wait_for "The end of the table."
	for word in "reset" "machine" "orderly" "parks" "head" "dangerous" \
		"power" "else" "Use it when"; do
		screen | grep -qF -- "$word" || { screen >&2; fail "$1 columns: '$word' not shown"; }
	done
	if screen | grep -qF "…"; then screen >&2; fail "$1 columns: a cell is cut"; fi
	# The right-hand rule of every row is on screen: no row runs past the edge.
	if screen | grep -E '^ +[│├]' | grep -vE '[│┤] *$' | grep -q .; then
		screen >&2; fail "$1 columns: a row runs past the screen's edge"
	fi
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
wait_for "The end of the table."
table_whole 80
pass "80 columns"

resize 60 40
wait_for "The end of the table."
table_whole 60
pass "60 columns"
tui_quit
