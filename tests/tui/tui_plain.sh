# The plain line mode, as a screen-reader user works it: lines and
# numbered choices on a terminal that is driven as a process (a pty, no
# tmux), never a cursor movement; the whole tour lesson (reading, a quiz
# with a second try, every kind of question, a printer task, a trainer's
# sign-off and the emergency stop) in English and in Serbian Cyrillic; the
# stop by Ctrl-C; TERM=dumb choosing the mode by itself; the heaters off
# when the input ends; a trainer's observation answered "Not this time".
. "$LL_HARNESS/lib.sh"

DB="$TEST_TMP/records.db"
ll() { "$LAYERLAB" --db "$DB" "$@"; }
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '246810\n246810\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"
MODS="$(dirname "$0")/modules"
DRIVE="$(dirname "$0")/plain_drive.py"

# drive NAME ARGS...: runs the steps on standard input against layerlab
# with ARGS; the transcript is kept in $TEST_TMP/NAME.out.
drive() {
	local name=$1; shift
	PLAIN_TRANSCRIPT="$TEST_TMP/$name.out" python3 "$DRIVE" -- \
	    env LC_ALL=C.UTF-8 "$@" || fail "$name: the plain mode did not go as expected"
	# No cursor addressing, no colour: not one escape sequence.
	if grep -q $'\033' "$TEST_TMP/$name.out"; then
		cat -v "$TEST_TMP/$name.out" | grep -m3 '\^\[' >&2
		fail "$name: an escape sequence in the plain output"
	fi
}

# The tour in English: every step answered by typing.
drive tour-en TERM=xterm "$LAYERLAB" --db "$DB" --modules "$MODS" tui --plain \
    --port virtual --sim-speed 50 <<'STEPS'
expect Emergency stop: type stop and press Enter, or press Ctrl-C, at any time.
anywhere Who is at this station?
expect Printer: ready.
pick Ana Novak
expect Modules:
pick Screen test module
expect Lessons in Screen test module:
pick Screen tour (uses the printer)
expect Lesson: Screen tour, 6 steps.
expect Step 1 of 6: Read
expect Hot parts
expect The nozzle works at 190–300 °C.
expect Warning: Never touch the nozzle.
expect Press Enter to continue.
enter
expect Step 2 of 6: Question
expect Question, try 1/2: Which part is hottest?
expect 2. The nozzle
expect Type the number of your answer and press Enter.
send 3
expect That is not one of the choices: type a number from 1 to 2.
send 1
expect Not right. The bed is cooler.
expect Question, try 2/2: Which part is hottest?
send 2
expect Right.
expect Recorded: T9.Q
expect recorded as achieved (quiz).
expect Which of these protect you from fumes?
expect Type the numbers of every right answer, with spaces between, and press Enter.
send 1 3
expect Right.
expect Below which temperature is a part safe to touch?
expect Type a number in °C and press Enter.
send 4x
expect Type a number first
send 45
expect Right.
expect Put the start-up in order
expect Type all the numbers in the right order, with spaces between, and press Enter.
send 1 1
expect Type each number from 1 to 4 once, in your order.
send 1 2 3 4
expect You may leave the first layer unattended.
send 2
expect Answers right:
expect Press Enter to continue.
enter
expect Step 4 of 6: Printer
expect Is the bed clear?
expect 1. Yes
send 1
expect Heating
expect Nozzle to 150 °C
expect Recorded: T9.P
expect recorded as achieved (printer).
expect Trainer sign-off: T9.T
expect Watch the trainee work.
expect Trainer: type the number of your name.
pick Marko Trener
expect PIN for Marko Trener:
send 246810
expect Your judgement:
send 1
expect Recorded: T9.T
expect Press the panic key now (or choose Yes).
send stop
expect EMERGENCY STOP SENT
expect The printer got M112 and stopped at once
send 1
expect Recorded: T9.S
expect recorded as achieved (printer).
expect Lesson completed.
expect Press Enter to go back to the lessons.
send status
expect Printer: HALTED.
expect Nozzle: 
expect °C, heater off
expect Bed: 
expect Head at X
send quit
expect The heaters are off. Goodbye.
exit 0
STEPS
t=$(cat "$TEST_TMP/tour-en.out")
lacks "$t" "246810"
lacks "$t" "**"
lacks "$t" "✓"
OUT=$(ll progress --learner ana --json 2>&1)
for o in T9.Q T9.P T9.T T9.S; do contains "$OUT" "$o"; done
pass "the tour in English: reading, a quiz with a second try, every kind of question, a printer task, a sign-off (PIN not shown), stop"

# The same lesson in Serbian Cyrillic: the lesson's texts and the mode's own.
ll learner add mila --name "Мила Петровић" >/dev/null || fail "learner add mila"
drive tour-sr TERM=xterm "$LAYERLAB" --db "$DB" --lang sr-Cyrl --modules "$MODS" \
    tui --plain --port virtual --sim-speed 50 <<'STEPS'
