"""A small HTTP client for writing to triplestores (Graph Store Protocol, SPARQL Update).

Every request has a timeout. Connection errors, timeouts, 5xx and 429 answers
are retried a bounded number of times with exponential backoff. Authentication
is none, basic, digest or bearer; credentials come from the environment or a
TOML file and never appear in messages, reprs or logs.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .endpoint import DEFAULT_USER_AGENT, RetryPolicy, Retryable, Unauthorized, parse_json_results, retry_after_seconds
from .errors import EndpointError, UsageError

AUTH_KINDS = ("none", "basic", "digest", "bearer")
USER_ENV, PASSWORD_ENV, TOKEN_ENV = "BALKG_USER", "BALKG_PASSWORD", "BALKG_TOKEN"


@dataclass(frozen=True)
class Credentials:
    """How to authenticate; the secrets are left out of repr()."""

    auth: str = "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.auth not in AUTH_KINDS:
            raise UsageError(f"unknown authentication {self.auth!r}; use one of {', '.join(AUTH_KINDS)}")
        if self.auth in ("basic", "digest") and (not self.user or self.password is None):
            raise UsageError(f"{self.auth} authentication needs a user and a password: set "
                             f"{USER_ENV} and {PASSWORD_ENV}, or use a credentials file")
        if self.auth == "bearer" and not self.token:
            raise UsageError(f"bearer authentication needs a token: set {TOKEN_ENV}, or use a credentials file")


def default_credentials_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "balkg" / "credentials.toml"


def resolve_credentials(url: str, auth: str | None = None, credentials_file: str | os.PathLike | None = None,
                        default_auth: str | None = None, env=None) -> Credentials:
    """Find the credentials for `url`.

    The file (``--credentials FILE``, else ~/.config/balkg/credentials.toml when
    present) has one table per URL prefix; the longest prefix of `url` wins:

        ["http://localhost:8890/"]
        auth = "digest"
        user = "balkg"
        password = "..."

    BALKG_USER, BALKG_PASSWORD and BALKG_TOKEN override the file; an explicit
    `auth` overrides both. Without an explicit kind: the file's, else the
    preset's (`default_auth`) when a user is known, else bearer for a token,
    basic for a user, none otherwise.
    """
    env = os.environ if env is None else env
    entry = _file_entry(url, credentials_file)
    user = env.get(USER_ENV) or entry.get("user")
    password = env.get(PASSWORD_ENV) if env.get(PASSWORD_ENV) is not None else entry.get("password")
    token = env.get(TOKEN_ENV) or entry.get("token")
    kind = auth or entry.get("auth")
    if not kind:
        if user and default_auth in ("basic", "digest"):
            kind = default_auth
        elif token:
            kind = "bearer"
        elif user:
            kind = "basic"
        else:
            kind = "none"
    return Credentials(kind, user, password, token)


def _file_entry(url: str, credentials_file) -> dict:
    path = Path(credentials_file) if credentials_file else default_credentials_file()
    if not path.is_file():
        if credentials_file:
            raise UsageError(f"credentials file {path} does not exist")
        return {}
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the credentials file {path}: {exc.__class__.__name__}") from None
    except tomllib.TOMLDecodeError:
        # The parser's message may quote a line of the file, i.e. a secret.
        raise UsageError(f"the credentials file {path} is not valid TOML") from None
    matches = [prefix for prefix, value in tables.items() if isinstance(value, dict) and url.startswith(prefix)]
    return dict(tables[max(matches, key=len)]) if matches else {}


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str]


def display_url(url: str) -> str:
    """The URL without its query string, for messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {display_url(url) if parts.scheme else url!r}")
    if parts.username or parts.password:
        raise UsageError(f"do not put credentials in the URL; set {USER_ENV}/{PASSWORD_ENV} or use a credentials file")
    return url


@dataclass
class HttpClient:
    """Requests with a timeout, bounded retries with backoff, and authentication."""

    credentials: Credentials = field(default_factory=Credentials)
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = DEFAULT_USER_AGENT

    def request(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
                accept: str | None = None, allow: tuple[int, ...] = ()) -> Response:
        """Send one request, retrying what may succeed later; `allow` lists error statuses returned as-is."""
        check_url(url)
        return self.retry.run(lambda: self._once(method, url, body, content_type, accept, allow), display_url(url))

    def _once(self, method, url, body, content_type, accept, allow) -> Response:
        request = urllib.request.Request(url, data=body, method=method)
        request.add_header("User-Agent", self.user_agent)
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        auth_header = self._auth_header()
        if auth_header:
            request.add_unredirected_header("Authorization", auth_header)
        where = display_url(url)
        try:
            with self._opener(url).open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.read(), dict(answer.headers.items()))
        except urllib.error.HTTPError as exc:
            if exc.code in allow:
                return Response(exc.code, _read(exc), dict(exc.headers.items()) if exc.headers else {})
            if exc.code == 401:
                raise Unauthorized(f"{where}: authentication failed (HTTP 401); check the credentials") from None
            if exc.code == 403:
                raise Unauthorized(f"{where}: access forbidden (HTTP 403); check the user's permissions") from None
            retry_after = retry_after_seconds(exc.headers.get("Retry-After")) if exc.headers else None
            if exc.code == 429:
                raise Retryable("rate limited (HTTP 429)", retry_after) from None
            if exc.code >= 500:
                raise Retryable(f"server error (HTTP {exc.code}){_detail(exc)}", retry_after) from None
            if exc.code == 404:
                raise EndpointError(f"{where}: nothing at this URL (HTTP 404)") from None
            raise EndpointError(f"{where}: the server refused the request (HTTP {exc.code}){_detail(exc)}") from None
        except (socket.timeout, TimeoutError):
            raise Retryable(f"no answer within {self.timeout:g} s (timeout)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise Retryable(f"no answer within {self.timeout:g} s (timeout)") from None
            raise Retryable(f"cannot connect: {_reason(exc.reason)}") from None
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            raise Retryable(f"connection failed: {_reason(exc)}") from None

    def _auth_header(self) -> str | None:
        c = self.credentials
        if c.auth == "basic":
            return "Basic " + base64.b64encode(f"{c.user}:{c.password}".encode()).decode("ascii")
        if c.auth == "bearer":
            return f"Bearer {c.token}"
        return None

    def _opener(self, url: str) -> urllib.request.OpenerDirector:
        if self.credentials.auth != "digest":
            return urllib.request.build_opener()
        # A fresh handler per request: urllib's digest handler keeps a retry count that a
        # failed attempt leaves behind.
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.credentials.user, self.credentials.password)
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    # ---------------------------------------------------------------- SPARQL over this client

    def sparql_select(self, query_url: str, query: str) -> dict:
        """Run a SELECT/ASK query (POST, form-encoded) and return the checked JSON results."""
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        answer = self.request("POST", query_url, body, "application/x-www-form-urlencoded",
                              accept="application/sparql-results+json")
        return parse_json_results(answer.body, display_url(query_url))

    def sparql_update(self, update_url: str, update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self.request("POST", update_url, body, "application/x-www-form-urlencoded")


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except Exception:  # noqa: BLE001 - the body of an error is optional
        return b""


def _detail(exc: urllib.error.HTTPError) -> str:
    text = _read(exc).decode("utf-8", errors="replace")
    try:
        text = json.dumps(json.loads(text))
    except ValueError:
        pass
    line = " ".join(text.split())[:200]
    return f": {line}" if line else ""


def _reason(reason) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    return str(getattr(reason, "strerror", None) or reason) or reason.__class__.__name__
