#!/usr/bin/python3
"""Streaming benchmark: layerlab (windowed and ping-pong) against Printrun's
printcore, side by side in one run, each streaming the same G-code to a fresh
`layerlab sim` started with the same options.

Reports lines per second (commands / streaming time), host CPU seconds per
100,000 lines (user + system of the whole client process, start-up and file
loading included), peak RSS of the client (with the pages of its program
file and shared libraries) and its own memory (the most RssAnon seen while it
ran, sampled every 50 ms), and at a throttled baud the share
of the link's byte capacity (baud / 10 bytes per second, printer-bound
direction) the framed lines used.

With --repeat N every client streams each configuration N times, the
clients taking turns (so a drift in the machine's load falls on all of
them alike); the table gives each client's median run, and the spread of
its CPU per line is listed below it: printcore's own CPU per line varies
by a factor of two from run to run on a quiet machine.

Usage: scripts/bench/stream.py [--layerlab PATH] [--file GCODE[.gz]]
           [--subset N] [--repeat N] [--skip-printcore] [--out FILE]

Uses the system Python (/usr/bin/python3) because the Debian `printrun`
package installs there.
"""
import argparse
import gzip
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = "/work/shared/gcode"

PRINTCORE_CLIENT = r'''
import sys, time
from printrun.printcore import printcore
from printrun import gcoder
port, baud, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path) as f:
    gcode = gcoder.LightGCode(f.readlines())
p = printcore(port, baud)
deadline = time.time() + 30
while not p.online:
    if time.time() > deadline:
        print("printcore: printer not online", file=sys.stderr)
        sys.exit(1)
    time.sleep(0.01)
t0 = time.time()
p.startprint(gcode)
while p.printing:
    time.sleep(0.01)
t1 = time.time()
print("streamed in %.3f s" % (t1 - t0))
try:
    p.disconnect()
except RuntimeError:
    # printrun 2.0.0~rc8 joins a sender thread it never started when the
    # print ended before that thread was needed; the print itself is done.
    pass
'''


def largest_corpus_file():
    best, best_size = None, -1
    for name in os.listdir(CORPUS):
        path = os.path.join(CORPUS, name)
        if name.endswith(".gcode"):
            size = os.path.getsize(path)
        elif name.endswith(".gcode.gz"):
            with open(path, "rb") as f:   # gzip keeps the size in its trailer
                f.seek(-4, 2)
                size = int.from_bytes(f.read(4), "little")
        else:
            continue
        if size > best_size:
            best, best_size = path, size
    return best


