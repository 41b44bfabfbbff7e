"""A small TCP proxy in front of the API that misbehaves on request: it cuts a connection after N bytes of
the answer, flips one byte of it, slows it down, or finds the server gone. It records each request's head and
how many bytes of answer went back, so a test can see that a 304 carried no body."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Fault:
    match: str  # a substring of the request line, e.g. "/audio"
    cut_after: int | None = None  # close both sides after this many bytes of the answer
    flip_at: int | None = None  # XOR this byte of the answer (counting from its first header byte)


@dataclass
class Exchange:
    request: str  # the request line and headers
    answered: int = 0  # bytes of answer sent back to the client


@dataclass
class Proxy:
    target_port: int
    rate: float | None = None  # bytes a second of answer, None: as fast as loopback goes
    faults: list[Fault] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                data = client.recv(65536)
                if not data:
                    return
                head += data
            exchange = Exchange(head.split(b"\r\n\r\n", 1)[0].decode("latin-1"))
            with self._lock:
                self.exchanges.append(exchange)
                fault = next((f for f in self.faults if f.match in exchange.request.split("\r\n", 1)[0]), None)
                if fault:
                    self.faults.remove(fault)  # each fault strikes once
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=30)
            except OSError:
                return  # the server is down: the client sees its connection closed
            with upstream:
                upstream.sendall(head)
                threading.Thread(target=self._pump_up, args=(client, upstream), daemon=True).start()
                self._pump_down(upstream, client, exchange, fault)

    @staticmethod
    def _pump_up(client: socket.socket, upstream: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                upstream.sendall(data)

    def _pump_down(self, upstream: socket.socket, client: socket.socket, exchange: Exchange,
                   fault: Fault | None) -> None:
        chunk = 16384 if self.rate else 65536
        with contextlib.suppress(OSError):
            while data := upstream.recv(chunk):
                start = exchange.answered
                if fault and fault.flip_at is not None and start <= fault.flip_at < start + len(data):
                    i = fault.flip_at - start
                    data = data[:i] + bytes([data[i] ^ 0x5A]) + data[i + 1:]
                if fault and fault.cut_after is not None and start + len(data) >= fault.cut_after:
                    client.sendall(data[: fault.cut_after - start])
                    exchange.answered = fault.cut_after
                    client.shutdown(socket.SHUT_RDWR)
                    return
                client.sendall(data)
                exchange.answered += len(data)
                if self.rate:
                    time.sleep(len(data) / self.rate)
