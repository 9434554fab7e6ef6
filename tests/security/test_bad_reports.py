"""Files that are not one well-formed report are rejected in one line naming the file and the line.

Two reports in one file (Middlesbrough's paragraphs once filed under Hartlepool), the seed repeated
until it was 50 MB (once loaded as `replaced`), a statement printed twice, a score that is no whole
number from 1 to 4 or that disagrees with its own label. The page title printed again (a footer, the
tabs of one report joined together) is not a second report. Parser level, no database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cqc_la.parsing import boundaries, parse_report
from cqc_la.report import Report, ReportError

SEED = Path(__file__).resolve().parents[2] / "seeds" / "hartlepool-0525.md"
TITLE = "# Hartlepool Borough Council: local authority assessment"
SEED_LINES = 941  # the seed's lines (its last line has no line break)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _with_line(text: str, number: int, new: str) -> str:
    lines = _lines(text)
    lines[number - 1] = new
    return "\n".join(lines)


def _error(text: str, name: str = "bad.md") -> ReportError:
    with pytest.raises(ReportError) as caught:
        parse_report(text, name)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}:")
    return caught.value


def _join(*texts: str) -> str:
    """Texts one after another, each from a line of its own: text N starts at the line after text N-1."""
    return "\n".join(texts)


def _middlesbrough(seed: str) -> str:
    return seed.replace("Hartlepool Borough Council", "Middlesbrough Council").replace(
        "Hartlepool", "Middlesbrough"
    )


# --- two reports in one file -------------------------------------------------------------------


def test_two_councils_reports_in_one_file_are_rejected_at_the_second_title(seed: str) -> None:
    error = _error(_join(seed, _middlesbrough(seed)))
    second = SEED_LINES + 3  # the second report's title is its line 3
    assert error.line == second
    assert str(error) == (
        f"bad.md:{second}: expected one report per file, found a second report starting at line {second} "
        "('Middlesbrough Council: local authority assessment')"
    )


def test_the_seed_repeated_is_rejected_at_its_second_copy(seed: str) -> None:
    error = _error(_join(*[seed] * 5))
    assert error.line == SEED_LINES + 3
    assert "second report" in str(error) and "Hartlepool Borough Council" in str(error)


def test_the_same_council_with_another_publication_date_is_a_second_report(seed: str) -> None:
    republished = seed.replace("Assessment published: 14 May 2025", "Assessment published: 2 February 2026")
    assert _error(_join(seed, republished)).line == SEED_LINES + 3


def test_the_same_title_over_a_second_overall_summary_is_a_second_report(seed: str) -> None:
    lines = _lines(seed)
    summary_tab = [TITLE, "", *lines[43:137]]  # the title, then 'Overall summary' ... before theme 1
    error = _error(_join(seed, *summary_tab))
    assert error.line == SEED_LINES + 1


def test_another_councils_statement_tab_after_a_report_is_rejected(seed: str) -> None:
    tab = ["Middlesbrough Council: local authority assessment", "", "Downloads", "", *_lines(seed)[147:270]]
    assert _error(_join(seed, *tab)).line == SEED_LINES + 1


def test_the_page_title_printed_again_in_a_footer_is_not_a_second_report(seed: str) -> None:
    footer = ["", TITLE.lstrip("# "), "", "Was this page useful? Yes No", "", "Contact us"]
    report = parse_report(_join(seed, *footer), "footer.md")
    assert report.detail == "report" and report.council_name.value == "Hartlepool Borough Council"


def test_the_title_printed_over_every_theme_is_not_a_second_report(seed: str) -> None:
    lines = _lines(seed)
    running = [
        new
        for line in lines
        for new in ((TITLE, "", line) if line.lstrip("#").startswith(" Theme") else (line,))
    ]
    report = parse_report("\n".join(running), "running.md")
    assert report.detail == "report" and [s.score for s in report.statements] == [3, 3, 2, 2, 3, 3, 3, 3, 3]


def test_the_tabs_of_one_report_joined_in_one_file_are_one_report(seed: str) -> None:
    lines = _lines(seed)
    theme_starts = [index for index, line in enumerate(lines) if line.lstrip("#").startswith(" Theme")]
    tabs = ["\n".join(lines[: theme_starts[0]])]  # the summary tab with the about page
    for start, end in zip(theme_starts, [*theme_starts[1:], len(lines)], strict=True):
        tabs.append("\n".join([TITLE, "", "Downloads", "", *lines[start:end]]))
    report = parse_report("\n\n".join(tabs), "tabs.md")
    assert report.detail == "report" and not report.warnings


def test_another_councils_title_followed_by_nothing_of_a_report_is_kept_as_text(seed: str) -> None:
    related = ["", "Related reports", "", "Middlesbrough Council: local authority assessment"]
    report = parse_report(_join(seed, *related), "related.md")
    assert report.council_name.value == "Hartlepool Borough Council"
    assert report.blocks[-1].text == "Middlesbrough Council: local authority assessment"


# --- statements printed twice, sizes -----------------------------------------------------------


def test_a_statement_section_printed_twice_is_rejected(seed: str) -> None:
    lines = _lines(seed)
    again = lines[147:270]  # 'Assessing needs' (line 148) to its last finding
    error = _error(_join(seed, *again))
    assert str(error) == (
        f"bad.md:{SEED_LINES + 1}: expected each quality statement once, "
        f"found a second section for 'Assessing needs' at line {SEED_LINES + 1}"
    )


def test_a_text_larger_than_any_report_is_rejected_in_one_line_naming_the_limit() -> None:
    text = "x" * (boundaries.MAX_CHARACTERS + 1)
    error = _error(text, "huge.md")
    assert error.line is None and f"{boundaries.MAX_CHARACTERS:,} characters" in str(error)


def test_a_text_of_more_lines_than_any_report_is_rejected_in_one_line_naming_the_limit(seed: str) -> None:
    error = _error(_join(seed, "x\n" * boundaries.MAX_LINES), "long.md")
    assert error.line is None and f"{boundaries.MAX_LINES:,} lines" in str(error)


def test_the_limits_leave_room_for_the_longest_reports(seed: str) -> None:
    assert len(seed) * 30 < boundaries.MAX_CHARACTERS and seed.count("\n") * 20 < boundaries.MAX_LINES


# --- scores ------------------------------------------------------------------------------------


@pytest.mark.parametrize("printed", ["Score: -1", "Score: 3.5", "Score: 2,5", "Score: 0"])
def test_a_statement_score_that_is_no_whole_number_from_one_to_four_is_rejected(
    seed: str, printed: str
) -> None:
    error = _error(_with_line(seed, 150, printed))  # 'Assessing needs' prints 'Score: 3' on line 150
    assert error.line == 150 and str(error) == f"bad.md:150: expected a score from 1 to 4, found '{printed}'"


@pytest.mark.parametrize("printed", ["Score: -1", "Score: 3.5"])
def test_a_summary_score_that_is_no_whole_number_is_rejected(seed: str, printed: str) -> None:
    error = _error(_with_line(seed, 58, printed))  # the summary's score for 'Assessing needs'
    assert error.line == 58 and printed in str(error)


def test_a_score_line_that_disagrees_with_its_own_label_is_rejected(seed: str) -> None:
    error = _error(_with_line(seed, 150, "Score: 2"))  # its label (line 152) says '3 - Evidence shows ...'
    assert str(error) == (
        "bad.md:150: expected a score for 'Assessing needs' that agrees with its label, "
        "found 'Score: 2' and '3 - Evidence shows a good standard' (line 152)"
    )


def test_a_label_that_disagrees_with_its_score_line_is_rejected(seed: str) -> None:
    error = _error(_with_line(seed, 152, "2 - Evidence shows some shortfalls"))
    assert error.line == 150 and "line 152" in str(error)


def test_a_summary_score_that_disagrees_with_the_section_stays_a_warning(seed: str) -> None:
    report: Report = parse_report(_with_line(seed, 58, "Score: 2"), "odd.md")
    assert [w.kind for w in report.warnings] == ["score_mismatch"]
    assert (report.statements[0].summary_score, report.statements[0].score) == (2, 3)