def strip(line):
    out, quoted = [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            break
        out.append(ch)
    return "".join(out).strip()


def commands_of(path):
    with open(path, errors="replace") as f:
        return [c for c in (strip(l.rstrip("\r\n")) for l in f) if c]


def framed_bytes(cmds):
    total = 0
    for i, c in enumerate(cmds, start=1):
        body = "N%d %s" % (i, c)
        cs = 0
        for b in body.encode():
            cs ^= b
        total += len(body) + len("*%d\n" % cs)
    return total


def write_subset(src, dst, ncommands):
    n = 0
    with open(src, errors="replace") as f, open(dst, "w") as out:
        for line in f:
            out.write(line)
            if strip(line.rstrip("\r\n")):
                n += 1
                if n >= ncommands:
                    break


def start_sim(layerlab, opts):
    proc = subprocess.Popen([layerlab, "sim"] + opts, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    port = proc.stdout.readline().strip()
    if not port:
        proc.kill()
        raise SystemExit("layerlab sim did not print its port")
    return proc, port


def parse_time_v(text):
    def grab(label):
        m = re.search(re.escape(label) + r":\s*([0-9.:]+)", text)
        return m.group(1) if m else None
    user = float(grab("User time (seconds)") or 0)
    system = float(grab("System time (seconds)") or 0)
    rss_kb = int(grab("Maximum resident set size (kbytes)") or 0)
    return user + system, rss_kb


def rss_anon_kb(pid):
    """The process's own memory (heap, stack, anonymous maps), without the
    pages of its program file and shared libraries that VmRSS counts."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def time_child(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = f.read().split()
        return int(kids[0]) if kids else None
    except OSError:
        return None


def run_client(name, argv, ncommands):
    t0 = time.time()
    proc = subprocess.Popen(["/usr/bin/time", "-v"] + argv, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    # Sample the client's own memory while it runs (every 50 ms), in a
    # thread so the pipes keep draining.
    anon = [0]
    def sample():
        child = None
        while proc.poll() is None:
            child = child or time_child(proc.pid)
            if child:
                anon[0] = max(anon[0], rss_anon_kb(child))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    wall = time.time() - t0
    if proc.returncode != 0:
        sys.stderr.write(out + err)
        raise SystemExit("%s failed (exit %d)" % (name, proc.returncode))
    m = re.search(r"streamed in ([0-9.]+) s", out)
    stream_s = float(m.group(1)) if m else wall
    cpu, rss_kb = parse_time_v(err)
    return {"stream_s": stream_s, "wall_s": wall, "cpu_s": cpu,
            "rss_mb": rss_kb / 1024.0, "anon_mb": anon[0] / 1024.0,
            "lines": ncommands}


def first_difference(expected, ran):
    """Where the printer's log first leaves the file, in a few words."""
    i = 0
    while i < len(expected) and i < len(ran) and expected[i] == ran[i]:
        i += 1
    if i == len(expected):
        return "%d commands more than the file ran after its end, first %r" % (
            len(ran) - i, ran[i])
    if i == len(ran):
        return "the log ends after %d of %d commands, next %r" % (i, len(expected), expected[i])
    if ran[i] in expected[max(0, i - 8):i]:
        what = "ran again (a repeat)"
    elif ran[i] in expected[i + 1:i + 9]:
        what = "ran early (%r skipped or late)" % expected[i]
    else:
        what = "is in no nearby line of the file"
    return "command %d of the file is %r, the printer ran %r, which %s; %d commands ran, %d in the file" % (
        i + 1, expected[i], ran[i], what, len(ran), len(expected))


def median_run(rs):
    """The run of median CPU per line, with the figures of the others that
    a reader needs: its spread, and whether every run was exact."""
    rs = sorted(rs, key=lambda r: r["cpu_per_100k"])
    m = dict(rs[len(rs) // 2])
    by_rate = sorted(r["lines_per_s"] for r in rs)
    m["lines_per_s"] = by_rate[len(by_rate) // 2]
    m["stream_s"] = m["lines"] / m["lines_per_s"]
    link = sorted(r["link_use"] for r in rs if r["link_use"] is not None)
    m["link_use"] = link[len(link) // 2] if link else None
    m["rss_mb"] = max(r["rss_mb"] for r in rs)
    m["anon_mb"] = max(r["anon_mb"] for r in rs)
    m["exact"] = all(r["exact"] for r in rs)
    m["runs"] = len(rs)
    m["cpu_range"] = (rs[0]["cpu_per_100k"], rs[-1]["cpu_per_100k"])
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layerlab", default=os.path.join(ROOT, "build", "src", "cli", "layerlab"))
    ap.add_argument("--file", default=None, help="default: the largest file in " + CORPUS)
    ap.add_argument("--subset", type=int, default=10000,
                    help="commands streamed at a throttled baud (default 10000)")
    ap.add_argument("--bauds", default="115200,250000")
    ap.add_argument("--noise", type=float, default=0.02,
                    help="also stream the subset at 115200 baud with this share of "
                         "lines corrupted (0: skip)")
    ap.add_argument("--skip-printcore", action="store_true")
    ap.add_argument("--advanced-ok", action="store_true",
                    help="also run the unthrottled and 115200-baud configurations with the "
                         "virtual printer answering ADVANCED_OK (ok N P B), the only evidence "
                         "on which layerlab widens its send window past 63 bytes")
    ap.add_argument("--throttled-only", action="store_true",
                    help="only the --baud runs (the unthrottled one takes longest)")
    ap.add_argument("--huge", type=int, default=10,
                    help="also measure memory on the file repeated this many times (0: skip)")
    ap.add_argument("--huge-seconds", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1,
                    help="stream each configuration this many times per client, clients "
                         "taking turns; report the median run (default 1)")
    ap.add_argument("--out", default=None, help="also write the Markdown table here")
    args = ap.parse_args()

    if not os.access(args.layerlab, os.X_OK):
        raise SystemExit("no layerlab binary at %s (build first, or --layerlab)" % args.layerlab)
    src = args.file or largest_corpus_file()
    if src is None:
        raise SystemExit("no G-code found; give --file")
    load_start = os.getloadavg()[0]
    tmp = tempfile.mkdtemp(prefix="ll-bench.")
    try:
        full = os.path.join(tmp, os.path.basename(src).replace(".gz", ""))
        if src.endswith(".gz"):
            with gzip.open(src, "rb") as f, open(full, "wb") as out:
                shutil.copyfileobj(f, out)
        else:
            shutil.copy(src, full)
        subset = os.path.join(tmp, "subset.gcode")
        write_subset(full, subset, args.subset)
        full_cmds = commands_of(full)
        subset_cmds = commands_of(subset)

        clients = [
            ("layerlab windowed", lambda port, baud, path:
                [args.layerlab, "print", "--port", port, "--profile", "virtual",
                 "--windowed", "--interval", "3600"] + (["--baud", str(baud)] if baud else []) + [path]),
            ("layerlab ping-pong", lambda port, baud, path:
                [args.layerlab, "print", "--port", port, "--profile", "virtual",
                 "--ping-pong", "--interval", "3600"] + (["--baud", str(baud)] if baud else []) + [path]),
        ]
        if not args.skip_printcore:
            pc = os.path.join(tmp, "printcore_client.py")
            with open(pc, "w") as f:
                f.write(PRINTCORE_CLIENT)
            clients.append(("printcore", lambda port, baud, path:
                            ["/usr/bin/python3", pc, port, str(baud or 115200), path]))

        configs = [] if args.throttled_only else [("--sim-speed 0, unthrottled", [], None, full, full_cmds)]
        for b in [int(x) for x in args.bauds.split(",") if x]:
            configs.append(("--sim-speed 0 --baud %d" % b, ["--baud", str(b)], b, subset, subset_cmds))
        if args.noise > 0:
            configs.append(("--sim-speed 0 --baud 115200 --error-rate %g" % args.noise,
                            ["--baud", "115200", "--error-rate", str(args.noise), "--seed", "7"],
                            115200, subset, subset_cmds))
        if args.advanced_ok:
            if not args.throttled_only:
                configs.append(("--sim-speed 0 --advanced-ok, unthrottled", ["--advanced-ok"],
                                None, full, full_cmds))
            configs.append(("--sim-speed 0 --advanced-ok --baud 115200",
                            ["--advanced-ok", "--baud", "115200"], 115200, subset, subset_cmds))

        results, runs = [], {}
        for label, simopts, baud, path, cmds in configs:
            fbytes = framed_bytes(cmds)
            for rep, (name, make) in [(k, c) for k in range(args.repeat) for c in clients]:
                log = os.path.join(tmp, "ran.log")
                if os.path.exists(log):
                    os.unlink(log)
                sim, port = start_sim(args.layerlab, ["--sim-speed", "0", "--log", log] + simopts)
                try:
                    r = run_client(name, make(port, baud, path), len(cmds))
                finally:
                    sim.terminate()
                    sim.wait()
                # Exactly the file, once each, in order: nothing else ran
                # (the hosts' own polling and handshake set aside).
                host_own = re.compile(r"(M110|M115|M105|M155)( |$)")
                with open(log, errors="replace") as f:
                    ran = [l.rstrip("\n") for l in f if not host_own.match(l)]
                # layerlab's buffer test dwells once, before the file
                # (docs/host-protocol.md, "Sending modes").
                if name.startswith("layerlab") and ran[:1] == ["G4 P227"]:
                    ran = ran[1:]
                expected = [c for c in cmds if not host_own.match(c)]
                r["exact"] = ran == expected
                if not r["exact"]:
                    print("%s, %s: %s" % (label, name, first_difference(expected, ran)),
                          flush=True)
                r["config"], r["client"], r["baud"] = label, name, baud
                r["lines_per_s"] = len(cmds) / r["stream_s"]
                r["cpu_per_100k"] = r["cpu_s"] / len(cmds) * 100000
                r["link_use"] = (fbytes / r["stream_s"] / (baud / 10.0)) if baud else None
                runs.setdefault((label, name), []).append(r)
                print("%-28s %-20s %9.0f lines/s  %6.2f CPU s/100k  %6.1f MB (own %.1f)  %s %s" % (
                    label, name, r["lines_per_s"], r["cpu_per_100k"], r["rss_mb"], r["anon_mb"],
                    "link %.1f%%" % (100 * r["link_use"]) if baud else "",
                    "exact" if r["exact"] else "NOT EXACT"), flush=True)
            for name, _ in clients:
                results.append(median_run(runs[(label, name)]))

        # Memory against file size: the same file ten times over (scanned
        # whole, then streamed for a while), next to the single file above.
        huge_rss = None
        if args.huge > 1:
            huge = os.path.join(tmp, "huge.gcode")
            with open(huge, "wb") as out:
                for _ in range(args.huge):
                    with open(full, "rb") as f:
                        shutil.copyfileobj(f, out)
            sim, port = start_sim(args.layerlab, ["--sim-speed", "0"])
            try:
                proc = subprocess.Popen(["/usr/bin/time", "-v", args.layerlab, "print", "--port", port,
                                         "--profile", "virtual", "--interval", "3600", huge],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        stdin=subprocess.DEVNULL, text=True)
                anon_kb, end = 0, time.time() + args.huge_seconds
                while time.time() < end:
                    child = time_child(proc.pid)
                    if child:
                        anon_kb = max(anon_kb, rss_anon_kb(child))
                    time.sleep(0.05)
                # SIGTERM to layerlab itself (time's child), so time reports it.
                with open("/proc/%d/task/%d/children" % (proc.pid, proc.pid)) as f:
                    for child in f.read().split():
                        os.kill(int(child), 15)
                _, err = proc.communicate()
                _, rss_kb = parse_time_v(err)
                huge_rss = (os.path.getsize(huge), rss_kb / 1024.0, anon_kb / 1024.0)
            finally:
                sim.terminate()
                sim.wait()
            print("memory: %.0f MB file, peak RSS %.1f MB, own memory %.1f MB" % (
                huge_rss[0] / 1e6, huge_rss[1], huge_rss[2]), flush=True)

        lines = []
        lines.append("File: `%s` (%d commands); throttled runs: the first %d commands." % (
            os.path.basename(src), len(full_cmds), len(subset_cmds)))
        lines.append("")
        lines.append("| Sim options | Client | Commands | Streaming time (s) | Lines/s | Host CPU s per 100k lines | Peak RSS (MB) | Own memory (MB) | Link use | Ran exactly the file |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for r in results:
            lines.append("| `%s` | %s | %d | %.2f | %.0f | %.2f | %.1f | %.1f | %s | %s |" % (
                r["config"], r["client"], r["lines"], r["stream_s"], r["lines_per_s"],
                r["cpu_per_100k"], r["rss_mb"], r["anon_mb"],
                "%.1f%%" % (100 * r["link_use"]) if r["link_use"] is not None else "–",
                "yes" if r["exact"] else "**no**"))
        if args.repeat > 1:
            lines.append("")
            lines.append("Medians of %d runs per client (lines/s and CPU each the median "
                         "on its own; RSS the largest; exact only if every run was). "
                         "CPU s per 100k lines, lowest to highest run:" % args.repeat)
            lines.append("")
            for r in results:
                lines.append("- `%s`, %s: %.2f–%.2f" % (r["config"], r["client"],
                                                       r["cpu_range"][0], r["cpu_range"][1]))
        # Targets, against printcore in the same configuration.
        lines.append("")
        by = {(r["config"], r["client"]): r for r in results}
        for label, _, baud, _, _ in configs:
            w = by.get((label, "layerlab windowed"))
            p = by.get((label, "layerlab ping-pong"))
            c = by.get((label, "printcore"))
            if c is not None:
                lines.append("- `%s`: windowed %.1f× printcore's lines/s, ping-pong %.1f×; "
                             "CPU per line windowed %.3f×, ping-pong %.3f× printcore's" % (
                                 label, w["lines_per_s"] / c["lines_per_s"],
                                 p["lines_per_s"] / c["lines_per_s"],
                                 w["cpu_per_100k"] / c["cpu_per_100k"],
                                 p["cpu_per_100k"] / c["cpu_per_100k"]))
        if huge_rss is not None:
            lines.append("- memory: the file %d times over (%.0f MB), scanned whole and streamed "
                         "for %d s: peak RSS %.1f MB, own memory %.1f MB" % (
                             args.huge, huge_rss[0] / 1e6, args.huge_seconds, huge_rss[1],
                             huge_rss[2]))
        lines.append("")
        lines.append("Machine: %s, %s, %d CPUs; %s; %s UTC; load average %.1f at the start, "
                     "%.1f at the end" % (
            platform.node(), platform.processor() or platform.machine(), os.cpu_count(),
            platform.platform(), time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            load_start, os.getloadavg()[0]))
        text = "\n".join(lines) + "\n"
        print()
        print(text)
        if args.out:
            with open(args.out, "w") as f:
                f.write(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
