# PINs typed at a terminal are not echoed.
. "$LL_HARNESS/lib.sh"
command -v tmux >/dev/null || { echo "skipped: tmux is not installed"; exit 0; }
SOCK=""
SOCKS=()
DB="$TEST_TMP/records.db"
pin_cleanup() {
	local s
	for s in "${SOCKS[@]}"; do tmux -L "$s" kill-server 2>/dev/null; done
	cleanup
}
trap pin_cleanup EXIT

screen() { tmux -L "$SOCK" capture-pane -p -t pin 2>/dev/null; }
wait_for() {
	poll on_screen "$1" && return 0
	screen >&2
	fail "'$1' did not appear"
}
start() {
	# A fresh server for each start: a server whose last session was killed
	# exits on its own, and a client that reaches it meanwhile fails with
	# "server exited unexpectedly".
	SOCK="ll-pin-$$-$RANDOM-${#SOCKS[@]}"
	SOCKS+=("$SOCK")
	tmux -L "$SOCK" -f /dev/null new-session -d -s pin -x 100 -y 20 \
		"env LC_ALL=C.UTF-8 ASAN_OPTIONS='${ASAN_OPTIONS:-}' '$LAYERLAB' --db '$DB' $*; echo \"exit=\$?\"; sleep 60"
}

start trainer add mk --name "'Marija Kovač'"
wait_for "New PIN (6 or more digits, or a passphrase):"
tmux -L "$SOCK" send-keys -t pin -l "482193"
tmux -L "$SOCK" send-keys -t pin Enter
wait_for "The same PIN again:"
tmux -L "$SOCK" send-keys -t pin -l "482193"
tmux -L "$SOCK" send-keys -t pin Enter
wait_for "exit="
s=$(screen)
contains "$s" "added trainer mk"
contains "$s" "exit=0"
lacks "$s" "482193"
tmux -L "$SOCK" kill-session -t pin
pass "trainer add reads the PIN twice without echo"

start trainer passwd mk
wait_for "Current PIN:"
tmux -L "$SOCK" send-keys -t pin -l "999999"
tmux -L "$SOCK" send-keys -t pin Enter
wait_for "exit="
s=$(screen)
contains "$s" "wrong PIN (4 tries left)"
contains "$s" "exit=1"
lacks "$s" "999999"
pass "trainer passwd reads the current PIN without echo"
