# The configuration: settings shared by every station (XDG_CONFIG_DIRS),
# then the user's file; trailing comments, quoting, validated values with
# FILE:LINE, and a bad file changes nothing.
. "$LL_HARNESS/lib.sh"

# Shared settings in the first XDG_CONFIG_DIRS directory win over later
# ones; the user's file wins over both.
mkdir -p "$TEST_TMP/xdg/layerlab" "$TEST_TMP/xdg2/layerlab" "$XDG_CONFIG_HOME/layerlab"
export XDG_CONFIG_DIRS="$TEST_TMP/xdg:$TEST_TMP/xdg2"
printf 'db = %s/shared.db   # every station\n' "$TEST_TMP" >"$TEST_TMP/xdg/layerlab/layerlab.conf"
printf 'db = %s/ignored.db\nsim_speed = 0\n' "$TEST_TMP" >"$TEST_TMP/xdg2/layerlab/layerlab.conf"
expect_rc 0 "$LAYERLAB" learner add a1 --name "Ana"
[ -f "$TEST_TMP/shared.db" ] || fail "the shared db setting was not used (a comment in the value?)"
[ ! -e "$TEST_TMP/ignored.db" ] || fail "the less important directory won"
# sim_speed from the second directory still applies: heating is instant.
expect_rc 0 "$LAYERLAB" send --port virtual "M104 S200" "M109 S200" M105
contains "$OUT" "T:200.00 /200.00"
printf 'db = "%s/my records.db" # quoted: spaces kept\n' "$TEST_TMP" \
	>"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
expect_rc 0 "$LAYERLAB" learner add a2 --name "Ana"
[ -f "$TEST_TMP/my records.db" ] || fail "the quoted user setting was not used"
pass "shared settings, then the user's; comments and quotes"

# '#' inside a value without a space before it, or quoted, is kept.
printf 'station = delavnica#3\ninstitution.name = "Šola # 1"  # the school\ndb = %s/s.db\n' \
	"$TEST_TMP" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
expect_rc 0 "$LAYERLAB" learner add a3 --name "Ana"
pass "'#' inside values"

# Bad values: FILE:LINE: KEY: what was expected; nothing happens.
CONF="$TEST_TMP/bad.conf"
check_bad() {
	printf '# a comment\n%s\n' "$1" >"$CONF"
	expect_rc 1 "$LAYERLAB" --config "$CONF" learner add b1 --name B
	contains "$ERR" "layerlab: config: $CONF:2: $2"
	[ "$(grep -c . "$TEST_TMP/stderr")" -eq 1 ] || fail "more than one line: $ERR"
}
check_bad "lang = xx" "lang: 'xx' is not a language layerlab has (one of "
printf 'lang = sl # Slovenian\n' >"$CONF"
expect_rc 0 "$LAYERLAB" --config "$CONF" learner list
check_bad "institution.country = Slovenia" "institution.country: 'Slovenia' is not an ISO 3166-1 alpha-2 country code"
check_bad "institution.country = si" "institution.country: 'si' is not"
# The right shape is not enough: the code must name a country (iso-codes).
check_bad "institution.country = XK" "institution.country: 'XK' is not an ISO 3166-1 alpha-2 country code"
check_bad "institution.country = UK" "institution.country: 'UK' is not an ISO 3166-1 alpha-2 country code"
printf 'institution.country = HR\ninstitution.country = MK\n' >"$CONF"
expect_rc 0 "$LAYERLAB" --config "$CONF" learner list
check_bad "institution.url = sc-primer.si" "institution.url: 'sc-primer.si' is not a web address"
check_bad "baud = 115200x" "baud: '115200x' is not a baud rate"
check_bad "baud = 12" "baud: '12' is not a baud rate"
check_bad "sim_speed = fast" "sim_speed: 'fast' is not a time scale"
check_bad "sim_speed = nan" "sim_speed: 'nan' is not a time scale"
check_bad "station =" "station: expected a value after '='"
check_bad "station = \"open" "station: the quote is not closed"
check_bad "station = \"a\" b" "station: text after the closing quote"
check_bad "modules = $TEST_TMP/none" "modules: '$TEST_TMP/none' is not a directory"
check_bad "colour = red" "colour: unknown key"
check_bad "no equals sign" "expected 'key = value'"
[ ! -e "$XDG_DATA_HOME/layerlab/layerlab.db" ] || fail "a bad configuration created the database"
pass "bad values are named with file and line"
