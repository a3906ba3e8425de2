# layerlab lint on one broken fixture per message: the exact output line
# and the exit status. tests/content/broken/<case>/expect holds
# "rc=N [options]" and then the lines lint must print, nothing more.
. "$LL_HARNESS/lib.sh"
cd "$LL_SOURCE_DIR/tests/content/broken" || fail "no fixtures"
n=0
for dir in */; do
	case=${dir%/}
	read -r first <"$case/expect"
	want=${first%% *}
	want=${want#rc=}
	args=${first#"rc=$want"}
	# shellcheck disable=SC2086
	expect_rc "$want" "$LAYERLAB" lint $args "$case"
	expected=$(tail -n +2 "$case/expect")
	[ "$OUT" = "$expected" ] || fail "$case: lint printed:
$OUT
expected:
$expected"
	if [ "$want" -ne 0 ]; then
		contains "$ERR" "layerlab: lint: "
		contains "$ERR" " error"
	fi
	n=$((n + 1))
done
[ "$n" -ge 30 ] || fail "only $n fixtures"
pass "$n broken fixtures, one message each"

# Lint keeps going past the first broken file: all messages at once.
expect_rc 1 "$LAYERLAB" lint limit-heat profile-baud profile-quirk
contains "$OUT" "limit-heat/X9/one.lua:6: error: printer.heat: nozzle 320"
contains "$OUT" "profile-baud/printers/fixture.lua:5: error: 'baud' 115000"
contains "$OUT" "profile-quirk/printers/fixture.lua:13: error: unknown quirk 'dtr-rest'"
# Two modules with one id are one module too many.
expect_rc 1 "$LAYERLAB" lint limit-heat limit-send
contains "$OUT" "limit-send/X9/module.lua:3: error: duplicate module id 'X9' (also limit-heat/X9/module.lua)"
pass "several paths in one run"

# Content outside the source tree, named by absolute path.
cp -r missing-key "$TEST_TMP/mk"
expect_rc 1 "$LAYERLAB" lint "$TEST_TMP/mk/X9/module.lua"
contains "$OUT" "$TEST_TMP/mk/X9/module.lua:2: error: missing key 'workload_hours'"
pass "a module named by its module.lua"
