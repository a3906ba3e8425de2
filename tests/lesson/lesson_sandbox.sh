#!/bin/bash
# The sandbox: every escape attempt fails; endless loops and memory bombs
# end the lesson with an error naming the lesson's file and line, quickly.
. "$LL_HARNESS/lib.sh"
. "$(dirname "$0")/lib_lesson.sh"

none=$(answers '# no questions')

expect_rc 0 lesson T1/escape --answers "$none" --sim-speed 0
lacks "$OUT" "ESCAPED"
lacks "$OUT" "reachable:"
for want in "global io" "global debug" "global package" "global require" "global dofile" \
    "global loadfile" "global coroutine" "os.execute" "os.exit" "os.getenv" "string.dump" \
    "string method dump" "math.randomseed" 'getmetatable("") is hidden' \
    "string metatable __index" "setmetatable on the string metatable" "__gc finalizer" \
    "printer functions cannot be replaced" "printer metatable is hidden" \
    "string methods survive a vandalised string table" \
    "rawset on _G only changes the lesson's own globals" "load of a binary chunk" \
    "load with mode b" "load with mode bt" "load of a binary chunk from a reader" \
    "load runs in the lesson's environment" "loaded chunk's _ENV is the lesson's" \
    "a chunk with its own empty environment sees nothing" "_ENV tricks reach no io" \
    'collectgarbage("stop")' 'collectgarbage("setpause")' 'collectgarbage("generational")' \
    'collectgarbage("count") works' "no coroutine library" \
    "waiting inside a sort comparator fails cleanly" \
    "waiting inside a metamethod called from C fails cleanly" \
    "waiting inside gsub fails cleanly" "nothing privileged is reachable from _G"; do
	contains "$OUT" "blocked: $want"
done
contains "$OUT" "all escapes blocked"
pass "$(echo "$OUT" | grep -c '^blocked:') escape attempts blocked"

# Endless loops: plain, re-caught by pcall, inside a C function (sort)
# that cannot be paused. Each must end within seconds, naming file:line.
for l in runaway:7 runaway_pcall:6 runaway_sort:8; do
	name=${l%%:*} line=${l##*:}
	start=$(date +%s%N)
	expect_rc 1 timeout 30 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run "T1/$name" \
	    --answers "$none" --sim-speed 0
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	contains "$OUT" "=== error at step 1 ==="
	contains "$OUT" "T1/$name.lua:$line: the lesson used too many instructions without waiting"
	contains "$OUT" "traceback (lesson frames):"
	contains "$ERR" "T1/$name: error: T1/$name.lua:$line:"
	[ "$(attempt_field "$name" status)" = error ] || fail "$name: attempt not marked error"
	pass "$name stopped after $ms ms"
done

# Pattern matching is counted step by step: a call that would backtrack for
# hours fails after half a million steps (a few ms), whatever the text's length,
# and calls that keep spending the budget end the run like any loop.
start=$(date +%s%N)
expect_rc 1 timeout 30 "$LAYERLAB" --db "$DB" --modules "$MODS" lesson run T1/runaway_pattern \
    --answers "$none" --sim-speed 0
ms=$(( ($(date +%s%N) - start) / 1000000 ))
contains "$OUT" "a simple pattern on a long text works: true"
contains "$OUT" "plain find works: true"
contains "$OUT" "string.find refused: true (string.find: the pattern takes more than 500000 steps on this text (too much backtracking))"
contains "$OUT" "short text refused: true (string.find: the pattern takes more than 500000 steps"
contains "$OUT" "match cannot pass as plain: true"
contains "$OUT" "gsub on a short text works: 100"
contains "$OUT" "gmatch refused: true"
contains "$OUT" "gsub refused: true"
contains "$OUT" "T1/runaway_pattern.lua:24: the lesson used too many instructions without waiting"
lacks "$OUT" "[prelude]"
lacks "$OUT" "never shown"
pass "backtracking patterns stopped by their work ($ms ms)"

# Library functions that loop in C without Lua instructions.
expect_rc 0 lesson T1/runaway_c --answers "$none" --sim-speed 0
contains "$OUT" "table.insert with a lying __len: table.insert: the table is too long"
contains "$OUT" "table.remove with a lying __len: table.remove: the table is too long"
contains "$OUT" "table.move of a huge range: table.move: too many elements"
contains "$OUT" "string.rep of nothing: [][]"
contains "$OUT" "ordinary calls work: 0,0,1,2,3 3 ab-ab"
pass "C loops the budget cannot see are refused"

# Memory: a 1 GB string.rep fails cleanly (pcall sees it), then uncaught it
# ends the lesson; a table that grows forever hits the 64 MB cap.
expect_rc 1 lesson T1/membomb --answers "$none" --sim-speed 0
contains "$OUT" "string.rep of 1 GB failed cleanly: true (not enough memory)"
contains "$OUT" "T1/membomb.lua:7: not enough memory"
lacks "$OUT" "never shown"
expect_rc 1 lesson T1/membomb_table --answers "$none" --sim-speed 0
contains "$OUT" "T1/membomb_table.lua:9: not enough memory"
[ "$(attempt_field membomb_table status)" = error ] || fail "memory bomb attempt not marked error"
pass "memory bombs fail cleanly"
