# The station's copy of learners and trainers, as the training screen's
# records worker uses it: taken at every contact with the server, it signs
# learners and trainers in while the server is stopped (saying so, with the
# reason and its age); a sign-off made meanwhile waits in the outbox and
# reaches the server once when it is back; a copy older than the school
# allows no longer signs trainers in.
. "$(dirname "$0")/pg_env.sh"
ST="$TEST_TMP/station"
BOX="$ST/outbox.db"
COPY="$ST/station-copy.db"
ll() { "$LAYERLAB" --db "$PGURI" "$@"; }
ll group add 3a >/dev/null || fail "group add"
ll learner add ana --name "Ana Novak" --group 3a --school-id S-17 >/dev/null ||
	fail "learner add"
printf '432198\n432198\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"
"$REC_TOOL" observe "$PGURI" ana M1.LO5 T01 1 >/dev/null || fail "observe"

coproc W { "$REC_TOOL" worker "$PGURI" "$BOX" "$COPY" 72 2>&1; }
wpid=$W_PID
LL_PIDS+=("$wpid")
say() {
	echo "$1" >&"${W[1]}"
	read -r REPLY <&"${W[0]}" || fail "the worker died after '$1'"
}

say learners
[ "$REPLY" = "ok copy=0 learners=ana" ] || fail "online: $REPLY"
[ "$(stat -c %a "$COPY")" = 600 ] || fail "the copy is readable by others"
expect_rc 0 "$REC_TOOL" sql "$COPY" "SELECT count(*) FROM learners WHERE school_id IS NOT NULL"
[ "$OUT" = 0 ] || fail "the copy keeps school ids: $OUT"
expect_rc 0 "$REC_TOOL" sql "$COPY" "SELECT count(*) FROM results"
[ "$OUT" = 0 ] || fail "the copy keeps results: $OUT"
say "observations ana M1.LO5"
[ "$REPLY" = "ok copy=0 observations=levelling:T01" ] || fail "observations online: $REPLY"
pass "online: the server answers, the copy is taken (mode 0600, no school ids, no results)"

pg_stop
say learners
contains "$REPLY" "ok copy=1 learners=ana age="
contains "$REPLY" "expired=0 reason="
say "pin T01 111111"
contains "$REPLY" "error copy=1 wrong PIN (4 tries left)"
say "pin T01 432198"
contains "$REPLY" "ok copy=1"
say "signoff ana M1.LO4 T01"
contains "$REPLY" "ok copy=1"
# The copy has no results: the observations a sign-off of M1.LO5 cites are
# not said to be none.
say "observations ana M1.LO5"
contains "$REPLY" "error copy=1 the records server cannot be reached, and this station's copy holds no results: the observations of M1.LO5 cannot be listed until it is back"
pass "server stopped: learners and the trainer's PIN from the copy, the sign-off queued, observations not listed"

# A copy older than the school allows signs no trainer in.
"$REC_TOOL" sql "$COPY" "UPDATE station_copy SET refreshed = refreshed - 100 * 3600" >/dev/null
say "pin T01 432198"
contains "$REPLY" "error copy=1 the records server cannot be reached, and this station's copy of the trainers is 100 hours old: the school lets a copy sign trainers in for 72 hours (records_copy_hours)"
contains "$REPLY" "expired=1"
say learners
contains "$REPLY" "ok copy=1 learners=ana"
pass "an expired copy refuses trainers, with the reason"

pg_start
back() { say flush; [ "${REPLY#ok copy=0}" != "$REPLY" ]; }
poll back || fail "the server did not come back: $REPLY"
exec {W[1]}>&-
wait "$wpid" || fail "the worker exited with an error"
expect_rc 0 "$REC_TOOL" outcomes "$PGURI" ana
[ "$(printf '%s\n' "$OUT" | awk '{print $1}')" = "M1.LO5
M1.LO4" ] || fail "the server has: $OUT"
expect_rc 0 ll records verify
contains "$OUT" "all records verified"
pass "server back: the sign-off is on the server once, and the records verify"
