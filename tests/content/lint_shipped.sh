# Everything shipped (modules, lessons, credentials, printer profiles) is
# lint-clean, even with --strict; only the unverified-value notes remain.
. "$LL_HARNESS/lib.sh"
cd "$LL_SOURCE_DIR" || fail "no source dir"

expect_rc 0 "$LAYERLAB" lint --strict
lacks "$OUT" "error:"
lacks "$OUT" "warning:"
lacks "$OUT" "printers/prusa-mk3s.lua"
contains "$OUT" "printers/creality-ender3-v2.lua:33: note: unverified (not confirmed by the maker's documentation; measure before relying on them): reset_on_open, vendor_max"
# Every value of every real printer is sourced or listed as unverified.
n=$(ls printers/*.lua | grep -vc 'virtual\|generic-marlin')
[ "$n" -ge 10 ] || fail "only $n real printer profiles"
contains "$OUT" "printers/generic-marlin.lua:38: note: unverified"
[ -z "$ERR" ] || fail "stderr not empty: $ERR"
pass "lint --strict on everything installed"

for path in modules/M1 modules/M1/hazards.lua modules/M1/module.lua \
    modules/credentials/fdm-workshop-safety.lua printers printers/virtual.lua; do
	expect_rc 0 "$LAYERLAB" lint --strict "$path"
	lacks "$OUT" "error:"
done
pass "lint on each kind of path"

expect_rc 2 "$LAYERLAB" lint no/such/path
contains "$ERR" "layerlab: lint: no/such/path: No such file or directory"
expect_rc 2 "$LAYERLAB" lint CMakeLists.txt
contains "$ERR" "not a module, lesson, credential definition"
expect_rc 2 "$LAYERLAB" lint --bogus
contains "$ERR" "usage: layerlab lint"
expect_rc 0 "$LAYERLAB" help lint
contains "$OUT" "file:line: error|warning|note: message"
pass "usage errors and help"
