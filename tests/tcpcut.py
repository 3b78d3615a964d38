"""A TCP proxy on loopback that can cut its connections after a number of bytes.

Put in front of the office's PostgreSQL server, it plays a cable pulled at an exact
moment: in the middle of a save, or of moving held requests back.
"""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_after: int | None = None  # bytes from the client, per connection; None: never
        self.down = False  # refuse new connections (the server is "unreachable")
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            sent = [0]
            threading.Thread(target=self._pump, args=(client, server, sent, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, sent, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, sent: list[int], counted: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if counted and self.cut_after is not None:
                    room = self.cut_after - sent[0]
                    if room <= 0:
                        break
                    data = data[:room]
                    sent[0] += len(data)
                sink.sendall(data)
                if counted and self.cut_after is not None and sent[0] >= self.cut_after:
                    break
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def cut_all(self) -> None:
        """Pull the cable: every open connection dies now."""
        with self._lock:
            sockets, self._open = self._open, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.listener.close()
        self.cut_all()
