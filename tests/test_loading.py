"""Loading reports: atomic, idempotent, lossless, and nothing written for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cqc_la import database
from cqc_la.loading import load_reports
from cqc_la.parsing.blocks import is_rule

from .conftest import ROOT, SEED, run_cli

pytestmark = pytest.mark.db
VARIANTS = ROOT / "tests" / "fixtures" / "variants"
UNSEEN = sorted(
    path
    for folder in (ROOT / "tests" / "fixtures").glob("unseen*")
    for path in folder.iterdir()
    if path.suffix in (".md", ".txt") and path.name != "README.md"
)


def _fingerprint(url: str) -> dict[str, tuple[int, int]]:
    """Row count and a checksum of every cqc table: equal fingerprints mean nothing was written."""
    with database.engine(url).connect() as connection:
        tables = (
            connection.execute(
                text("select tablename from pg_tables where schemaname = 'cqc' order by tablename")
            )
            .scalars()
            .all()
        )
        return {
            table: tuple(
                connection.execute(
                    text(f"select count(*), coalesce(sum(hashtext(t::text)), 0) from cqc.{table} t")
                ).one()
            )
            for table in tables
        }


def _scalar(url: str, sql: str, **params):  # type: ignore[no-untyped-def]
    with database.engine(url).connect() as connection:
        return connection.execute(text(sql), params).scalar()


def test_the_seed_loads_as_the_councils_report_replacing_its_summary(clean_db: str) -> None:
    before = _scalar(
        clean_db,
        "select detail from cqc.assessment a join cqc.council c using (council_id) "
        "where c.gss_code = 'E06000001'",
    )
    assert before == "summary"
    summary = load_reports([SEED], clean_db)
    assert [f.outcome for f in summary.files] == ["loaded"]
    rows = _scalar(
        clean_db,
        "select array_agg(detail) from cqc.assessment a join cqc.council c using (council_id) "
        "where c.gss_code = 'E06000001'",
    )
    assert rows == ["report"]
    assert (
        _scalar(
            clean_db,
            "select count(*) from cqc.statement_result where assessment_id = :a",
            a=summary.files[0].assessment_id,
        )
        == 9
    )
    assert _scalar(clean_db, "select original_text from cqc.source_document") == SEED.read_text(
        encoding="utf-8"
    )


def test_loading_the_same_bytes_again_is_unchanged_and_writes_nothing(clean_db: str) -> None:
    load_reports([SEED], clean_db)
    before = _fingerprint(clean_db)
    summary = load_reports([SEED], clean_db)
    assert [f.outcome for f in summary.files] == ["unchanged"]
    assert _fingerprint(clean_db) == before


def test_a_changed_file_replaces_the_earlier_version_atomically(clean_db: str, tmp_path: Path) -> None:
    first = load_reports([SEED], clean_db).files[0]
    changed = tmp_path / "hartlepool-0525-corrected.md"
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nA correction was published.\n", encoding="utf-8")
    second = load_reports([changed], clean_db).files[0]
    assert second.outcome == "replaced"
    assert second.assessment_id == first.assessment_id, "a replacement keeps the assessment's id"
    assert _scalar(clean_db, "select count(*) from cqc.assessment where detail = 'report'") == 1
    assert _scalar(clean_db, "select count(*) from cqc.source_document") == 1
    paragraphs = _scalar(
        clean_db, "select count(*) from cqc.paragraph where assessment_id = :a", a=first.assessment_id
    )
    assert paragraphs == _scalar(clean_db, "select count(*) from cqc.paragraph"), "no rows of the old version"
    corrected = (
        "select count(*) from cqc.paragraph where raw_text like 'A correction%' and assessment_id = :a"
    )
    assert _scalar(clean_db, corrected, a=first.assessment_id) == 1, "the id holds the new version"
    log = _scalar(clean_db, "select message from cqc.load_log where outcome = 'replaced'")
    assert f"replaced assessment {first.assessment_id}" in log
    history = _scalar(
        clean_db, "select count(*) from cqc.load_log where assessment_id = :a", a=first.assessment_id
    )
    assert history == 2, "the load log keeps both versions under the one id"


def _source_lines(path: Path) -> list[str]:
    text_ = path.read_bytes().decode("utf-8-sig")
    # lines end at \n only: a form feed (page break in PDF text) is content of its line; a rule (`---`,
    # a markdown table's `|---|---|`) carries nothing
    return [line for line in text_.split("\n") if line.strip() and not is_rule(line)]


def _stored_lines(url: str, assessment_id: int) -> list[str]:
    with database.engine(url).connect() as connection:
        raws = (
            connection.execute(
                text("select raw_text from cqc.paragraph where assessment_id = :a order by block_no"),
                {"a": assessment_id},
            )
            .scalars()
            .all()
        )
    return [line for raw in raws for line in raw.split("\n")]


@pytest.mark.parametrize("path", [SEED, *sorted(VARIANTS.glob("*")), *UNSEEN], ids=lambda p: p.name)
def test_every_line_of_the_source_is_stored_once_in_order(clean_db: str, path: Path) -> None:
    outcome = load_reports([path], clean_db).files[0]
    assert outcome.outcome == "loaded", outcome.message
    assert _stored_lines(clean_db, outcome.assessment_id) == [
        line.rstrip("\r") for line in _source_lines(path)
    ]


def _bad_inputs(directory: Path) -> dict[str, tuple[bytes, str]]:
    seed = SEED.read_text(encoding="utf-8")
    no_score = seed.replace(  # the score line and the label that repeats the score
        "# Equity in experience and outcomes\n\nScore: 2\n\n2 - Evidence shows some shortfalls\n",
        "# Equity in experience and outcomes\n\n",
        1,
    )
    assert no_score != seed
    bad_score = seed.replace("# Safeguarding\n\nScore: 3\n", "# Safeguarding\n\nScore: 5\n", 1)
    assert bad_score != seed
    return {
        "empty.md": (b"", "empty"),
        "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "text"),
        "notes.md": (b"# Shopping list\n\nMilk, eggs and bread.\n", "local authority assessment"),
        "an-image.md": (b"GIF89a\x01\x00\x01\x00" + bytes(range(256)), "HTML"),
        "tab-of-nothing.htm": (b"<html><body><script>var x = 1;</script></body></html>", "visible text"),
        "no-score.md": (no_score.encode(), "score"),
        "bad-score.md": (bad_score.encode(), "1"),
    }


def test_bad_input_is_rejected_with_one_line_and_nothing_written(clean_db: str, tmp_path: Path) -> None:
    cases = _bad_inputs(tmp_path)
    for name, (content, _) in cases.items():
        (tmp_path / name).write_bytes(content)
    before = _fingerprint(clean_db)
    summary = load_reports([tmp_path / name for name in cases], clean_db)
    assert _fingerprint(clean_db) == before
    by_name = {Path(f.path).name: f for f in summary.files}
    for name, (_, expected_word) in cases.items():
        outcome = by_name[name]
        assert outcome.outcome == "failed", name
        message = outcome.message or ""
        assert "\n" not in message
        assert message.startswith(name) or name in message
        assert "expected" in message and expected_word.lower() in message.lower(), message
        if name not in ("empty.md",):
            assert f"{name}:" in message, f"no line number: {message}"


def test_other_files_still_load_and_the_cli_exits_1_without_traceback(clean_db: str, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "hartlepool.md").write_bytes(SEED.read_bytes())
    result = run_cli("load", str(tmp_path), url=clean_db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "failed: " in result.stderr and "empty.md" in result.stderr
    assert "1 loaded" in result.stdout and "1 failed" in result.stdout
    assert _scalar(clean_db, "select count(*) from cqc.assessment where detail = 'report'") == 1


def test_three_processes_loading_the_same_file_at_once_end_with_one_assessment(clean_db: str) -> None:
    env_url = clean_db
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cqc_la.cli.main", "load", str(SEED)],
            env={**__import__("os").environ, "CQC_LA_DATABASE_URL": env_url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in processes]
    assert [code for *_, code in results] == [0, 0, 0], results
    outputs = " ".join(out for out, _, _ in results)
    assert outputs.count("1 loaded") == 1 and outputs.count("1 unchanged") == 2
    assert _scalar(clean_db, "select count(*) from cqc.assessment where detail = 'report'") == 1


def test_an_unknown_council_is_loaded_as_a_new_council_with_a_warning(clean_db: str, tmp_path: Path) -> None:
    renamed = tmp_path / "borsetshire.md"
    renamed.write_text(
        SEED.read_text(encoding="utf-8").replace("Hartlepool Borough Council", "Borsetshire County Council"),
        encoding="utf-8",
    )
    outcome = load_reports([renamed], clean_db).files[0]
    assert outcome.outcome == "loaded"
    with database.engine(clean_db).connect() as connection:
        council = connection.execute(
            text(
                "select c.gss_code, c.is_reference, c.council_name from cqc.assessment a "
                "join cqc.council c using (council_id) where a.assessment_id = :a"
            ),
            {"a": outcome.assessment_id},
        ).one()
        warning = connection.execute(
            text(
                "select message from cqc.load_warning where assessment_id = :a and kind = 'unknown_council'"
            ),
            {"a": outcome.assessment_id},
        ).scalar()
    assert tuple(council) == (None, False, "Borsetshire County Council")
    assert warning and "Borsetshire County Council" in warning


def test_every_fact_points_to_the_paragraph_it_was_read_from(clean_db: str) -> None:
    load_reports([SEED], clean_db)
    with database.engine(clean_db).connect() as connection:
        population = connection.execute(
            text(
                "select p.raw_text, f.line_start from cqc.fact_source f join cqc.paragraph p using (paragraph_id) "
                "where f.fact = 'demographics.population'"
            )
        ).one()
        mismatched = connection.execute(
            text(
                "select count(*) from cqc.national_metric m join cqc.paragraph p using (paragraph_id) "
                "where m.line_start < p.line_start or m.line_end > p.line_end"
            )
        ).scalar()
    assert "95,366" in population.raw_text
    assert SEED.read_text(encoding="utf-8").split("\n")[population.line_start - 1].count("95,366") == 1
    assert mismatched == 0


def test_cli_load_prints_a_summary(clean_db: str) -> None:
    result = run_cli("load", str(SEED), url=clean_db)
    assert result.returncode == 0, result.stderr
    assert "councils: 153; published results: 90" in result.stdout
    assert "1 files: 1 loaded, 0 replaced, 0 unchanged, 0 failed" in result.stdout


def test_a_bulk_load_refreshes_planner_statistics_of_every_table(
    clean_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from cqc_la.loading import run

    monkeypatch.setattr(run, "ANALYZE_AFTER", 1)
    with database.engine(clean_db).connect() as connection:
        before = connection.execute(text("select now()")).scalar()
    load_reports([SEED], clean_db)
    stale: list[str] = []
    for _ in range(20):  # statistics reach pg_stat views shortly after the backend reports them
        with database.engine(clean_db).connect() as connection:
            stale = (
                connection.execute(
                    text(
                        "select relname from pg_stat_user_tables where schemaname = 'cqc' "
                        "and (last_analyze is null or last_analyze < :before)"
                    ),
                    {"before": before},
                )
                .scalars()
                .all()
            )
        if not stale:
            break
        time.sleep(0.25)
    assert stale == []


def test_files_that_are_not_reports_are_named_not_dropped_silently(clean_db: str, tmp_path: Path) -> None:
    (tmp_path / "hartlepool.md").write_bytes(SEED.read_bytes())
    (tmp_path / "hartlepool.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (tmp_path / ".hidden.md").write_text("editor backup")
    result = run_cli("load", str(tmp_path), url=clean_db)
    assert result.returncode == 0, result.stderr
    assert f"skipped (not HTML, PDF, markdown or text): {tmp_path / 'hartlepool.docx'}" in result.stderr
    assert "1 files: 1 loaded" in result.stdout and "1 skipped" in result.stdout
