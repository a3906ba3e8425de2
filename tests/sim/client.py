#!/usr/bin/env python3
"""A minimal serial host for the virtual printer's process tests.

usage: client.py PORT STEP...
  G-code      send it framed (N + checksum), print replies up to its ok
  raw:TEXT    send TEXT as it is, print replies up to 'Resend:' or 'ok'
  CMD=>TEXT   send CMD framed, print replies up to a line containing TEXT
  hup         wait until the port hangs up, print HUP
  banner      print lines until 'echo:V86' (the boot banner)
The handshake 'M110 N0' is sent first unless the first step is 'hup' or
'banner'. Exits 3 when a reply does not come within 10 s.
"""
import os, select, sys, termios, time, tty

class Hangup(Exception):
    pass

class Port:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        # TCSANOW: keep what the printer already sent (its banner).
        tty.setraw(self.fd, termios.TCSANOW)
        self.buf = b""
        self.n = 0

    def readline(self, timeout=10.0):
        end = time.time() + timeout
        while b"\n" not in self.buf:
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                data = os.read(self.fd, 4096)
            except BlockingIOError:
                continue
            except OSError:
                raise Hangup()
            if not data:
                raise Hangup()
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def write(self, text):
        data = (text + "\n").encode()
        while data:
            select.select([], [self.fd], [], 5)
            try:
                n = os.write(self.fd, data)
                data = data[n:]
            except BlockingIOError:
                pass

    def framed(self, cmd):
        self.n += 1
        line = "N%d %s" % (self.n, cmd)
        cs = 0
        for c in line.encode():
            cs ^= c
        self.write("%s*%d" % (line, cs))

def until(port, done):
    while True:
        line = port.readline()
        if line is None:
            print("TIMEOUT", flush=True)
            sys.exit(3)
        print(line, flush=True)
        if done(line):
            return line

def main():
    port = Port(sys.argv[1])
    steps = sys.argv[2:]
    if steps and steps[0] not in ("hup", "banner"):
        port.write("N0 M110 N0*125")
        until(port, lambda l: l.startswith("ok"))
    for step in steps:
        try:
            if step == "hup":
                while True:
                    if port.readline() is None:
                        print("TIMEOUT", flush=True)
                        sys.exit(3)
            elif step == "banner":
                until(port, lambda l: l.startswith("echo:V86"))
            elif "=>" in step:
                cmd, want = step.split("=>", 1)
                port.framed(cmd)
                until(port, lambda l: want in l)
            elif step.startswith("raw:"):
                port.write(step[4:])
                until(port, lambda l: l.startswith("ok") or l.startswith("Resend:"))
            else:
                port.framed(step)
                until(port, lambda l: l.startswith("ok"))
        except Hangup:
            print("HUP", flush=True)
            return

main()
