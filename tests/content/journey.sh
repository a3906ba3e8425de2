# The learner journey: one learner through every shipped lesson's .pass
# answers (headless, virtual printer), then the credentials. "FDM workshop
# safety" is issued and verifies; "FDM 3D printing — operator level" is
# issued and verifies once every module it plans (M1–M9) is installed, and
# is refused, naming the missing modules, while any is not. Then the
# installation's signoff_requires: a trainer without the FDM trainer
# credential cannot sign off.
. "$LL_HARNESS/lib.sh"
ANSWERS="$LL_SOURCE_DIR/tests/lessons"
DB="$TEST_TMP/records.db"
CONF="$TEST_TMP/layerlab.conf"
cat >"$CONF" <<CONF
institution.name = Šolski center Celje
institution.url = https://sc-celje.example/
institution.country = SI
keys = $TEST_TMP/keys
gcode_dir = $ANSWERS/M5/station
CONF
ll() { "$LAYERLAB" --config "$CONF" --db "$DB" --lang en "$@"; }

printf '246813\n246813\n' | ll trainer add T01 --name "Test Trainer" --pin-stdin >/dev/null ||
	fail "trainer add"
expect_rc 0 ll learner add ana --name "Ana Novak"
expect_rc 0 ll keys init

expect_rc 0 ll modules
lessons=$(printf '%s\n' "$OUT" | sed -n 's/^    Lessons: //p' | tr ' ' '\n')
modules=$(printf '%s\n' "$OUT" | sed -n 's/^\([A-Z][A-Za-z0-9]*\)  .*/\1/p')
# M1's workshop rules are signed off after the practical work of M4–M6, on
# the occasions a trainer recorded there: that lesson comes last.
n=0
for target in $(printf '%s\n' $lessons | grep -vx M1/workshop-rules) M1/workshop-rules; do
	expect_rc 0 ll lesson run "$target" --learner ana \
	    --answers "$ANSWERS/$target.pass" --port virtual --sim-speed 0
	contains "$OUT" "=== completed ==="
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n lessons"
pass "ana through all $n shipped lessons"

expect_rc 0 ll credential issue --learner ana --credential fdm-workshop-safety \
    --out "$TEST_TMP/safety.json"
expect_rc 0 ll credential verify "$TEST_TMP/safety.json"
pass "FDM workshop safety issued and verified"

missing=
for m in M1 M2 M3 M4 M5 M6 M7 M8 M9; do
	printf '%s\n' "$modules" | grep -qx "$m" || missing="$missing $m"
done
if [ -n "$missing" ]; then
	expect_rc 1 ll credential issue --learner ana --credential fdm-operator \
	    --out "$TEST_TMP/operator.json"
	contains "$ERR" "credential fdm-operator requires modules that are not installed: $(echo $missing | sed 's/ /, /g'); it cannot be issued until they are"
	[ -e "$TEST_TMP/operator.json" ] && fail "a refused credential was written"
	pass "operator credential refused while$missing are not installed"
else
	expect_rc 0 ll credential issue --learner ana --credential fdm-operator \
	    --out "$TEST_TMP/operator.json"
	expect_rc 0 ll credential verify "$TEST_TMP/operator.json"
	# The credential is pretty-printed JSON: compare it without the layout.
	contains "$(tr -d ' \n\t' <"$TEST_TMP/operator.json")" \
	    '"buildsOn":["https://sc-celje.example/credentials/fdm-workshop-safety"]'
	pass "operator credential issued on M1–M9 and verified"
fi

# signoff_requires: T01 holds no FDM trainer credential, so the sign-off in
# the Z-offset lesson is refused with the reason, and so is recording an
# occasion seen (observe): nothing is signed by T01.
printf 'signoff_requires = fdm-trainer\n' >>"$CONF"
expect_rc 0 ll learner add bo --name "Bo Kos"
expect_rc 1 ll lesson run M4/z-offset --learner bo \
    --answers "$ANSWERS/M4/z-offset.pass" --port virtual --sim-speed 0
contains "$OUT" "sign-off refused: trainer T01 may not sign off M4.LO"
contains "$OUT" "this installation lets only holders of the 'fdm-trainer' credential sign off (signoff_requires), and T01 holds none"
lacks "$OUT" "signed by T01"
pass "signoff_requires refuses a trainer without the FDM trainer credential"

printf 'signoff_requires = fdm-trainr\n' >"$TEST_TMP/typo.conf"
cat "$CONF" | grep -v signoff_requires >>"$TEST_TMP/typo.conf"
expect_rc 1 "$LAYERLAB" --config "$TEST_TMP/typo.conf" --db "$DB" lesson run M1/workshop-rules \
    --learner bo --answers "$ANSWERS/M1/workshop-rules.pass" --port virtual --sim-speed 0
contains "$ERR" "signoff_requires = fdm-trainr: no such credential is installed"
pass "signoff_requires naming no installed credential is refused"
