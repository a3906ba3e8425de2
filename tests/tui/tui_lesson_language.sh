# F5 switches everything: the running lesson (from the start of its step),
# how an outcome was achieved, the credential's title and the key bar.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"

lang_tag() { screen | head -1 | sed -n 's/.*\[\([^]]*\)\] *$/\1/p'; }
tag_not() { [ "$(lang_tag)" != "$1" ]; }
# to_lang TAG: F5 until the title bar shows [TAG].
to_lang() {
	local i before
	for i in $(seq 12); do
		[ "$(lang_tag)" = "$1" ] && return 0
		before=$(lang_tag)
		keys F5
		poll tag_not "$before" || fail "F5 did not switch from $before"
	done
	fail "F5 never reached $1"
}

tui_start 120 30 --modules "$(dirname "$0")/modules" tui --port virtual --sim-speed 50
wait_for "Ana Novak"
keys Enter
wait_for "Micro-credential: FDM 3D printing — operator level"
to_lang sl
wait_for "Mikrodokazilo: 3D-tiskanje FDM — raven operaterja"
pass "the credential's title follows F5"

past_shipped_modules
wait_for "Preizkusni modul za zaslon"
keys Enter Enter
wait_for "Nikoli se ne dotikaj šobe."
keys Enter
wait_for "Kateri del je najbolj vroč?"
# ↑↓ and 1-9 are told apart in the key bar.
wait_for "↑↓ izberi 1-9 izberi s številko"
keys 2 Enter
wait_for "T9.Q"
wait_for "(kviz)"
lacks "$(screen)" "(quiz)"
pass "how the outcome was achieved, in Slovenian"

# The next step asks plain questions; its title is translated.
wait_for "Še vprašanja"
wait_for "Which of these protect you from fumes?"
to_lang sr-Cyrl
wait_for "Још питања"
wait_for "Which of these protect you from fumes?"
lacks "$(screen)" "Še vprašanja"
pass "the running lesson switched to Serbian Cyrillic at its step"

keys Escape
wait_for "[1 "
keys 1
wait_for "Enter"
keys Enter
wait_for "Микроквалификација"
wait_for "(квиз)"
pass "the catalogue names the method in Serbian Cyrillic"
tui_quit
