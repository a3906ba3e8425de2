#!/usr/bin/env python3
"""Every json_pack() call in src/ gets as many arguments as its format asks.

Jansson reads its arguments with va_arg: a format that asks for one more
than the call gives reads past them (a NULL that silently drops a value, or
a pointer that crashes), which no compiler warns about. credential issue's
"s+++" with three strings did both. Usage: json_pack_args.py SRC_DIR
"""
import glob
import re
import sys

LITERAL = r'"(?:[^"\\]|\\.)*"'


def walk(text, start=0):
    """(offset, char, depth) of each char outside string literals from
    start, depth counted after the char; the last is the bracket that
    closes below the start's level (depth -1)."""
    depth, in_str, esc = 0, False, False
    for p in range(start, len(text)):
        c = text[p]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
            continue
        if c == '"':
            in_str = True
            continue
        depth += (c in "([{") - (c in ")]}")
        yield p, c, depth
        if depth < 0:
            return


def calls(src):
    """(offset, argument text) of every json_pack( ... ) in src."""
    i = 0
    while (j := src.find("json_pack(", i)) >= 0:
        k = j + len("json_pack(")
        end = next(p for p, _c, depth in walk(src, k) if depth < 0)
        yield j, src[k:end]
        i = end + 1


def split_args(text):
    """The top-level comma-separated arguments of text."""
    out, start = [], 0
    for p, c, depth in walk(text):
        if c == "," and depth == 0:
            out.append(text[start:p].strip())
            start = p + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def wanted(fmt):
    """Arguments a pack format reads (jansson's pack_unpack.c)."""
    n, i = 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c in "s+":
            n += 1
            if i + 1 < len(fmt) and fmt[i + 1] in "#%":
                n += 1
                i += 1
        elif c in "nbiIfoO":
            n += c != "n"
        i += 1
    return n


def problems(path, src):
    for at, text in calls(src):
        line = src.count("\n", 0, at) + 1
        args = split_args(text)
        if not args or not re.fullmatch(r"(\s*%s\s*)+" % LITERAL, args[0]):
            yield "%s:%d: json_pack: expected a literal format" % (path, line)
            continue
        fmt = "".join(m[1:-1] for m in re.findall(LITERAL, args[0]))
        if wanted(fmt) != len(args) - 1:
            yield ("%s:%d: json_pack(\"%s\") reads %d arguments, the call "
                   "gives %d" % (path, line, fmt, wanted(fmt), len(args) - 1))


def main():
    # The checker first finds the defect it is here for.
    bad = 'x = json_pack("s+++", "The ", id, " (number:" "SHA-256).");\n'
    if not list(problems("self-test", bad)):
        sys.exit("json_pack_args: the self-test found nothing")
    found, files = [], 0
    for path in sorted(glob.glob(sys.argv[1] + "/**/*.c", recursive=True)):
        files += 1
        with open(path, encoding="utf-8") as f:
            found += list(problems(path, f.read()))
    for p in found:
        print(p)
    print("json_pack_args: %d files, %d problems" % (files, len(found)))
    sys.exit(1 if found or files == 0 else 0)


if __name__ == "__main__":
    main()
