# The packages scripts/run and scripts/test install on a fresh Debian 12
# machine cover everything the Debian package builds with: a library the
# build needs but setup does not install only fails on a machine that never
# had it (as libcurl's headers once did), never on a developer's.
. "$LL_HARNESS/lib.sh"

SETUP="$LL_SOURCE_DIR/scripts/lib/setup.sh"
CONTROL="$LL_SOURCE_DIR/debian/control"
[ -f "$SETUP" ] && [ -f "$CONTROL" ] || fail "missing $SETUP or $CONTROL"
# shellcheck disable=SC1090
PKGS=" $(bash -c ". '$SETUP' >/dev/null; echo \$LL_PACKAGES" | tr -s ' \n' '  ') "
[ "$(echo "$PKGS" | wc -w)" -ge 10 ] || fail "LL_PACKAGES not read from $SETUP: $PKGS"
DEPS=$(awk '/^Build-Depends:/ { f = 1; sub(/^Build-Depends:/, "") }
	f && /^[A-Za-z-]+:/ && !/^Build-Depends:/ { f = 0 }
	f { print }' "$CONTROL" | tr ',' '\n' | sed 's/([^)]*)//; s/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$')
[ "$(echo "$DEPS" | wc -l)" -ge 10 ] || fail "Build-Depends not read from $CONTROL: $DEPS"
missing=""
for d in $DEPS; do
	case $d in debhelper-compat) d=debhelper ;; esac
	case $PKGS in *" $d "*) ;; *) missing="$missing $d" ;; esac
done
[ -z "$missing" ] || fail "debian/control builds with packages scripts/lib/setup.sh does not install:$missing"
pass "setup installs every Build-Depends"
