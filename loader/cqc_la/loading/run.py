"""`load_reports`: files in, one transaction per report, a summary out.

The schema is upgraded to head and the reference data refreshed first. Reports are then parsed and
written by `jobs` worker processes, each with its own connection: parsing is CPU-bound Python and the
database work of one report overlaps the parsing of the next. A bad file fails alone with a one-line
message; the others still load. Finally summary assessments are synchronised with published results.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, pool

from .. import __version__, database, migrate
from ..report import ReportError
from .reference import load_councils, load_measures, load_published_results
from .summaries import sync_summaries
from .writer import write_report

REPORT_SUFFIXES = (".md", ".txt", ".markdown")
ANALYZE_AFTER = 20  # reports written in one run before planner statistics are refreshed
OUTCOMES = ("loaded", "replaced", "unchanged", "failed")


@dataclass(frozen=True)
class FileOutcome:
    path: str
    outcome: str  # loaded, replaced, unchanged or failed
    assessment_id: int | None = None
    message: str | None = None
    warnings: int = 0


@dataclass
class LoadSummary:
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files under directories that are not reports
    councils: int = 0
    published_results: int = 0
    summaries_added: int = 0
    seconds: float = 0.0

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def warnings(self) -> int:
        return sum(f.warnings for f in self.files)

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.outcome == "failed"]

    def describe(self) -> str:
        counts = ", ".join(f"{self.count(o)} {o}" for o in OUTCOMES)
        skipped = f"; {len(self.skipped)} skipped (not .md or .txt)" if self.skipped else ""
        return f"{len(self.files)} files: {counts}; {self.warnings} warnings{skipped} ({self.seconds:.1f} s)"


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """Report files given or found under directories given (recursively), and the files passed over.

    A file named explicitly is always tried. Under a directory, files that are not `.md`/`.txt` are
    passed over but returned, so the caller can say so: nothing given is dropped silently. Hidden files
    and the `reference/` folder (CSV reference data, read from the package) are not counted.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                parts = candidate.relative_to(path).parts
                if any(part.startswith(".") for part in parts):
                    continue
                if candidate.suffix.lower() in REPORT_SUFFIXES:
                    found.append(candidate)
                elif "reference" not in parts[:-1]:
                    skipped.append(candidate)
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return list(dict.fromkeys(p.resolve() for p in found)), skipped


_worker_engine: Engine | None = None


def _engine_for_one_process(url: str) -> Engine:
    """One kept-open connection: a report costs a few round trips, a new connection would cost more."""
    return create_engine(url, poolclass=pool.QueuePool, pool_size=1, max_overflow=0, pool_pre_ping=False)


def _init_worker(url: str) -> None:
    global _worker_engine
    _worker_engine = _engine_for_one_process(url)


def _load_one(path: Path, engine: Engine | None = None) -> FileOutcome:
    from ..parsing import parse_report

    engine = engine or _worker_engine
    assert engine is not None
    try:
        report = parse_report(path)
    except ReportError as error:  # name the file as the user gave it, not just its base name
        return FileOutcome(str(path), "failed", message=str(error).replace(error.file_name, str(path), 1))
    except OSError as error:
        return FileOutcome(str(path), "failed", message=f"{path}: cannot read: {error.strerror or error}")
    try:
        with engine.begin() as connection:
            result = write_report(connection, report, __version__)
    except Exception as error:  # noqa: BLE001 - a database refusal fails this file, not the run
        first = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return FileOutcome(str(path), "failed", message=f"{path}: not written: {first}")
    return FileOutcome(str(path), result.outcome, result.assessment_id, None, result.warnings)


def default_jobs() -> int:
    """Worker processes: one per core, at most 4 (the database needs cores too)."""
    return max(1, min(4, os.cpu_count() or 1))


def _outcomes(files: list[Path], url: str, jobs: int) -> Iterator[FileOutcome]:
    if jobs <= 1 or len(files) < 4:
        engine = _engine_for_one_process(url)
        try:
            for path in files:
                yield _load_one(path, engine)
        finally:
            engine.dispose()
        return
    # Forked workers must not inherit this process's pooled connections (closing them there would end
    # the parent's sessions): empty the pool first; workers open their own connection.
    database.engine(url).dispose()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(url,)) as executor:
        yield from executor.map(_load_one, files, chunksize=4)


def load_reference(url: str | None = None) -> tuple[int, int]:
    """Refresh councils, the measure catalogue and published results (one transaction)."""
    with database.engine(url).begin() as connection:
        councils = load_councils(connection)
        load_measures(connection)
        published = load_published_results(connection)
    return councils, published


def _analyze(url: str) -> None:
    """Refresh planner statistics of every table after a bulk load, so the views plan well at once.

    Stale statistics (councils and published results included) make the planner expect hundreds of
    thousands of rows where there are a thousand, and then pay for JIT compilation on every query.
    """
    from ..tables import metadata

    with database.engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in metadata.sorted_tables:
            connection.exec_driver_sql(f"analyze {table.schema}.{table.name}")


def load_reports(
    paths: Iterable[str | os.PathLike[str]],
    url: str | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[FileOutcome, int], None] | None = None,
) -> LoadSummary:
    """Load report files (or directories of them) into the database; see the module docstring.

    `progress`, when given, is called after each file with its outcome and the number of files.
    """
    started = time.perf_counter()
    files, skipped = discover(paths)
    resolved = database.resolve_url(url)
    migrate.upgrade(resolved)
    summary = LoadSummary(skipped=skipped)
    summary.councils, summary.published_results = load_reference(resolved)
    for outcome in _outcomes(files, resolved, jobs or default_jobs()):
        summary.files.append(outcome)
        if progress is not None:
            progress(outcome, len(files))
    with database.engine(resolved).begin() as connection:
        summary.summaries_added = sync_summaries(connection)
    if summary.count("loaded") + summary.count("replaced") >= ANALYZE_AFTER:
        _analyze(resolved)
    summary.seconds = time.perf_counter() - started
    return summary
