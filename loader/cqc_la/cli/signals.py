"""SIGTERM as an exception of the main thread, for the long commands (`load`, `fetch`).

A raised `Terminated` unwinds `with` blocks (worker pools end their workers, the fetcher stops between
two writes), and the command then prints what was done so far, as it does after Ctrl-C. It is a
`BaseException`, so `except Exception` on the way does not swallow it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(BaseException):
    """SIGTERM arrived while `stop_on_sigterm` was active."""


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
