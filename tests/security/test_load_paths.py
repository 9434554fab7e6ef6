"""Paths given to a load: nothing is passed over without a word, and one bad path fails alone.

A directory the loader cannot list used to be skipped silently (exit 0) and a missing path aborted the
whole run. Each now fails on its own line, like an unreadable file, and the rest still load (exit 1).
Running as root, a directory with mode 000 can still be listed, so that case is skipped there; a
directory whose path is longer than the system allows cannot be listed by anyone, root included.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cqc_la.loading.paths import discover

from ..conftest import SEED, run_cli

NAME_MAX = 250  # one path component; the system's limit is 255 bytes


def _copy_of_seed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / SEED.name
    copy.write_bytes(SEED.read_bytes())
    return copy


@pytest.fixture
def locked_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a report, with mode 000."""
    locked = tmp_path / "reports" / "locked"
    _copy_of_seed(locked)
    locked.chmod(0)
    try:
        try:
            os.listdir(locked)
        except PermissionError:
            yield locked
        else:
            pytest.skip("this process may list a directory with mode 000 (root): see the over-long path test")
    finally:
        locked.chmod(0o755)


@pytest.fixture
def too_deep(tmp_path: Path) -> Iterator[Path]:
    """A folder nested so deep that its path is longer than PATH_MAX (4096 on Linux): nobody can list it.

    Made and removed relative to open directories, the only way such a path can be reached.
    """
    top = tmp_path / "deep"
    top.mkdir()
    name = "d" * NAME_MAX
    parent = os.open(top, os.O_RDONLY)
    try:
        for _ in range(4200 // (NAME_MAX + 1) + 1):
            os.mkdir(name, dir_fd=parent)
            child = os.open(name, os.O_RDONLY, dir_fd=parent)
            os.close(parent)
            parent = child
    finally:
        os.close(parent)
    try:
        yield top
    finally:
        shutil.rmtree(top)  # removes by file descriptor, whatever the depth


def test_discover_names_a_missing_path_and_still_finds_the_rest(tmp_path: Path) -> None:
    copy = _copy_of_seed(tmp_path / "reports")
    found = discover([tmp_path / "missing.md", tmp_path / "reports"])
    assert found.files == [copy.resolve()]
    assert [(f.path, f.outcome, f.message) for f in found.failed] == [
        (str(tmp_path / "missing.md"), "failed", f"{tmp_path / 'missing.md'}: no such file or directory")
    ]


def test_discover_names_a_directory_it_cannot_list(too_deep: Path) -> None:
    found = discover([too_deep])
    assert found.files == [] and len(found.failed) == 1
    assert found.failed[0].message is not None
    assert found.failed[0].message.endswith(": expected a readable directory, found File name too long")


@pytest.mark.db
def test_a_missing_path_fails_alone_and_the_rest_load(clean_db: str, tmp_path: Path) -> None:
    _copy_of_seed(tmp_path / "reports")
    missing = tmp_path / "no-such-report.md"
    result = run_cli("load", str(missing), str(tmp_path / "reports"), url=clean_db)
    assert result.returncode == 1, result.stderr
    assert f"failed: {missing}: no such file or directory" in result.stderr.splitlines()
    assert "2 files: 1 loaded, 0 replaced, 0 unchanged, 1 failed" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.db
def test_an_unreadable_directory_is_named_and_the_load_exits_1(
    locked_dir: Path, clean_db: str, tmp_path: Path
) -> None:
    _copy_of_seed(tmp_path / "reports" / "open")
    result = run_cli("load", str(tmp_path / "reports"), url=clean_db)
    assert result.returncode == 1, result.stderr
    assert f"failed: {locked_dir}: expected a readable directory, found Permission denied" in result.stderr
    assert "2 files: 1 loaded, 0 replaced, 0 unchanged, 1 failed" in result.stdout


@pytest.mark.db
def test_a_directory_too_deep_to_list_is_named_and_the_rest_load(
    clean_db: str, tmp_path: Path, too_deep: Path
) -> None:
    _copy_of_seed(too_deep / "first")
    result = run_cli("load", str(too_deep), url=clean_db)
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 1 and failed[0].endswith(
        ": expected a readable directory, found File name too long"
    )
    assert "2 files: 1 loaded, 0 replaced, 0 unchanged, 1 failed" in result.stdout
    assert "Traceback" not in result.stderr
