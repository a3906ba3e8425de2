#!/usr/bin/env bash
# Certificates as trainers issue them in the workshop's languages: a learner
# named in Latin with diacritics, in Cyrillic and in Greek gets a PDF whose
# text holds the name (pdftotext) with every font embedded (pdffonts), a PNG
# whose QR code opens the verification page (zbarimg), and a Slovenian
# certificate carries no English label.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/cred_setup.sh"

command -v pdftotext >/dev/null && command -v pdffonts >/dev/null ||
	{ echo "skip: pdftotext/pdffonts not installed (poppler-utils)"; exit 77; }

cred_setup
# The English labels, as the interface template has them (words before a
# placeholder).
english=$(awk '/^msgctxt "certificate\./ {
		key = $2; getline; m = $0; sub(/^msgid "/, "", m)
		if (m == "\"") { getline; m = $0; sub(/^"/, "", m) }
		sub(/[{"].*$/, "", m)
		if (key !~ /decimal_sign|\.date"|months/) print m
	}' "$LL_SOURCE_DIR/src/lesson/i18n/layerlab.pot" |
	sed 's/ *$//' | awk 'length($0) >= 4')
[ "$(wc -l <<<"$english")" -gt 30 ] || fail "English labels not found in layerlab.pot"

n=0
while IFS='|' read -r id name lang words; do
	n=$((n + 1))
	expect_rc 0 ll learner add "$id" --name "$name" --group g1
	cred_results "$id" T1.LO1:quiz:1:9/10 T1.LO2:printer:1 T1.LO3:trainer:1:marko
	expect_rc 0 ll --lang "$lang" credential issue --learner "$id" --credential test-mc \
		--out "$TEST_TMP/$id.json" --pdf "$TEST_TMP/$id.pdf" --png "$TEST_TMP/$id.png"
	uri=$(sed -n 's/^issued //p' <<<"$OUT")
	text=$(pdftotext -enc UTF-8 "$TEST_TMP/$id.pdf" - | tr '\n' ' ')
	contains "$text" "$name"
	contains "$text" "$words"
	fonts=$(pdffonts "$TEST_TMP/$id.pdf" | awk 'NR > 2')
	[ -n "$fonts" ] || fail "$id: no fonts listed"
	awk '$(NF-4) != "yes" || $(NF-3) != "yes" { bad = 1 } END { exit bad }' <<<"$fonts" ||
		fail "$id: a font is not embedded and subset: $fonts"
	if [ "$lang" = sl ]; then
		while IFS= read -r label; do
			lacks "$text" "$label"
		done <<<"$english"
	fi
	if command -v zbarimg >/dev/null; then
		qr=$(zbarimg -q --raw "$TEST_TMP/$id.png")
		[ "$qr" = "https://sc-celje.example/layerlab/verify/${uri#urn:uuid:}" ] ||
			fail "$id: the PNG's QR code reads '$qr'"
	fi
	# verify names the learner in their own script.
	expect_rc 0 ll credential verify "$TEST_TMP/$id.json"
	contains "$OUT" "to $name"
done <<'LEARNERS'
spela|Špela Čučnik Đurić|sl|Datum izdaje
jovana|Јована Петровић|sr-Cyrl|Датум издавања
giorgos|Γιώργος Παπαδόπουλος|el|Ημερομηνία έκδοσης
LEARNERS
[ "$n" -eq 3 ] || fail "ran $n learners"
pass "certificates in Latin with diacritics, Cyrillic and Greek; Slovenian without English"
