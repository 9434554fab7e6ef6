"""The audit pass (issue 14): every sentence that carries a figure is either read or flagged.

Unit tests call the audit's functions on one paragraph with the facts a reader took from it, so that they
pin the audit whatever the grammar learns to read. The last tests hold every report of the suite to the
issue's bar: every miss flagged, fewer than 5% of flags false (as `benchmarks/accuracy.py` counts them).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cqc_la.parsing import parse_report
from cqc_la.parsing.audit import unread_comparisons, unread_figures, unread_waits
from cqc_la.parsing.blocks import Chunk
from cqc_la.report import Demographics, FinancialFacts, NationalMetric, WaitingTime

from .heldout import FOLDERS, accuracy_module, read_truth, truths

SEED = Path(__file__).resolve().parents[2] / "seeds" / "hartlepool-0525.md"


def _chunk(text: str, line: int = 40) -> Chunk:
    return Chunk(0, text, text, text, line, line + text.count("\n"), None, False, len(text.split()))


def _metric(la: str, england: str) -> NationalMetric:
    return NationalMetric(
        1, 0, 0, Decimal(la), Decimal(england), "%", "better", "better", "ASCS", None, "m", None, "s", 40, 40
    )


def _wait(days: str, previous: str | None = None) -> WaitingTime:
    return WaitingTime(
        1,
        0,
        0,
        "care_act_assessment",
        "median",
        Decimal(days),
        None,
        Decimal(previous) if previous else None,
        None,
        "s",
        40,
        40,
    )


# --- England comparisons ---------------------------------------------------------------------------------


def test_figures_left_over_in_an_england_sentence_are_flagged_with_their_line() -> None:
    text = (
        "Satisfaction with care and support (62%) and with information (71%) were better than the England "
        "averages of 58% and 67%."
    )
    (flag,) = unread_comparisons(_chunk(text), 1, [_metric("62", "58")])
    assert (flag.kind, flag.qs_no, flag.line) == ("unread_comparison", 1, 40)
    assert flag.numbers == (Decimal("71"), Decimal("67"))
    assert flag.printed == ("71%", "67%")
    assert "were better than the England averages" in flag.sentence
    assert "71%, 67%" in flag.warning().message


def test_a_sentence_read_in_full_is_not_flagged() -> None:
    text = "Of carers, 31.0% reported good social contact, compared with 28.2% nationally, which was better."
    assert unread_comparisons(_chunk(text), 2, [_metric("31.0", "28.2")]) == []
    assert len(unread_comparisons(_chunk(text), 2, [])) == 1  # nothing read: both figures flagged


@pytest.mark.parametrize(
    "text",
    [
        "The proportion receiving direct payments was 22.3 per cent (England 26.2 per cent).",  # no judgement
        "81% of care homes were rated good or outstanding, compared with 84% in England.",
        "People told us 90% of staff were kind.",  # no England
    ],
)
def test_figures_beside_england_with_no_judgement_are_description(text: str) -> None:
    assert unread_comparisons(_chunk(text), 3, []) == []


def test_a_regional_figure_beside_englands_is_not_an_england_comparison() -> None:
    text = (
        "81.0% needed no further support, higher than the regional and England averages of 77.9% and 79.6%."
    )
    assert unread_comparisons(_chunk(text), 6, [_metric("81.0", "79.6")]) == []


def test_a_judgement_in_the_next_sentence_makes_a_comparison() -> None:
    text = (
        "The proportions were 34.8%, 27.1% and 66.9%, against national figures of 36.8%, 28.0% and 64.7%. "
        "All three were similar to England."
    )
    (flag,) = unread_comparisons(_chunk(text), 2, [_metric("34.8", "36.8")])
    assert flag.printed == ("27.1%", "66.9%", "28.0%", "64.7%")


# --- waiting times ---------------------------------------------------------------------------------------


def test_a_number_of_days_no_wait_took_is_flagged_weeks_in_days() -> None:
    text = "It took on average 19 working days to complete an assessment, and reviews took 6 weeks."
    flags = unread_waits(_chunk(text), 1, [])
    assert [flag.numbers for flag in flags] == [(Decimal(19), Decimal(42))]
    assert unread_waits(_chunk(text), 1, [_wait("19"), _wait("42")]) == []


def test_an_earlier_figure_of_a_wait_must_be_read_too() -> None:
    text = "The median wait was 21 days, compared with 35 days a year earlier."
    assert unread_waits(_chunk(text), 1, [_wait("21", "35")]) == []
    assert [flag.numbers for flag in unread_waits(_chunk(text), 1, [_wait("21")])] == [(Decimal(35),)]


@pytest.mark.parametrize(
    "text",
    [
        "Most people were seen within 28 days of discharge.",
        "The council ran a 6-week reablement service.",
        "Reviews were due within 6 to 8 weeks of a new package.",
        "The forum met every 8 weeks.",
        "85.9% of those were still at home 91 days after discharge.",
        "The council aimed to complete assessments within 2 working days of first contact.",
        "Interpreters could be booked for planned visits, usually in 2 working days.",
        "The average length of stay was 24 days across 96 beds.",
        "The reablement service supported people for up to 6 weeks.",
        "In the last 12 weeks the team saw 300 people.",
    ],
)
def test_known_non_waits_are_not_flagged(text: str) -> None:
    assert unread_waits(_chunk(text), 4, []) == []


# --- financial facts and demographics --------------------------------------------------------------------


def test_a_financial_figure_no_field_took_is_flagged() -> None:
    text = "Long-term support was provided to 4,620 people and short-term support to 1,710 people in 2024/25."
    (flag,) = unread_figures(_chunk(text), "financial_facts", Demographics(), FinancialFacts())
    assert flag.printed == ("4,620", "1,710")  # the year is no figure


def test_demographic_ages_scales_and_area_shares_are_not_figures() -> None:
    text = (
        "The population aged 65 and over grew by 11.4%, the working-age population (16 to 64) by 9.7%; "
        "1 is the most deprived, and 43% of residents live in the most deprived 10% of neighbourhoods."
    )
    (flag,) = unread_figures(_chunk(text), "about", Demographics(), FinancialFacts())
    assert flag.printed == ("11.4%", "9.7%")


# --- every report of the suite ---------------------------------------------------------------------------


def test_the_seed_has_no_flag_and_counts_its_figure_sentences() -> None:
    seed = parse_report(SEED)
    assert seed.unread == ()
    assert seed.sentences_with_figures >= len(seed.national_metrics)


@pytest.fixture(scope="module")
def flags():  # type: ignore[no-untyped-def]
    accuracy = accuracy_module()
    tally = accuracy.Flags()
    for folder in FOLDERS:
        for path in truths(folder):
            truth = read_truth(path)
            accuracy.compare_flags(parse_report(folder / truth["file"]), truth, tally)
    return tally


def test_every_miss_on_every_report_of_the_suite_is_flagged(flags) -> None:  # type: ignore[no-untyped-def]
    assert flags.flagged == flags.misses, flags.unflagged


def test_fewer_than_5_percent_of_flags_are_false(flags) -> None:  # type: ignore[no-untyped-def]
    assert flags.flags > 0
    assert (flags.flags - flags.true_flags) / flags.flags < 0.05, flags.false
