"""The politeness policy and the client, without a server: a fake clock and httpx's MockTransport."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from cqc_la import __version__
from cqc_la.errors import UsageError
from cqc_la.fetch.client import Client, Disallowed, FetchFailure, user_agent
from cqc_la.fetch.policy import Policy, retry_after

PAGE = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/york-1225/summary"


class Clock:
    """Time that passes only when the policy sleeps (and `tick` seconds per request)."""

    def __init__(self, tick: float = 0.0) -> None:
        self.now = 100.0
        self.tick = tick
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def _client(
    answers: list[httpx.Response | Exception], clock: Clock, **policy: float
) -> tuple[Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        clock.now += clock.tick
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    rules = Policy(clock=clock, sleep=clock.sleep, **policy)  # type: ignore[arg-type]
    return Client(rules, transport=httpx.MockTransport(handler)), seen


def test_requests_are_spaced_by_the_rate_from_the_end_of_the_previous_one() -> None:
    clock = Clock(tick=0.1)  # each answer takes 0.1 s
    client, seen = _client([httpx.Response(200)] * 3, clock, rate=2.0)
    for _ in range(3):
        client.get(PAGE)
    assert clock.slept == [0.5, 0.5]  # nothing before the first; half a second after each
    assert len(seen) == 3


def test_a_5xx_is_retried_with_exponential_backoff_and_then_answers() -> None:
    clock = Clock()
    client, seen = _client(
        [httpx.Response(500), httpx.Response(503), httpx.Response(200, text="ok")], clock, rate=100
    )
    answer = client.get(PAGE)
    assert (answer.status, answer.body) == (200, b"ok")
    assert [s for s in clock.slept if s > 0.01] == [1.0, 2.0]
    assert len(seen) == 3


def test_a_429_waits_for_its_retry_after() -> None:
    clock = Clock()
    client, _ = _client(
        [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200)], clock, rate=100
    )
    assert client.get(PAGE).status == 200
    assert 7.0 in clock.slept


def test_a_retry_after_longer_than_the_longest_wait_fails_the_page_at_once() -> None:
    clock = Clock()
    client, seen = _client([httpx.Response(429, headers={"Retry-After": "3600"})], clock, rate=100)
    answer = client.get(PAGE)
    assert (answer.status, len(seen)) == (429, 1)
    assert answer.failure() == "HTTP 429 Too Many Requests (Retry-After: 3600, longer than the fetcher waits)"


def test_a_5xx_on_every_attempt_gives_the_last_answer() -> None:
    clock = Clock()
    client, seen = _client([httpx.Response(502)] * 4, clock, rate=100)
    answer = client.get(PAGE)
    assert (answer.status, answer.failure()) == (502, "HTTP 502 Bad Gateway after 4 attempts")
    assert len(seen) == 4 and [s for s in clock.slept if s > 0.01] == [1.0, 2.0, 4.0]


def test_a_timeout_is_retried_then_fails_with_its_reason() -> None:
    clock = Clock()
    client, seen = _client([httpx.ReadTimeout("slow")] * 4, clock, rate=100, timeout=0.5)
    with pytest.raises(FetchFailure) as failed:
        client.get(PAGE)
    assert failed.value.reason == "timed out after 0.5 s, 4 attempts"
    assert len(seen) == 4


def test_a_connection_error_is_retried_then_succeeds() -> None:
    clock = Clock()
    client, _ = _client([httpx.ConnectError("refused"), httpx.Response(200)], clock, rate=100)
    assert client.get(PAGE).status == 200


def test_a_404_is_not_retried() -> None:
    clock = Clock()
    client, seen = _client([httpx.Response(404)], clock, rate=100)
    assert client.get(PAGE).status == 404 and len(seen) == 1


def test_validators_make_a_conditional_request_and_every_request_names_cqc_la() -> None:
    clock = Clock()
    client, seen = _client([httpx.Response(304)], clock, rate=100)
    assert client.get(PAGE, '"abc"', "Tue, 06 Jan 2026 09:00:00 GMT").status == 304
    headers = seen[0].headers
    assert (headers["if-none-match"], headers["if-modified-since"]) == (
        '"abc"',
        "Tue, 06 Jan 2026 09:00:00 GMT",
    )
    assert headers["user-agent"] == user_agent() and user_agent().startswith(
        f"cqc-la/{__version__} (+https://"
    )
    assert (client.conditional, client.not_modified) == (1, 1)


def test_robots_txt_disallows_paths_and_its_crawl_delay_slows_the_rate() -> None:
    policy = Policy(rate=20)
    policy.read_robots(200, "User-agent: *\nDisallow: /search\nCrawl-delay: 2\n")
    assert not policy.allows("https://www.cqc.org.uk/search?q=york")
    assert policy.allows(PAGE)
    assert policy.interval == 2.0
    clock = Clock()
    client, seen = _client([], clock)
    client.policy.read_robots(200, "User-agent: cqc-la\nDisallow: /care-services/\n")
    with pytest.raises(Disallowed):
        client.get(PAGE)
    assert seen == []  # never asked


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (503, False), (None, False)])
def test_robots_txt_missing_allows_everything_and_unreadable_allows_nothing(
    status: int | None, allowed: bool
) -> None:
    policy = Policy()
    policy.read_robots(status, "")
    assert policy.allows(PAGE) is allowed


def test_retry_after_is_seconds_or_an_http_date() -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert retry_after("120") == 120.0
    assert retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


@pytest.mark.parametrize(("rate", "timeout"), [(0, 30), (-1, 30), (1, 0)])
def test_rate_and_timeout_must_be_positive(rate: float, timeout: float) -> None:
    with pytest.raises(UsageError):
        Policy(rate, timeout)


def test_no_cookie_is_kept_or_sent_back() -> None:
    clock = Clock()
    client, seen = _client(
        [httpx.Response(200, headers={"Set-Cookie": "session=abc; Path=/"}), httpx.Response(200)], clock
    )
    client.get(PAGE)
    client.get(PAGE)
    assert "cookie" not in seen[1].headers
