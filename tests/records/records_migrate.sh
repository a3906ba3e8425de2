# Opening new, older, newer, foreign and damaged databases.
. "$LL_HARNESS/lib.sh"

# No database yet: the default under XDG_DATA_HOME is created with its directory.
expect_rc 0 "$LAYERLAB" learner list
contains "$OUT" "no learners yet"
[ -f "$XDG_DATA_HOME/layerlab/layerlab.db" ] || fail "default database not created"
v=$("$REC_TOOL" sql "$XDG_DATA_HOME/layerlab/layerlab.db" "PRAGMA user_version")
[ "$v" = 5 ] || fail "new database at version $v"
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/deep/er/r.db" group add g
[ -f "$TEST_TMP/deep/er/r.db" ] || fail "--db directories not created"
pass "a new database is created at the current schema"

# A database from an older layerlab (schema 1: no school ids, no stations).
OLD="$TEST_TMP/old.db"
"$REC_TOOL" make-v1 "$OLD" || fail "make-v1"
v=$("$REC_TOOL" sql "$OLD" "PRAGMA user_version")
[ "$v" = 1 ] || fail "old database at version $v"
cols=$("$REC_TOOL" sql "$OLD" "SELECT group_concat(name) FROM pragma_table_info('learners')")
lacks "$cols" "school_id"
expect_rc 0 "$LAYERLAB" --db "$OLD" learner list
contains "$OUT" "mia  Mia Zupan  old    -"
v=$("$REC_TOOL" sql "$OLD" "PRAGMA user_version")
[ "$v" = 5 ] || fail "old database not migrated: version $v"
expect_rc 0 "$LAYERLAB" --db "$OLD" learner add neo --name Neo --group old --school-id S-9
expect_rc 0 "$LAYERLAB" --db "$OLD" learner show mia
contains "$OUT" "Outcomes achieved: 2"
contains "$OUT" "signed by jh"
expect_rc 0 "$LAYERLAB" --db "$OLD" records verify
contains "$OUT" "all records verified"
pass "a version 1 database is migrated with its records and chain intact"

# A database from a newer layerlab is refused and left alone.
NEW="$TEST_TMP/new.db"
expect_rc 0 "$LAYERLAB" --db "$NEW" group add g
"$REC_TOOL" sql "$NEW" "PRAGMA user_version = 7" >/dev/null
before=$(cksum <"$NEW")
expect_rc 1 "$LAYERLAB" --db "$NEW" learner list
contains "$ERR" "layerlab: learner: $NEW was written by a newer layerlab (records schema version 7; this layerlab reads up to version 5): upgrade layerlab to use it"
expect_rc 1 "$LAYERLAB" --db "$NEW" records verify
contains "$ERR" "written by a newer layerlab"
[ "$(cksum <"$NEW")" = "$before" ] || fail "the newer database was changed"
pass "a newer database is refused"

# Another program's SQLite database.
OTHER="$TEST_TMP/other.db"
"$REC_TOOL" sql "$OTHER" "CREATE TABLE notes (t TEXT)" >/dev/null
expect_rc 1 "$LAYERLAB" --db "$OTHER" group list
contains "$ERR" "is not a layerlab records database"

# Damaged files: garbage, an overwritten header, a truncated file.
printf 'not a database at all, just text %.0s' $(seq 200) >"$TEST_TMP/junk.db"
expect_rc 1 "$LAYERLAB" --db "$TEST_TMP/junk.db" learner list
contains "$ERR" "layerlab: learner: $TEST_TMP/junk.db is damaged"
contains "$ERR" "restore it from a backup"

"$REC_TOOL" seed "$TEST_TMP/seed.db" || fail "seed"
BAD="$TEST_TMP/bad.db"
cp "$TEST_TMP/seed.db" "$BAD"
dd if=/dev/urandom of="$BAD" bs=1 count=16 conv=notrunc status=none
expect_rc 1 "$LAYERLAB" --db "$BAD" records verify
contains "$ERR" "is damaged"

CUT="$TEST_TMP/cut.db"
cp "$TEST_TMP/seed.db" "$CUT"
size=$(stat -c %s "$CUT")
truncate -s $((size / 2)) "$CUT"
OUT=$("$LAYERLAB" --db "$CUT" records verify 2>&1) && fail "a truncated database verified: $OUT"
case "$OUT" in *damaged*|*DAMAGED*) ;; *) fail "truncated: $OUT";; esac

