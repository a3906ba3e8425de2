#!/usr/bin/env python3
"""The emergency stop in the plain line mode: "stop" and Enter, or Ctrl-C,
typed on the station's terminal to M112 on the wire.

    scripts/bench/plain_stop.py [BUILD_DIR] [SAMPLES] [STATES...]

States: idle (signed in, the lesson list read out), heating (a lesson
heating the nozzle to 200 °C and the bed to 60 °C, its wait news coming).
Each state is measured for both ways to stop: the line "stop" and Ctrl-C
(SIGINT from the terminal).

The printer is `layerlab sim` in its own process; between it and the
station sits a relay on a pseudo-terminal of this script's own, which
notes the time when the bytes "M112" pass. The keys are written to the
station's own terminal (TERM=dumb, so the plain mode starts by itself) at
t0; latency = the time M112 reached the relay - t0. A fresh station and
printer per sample (after M112 a printer needs a reset). Target: 50 ms.
"""
import os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stoplib import Printer, Terminal, pct, workspace, write_module

build = sys.argv[1] if len(sys.argv) > 1 else "build"
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10
states = sys.argv[3:] or ["idle", "heating"]
ll, tmp, env = workspace(build, "plain", "dumb")
mods = os.path.join(tmp, "mods")
write_module(os.path.join(mods, "BENCH"),
             {"heat": "printer.heat { nozzle = 200, bed = 60, wait = true, timeout = 3600 }"},
             ["heat"])
db = tmp + "/db"
subprocess.run([ll, "--db", db, "learner", "add", "bench", "--name", "Bench"],
               env=env, check=True, stdout=subprocess.DEVNULL)


def sample(state, how):
    p = Printer(ll, env, 1)
    s = Terminal([ll, "--db", db, "--modules", mods, "tui", "--port", p.port,
                  "--profile", "creality-ender3-v2"], env)
    try:
        s.wait_for("Printer: ready.")
        s.wait_for("1. Bench")
        s.line("1")
        s.wait_for("1. Benchmark")
        s.line("1")
        s.wait_for("1. heat")
        if state == "heating":
            s.line("1")
            s.wait_for("Heating")
        time.sleep(0.3)
        t0 = time.monotonic()
        s.key(b"stop\r" if how == "stop" else b"\x03")
        return p.wait_m112(t0)
    finally:
        s.close()
        p.close()


print("| State | Way | p50 (ms) | p99 (ms) | max (ms) | target 50 ms |")
print("|---|---|---|---|---|---|")
for state in states:
    for how in ("stop", "ctrl-c"):
        v = [sample(state, how) for _ in range(samples)]
        print("| %s | %s | %.2f | %.2f | %.2f | %s |" % (
            state, "stop + Enter" if how == "stop" else "Ctrl-C", pct(v, 50),
            pct(v, 99), max(v), "met" if pct(v, 99) <= 50 else "**missed**"),
            flush=True)
