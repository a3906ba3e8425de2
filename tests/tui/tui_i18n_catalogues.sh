# The interface catalogues of Croatian, Serbian (Cyrillic), Greek,
# Macedonian and Latvian reach the screen: sign-in, key bar, the printer
# strip, the trainer's fault list, and the key help; F5 reaches every
# shipped catalogue.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '432198\n432198\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

# no_english: none of the English interface strings of the screen remain.
no_english() {
	local s
	s=$(screen)
	for e in "Who is at this station?" "● ready" " select " " help " "Your trainer id" \
	    "Play a fault" "not started" "Noz " "Micro-credential"; do
		if printf '%s\n' "$s" | grep -qF -- "$e"; then
			printf '%s\n' "$s" >&2
			fail "English '$e' on the $1 screen"
		fi
	done
}

# trainer_faults TRAINER-ID-PROMPT PIN-PROMPT FAULTS-HINT MAXTEMP-TEXT
trainer_faults() {
	keys F4
	wait_for "$1"
	type_text T01
	keys Enter
	wait_for "$2"
	type_text 432198
	keys Enter
	wait_for "Marko Trener"
	keys Tab
	wait_for "$3"
	wait_for "$4"
}

tui_start 80 24 --lang hr tui --port virtual --sim-speed 50
wait_for "Tko radi na ovom mjestu? Odaberi svoje ime i pritisni Enter."
wait_for "● spreman"
wait_for "odaberi"
no_english hr
keys F1
wait_for "Tipke na ovom zaslonu"
wait_for "HITNO ZAUSTAVLJANJE"
keys Enter
wait_gone "Tipke na ovom zaslonu"
trainer_faults "Tvoja oznaka instruktora" "Tvoj PIN:" "Izazovi kvar na virtualnom pisaču" \
	"kratki spoj termistora (MAXTEMP)"
tui_quit

tui_start 80 24 --lang sr-Cyrl tui --port virtual --sim-speed 50
wait_for "Ко ради на овом месту? Изабери своје име и притисни Enter."
wait_for "● спреман"
wait_for "Млаз."
wait_for "изабери"
keys Enter
wait_for "Микроквалификација"
wait_for "није започето"
no_english sr-Cyrl
tui_quit

tui_start 80 24 --lang el tui --port virtual --sim-speed 50
wait_for "Ποιος είναι σε αυτόν τον σταθμό;"
wait_for "● έτοιμος"
wait_for "επιλογή"
trainer_faults "Ο κωδικός εκπαιδευτή σας" "Το PIN σας:" "Προκαλέστε βλάβη στον εικονικό εκτυπωτή" \
	"βραχυκυκλωμένο θερμίστορ (MAXTEMP)"
no_english el
tui_quit

tui_start 80 24 --lang mk tui --port virtual --sim-speed 50
wait_for "Кој работи на ова место?"
wait_for "● подготвен"
keys Enter
wait_for "Микроквалификација"
wait_for "не е започнато"
no_english mk
keys F1
wait_for "Копчиња на овој екран"
wait_for "ИТНО ЗАПИРАЊЕ"
keys Enter
wait_gone "Копчиња на овој екран"
tui_quit

tui_start 80 24 --lang lv tui --port virtual --sim-speed 50
wait_for "Kas strādā šajā darba vietā?"
wait_for "● gatavs"
wait_for "izvēlēties"
trainer_faults "Jūsu instruktora identifikators" "Jūsu PIN:" "Izraisiet kļūmi virtuālajā printerī" \
	"termistora īsslēgums (MAXTEMP)"
no_english lv
# F5 cycles through every compiled-in catalogue and comes back.
lang_tag() { screen | head -1 | grep -o '\[[a-zA-Z-]*\]'; }
tag_changed() { [ "$(lang_tag)" != "$1" ]; }
seen=""
for _ in $(seq 10); do
	before=$(lang_tag)
	keys F5
	poll tag_changed "$before" || fail "F5 did not switch from $before"
	seen="$seen $(lang_tag)"
done
for tag in bs cnr el en hr lv mk sl sr-Cyrl sr-Latn; do
	case "$seen" in *"[$tag]"*) ;; *) fail "F5 never switched to $tag (saw:$seen)";; esac
done
tui_quit
pass tui_i18n_catalogues