expect Хитно заустављање: у било ком тренутку упишите stop и притисните Enter, или притисните Ctrl-C.
expect Штампач: спреман.
pick Мила Петровић
pick Пробни модул екрана
pick Обилазак екрана
expect Корак 1 од 6: Читај
expect Млазница ради на 190–300 °C
expect Упозорење: Никада не додирујте млазницу.
expect Притисните Enter за наставак.
enter
expect Који део је најтоплији?
expect 2. Млазница
send 2
expect T9.Q
expect fumes?
send 1 3
expect Below which temperature is a part safe to touch?
send 45
expect Put the start-up in order
send 1 2 3 4
expect You may leave the first layer unattended.
send 2
expect Answers right:
expect Притисните Enter за наставак.
enter
expect Да ли је сто празан?
send 1
expect Млазница
expect T9.P
pick Marko Trener
expect Marko Trener:
send 246810
expect 2. Још није оспособљен
send 1
expect T9.T
expect Сада притисните тастер за хитно заустављање (или изаберите Да).
send stop
send 1
expect T9.S
expect Лекција је завршена.
send quit
expect Грејачи су искључени. Довиђења.
exit 0
STEPS
OUT=$(ll progress --learner mila --json 2>&1)
for o in T9.Q T9.P T9.T T9.S; do contains "$OUT" "$o"; done
pass "the tour in Serbian Cyrillic"

# The language, chosen by typing: the lists follow at once, and a lesson
# that runs ends and goes on at its step in the new language.
drive language TERM=xterm "$LAYERLAB" --db "$DB" --modules "$MODS" tui --plain \
    --port virtual --sim-speed 50 <<'STEPS'
expect Printer: ready.
send help
expect Type language to choose the language.
send language
pick sl
expect Jezik: sl
pick Ana Novak
pick Preizkusni modul za zaslon
pick Ogled zaslona
expect Korak 1 od 6: Beri
expect Opozorilo: Nikoli se ne dotikaj šobe.
send language
pick en
expect Language: en
expect Step 1 of 6: Read
expect Warning: Never touch the nozzle.
send quit
expect The heaters are off. Goodbye.
exit 0
STEPS
pass "the language by typing: lists and the running lesson follow"

# A shipped lesson on the virtual printer at speed 0: the plain mode gives
# a lesson what the screen gives it (the printer's faults to play, its
# clock), so M1's thermal-runaway drill plays the fault at once and the
# trainee answers the halt, then the input ends with the heaters off.
drive drill TERM=xterm "$LAYERLAB" --db "$DB" tui --plain --port virtual --sim-speed 0 <<'STEPS'
expect Printer: ready.
pick Ana Novak
pick Safety and workshop rules
pick Emergencies: the thermal-runaway drill
expect Press Enter to continue.
enter
expect THE PRINTER HAS STOPPED ITSELF
expect Thermal Runaway, system stopped!
expect What do you do first?
send 1
expect Right: hands off, power off, report.
expect How long do you cool the burn under running water?
eof
exit 0
STEPS
lacks "$(cat "$TEST_TMP/drill.out")" "cannot play a fault"
pass "M1's drill in the plain mode: the virtual printer's fault played at speed 0"

# TERM=dumb chooses the mode by itself; Ctrl-C is the emergency stop while
# the head moves, and the trainee reads what happened in words.
log="$TEST_TMP/printer.log"
start_sim --sim-speed 1 --log "$log"
drive stop-ctrl-c TERM=dumb "$LAYERLAB" --db "$DB" --modules "$MODS" tui \
    --port "$SIM_PORT" --profile virtual <<'STEPS'
expect Emergency stop: type stop and press Enter, or press Ctrl-C, at any time.
expect Printer: ready.
pick Ana Novak
pick Screen test module
pick Stop and go on (uses the printer)
expect Nothing moves yet.
enter
expect The head is moving.
ctrl-c
expect EMERGENCY STOP SENT
expect The printer has stopped
expect Press Enter to go back to the lessons.
send quit
exit 0
STEPS
stop_sim
pass "TERM=dumb: the plain mode by itself; Ctrl-C stopped the moving printer"

# The input ends while the nozzle heats: the heaters go off on the way out.
log="$TEST_TMP/printer-eof.log"
start_sim --sim-speed 1 --log "$log"
drive eof TERM=dumb "$LAYERLAB" --db "$DB" --modules "$MODS" tui \
    --port "$SIM_PORT" --profile virtual <<'STEPS'
expect Printer: ready.
pick Ana Novak
pick Screen test module
pick Waiting for the printer (uses the printer)
expect Heating
expect Nozzle to 100 °C
eof
exit 0
STEPS
in_file "M104 S100" "$log" || fail "the lesson did not heat: $(cat "$log")"
[ "$(grep -n 'M104 S0' "$log" | tail -1 | cut -d: -f1)" -gt "$(grep -n 'M104 S100' "$log" | tail -1 | cut -d: -f1)" ] ||
	fail "the nozzle was left on when the input ended: $(tail -5 "$log")"
stop_sim
pass "the end of the input turned the heaters off"

# A trainer's observation in the plain mode: named as one, answered "Seen"
# or "Not this time", recorded as an observation, not a verdict.
drive observe TERM=xterm "$LAYERLAB" --db "$DB" --modules "$MODS" tui --plain \
    --port virtual --sim-speed 50 <<'STEPS'
expect Who is at this station?
pick Ana Novak
pick Screen test module
pick An occasion seen
expect Trainer observation: T9.T
expect Did the trainee keep the rules at this printer?
pick Marko Trener
expect PIN for Marko Trener:
send 246810
expect Your judgement:
expect 1. Seen
expect 2. Not this time
send 2
expect Recorded: T9.T
expect observation recorded: not seen this time (observation).
expect Occasions recorded: 1, seen: 0, the last in T9/observe by T01.
expect Press Enter to continue.
enter
expect Lesson completed.
send quit
exit 0
STEPS
lacks "$(cat "$TEST_TMP/observe.out")" "Competent"
pass "an observation in the plain mode: seen or not this time, recorded as such"
