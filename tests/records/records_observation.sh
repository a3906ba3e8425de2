# Observations (M1.LO5: a trainer saw the learner keep the workshop rules on
# one occasion, in a lesson of M4-M6) as the record-keeping commands show
# them: never an achieved outcome (progress, learner show), counted as
# occasions in progress, exported as "observation" in CSV and JSON and in
# xAPI as the completed occasion, never as a pass of the outcome.
. "$LL_HARNESS/lib.sh"

DB="$TEST_TMP/obs.db"
"$REC_TOOL" seed "$DB" || fail "seed"
printf 'institution.name = Test school\ninstitution.url = https://school.test/\n' >"$TEST_TMP/school.conf"
ll() { "$LAYERLAB" --config "$TEST_TMP/school.conf" --db "$DB" "$@"; }
# row RE: a line of $OUT matching the extended regular expression RE.
row() { printf '%s\n' "$OUT" | grep -qE -- "$1" || fail "no line matching '$1' in: $OUT"; }
count() { printf '%s\n' "$OUT" | sed -n "s/^$1 .* \([0-9]*\/[0-9]*\)\$/\1/p"; }

expect_rc 0 ll progress
ana_before=$(count ana)
dj_before=$(count dj)
[ -n "$ana_before" ] && [ -n "$dj_before" ] || fail "no counts in: $OUT"

# An observation names the trainer who saw it; without one nothing is written.
expect_rc 0 "$REC_TOOL" count "$DB"
results=$OUT
expect_rc 1 "$REC_TOOL" observe "$DB" ana M1.LO5 - 1
contains "$ERR" "an observation needs the trainer's id"
expect_rc 1 "$REC_TOOL" observe "$DB" ana M1.LO5 ghost 1
contains "$ERR" "no trainer 'ghost'"
expect_rc 0 "$REC_TOOL" count "$DB"
[ "$OUT" = "$results" ] || fail "a refused observation was written"
pass "an observation without its trainer is refused and changes nothing"

expect_rc 0 "$REC_TOOL" observe "$DB" ana M1.LO5 mk 1
expect_rc 0 "$REC_TOOL" observe "$DB" ana M1.LO5 mk 0
# dj failed the M2.LO1 quiz: a trainer seeing the rules kept does not pass it.
expect_rc 0 "$REC_TOOL" observe "$DB" dj M2.LO1 mk 1

expect_rc 0 ll progress
row '^ana .* observed 2 '
row '^dj .* observed 1 '
[ "$(count ana)" = "$ana_before" ] || fail "ana's count moved from $ana_before: $OUT"
[ "$(count dj)" = "$dj_before" ] || fail "dj's count moved from $dj_before: $OUT"
contains "$OUT" "'observed N': seen by a"
expect_rc 0 ll progress --learner dj --json
lacks "$OUT" '"outcome": "M2.LO1"'
lacks "$OUT" "observation"
# achieved: the lines of learner show's outcomes achieved.
achieved() { printf '%s\n' "$OUT" | sed -n '/^Outcomes achieved/,/^Observed/p'; }
expect_rc 0 ll learner show ana
contains "$OUT" "Outcomes achieved: 3"
lacks "$(achieved)" "M1.LO5"
contains "$OUT" "Observed by a trainer (evidence for a sign-off, not achieved by itself): 2"
row '^  M1.LO5   rules kept  [0-9T:Z-]+  seen by mk in M4/levelling$'
row '^  M1.LO5   not kept    [0-9T:Z-]+  seen by mk in M4/levelling$'
expect_rc 0 ll learner show dj
contains "$OUT" "Outcomes achieved: 0"
contains "$OUT" "Observed by a trainer (evidence for a sign-off, not achieved by itself): 1"
expect_rc 0 ll learner show eva
lacks "$OUT" "Observed"
pass "observations achieve no outcome; progress counts the occasions, learner show lists them apart"

expect_rc 0 ll records export --format csv --out "$TEST_TMP/all.csv"
csv=$(cat "$TEST_TMP/all.csv")
contains "$csv" ",M4,1.0,levelling,"
contains "$csv" ",M1.LO5,observation,yes,,,mk,"
contains "$csv" ",M1.LO5,observation,no,,,mk,"
contains "$csv" ",M2.LO1,observation,yes,,,mk,"
expect_rc 0 ll records export --format json --out "$TEST_TMP/all.json"
python3 - "$TEST_TMP/all.json" <<'PY' || fail "JSON export of observations"
import json, sys
d = json.load(open(sys.argv[1]))
obs = [r for r in d["results"] if r["method"] == "observation"]
assert len(obs) == 3, obs
assert [(r["learner"], r["outcome"], r["passed"], r["trainer"]) for r in obs] == [
    ("ana", "M1.LO5", True, "mk"), ("ana", "M1.LO5", False, "mk"),
    ("dj", "M2.LO1", True, "mk")], obs
assert obs[0]["evidence"] == {"note": "guard closed before reaching in"}, obs[0]
PY
pass "CSV and JSON exports name the method observation"

# xAPI: each observation is the learner's completed occasion (a performance
# under the outcome's IRI), success when the rules were kept, the trainer
# as instructor; no statement passes or fails the outcome for it.
expect_rc 0 ll records export --format xapi --out "$TEST_TMP/x.json"
python3 - "$TEST_TMP/x.json" <<'PY' || fail "xAPI export of observations"
import json, sys
st = json.load(open(sys.argv[1]))
base = "https://school.test/outcomes/"
obs = [s for s in st if s["object"]["id"].endswith("/observation")]
assert len(obs) == 3, obs
for s in obs:
    assert s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed", s
    assert s["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/performance", s
    assert s["context"]["instructor"]["account"]["name"] == "mk", s
assert [(s["actor"]["account"]["name"], s["object"]["id"], s["result"]["success"]) for s in obs] == [
    ("ana", base + "M1.LO5/observation", True),
    ("ana", base + "M1.LO5/observation", False),
    ("dj", base + "M2.LO1/observation", True)], obs
assert [s["context"]["contextActivities"]["other"][0]["id"] for s in obs] == [
    base + "M1.LO5", base + "M1.LO5", base + "M2.LO1"]
# The outcome itself: M1.LO5 never passed, M2.LO1 only dj's failed quiz.
on = lambda o: [(s["actor"]["account"]["name"], s["verb"]["id"].rsplit("/", 1)[1])
                for s in st if s["object"]["id"] == base + o]
assert on("M1.LO5") == [], on("M1.LO5")
assert ("dj", "passed") not in on("M2.LO1"), on("M2.LO1")
PY
pass "xAPI: an observation is a completed occasion, never a pass of its outcome"

expect_rc 0 ll records verify
contains "$OUT" "all records verified"
