"""A threaded HTTP server on 127.0.0.1 that plays every kind of feed server the planet meets."""

from __future__ import annotations

import http.server
import ssl
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between 64-byte pieces of the body
    etag: str | None = None  # answer 304 when If-None-Match matches


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when the request arrived


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FeedServer._Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            owner.in_flight += 1
            owner.most_in_flight = max(owner.most_in_flight, owner.in_flight)
        try:
            self._answer()
        finally:
            with owner.lock:
                owner.in_flight -= 1

    def _answer(self) -> None:
        route = self.server.owner.routes.get(self.path, Route(404, b"no such feed"))
        if route.delay:
            time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        headers = {"Content-Type": "application/xml", **route.headers}
        if route.etag:
            headers["ETag"] = route.etag
        headers.setdefault("Content-Length", str(len(route.body)))
        if not headers["Content-Length"]:  # no length: the body ends when the connection closes
            del headers["Content-Length"]
            headers["Connection"] = "close"
            self.close_connection = True
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            if route.trickle:
                for start in range(0, len(route.body), 64):
                    self.wfile.write(route.body[start : start + 64])
                    self.wfile.flush()
                    time.sleep(route.trickle)
            else:
                self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class FeedServer:
    """``routes[path] = Route(...)``; ``requests`` lists what clients asked for."""

    class _Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        owner: FeedServer

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: serve HTTPS with this server context (tests/planet/tls has a certificate)."""
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.in_flight = 0  # requests being answered now
        self.most_in_flight = 0  # the most at any one time
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        scheme = "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_for(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path == path]
