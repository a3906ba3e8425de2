# Sourced first by the PostgreSQL tests: runs the test script again inside a
# throwaway cluster (Debian's pg_virtualenv; one per script, removed at the
# end), then loads the usual harness. Inside, $PGURI names an empty database
# "layerlab" whose password comes from a pgpass file, as at a school.
if [ -z "${LL_PG_INSIDE:-}" ]; then
	command -v pg_virtualenv >/dev/null ||
		{ echo "FAIL: pg_virtualenv is missing (apt-get install postgresql)" >&2; exit 1; }
	# A port no other cluster uses: suites of other checkouts may run at
	# the same time on this machine, each with its own clusters.
	PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
		{ echo "FAIL: no free port" >&2; exit 1; }
	export PGPORT
	# -t: the cluster lives in a temporary directory, also when run as root.
	LL_PG_INSIDE=1 exec pg_virtualenv -t bash "$0" "$@"
fi
. "$LL_HARNESS/lib.sh"
createdb layerlab || fail "createdb layerlab"
printf '*:*:*:%s:%s\n' "$PGUSER" "$PGPASSWORD" >"$TEST_TMP/pgpass"
chmod 600 "$TEST_TMP/pgpass"
export PGPASSFILE="$TEST_TMP/pgpass"
unset PGPASSWORD
PGURI="postgresql://$PGUSER@$PGHOST:$PGPORT/layerlab"
# The cluster pg_virtualenv made: pg_ctlcluster stops and starts it.
PG_CLUSTER_VERSION=$PGVERSION
pg_stop() { pg_ctlcluster "$PG_CLUSTER_VERSION" regress stop -m fast || fail "cannot stop the server"; }
pg_start() { pg_ctlcluster "$PG_CLUSTER_VERSION" regress start || fail "cannot start the server"; }
