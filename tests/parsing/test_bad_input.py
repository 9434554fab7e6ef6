"""Bad input is rejected with one line naming the file, the line and what was expected; oddities are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_la.parsing import parse_report
from cqc_la.report import Report, ReportError


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _with_line(text: str, number: int, new: str | None) -> str:
    """The text with line `number` (1-based) replaced, or removed when `new` is None."""
    lines = _lines(text)
    assert lines[number - 1] is not None
    if new is None:
        del lines[number - 1]
    else:
        lines[number - 1] = new
    return "\n".join(lines)


def _error(source: str | bytes, name: str = "bad.md") -> ReportError:
    with pytest.raises(ReportError) as caught:
        parse_report(source, name)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(name)
    return caught.value


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", "\ufeff".encode()])
def test_empty_file(data: bytes) -> None:
    error = _error(data)
    assert error.line is None and "empty" in str(error)


def test_nul_byte_names_its_line(seed_text: str) -> None:
    data = seed_text.encode()
    position = data.index(b"Demographics")  # line 11
    error = _error(data[:position] + b"\x00" + data[position:])
    assert error.line == 11 and "NUL" in str(error)


def test_invalid_utf8_names_its_line(seed_text: str) -> None:
    data = seed_text.encode()
    position = data.index(b"Financial facts")  # line 25
    error = _error(data[:position] + b"\xff\xfe" + data[position:])
    assert error.line == 25 and "0xff" in str(error)


def test_unreadable_path_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as caught:
        parse_report(tmp_path / "missing.md")
    assert caught.value.file_name == "missing.md"


def test_text_without_a_title_is_not_a_report() -> None:
    error = _error("Shopping list\n\nEggs, milk and bread.\n")
    assert error.line == 1 and "title" in error.expected


def test_title_without_statements_is_not_a_report() -> None:
    error = _error(
        "# Somewhere Council: local authority assessment\n\nAssessment published: 1 May 2025\n\nHello.\n"
    )
    assert "quality statement" in error.expected


def test_truncated_file_is_a_cut_off_part(seed_text: str) -> None:
    """A file that stops inside what it started is loaded as a part, never as a whole report."""
    lines = _lines(seed_text)
    truncated = "\n".join(lines[:770])  # ends inside the Safeguarding findings: theme 4 never comes
    report = parse_report(truncated, "cut.md")
    assert report.detail == "partial"
    assert report.cut_off is not None and report.cut_off.line == 770
    assert "ends before statement 8" in report.cut_off.message
    assert report.missing_parts == ("qs8", "qs9")
    assert [s.score for s in report.statements][:7] == [3, 3, 2, 2, 3, 3, 3]


def test_file_ending_at_a_key_findings_heading_is_cut_off(seed_text: str) -> None:
    truncated = "\n".join(_lines(seed_text)[:756])  # ends with Safeguarding's 'Key findings' heading
    report = parse_report(truncated, "cut.md")
    assert report.cut_off is not None and report.cut_off.line == 756
    assert "'Safeguarding'" in report.cut_off.message and report.detail == "partial"


def test_statement_without_findings_followed_by_another_is_malformed(seed_text: str) -> None:
    lines = _lines(seed_text)
    start = lines.index("## Key findings for this quality statement", 740)  # Safeguarding's
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## Theme 4"))
    text = "\n".join(lines[:start] + lines[end:])
    error = _error(text)
    assert "key findings for quality statement 'Safeguarding'" in error.expected
    next_heading = _lines(text).index("## Governance, management and sustainability", start) + 1
    assert error.line == next_heading and "Governance" in str(error.found)


def test_statement_section_without_a_score(seed_text: str) -> None:
    text = _with_line(_with_line(seed_text, 746, ""), 744, "")  # drop Safeguarding's score and label
    error = _error(text)
    assert error.line == 742 and "Score" in error.expected and "Safeguarding" in error.expected


@pytest.mark.parametrize(("line", "printed"), [(744, "Score: 5"), (88, "Score: 0"), (150, "Score 7")])
def test_score_outside_one_to_four(seed_text: str, line: int, printed: str) -> None:
    error = _error(_with_line(seed_text, line, printed))
    assert error.line == line and error.expected == "a score from 1 to 4"


def test_missing_rating_word(seed_text: str) -> None:
    error = _error(_with_line(seed_text, 50, "To be confirmed"))
    assert "rating" in error.expected and error.line == 46


def test_missing_publication_date_is_left_to_assembly(seed_text: str) -> None:
    """A statement tab prints no date; the loader finds its report (tests/test_tabs.py)."""
    report = parse_report(_with_line(seed_text, 7, "Assessment published: soon"), "undated.md")
    assert report.published_on is None and report.detail == "report"


def _warnings(text: str) -> Report:
    return parse_report(text, "odd.md")


def test_summary_and_section_scores_disagree_is_a_warning(seed_text: str) -> None:
    report = _warnings(_with_line(seed_text, 88, "Score: 2"))
    assert [w.kind for w in report.warnings] == ["score_mismatch"]
    assert report.statements[6].summary_score == 2 and report.statements[6].score == 3


def test_rating_outside_its_band_is_a_warning(seed_text: str) -> None:
    report = _warnings(_with_line(seed_text, 50, "Outstanding"))
    assert report.overall_rating.value == "Outstanding"
    assert [w.kind for w in report.warnings] == ["rating_band"]


def test_wrong_stated_difference_is_a_warning(seed_text: str) -> None:
    report = _warnings(seed_text.replace("£8,891,000", "£8,890,000"))
    assert report.finance.budget_difference_gbp is not None
    assert report.finance.budget_difference_gbp.value == 8890000
    assert [(w.kind, w.line) for w in report.warnings] == [("finance_arithmetic", 29)]


def test_broken_digit_grouping_is_flagged_not_guessed(seed_text: str) -> None:
    """`£42,452,0000` is not stored as a figure (the paragraph keeps the text); the warning names the line
    and the reading the other figures support (actual 42,048,000 + stated 404,000 less)."""
    report = _warnings(seed_text.replace("£42,452,000", "£42,452,0000"))
    assert report.finance.asc_estimated_gbp is None
    assert report.finance.asc_actual_gbp is not None and report.finance.asc_difference_gbp is not None
    (warning,) = report.warnings
    assert (warning.kind, warning.line) == ("amount_format", 31)
    assert "£42,452,0000" in warning.message and "£42,452,000" in warning.message
    assert any("£42,452,0000" in block.raw for block in report.blocks)


def test_a_wrong_year_is_kept_as_printed(seed_text: str) -> None:
    report = _warnings(
        seed_text.replace("Assessment published: 14 May 2025", "Assessment published: 14 May 2052")
    )
    assert report.published_on.value.year == 2052  # type: ignore[union-attr]
