# A backup carries the head of its audit chain signed with the institution
# key; restore checks a copy of the backup against it and only then makes it
# the database. Altered backups (a row changed, the chain computed again,
# the seal edited or signed by another key) are refused with the reason and
# change nothing.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
FORGE="$LL_SOURCE_DIR/tests/credential/forge_chain.py"
"$REC_TOOL" seed "$DB" || fail "seed"
expect_rc 0 "$LAYERLAB" keys init
did=$(printf '%s\n' "$OUT" | head -n1)
case "$did" in did:key:*) ;; *) fail "keys init printed: $OUT";; esac

expect_rc 0 "$LAYERLAB" --db "$DB" records backup --out "$TEST_TMP/backup.db"
contains "$OUT" "(verified; head signed by $did)"
pass "a backup is sealed with the institution key"

# Restored as a new database: verifies, and holds what was backed up.
NEW="$TEST_TMP/new.db"
expect_rc 0 "$LAYERLAB" --db "$NEW" records restore "$TEST_TMP/backup.db"
contains "$OUT" "restored $TEST_TMP/backup.db to $NEW (verified; signed head matches)"
expect_rc 0 "$LAYERLAB" --db "$NEW" records verify
contains "$OUT" "all records verified"
[ "$("$REC_TOOL" count "$NEW")" = "$("$REC_TOOL" count "$DB")" ] ||
	fail "the restored database holds other results"
[ -e "$NEW.restore-tmp" ] && fail "the restore's copy was left behind"
pass "a sealed backup restores and verifies"

# An existing database is kept unless --replace, and then moved aside.
"$LAYERLAB" --db "$DB" learner add late --name "After the backup" >/dev/null ||
	fail "learner add"
sum=$(sha256sum "$DB" | cut -d' ' -f1)
expect_rc 1 "$LAYERLAB" --db "$DB" records restore "$TEST_TMP/backup.db"
contains "$ERR" "layerlab: records restore: $DB exists: stop every station and add --replace"
[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] || fail "a refused restore changed the database"
expect_rc 0 "$LAYERLAB" --db "$DB" records restore "$TEST_TMP/backup.db" --replace
contains "$OUT" "moved the database that was there aside to $DB.before-restore-"
aside=$(ls "$DB".before-restore-* | grep -v -- '-wal$\|-shm$' | head -n1)
expect_rc 0 "$LAYERLAB" --db "$aside" learner show late
expect_rc 1 "$LAYERLAB" --db "$DB" learner show late
expect_rc 0 "$LAYERLAB" --db "$DB" records verify
pass "--replace moves the database aside and restores the backup"

# refused BACKUP WHY: the restore is refused with WHY and changes nothing.
refused() {
	local before
	before=$(sha256sum "$NEW" | cut -d' ' -f1)
	expect_rc 1 "$LAYERLAB" --db "$NEW" records restore "$1" --replace
	contains "$ERR" "layerlab: records restore: $1 "
	contains "$ERR" "$2"
	[ "$(sha256sum "$NEW" | cut -d' ' -f1)" = "$before" ] ||
		fail "a refused restore changed the database"
	ls "$NEW".before-restore-* >/dev/null 2>&1 && fail "a refused restore moved the database"
	[ -e "$NEW.restore-tmp" ] && fail "a refused restore left its copy"
	return 0
}

# A row changed in the backup: its chain no longer holds.
cp "$TEST_TMP/backup.db" "$TEST_TMP/flipped.db"
"$REC_TOOL" sql "$TEST_TMP/flipped.db" "UPDATE results SET passed = 1 WHERE id = 2"
refused "$TEST_TMP/flipped.db" "does not verify: audit entry"
pass "a backup with a row changed is refused"

# The same change with the chain computed again: verify alone passes, the
# signed head does not.
cp "$TEST_TMP/backup.db" "$TEST_TMP/forged.db"
python3 "$FORGE" "$TEST_TMP/forged.db" "UPDATE results SET passed = 1 WHERE id = 2" ||
	fail "forge"
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/forged.db" records verify
refused "$TEST_TMP/forged.db" "but the signed head is"
refused "$TEST_TMP/forged.db" "the backup was altered after it was taken"
pass "a backup whose chain was computed again is refused by its signed head"

# The seal itself edited, or made by another key.
cp "$TEST_TMP/backup.db" "$TEST_TMP/edited.db"
"$REC_TOOL" sql "$TEST_TMP/edited.db" "UPDATE backup_seal SET document = replace(document, 'records-head:', 'records-head:1')"
refused "$TEST_TMP/edited.db" "the signature of its head does not hold"
other=$(XDG_DATA_HOME="$TEST_TMP/other" "$LAYERLAB" keys init 2>/dev/null) || fail "second key"
expect_rc 1 "$LAYERLAB" --db "$NEW" records restore "$TEST_TMP/backup.db" --replace --signer "$other"
contains "$ERR" "its head was signed by $did#"
contains "$ERR" "not by this institution's key ($other)"
pass "an edited seal, or one by another key, is refused"

# Without an institution key a backup is not sealed; restoring it takes
# --unsigned.
mkdir -p "$TEST_TMP/nokey"
XDG_DATA_HOME="$TEST_TMP/nokey" expect_rc 0 "$LAYERLAB" --db "$DB" records backup --out "$TEST_TMP/plain.db"
contains "$OUT" "head not signed: this installation has no institution key"
refused "$TEST_TMP/plain.db" "it carries no signed head"
expect_rc 0 "$LAYERLAB" --db "$NEW" records restore "$TEST_TMP/plain.db" --replace --unsigned
contains "$OUT" "(verified)"
pass "an unsealed backup restores only with --unsigned"

expect_rc 2 "$LAYERLAB" --db "$NEW" records restore
contains "$ERR" "restore: which backup?"
expect_rc 1 "$LAYERLAB" --db "$NEW" records restore "$TEST_TMP/missing.db"
contains "$ERR" "$TEST_TMP/missing.db: No such file or directory"
pass "usage errors"
