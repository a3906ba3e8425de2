"""What the emergency-stop benchmarks (estop.py, plain_stop.py) share: a
throwaway data directory with a benchmark module, the printer (`layerlab sim`
in its own process) behind a relay on a pseudo-terminal that notes the time
the bytes "M112" pass, and a program on a terminal of the script's own."""
import fcntl, os, pty, re, select, signal, struct, subprocess, tempfile, termios
import threading, time, tty

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def workspace(build, tag, term, **extra):
    """(layerlab, tmp, env): layerlab of BUILD on a data directory of its own,
    with the shipped printer profiles and no shipped modules."""
    ll = os.path.join(os.path.abspath(build), "src", "cli", "layerlab")
    tmp = tempfile.mkdtemp(prefix="ll-bench-%s." % tag)
    env = dict(os.environ, LC_ALL="C.UTF-8", TERM=term,
               XDG_DATA_HOME=tmp + "/data", XDG_CONFIG_HOME=tmp + "/config",
               LAYERLAB_DATA_DIR=tmp + "/empty", **extra)
    os.makedirs(tmp + "/empty/modules")
    os.symlink(os.path.join(ROOT, "printers"), tmp + "/empty/printers")
    return ll, tmp, env


def write_module(mod, lessons, order):
    """Module BENCH in directory mod: one printer lesson per (name, body)."""
    os.makedirs(mod, exist_ok=True)
    for name, body in lessons.items():
        with open(os.path.join(mod, name + ".lua"), "w") as f:
            f.write('return lesson {\n  id = "%s", title = { en = "%s" }, outcomes = { "BENCH.P" },\n'
                    '  needs = { printer = true },\n  run = function()\n    %s\n  end,\n}\n'
                    % (name, name, body))
    with open(os.path.join(mod, "module.lua"), "w") as f:
        f.write("""return {
  id = "BENCH", version = "1", languages = { "en" },
  title = { en = "Benchmark" }, summary = { en = "The emergency stop." },
  eqf_level = 4, workload_hours = 1, prerequisites = {},
  outcomes = { { id = "BENCH.P", kind = "skill", assessed_by = "printer",
    text = { en = "Stops." }, pass = { en = "Done." } } },
  lessons = { %s },
}
""" % ", ".join('"%s"' % n for n in order))


class Printer:
    """layerlab sim, reached through a relay that times M112 (self.m112)."""

    def __init__(self, ll, env, speed):
        self.sim = subprocess.Popen([ll, "sim", "--sim-speed", str(speed)], env=env,
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
                if fd == self.host_fd:
                    seen = (seen + data)[-64:]
                    if self.m112 is None and b"M112" in seen:
                        self.m112 = now
                try:
                    os.write(self.sim_fd if fd == self.host_fd else self.host_fd, data)
                except OSError:
                    pass

    def wait_m112(self, t0, limit=5):
        """Milliseconds from t0 (time.monotonic()) to M112 on the wire."""
        end = t0 + limit
        while self.m112 is None and time.monotonic() < end:
            time.sleep(0.0005)
        if self.m112 is None:
            raise RuntimeError("no M112 within %g s" % limit)
        return (self.m112 - t0) * 1000

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


class Terminal:
    """argv on a terminal of this script's own (rows x cols when given)."""

    def __init__(self, argv, env, size=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        if size is not None:
            fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
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

    def seen(self, text):
        with self.lock:
            return text.encode() in self.out

    def wait_for(self, text, limit=60):
        end = time.time() + limit
        while time.time() < end:
            if self.seen(text):
                return
            time.sleep(0.01)
        with self.lock:
            tail = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]", b" ",
                          bytes(self.out[-4000:]))
        raise RuntimeError("'%s' did not appear; the last output:\n%s"
                           % (text, tail.decode(errors="replace")))

    def key(self, data):
        os.write(self.fd, data)

    def line(self, text):
        self.key(text.encode() + b"\r")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def pct(v, q):
    """The q-th percentile (nearest rank)."""
    v = sorted(v)
    return v[min(len(v) - 1, max(0, int(round(q / 100.0 * len(v) + 0.5)) - 1))]