# A page in the middle overwritten: integrity_check names it.
MID="$TEST_TMP/mid.db"
cp "$TEST_TMP/seed.db" "$MID"
dd if=/dev/zero of="$MID" bs=4096 seek=3 count=1 conv=notrunc status=none
OUT=$("$LAYERLAB" --db "$MID" records verify 2>&1) && fail "a damaged page verified: $OUT"
case "$OUT" in *damaged*|*DAMAGED*|*"does not match"*|*missing*) ;; *) fail "damaged page: $OUT";; esac
pass "damaged files give a clear message"

# A database that layerlab wrote at schema 4, before observations
# (tests/data/records-v4.db.gz, made by that build: rec_tool seed, a
# credential issued with 'credential issue', a lesson's writes through a
# station's outbox). Version 5 builds results anew: every row of every table
# must come through with its id, type and content, the audit chain and the
# credential's signed head intact.
V4="$TEST_TMP/v4.db"
gzip -dc "$LL_TEST_DATA/records-v4.db.gz" >"$V4" || fail "no v4 fixture"
chmod 600 "$V4"
v=$("$REC_TOOL" sql "$V4" "PRAGMA user_version")
[ "$v" = 4 ] || fail "the fixture is at version $v"
dump() {
	local t
	for t in groups learners trainers modules attempts results credentials deliveries identity; do
		echo "== $t"
		"$REC_TOOL" sql "$1" "SELECT * FROM $t ORDER BY rowid" || fail "dump $t"
	done
	"$REC_TOOL" sql "$1" "SELECT id, typeof(score), typeof(score_max), typeof(evidence), typeof(trainer_id) FROM results ORDER BY id"
}
before=$(dump "$V4")
audit_before=$("$REC_TOOL" sql "$V4" "SELECT * FROM audit ORDER BY seq")
contains "$before" "|trainer|1|"
expect_rc 0 "$LAYERLAB" --db "$V4" records verify
contains "$OUT" "records schema version 5"
contains "$OUT" "foreign keys: ok"
contains "$OUT" "signed heads: 1 in issued credentials, ok"
contains "$OUT" "all records verified"
[ "$(dump "$V4")" = "$before" ] || fail "rows changed by the migration:
$(diff <(printf '%s\n' "$before") <(dump "$V4"))"
audit_after=$("$REC_TOOL" sql "$V4" "SELECT * FROM audit ORDER BY seq")
[ "${audit_after#"$audit_before"}" != "$audit_after" ] || fail "the audit log before the migration changed"
contains "${audit_after#"$audit_before"}" "|schema|5|migrate|"
[ -z "$("$REC_TOOL" sql "$V4" "PRAGMA foreign_key_check")" ] || fail "foreign key check not clean"
idx=$("$REC_TOOL" sql "$V4" "SELECT name FROM sqlite_schema WHERE tbl_name = 'results' AND type = 'index'")
[ "$idx" = results_attempt ] || fail "indexes of results: $idx"
pass "a version 4 database gets observations with every row, the chain and the signed head intact"

# The rebuilt table's checks: an observation names its trainer, a method
# is one of four; the foreign keys still hold.
expect_rc 1 "$REC_TOOL" sql "$V4" "INSERT INTO results (attempt_id, outcome_id, method, passed, time) VALUES (1, 'M1.LO5', 'observation', 1, 0)"
contains "$ERR" "CHECK constraint failed"
expect_rc 1 "$REC_TOOL" sql "$V4" "INSERT INTO results (attempt_id, outcome_id, method, passed, time) VALUES (1, 'M1.LO5', 'glance', 1, 0)"
contains "$ERR" "CHECK constraint failed"
expect_rc 1 "$REC_TOOL" sql "$V4" "PRAGMA foreign_keys = ON; INSERT INTO results (attempt_id, outcome_id, method, passed, trainer_id, time) VALUES (1, 'M1.LO5', 'observation', 1, 'nobody', 0)"
contains "$ERR" "FOREIGN KEY constraint failed"
expect_rc 0 "$REC_TOOL" observe "$V4" ana M1.LO5 mk 1
expect_rc 0 "$LAYERLAB" --db "$V4" records verify
contains "$OUT" "all records verified"
pass "after the migration an observation is taken and must name its trainer"

# The same from a version 4 database made now with migrations 1 to 4.
OLD4="$TEST_TMP/old4.db"
"$REC_TOOL" make-v4 "$OLD4" || fail "make-v4"
before=$(dump "$OLD4")
expect_rc 0 "$LAYERLAB" --db "$OLD4" learner show mia
contains "$OUT" "Outcomes achieved: 3"
[ "$(dump "$OLD4")" = "$before" ] || fail "make-v4 rows changed"
[ "$("$REC_TOOL" sql "$OLD4" "PRAGMA user_version")" = 5 ] || fail "make-v4 not migrated"
pass "a version 4 database made by migrations 1 to 4 is migrated with its rows"
