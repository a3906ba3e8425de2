#!/usr/bin/env python3
"""A printer that answers like Marlin 2.1 but, once connected, prints one
hostile line: terminal escapes (retitle, clear the screen, red), a bell,
C1 controls and bytes that are not UTF-8. Prints its port's path on the
first line of standard output, then serves until killed."""
import os
import re
import select
import sys
import tty

HOSTILE = (b"echo:HOSTILE\x1b]0;pwned\x07\x1b[2J\x1b[31mred\xff\xfe"
           b"\xc2\x9bc1 end\n")


def main():
    master, slave = os.openpty()
    tty.setraw(slave)
    print(os.ttyname(slave), flush=True)
    buf = b""
    told = False
    while True:
        r, _, _ = select.select([master], [], [], 1.0)
        if not r:
            continue
        try:
            data = os.read(master, 4096)
        except OSError:
            continue
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            text = line.decode("ascii", "replace").strip()
            text = re.sub(r"^N\d+\s+", "", text)
            text = re.sub(r"\*\d+$", "", text).strip()
            out = b""
            if text.startswith("M115"):
                out += (b"FIRMWARE_NAME:Marlin 2.1.2 (Hostile) SOURCE_CODE_URL:"
                        b"github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 "
                        b"MACHINE_TYPE:Hostile EXTRUDER_COUNT:1\n"
                        b"Cap:EMERGENCY_PARSER:1\nCap:AUTOREPORT_TEMP:0\n")
            if text.startswith("M105"):
                out += b"ok T:25.00 /0.00 B:25.00 /0.00 @:0 B@:0\n"
            elif text.startswith("M114"):
                out += b"X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0\nok\n"
            elif text:
                out += b"ok\n"
            if text.startswith("M115") and not told:
                out += HOSTILE
                told = True
            if out:
                os.write(master, out)


if __name__ == "__main__":
    main()
