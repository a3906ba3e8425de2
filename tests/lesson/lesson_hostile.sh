#!/bin/bash
# Hostile lessons (modules/H1): none of them can crash layerlab or leave the
# printer hot. Every way out of a lesson — an error whose __tostring raises,
# loops, sleeps or eats memory, a crash, an abort — ends with the heaters
# commanded off and the attempt closed.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"
MODS="$HERE/modules"
none=$(answers "# no questions")
ulimit -c 0

# heaters_are_off LOG: the printer has run a heaters-off after the heat-up.
heaters_are_off() {
	local on off
	on=$(grep -nxF "M104 S200" "$1" | tail -1 | cut -d: -f1)
	off=$(grep -nxF "M104 S0" "$1" | tail -1 | cut -d: -f1)
	[ -n "$on" ] && [ -n "$off" ] && [ "$off" -gt "$on" ] && grep -qxF "M140 S0" "$1"
}
# heaters_off_after LOG: the last heater command in the printer's log is off.
heaters_off_after() {
	local on off
	on=$(grep -nxF "M104 S200" "$1" | tail -1 | cut -d: -f1)
	off=$(grep -nxF "M104 S0" "$1" | tail -1 | cut -d: -f1)
	[ -n "$on" ] || fail "the lesson's M104 S200 never reached the printer"
	[ -n "$off" ] && [ "$off" -gt "$on" ] || fail "no M104 S0 after the heat-up: $(tail -5 "$1")"
	grep -qxF "M140 S0" "$1" || fail "no M140 S0"
}

