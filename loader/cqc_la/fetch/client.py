"""The HTTP side of fetching: one `httpx.Client`, every request under the `Policy`, answers as values.

The client says who it is (`User-Agent: cqc-la/<version> (+<contact URL>)`), keeps no cookies, sends
the archived copy's validators as a conditional request, reads at most `MAX_BYTES` of a body, and never follows a redirect
by itself: `target` tells the caller where a redirect points when that is inside what the caller
allows (CQC's host and the report's address; the caller decides), and fails it otherwise. The caller
(`pages.py`) queues an allowed target like any other page, so a redirect to a page already fetched
costs no second request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from urllib.parse import urldefrag, urljoin

import httpx

from .. import __version__
from .policy import Policy

CONTACT_URL = "https://pypi.org/project/cqc-la/"
MAX_BYTES = 64 * 1024 * 1024  # CQC's largest report PDFs are a few megabytes
KEPT_HEADERS = ("content-type", "etag", "last-modified", "location", "retry-after")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def user_agent(contact: str = CONTACT_URL) -> str:
    return f"cqc-la/{__version__} (+{contact})"


@dataclass(frozen=True)
class Answer:
    """One HTTP response: its status, the headers the archive keeps, and its body."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    attempts: int = 1  # requests it took (retries of 5xx, 429, timeouts)

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES and bool(self.headers.get("location"))

    @property
    def reason(self) -> str:
        phrase = httpx.codes.get_reason_phrase(self.status)
        return f"HTTP {self.status} {phrase}".rstrip()

    def failure(self) -> str:
        """Why an answer that is not content, a redirect or a 404 fails its page, in one line."""
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        wait = self.headers.get("retry-after")
        asked = (
            f" (Retry-After: {wait}, longer than the fetcher waits)" if wait and self.attempts == 1 else ""
        )
        return f"{self.reason}{tries}{asked}"


class FetchFailure(Exception):
    """A page that gave no usable answer: the URL and why, in one line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Disallowed(FetchFailure):
    """robots.txt forbids the page: it is not requested (and not a failure of the site)."""


class _TooLarge(Exception):
    pass


class Client:
    def __init__(
        self, policy: Policy, *, contact: str = CONTACT_URL, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.policy = policy
        self.http = httpx.Client(
            headers={"User-Agent": user_agent(contact)},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # none kept, none sent
            transport=transport,
        )
        self.conditional = 0  # requests sent with validators
        self.not_modified = 0  # of which answered 304

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.http.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Answer:
        """GET `url` under the policy, conditionally when validators are given. Raises `Disallowed`
        (robots.txt) or `FetchFailure` (no answer after every attempt, or a body over `MAX_BYTES`)."""
        if not self.policy.allows(url):
            raise Disallowed(url, "robots.txt disallows it: not requested")
        headers = self.policy.conditional(etag, last_modified)
        try:
            answer = self.policy.send(lambda: self._get(url, headers))
        except httpx.TimeoutException:
            raise FetchFailure(
                url, f"timed out after {self.policy.timeout:g} s, {self.policy.attempts} attempts"
            ) from None
        except httpx.TransportError as error:
            said = str(error) or type(error).__name__
            raise FetchFailure(url, f"no answer after {self.policy.attempts} attempts: {said}") from None
        except _TooLarge:
            raise FetchFailure(url, f"the answer is larger than {MAX_BYTES // (1024 * 1024)} MB") from None
        self.conditional += bool(headers)
        self.not_modified += answer.status == 304
        return replace(answer, attempts=self.policy.last_attempts)

    def _get(self, url: str, headers: dict[str, str]) -> Answer:
        with self.http.stream("GET", url, headers=headers) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise _TooLarge
            kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
            return Answer(url, response.status_code, kept, bytes(body))

    @staticmethod
    def target(answer: Answer, allowed: Callable[[str], bool]) -> str:
        """Where a redirect points, when `allowed` accepts it; else `FetchFailure` (not followed)."""
        location = urldefrag(urljoin(answer.url, answer.headers.get("location", "")))[0]
        if not allowed(location):
            raise FetchFailure(answer.url, f"{answer.reason} to {location}, outside the report: not followed")
        return location
