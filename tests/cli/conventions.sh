# Command-line conventions: --help and -h for every command, global options
# after the command too, one error format printed once and never the
# binary's path.
. "$LL_HARNESS/lib.sh"

CMDS=$("$LAYERLAB" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ "$(echo "$CMDS" | wc -w)" -ge 16 ] || fail "commands: $CMDS"
for cmd in $CMDS; do
	for h in --help -h; do
		expect_rc 0 "$LAYERLAB" "$cmd" "$h"
		[ "$cmd" = help ] && { contains "$OUT" "Commands:"; continue; }
		contains "$OUT" "usage: layerlab"
		[ -z "$ERR" ] || fail "$cmd $h wrote to stderr: $ERR"
	done
done
# Also after a subcommand and other arguments.
expect_rc 0 "$LAYERLAB" learner add x --help
contains "$OUT" "usage: layerlab learner"
pass "--help and -h for every command"

# Global options before or after the command, with a value or =value.
DB="$TEST_TMP/records.db"
expect_rc 0 "$LAYERLAB" learner add x1 --name "Ana Novak" --db "$DB"
expect_rc 0 "$LAYERLAB" learner list --db="$DB"
contains "$OUT" "Ana Novak"
expect_rc 0 "$LAYERLAB" --db "$DB" learner list
contains "$OUT" "Ana Novak"
expect_rc 0 "$LAYERLAB" learner list
lacks "$OUT" "Ana Novak"
expect_rc 0 "$LAYERLAB" modules --lang en --modules "$LL_SOURCE_DIR/tests/content/good"
expect_rc 2 "$LAYERLAB" learner list --db
contains "$ERR" "layerlab: learner: '--db' needs a value"
pass "global options after the command"

# One format, once, without the binary's path.
expect_rc 2 "$LAYERLAB" --bogus
[ "$ERR" = "layerlab: unknown option '--bogus' (try 'layerlab --help')" ] ||
	fail "layerlab --bogus: $ERR"
expect_rc 2 "$LAYERLAB" --db
[ "$ERR" = "layerlab: '--db' needs a value" ] || fail "layerlab --db: $ERR"
expect_rc 2 "$LAYERLAB" nosuch
[ "$ERR" = "layerlab: nosuch: unknown command (try 'layerlab --help')" ] ||
	fail "layerlab nosuch: $ERR"
for cmd in $CMDS; do
	[ "$cmd" = help ] && continue
	expect_rc 2 "$LAYERLAB" "$cmd" --bogus-option
	lacks "$ERR" "$LAYERLAB"
	lacks "$ERR" "unrecognized"
	contains "$ERR" "layerlab: $cmd: "
	contains "$ERR" "'--bogus-option'"
	[ "$(grep -c '^layerlab: ' "$TEST_TMP/stderr")" -eq 1 ] ||
		fail "$cmd --bogus-option: more than one message: $ERR"
done
pass "one error format, once"
