#!/usr/bin/env bash
# The key and credential commands as a trainer runs them: keys init/show,
# issue refused while outcomes are missing, issue, verify, tampering
# detected, the certificate, list and revoke.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/cred_setup.sh"

# No key yet.
expect_rc 1 ll keys show
contains "$ERR" "keys init"
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$TEST_TMP/x.json"
contains "$ERR" "layerlab: credential issue: no institution key"

cred_setup
case "$CRED_DID" in did:key:z6Mk*) ;; *) fail "keys init printed '$CRED_DID'";; esac
[ "$(stat -c %a "$TEST_TMP/keys/issuer-key.json")" = 600 ] || fail "secret key mode"
[ "$(stat -c %a "$TEST_TMP/keys")" = 700 ] || fail "keys directory mode"
before=$(sha256sum "$TEST_TMP/keys/issuer-key.json")
expect_rc 1 ll keys init
contains "$ERR" "already exists"
[ "$(sha256sum "$TEST_TMP/keys/issuer-key.json")" = "$before" ] || fail "key replaced"
expect_rc 0 ll keys show
contains "$OUT" "$CRED_DID"
contains "$OUT" "#${CRED_DID#did:key:}"
pass "keys init and show"

# Usage errors.
expect_rc 2 ll credential
expect_rc 2 ll credential issue --learner ana.novak
contains "$ERR" "usage:"
expect_rc 2 ll credential frobnicate
expect_rc 2 ll credential revoke --id urn:uuid:x
contains "$ERR" "--reason"
expect_rc 2 ll keys
expect_rc 0 ll help credential
contains "$OUT" "Examples:"
pass "usage errors"

# Nothing achieved yet: every outcome is named, nothing is written.
out="$TEST_TMP/ana.json"
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$out"
contains "$ERR" "T1.LO1"
contains "$ERR" "T1.LO2"
contains "$ERR" "T1.LO3"
[ ! -e "$out" ] || fail "a refused issue wrote $out"
# A failed quiz and a passed printer check: two still missing.
cred_results ana.novak T1.LO1:quiz:0:5/10 T1.LO2:printer:1
# Ivan's sign-off is not Ana's.
cred_results ivan T1.LO3:trainer:1:marko
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$out"
contains "$ERR" "T1.LO1"
contains "$ERR" "T1.LO3"
lacks "$ERR" "T1.LO2"
[ ! -e "$out" ] || fail "a refused issue wrote $out"
expect_rc 1 ll credential issue --learner nobody --credential test-mc --out "$out"
contains "$ERR" "nobody"
expect_rc 1 ll credential issue --learner ana.novak --credential no-such --out "$out"
contains "$ERR" "no-such"
pass "issue refused with the missing outcomes named"

# A certificate file that exists stops the issue before anything is done.
touch "$TEST_TMP/taken.pdf"
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$out" --pdf "$TEST_TMP/taken.pdf"
contains "$ERR" "taken.pdf already exists"
[ ! -e "$out" ] || fail "issue wrote $out although the PDF name was taken"
cred_issue_ana "$out" "$TEST_TMP/ana.html" "$TEST_TMP/ana.pdf"
contains "$OUT" "issued urn:uuid:"
[ -s "$out" ] && [ -s "$TEST_TMP/ana.html" ] || fail "files not written"
[ "$(head -c 8 "$TEST_TMP/ana.pdf")" = "%PDF-1.4" ] || fail "no PDF certificate"
[ ! -e "$out.tmp" ] || fail "temporary file left behind"
uri=$(sed -n 's/^issued //p' <<<"$OUT")
# Personal data stays out of the signed file.
lacks "$(cat "$out")" "ana.novak"
lacks "$(cat "$out")" "Ana Novak"
lacks "$(cat "$out")" "2026-017"
contains "$(cat "$out")" "\"identityType\": \"studentId\""
contains "$(cat "$out")" "\"supervision\": \"supervised-onsite-with-id\""
contains "$(cat "$out")" "Šolski center Celje"
# Never overwritten.
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$out"
contains "$ERR" "already exists"
pass "issue"

expect_rc 0 ll credential verify "$out"
for n in 1 2 3 4 5 6 7 8 9 10 11; do contains "$OUT" "ok    EU $n "; done
contains "$OUT" "ok    signature"
contains "$OUT" "ok    issuer key"
contains "$OUT" "ok    not revoked"
contains "$OUT" "valid: $uri issued by $CRED_DID"
lacks "$OUT" "FAIL"
# Each evidence entry is the xAPI statement of a passing result.
expect_rc 0 ll records export --format xapi --learner ana.novak --out "$TEST_TMP/ana-xapi.json"
xapi=$(cat "$TEST_TMP/ana-xapi.json")
n=0
for id in $(grep -o '"id": "urn:uuid:[0-9a-f-]*"' "$out" | grep -o '[0-9a-f-]\{36\}'); do
	# The credential's own id is not evidence.
	[ "urn:uuid:$id" = "$uri" ] && continue
	contains "$xapi" "\"id\": \"$id\""
	n=$((n + 1))
