#!/usr/bin/env bash
# The key and credential commands as a trainer runs them: keys init/show,
# issue refused while outcomes are missing, with the placeholder
# institution, on records that do not verify, or a second time; issue,
# verify, tampering detected, the certificates (every label in the
# language, names in any script), list, revoke, reissue, the revocation
# list, the JSON-LD context and the Europass export.
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
# Ivan's sign-off is not Ana's; a trainer observing her keep the rules
# is evidence for a sign-off, not one.
cred_results ivan T1.LO3:trainer:1:marko
cred_results ana.novak T1.LO3:observation:1:marko
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
[ "$(head -c 7 "$TEST_TMP/ana.pdf")" = "%PDF-1." ] || fail "no PDF certificate"
[ ! -e "$out.tmp" ] || fail "temporary file left behind"
uri=$(sed -n 's/^issued //p' <<<"$OUT")
# The name ties the file to the certificate; ids stay hashed.
lacks "$(cat "$out")" "ana.novak"
lacks "$(cat "$out")" "2026-017"
contains "$(cat "$out")" "\"identityHash\": \"Ana Novak\""
contains "$(cat "$out")" "\"identityType\": \"ext:studentId\""
contains "$(cat "$out")" "\"supervision\": \"supervised-onsite-with-id\""
contains "$(cat "$out")" "Šolski center Celje"
# Never overwritten.
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$out"
contains "$ERR" "already exists"
# Never issued twice by accident: the first one is named.
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$TEST_TMP/again-ana.json"
contains "$ERR" "already holds credential test-mc, issued on $(date -u +%Y-%m-%d)"
contains "$ERR" "$uri"
contains "$ERR" "--reissue"
[ ! -e "$TEST_TMP/again-ana.json" ] || fail "a duplicate was written"
pass "issue"

expect_rc 0 ll credential verify "$out"
for n in 1 2 3 4 5 6 7 8 9 10 11; do contains "$OUT" "ok    EU $n "; done
contains "$OUT" "ok    signature"
contains "$OUT" "ok    issuer key"
contains "$OUT" "ok    not revoked"
contains "$OUT" "valid: $uri issued by $CRED_DID to Ana Novak"
contains "$OUT" "ok    EU 1 learner: credentialSubject id or identifier[]: Ana Novak"
lacks "$OUT" "FAIL"
# --quiet after the file too: only the verdict.
expect_rc 0 ll credential verify "$out" --quiet
[ "$OUT" = "$(echo "$OUT" | grep '^valid: ')" ] || fail "verify --quiet printed: $OUT"
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

# The certificate: learner, title, outcomes, EU elements in words, issuer,
# the QR code's verification page.
html=$(cat "$TEST_TMP/ana.html")
for s in "Ana Novak" "First layer operator" "T1.LO1 Hazards" "T1.LO3 Watches the first layer" \
	"Notional workload" "0.3 ECTS credits, 8 hours" "EQF level 4" ">on site<" \
	"supervised, identity verified on site" "Slovenia, Savinjska" "$(date -u +%-d) $(date -u +%B) $(date -u +%Y)" \
	"Type of assessment" "Quality assurance" "Internal quality assurance" \
	"$uri" "$CRED_DID" "<svg xmlns=\"http://www.w3.org/2000/svg\"" "Grade" \
	"https://sc-celje.example/layerlab/verify/${uri#urn:uuid:}"; do
	contains "$html" "$s"
done
lacks "$html" "supervised-onsite-with-id"
lacks "$html" ">onsite<"
if command -v pdftotext >/dev/null; then
	pdf=$(pdftotext -enc UTF-8 "$TEST_TMP/ana.pdf" - | tr '\n' ' ')
	for s in "Ana Novak" "First layer operator" "Šolski center Celje" "T1.LO2 Z offset" \
		"0.3 ECTS credits, 8 hours" "$uri"; do
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
[ "$(head -c 7 "$TEST_TMP/again.pdf")" = "%PDF-1." ] || fail "export wrote no PDF"
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
expect_rc 1 ll credential verify --quiet "$out"
[ -z "$OUT" ] || fail "verify --quiet printed: $OUT"
contains "$ERR" "NOT valid"
expect_rc 1 ll credential revoke --id "$uri" --reason "again"
expect_rc 1 ll credential revoke --learner ana.novak --credential test-mc --reason "again"
contains "$ERR" "no unrevoked credential"
expect_rc 0 ll credential list --learner ana.novak
contains "$OUT" "REVOKED: issued in error"
# The audit chain still holds after issue and revoke.
expect_rc 0 ll records verify
pass "list and revoke"

