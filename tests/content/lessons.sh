# Every lesson of one shipped module (lessons.sh MODULE; CMake adds one
# test per module, so they run in parallel and each stays short) runs
# headless against the virtual printer: its .pass answers pass (exit 0),
# its .fail answers complete without passing (exit 1). The test set-up of
# docs/authoring.md: trainer T01, PIN 246813.
. "$LL_HARNESS/lib.sh"
ANSWERS="$LL_SOURCE_DIR/tests/lessons"
MODULE=${1:?usage: lessons.sh MODULE}

printf '246813\n246813\n' | "$LAYERLAB" --db "$TEST_TMP/records.db" trainer add T01 \
    --name "Test Trainer" --pin-stdin >/dev/null || fail "trainer add"

# The station's folder of trainees' G-code files (M5 checks one of them).
mkdir -p "$XDG_CONFIG_HOME/layerlab"
echo "gcode_dir = $ANSWERS/M5/station" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"

expect_rc 0 "$LAYERLAB" --lang en modules
lessons=$(printf '%s\n' "$OUT" | sed -n 's/^    Lessons: //p' | tr ' ' '\n')
[ -n "$lessons" ] || fail "no lessons listed"

# M1.LO5 is signed off on the occasions a trainer recorded in the practical
# lessons of M4 and M6 (observe): as in a course, they come first.
if [ "$MODULE" = M1 ]; then
	for target in M4/z-offset M6/watch-print M6/change-and-cancel; do
		expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run "$target" \
		    --answers "$ANSWERS/$target.pass" --port virtual --sim-speed 0
		contains "$OUT" "[result] M1.LO5 by observation: seen, signed by T01"
	done
fi
n=0
for target in $lessons; do
	case $target in "$MODULE"/*) ;; *) continue ;; esac
	for kind in pass fail; do
		file="$ANSWERS/$target.$kind"
		[ -f "$file" ] || fail "missing answer file $file"
	done
	expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run "$target" \
	    --answers "$ANSWERS/$target.pass" --port virtual --sim-speed 0
	contains "$OUT" "=== completed ==="
	contains "$OUT" "passed"
	expect_rc 1 "$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run "$target" \
	    --answers "$ANSWERS/$target.fail" --port virtual --sim-speed 0
	contains "$OUT" "=== completed ==="
	contains "$ERR" "layerlab: lesson: $target: completed, not passed: "
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n lessons in $MODULE"
pass "$MODULE: $n lessons, .pass passes, .fail fails"

# M1's thermal-runaway drill: the virtual printer halts as Marlin does
# (temperature.cpp _temp_error, then kill()), the lesson shows the
# firmware's words and times the trainee's first action from the halt.
if [ "$MODULE" = M1 ]; then
	expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run M1/emergency-drill \
	    --answers "$ANSWERS/M1/emergency-drill.pass" --port virtual --sim-speed 0
	contains "$OUT" "printer> M104 S200"
	contains "$OUT" "Thermal Runaway, system stopped! Heater_ID: E0"
	contains "$OUT" "Your first action came "
	contains "$OUT" " s after the halt."
	contains "$OUT" "[result] M1.LO4 by trainer: passed, signed by T01"
	pass "M1: the thermal-runaway drill halts the virtual printer and times the reaction"
fi

# Modules that declare Slovenian run in it too (their first lesson).
if grep -q '"sl"' "$LL_SOURCE_DIR/modules/$MODULE/module.lua"; then
	first=$(printf '%s\n' $lessons | grep "^$MODULE/" | head -n1)
	expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/records.db" lesson run "$first" --lang sl \
	    --answers "$ANSWERS/$first.pass" --port virtual --sim-speed 0
	contains "$OUT" "language sl"
	[ "$MODULE" != M1 ] || contains "$OUT" "Vroči deli"
	pass "$MODULE in Slovenian"
fi

# The fault drill's answer plays a fault of the virtual printer by name, as
# the trainer screen's fault list does; a name it does not know is named.
if [ "$MODULE" = T ]; then
	sed 's/fault heater-failure/fault no-such-fault/' "$ANSWERS/T/induction-drills.pass" \
	    >"$TEST_TMP/bad-fault.answers"
	expect_rc 1 "$LAYERLAB" --db "$TEST_TMP/records.db" --lang en lesson run T/induction-drills \
	    --answers "$TEST_TMP/bad-fault.answers" --port virtual --sim-speed 0
	contains "$ERR" "bad-fault.answers:9"
	contains "$ERR" "unknown fault 'no-such-fault'"
	pass "an answer file's unknown fault is named"
fi
