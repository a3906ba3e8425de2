# Opening new, older, newer, foreign and damaged databases.
. "$LL_HARNESS/lib.sh"

# No database yet: the default under XDG_DATA_HOME is created with its directory.
expect_rc 0 "$LAYERLAB" learner list
contains "$OUT" "no learners yet"
[ -f "$XDG_DATA_HOME/layerlab/layerlab.db" ] || fail "default database not created"
v=$("$REC_TOOL" sql "$XDG_DATA_HOME/layerlab/layerlab.db" "PRAGMA user_version")
[ "$v" = 4 ] || fail "new database at version $v"
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
[ "$v" = 4 ] || fail "old database not migrated: version $v"
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
contains "$ERR" "layerlab: learner: $NEW was written by a newer layerlab (records schema version 7; this layerlab reads up to version 4): upgrade layerlab to use it"
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
