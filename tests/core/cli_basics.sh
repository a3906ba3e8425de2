# The command line's contract: help, version, exit codes, error format.
. "$LL_HARNESS/lib.sh"

expect_rc 0 "$LAYERLAB" --help
contains "$OUT" "usage: layerlab"
contains "$OUT" "Commands:"
expect_rc 0 "$LAYERLAB" --version
contains "$OUT" "layerlab "
expect_rc 2 "$LAYERLAB" no-such-command
contains "$ERR" "layerlab: no-such-command: unknown command"
expect_rc 2 "$LAYERLAB" --no-such-option
expect_rc 2 "$LAYERLAB" help no-such-command
contains "$ERR" "layerlab: help: unknown command 'no-such-command'"
for c in ports send console print sim modules lint lesson learner group trainer progress records keys credential; do
	expect_rc 0 "$LAYERLAB" help "$c"
	contains "$OUT" "usage: layerlab $c"
done
printf 'db = %s/x.db\nbogus = 1\n' "$TEST_TMP" >"$TEST_TMP/bad.conf"
expect_rc 1 "$LAYERLAB" --config "$TEST_TMP/bad.conf" modules
contains "$ERR" "bad.conf:2: bogus: unknown key"
# Without a terminal the training screen says so instead of drawing garbage.
expect_rc 1 "$LAYERLAB" --db "$TEST_TMP/x.db" tui --port virtual </dev/null
contains "$ERR" "layerlab: tui: the training screen needs a terminal"
pass cli_basics
