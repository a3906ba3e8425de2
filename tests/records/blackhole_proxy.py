#!/usr/bin/env python3
"""A TCP relay to the records server that can turn into a black hole, as a
network that drops silently does: connections are taken but nothing comes
back and nothing is refused.

    blackhole_proxy.py LISTEN_PORT_FILE TARGET_PORT

Prints nothing; writes the port it listens on to LISTEN_PORT_FILE. SIGUSR1
makes it a black hole (the relays stop moving bytes, new connections are
held silent); SIGUSR2 relays again (held and stalled connections are
closed, so their clients see the link break and connect anew).
"""
import os
import select
import signal
import socket
import sys

port_file, target = sys.argv[1], int(sys.argv[2])
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
tmp = port_file + ".tmp"
with open(tmp, "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(tmp, port_file)

black = False
pairs = {}      # socket -> its partner
held = []       # connections taken while black


def drop(sock):
    other = pairs.pop(sock, None)
    for s in (sock, other):
        if s is not None:
            pairs.pop(s, None)
            s.close()


def go_black(*_):
    global black
    black = True


def go_white(*_):
    global black, held
    black = False
    for s in held:
        s.close()
    held = []
    for s in list(pairs):
        if s in pairs:
            drop(s)


signal.signal(signal.SIGUSR1, go_black)
signal.signal(signal.SIGUSR2, go_white)

while True:
    watch = [listener] + ([] if black else list(pairs))
    try:
        ready, _, _ = select.select(watch, [], [], 0.2)
    except InterruptedError:
        continue
    for s in ready:
        if s is listener:
            client, _ = listener.accept()
            if black:
                held.append(client)
                continue
            server = socket.create_connection(("127.0.0.1", target))
            pairs[client], pairs[server] = server, client
            continue
        if s not in pairs:
            continue
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            drop(s)
            continue
        pairs[s].sendall(data)
