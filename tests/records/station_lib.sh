# Shared by the tests that drive rec_tool's station, sourced after the
# harness. station_start KIND TARGET BOX: rec_tool KIND (station or
# station-background) on TARGET with the outbox BOX, as the coprocess
# STATION (its pid in spid). say COMMAND: sends one command and reads its
# one-line answer into REPLY. field NAME: the value of NAME=... in REPLY.
station_start() {
	coproc STATION { "$REC_TOOL" "$1" "$2" "$3" 2>&1; }
	spid=$STATION_PID
	LL_PIDS+=("$spid")
}
say() {
	echo "$1" >&"${STATION[1]}"
	read -r REPLY <&"${STATION[0]}" || fail "the station died after '$1'"
}
field() { printf '%s\n' "$REPLY" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
