# Trainer mode: a wrong PIN is refused, the right one opens trainer mode;
# the console shows the guard's refusal; a fault played on the virtual
# printer shows on screen; the emergency stop works from any screen.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/tmux.sh"

ll learner add ana --name "Ana Novak" >/dev/null || fail "learner add"
ll keys init >/dev/null || fail "keys init"
printf '432198\n432198\n' | ll trainer add T01 --name "Marko Trener" --pin-stdin >/dev/null ||
	fail "trainer add"

tui_start 100 30 tui --port virtual --sim-speed 50
wait_for "● ready"

# F1 lists the keys of the screen, the stop first.
keys F1
wait_for "Keys on this screen"
wait_for "F12 or Ctrl-X: EMERGENCY STOP"
keys Escape
wait_gone "Keys on this screen"

# Trainer sign-in: wrong PIN first.
keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
wait_for "Your PIN:"
type_text 111111
keys Enter
wait_for "Not signed in"
wait_for "wrong PIN"
keys Enter
keys F4
wait_for "Your trainer id"
type_text T01
keys Enter
type_text 432198
keys Enter
wait_for "Trainer: Marko Trener"
wait_for "Group overview"

# The console: the guard refuses a nozzle target past the profile's limit.
keys F3
wait_for "G-code>"
type_text "M104 S400"
keys Enter
wait_for "M104 S400"
screen | grep -F "! M104 S400" | grep -q "°C" || { screen >&2; fail "refusal without the limit"; }
type_text "M114"
keys Enter
wait_for "M114*"
wait_for "< X:"
# Temperature reports stay out of the way until asked for.
screen | grep -q "T:25.00 /0.00" && fail "temperature traffic shown by default"
keys C-t
wait_for "T:25.00 /0.00" 10
keys C-t
keys Escape

# A printer outcome is the program's to judge: no sign-off.
keys F4
wait_for "Group overview"
keys Right
keys s
wait_for "assessed by the program"
keys Enter
wait_gone "assessed by the program"
# M1.LO4 (the emergency procedures, assessed by a trainer): sign off with a note.
keys Right Right
wait_for "M1.LO4 (trainer):"
keys s
wait_for "Note (what you observed):"
type_text "Drill done: hands off, mains off, reported; čisto."
keys Enter
wait_for "Your judgement:"
keys 1
wait_for "Signed off: ana"
wait_for "✓t"

# The micro-credential is refused while outcomes are missing, naming them.
keys c
wait_for "[1 Issue the micro-credential]"
keys 1
wait_for "Not issued"
wait_for "M1.LO1"
keys Enter

# Filament runs out: the printer's own prompt becomes a dialog.
keys Tab
wait_for "Play a fault"
for _ in $(seq 11); do keys Down; done
keys Enter
wait_for "The printer asks" 15
keys Enter
wait_gone "The printer asks" 15
keys Tab

# A fault on the virtual printer: the thermistor shorts (MAXTEMP).
keys Tab
wait_for "Play a fault"
for _ in 1 2 3 4 5 6 7; do keys Down; done
screen | grep -F "maxtemp" >/dev/null || fail "no maxtemp fault listed"
keys Enter
wait_for "THE PRINTER HAS STOPPED ITSELF"
wait_for "MAXTEMP"
keys Enter
wait_for "● HALTED"
wait_for "Noz 25.0?/0°C"
screen | grep -q "Fault started: maxtemp" || fail "the trainer does not see which fault was played"

# The trainer resets the printer from the panel; it comes back ready.
keys F2
wait_for "r: reset the printer and connect again"
keys r
wait_for "[1 Reset the printer]"
keys 1
# The virtual printer reboots ("start") and the link comes back through
# the host's restart handshake: the strip says the printer is back.
wait_for "connected again"
wait_for "● ready" 20
wait_for "Firmware: Marlin" 10
tui_quit

# Heaters on: quitting asks first.
tui_start 80 24 tui --port virtual --sim-speed 50
wait_for "● ready"
keys F4
type_text T01
keys Enter
type_text 432198
keys Enter
wait_for "Group overview"
keys F3
wait_for "G-code>"
type_text "M104 S180"
keys Enter
wait_for "Noz" && sleep 0.5
keys F10
wait_for "The heaters are on"
keys 2
wait_gone "The heaters are on"

# The emergency stop, from any screen.
keys F12
wait_for "EMERGENCY STOP SENT"
wait_for "● HALTED"
tui_quit
pass tui_trainer
