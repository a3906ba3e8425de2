# records push: xAPI statements to a learning record store that checks every
# statement (lrs_server.py), in batches, with Basic and OAuth client
# credentials; what it accepted is never sent twice, what it did not waits.
. "$LL_HARNESS/lib.sh"
DB="$TEST_TMP/records.db"
"$REC_TOOL" seed "$DB" || fail "seed"
# More results than one batch holds.
"$REC_TOOL" fill "$DB" 60 >/dev/null || fail "fill"

start_lrs() {
	local dir=$1; shift
	mkdir -p "$dir"
	python3 "$(dirname "$0")/lrs_server.py" "$dir" "$@" >"$dir/port" 2>"$dir/err" &
	LL_PIDS+=($!)
	poll has_line "$dir/port"
	LRS_PORT=$(head -n1 "$dir/port")
	[ -n "$LRS_PORT" ] || fail "the test LRS did not start: $(cat "$dir/err")"
}

BASIC="$TEST_TMP/basic"
start_lrs "$BASIC" basic layerlab s3cret
cat >"$TEST_TMP/basic.conf" <<CONF
institution.name = Test school
institution.url = https://school.test/
lrs.url = http://127.0.0.1:$LRS_PORT/xapi/
lrs.user = layerlab
lrs.password = s3cret
CONF
lb() { "$LAYERLAB" --config "$TEST_TMP/basic.conf" --db "$DB" "$@"; }
total=$(lb records export --format xapi --out - | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')

# The LRS is down: nothing is lost, everything waits.
touch "$BASIC/down"
expect_rc 1 lb records push
contains "$OUT" "sent 0 statements in 0 batches"
contains "$OUT" "$total wait for the next push"
contains "$ERR" "HTTP 503"
rm "$BASIC/down"
expect_rc 0 lb records push
contains "$OUT" "sent $total statements in 2 batches"
[ "$(wc -l <"$BASIC/received")" = "$total" ] || fail "the LRS stored $(wc -l <"$BASIC/received") of $total"
[ "$(sort "$BASIC/received" | uniq -d)" = "" ] || fail "a statement was stored twice"
pass "$total statements in batches of at most 50, each checked by the LRS, after an outage"

expect_rc 0 lb records push
contains "$OUT" "sent 0 statements in 0 batches"
contains "$OUT" "($total sent before)"
"$REC_TOOL" big "$DB" 10 >/dev/null || fail "new result"
# A new attempt with one result: "attempted" and "passed".
expect_rc 0 lb records push
contains "$OUT" "sent 2 statements in 1 batches"
[ "$(wc -l <"$BASIC/received")" = $((total + 2)) ] || fail "after new work: $(wc -l <"$BASIC/received")"
pass "a second push sends only what is new"

# Wrong password: refused, nothing marked as sent.
expect_rc 1 "$LAYERLAB" --config "$TEST_TMP/basic.conf" --db "$DB" records push --lrs "http://127.0.0.1:$LRS_PORT/wrong/"
contains "$ERR" "HTTP 404"
sed 's/^lrs.password = .*/lrs.password = nope/' "$TEST_TMP/basic.conf" >"$TEST_TMP/bad.conf"
"$REC_TOOL" big "$DB" 10 >/dev/null
expect_rc 1 "$LAYERLAB" --config "$TEST_TMP/bad.conf" --db "$DB" records push
contains "$ERR" "HTTP 401"
contains "$OUT" "2 wait for the next push"
pass "a refused push keeps its statements for the next one"

# OAuth client credentials against another LRS: everything goes there too.
OAUTH="$TEST_TMP/oauth"
start_lrs "$OAUTH" oauth station-7 cl13nt
cat >"$TEST_TMP/oauth.conf" <<CONF
institution.name = Test school
institution.url = https://school.test/
lrs.url = http://127.0.0.1:$LRS_PORT/xapi
lrs.token_url = http://127.0.0.1:$LRS_PORT/oauth/token
lrs.client_id = station-7
lrs.client_secret = cl13nt
CONF
now=$(lb records export --format xapi --out - | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
expect_rc 0 "$LAYERLAB" --config "$TEST_TMP/oauth.conf" --db "$DB" records push
contains "$OUT" "sent $now statements"
sed 's/^lrs.client_secret = .*/lrs.client_secret = wrong/' "$TEST_TMP/oauth.conf" >"$TEST_TMP/oauth-bad.conf"
expect_rc 0 "$LAYERLAB" --config "$TEST_TMP/oauth-bad.conf" --db "$DB" records push
contains "$OUT" "sent 0 statements"
"$REC_TOOL" big "$DB" 10 >/dev/null
expect_rc 1 "$LAYERLAB" --config "$TEST_TMP/oauth-bad.conf" --db "$DB" records push
contains "$ERR" "refused the client credentials (HTTP 401"
pass "OAuth client credentials: a token, then the statements; a wrong secret is refused"