# Issued again after the revocation; a reissue replaces that one, revoking it
# with the reason.
expect_rc 1 ll credential issue --learner ana.novak --credential test-mc --out "$TEST_TMP/ana2.json" --reissue
contains "$ERR" "holds no unrevoked credential test-mc"
expect_rc 0 ll credential issue --learner ana.novak --credential test-mc --out "$TEST_TMP/ana2.json"
uri2=$(sed -n 's/^issued //p' <<<"$OUT")
expect_rc 0 ll credential issue --learner ana.novak --credential test-mc --out "$TEST_TMP/ana3.json" --reissue
uri3=$(sed -n 's/^issued //p' <<<"$OUT")
contains "$OUT" "replaces:   $uri2 (revoked)"
expect_rc 0 ll credential list --learner ana.novak
contains "$OUT" "REVOKED: reissued as $uri3"
# Each has its own bit in the revocation list, picked at random.
idx() { sed -n 's/.*"statusListIndex": "\([0-9]*\)".*/\1/p' "$1"; }
indexes=$(for f in "$out" "$TEST_TMP/ana2.json" "$TEST_TMP/ana3.json"; do idx "$f"; done)
[ "$(sort -u <<<"$indexes" | grep -c '^[0-9]\+$')" = 3 ] || fail "status indexes not 3 distinct numbers: $indexes"
[ "$(tr '\n' ' ' <<<"$indexes")" != "0 1 2 " ] || fail "status indexes in order: $indexes"
pass "reissue"

# The revocation list for the school's web site: a verifier without the
# records sees the revocations in it.
expect_rc 0 ll credential status-list --out "$TEST_TMP/revocation.json"
contains "$OUT" "3 credentials, 2 revoked"
contains "$OUT" "publish it at https://sc-celje.example/layerlab/status/revocation.json"
contains "$(cat "$out")" "\"statusListCredential\": \"https://sc-celje.example/layerlab/status/revocation.json\""
expect_rc 1 ll credential status-list --out "$TEST_TMP/revocation.json"
contains "$ERR" "already exists"
nodb() { "$LAYERLAB" --db "$TEST_TMP/none.db" "$@"; }
expect_rc 1 nodb credential verify "$out" --status-list "$TEST_TMP/revocation.json"
contains "$OUT" "FAIL  not revoked: revoked in the issuer's status list"
contains "$ERR" "NOT valid (revoked)"
expect_rc 1 nodb credential verify "$TEST_TMP/ana2.json" --status-list "$TEST_TMP/revocation.json"
expect_rc 0 nodb credential verify "$TEST_TMP/ana3.json" --status-list "$TEST_TMP/revocation.json"
contains "$OUT" "ok    not revoked (status list"
expect_rc 0 nodb credential verify --quiet "$TEST_TMP/ana3.json" --status-list "$TEST_TMP/revocation.json"
[ "$OUT" = "valid: $uri3 issued by $CRED_DID to Ana Novak" ] || fail "quiet verify printed '$OUT'"
# A list changed after signing, or one the issuer did not sign, says nothing.
sed 's/"encodedList": "u/"encodedList": "uA/' "$TEST_TMP/revocation.json" >"$TEST_TMP/forged.json"
expect_rc 1 nodb credential verify "$TEST_TMP/ana3.json" --status-list "$TEST_TMP/forged.json"
contains "$OUT" "FAIL  status list"
contains "$OUT" "signature"
expect_rc 1 nodb credential verify "$TEST_TMP/ana3.json" --status-list "$out"
contains "$OUT" "FAIL  status list"
[ ! -e "$TEST_TMP/none.db" ] || fail "verify created a database"
pass "revocation list"

# The list fetched from the school's site: --status-list URL, and --online
# from the address the credential itself names.
mkdir -p "$TEST_TMP/site/layerlab/status"
python3 -u -m http.server --bind 127.0.0.1 --directory "$TEST_TMP/site" 0 >"$TEST_TMP/http.out" 2>&1 &
LL_PIDS+=("$!")
poll in_file "Serving HTTP on" "$TEST_TMP/http.out"
port=$(sed -n 's/^Serving HTTP on .* port \([0-9]*\) .*/\1/p' "$TEST_TMP/http.out")
[ -n "$port" ] || fail "python3 -m http.server did not start: $(cat "$TEST_TMP/http.out")"
site="http://127.0.0.1:$port"
cp "$TEST_TMP/revocation.json" "$TEST_TMP/site/layerlab/status/"
expect_rc 1 nodb credential verify "$out" --status-list "$site/layerlab/status/revocation.json"
contains "$OUT" "FAIL  not revoked: revoked in the issuer's status list $site/"
expect_rc 0 nodb credential verify "$TEST_TMP/ana3.json" --status-list "$site/layerlab/status/revocation.json"
expect_rc 1 nodb credential verify "$TEST_TMP/ana3.json" --status-list "$site/missing.json"
contains "$OUT" "HTTP status 404"
# A school whose site is this server.
cat >"$TEST_TMP/online.conf" <<CONF
institution.name = Online school
institution.url = $site/
institution.country = SI
keys = $TEST_TMP/keys
CONF
on() { "$LAYERLAB" --config "$TEST_TMP/online.conf" --db "$TEST_TMP/online.db" "$@"; }
expect_rc 0 on learner add mia --name "Mia Zupan"
printf '432198\n432198\n' | on trainer add marko --name "Marko Kranjc" --pin-stdin >/dev/null 2>&1 || fail "trainer add"
"$CRED_SEED" "$TEST_TMP/online.db" mia T1 first-layer T1.LO1:quiz:1:9/10 T1.LO2:printer:1 T1.LO3:trainer:1:marko ||
	fail "cred_seed mia"
