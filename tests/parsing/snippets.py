"""Helpers for tests that run one reader on a snippet of text, without a whole report."""

from __future__ import annotations

from typing import Any

from cqc_la.parsing.blocks import Chunk, split_chunks
from cqc_la.parsing.waiting import read_waiting


def chunks(text: str) -> list[Chunk]:
    return split_chunks(text.split("\n"))


def one(text: str) -> Chunk:
    (chunk,) = chunks(text)
    return chunk


def wait_rows(text: str, heading: str | None = None) -> list[tuple[Any, ...]]:
    """The waiting times read from one paragraph, as comparable tuples."""
    return [
        (w.service, w.measure, w.days, w.days_low, w.previous_days, w.people_waiting)
        for w in read_waiting(one(text), 1, heading)
    ]
