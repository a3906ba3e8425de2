#!/usr/bin/python3
"""G-code insight benchmark, one run, layerlab side by side with Printrun's
gcoder (Debian package `printrun`), the estimator Debian ships:

- estimate: each corpus file's estimated print time against the slicer's own
  figure (layerlab: `gcode stats --json`, the slicer-basis figure; gcoder:
  GCode.estimate_duration()), and the CPU seconds each took;
- throughput: `gcode stats` on the largest corpus file, MB/s of CPU time
  (user + system, best of 5);
- memory: peak RSS of `gcode stats` on the smallest file, the largest one and
  a 500 MB file made of the largest repeated;
- check: the whole-file check of the 500 MB file run from the event loop,
  and the worst lateness of a 5 ms timer meanwhile (what the emergency stop
  would wait at most);
- preview: building the layer index of the largest file, then drawing its
  middle layer (best of 5).

Usage: scripts/bench/gcode.py [--build DIR] [--skip-gcoder] [--big-mb N]
Markdown goes to stdout.
"""
import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = "/work/shared/gcode"
FILES = ["tab_ender3_0.20mm", "cube20_mk3s_0.20mm", "sphere_ender3_cura_0.20mm",
         "bracket_mk3s_0.20mm", "vase_mk3s_0.20mm", "vase_ender3_0.10mm"]

GCODER = r'''
import sys, time, resource
from printrun import gcoder
t0 = resource.getrusage(resource.RUSAGE_SELF)
with open(sys.argv[1]) as f:
    g = gcoder.GCode(f.readlines())
layers, d = g.estimate_duration()
t1 = resource.getrusage(resource.RUSAGE_SELF)
secs = d.total_seconds() if hasattr(d, "total_seconds") else float(d)
print(secs, (t1.ru_utime - t0.ru_utime) + (t1.ru_stime - t0.ru_stime))
'''


def child_run(cmd):
    """Runs cmd; returns (stdout, cpu seconds, peak RSS kB) of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out, cpu, after.ru_maxrss


def rss_of(cmd):
    """Peak RSS in kB of one command, measured by GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True,
                       text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--skip-gcoder", action="store_true")
    ap.add_argument("--big-mb", type=int, default=500)
    a = ap.parse_args()
    ll = os.path.join(a.build, "src", "cli", "layerlab")
    bench = os.path.join(a.build, "tests", "gcode", "bench_gcode")
    tmp = tempfile.mkdtemp(prefix="ll-bench-gcode.")
    try:
        paths = {}
        for name in FILES:
            src = os.path.join(CORPUS, name + ".gcode")
            dst = os.path.join(tmp, name + ".gcode")
            if os.path.exists(src):
                shutil.copy(src, dst)
            else:
                with gzip.open(src + ".gz", "rb") as f, open(dst, "wb") as o:
                    shutil.copyfileobj(f, o)
            paths[name] = dst

        print("## G-code statistics, estimate, check and preview\n")
        print("%s, %s, %d cores, Python %s\n" % (time.strftime("%Y-%m-%d"),
              platform.platform(), os.cpu_count(), platform.python_version()))
        print("| file | slicer | layerlab estimate | error | layerlab CPU s | "
              "gcoder estimate | error | gcoder CPU s |")
        print("|---|---|---|---|---|---|---|---|")
        worst = 0
        for name in FILES:
            out, cpu, _ = child_run([ll, "gcode", "stats", "--json", paths[name]])
            d = json.loads(out)
            slicer = d["slicer_time_s"]
            est = d["slicer_basis_time_s"]
            err = (est / slicer - 1) * 100
            worst = max(worst, abs(err))
            g_est = g_err = g_cpu = "-"
            if not a.skip_gcoder:
                r = subprocess.run(["/usr/bin/python3", "-c", GCODER, paths[name]],
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    s, c = map(float, r.stdout.split())
                    g_est, g_err, g_cpu = "%.0f s" % s, "%+.1f %%" % ((s / slicer - 1) * 100), "%.2f" % c
                else:
                    g_est = "failed"
            print("| %s | %.0f s | %.0f s | %+.1f %% | %.3f | %s | %s | %s |" % (
                name, slicer, est, err, cpu, g_est, g_err, g_cpu))
        print("\nWorst layerlab error: %.1f %%.\n" % worst)

        big = paths["vase_ender3_0.10mm"]
        size = os.path.getsize(big)
        best = min(child_run([ll, "gcode", "stats", big])[1] for _ in range(5))
        lib = subprocess.run([bench, "stats", big], capture_output=True,
                             text=True, check=True).stdout.split()
        print("Throughput of the statistics pass (estimate included) on %s "
              "(%.1f MB), one core: **%.0f MB/s** in the library (%s s CPU, best of "
              "15); the whole `layerlab gcode stats` process, start-up and "
              "dynamic linking included: %.3f s CPU, %.0f MB/s.\n" % (
                  os.path.basename(big), size / 1e6, float(lib[3]), lib[1],
                  best, size / 1e6 / best))

        huge = os.path.join(tmp, "huge.gcode")
        with open(huge, "wb") as o, open(big, "rb") as f:
            data = f.read()
            while o.tell() < a.big_mb * 1e6:
                o.write(data)
        hsize = os.path.getsize(huge)
        print("| peak RSS of `gcode stats` | kB |")
        print("|---|---|")
        for label, p in (("tab (28 kB)", paths["tab_ender3_0.20mm"]),
                         ("vase_ender3 (12 MB)", big),
                         ("vase_ender3 × %d (%.0f MB)" % (hsize // size, hsize / 1e6), huge)):
            print("| %s | %d |" % (label, rss_of([ll, "gcode", "stats", p])))
        out = subprocess.run([bench, "precheck", huge], capture_output=True,
                             text=True, check=True).stdout.split()
        print("\nWhole-file check of the %.0f MB file from the event loop: %s s; "
              "worst lateness of a 5 ms timer meanwhile: **%s ms** (the same "
              "timer on the idle loop for as long: %s ms; load average %.1f)."
              "\n" % (hsize / 1e6, out[1], out[3], out[5], os.getloadavg()[0]))
        out = subprocess.run([bench, "preview", big], capture_output=True,
                             text=True, check=True).stdout.split()
        print("Preview of %s: layer index %s ms (%s layers), then the middle "
              "layer in **%s ms**.\n" % (os.path.basename(big), out[1], out[3], out[5]))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