expect_rc 0 on credential issue --learner mia --credential test-mc --out "$TEST_TMP/mia.json"
rm "$TEST_TMP/site/layerlab/status/revocation.json"
expect_rc 0 on credential status-list --out "$TEST_TMP/site/layerlab/status/revocation.json"
expect_rc 0 nodb credential verify --online "$TEST_TMP/mia.json"
contains "$OUT" "ok    not revoked (status list $site/layerlab/status/revocation.json)"
expect_rc 0 on credential revoke --learner mia --credential test-mc --reason "test"
rm "$TEST_TMP/site/layerlab/status/revocation.json"
expect_rc 0 on credential status-list --out "$TEST_TMP/site/layerlab/status/revocation.json"
expect_rc 1 nodb credential verify --online "$TEST_TMP/mia.json"
contains "$OUT" "FAIL  not revoked: revoked in the issuer's status list $site/"
# Without --online, no network: the verdict rests on the file alone.
expect_rc 0 nodb credential verify "$TEST_TMP/mia.json"
pass "revocation list fetched from the school's site"

# layerlab's JSON-LD context, to publish next to the list.
expect_rc 0 ll credential context --out "$TEST_TMP/context.jsonld"
contains "$OUT" "publish it at https://sc-celje.example/layerlab/credentials-v1.jsonld"
cmp -s "$TEST_TMP/context.jsonld" "$LL_SOURCE_DIR/src/credential/context-v1.jsonld" || fail "context differs from the shipped one"
contains "$(cat "$out")" "\"https://sc-celje.example/layerlab/credentials-v1.jsonld\""
pass "context"

# Issuing, signing and exporting xAPI refuse the shipped placeholders: ids
# made from them could never change.
echo "keys = $TEST_TMP/keys" >"$TEST_TMP/placeholder.conf"
ph() { "$LAYERLAB" --config "$TEST_TMP/placeholder.conf" --db "$CRED_DB" "$@"; }
cred_results ivan T1.LO1:quiz:1:10/10 T1.LO2:printer:1
expect_rc 1 ph credential issue --learner ivan --credential test-mc --out "$TEST_TMP/ivan.json"
contains "$ERR" "placeholders"
contains "$ERR" "institution.url"
expect_rc 1 ph credential status-list --out "$TEST_TMP/ph-list.json"
contains "$ERR" "placeholders"
expect_rc 1 ph records export --format xapi --out "$TEST_TMP/ph-xapi.json"
contains "$ERR" "placeholders"
[ ! -e "$TEST_TMP/ivan.json" ] && [ ! -e "$TEST_TMP/ph-xapi.json" ] || fail "a placeholder run wrote a file"
pass "placeholders refused"

# Records that do not verify issue nothing.
cp "$CRED_DB" "$TEST_TMP/altered.db"
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE learners SET name = ? WHERE id = ?", ("Ivan Impostor", "ivan"))
db.commit()' "$TEST_TMP/altered.db" || fail "altering the copy"
expect_rc 1 "$LAYERLAB" --config "$CRED_CONF" --db "$TEST_TMP/altered.db" credential issue --learner ivan --credential test-mc --out "$TEST_TMP/ivan.json"
contains "$ERR" "the records do not verify"
[ ! -e "$TEST_TMP/ivan.json" ] || fail "issued from altered records"
expect_rc 0 ll credential issue --learner ivan --credential test-mc --out "$TEST_TMP/ivan.json"
pass "issue only from records that verify"

# credential.learner_name = hashed: the name only as a salted hash, which
# whoever knows it can check; verify then names nobody.
cp "$CRED_CONF" "$TEST_TMP/hashed.conf"
echo "credential.learner_name = hashed" >>"$TEST_TMP/hashed.conf"
hashed() { "$LAYERLAB" --config "$TEST_TMP/hashed.conf" --db "$CRED_DB" "$@"; }
expect_rc 0 hashed credential issue --learner ivan --credential test-mc --out "$TEST_TMP/ivan2.json" --reissue
lacks "$(cat "$TEST_TMP/ivan2.json")" "Ivan Horvat"
salt=$(python3 -c 'import json, sys
ids = json.load(open(sys.argv[1]))["credentialSubject"]["identifier"]
name = [i for i in ids if i["identityType"] == "name"][0]
assert name["hashed"] is True
print(name["salt"], name["identityHash"])' "$TEST_TMP/ivan2.json") || fail "no hashed name in the credential"
want="sha256\$$(printf '%s%s' "Ivan Horvat" "${salt%% *}" | sha256sum | cut -c1-64)"
[ "${salt#* }" = "$want" ] || fail "name hash ${salt#* }, expected $want"
expect_rc 0 hashed credential verify "$TEST_TMP/ivan2.json"
lacks "$OUT" " to "
echo "credential.learner_name = maybe" >>"$TEST_TMP/hashed.conf"
expect_rc 1 hashed credential list
contains "$ERR" "hashed.conf:"
contains "$ERR" "credential.learner_name"
pass "the learner's name as a salted hash"
