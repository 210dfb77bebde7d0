"""Download feeds politely: the planet's only network code (plus reading allowed local files).

Bounded concurrency (in all and per server), connect/read timeouts, a per-feed time limit
and an overall deadline; conditional GET; streamed bodies capped before and after
decompression (a gzip bomb stops at the cap); redirects followed by hand up to a limit,
permanent ones reported; 410 means gone; 429/503 Retry-After honoured by the caller. Results are frozen dataclasses; bodies are
parsed elsewhere (parse.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from planet.sanitize import is_http_url, safe_url

logger = logging.getLogger(__name__)

OK = "ok"
NOT_MODIFIED = "not-modified"
FAILED = "failed"
GONE = "gone"
PERMANENT_REDIRECTS = (301, 308)
TEMPORARY_REDIRECTS = (302, 303, 307)


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str
    concurrency: int = 16
    concurrency_per_server: int = 4
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    feed_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 5_000_000
    max_decompressed_bytes: int = 20_000_000
    max_redirects: int = 5
    project_root: Path = Path()
    allow_local_files: bool = False  # PLANET_ALLOW_LOCAL_FEEDS


@dataclass(frozen=True)
class FeedRequest:
    member: str
    url: str  # http(s) URL or a path relative to the project root
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    member: str
    url: str
    status: str  # OK, NOT_MODIFIED, FAILED or GONE
    final_url: str = ""
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    moved_to: str | None = None  # where a permanent redirect points
    retry_after: float | None = None  # do not ask again before this instant (epoch seconds)


class FetchError(Exception):
    """A feed could not be downloaded; the message says why, for the health report."""

    def __init__(
        self, message: str, http_status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.retry_after = retry_after


class _Decoder:
    """Decompresses a streamed body, refusing to produce more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._inflater = None
        elif encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")
        self._first = True
        self._raw_deflate_possible = encoding == "deflate"

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"feed too large: more than {self.limit} bytes once decompressed")
        self.chunks.append(data)

    def add(self, chunk: bytes) -> None:
        if self._inflater is None:
            self._keep(chunk)
            return
        try:
            data = self._inflater.decompress(chunk, self.limit - self.size + 1)
            if self._first and not data and not chunk:
                return
            self._first = False
        except zlib.error:
            if self._first and self._raw_deflate_possible:
                # "deflate" servers that send raw deflate without the zlib header
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = self._raw_deflate_possible = False
                self.add(chunk)
                return
            raise FetchError("the compressed body is corrupt") from None
        self._keep(data)
        if self._inflater.unconsumed_tail:
            raise FetchError(f"feed too large: more than {self.limit} bytes once decompressed")

    def body(self) -> bytes:
        if self._inflater is not None:
            try:
                self._keep(self._inflater.flush())
            except zlib.error:
                raise FetchError("the compressed body is corrupt") from None
        return b"".join(self.chunks)


# However long a server asks us to wait, the feed is asked again within a week.
LONGEST_RETRY_AFTER = 7 * 86400


def retry_after_instant(value: str | None, now: float) -> float | None:
    """The instant a Retry-After header (seconds or an HTTP date) allows a new request,
    at most LONGEST_RETRY_AFTER from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + min(int(value), LONGEST_RETRY_AFTER)
    try:
        instant = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(instant, now + LONGEST_RETRY_AFTER)


def _conditional_headers(request: FeedRequest) -> dict[str, str]:
    headers = {}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers


async def _download(
    session: aiohttp.ClientSession, request: FeedRequest, config: FetchConfig
) -> FetchResult:
    url = request.url
    seen = {url}
    permanent = True
    moved_to = None
    for _hop in range(config.max_redirects + 1):
        async with session.get(
            url, headers=_conditional_headers(request), allow_redirects=False
        ) as response:
            code = response.status
            if code not in PERMANENT_REDIRECTS and code not in TEMPORARY_REDIRECTS:
                return await _answer(request, response, url, moved_to, config)
            await _drain(response)
            target = safe_url(response.headers.get("location"), url)
            if target is None:
                raise FetchError(f"HTTP {code} redirect without a usable http(s) Location", code)
            permanent = permanent and code in PERMANENT_REDIRECTS
            if target in seen:
                raise FetchError(f"redirect loop at {target}", code)
            seen.add(target)
            url = target
            moved_to = target if permanent else None
    raise FetchError(f"more than {config.max_redirects} redirects")


async def _answer(
    request: FeedRequest,
    response: aiohttp.ClientResponse,
    url: str,
    moved_to: str | None,
    config: FetchConfig,
) -> FetchResult:
    """The result of the last response in a redirect chain."""
    code = response.status
    reason = response.reason or ""
    if code in (429, 503):
        until = retry_after_instant(response.headers.get("retry-after"), time.time())
        wait = ""
        if until:
            wait = f", retry after {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(until))}"
        raise FetchError(f"HTTP {code} {reason}{wait}", code, until)
    if code not in (200, 304, 410):
        raise FetchError(f"HTTP {code} {reason}".strip(), code)
    if code == 200:
        body = await _read_body(response, config)
    else:
        body = b""
        await _drain(response)
    headers = {key.lower(): value for key, value in response.headers.items()}
    headers.pop("content-encoding", None)
    headers.pop("content-length", None)
    status = {200: OK, 304: NOT_MODIFIED, 410: GONE}[code]
    return FetchResult(
        request.member,
        request.url,
        status,
        final_url=url,
        http_status=code,
        body=body,
        headers=headers,
        error="HTTP 410 Gone: the feed was removed" if code == 410 else None,
        moved_to=moved_to,
    )


async def _drain(response: aiohttp.ClientResponse, limit: int = 65_536) -> None:
    """Read a short body to its end so the connection can be reused; leave long ones."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= limit:
        await response.read()


