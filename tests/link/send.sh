# layerlab send against the virtual printer over a real pty: handshake,
# heating, homing, the guard's refusals, baud rates, usage errors.
. "$LL_HARNESS/lib.sh"

LOG="$TEST_TMP/printer.log"
start_sim --sim-speed 0 --log "$LOG"
PORT=$SIM_PORT

# Handshake: M115's identity and capabilities come back, exit 0.
expect_rc 0 "$LAYERLAB" send --port "$PORT" --profile virtual M115
contains "$OUT" "FIRMWARE_NAME:Marlin"
contains "$OUT" "Cap:AUTOREPORT_TEMP:1"
contains "$OUT" "ok"
pass "handshake"

# Heat and wait: with --sim-speed 0 the sim reaches the target at once.
expect_rc 0 "$LAYERLAB" send --port "$PORT" --profile virtual \
	"M140 S60" "M104 S200" "M190 S60" "M109 S200" M105
contains "$OUT" "ok T:200.00 /200.00 B:60.00 /60.00"
pass "heat and wait"

# Homing, then moves inside the box, and the position read back.
expect_rc 0 "$LAYERLAB" send --port "$PORT" --profile virtual \
	G28 "G1 X10 Y20 Z30 F3000" M400 M114
contains "$OUT" "X:10.00 Y:20.00 Z:30.00"
pass "home and move"

# The guard: refusals name the limit and nothing reaches the printer.
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "M104 S300"
contains "$ERR" "layerlab: send: M104 S300: refused:"
contains "$ERR" "260 °C"
contains "$ERR" "max_nozzle in profile virtual"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "M140 S130"
contains "$ERR" "max_bed"
# A new connection starts unhomed: Z is blocked until G28.
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "G1 Z5"
contains "$ERR" "send G28 first"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual G28 "G1 X500"
contains "$OUT" "ok"
contains "$ERR" "X 500 mm is outside this printer's X range 0 to 220 mm"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "M211 S0"
contains "$ERR" "soft endstops"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual M500
contains "$ERR" "trainer"
# Cold nozzle (the sim cools at once with --sim-speed 0): no extrusion.
expect_rc 0 "$LAYERLAB" send --port "$PORT" --profile virtual "M104 S0" M105
contains "$OUT" "ok T:25.00"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "G1 E10 F100"
contains "$ERR" "min_extrude"
# Stops at the first refusal: the command after it is not sent.
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual "M104 S999" "M117 after"
log=$(cat "$LOG")
lacks "$log" "M104 S300"
lacks "$log" "M140 S130"
lacks "$log" "M211 S0"
lacks "$log" "M500"
lacks "$log" "M104 S999"
lacks "$log" "M117 after"
lacks "$log" "X500"
pass "guard refusals name the limit and are never sent"

# A firmware complaint is an error: exit 1 with the printer's words.
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile virtual M9999
contains "$ERR" "Unknown command"
pass "firmware error"

# Every line ran once, in order (no duplicates from the link).
expect_rc 0 "$LAYERLAB" send --port "$PORT" --profile virtual "M117 one" "M117 two" "M117 three"
n=$(grep -c '^M117 one$' "$LOG")
[ "$n" -eq 1 ] || fail "M117 one ran $n times"
seq=$(grep '^M117 \(one\|two\|three\)$' "$LOG" | tr '\n' ,)
[ "$seq" = "M117 one,M117 two,M117 three," ] || fail "order: $seq"
pass "exactly once, in order"

# 250000 baud on a throttled link, and 115200 likewise.
start_sim --sim-speed 0 --baud 250000
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual --baud 250000 M115 M105
contains "$OUT" "FIRMWARE_NAME:Marlin"
start_sim --sim-speed 0 --baud 115200
expect_rc 0 "$LAYERLAB" send --port "$SIM_PORT" --profile virtual --baud 115200 M105
contains "$OUT" "ok T:"
pass "250000 and 115200 baud"

# The in-process virtual printer.
expect_rc 0 "$LAYERLAB" send --port virtual M115
contains "$OUT" "MACHINE_TYPE:Virtual Printer"
pass "--port virtual"

# Usage and port errors.
expect_rc 2 "$LAYERLAB" send --port "$PORT"
contains "$ERR" "which commands?"
expect_rc 2 "$LAYERLAB" send --port "$PORT" --baud fast M105
contains "$ERR" "--baud: 'fast' is not a baud rate"
expect_rc 1 "$LAYERLAB" send --port /dev/ttyUSB-missing M105
contains "$ERR" "layerlab: send: /dev/ttyUSB-missing: no such port"
expect_rc 1 "$LAYERLAB" send --port /dev/null M105
contains "$ERR" "not a serial port"
expect_rc 1 "$LAYERLAB" send --port "$PORT" --profile no-such-printer M105
contains "$ERR" "no-such-printer"
expect_rc 0 "$LAYERLAB" help send
contains "$OUT" "usage: layerlab send [--port"
pass "usage and port errors"
