"""URLs a user gives: checked once, shown without secrets."""

from __future__ import annotations

import urllib.parse

from ..errors import UsageError

CREDENTIALS_HINT = "set BALKG_USER/BALKG_PASSWORD (or BALKG_TOKEN) or use a credentials file"


def display_url(url: str) -> str:
    """The URL without its query string or user information, for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<malformed URL>"
    netloc = (f"[{host}]" if ":" in host else host) + port
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def check_url(url: str) -> str:
    """`url` if it is an http(s) URL with a host and no user information, else a UsageError."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise UsageError(f"malformed URL: {_without_userinfo(url)!r}") from None
    if parts.username or parts.password:
        raise UsageError(f"do not put credentials in the URL; {CREDENTIALS_HINT}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {display_url(url) if parts.scheme else url!r}")
    return url


def _without_userinfo(url: str) -> str:
    """A malformed URL cannot be parsed, so drop anything before an '@' in its authority by hand."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"