async def _read_body(response: aiohttp.ClientResponse, config: FetchConfig) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > config.max_bytes:
        raise FetchError(f"feed too large: {declared} bytes (the limit is {config.max_bytes})")
    decoder = _Decoder(response.headers.get("content-encoding", ""), config.max_decompressed_bytes)
    received = 0
    async for chunk in response.content.iter_any():  # as sent: the session never decompresses
        received += len(chunk)
        if received > config.max_bytes:
            raise FetchError(f"feed too large: more than {config.max_bytes} bytes")
        decoder.add(chunk)
    return decoder.body()


def read_local(request: FeedRequest, config: FetchConfig) -> FetchResult:
    """A feed file inside the project (demo and test settings only)."""
    if not config.allow_local_files:
        return FetchResult(
            request.member,
            request.url,
            FAILED,
            error="not a web address, and these settings allow no local feed files "
            "(PLANET_ALLOW_LOCAL_FEEDS)",
        )
    root = config.project_root.resolve()
    path = (root / request.url).resolve()
    if not path.is_relative_to(root):
        return FetchResult(
            request.member,
            request.url,
            FAILED,
            error="a local feed file must be inside the project",
        )
    try:
        size = path.stat().st_size
        if size > config.max_decompressed_bytes:
            raise FetchError(f"feed too large: {size} bytes")
        body = path.read_bytes()
    except OSError as error:
        return FetchResult(
            request.member,
            request.url,
            FAILED,
            error=f"cannot read {request.url}: {error.strerror}",
        )
    except FetchError as error:
        return FetchResult(request.member, request.url, FAILED, error=str(error))
    kind = "text/html" if path.suffix in (".html", ".htm") else "application/xml"
    return FetchResult(
        request.member,
        request.url,
        OK,
        final_url=request.url,
        body=body,
        headers={"content-type": kind},
    )


