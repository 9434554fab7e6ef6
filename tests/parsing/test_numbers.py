"""Number and phrase parsers: examples from real reports, and properties checked with hypothesis."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqc_la.parsing import numbers
from cqc_la.parsing.numbers import AMOUNT, COUNT, amount_from_match, count_from_match
from cqc_la.parsing.sentences import sentence_spans
from cqc_la.parsing.text import for_matching, key, word_bag
from cqc_la.parsing.vocabulary import vocabulary


def _amount(text: str) -> numbers.Amount:
    found = AMOUNT.search(text)
    assert found is not None, text
    return amount_from_match(found)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("£442,931,000", Decimal("442931000")),
        ("£1,860,506,000.00", Decimal("1860506000.00")),
        ("£311.9 million", Decimal("311900000")),
        ("£4.2million", Decimal("4200000")),
        ("£8.9m more", Decimal("8900000")),
        ("£1.2bn", Decimal("1200000000")),
        ("£404,000 less", Decimal("404000")),
        ("£177,706,000, its", Decimal("177706000")),
    ],
)
def test_amounts_as_printed(printed: str, value: Decimal) -> None:
    found = _amount(printed)
    assert found.value == value and found.well_formed


def test_broken_grouping_keeps_its_readings() -> None:
    found = _amount("£382,390,0000")
    assert not found.well_formed
    assert found.printed == "£382,390,0000"
    assert found.candidates == (Decimal("3823900000"), Decimal("382390000"))


@given(st.integers(min_value=0, max_value=10**13))
def test_grouped_pounds_round_trip(value: int) -> None:
    found = _amount(f"it was £{value:,} in total")
    assert found.value == value and found.well_formed and found.tolerance == Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["", ".00", ".50"]))
def test_grouped_pounds_with_pence_round_trip(value: int, pence: str) -> None:
    assert _amount(f"£{value:,}{pence}.").value == Decimal(f"{value}{pence}")


@given(st.integers(min_value=1, max_value=99999), st.sampled_from([" million", "million", "m", " m"]))
def test_millions_round_trip(tenths: int, word: str) -> None:
    found = _amount(f"£{tenths // 10}.{tenths % 10}{word} more")
    assert found.value == Decimal(tenths) * 100_000
    assert found.tolerance == Decimal(50_000)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("95,366", 95366),
        ("over 205,087", 205087),
        ("approximately 1.61 million", 1610000),
        ("nearly 1.2 million", 1200000),
        ("196.000", 196000),
        ("2205", 2205),
    ],
)
def test_counts_as_printed(printed: str, value: int) -> None:
    found = COUNT.search(printed)
    assert found is not None and count_from_match(found) == value


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([",", "."]))
def test_grouped_counts_round_trip(value: int, separator: str) -> None:
    printed = f"{value:,}".replace(",", separator)
    found = COUNT.search(f"a population of {printed} people")
    assert found is not None and count_from_match(found) == value


def test_percentages_are_not_counts() -> None:
    assert COUNT.search("an increase of 3.62% since") is None
    assert COUNT.search("3.62 per cent") is None


@given(
    st.integers(min_value=1990, max_value=2098),
    st.sampled_from(["{a}/{b2}", "{a}/{b4}", "{a}-{b4}", "{a}-{b2}", "{a} to {b4}", "{a}\u2013{b2}"]),
)
def test_financial_years_normalise(start: int, shape: str) -> None:
    printed = shape.format(a=start, b2=f"{(start + 1) % 100:02d}", b4=start + 1)
    assert numbers.year(for_matching(f"in {printed}, the budget")) == f"{start}-{(start + 1) % 100:02d}"


@given(st.integers(min_value=1990, max_value=2090), st.integers(min_value=2, max_value=9))
def test_ranges_of_several_years_are_not_financial_years(start: int, span: int) -> None:
    assert numbers.year(f"strategy {start}-{start + span}") is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_dates_round_trip(day: date) -> None:
    month = calendar.month_name[day.month]
    for printed in (
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.day}th {month[:3]} {day.year}",
    ):
        assert numbers.parse_date(printed) == day, printed


def test_impossible_dates_are_none() -> None:
    assert numbers.parse_date("31 February 2025") is None


@pytest.mark.parametrize(
    ("text", "value"), [("36", 36), ("twelve", 12), ("thirty-six", 36), ("Fifty five", 55)]
)
def test_number_words(text: str, value: int) -> None:
    assert numbers.number_word(text) == value


@given(st.text(alphabet="abc .!?0123456789\u00a0", max_size=80))
def test_sentence_spans_are_ordered_and_inside_the_text(text: str) -> None:
    spans = sentence_spans(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        previous = end


@given(st.text(max_size=60))
def test_matching_copy_keeps_every_offset(text: str) -> None:
    assert len(for_matching(text)) == len(text)


STATEMENT_NAMES = [name for statement in vocabulary().statements for name in statement.names]


@given(
    st.sampled_from(STATEMENT_NAMES),
    st.sampled_from([str.upper, str.lower, str.title, str]),
    st.sampled_from(["", ":", " ", "."]),
)
def test_statement_names_match_in_any_case_and_punctuation(name: str, case, trailing: str) -> None:
    words = vocabulary()
    expected = next(s.number for s in words.statements if name in s.names)
    assert words.statement(case(name.replace(" and ", " & ")) + trailing) == expected


@given(st.sampled_from(STATEMENT_NAMES), st.randoms(use_true_random=False))
def test_statement_names_match_in_any_word_order(name: str, random) -> None:
    words = key(name).split()
    random.shuffle(words)
    assert word_bag(" ".join(words)) == word_bag(name)
    assert vocabulary().statement(" ".join(words)) == next(
        s.number for s in vocabulary().statements if name in s.names
    )


@pytest.mark.parametrize(
    ("printed", "qs_no"),
    [
        ("Safe systems, pathways and transitions", 6),
        ("Safe pathways, systems & transitions", 6),
        ("Partnership and communities", 5),
        ("Supporting people to lead healthier lives", 2),
        ("Equity in experiences and outcomes", 3),
        ("Quality statement: Assessing needs", 1),
        ("Assessing", None),
        ("Safeguarding adults board", None),
    ],
)
def test_statement_name_variants(printed: str, qs_no: int | None) -> None:
    assert vocabulary().statement(printed) == qs_no


@pytest.mark.parametrize(
    ("printed", "topic"),
    [
        ("Provision of independent advocacy", "Provision of independent advocacy"),
        ("Independent advocacy", "Provision of independent advocacy"),
        (
            "Assessment and care planning for unpaid carers",
            "Assessment and care planning for unpaid carers, child's carers and child carers",
        ),
        ("STRATEGIC PLANNING", "Strategic planning"),
        ("Staff told us", None),
    ],
)
def test_topic_variants(printed: str, topic: str | None) -> None:
    found = vocabulary().topic(printed)
    assert (found.topic if found else None) == topic
