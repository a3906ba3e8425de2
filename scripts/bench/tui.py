#!/usr/bin/env python3
"""The training screen's responsiveness.

Measures the time from a keypress to the updated screen while a G-code file
streams at full speed (windowed mode, the in-process virtual printer at
--sim-speed 0), and the CPU the screen uses while idle.

    scripts/bench/tui.py [BUILD_DIR] [KEYS]

layerlab runs on a pseudo-terminal of this script's own, as under a real
terminal emulator: a keypress is the key's bytes written to the terminal at
t0; the screen records the wall-clock time when the update it caused was
written out (LAYERLAB_TUI_TRACE). Latency = that time - t0.
"""
import gzip, os, pty, select, shutil, subprocess, sys, tempfile, threading, time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
nkeys = int(sys.argv[2]) if len(sys.argv) > 2 else 300
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ll = os.path.join(os.path.abspath(build), "src", "cli", "layerlab")
tmp = tempfile.mkdtemp(prefix="ll-bench-tui.")
env = dict(os.environ, LC_ALL="C.UTF-8", TERM="xterm-256color",
           XDG_DATA_HOME=tmp + "/data", XDG_CONFIG_HOME=tmp + "/config",
           LAYERLAB_TUI_TRACE=tmp + "/trace", COLUMNS="100", LINES="30")

mods = os.path.join(tmp, "mods", "BENCH")
os.makedirs(mods)
shared = os.path.join(root, "..", "shared", "gcode", "vase_ender3_0.10mm.gcode.gz")
if os.path.exists(shared):
    one = gzip.open(shared, "rb").read()
else:
    # Cura left its end code's {machine_depth} unfilled (refused before printing).
    one = open(os.path.join(root, "tests/data/sphere_ender3_cura_0.20mm.gcode"), "rb").read().replace(b"{machine_depth}", b"220")
with open(os.path.join(mods, "big.gcode"), "wb") as f:
    f.write(one + one)   # twice over, so the stream outlasts the keys
commands = sum(1 for l in (one + one).split(b"\n") if l.split(b";")[0].strip())
open(os.path.join(mods, "module.lua"), "w").write("""return {
  id = "BENCH", version = "1", languages = { "en" },
  title = { en = "Benchmark" }, summary = { en = "Streams a file." },
  eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = { { id = "BENCH.P", kind = "skill", assessed_by = "printer",
    text = { en = "Streams." }, pass = { en = "Done." } } },
  lessons = { "stream" },
}
""")
open(os.path.join(mods, "stream.lua"), "w").write("""return lesson {
  id = "stream", title = { en = "Stream" }, outcomes = { "BENCH.P" },
  needs = { printer = true },
  run = function()
    printer.print_file("big.gcode", { timeout = 3600 })
    check { outcome = "BENCH.P", by = "printer", passed = true }
  end,
}
""")
db = tmp + "/db"
subprocess.run([ll, "--db", db, "learner", "add", "bench", "--name", "Bench"],
               env=env, check=True, stdout=subprocess.DEVNULL)

pid, fd = pty.fork()
if pid == 0:
    os.execve(ll, [ll, "--db", db, "--modules", os.path.dirname(mods), "tui",
                   "--port", "virtual", "--sim-speed", "0"], env)
# 100x30, like the tests.
import fcntl, struct, termios
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))

out = bytearray()
lock = threading.Lock()
def reader():
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        with lock:
            out.extend(data)
threading.Thread(target=reader, daemon=True).start()

def wait_for(text, limit=30):
    end = time.time() + limit
    while time.time() < end:
        with lock:
            if text.encode() in out:
                return
        time.sleep(0.05)
    sys.exit("bench: '%s' did not appear" % text)

def ticks():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])
hz = os.sysconf("SC_CLK_TCK")

wait_for("ready")
os.write(fd, b"\r")
wait_for("Modules")
time.sleep(2)
idle_s = 30
t0 = ticks(); time.sleep(idle_s); t1 = ticks()
idle_cpu = (t1 - t0) * 100.0 / hz / idle_s

with lock:
    out.clear()
os.write(fd, b"\x1bOB")     # Down (keypad mode): the benchmark module
time.sleep(0.3)
os.write(fd, b"\r")
time.sleep(0.3)
os.write(fd, b"\r")
wait_for("Printing")
time.sleep(1)

open(tmp + "/trace", "w").close()
F2 = b"\x1bOQ"
sent = []
c0, s0 = ticks(), time.time()
for i in range(nkeys):
    t = time.time()
    os.write(fd, F2)
    sent.append(t)
    deadline = t + 2
    while time.time() < deadline:
        with open(tmp + "/trace") as f:
            if sum(1 for _ in f) > i:
                break
        time.sleep(0.001)
    time.sleep(0.01 + (i % 7) * 0.003)   # not in step with the 2 Hz updates
c1, s1 = ticks(), time.time()
with lock:
    still = b"Printing" in out[-20000:]
stream_cpu = (c1 - c0) * 100.0 / hz / (s1 - s0)
done = [int(l.split()[1]) / 1e6 for l in open(tmp + "/trace")]
lat = sorted((d - s) * 1000 for s, d in zip(sent, done))
os.write(fd, b"\x18")       # Ctrl-X: emergency stop ends the stream
time.sleep(0.5)
os.kill(pid, 15)
os.waitpid(pid, 0)
shutil.rmtree(tmp)

def pct(p):
    return lat[min(len(lat) - 1, int(round(p / 100.0 * len(lat) + 0.5)) - 1)]
print("training screen, %d cores, %s" % (os.cpu_count(), time.strftime("%Y-%m-%d", time.gmtime())))
print("file streamed: %d command lines (windowed, virtual printer at --sim-speed 0)%s"
      % (commands, "" if still else " - the stream ended before the last key"))
print("keypress to screen over %d keys: p50 %.2f ms  p99 %.2f ms  max %.2f ms"
      % (len(lat), pct(50), pct(99), lat[-1]))
print("CPU while streaming and redrawing: %.1f%% of one core (screen, link and virtual printer, one process)" % stream_cpu)
print("CPU while idle (%d s, printer connected, temperature reports): %.2f%% of one core" % (idle_s, idle_cpu))
