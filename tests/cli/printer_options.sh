# The printer options that console, send, print, tui and lesson run share:
# one spelling each, the configuration's values as defaults (sim_speed and
# baud included), one message for a bad value.
. "$LL_HARNESS/lib.sh"

CONF="$TEST_TMP/layerlab.conf"
printf 'sim_speed = 0\nbaud = 250000\n' >"$CONF"

# sim_speed from the configuration: heating to 200 °C is instant, in every
# command that starts the virtual printer.
expect_rc 0 "$LAYERLAB" --config "$CONF" send --port virtual "M104 S200" \
	"M109 S200" M105
contains "$OUT" "T:200.00 /200.00"
printf 'M109 S190\nM105\n' >"$TEST_TMP/heat.gcode"
expect_rc 0 "$LAYERLAB" --config "$CONF" print --port virtual \
	"$TEST_TMP/heat.gcode"
pass "sim_speed in the configuration"

# --sim-speed on the command line wins over the configuration.
expect_rc 0 "$LAYERLAB" send --port virtual --sim-speed 0 "M104 S200" \
	"M109 S200" M105
contains "$OUT" "T:200.00 /200.00"
pass "--sim-speed"

# The configuration's baud reaches the link; --baud wins over it.
OUT=$(printf 'status\n' | "$LAYERLAB" --config "$CONF" console --port virtual 2>&1)
contains "$OUT" "at 250000 baud"
OUT=$(printf 'status\n' | "$LAYERLAB" --config "$CONF" console --port virtual \
	--baud 115200 2>&1)
contains "$OUT" "at 115200 baud"
pass "baud from the configuration"

# One message, once, for a bad value of a shared option, in every command.
for cmd in send console print tui; do
	expect_rc 2 "$LAYERLAB" "$cmd" --sim-speed fast M105
	contains "$ERR" "layerlab: $cmd: --sim-speed: 'fast' is not a time scale"
	[ "$(grep -c "^layerlab: " "$TEST_TMP/stderr")" -eq 1 ] ||
		fail "$cmd: more than one error line: $ERR"
	expect_rc 2 "$LAYERLAB" "$cmd" --baud 12x M105
	contains "$ERR" "layerlab: $cmd: --baud: '12x' is not a baud rate"
done
expect_rc 2 "$LAYERLAB" lesson run M1/hazards --answers /dev/null --sim-speed -1
contains "$ERR" "layerlab: lesson: --sim-speed: '-1' is not a time scale"
pass "bad values"

# An unknown option is named once, without getopt's own message.
expect_rc 2 "$LAYERLAB" send --bogus M105
contains "$ERR" "layerlab: send: unknown option '--bogus'"
[ "$(grep -c . "$TEST_TMP/stderr")" -eq 2 ] || fail "send --bogus: $ERR"
expect_rc 2 "$LAYERLAB" console --port
contains "$ERR" "layerlab: console: '--port' needs a value"
pass "unknown option and missing value"
