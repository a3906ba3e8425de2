# The strip shows the head's position while it moves: on a printer that
# reports positions by itself (M154, Cap:AUTOREPORT_POS:1) and, on
# Marlin's default build, by one M114 at a time while moves are queued,
# and no more polling once the moves are reported.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

# Thirty short moves, more than the planner's 16 blocks hold: the
# position Marlin reports moves on as the planner takes each one. The
# virtual printer runs 8 times faster (--sim-speed 8) so that homing is
# quick, and the moves are 8 times slower (f = 225 mm/min) so that on the
# wall clock they last as long as at 900 mm/min in real time (about five
# seconds): the strip and the polls are watched in wall-clock time. The
# head goes to the line's start first, at travel speed.
mkdir -p "$TEST_TMP/modules/P7"
cat >"$TEST_TMP/modules/P7/module.lua" <<'LUA'
return {
  id = "P7", version = "1.0", languages = { "en" },
  title = { en = "Position test module" },
  summary = { en = "Moves." },
  eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = {
    { id = "P7.LO1", kind = "skill", assessed_by = "printer",
      text = { en = "Watches the head move." }, pass = { en = "It moved." } },
  },
  lessons = { "moves" },
}
LUA
cat >"$TEST_TMP/modules/P7/moves.lua" <<'LUA'
return lesson {
  id = "moves", title = { en = "Moves lesson" }, needs = { printer = true },
  step({ id = "m", title = { en = "Moves" } }, function()
    printer.home()
    -- To the line's start at once: the test watches the thirty moves.
    printer.move { x = 10, y = 100, f = 6000 }
    say { en = "The head moves along X." }
    for i = 1, 30 do
      printer.move { x = 10 + 5 * i, y = 100, f = 225 }
    end
    printer.wait_idle()
    say { en = "All moves done." }
  end),
}
LUA

# watch_moves LOG: opens the lesson and waits for the moves to end; sets
# $SEEN to the distinct X the strip showed meanwhile, in order, from the
# screen's debug log LOG (every position drawn, whatever the sampling).
watch_moves() {
	wait_for "Ana Novak"
	wait_for "● ready"
	keys Enter
	wait_for "Position test module"
	past_shipped_modules
	wait_for "1. Moves lesson"
	keys Enter
	wait_for "1. Moves lesson"
	keys Enter
	wait_for "The head moves along X."
	wait_for "All moves done." 120
	SEEN=$(sed -n 's/.* tui: strip shows X\([0-9.]*\) Y.*/\1/p' "$1" | uniq | tr '\n' ' ')
	SEEN=" ${SEEN% }"
	wait_for "X160.0 Y100.0"
}

# Marlin's default build: no M154, positions polled.
log="$TEST_TMP/printer.log"
start_sim --sim-speed 8 --log "$log"
LAYERLAB_LOG="$TEST_TMP/tui-polled.log"
tui_start 100 30 --modules "$TEST_TMP/modules" tui --port "$SIM_PORT" --profile virtual
watch_moves "$LAYERLAB_LOG"
[ "$(echo "$SEEN" | wc -w)" -ge 3 ] ||
	fail "the strip showed X at$SEEN only while the head moved"
in_file "M154" "$log" && fail "M154 sent to a printer without Cap:AUTOREPORT_POS"
polls=$(grep -cx "M114" "$log")
[ "$polls" -ge 3 ] || fail "only $polls M114 polls during thirty moves"
[ "$polls" -le 40 ] || fail "$polls M114 polls for thirty moves: too many"
pass "polled (M114, $polls times): the strip showed X at$SEEN"
# Once the moves are reported, polling stops: the next command the printer
# runs after the lesson ends is no M114.
wait_for "Continue (Enter)"
keys Enter
wait_for "Lesson completed."
keys Enter
wait_for "Position test module"
after=$(grep -cx "M114" "$log")
tui_quit
[ "$(grep -cx "M114" "$log")" -eq "$after" ] || fail "M114 polled with nothing moving"
stop_sim

# A build with AUTO_REPORT_POSITION: M154 S1, no polling.
log="$TEST_TMP/printer-auto.log"
start_sim --sim-speed 8 --auto-report-position --log "$log"
LAYERLAB_LOG="$TEST_TMP/tui-auto.log"
tui_start 100 30 --modules "$TEST_TMP/modules" tui --port "$SIM_PORT" --profile virtual
watch_moves "$LAYERLAB_LOG"
[ "$(echo "$SEEN" | wc -w)" -ge 3 ] ||
	fail "the strip showed X at$SEEN only while the head moved (M154)"
in_file "M154 S1" "$log" || fail "no M154 S1 for a printer that reports positions"
# One M114 after homing (the host's own), none to follow the moves.
polls=$(grep -cx "M114" "$log")
[ "$polls" -le 1 ] || fail "$polls M114 polls although the printer reports by itself"
pass "auto-reported (M154 S1): the strip showed X at$SEEN"
tui_quit
stop_sim