# fresh_sim: a virtual printer of its own for each run, its log emptied.
fresh_sim() {
	[ -n "${SIM_PID:-}" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
	: >"$TEST_TMP/printer.log"
	start_sim --sim-speed 0 --log "$TEST_TMP/printer.log"
}

for kind in raise loop sleep mem; do
	fresh_sim
	expect_rc 1 timeout 60 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run "H1/tostring_$kind" \
	    --answers "$none" --port "$SIM_PORT" --profile virtual
	contains "$OUT" "heating started"
	contains "$OUT" "=== error at step 2 ==="
	contains "$OUT" "an error object whose __tostring failed"
	heaters_off_after "$TEST_TMP/printer.log"
	[ "$(attempt_field "tostring_$kind" status)" = error ] || fail "attempt not closed as error ($kind)"
done
expect_rc 1 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/tostring_text --answers "$none" --port "$SIM_PORT" --profile virtual
contains "$OUT" "a lesson error told by __tostring"
pass "an error object's __tostring cannot crash layerlab (raise, loop, sleep, memory) (${SECONDS}s)"

# A crash or an abort while the printer heats: the heaters are switched off
# from the crash itself and the attempt does not stay "running".
for sig in SEGV ABRT; do
	fresh_sim
	"$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/hot_wait --answers "$none" \
	    --port "$SIM_PORT" --profile virtual >"$TEST_TMP/hot.out" 2>&1 &
	pid=$!
	hot() { grep -qs "heating started" "$TEST_TMP/hot.out" && grep -qxF "M140 S60" "$TEST_TMP/printer.log"; }
	poll hot
	grep -q "heating started" "$TEST_TMP/hot.out" || fail "the lesson did not start heating"
	kill -$sig $pid
	wait $pid && fail "layerlab survived SIG$sig"
	# The dying process wrote the heaters-off to the port; the printer
	# runs and logs it when it reads it, which may be after the exit.
	poll heaters_are_off "$TEST_TMP/printer.log"
	heaters_off_after "$TEST_TMP/printer.log"
	[ "$(attempt_field hot_wait status)" = error ] || fail "attempt left running after SIG$sig"
done
"$LAYERLAB" --db "$DB" records verify >/dev/null || fail "records do not verify after the crashes"
pass "a crash or abort leaves the heaters off and the attempt closed (${SECONDS}s)"

# Numbers from outside are checked: NaN and infinities used to hang at G28.
for v in nan inf -inf 1e308 -1 abc ""; do
	expect_rc 2 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/numbers --answers "$none" --sim-speed "$v"
	contains "$ERR" "--sim-speed: '$v' is not a time scale"
done
expect_rc 2 "$LAYERLAB" tui --sim-speed nan
contains "$ERR" "--sim-speed: 'nan' is not a time scale"
expect_rc 2 "$LAYERLAB" print --port virtual --interval nan "$LL_TEST_DATA/tab_ender3_0.20mm.gcode"
contains "$ERR" "--interval"
fresh_sim
expect_rc 0 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/numbers --answers "$none" --port "$SIM_PORT" --profile virtual
for v in inf -inf nan -1 1e+308; do
	contains "$OUT" "refused: true (sleep: expected seconds from 0 to 86400, got "
done
lacks "$OUT" "refused: false"
contains "$OUT" "wait_temp NaN refused: true"
contains "$OUT" "wait_temp timeout inf refused: true"
contains "$OUT" "sleep(0) returns"
pass "NaN, infinities and huge numbers are refused with a message (${SECONDS}s)"

# print_file: a link out of the module's folder is not followed.
fresh_sim
cp -r "$MODS/H1" "$TEST_TMP/H1"
ln -s /etc/passwd "$TEST_TMP/H1/files/outside.gcode"
ln -s tiny.gcode "$TEST_TMP/H1/files/inside.gcode"
expect_rc 0 "$LAYERLAB" --db "$DB" --modules "$TEST_TMP" lesson run H1/print_link --answers "$none" --port "$SIM_PORT" --profile virtual
contains "$OUT" "print_file of a link out refused: true (printer.print_file: 'files/outside.gcode': expected a file inside the module's folder (it links outside))"
contains "$OUT" "print_file of a link in: true"
grep -q "root" "$TEST_TMP/printer.log" && fail "/etc/passwd reached the printer"
pass "print_file does not follow a link out of the module (${SECONDS}s)"

# --answers is bounded.
expect_rc 1 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/numbers --answers /dev/zero --sim-speed 0
contains "$ERR" "/dev/zero: larger than 1048576 bytes"
pass "an answers file is read bounded (${SECONDS}s)"

# Text from a lesson reaches neither a terminal nor an export raw: escape
# sequences, C1 controls and invalid UTF-8 become U+FFFD in the transcript,
# and the result with broken evidence is exported, not dropped.
"$LAYERLAB" --db "$DB" learner add csv1 --name '=HYPERLINK("http://x","y")' >/dev/null || fail "learner add"
expect_rc 0 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run H1/text --learner csv1 --answers "$none" --sim-speed 0
contains "$OUT" "done"
contains "$OUT" "before �[31mred�[0m �]0;title� � �� after"
contains "$OUT" "item �[1mbold"
contains "$OUT" "fine ✓"
printf '%s' "$OUT" | python3 -c '
import sys
data = sys.stdin.buffer.read()
data.decode("utf-8")                  # valid UTF-8 throughout
bad = [b for b in data if b < 0x20 and b not in (9, 10)] + [b for b in data if b == 0x7f]
assert not bad, bad
assert "\u009b" not in data.decode()
' || fail "the transcript holds control bytes or invalid UTF-8"
"$LAYERLAB" --db "$DB" records export --format json --out "$TEST_TMP/text.json" >/dev/null ||
	fail "records export failed"
python3 - "$TEST_TMP/text.json" <<'PY' || fail "the result with broken evidence was not exported whole"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [a["id"] for a in d["attempts"] if a["lesson"] == "text"]
r = [x for x in d["results"] if x["attempt"] in ids]
assert len(r) == 1, r
assert "bad \ufffd bytes" in json.dumps(r[0], ensure_ascii=False), r[0]
PY
"$LAYERLAB" --db "$DB" records export --format csv --out "$TEST_TMP/text.csv" >/dev/null ||
	fail "records export csv failed"
python3 - "$TEST_TMP/text.csv" <<'PY' || fail "the CSV export holds raw control bytes or a formula"
import csv, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
assert b"\x1b" not in raw
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert any(row[3] == "'=HYPERLINK(\"http://x\",\"y\")" for row in rows[1:]), rows
for row in rows[1:]:
    for field in row:
        assert not field[:1] in ("=", "+", "-", "@"), field
PY
pass "lesson text is cleaned in the transcript and exports (${SECONDS}s)"
