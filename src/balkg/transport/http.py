"""The one HTTP client: httpx with connection reuse, authentication, a deadline, retries, one error mapping.

The deadline covers the whole request - connecting, sending and receiving,
digest challenge included - not each socket read: every read and write of the
connection gets only the time left, so a server that trickles bytes is cut off
at the timeout. httpx offers timeouts per operation only, so the deadline is
enforced by a network backend of our own under httpx's connection pool.
"""

from __future__ import annotations

import json
import socket
import time
from contextvars import ContextVar
from dataclasses import dataclass, field

import httpcore
import httpx

from .. import __version__
from ..errors import EndpointError, UsageError
from .credentials import Credentials
from .retry import RetryPolicy, Retryable, retry_after_seconds
from .urls import display_url

PROJECT_URL = "https://w3id.org/balkg"
DEFAULT_USER_AGENT = f"balkg/{__version__} (+{PROJECT_URL}; SPARQL client) httpx/{httpx.__version__}"
_WRITE_SLICE = 64 * 1024

# monotonic time by which the request under way must be done (None: no deadline)
_deadline: ContextVar[float | None] = ContextVar("balkg_http_deadline", default=None)


class Unauthorized(EndpointError):
    """The server refused the credentials (exit 1: the call was right, the secret was not)."""

    exit_code = 1


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    # The exchange as sent and received, for an archive of it (WARC): the URL answered (after
    # redirects), the request's headers, the HTTP version and the reason phrase.
    url: str = ""
    request_headers: dict[str, str] = field(default_factory=dict)
    http_version: str = "HTTP/1.1"
    reason: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class HttpClient:
    """Requests with a deadline, bounded retries with backoff, authentication, and one reused connection pool."""

    credentials: Credentials = field(default_factory=Credentials)
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = DEFAULT_USER_AGENT
    _session: httpx.Client | None = field(default=None, init=False, repr=False, compare=False)

    def request(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
                accept: str | None = None, allow: tuple[int, ...] = (), retry: RetryPolicy | None = None,
                timeout: float | None = None, resend_needed=None,
                headers: dict[str, str] | None = None) -> Response | None:
        """Send one request, retrying what may succeed later; `allow` lists error statuses returned as-is.

        `retry` and `timeout` override the client's for this request (a request
        that must not be sent twice, or one whose work grows with its size);
        `resend_needed` is asked before each retry (see `RetryPolicy.run`); `headers` are sent
        besides the client's own.
        """
        seconds = self.timeout if timeout is None else timeout
        headers = {**(headers or {}), **{k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}}
        once = lambda: self._once(method, url, body, headers, allow, seconds)  # noqa: E731
        return (retry or self.retry).run(once, display_url(url), resend_needed)

    def _once(self, method, url, body, headers, allow, seconds) -> Response:
        token = _deadline.set(time.monotonic() + seconds)
        try:
            answer = self.session.request(method, url, content=body, headers=headers, timeout=seconds)
        except httpx.TimeoutException:
            raise Retryable(f"no answer within {seconds:g} s (timeout)") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise UsageError(f"not an http(s) URL: {display_url(url)}") from None
        except httpx.ConnectError as exc:
            raise Retryable(f"cannot connect: {_reason(exc)}") from None
        except httpx.TransportError as exc:
            raise Retryable(f"connection failed: {_reason(exc)}") from None
        except httpx.TooManyRedirects:
            raise EndpointError(f"{display_url(url)}: more than {self.session.max_redirects} redirects "
                                f"(a redirect loop?)") from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"{display_url(url)}: {_reason(exc)}") from None
        finally:
            _deadline.reset(token)
        return check_status(Response(answer.status_code, answer.content, dict(answer.headers), str(answer.url),
                                     dict(answer.request.headers), answer.http_version, answer.reason_phrase),
                            url, allow)

    @property
    def session(self) -> httpx.Client:
        if self._session is None:
            self._session = httpx.Client(transport=_DeadlineTransport(), auth=_auth(self.credentials),
                                         headers={"User-Agent": self.user_agent}, follow_redirects=True)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_status(answer: Response, url: str, allow: tuple[int, ...] = ()) -> Response:
    """The answer if it is a success (or an allowed status), else the error it means."""
    status, where = answer.status, display_url(url)
    if status < 400 or status in allow:
        return answer
    if status == 401:
        raise Unauthorized(f"{where}: authentication failed (HTTP 401); check the credentials")
    if status == 403:
        raise Unauthorized(f"{where}: access forbidden (HTTP 403); check the user's permissions")
    retry_after = retry_after_seconds(answer.headers.get("retry-after"))
    if status == 429:
        raise Retryable("rate limited (HTTP 429)", retry_after)
    if status >= 500:
        raise Retryable(f"server error (HTTP {status}){_detail(answer.body)}", retry_after)
    if status == 404:
        raise EndpointError(f"{where}: nothing at this URL (HTTP 404)")
    raise EndpointError(f"{where}: the server refused the request (HTTP {status}){_detail(answer.body)}")


def _auth(c: Credentials) -> httpx.Auth | None:
    if c.auth == "basic":
        return httpx.BasicAuth(c.user, c.password)
    if c.auth == "digest":
        return httpx.DigestAuth(c.user, c.password)
    if c.auth == "bearer":
        return _Bearer(c.token)
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self._token = token

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def _detail(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    try:
        text = json.dumps(json.loads(text))
    except ValueError:
        pass
    line = " ".join(text.split())[:200]
    return f": {line}" if line else ""


def _reason(exc: BaseException) -> str:
    """The OS-level cause of a transport error, in a few words."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "unknown host"
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        cause = cause.__cause__ or cause.__context__
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "name resolution" in text.lower():
        return "unknown host"
    return text or exc.__class__.__name__


# ---------------------------------------------------------------- the deadline under httpx

def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write gets at most the time left before the deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # In slices: one write of a big body could otherwise block for the full timeout per send.
        for start in range(0, len(buffer), _WRITE_SLICE) or [0]:
            self._inner.write(buffer[start:start + _WRITE_SLICE], _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> "_DeadlineStream":
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self):
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_tcp(host, port, _left(timeout, httpcore.ConnectTimeout),
                                                       local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - not used
        return _DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout, httpcore.ConnectTimeout),
                                                               socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries are off
        self._inner.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses the deadline backend.

    httpx has no public hook for the network backend, so its pool is replaced
    by an equal one (same defaults) built with ours; proxies taken from the
    environment keep httpx's own per-operation timeouts.
    """

    def __init__(self):
        super().__init__()
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend())
