#!/usr/bin/env bash
# Every way around the guard found in issue 9, tried from the console path
# (layerlab send): each command is refused with its reason and never reaches
# the printer, whose own log is the proof.
. "$LL_HARNESS/lib.sh"

LOG="$TEST_TMP/printer.log"
start_sim --sim-speed 0 --log "$LOG"
send() { "$LAYERLAB" send --port "$SIM_PORT" --profile virtual "$@"; }

# refused WHY CMD...: the last command is refused and the reason names WHY.
refused() {
	local why=$1; shift
	expect_rc 1 send "$@"
	contains "$ERR" "refused"
	contains "$ERR" "$why"
}

refused "more than once" "M104 S270 S100"
refused "more than once" "M140 S120 S50"
refused "more than once" G28 "G0 X500 X10"
refused "more than once" "m104 s270 S100"
refused "space between" "M104 S 450"
refused "space between" "M 104 S450"
refused "space between" "M211 S 0"
refused "quote" 'M104 S100 "S450"'
refused "quote" 'M104 S100 "x S450'
refused "'*'" "M104 S100 *S450"
refused "'*'" "M117 hi*S450"
refused "cold extrusion" "M302 P"
refused "cold extrusion" "M302 S"
refused "cold extrusion" "M302 S0.5"
refused "cold extrusion" "M302 S65536"
refused "soft endstops" "M211 S-1"
refused "soft endstops" "M211 S0.5"
refused "not a number" "M104 S1e3"
refused "not a number" "M104 S0x100"
refused "without a value" G28 "G1 X"
refused "control character" "$(printf 'M104 S2\b70')"
refused "looks like" "M118 T:20.0 /0.0 B:20.0 /0.0"
refused "looks like" "M118 ok"
refused "looks like" "M118 E1 ok"
refused "looks like" "M118 Error:Printer halted"
refused "looks like" "M118 A1 action:cancel"
refused "looks like" "M118 //action:cancel"
log=$(cat "$LOG")
for bad in 270 S450 "S 0" "M302" "S-1" "S0.5" "X500" "1e3" "0x" "M118" "S65536"; do
	lacks "$log" "$bad"
done
pass "every bypass is refused with its reason and never sent"

# What is sent is the canonical form the guard judged: upper case, one
# space between parameters, no comment, and M118 always prefixed with echo:.
expect_rc 0 send "g28" "g1x10 y20  z5 ; go" "m118 Hello trainee" "M118 E1 A1 again"
for want in "G28" "G1 X10 Y20 Z5" "M118 E1 Hello trainee" "M118 E1 again"; do
	grep -qxF "$want" "$LOG" || fail "the printer did not run '$want': $(cat "$LOG")"
done
contains "$OUT" "echo:Hello trainee"
pass "the canonical form is what the printer runs"

# Commands that change what extrusion does are judged from the console too:
# flow (M221), volumetric filament (M200 D), firmware retraction (M207/M208);
# and flow scales the single-extrusion limit.
: >"$LOG.flow"
refused "flow must stay between 10 and 200" "M221 S1000"
refused "flow must stay between 10 and 200" "M221 S5"
refused "volumetric extrusion" "M200 D0.1"
refused "firmware retraction" "M207 S500"
refused "firmware retraction" "M208 S200"
refused "a quote in M221" 'M221 "S1000"'
refused "at 200 % flow (M221) pushes 200 mm" G28 "M109 S200" "M83" "M221 S200" "G1 E100 F100"
grep -q "M221 S1000\|M200 D0.1\|M207 S500\|E100" "$LOG" && fail "a refused command reached the printer: $(grep -n "M221\|M200\|M207\|E100" "$LOG")"
expect_rc 0 send "M221 S95" "M221 S100" "M200 D0"
grep -qxF "M221 S95" "$LOG" || fail "M221 S95 did not reach the printer"
pass "flow, volumetric and firmware retraction are judged outside lessons"
