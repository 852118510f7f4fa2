"""Bounded retries: exponential backoff with jitter, honouring the server's Retry-After."""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from ..errors import EndpointError

T = TypeVar("T")


class Retryable(Exception):
    """A failure that may pass if the request is sent again (connection, timeout, 5xx, 429)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class RetryPolicy:
    """At most `attempts` tries; between them backoff * 2**n seconds, less up to `jitter` of it.

    Jitter spreads the retries of many clients that failed together; a
    Retry-After from the server is honoured as given (up to `max_wait`).
    """

    attempts: int = 4
    backoff: float = 0.5
    max_wait: float = 30.0
    jitter: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_wait)
        base = min(self.backoff * (2 ** attempt), self.max_wait)
        return base * (1 - self.jitter * self.random())

    def run(self, once: Callable[[], T], where: str, resend_needed: Callable[[], bool] | None = None) -> T | None:
        """Call `once` until it succeeds or raises something other than Retryable, at most `attempts` times.

        Before each retry `resend_needed()` (when given) may find that the
        server already holds what the failed attempt sent: then nothing is
        sent again and the result is None.
        """
        attempts = max(1, self.attempts)
        last: Retryable | None = None
        for attempt in range(attempts):
            if attempt and resend_needed is not None and not resend_needed():
                return None
            try:
                return once()
            except Retryable as exc:
                last = exc
                if attempt + 1 < attempts:
                    self.sleep(self.delay(attempt, exc.retry_after))
        raise EndpointError(f"{where}: {last} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})")

    def once(self) -> "RetryPolicy":
        """The same policy without retries, for requests that must not be sent twice."""
        return RetryPolicy(1, self.backoff, self.max_wait, self.jitter, self.sleep, self.random)


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header: seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
