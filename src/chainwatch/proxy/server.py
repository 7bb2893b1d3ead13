"""The HTTP side: a threaded stdlib server answering the simple-index routes from the gate.

    GET /simple/                          upstream's project list, if upstream has one (else 404)
    GET /simple/<project>/                PEP 691 JSON or PEP 503 HTML, by the Accept header (or ?format=)
    GET /files/<sha256>/<filename>        the artifact, once vetted and let through; else 403 with the reasons
    GET /files/<sha256>/<filename>.metadata   PEP 658 metadata, passed through after its hash was checked
    GET /health                           "ok", for service monitors

Every answer says `Cache-Control: no-store`: an installer's cache must not let a file past a
stricter policy or a newer analysis later. HEAD is answered like GET, without the body.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, quote, unquote, urlsplit

from packaging.utils import canonicalize_name

from ..index.client import IndexClient
from ..index.names import parse_distribution_filename
from ..index.urls import is_loopback
from .config import ProxyConfig, ProxyUsageError
from .gate import Gate, Refused, Served
from .negotiate import choose
from .render import project_html, project_json, root_html, root_json

Log = Callable[[str], None]
_PROJECT = re.compile(r"/simple/([^/]+)(/?)")
_FILE = re.compile(r"/files/([0-9a-f]{64})/([^/]+)")
_METADATA_SUFFIX = ".metadata"
_CHUNK = 1 << 20


def stderr_log(message: str) -> None:
    print(f"chainwatch proxy: {message}", file=sys.stderr, flush=True)


def check_bind(host: str, listen_public: bool) -> None:
    """Loopback only, unless the user says otherwise: a public proxy hands out whatever its upstream
    credentials can read to anyone who reaches it."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as exc:
        raise ProxyUsageError(f"cannot resolve --host {host!r}: {exc}") from None
    public = sorted(a for a in addresses if not is_loopback(str(a)))
    if public and not listen_public:
        raise ProxyUsageError(
            f"refusing to listen on {host} ({', '.join(map(str, public))}): not a loopback address. Anyone who can "
            "reach it could download through your upstream credentials; pass --listen-public to do it anyway"
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    gate: Gate
    log: Log
    access_log: bool

    def handle_error(self, request: object, client_address: object) -> None:
        # A client closing a kept-alive connection is routine; anything else gets one log line, not a traceback.
        kind, value = sys.exc_info()[:2]
        if kind is not None and issubclass(kind, (ConnectionError, TimeoutError)):
            return
        self.log(f"connection from {client_address} failed: {kind.__name__ if kind else 'error'}: {value}")


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: installers reuse one connection for many requests
    server_version = "chainwatch-proxy"
    timeout = 60  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as separate writes; without this, Nagle's algorithm and the client's
        # delayed ACK add ~40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._dispatch(send_body=True)

    def do_HEAD(self) -> None:
        self._dispatch(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.access_log:
            self.server.log(f"{self.address_string()} {format % args}")

    # -- routing ---------------------------------------------------------------------------------
    def _dispatch(self, send_body: bool) -> None:
        try:
            self._route(send_body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away; nothing to tell it
        except Exception as exc:  # noqa: BLE001 - one bad request must not take the proxy down
            self.server.log(f"internal error answering {self.path[:200]}: {type(exc).__name__}: {exc}")
            self.close_connection = True
            self._text(500, "Internal Error", f"chainwatch proxy: internal error: {type(exc).__name__}\n", send_body)

    def _route(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path in ("", "/", "/simple"):
            self._redirect("/simple/", send_body)
        elif path == "/health":
            self._text(200, "OK", "ok\n", send_body)
        elif path == "/simple/":
            self._root(parts.query, send_body)
        elif (project := _PROJECT.fullmatch(path)) is not None:
            name, slash = project.groups()
            canonical = str(canonicalize_name(name))
            if canonical != name or not slash:
                self._redirect(f"/simple/{quote(canonical)}/", send_body)
            else:
                self._project(canonical, parts.query, send_body)
        elif (file := _FILE.fullmatch(path)) is not None:
            sha256, filename = file.groups()
            if filename.endswith(_METADATA_SUFFIX) and parse_distribution_filename(filename) is None:
                self._metadata(sha256, filename[: -len(_METADATA_SUFFIX)], send_body)
            else:
                self._artifact(sha256, filename, send_body)
        else:
            self._text(404, "Not Found", "not a route of the chainwatch proxy\n", send_body)

    def _page_format(self, query: str, send_body: bool) -> tuple[str, str] | None:
        requested = parse_qs(query).get("format", [None])[0]
        chosen = choose(self.headers.get("Accept"), requested)
        if chosen is None:
            self._text(406, "Not Acceptable", "this index speaks PEP 691 JSON and PEP 503 HTML only\n", send_body)
        return chosen

    def _root(self, query: str, send_body: bool) -> None:
        chosen = self._page_format(query, send_body)
        if chosen is None:
            return
        names = self.server.gate.project_names()
        if isinstance(names, Refused):
            self._refused(names, send_body)
            return
        kind, content_type = chosen
        self._page(root_json(names) if kind == "json" else root_html(names), content_type, send_body)

    def _project(self, name: str, query: str, send_body: bool) -> None:
        chosen = self._page_format(query, send_body)
        if chosen is None:
            return
        listed = self.server.gate.project(name)
        if isinstance(listed, Refused):
            self._refused(listed, send_body)
            return
        kind, content_type = chosen
        body = project_json(name, listed) if kind == "json" else project_html(name, listed)
        self._page(body, content_type, send_body)

    def _metadata(self, sha256: str, filename: str, send_body: bool) -> None:
        data = self.server.gate.metadata(sha256, filename)
        if isinstance(data, Refused):
            self._refused(data, send_body)
            return
        self._send(200, "OK", "application/octet-stream", data, send_body)

    def _artifact(self, sha256: str, filename: str, send_body: bool) -> None:
        outcome = self.server.gate.artifact(sha256, filename)
        if isinstance(outcome, Refused):
            self._refused(outcome, send_body)
            return
        self._file(outcome, send_body)

    # -- answers ---------------------------------------------------------------------------------
    def _file(self, served: Served, send_body: bool) -> None:
        with served.path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Chainwatch-Verdict", f"{served.record.verdict.value}; {served.judgement.action.value}")
            self.end_headers()
            if send_body:
                shutil.copyfileobj(handle, self.wfile, _CHUNK)

    def _page(self, body: bytes, content_type: str, send_body: bool) -> None:
        self._send(200, "OK", content_type, body, send_body, {"Vary": "Accept"})

    def _refused(self, refused: Refused, send_body: bool) -> None:
        self._text(refused.status, refused.reason, refused.body, send_body)

    def _redirect(self, location: str, send_body: bool) -> None:
        self._send(301, "Moved Permanently", "text/plain; charset=utf-8", b"", send_body, {"Location": location})

    def _text(self, status: int, reason: str, text: str, send_body: bool) -> None:
        self._send(status, reason, "text/plain; charset=utf-8", text.encode(), send_body)

    def _send(
        self,
        status: int,
        reason: str,
        content_type: str,
        body: bytes,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status, reason)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class ProxyServer:
    """The proxy on its own thread (`start`/`stop`, or a `with` block), or in the foreground (`serve_forever`)."""

    def __init__(
        self,
        config: ProxyConfig,
        log: Log = stderr_log,
        *,
        client: IndexClient | None = None,
        access_log: bool = False,
    ) -> None:
        check_bind(config.host, config.listen_public)
        server_class = _Server6 if ":" in config.host else _Server
        self.gate = Gate(config, log, client)
        try:
            self.httpd = server_class((config.host, config.port), _Handler)
        except OSError as exc:
            self.gate.close()
            raise ProxyUsageError(f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}") from None
        self.httpd.gate = self.gate
        self.httpd.log = log
        self.httpd.access_log = access_log
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        port: int = self.httpd.server_address[1]
        return port

    @property
    def url(self) -> str:
        host = str(self.httpd.server_address[0])
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def index_url(self) -> str:
        return f"{self.url}/simple/"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="chainwatch-proxy", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self.httpd.server_close()
        self.gate.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