def _describe(error: aiohttp.ClientError) -> str:
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return "timed out connecting"
    if isinstance(error, aiohttp.ServerTimeoutError):
        return "timed out waiting for the server"
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        problem = error.certificate_error
        reason = getattr(problem, "verify_message", None) or getattr(problem, "reason", None)
        return f"the certificate of {error.host} is not trusted: {reason or problem}"
    if isinstance(error, aiohttp.ClientConnectorError):
        cause = error.os_error
        if isinstance(cause, ssl.SSLError):  # its errno is OpenSSL's, not the system's
            reason = f"TLS failed: {cause.reason or cause}"
        elif isinstance(cause, socket.gaierror):  # the name did not resolve
            reason = cause.strerror or str(cause)
        else:  # asyncio's own text ("Connect call failed ...") says less than the errno
            reason = os.strerror(cause.errno) if cause.errno else (cause.strerror or str(cause))
        return f"could not connect to {error.host}:{error.port}: {reason}"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "the server closed the connection before answering"
    if isinstance(error, aiohttp.ClientPayloadError):
        return "the body ended early or was malformed"
    if isinstance(error, aiohttp.ClientResponseError):  # aiohttp's HTTP parser refused it
        detail = str(error.message).strip().splitlines()
        return "malformed answer" + (f": {detail[0][:200]}" if detail else "")
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def server_of(url: str) -> str:
    """The server a URL names, as ``host:port``: the unit of PLANET_CONCURRENCY_PER_SERVER."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # refused later, with a reason, by the request itself
        port = None
    default = 443 if parts.scheme.lower() == "https" else 80
    return f"{parts.hostname or ''}:{port or default}"


async def fetch_one(
    request: FeedRequest,
    config: FetchConfig,
    session: aiohttp.ClientSession,
    slots: asyncio.Semaphore,
    server_slots: asyncio.Semaphore,
) -> FetchResult:
    """One feed, never raising: every failure comes back as a FAILED result with a reason.
    It waits for a place among the requests to its server first, then for one among all,
    so a queue for one busy server never holds places other servers could use; its time
    limit starts once it has both."""
    async with server_slots, slots:
        try:
            async with asyncio.timeout(config.feed_timeout):
                return await _download(session, request, config)
        except FetchError as error:
            return FetchResult(
                request.member,
                request.url,
                FAILED,
                http_status=error.http_status,
                error=str(error),
                retry_after=error.retry_after,
            )
        except aiohttp.ServerTimeoutError as error:  # before TimeoutError, its base class
            return FetchResult(request.member, request.url, FAILED, error=_describe(error))
        except TimeoutError:
            return FetchResult(
                request.member,
                request.url,
                FAILED,
                error=f"timed out: no complete answer within {config.feed_timeout:g} s",
            )
        except aiohttp.InvalidURL as error:  # a malformed address, such as a bad Location
            return FetchResult(
                request.member, request.url, FAILED, error=f"invalid address in the answer: {error}"
            )
        except aiohttp.ClientError as error:
            return FetchResult(request.member, request.url, FAILED, error=_describe(error))
        except (OSError, ValueError) as error:
            return FetchResult(
                request.member, request.url, FAILED, error=f"{type(error).__name__}: {error}"
            )


def tls_verification() -> ssl.SSLContext | bool:
    """How to check servers' certificates: the system's CA store, as aiohttp does by
    default (True), or certifi's bundle where the system has none (python.org builds on
    macOS ship without one until "Install Certificates" is run)."""
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return True
    if paths.capath and os.path.isdir(paths.capath):
        with os.scandir(paths.capath) as entries:
            if any(entries):
                return True
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def make_session(config: FetchConfig) -> aiohttp.ClientSession:
    """One session for the round: bounded connections, no cookies, bodies left as sent."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=config.concurrency, ssl=tls_verification()),
        headers={
            "User-Agent": config.user_agent,
            "Accept": "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
        },
        timeout=aiohttp.ClientTimeout(
            total=None,
            connect=config.connect_timeout,
            sock_connect=config.connect_timeout,
            sock_read=config.read_timeout,
        ),
        auto_decompress=False,  # _Decoder inflates, with the size cap
        # Longer header lines than aiohttp's default 8190 bytes (h11 allowed 16 KiB).
        max_line_size=16_384,
        max_field_size=16_384,
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        raise_for_status=False,
    )


async def fetch_feeds(
    requests: list[FeedRequest], config: FetchConfig
) -> AsyncIterator[FetchResult]:
    """Yield one result per request as each completes; those still running at the deadline fail."""
    started = time.monotonic()
    remote = []
    for request in requests:
        if is_http_url(request.url):
            remote.append(request)
        else:
            yield read_local(request, config)
    if not remote:
        return
    slots = asyncio.Semaphore(config.concurrency)
    by_server: dict[str, asyncio.Semaphore] = {}
    async with make_session(config) as session:
        pending = {
            asyncio.create_task(
                fetch_one(
                    request,
                    config,
                    session,
                    slots,
                    by_server.setdefault(
                        server_of(request.url), asyncio.Semaphore(config.concurrency_per_server)
                    ),
                )
            ): request
            for request in remote
        }
        try:
            while pending:
                remaining = config.deadline - (time.monotonic() - started)
                if remaining <= 0:
                    break
                done, _ = await asyncio.wait(
                    pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    pending.pop(task)
                    yield task.result()
            for task, request in pending.items():
                task.cancel()
                yield FetchResult(
                    request.member,
                    request.url,
                    FAILED,
                    error=f"not finished before the overall deadline of {config.deadline:g} s",
                )
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
