"""How one file of a load ended; shared by the run and the assembly writer."""

from __future__ import annotations

from dataclasses import dataclass

OUTCOMES = ("loaded", "replaced", "unchanged", "failed")


@dataclass(frozen=True)
class FileOutcome:
    path: str
    outcome: str  # loaded, replaced, unchanged or failed
    assessment_id: int | None = None
    message: str | None = None  # why it failed, or what changed (or why nothing did)
    warnings: int = 0
