"""A real TCP listener for tests that must prove nothing calls out (SSRF through SPARQL, XML entities)."""

from __future__ import annotations

import socket
import threading


class Listener:
    """A real TCP listener on 127.0.0.1 that accepts and records every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/x"
        self.connections: list[bytes] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            conn.settimeout(0.2)
            try:
                self.connections.append(conn.recv(200))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()
