"""Politeness toward CQC's site, as one small object: rate, robots.txt, retries, conditional requests.

Every request the fetcher sends goes through `Policy.send`, so none can skip a rule:

- **rate**: one request at a time, and each starts at least `1 / rate` seconds (default one second)
  after the previous one ended, retries included, so starts are never closer than `1 / rate` and a
  slow answer slows the run; a `Crawl-delay` or `Request-rate` in robots.txt lengthens the pause,
  never shortens it;
- **robots.txt** (`urllib.robotparser`): a path it disallows is never requested. A robots.txt that
  answers 4xx allows everything and one that cannot be read (5xx, no connection) disallows everything,
  as RFC 9309 says;
- **retries** (tenacity): a connection error, a timeout, or a 5xx answer is tried again after an
  exponential backoff (1, 2, 4 s...); a 429 (or 503) with `Retry-After` waits what the server asks, up
  to `longest_wait`, beyond which the page fails rather than stall the run. After `attempts` tries
  the last answer (or error) is the page's;
- **conditional requests**: the validators of the archived copy (`ETag`, `Last-Modified`) become
  `If-None-Match` / `If-Modified-Since`, so an unchanged page costs the server a 304 and no body.

Time and sleep are injectable so the rules can be tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol, TypeVar
from urllib.robotparser import RobotFileParser

import httpx
import tenacity

from ..errors import UsageError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509})  # and any other 5xx
ATTEMPTS = 4
BACKOFF_SECONDS = 1.0
LONGEST_BACKOFF_SECONDS = 60.0
LONGEST_RETRY_AFTER_SECONDS = 300.0


class _Answer(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> dict[str, str]: ...


A = TypeVar("A", bound=_Answer)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks for (a number of seconds or an HTTP date), else None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Policy:
    """The rules of one fetch run; see the module docstring."""

    def __init__(
        self,
        rate: float = 1.0,
        timeout: float = 30.0,
        *,
        agent: str = "cqc-la",
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        longest_backoff: float = LONGEST_BACKOFF_SECONDS,
        longest_wait: float = LONGEST_RETRY_AFTER_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not rate > 0:
            raise UsageError(f"--rate must be a positive number of requests per second, found {rate}")
        if not timeout > 0:
            raise UsageError(f"--timeout must be a positive number of seconds, found {timeout}")
        self.rate = rate
        self.timeout = timeout
        self.agent = agent
        self.attempts = attempts
        self.backoff = backoff
        self.longest_backoff = longest_backoff
        self.longest_wait = longest_wait
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._last_end: float | None = None
        self._robots: RobotFileParser | None = None
        self.requests = 0  # sent, retries included
        self.last_attempts = 0  # how many the last `send` took

    # --- robots.txt ------------------------------------------------------------------------------------
    def read_robots(self, status: int | None, text: str) -> None:
        """Take the site's robots.txt as fetched (`status` None: it could not be fetched at all)."""
        robots = RobotFileParser()
        if status is not None and 200 <= status < 300:
            robots.parse(text.splitlines())
            delay = robots.crawl_delay(self.agent)
            rate = robots.request_rate(self.agent)
            slowest = max(
                [self.interval, float(delay or 0)]
                + ([rate.seconds / rate.requests] if rate and rate.requests else [])
            )
            self.interval = slowest
        elif status is not None and 400 <= status < 500:
            robots.parse([])  # no rules: everything allowed
        else:
            robots.parse(["User-agent: *", "Disallow: /"])
        self._robots = robots

    def allows(self, url: str) -> bool:
        """Whether robots.txt lets us request `url` (True before robots.txt is read: it is read first)."""
        return self._robots is None or self._robots.can_fetch(self.agent, url)

    # --- conditional requests --------------------------------------------------------------------------
    @staticmethod
    def conditional(etag: str | None, last_modified: str | None) -> dict[str, str]:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    # --- rate and retries ------------------------------------------------------------------------------
    def wait(self) -> None:
        """Sleep until the next request may start (`interval` after the previous one ended)."""
        if self._last_end is not None:
            due = self._last_end + self.interval
            now = self._clock()
            if due > now:
                self._sleep(due - now)
        self.requests += 1

    def ended(self) -> None:
        """Note that a request has ended (answered or failed): the next waits from now."""
        self._last_end = self._clock()

    def send(self, request: Callable[[], A]) -> A:
        """Send `request` under the rate, trying again as the module docstring says; returns the last
        answer (which may still be a 5xx or 429) or raises the last transport error."""

        self.last_attempts = 0

        def attempt() -> A:
            self.last_attempts += 1
            self.wait()
            try:
                return request()
            finally:
                self.ended()

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=self._wait_before_retry,
            retry=self._should_retry,
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
            sleep=self._sleep,
            reraise=True,
        )
        return retrying(attempt)

    def _should_retry(self, state: tenacity.RetryCallState) -> bool:
        outcome = state.outcome
        if outcome is None:
            return False
        if outcome.failed:
            return isinstance(outcome.exception(), httpx.TransportError)  # connection errors, timeouts
        answer = outcome.result()
        if not (answer.status in RETRY_STATUSES or answer.status >= 500):
            return False
        asked = retry_after(answer.headers.get("retry-after"))
        return asked is None or asked <= self.longest_wait

    def _wait_before_retry(self, state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            asked = retry_after(outcome.result().headers.get("retry-after"))
            if asked is not None:
                return asked
        return min(self.longest_backoff, self.backoff * 2 ** (state.attempt_number - 1))
