"""A small TCP fault proxy on loopback, between a station and the real reference central.

Modes (switch any time with ``proxy.mode = ...``; a connection keeps the mode it
was accepted in):

- ``pass``: bytes both ways untouched;
- ``drip``: the request goes through, the answer comes back one byte every
  ``drip_every`` seconds (each read succeeds, so no per-read timeout ever fires);
- ``stall``: the request is read and thrown away; no answer, the connection stays open;
- ``drop``: the request is read, then the connection is closed with no answer;

With ``target`` (bytes, e.g. ``b"/v1/requests/batch"``) a connection passes
untouched until a request containing it goes by, and only then turns faulty, so
the probes before a batch get through and the batch itself meets the fault.
- ``blackhole``: accepted, never read (a peer that stops reading mid-upload).

Used by the deadline tests and the proof suite; ``python tests/faultproxy.py
UPSTREAM_PORT MODE`` runs one by hand.
"""

from __future__ import annotations

import socket
import sys
import threading
import time

MODES = ("pass", "drip", "stall", "drop", "blackhole")


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", mode: str = "pass",
                 drip_every: float = 0.5, target: bytes | None = None):
        self.upstream = (upstream_host, upstream_port)
        self.target = target
        self.mode = mode
        self.drip_every = drip_every
        self.accepted = 0
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, name="faultproxy-accept", daemon=True).start()

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ValueError(f"unknown mode {value!r}; one of {', '.join(MODES)}")
        self._mode = value

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _close(sock)

    def __enter__(self) -> "FaultProxy":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------

    def _keep(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
        return sock

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            self._keep(client)
            threading.Thread(target=self._serve, args=(client, self.mode), daemon=True).start()

    def _serve(self, client: socket.socket, mode: str) -> None:
        if mode == "blackhole":
            self._stop.wait()
            return
        try:
            upstream = self._keep(socket.create_connection(self.upstream, timeout=5))
        except OSError:
            _close(client)
            return
        upstream.settimeout(None)
        # Without a target the fault starts at once; with one, when a request naming it passes.
        faulty = threading.Event()
        if self.target is None:
            faulty.set()
        threading.Thread(target=self._pump_up, args=(client, upstream, mode, faulty), daemon=True).start()
        self._pump_down(upstream, client, mode, faulty)

    def _pump_up(self, client: socket.socket, upstream: socket.socket, mode: str, faulty: threading.Event) -> None:
        try:
            while not self._stop.is_set():
                data = client.recv(65536)
                if not data:
                    break
                if self.target is not None and self.target in data:
                    faulty.set()
                if faulty.is_set() and mode == "stall":
                    continue  # swallowed: central never hears of it, the station never hears back
                if faulty.is_set() and mode == "drop":
                    _close(client)
                    _close(upstream)
                    return
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            _shut_write(upstream)

    def _pump_down(self, upstream: socket.socket, client: socket.socket, mode: str, faulty: threading.Event) -> None:
        try:
            while not self._stop.is_set():
                data = upstream.recv(65536)
                if not data:
                    break
                if not (faulty.is_set() and mode == "drip"):
                    client.sendall(data)
                    continue
                for index in range(len(data)):
                    if self._stop.wait(self.drip_every):
                        return
                    client.sendall(data[index:index + 1])
        except OSError:
            pass
        finally:
            _shut_write(client)


def _shut_write(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


if __name__ == "__main__":  # pragma: no cover - a manual tool
    proxy = FaultProxy(int(sys.argv[1]), mode=sys.argv[2] if len(sys.argv) > 2 else "pass")
    print(f"{proxy.url} -> 127.0.0.1:{sys.argv[1]} ({proxy.mode})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        proxy.close()
