#!/usr/bin/env python3
"""A TCP proxy on loopback that injects network faults between a git client and a server.

Usage: fault-proxy.py --target PORT [--mode pass|cut|stall|trickle] [--after BYTES]
                      [--match TEXT] [--trickle-interval SECONDS] [--log FILE]

Listens on 127.0.0.1 on a free port and prints it as the first line of stdout. Every connection
is forwarded to 127.0.0.1:TARGET. A connection whose first client bytes contain TEXT (all
connections when --match is empty; with HTTP keep-alive any later request on the connection counts)
gets the fault on its server-to-client direction once BYTES bytes of the answer have been
forwarded:
  cut      close both sides (a connection dropped mid-pack);
  stall    stop forwarding, keep both sides open (a hung server);
  trickle  forward one byte per --trickle-interval seconds (a crawling link).
Client-to-server traffic always flows. Each faulted connection appends a line to --log.
"""
import argparse
import socket
import sys
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", type=int, required=True)
    p.add_argument("--mode", default="pass", choices=["pass", "cut", "stall", "trickle"])
    p.add_argument("--after", type=int, default=0)
    p.add_argument("--match", default="")
    p.add_argument("--trickle-interval", type=float, default=0.05)
    p.add_argument("--log", default="")
    a = p.parse_args()

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    lock = threading.Lock()

    def log(line):
        if a.log:
            with lock, open(a.log, "a") as f:
                f.write(line + "\n")

    def handle(client):
        try:
            server = socket.create_connection(("127.0.0.1", a.target))
        except OSError:
            client.close()
            return
        state = {"faulted": a.mode != "pass" and not a.match, "base": 0, "forwarded": 0, "request": b""}
        state_lock = threading.Lock()
        needle = a.match.encode()

        def upstream():  # client -> server, always flowing; arms the fault when a request matches
            tail = b""
            try:
                while True:
                    data = client.recv(65536)
                    if not data:
                        server.shutdown(socket.SHUT_WR)
                        break
                    window = tail + data
                    with state_lock:
                        if needle and a.mode != "pass" and not state["faulted"] and needle in window:
                            state["faulted"] = True
                            state["base"] = state["forwarded"]
                            state["request"] = window[window.index(needle):][:80]
                    tail = window[-len(needle):] if needle else b""
                    server.sendall(data)
            except OSError:
                pass

        threading.Thread(target=upstream, daemon=True).start()
        try:
            while True:
                data = server.recv(65536)
                if not data:
                    break
                with state_lock:
                    faulted, base, forwarded = state["faulted"], state["base"], state["forwarded"]
                if faulted and forwarded - base + len(data) > a.after:
                    keep = max(0, a.after - (forwarded - base))
                    if keep:
                        client.sendall(data[:keep])
                        forwarded += keep
                    rest = data[keep:]
                    log(f"{a.mode} after {forwarded - base} bytes of the answer to {state['request'] or b'every connection'!r}")
                    if a.mode == "cut":
                        break
                    if a.mode == "stall":
                        while True:
                            time.sleep(3600)
                    # trickle: this chunk and everything after it, one byte at a time
                    while rest:
                        for i in range(len(rest)):
                            client.sendall(rest[i:i + 1])
                            time.sleep(a.trickle_interval)
                        rest = server.recv(65536)
                    break
                client.sendall(data)
                with state_lock:
                    state["forwarded"] += len(data)
        except OSError:
            pass
        finally:
            for s in (client, server):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    while True:
        client, _ = listener.accept()
        threading.Thread(target=handle, args=(client,), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
