# cmake --install puts the program and its data under a prefix; the
# installed binary holds no build path and finds its data through
# XDG_DATA_DIRS, a school's own printers and modules through XDG_DATA_HOME.
. "$LL_HARNESS/lib.sh"

PREFIX="$TEST_TMP/prefix"
cmake --install "$LL_BUILD_DIR" --prefix "$PREFIX" >"$TEST_TMP/install.log" ||
	fail "cmake --install: $(cat "$TEST_TMP/install.log")"
BIN="$PREFIX/bin/layerlab"
for f in bin/layerlab share/man/man1/layerlab.1 \
	share/bash-completion/completions/layerlab \
	share/layerlab/modules/M1/module.lua \
	share/layerlab/modules/credentials/fdm-workshop-safety.lua \
	share/layerlab/printers/virtual.lua; do
	[ -f "$PREFIX/$f" ] || fail "not installed: $f"
done
[ ! -e "$PREFIX/bin/layerlab-source-dir" ] || fail "the build-tree marker was installed"
pass "installed files"

# The manual page is the program's own help: every command's summary and
# usage line are in it, and troff reads it without a warning.
MAN="$PREFIX/share/man/man1/layerlab.1"
if command -v groff >/dev/null; then
	WARN=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
	[ -z "$WARN" ] || fail "troff warnings: $WARN"
	PAGE=$(MANWIDTH=200 man -l "$MAN" 2>/dev/null)
	for cmd in $("$BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
		[ "$cmd" = help ] && continue
		contains "$PAGE" "$("$BIN" help "$cmd" | sed -n 3p)"
		contains "$PAGE" "$("$BIN" help "$cmd" | head -n1 | sed 's/^usage: //')"
	done
fi
pass "manual page"

# The completion offers commands, subcommands, options and languages.
complete_words() {
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_layerlab
	echo " ${COMPREPLY[*]} "
}
. "$PREFIX/share/bash-completion/completions/layerlab"
contains "$(complete_words layerlab se)" " send "
contains "$(complete_words layerlab learner "")" " add list show rename "
contains "$(complete_words layerlab send --sim)" " --sim-speed "
contains "$(complete_words layerlab --lang s)" " sl sr-Cyrl sr-Latn "
contains "$(complete_words layerlab print --port v)" " virtual "
contains "$(complete_words layerlab credential verify --qu)" " --quiet "
pass "bash completion"

# Nothing in the program (debug information aside) names the source or
# build tree.
# (A sanitizer build keeps source file names for its reports: not there.)
objcopy --strip-debug "$BIN" "$TEST_TMP/stripped"
if ! grep -qa __asan_init "$TEST_TMP/stripped"; then
	for tree in "$LL_SOURCE_DIR" "$LL_BUILD_DIR"; do
		! grep -qaF "$tree" "$TEST_TMP/stripped" ||
			fail "the binary names $tree"
	done
	pass "no build path in the binary"
fi

# The installed program finds the shipped modules and printers through
# XDG_DATA_DIRS (relative entries are ignored) and drives the virtual
# printer.
export XDG_DATA_DIRS="relative/share:$TEST_TMP/nothing:$PREFIX/share"
expect_rc 0 "$BIN" --lang en modules
contains "$OUT" "$PREFIX/share/layerlab/modules/M1"
expect_rc 0 "$BIN" send --port virtual --sim-speed 0 "M104 S200" "M109 S200" M105
contains "$OUT" "T:200.00 /200.00"
pass "data through XDG_DATA_DIRS"

# A school's printer profiles and modules in $XDG_DATA_HOME/layerlab add to
# the shipped ones; a profile of the same id there is the one used.
mkdir -p "$XDG_DATA_HOME/layerlab/printers" "$XDG_DATA_HOME/layerlab/modules"
sed 's/max_nozzle = 260/max_nozzle = 210/' "$PREFIX/share/layerlab/printers/virtual.lua" \
	>"$XDG_DATA_HOME/layerlab/printers/school-virtual.lua"
expect_rc 0 "$BIN" send --port virtual --profile school-virtual --sim-speed 0 M105
expect_rc 1 "$BIN" send --port virtual --profile school-virtual --sim-speed 0 "M104 S230"
contains "$ERR" "210"
expect_rc 0 "$BIN" send --port virtual --profile prusa-mk3s --sim-speed 0 M105
cp "$XDG_DATA_HOME/layerlab/printers/school-virtual.lua" \
	"$XDG_DATA_HOME/layerlab/printers/virtual.lua"
expect_rc 1 "$BIN" send --port virtual --sim-speed 0 "M104 S230"
contains "$ERR" "210"
cp -r "$PREFIX/share/layerlab/modules/M1" "$XDG_DATA_HOME/layerlab/modules/S1"
sed -i 's/"M1"/"S1"/' "$XDG_DATA_HOME/layerlab/modules/S1/module.lua"
expect_rc 0 "$BIN" --lang en modules
contains "$OUT" "$PREFIX/share/layerlab/modules/M1"
contains "$OUT" "$XDG_DATA_HOME/layerlab/modules/S1"
pass "the school's own printers and modules add to the shipped ones"

# The printers key adds a directory too (before the shipped one).
mkdir -p "$TEST_TMP/site-printers"
cp "$XDG_DATA_HOME/layerlab/printers/school-virtual.lua" "$TEST_TMP/site-printers/site.lua"
printf 'printers = %s\n' "$TEST_TMP/site-printers" >"$TEST_TMP/site.conf"
expect_rc 0 "$BIN" --config "$TEST_TMP/site.conf" send --port virtual --profile site --sim-speed 0 M105
expect_rc 0 "$BIN" --config "$TEST_TMP/site.conf" send --port virtual --profile prusa-mk3s --sim-speed 0 M105
pass "the printers key adds to the shipped profiles"

# Without any data the program says where it looked.
export XDG_DATA_DIRS="$TEST_TMP/nothing"
rm -rf "$XDG_DATA_HOME/layerlab"
expect_rc 1 "$BIN" send --port virtual M105
contains "$ERR" "no printer profile 'virtual'"
pass "no data found"
