# Shared by the credential command tests (sourced after lib.sh): a
# configuration naming the awarding body, the test module and credential
# definition (tests/credential/data/modules) as the shipped modules, a
# learner with a trainer's group, and helpers.
CRED_DATA="$LL_SOURCE_DIR/tests/credential/data"
export LAYERLAB_DATA_DIR="$CRED_DATA"
CRED_DB="$TEST_TMP/records.db"
CRED_CONF="$TEST_TMP/layerlab.conf"
cat >"$CRED_CONF" <<CONF
institution.name = Šolski center Celje – delavnica 3D-tiska
institution.url = https://sc-celje.example/
institution.country = SI
institution.region = Savinjska
institution.legal_id = 5051762000
lang = en
keys = $TEST_TMP/keys
CONF
ll() { "$LAYERLAB" --config "$CRED_CONF" --db "$CRED_DB" "$@"; }

# cred_results LEARNER OUTCOME:METHOD:PASS[:SCORE/MAX][:TRAINER]...
cred_results() {
	local learner=$1; shift
	"$CRED_SEED" "$CRED_DB" "$learner" T1 first-layer "$@" ||
		fail "cred_seed $learner $*"
}

# cred_setup: key, group, learners, trainer.
cred_setup() {
	expect_rc 0 ll keys init
	CRED_DID=$OUT
	expect_rc 0 ll group add g1 --name "Group 1"
	expect_rc 0 ll learner add ana.novak --name "Ana Novak" --group g1 --school-id 2026-017
	expect_rc 0 ll learner add ivan --name "Ivan Horvat" --group g1
	printf '432198\n432198\n' | ll trainer add marko --name "Marko Kranjc" --pin-stdin >/dev/null 2>&1 ||
		fail "trainer add"
}

# cred_issue_ana OUT [HTML [PDF]]: gives ana.novak every outcome and issues.
cred_issue_ana() {
	local args=(--out "$1")
	[ $# -gt 1 ] && args+=(--html "$2")
	[ $# -gt 2 ] && args+=(--pdf "$3")
	cred_results ana.novak T1.LO1:quiz:1:9/10 T1.LO2:printer:1 T1.LO3:trainer:1:marko
	expect_rc 0 ll credential issue --learner ana.novak --credential test-mc "${args[@]}"
}
