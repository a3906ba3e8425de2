#!/usr/bin/env python3
"""What a forger with the source code does: alter rows with SQL, then compute
the audit chain again so that `records verify` finds nothing.

    forge_chain.py DB 'UPDATE results SET passed = 1 WHERE ...'

Every entry's row hash is recomputed from the row as it is now (for the
latest entry of each row) and every entry's hash from the start."""
import hashlib
import sqlite3
import sys

INT_KEY = {"modules", "attempts", "results", "credentials"}
TABLES = INT_KEY | {"groups", "learners", "trainers"}


def field(value):
    data = value.encode() if isinstance(value, str) else value
    return str(len(data)).encode() + b":" + data + b"\n"


def row_hash(db, table, key):
    cur = db.execute(f"SELECT * FROM {table} WHERE id = ?",
                     (int(key) if table in INT_KEY else key,))
    row = cur.fetchone()
    names = [d[0] for d in cur.description]
    cols = []
    for name, v in zip(names, row):
        if v is None:
            continue
        if isinstance(v, int):
            text = f"i{v}".encode()
        elif isinstance(v, float):
            text = ("r" + format(v, ".17g")).encode()
        elif isinstance(v, str):
            b = v.encode()
            text = f"t{len(b)}:".encode() + b
        else:
            text = f"b{len(v)}:".encode() + v.hex().encode()
        cols.append((name.encode(), text))
    cols.sort()
    out = b"layerlab-row-v1\n" + field(table)
    for name, text in cols:
        out += field(name) + field(text)
    return hashlib.sha256(out).hexdigest()


def main():
    db = sqlite3.connect(sys.argv[1])
    db.execute(sys.argv[2])
    latest = {}
    for seq, tbl, key in db.execute("SELECT seq, tbl, row_key FROM audit"):
        latest[(tbl, key)] = seq
    prev = "0" * 64
    rows = db.execute("SELECT seq, time, tbl, row_key, action, row_hash "
                      "FROM audit ORDER BY seq").fetchall()
    for seq, time, tbl, key, action, rh in rows:
        if latest[(tbl, key)] == seq and tbl in TABLES:
            rh = row_hash(db, tbl, key)
        canon = (b"layerlab-audit-v1\n" + field(str(seq)) + field(str(time)) +
                 field(tbl) + field(key) + field(action) + field(rh) +
                 field(prev))
        h = hashlib.sha256(canon).hexdigest()
        db.execute("UPDATE audit SET row_hash = ?, prev_hash = ?, hash = ? "
                   "WHERE seq = ?", (rh, prev, h, seq))
        prev = h
    db.commit()


main()
