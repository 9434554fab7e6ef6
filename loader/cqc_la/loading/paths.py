"""Which files a load is given: report files named or found under directories, and what is passed over.

Nothing given is dropped silently. A path that does not exist, or a directory (given or found) that
cannot be listed, fails on its own with one line, as an unreadable file does, and the rest still
load; a file that is not a report is named as skipped. `pathlib.Path.rglob` is not used because it
passes over a directory it may not list without a word.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.detect import detect
from .outcome import FileOutcome

REPORT_SUFFIXES = (".md", ".txt", ".markdown", ".html", ".htm", ".pdf")


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)  # to load, resolved, each once
    skipped: list[Path] = field(default_factory=list)  # files under directories that are not reports
    failed: list[FileOutcome] = field(default_factory=list)  # paths missing, directories unreadable


def _sniffs_as_report(path: Path) -> bool:
    """A file with another suffix (or none: a browser's or curl's download) that is HTML or PDF inside."""
    try:
        with path.open("rb") as handle:
            return detect(handle.read(4096)) in ("html", "pdf")
    except OSError:
        return False


def _unreadable(path: Path, what: str, error: OSError) -> FileOutcome:
    found = error.strerror or str(error)
    return FileOutcome(str(path), "failed", message=f"{path}: expected a readable {what}, found {found}")


def _files_under(directory: Path, failed: list[FileOutcome]) -> Iterator[Path]:
    """Files under `directory` in sorted order, depth first; hidden entries and directory links left out."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        failed.append(_unreadable(directory, "directory", error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(Path(entry.path), failed)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError as error:
            failed.append(_unreadable(Path(entry.path), "file", error))


def discover(paths: Iterable[str | os.PathLike[str]]) -> Found:
    """Report files given or found under directories given (recursively), and the paths passed over.

    A file named explicitly is always tried. Under a directory, files with a report suffix (`.md`,
    `.txt`, `.html`, `.htm`, `.pdf`) are taken, and so is any other file whose content is HTML or PDF;
    the rest are returned as skipped, so the caller can say so. Hidden files and the `reference/`
    folder (CSV reference data, read from the package) are not counted.
    """
    found = Found()
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
            path.stat()
        except FileNotFoundError:
            found.failed.append(
                FileOutcome(str(path), "failed", message=f"{path}: no such file or directory")
            )
            continue
        except OSError as error:
            found.failed.append(_unreadable(path, "file or directory", error))
            continue
        if not is_dir:
            files.append(path)
            continue
        for candidate in _files_under(path, found.failed):
            parts = candidate.relative_to(path).parts
            if candidate.suffix.lower() in REPORT_SUFFIXES or _sniffs_as_report(candidate):
                files.append(candidate)
            elif "reference" not in parts[:-1]:
                found.skipped.append(candidate)
    found.files = list(dict.fromkeys(p.resolve() for p in files))
    return found
