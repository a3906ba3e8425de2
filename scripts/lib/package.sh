# Sourced by scripts/test: builds the Debian package from a copy of the
# tree with dpkg-buildpackage, checks it with lintian (no errors allowed),
# installs it (as root; otherwise unpacks it) and runs the installed program
# against the virtual printer, then removes it again.

ll_package_test() {
	local work src deb root bin rc=0 errors
	work=$(mktemp -d "${TMPDIR:-/tmp}/layerlab-deb.XXXXXX")
	src="$work/layerlab"
	mkdir "$src"
	# The tree as a clone has it: no build directories, no git metadata.
	tar -C "$LL_ROOT" --exclude=./.git --exclude='./build*' -cf - . |
		tar -C "$src" -xf -
	echo "-- dpkg-buildpackage -us -uc"
	(cd "$src" && dpkg-buildpackage -us -uc >"$work/build.log" 2>&1) || {
		tail -n 40 "$work/build.log"; rm -rf "$work"; return 1; }
	deb=$(ls "$work"/layerlab_*.deb)
	echo "-- lintian $(basename "$deb")"
	lintian --fail-on error "$work"/layerlab_*.changes >"$work/lintian.log" 2>&1 || rc=$?
	errors=$(grep -c '^E: ' "$work/lintian.log" || true)
	grep -E '^(E|W): ' "$work/lintian.log" || true
	if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ]; then
		echo "lintian reported $errors error(s)"; rm -rf "$work"; return 1
	fi

	if [ "$(id -u)" -eq 0 ]; then
		dpkg -i "$deb" >/dev/null
		root=""
	else
		root="$work/root"
		dpkg-deb -x "$deb" "$root"
		export XDG_DATA_DIRS="$root/usr/share"
	fi
	bin="$root/usr/bin/layerlab"
	echo "-- the installed program"
	ll_package_run "$work" "$root" "$bin" || rc=1
	if [ -z "$root" ]; then
		dpkg -r layerlab >/dev/null
	fi
	rm -rf "$work"
	return "$rc"
}

# ll_package_run WORK ROOT BIN: the installed layerlab, with a fresh home.
ll_package_run() (
	set -e
	local work=$1 root=$2 bin=$3
	export XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
	test -f "$root/usr/share/man/man1/layerlab.1.gz"
	test -f "$root/usr/share/bash-completion/completions/layerlab"
	test -f "$root/usr/share/layerlab/printers/virtual.lua"
	"$bin" --version
	"$bin" send --port virtual --sim-speed 0 "M104 S200" "M109 S200" M105 |
		grep -q "T:200.00 /200.00"
	printf 'G28\nM104 S200\nM109 S200\nG1 Z5 F600\nG1 X50 Y50 F3000\nM104 S0\n' \
		>"$work/part.gcode"
	"$bin" print --port virtual --sim-speed 0 "$work/part.gcode" >/dev/null
	"$bin" lesson run M1/hazards --sim-speed 0 \
		--answers "$LL_ROOT/tests/lessons/M1/hazards.pass" >/dev/null 2>&1
	"$bin" --lang en modules | grep -q "$root/usr/share/layerlab/modules/M1"
	echo "ok: send, print and a lesson on the virtual printer"
)
