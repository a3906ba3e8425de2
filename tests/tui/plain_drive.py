#!/usr/bin/env python3
"""Drives 'layerlab tui --plain' (or TERM=dumb) on a pseudo-terminal, the way
a screen-reader user works it: read the lines, type a line. The script is
read from standard input, one step per line:

    expect TEXT        wait until TEXT appears in the output after the
                       last match (fails after the timeout)
    anywhere TEXT      wait until TEXT appears anywhere in the output
                       (for lines whose order against others is not
                       fixed: the printer's news beside the records')
    send LINE          type LINE and Enter
    enter              Enter alone
    pick TEXT          find "N. TEXT" in the output since the last line
                       typed and type N
    ctrl-c             press Ctrl-C
    eof                end the input (Ctrl-D at the start of a line)
    absent TEXT        TEXT never appeared so far
    run COMMAND        runs COMMAND with the shell (a test's own doing
                       between two lines, such as silencing a network)
    exit RC            wait for the program to end with status RC

The command to run follows '--'. Everything read is copied to the file
named by PLAIN_TRANSCRIPT (for the failure message). Exits 1 with the step
that failed and the tail of the output.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

TIMEOUT = float(os.environ.get("LL_WAIT_S", "30"))


def main():
    argv = sys.argv[sys.argv.index("--") + 1:]
    steps = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    out = b""
    mark = 0
    typed = 0
    transcript = open(os.environ.get("PLAIN_TRANSCRIPT", os.devnull), "wb")

    def read_some(wait):
        nonlocal out
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return False
        try:
            data = os.read(fd, 65536)
        except OSError:
            return None
        if not data:
            return None
        out += data
        transcript.write(data)
        transcript.flush()
        return True

    def text():
        return out.decode("utf-8", "replace")

    def fail(why):
        sys.stderr.write("plain_drive: %s\n---- output (tail) ----\n%s\n"
                         % (why, text()[-3000:]))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        sys.exit(1)

    def expect(want):
        nonlocal mark
        end = time.monotonic() + TIMEOUT
        while True:
            t = text()
            i = t.find(want, mark)
            if i >= 0:
                mark = i + len(want)
                return t[i:]
            left = end - time.monotonic()
            if left <= 0 or read_some(min(left, 0.5)) is None and \
                    text().find(want, mark) < 0:
                fail("'%s' did not appear" % want)

    for step in steps:
        cmd, _, arg = step.partition(" ")
        if cmd in ("send", "enter", "ctrl-c", "eof"):
            typed = len(text())
        if cmd == "expect":
            expect(arg)
        elif cmd == "anywhere":
            end = time.monotonic() + TIMEOUT
            while arg not in text():
                left = end - time.monotonic()
                if left <= 0 or read_some(min(left, 0.5)) is None and \
                        arg not in text():
                    fail("'%s' did not appear" % arg)
        elif cmd == "send":
            os.write(fd, arg.encode() + b"\r")
        elif cmd == "enter":
            os.write(fd, b"\r")
        elif cmd == "ctrl-c":
            os.write(fd, b"\x03")
        elif cmd == "eof":
            os.write(fd, b"\x04")
        elif cmd == "pick":
            end = time.monotonic() + TIMEOUT
            while True:
                m = re.search(r"(?m)^(\d+)\. " + re.escape(arg), text()[typed:])
                if m:
                    mark = max(mark, typed + m.end())
                    typed = len(text())
                    os.write(fd, m.group(1).encode() + b"\r")
                    break
                if time.monotonic() > end or read_some(0.5) is None:
                    fail("no choice '%s'" % arg)
        elif cmd == "run":
            if subprocess.call(arg, shell=True) != 0:
                fail("'%s' failed" % arg)
        elif cmd == "absent":
            while read_some(0) is True:
                pass
            if arg in text():
                fail("'%s' appeared" % arg)
        elif cmd == "exit":
            end = time.monotonic() + TIMEOUT
            while read_some(0.2) is not None and time.monotonic() < end:
                pass
            _, status = os.waitpid(pid, 0)
            rc = os.waitstatus_to_exitcode(status)
            if rc != int(arg):
                fail("exit status %d, not %s" % (rc, arg))
            return
        else:
            fail("unknown step '%s'" % step)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
