# Nothing from outside reaches the terminal as a control sequence: a file
# name and a printer's reply line carrying escapes (clear the screen,
# retitle, colours), a bell, C1 controls and bytes that are not UTF-8; a
# file name is shown with visible escapes and U+FFFD on the files screen,
# a reply line in the console without a control byte.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

dir="$TEST_TMP/my-gcode"
mkdir -p "$dir" "$XDG_CONFIG_HOME/layerlab"
cp "$LL_TEST_DATA/square_2layers.gcode" "$dir/"$'evil\033[2J\033[31mred\377.gcode'
printf 'gcode_dir = %s\n' "$dir" >"$XDG_CONFIG_HOME/layerlab/layerlab.conf"
ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
printf '246810\n246810\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

: >"$TEST_TMP/printer.out"
python3 "$(dirname "$0")/hostile_printer.py" >"$TEST_TMP/printer.out" &
LL_PIDS+=("$!")
poll has_line "$TEST_TMP/printer.out" || fail "the hostile printer did not start"
port=$(head -n1 "$TEST_TMP/printer.out")

# A module's title is listed with visible escapes and U+FFFD, not obeyed.
mkdir -p "$TEST_TMP/hm/H1"
cat >"$TEST_TMP/hm/H1/module.lua" <<'LUA'
return {
  id = "H1", version = "1.0", languages = { "en" },
  title = { en = "Evil \27[2J\27]0;pwn\7 title \255" },
  summary = { en = "Summary \27[31mred" }, eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = { { id = "H1.LO1", kind = "knowledge", assessed_by = "quiz",
                 text = { en = "Knows \27[1mbold" }, pass = { en = "p" } } },
  lessons = { "l" },
}
LUA
printf 'return lesson { id = "l", title = "L", step({ id = "s" }, function() say "hi" end) }\n' \
    >"$TEST_TMP/hm/H1/l.lua"
"$LAYERLAB" --modules "$TEST_TMP/hm" modules >"$TEST_TMP/modules.out" 2>/dev/null
grep -q $'\033' "$TEST_TMP/modules.out" && fail "an escape sequence in the module listing"
grep -qF 'H1  Evil \x1b[2J\x1b]0;pwn\x07 title �' "$TEST_TMP/modules.out" ||
	fail "the hostile title is not shown: $(grep -a H1 "$TEST_TMP/modules.out" | cat -v)"
grep -qF 'Summary \x1b[31mred' "$TEST_TMP/modules.out" || fail "the summary is not shown"
grep -qF 'Knows \x1b[1mbold' "$TEST_TMP/modules.out" || fail "the outcome is not shown"
pass "a module's title, summary and outcome are listed with visible escapes"

tui_start 110 30 tui --port "$port" --profile virtual
wait_for "Ana Novak"
wait_for "● ready"
keys Enter
wait_for "Micro-credential"
keys F6
# The name as it is, every byte accounted for, none obeyed: had the
# escapes reached tmux, the screen would be cleared and no "\x1b" shown.
wait_for 'evil\x1b[2J\x1b[31mred�.gcode'
pass "a file name's escapes and invalid bytes are shown, not obeyed"
keys Escape

keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 246810
keys Enter
wait_for "Group overview"
keys F3
# The link already drops a reply's C0 controls (ESC, BEL) and marks bytes
# that are not UTF-8, and the C1 control U+009B, with U+FFFD before
# anything parses the line (host/proto.c).
wait_for 'echo:HOSTILE]0;pwned[2J[31mred���c1 end'
wait_for "G-code>"
screen | head -1 | grep -qF "layerlab · Console" || { screen >&2; fail "the screen was cleared"; }
pass "a printer's reply line reaches the console without a control byte"
tui_quit
