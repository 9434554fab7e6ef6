"""`load_reports`: files in, one transaction per report, a summary out.

The schema is upgraded to head and the reference data refreshed first. Files already stored (by the
digest of their bytes) are `unchanged` at once. The others are read in whatever format they are
(`cqc_la.sources`) and parsed by `jobs` worker processes; the parsed files are grouped into reports
(tabs of one report go together, `cqc_la.assembly`), and each report is written in one transaction by a
worker with its own connection. A bad file fails alone with a one-line message; the others still load.
Finally summary assessments are synchronised with published results.

Any number of loads may run at once: the reference refresh and the summary sync are serialised with
report writes by one advisory lock (`locks`) and write only what differs, and a transaction that loses
a race (deadlock, serialisation failure) is run again (`retry`). A worker that dies fails only the
file or report it held, and a new one takes its place (`workers`). A server that goes away stops the
run at once with `LoadStopped`, which carries the summary of what was done, instead of failing every
remaining file with the same line.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine, create_engine, pool, text

from .. import __version__, database, migrate
from ..assembly import Group, Member, group_members
from ..errors import UsageError
from ..parsing.parse import parse_source
from ..report import ReportError
from ..sources import read_source
from .assembled import write_group
from .locks import lock_for_report
from .outcome import OUTCOMES, FileOutcome
from .paths import REPORT_SUFFIXES, discover
from .reference import refresh_reference
from .retry import DatabaseConflict, first_line, is_lost, retrying
from .stored import STORED_FILES
from .summaries import sync_summaries
from .workers import Died, WorkerPool

__all__ = ["REPORT_SUFFIXES", "LoadStopped", "LoadSummary", "discover", "load_reference", "load_reports"]

ANALYZE_AFTER = 20  # reports written in one run before planner statistics are refreshed
WARNINGS_COMMAND = "cqc-la query --view load_warnings"  # where a summary points for its warnings


@dataclass
class LoadSummary:
    files: list[FileOutcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files under directories that are not reports
    councils: int = 0
    published_results: int = 0
    summaries_added: int = 0
    seconds: float = 0.0
    not_loaded: int = 0  # files never finished because the run stopped (the server went away)

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
        stopped = f", {self.not_loaded} not loaded (the run stopped)" if self.not_loaded else ""
        skipped = f"; {len(self.skipped)} skipped (not a report format)" if self.skipped else ""
        files = len(self.files) + self.not_loaded
        warnings = f"{self.warnings} warnings"
        if self.warnings:
            warnings += f" (kept in analysis.load_warnings: {WARNINGS_COMMAND})"
        return f"{files} files: {counts}{stopped}; {warnings}{skipped} ({self.seconds:.1f} s)"


class LoadStopped(UsageError):
    """The database went away during a load, which stopped at once; `summary` says what was done."""

    def __init__(self, message: str, summary: LoadSummary) -> None:
        super().__init__(message)
        self.summary = summary


@dataclass(frozen=True)
class _Lost:
    """A report write that found no server: the run stops (sent back from a worker, so a value)."""

    message: str


class _ServerLost(Exception):
    pass


_worker_engine: Engine | None = None


def _engine_for_one_process(url: str) -> Engine:
    """One kept-open connection: a report costs a few round trips, a new connection would cost more."""
    return create_engine(url, poolclass=pool.QueuePool, pool_size=1, max_overflow=0, pool_pre_ping=False)


def _init_worker(url: str) -> None:
    global _worker_engine
    _worker_engine = _engine_for_one_process(url)


def _parse_one(item: tuple[Path, str | None]) -> Member | FileOutcome:
    """Read and parse one file in any format: a group member, or its failure in one line. The address
    given with it (`source_urls`, e.g. the URL `cqc-la fetch` fetched it from) wins over the one the
    page names itself."""
    path, address = item
    try:
        source = read_source(path, path.name)
        if address:
            source = replace(source, url=address)
        report = parse_source(source)
    except ReportError as error:  # name the file as the user gave it, not just its base name
        return FileOutcome(str(path), "failed", message=str(error).replace(error.file_name, str(path), 1))
    return Member(str(path), report)


def _address(addresses: Mapping[Path, str] | None, path: Path) -> str | None:
    return addresses.get(path.resolve()) if addresses else None


def _write_group(group: Group, engine: Engine | None = None) -> list[FileOutcome] | _Lost:
    """Write one report in one transaction, run again after a lost race; `_Lost` when the server is gone."""
    engine = engine or _worker_engine
    assert engine is not None

    def attempt() -> list[FileOutcome]:
        with engine.begin() as connection:
            lock_for_report(connection)  # first: never while another load refreshes or syncs
            return write_group(connection, group, __version__)

    try:
        return retrying(attempt, "while writing this report")
    except Exception as error:  # noqa: BLE001 - a database refusal fails this report, not the run
        if is_lost(error):
            return _Lost(first_line(error))
        said = str(error) if isinstance(error, DatabaseConflict) else first_line(error)
        return [
            FileOutcome(m.path, "failed", message=f"{m.path}: not written: {said}") for m in group.members
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


def _died(paths: list[str], doing: str, death: Died) -> list[FileOutcome]:
    return [FileOutcome(path, "failed", message=f"{path}: {doing}: {death.describe()}") for path in paths]


def _written(result: list[FileOutcome] | _Lost) -> list[FileOutcome]:
    if isinstance(result, _Lost):
        raise _ServerLost(result.message)
    return result


def _outcomes(
    files: list[Path], url: str, jobs: int, addresses: Mapping[Path, str] | None = None
) -> Generator[FileOutcome, None, None]:
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
    if jobs < 2 or len(todo) < 4:
        members: list[Member] = []
        for path in todo:
            result = _parse_one((path, _address(addresses, path)))
            if isinstance(result, FileOutcome):
                yield result
            else:
                members.append(result)
        yield from _write_here(members, url)
        return
    # Forked workers must not inherit this process's pooled connections (closing them there would end
    # the parent's sessions): empty the pool first; workers open their own connection.
    database.engine(url).dispose()
    with WorkerPool(min(jobs, len(todo)), _init_worker, (url,)) as workers:
        parsed: dict[int, Member] = {}
        items = [(path, _address(addresses, path)) for path in todo]
        for index, read in workers.map_unordered(_parse_one, items):
            if isinstance(read, Died):
                yield from _died([str(todo[index])], "not read", read)
            elif isinstance(read, FileOutcome):
                yield read
            else:
                parsed[index] = read
        members = [parsed[index] for index in sorted(parsed)]  # the order given, whatever finished first
        groups, refused = group_members(members)
        for refusal in refused:
            yield FileOutcome(refusal.member.path, "failed", message=refusal.message)
        if len(groups) < 4:
            yield from _write_here_groups(groups, url)
            return
        for index, written in workers.map_unordered(_write_group, groups):
            if isinstance(written, Died):
                yield from _died([m.path for m in groups[index].members], "not written", written)
            else:
                yield from _written(written)


def _write_here(members: list[Member], url: str) -> Iterator[FileOutcome]:
    groups, refused = group_members(members)
    for refusal in refused:
        yield FileOutcome(refusal.member.path, "failed", message=refusal.message)
    yield from _write_here_groups(groups, url)


def _write_here_groups(groups: list[Group], url: str) -> Iterator[FileOutcome]:
    """Reports written one after another in this process, on one connection."""
    engine = _engine_for_one_process(url)
    try:
        for group in groups:
            yield from _written(_write_group(group, engine))
    finally:
        engine.dispose()


def load_reference(url: str | None = None) -> tuple[int, int]:
    """Refresh councils, the measure catalogue and published results (one transaction, only what differs)."""

    def attempt() -> tuple[int, int]:
        with database.engine(url).begin() as connection:
            return refresh_reference(connection)

    return retrying(attempt, "while refreshing reference data")


def _sync(url: str) -> int:
    def attempt() -> int:
        with database.engine(url).begin() as connection:
            return sync_summaries(connection)

    return retrying(attempt, "while adding summary assessments")


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
    source_urls: Mapping[str | os.PathLike[str], str] | None = None,
) -> LoadSummary:
    """Load report files (or directories of them) into the database; see the module docstring.

    `source_urls` gives the address each file was fetched from (it wins over the one a page names).

    `progress`, when given, is called after each file with its outcome and the number of files. A path
    that does not exist or a directory that cannot be listed is a failed outcome of its own. Raises
    `LoadStopped` (with the summary so far) when the server goes away once files are being loaded.
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise UsageError(f"expected jobs to be 1 or more worker processes, found {jobs!r}")
    started = time.perf_counter()
    found = discover(paths)
    total = len(found.failed) + len(found.files)
    summary = LoadSummary(skipped=found.skipped)

    def record(outcome: FileOutcome) -> None:
        summary.files.append(outcome)
        if progress is not None:
            progress(outcome, total)

    for outcome in found.failed:
        record(outcome)
    resolved = database.resolve_url(url)
    if not migrate.is_at_head(resolved):  # at head there is nothing to wait for the migration lock for
        migrate.upgrade(resolved)
    summary.councils, summary.published_results = load_reference(resolved)
    try:
        addresses = {Path(path).resolve(): address for path, address in (source_urls or {}).items()}
        with closing(_outcomes(found.files, resolved, jobs or default_jobs(), addresses)) as outcomes:
            for outcome in outcomes:
                record(outcome)
        summary.summaries_added = _sync(resolved)
        # a first load (the summaries of every published result appear) or a bulk load: the planner's
        # statistics of an empty database would make every view slow (0.6-0.9 s instead of ms)
        if summary.summaries_added or summary.count("loaded") + summary.count("replaced") >= ANALYZE_AFTER:
            _analyze(resolved)
    except _ServerLost as lost:
        raise _stopped(summary, total, str(lost), started) from None
    except Exception as error:
        if not is_lost(error):
            raise
        raise _stopped(summary, total, first_line(error), started) from error
    summary.seconds = time.perf_counter() - started
    return summary


def _stopped(summary: LoadSummary, total: int, said: str, started: float) -> LoadStopped:
    summary.not_loaded = total - len(summary.files)
    summary.seconds = time.perf_counter() - started
    if summary.not_loaded:
        where = f"the load stopped with {summary.not_loaded} of {total} files not loaded"
    else:
        where = "the load stopped after its files, before summary assessments were brought up to date"
    return LoadStopped(f"cannot reach the database: {said}; {where}", summary)
