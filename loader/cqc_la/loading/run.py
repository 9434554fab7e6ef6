"""`load_reports`: files in, one transaction per report, a summary out.

The schema is upgraded to head and the reference data refreshed first. Files already stored (by the
digest of their bytes) are `unchanged` at once. The others are read in whatever format they are
(`cqc_la.sources`) and parsed by `jobs` worker processes; the parsed files are grouped into reports
(tabs of one report go together, `cqc_la.assembly`), and each report is written in one transaction by a
worker with its own connection. A bad file fails alone with a one-line message; the others still load.
Finally summary assessments are synchronised with published results.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, pool, text

from .. import __version__, database, migrate
from ..assembly import Group, Member, group_members
from ..parsing.parse import parse_source
from ..report import ReportError
from ..sources import read_source
from ..sources.detect import detect
from .assembled import write_group
from .outcome import OUTCOMES, FileOutcome
from .reference import load_councils, load_measures, load_published_results
from .stored import STORED_FILES
from .summaries import sync_summaries

REPORT_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".htm", ".pdf")
ANALYZE_AFTER = 20  # reports written in one run before planner statistics are refreshed


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
        skipped = f"; {len(self.skipped)} skipped (not a report format)" if self.skipped else ""
        return f"{len(self.files)} files: {counts}; {self.warnings} warnings{skipped} ({self.seconds:.1f} s)"


def _sniffs_as_report(path: Path) -> bool:
    """A file with another suffix (or none: a browser's or curl's download) that is HTML or PDF inside."""
    try:
        with path.open("rb") as handle:
            return detect(handle.read(4096)) in ("html", "pdf")
    except OSError:
        return False


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """Report files given or found under directories given (recursively), and the files passed over.

    A file named explicitly is always tried. Under a directory, files with a report suffix (`.md`,
    `.txt`, `.html`, `.htm`, `.pdf`) are taken, and so is any other file whose content is HTML or PDF;
    the rest are passed over but returned, so the caller can say so: nothing given is dropped silently.
    Hidden files and the `reference/` folder (CSV reference data, read from the package) are not counted.
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
                if candidate.suffix.lower() in REPORT_SUFFIXES or _sniffs_as_report(candidate):
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


def _parse_one(path: Path) -> Member | FileOutcome:
    """Read and parse one file in any format: a group member, or its failure in one line."""
    try:
        source = read_source(path, path.name)
        report = parse_source(source)
    except ReportError as error:  # name the file as the user gave it, not just its base name
        return FileOutcome(str(path), "failed", message=str(error).replace(error.file_name, str(path), 1))
    return Member(str(path), report)


def _write_group(group: Group, engine: Engine | None = None) -> list[FileOutcome]:
    engine = engine or _worker_engine
    assert engine is not None
    try:
        with engine.begin() as connection:
            return write_group(connection, group, __version__)
    except Exception as error:  # noqa: BLE001 - a database refusal fails this report, not the run
        first = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return [
            FileOutcome(m.path, "failed", message=f"{m.path}: not written: {first}") for m in group.members
        ]


def default_jobs() -> int:
    """Worker processes: one per core, at most 4 (the database needs cores too)."""
    return max(1, min(4, os.cpu_count() or 1))


def _digests(files: list[Path]) -> dict[Path, str]:
    found = {}
    for path in files:
        try:
            found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass  # the parse step reports it
    return found


def _already_stored(url: str, digests: dict[Path, str]) -> set[str]:
    with database.engine(url).connect() as connection:
        return set(
            connection.execute(
                text(STORED_FILES),
                {"shas": sorted(set(digests.values()))},
            ).scalars()
        )


def _outcomes(files: list[Path], url: str, jobs: int) -> Iterator[FileOutcome]:
    digests = _digests(files)
    stored = _already_stored(url, digests)
    todo = []
    for path in files:
        if digests.get(path) in stored:
            yield FileOutcome(str(path), "unchanged")
        else:
            todo.append(path)
    if not todo:
        return
    parallel = jobs > 1 and len(todo) >= 4
    members: list[Member] = []
    executor: ProcessPoolExecutor | None = None
    parsed: Iterable[Member | FileOutcome]
    if parallel:
        # Forked workers must not inherit this process's pooled connections (closing them there would end
        # the parent's sessions): empty the pool first; workers open their own connection.
        database.engine(url).dispose()
        executor = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(url,))
        parsed = executor.map(_parse_one, todo, chunksize=2)
    else:
        parsed = map(_parse_one, todo)
    try:
        for result in parsed:
            if isinstance(result, FileOutcome):
                yield result
            else:
                members.append(result)
        groups, refused = group_members(members)
        for refusal in refused:
            yield FileOutcome(refusal.member.path, "failed", message=refusal.message)
        if executor is not None and len(groups) >= 4:
            for outcomes in executor.map(_write_group, groups, chunksize=1):
                yield from outcomes
        else:
            engine = _engine_for_one_process(url)
            try:
                for group in groups:
                    yield from _write_group(group, engine)
            finally:
                engine.dispose()
    finally:
        if executor is not None:
            executor.shutdown()


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
