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
import os, pty, select, signal, subprocess, sys, tempfile, threading, time, tty

build = sys.argv[1] if len(sys.argv) > 1 else "build"
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10
states = sys.argv[3:] or ["idle", "heating"]
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ll = os.path.join(os.path.abspath(build), "src", "cli", "layerlab")
tmp = tempfile.mkdtemp(prefix="ll-bench-plain.")
env = dict(os.environ, LC_ALL="C.UTF-8", TERM="dumb",
           XDG_DATA_HOME=tmp + "/data", XDG_CONFIG_HOME=tmp + "/config",
           LAYERLAB_DATA_DIR=tmp + "/empty")
os.makedirs(tmp + "/empty/modules")
os.symlink(os.path.join(root, "printers"), tmp + "/empty/printers")

mods = os.path.join(tmp, "mods")
os.makedirs(os.path.join(mods, "BENCH"))
open(os.path.join(mods, "BENCH", "heat.lua"), "w").write(
    'return lesson {\n  id = "heat", title = { en = "heat" }, outcomes = { "BENCH.P" },\n'
    '  needs = { printer = true },\n  run = function()\n'
    '    printer.heat { nozzle = 200, bed = 60, wait = true, timeout = 3600 }\n'
    '  end,\n}\n')
open(os.path.join(mods, "BENCH", "module.lua"), "w").write("""return {
  id = "BENCH", version = "1", languages = { "en" },
  title = { en = "Benchmark" }, summary = { en = "The emergency stop." },
  eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = { { id = "BENCH.P", kind = "skill", assessed_by = "printer",
    text = { en = "Stops." }, pass = { en = "Done." } } },
  lessons = { "heat" },
}
""")
db = tmp + "/db"
subprocess.run([ll, "--db", db, "learner", "add", "bench", "--name", "Bench"],
               env=env, check=True, stdout=subprocess.DEVNULL)


class Printer:
    """layerlab sim, reached through a relay that times M112."""

    def __init__(self):
        self.sim = subprocess.Popen([ll, "sim", "--sim-speed", "1"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        port = self.sim.stdout.readline().decode().strip()
        self.sim_fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.sim_fd)
        self.host_fd, self.slave = pty.openpty()
        tty.setraw(self.slave)
        self.port = os.ttyname(self.slave)
        self.m112 = None
        self.done = False
        threading.Thread(target=self.relay, daemon=True).start()

    def relay(self):
        seen = b""
        while not self.done:
            try:
                r, _, _ = select.select([self.host_fd, self.sim_fd], [], [], 0.1)
            except (OSError, ValueError):
                return
            for fd in r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    data = b""
                now = time.monotonic()
                other = self.sim_fd if fd == self.host_fd else self.host_fd
                if fd == self.host_fd:
                    seen = (seen + data)[-64:]
                    if self.m112 is None and b"M112" in seen:
                        self.m112 = now
                try:
                    os.write(other, data)
                except OSError:
                    pass

    def close(self):
        self.done = True
        time.sleep(0.15)
        self.sim.terminate()
        self.sim.wait()
        for fd in (self.sim_fd, self.host_fd, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


class Station:
    """The plain mode on a terminal of this script's own."""

    def __init__(self, port):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(ll, [ll, "--db", db, "--modules", mods, "tui", "--port",
                           port, "--profile", "creality-ender3-v2"], env)
        self.out = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.out.extend(data)

    def wait_for(self, text, limit=60):
        end = time.time() + limit
        while time.time() < end:
            with self.lock:
                if text.encode() in self.out:
                    return
            time.sleep(0.01)
        with self.lock:
            tail = bytes(self.out[-2000:]).decode(errors="replace")
        raise RuntimeError("'%s' did not appear:\n%s" % (text, tail))

    def line(self, text):
        os.write(self.fd, text.encode() + b"\r")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def sample(state, how):
    p = Printer()
    s = Station(p.port)
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
        os.write(s.fd, b"stop\r" if how == "stop" else b"\x03")
        end = t0 + 5
        while p.m112 is None and time.monotonic() < end:
            time.sleep(0.001)
        if p.m112 is None:
            raise RuntimeError("no M112 within 5 s (%s, %s)" % (state, how))
        return (p.m112 - t0) * 1000
    finally:
        s.close()
        p.close()


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


print("| State | Way | p50 (ms) | p99 (ms) | max (ms) | target 50 ms |")
print("|---|---|---|---|---|---|")
for state in states:
    for how in ("stop", "ctrl-c"):
        v = [sample(state, how) for _ in range(samples)]
        print("| %s | %s | %.2f | %.2f | %.2f | %s |" % (
            state, "stop + Enter" if how == "stop" else "Ctrl-C", pct(v, 0.5),
            pct(v, 0.99), max(v), "met" if pct(v, 0.99) <= 50 else "**missed**"),
            flush=True)
