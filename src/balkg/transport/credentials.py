"""Credentials for a server: none, basic, digest or bearer; from the environment or a TOML file.

The secrets never appear in messages, reprs or logs.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

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
        tables = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the credentials file {path}: {exc.__class__.__name__}") from None
    except tomllib.TOMLDecodeError:
        # The parser's message may quote a line of the file, i.e. a secret.
        raise UsageError(f"the credentials file {path} is not valid TOML") from None
    matches = [prefix for prefix, value in tables.items() if isinstance(value, dict) and url.startswith(prefix)]
    return dict(tables[max(matches, key=len)]) if matches else {}