done
[ "$n" -eq 3 ] || fail "expected 3 evidence entries, found $n"
# Another station without the records verifies it too.
expect_rc 0 "$LAYERLAB" --db "$TEST_TMP/none.db" credential verify "$out"
[ ! -e "$TEST_TMP/none.db" ] || fail "verify created a database"
pass "verify"

# Any single change is caught, by the signature at least.
tamper() {
	local name=$1 expr=$2 file="$TEST_TMP/tampered-$1.json"
	sed "$expr" "$out" >"$file"
	cmp -s "$out" "$file" && fail "tamper $name changed nothing"
	expect_rc 1 ll credential verify "$file"
	contains "$OUT" "FAIL  signature"
	contains "$ERR" "NOT valid"
}
tamper country 's/"addressCountryCode": "SI"/"addressCountryCode": "HR"/'
tamper title '0,/"name": "First layer operator"/s//"name": "First layer expert"/'
tamper date 's/"validFrom": "20/"validFrom": "19/'
tamper workload 's/"workloadHours": 8/"workloadHours": 80/'
tamper credits 's/"creditsAvailable": 0.3/"creditsAvailable": 3/'
tamper participation 's/"participationForm": "onsite"/"participationForm": "online"/'
tamper level 's#snb/eqf/4#snb/eqf/5#'
tamper learner 's/"identityHash": "sha256\$/"identityHash": "sha256$0/'
tamper issuer_name 's/Šolski center Celje/Solski center Celje/'
tamper outcome 's/Names the hazards/Knows the hazards/'
tamper proof 's/"proofValue": "z/"proofValue": "z2/'
tamper grade 's/"value": "90"/"value": "100"/'
expect_rc 1 ll credential verify "$TEST_TMP/none.json"
contains "$ERR" "none.json"
pass "tampering detected"

# The certificate: learner, title, outcomes, EU elements, issuer, QR.
html=$(cat "$TEST_TMP/ana.html")
for s in "Ana Novak" "First layer operator" "T1.LO1 Hazards" "T1.LO3 Watches the first layer" \
	"Notional workload" "0.3 ECTS, 8 hours" "EQF level 4" "onsite" "supervised-onsite-with-id" \
	"Type of assessment" "Quality assurance" "Internal quality assurance" "Savinjska" \
	"$uri" "$CRED_DID" "<svg xmlns=\"http://www.w3.org/2000/svg\"" "Grade"; do
	contains "$html" "$s"
done
if command -v pdftotext >/dev/null; then
	pdf=$(pdftotext -enc UTF-8 "$TEST_TMP/ana.pdf" -)
	for s in "Ana Novak" "First layer operator" "Šolski center Celje" "T1.LO2 Z offset" \
		"0.3 ECTS, 8 hours" "$uri"; do
		contains "$pdf" "$s"
	done
else
	echo "skip: pdftotext not installed (poppler-utils): PDF text not read back"
fi
pass "certificate"

expect_rc 0 ll credential list
contains "$OUT" "$uri"
# A lost file comes back byte for byte from the records.
expect_rc 0 ll credential export --id "$uri" --out "$TEST_TMP/again.json" --pdf "$TEST_TMP/again.pdf"
cmp -s "$out" "$TEST_TMP/again.json" || fail "export differs from the issued file"
[ "$(head -c 8 "$TEST_TMP/again.pdf")" = "%PDF-1.4" ] || fail "export wrote no PDF"
expect_rc 1 ll credential export --id "$uri" --out "$TEST_TMP/again.json"
contains "$ERR" "already exists"
expect_rc 1 ll credential export --id urn:uuid:00000000-0000-0000-0000-000000000000 --out "$TEST_TMP/none2.json"
contains "$ERR" "no issued credential"
expect_rc 2 ll credential export --id "$uri"
expect_rc 0 ll credential list --learner ivan
lacks "$OUT" "$uri"

# Revoke by learner and definition; verify on this station then fails.
expect_rc 0 ll credential revoke --learner ana.novak --credential test-mc --reason "issued in error"
contains "$OUT" "revoked $uri"
expect_rc 1 ll credential verify "$out"
contains "$OUT" "FAIL  not revoked"
contains "$OUT" "issued in error"
expect_rc 1 ll credential revoke --id "$uri" --reason "again"
expect_rc 1 ll credential revoke --learner ana.novak --credential test-mc --reason "again"
contains "$ERR" "no unrevoked credential"
expect_rc 0 ll credential list --learner ana.novak
contains "$OUT" "REVOKED: issued in error"
# The audit chain still holds after issue and revoke.
expect_rc 0 ll records verify
pass "list and revoke"
