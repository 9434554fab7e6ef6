"""The archive directory: versions beside each other, atomic writes, one run at a time, its place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cqc_la.errors import UsageError
from cqc_la.fetch import archive as archive_module
from cqc_la.fetch.archive import Archive, archive_dir, write_atomically
from cqc_la.fetch.client import Answer

YORK = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/york-1225"
HTML = {
    "content-type": "text/html; charset=utf-8",
    "etag": '"1"',
    "last-modified": "Tue, 06 Jan 2026 09:00:00 GMT",
}


def test_a_changed_page_is_a_new_version_beside_the_old_and_the_latest_is_what_loads(tmp_path: Path) -> None:
    folder = Archive(tmp_path).folder("york-1225", YORK)
    assert folder.record_body(Answer(f"{YORK}/summary", 200, HTML, b"<html>one</html>")) == "new"
    assert (
        folder.record_body(Answer(f"{YORK}/summary", 200, {**HTML, "etag": '"2"'}, b"<html>one</html>"))
        == "unchanged"
    )
    assert folder.validators(f"{YORK}/summary") == (
        '"2"',
        HTML["last-modified"],
    )  # asked with these next time
    assert folder.record_body(Answer(f"{YORK}/summary", 200, HTML, b"<html>two</html>")) == "changed"
    assert (tmp_path / "york-1225" / "summary.v1.html").read_bytes() == b"<html>one</html>"
    assert (tmp_path / "york-1225" / "summary.v2.html").read_bytes() == b"<html>two</html>"
    assert folder.latest_files() == {tmp_path / "york-1225" / "summary.v2.html": f"{YORK}/summary"}
    manifest = json.loads((tmp_path / "york-1225" / "manifest.json").read_text())
    version = manifest["pages"][f"{YORK}/summary"]["versions"][1]
    assert {key: version[key] for key in ("version", "status", "etag", "content_type", "bytes")} == {
        "version": 2,
        "status": 200,
        "etag": '"1"',
        "content_type": "text/html; charset=utf-8",
        "bytes": 16,
    }
    assert manifest["address"] == YORK and manifest["slug"] == "york-1225"


def test_a_write_that_fails_leaves_the_old_file_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "manifest.json"
    write_atomically(target, b"old")

    def refuse(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_run_clears_what_a_killed_write_left_and_a_second_run_is_refused(tmp_path: Path) -> None:
    (tmp_path / "york-1225").mkdir()
    leftover = tmp_path / "york-1225" / ".tmp-summary.v1.html.1a2b3c4d"
    leftover.write_bytes(b"half")
    with Archive(tmp_path).opened():
        assert not leftover.exists()
        with (
            pytest.raises(UsageError, match="another cqc-la fetch is using this archive"),
            Archive(tmp_path).opened(),
        ):
            pass
    with Archive(tmp_path).opened():  # free again
        pass


def test_a_rerun_continues_the_unfinished_run_of_the_same_site(tmp_path: Path) -> None:
    store = Archive(tmp_path)
    journal = store.journal("https://www.cqc.org.uk")
    assert not journal.continued
    journal.record("york-1225", {"slug": "york-1225"})
    again = store.journal("https://www.cqc.org.uk")
    assert again.continued and again.reports == {"york-1225": {"slug": "york-1225"}}
    assert not store.journal("http://127.0.0.1:8080").continued  # another site: a run of its own
    store.journal("https://www.cqc.org.uk").finish()
    assert not (tmp_path / ".run.json").exists()


def test_the_archive_is_cqc_la_archive_else_var_lib_as_root_else_a_per_user_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CQC_LA_ARCHIVE", str(tmp_path / "mine"))
    assert archive_dir() == tmp_path / "mine"
    monkeypatch.delenv("CQC_LA_ARCHIVE")
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    assert archive_dir() == Path("/var/lib/cqc-la/archive")
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    import platformdirs

    assert archive_dir() == platformdirs.user_data_path("cqc-la") / "archive"
    assert archive_module.ROOT_ARCHIVE == Path("/var/lib/cqc-la/archive")
