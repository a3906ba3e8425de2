# Slovenian, Serbian Cyrillic and Greek on screen; the language switched at
# run time; 80×24 and larger windows, with a resize while a lesson is open.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"
MODS="$(dirname "$0")/modules"

ll learner add jovan --name "Јован Петровић" >/dev/null || fail "learner add"

# widest_line: the widest captured line in display columns.
widest_line() {
	screen | python3 -c 'import sys, unicodedata
w = 0
for line in sys.stdin:
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)'
}

tui_start 100 30 --lang sl --modules "$MODS" tui --port virtual --sim-speed 50
wait_for "Kdo je za to postajo?"
wait_for "Јован Петровић"
keys Enter
wait_for "Mikrodokazilo"
past_shipped_modules
wait_for "Preizkusni modul za zaslon"
keys Enter Enter
wait_for "čiščenje, žarjenje, ključ"
wait_for "Nikoli se ne dotikaj šobe."
wait_for "Naprej (Enter)"

# The window shrinks to 80×24 with the lesson open, then grows.
resize 80 24
wait_for " F12 STOP "
wait_for "Nikoli se ne dotikaj šobe."
[ "$(widest_line)" -le 80 ] || { screen >&2; fail "a line is wider than 80 columns"; }
[ "$(screen | wc -l)" -eq 24 ] || fail "the screen is not 24 lines"
resize 120 40
wait_for "čiščenje, žarjenje, ključ"
[ "$(widest_line)" -le 120 ] || fail "a line is wider than 120 columns"

# The language switched at run time (F5 cycles): the page keeps working.
keys Escape
wait_for "Zapustim lekcijo?"
keys 1
wait_for "Lekcija je ustavljena"
keys Enter
wait_for "Mikrodokazilo"
keys F5
wait_for "[sr-Cyrl]"
wait_for "Пробни модул екрана"
screen | grep -q "Mikrodokazilo" && fail "the interface stayed Slovenian after F5"
tui_quit

tui_start 80 24 --lang sr-Cyrl --modules "$MODS" tui --port virtual --sim-speed 50
wait_for "Јован Петровић"
keys Enter
past_shipped_modules
wait_for "Пробни модул екрана"
keys Enter Enter
# The Slovenian run above was left at step 1: resume it.
wait_for "[1 Настави]"
keys 1
wait_for "љуљашка, њушка, ђак, џеп, ћуп"
wait_for "Никада не додирујте млазницу."
[ "$(widest_line)" -le 80 ] || { screen >&2; fail "a line is wider than 80 columns"; }
# Box lines of the separator stay whole (no broken UTF-8 or ACS letters).
screen | grep -q "────" || { screen >&2; fail "box lines missing"; }
screen | grep -q "lqqq" && fail "box lines drawn as ASCII letters"
tui_quit

tui_start 80 24 --lang el --modules "$MODS" tui --port virtual --sim-speed 50
wait_for "Јован Петровић"
keys Enter
past_shipped_modules
wait_for "Δοκιμαστική ενότητα οθόνης"
keys Enter Enter
wait_for "[2 Από την αρχή]"
keys 2
wait_for "Εκπαίδευση, ασφάλεια"
wait_for "Μην αγγίζετε ποτέ το ακροφύσιο."
tui_quit
pass tui_languages
