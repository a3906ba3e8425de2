# Running out of room (a file size limit stands in for a full disk) gives a
# clear error and loses nothing already stored.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
"$REC_TOOL" seed "$DB" || fail "seed"
"$REC_TOOL" big "$DB" 200000 >/dev/null || fail "a 200 kB result without a limit"
before_results=$("$REC_TOOL" count "$DB")
expect_rc 0 "$LAYERLAB" --db "$DB" learner list
before_learners=$OUT
db_kb=$(( $(stat -c %s "$DB") / 1024 ))

# limited KB CMD...: runs CMD with files capped at KB kilobytes; writing past
# the cap fails with EFBIG instead of killing the process.
limited() {
	local kb=$1; shift
	( ulimit -f "$kb"; trap '' XFSZ; exec "$@" )
}

# A result too big for the room left.
OUT=$(limited $((db_kb + 64)) "$REC_TOOL" big "$DB" 2000000 2>&1) && fail "a 2 MB write fit under the limit"
contains "$OUT" "disk full while writing $DB"
contains "$OUT" "nothing was changed"
pass "a write that does not fit fails with 'disk full'"

# No room even for the shared-memory index: the command says so at once.
expect_rc 1 limited 8 "$LAYERLAB" --db "$DB" learner add late --name "Late"
contains "$ERR" "layerlab: learner: disk full while opening $DB"
contains "$ERR" "nothing was changed"

# An export that does not fit leaves no file, or the previous one untouched.
OUTFILE="$TEST_TMP/export.json"
expect_rc 0 "$LAYERLAB" --db "$DB" records export --format csv --out "$OUTFILE"
old=$(cksum <"$OUTFILE")
expect_rc 1 limited 100 "$LAYERLAB" --db "$DB" records export --format json --out "$OUTFILE"
contains "$ERR" "layerlab: records export: cannot write $OUTFILE: File too large: nothing was written"
[ "$(cksum <"$OUTFILE")" = "$old" ] || fail "the previous export was damaged"
[ -e "$OUTFILE.tmp" ] && fail "a partial export was left behind"
expect_rc 1 limited 100 "$LAYERLAB" --db "$DB" records export --format json --out "$TEST_TMP/new.json"
[ -e "$TEST_TMP/new.json" ] && fail "a partial export appeared"
pass "a failed export leaves no half file"

# With room again, everything stored before is there and intact.
[ "$("$REC_TOOL" count "$DB")" = "$before_results" ] || fail "results changed"
expect_rc 0 "$LAYERLAB" --db "$DB" learner list
[ "$OUT" = "$before_learners" ] || fail "learners changed: $OUT"
expect_rc 0 "$LAYERLAB" --db "$DB" records verify
contains "$OUT" "all records verified"
expect_rc 0 "$LAYERLAB" --db "$DB" learner add late --name "Late"
expect_rc 0 "$LAYERLAB" --db "$DB" records verify
pass "nothing stored was lost; writing works again"
