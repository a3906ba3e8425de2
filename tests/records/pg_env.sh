# Sourced first by the PostgreSQL tests: runs the test script again beside a
# throwaway PostgreSQL server of its own (one per script, on a free port,
# removed at the end), then loads the usual harness. Inside, $PGURI names an
# empty database "layerlab" whose password comes from a pgpass file, as at a
# school; pg_stop and pg_start stop and start that server.
#
# The server's files are a copy of a template cluster that the first test
# to need it makes once per build tree (initdb, under a lock), and pg_ctl
# runs the server directly: a new cluster for every script through
# postgresql-common's wrappers (pg_virtualenv) took seconds per test, and
# each stop and start seconds more.
if [ -z "${LL_PG_INSIDE:-}" ]; then
	pg_fail() { echo "FAIL: $*" >&2; exit 1; }
	# The newest server installed, as pg_virtualenv would take.
	LL_PG_BIN=$(ls -vd /usr/lib/postgresql/*/bin 2>/dev/null | tail -n 1)
	[ -x "$LL_PG_BIN/initdb" ] ||
		pg_fail "PostgreSQL's server is missing (apt-get install postgresql)"
	PGVERSION=$(basename "$(dirname "$LL_PG_BIN")")
	# The server refuses to run as root: then it runs as postgres, as
	# Debian's own clusters do.
	if [ "$(id -u)" = 0 ]; then
		PGUSER=postgres
		as_pg() { (cd / && runuser -u postgres -- "$@"); }
	else
		PGUSER=$(id -un)
		as_pg() { "$@"; }
	fi
	template="${LL_BUILD_DIR:?}/tests/records/pg-template-$PGVERSION-$PGUSER"
	mkdir -p "$(dirname "$template")" || pg_fail "cannot make $(dirname "$template")"
	exec 9>"$template.lock"
	flock 9 || pg_fail "cannot lock $template.lock"
	if [ ! -f "$template/made" ]; then
		work=$(mktemp -d "${TMPDIR:-/tmp}/ll-pg-template.XXXXXX") ||
			pg_fail "no temporary directory"
		[ "$PGUSER" = postgres ] && chown postgres: "$work"
		# A password of its own, as pg_virtualenv makes one.
		head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$work/password"
		if ! as_pg "$LL_PG_BIN/initdb" -D "$work/data" -U "$PGUSER" \
		    --pwfile="$work/password" --auth-host=scram-sha-256 \
		    --auth-local=peer -E UTF8 --locale=C.UTF-8 --no-sync --wal-segsize=1 \
		    >"$work/initdb.log" 2>&1; then
			cat "$work/initdb.log" >&2
			rm -rf "$work"
			pg_fail "initdb failed"
		fi
		touch "$work/made"
		rm -rf "$template"
		cp -a "$work" "$template" && rm -rf "$work" ||
			pg_fail "cannot keep the template cluster in $template"
	fi
	LL_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ll-pg.XXXXXX") || pg_fail "no temporary directory"
	cp -a "$template/data" "$LL_PG_DIR/data" || pg_fail "cannot copy $template"
	PGPASSWORD=$(cat "$template/password")
	exec 9>&-
	[ "$PGUSER" = postgres ] && chown postgres: "$LL_PG_DIR"
	# A port no other server uses: suites of other checkouts may run at
	# the same time on this machine, each with its own servers.
	PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
		pg_fail "no free port"
	# fsync off: a throwaway cluster, as pg_virtualenv makes it.
	printf "port = %s\nlisten_addresses = 'localhost'\nunix_socket_directories = '%s'\nfsync = off\n" \
		"$PGPORT" "$LL_PG_DIR" >>"$LL_PG_DIR/data/postgresql.conf"
	LL_PG_LOG=$LL_PG_DIR/server.log
	pg_teardown() {
		as_pg "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -m immediate -w -s stop \
			>/dev/null 2>&1
		rm -rf "$LL_PG_DIR"
	}
	trap pg_teardown EXIT
	trap 'exit 1' HUP INT TERM
	as_pg "$LL_PG_BIN/pg_ctl" -D "$LL_PG_DIR/data" -l "$LL_PG_LOG" -w -s start ||
		{ cat "$LL_PG_LOG" >&2; pg_fail "the server did not start"; }
	unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGSYSCONFDIR PGPASSFILE
	export PGHOST=localhost PGPORT PGUSER PGPASSWORD PGDATABASE=postgres \
		PGVERSION LL_PG_BIN LL_PG_DIR LL_PG_LOG
	LL_PG_INSIDE=1 bash "$0" "$@"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "*** $LL_PG_LOG (last 50 lines) ***" >&2
		tail -n 50 "$LL_PG_LOG" >&2
	fi
	exit "$rc"
fi
. "$LL_HARNESS/lib.sh"
createdb layerlab || fail "createdb layerlab"
printf '*:*:*:%s:%s\n' "$PGUSER" "$PGPASSWORD" >"$TEST_TMP/pgpass"
chmod 600 "$TEST_TMP/pgpass"
export PGPASSFILE="$TEST_TMP/pgpass"
unset PGPASSWORD
PGURI="postgresql://$PGUSER@$PGHOST:$PGPORT/layerlab"
pg_ctl_as_server() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$LL_PG_BIN/pg_ctl" "$@")
	else
		"$LL_PG_BIN/pg_ctl" "$@"
	fi
}
pg_stop() { pg_ctl_as_server -D "$LL_PG_DIR/data" -m fast -w -s stop || fail "cannot stop the server"; }
pg_start() {
	pg_ctl_as_server -D "$LL_PG_DIR/data" -l "$LL_PG_LOG" -w -s start ||
		fail "cannot start the server"
}
# relay_start: the station reaches the server through a relay that can go
# silent (kill -USR1 "$RELAY"; -USR2 relays again): sets RELAY (its pid)
# and RELAY_URI (the server through it).
relay_start() {
	python3 "$LL_SOURCE_DIR/tests/records/blackhole_proxy.py" "$TEST_TMP/proxy.port" "$PGPORT" &
	RELAY=$!
	LL_PIDS+=("$RELAY")
	poll test -s "$TEST_TMP/proxy.port" || fail "the relay did not start"
	RELAY_URI="postgresql://$PGUSER@$PGHOST:$(cat "$TEST_TMP/proxy.port")/layerlab"
}
