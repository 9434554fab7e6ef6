"""A generator of synthetic reports by other councils, in varied layouts, with the facts they state.

The acceptance test of the parser is a corpus of reports it has never seen. This module builds such
reports from the framework vocabulary, the council reference list and phrase templates taken from
`docs/report-format.md`, choosing at random (seeded, so reproducible) the council, the scores, the
figures and every layout choice: heading markers and levels, blank lines and rules, bullets, score
line shapes, statement name variants, amount and year formats, comparison wordings and source
placements, line endings and typography. `Expected` holds what a correct parse must find.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from cqc_la.parsing.vocabulary import vocabulary

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "seeds" / "reference" / "local_authorities.csv"

FILLER = (
    "Staff told us they had access to training and felt supported by their managers.",
    "Partners described positive working relationships with the local authority and its teams.",
    "People told us they were treated with dignity and respect during their contact with staff.",
    "Leaders had a clear understanding of the challenges facing the local area and the workforce.",
    "The local authority worked with voluntary and community sector groups to understand local needs.",
    "We heard that communication with some communities could be improved over the coming year.",
    "In 2023/24 the local authority received 1,234 contacts through its front door service.",
    "Senior leaders told us they planned to review the approach with people who used services.",
    "Feedback from unpaid carers was mixed, and some said information was hard to find online.",
    "The local authority had a plan to develop its approach, with actions monitored by leaders.",
)
COMPARISONS = (
    ("significantly better than", "significantly better", "better"),
    ("better than", "better", "better"),
    ("somewhat better than", "somewhat better", "better"),
    ("slightly better than", "slightly better", "better"),
    ("tends towards better than", "tends towards better", "better"),
    ("similar to", "similar", "similar"),
    ("in line with", "in line with", "similar"),
    ("worse than", "worse", "worse"),
    ("somewhat worse than", "somewhat worse", "worse"),
    ("tends towards worse than", "tends towards worse", "worse"),
    ("significantly worse than", "significantly worse", "worse"),
)
SOURCE_NAMES = {
    "ASCS": "Adult Social Care Survey",
    "SACE": "Survey of Adult Carers in England",
    "SALT": "Short and Long Term Support",
    "SAC": "Safeguarding Adults Collection",
    "ASCOF": "Adult Social Care Outcomes Framework",
}
MEASURES = (
    (
        "ascs_satisfied_care_support",
        "ASCS",
        "people who use services were satisfied with their care and support",
    ),
    ("ascs_choice_over_services", "ASCS", "people who use services felt they had choice over services"),
    ("ascs_feel_safe", "ASCS", "people who use services feel safe"),
    ("ascs_control_daily_life", "ASCS", "people who use services had control over their daily life"),
    ("ascs_easy_find_information", "ASCS", "people who use services found it easy to find information"),
    ("ascs_social_contact", "ASCS", "people who use services had as much social contact as they would like"),
    ("sace_satisfied_social_services", "SACE", "carers were satisfied with social services"),
    ("sace_involved_consulted", "SACE", "carers felt involved or consulted as much as they wanted"),
    (
        "sace_time_doing_things_enjoy",
        "SACE",
        "carers were able to spend time doing things they value or enjoy",
    ),
    ("sace_social_contact", "SACE", "carers had as much social contact as they would like"),
    ("salt_long_term_reviewed", "SALT", "people receiving long-term support had their needs reviewed"),
    ("ascof_direct_payments", "ASCOF", "people using services received direct payments"),
    ("sac_lacking_capacity_advocate", "SAC", "people lacking capacity were supported by an advocate"),
)
SERVICE_WORDS = {
    "care_act_assessment": "Care Act assessments",
    "carers_assessment": "carers' assessments",
    "review": "reviews",
    "financial_assessment": "financial assessments",
    "occupational_therapy": "occupational therapy assessments",
    "dols": "DoLS applications",
}
PARTIES = (
    ("Labour", "Labour-led"),
    ("Conservative", "Conservative controlled"),
    ("Liberal Democrat", "Liberal Democrat led"),
)
EXTRA_TOPICS = (
    "Workforce development and wellbeing",
    "Hospital discharge arrangements",
    "Housing and homelessness",
)


@dataclass
class Expected:
    council: str
    kind: str
    published: date
    started: date | None
    rating: str
    scores: list[int]
    demographics: dict[str, object] = field(default_factory=dict)
    finance: dict[str, object] = field(default_factory=dict)
    metrics: list[tuple] = field(
        default_factory=list
    )  # (qs, la, england, direction, comparison, source, period, code)
    waits: list[tuple] = field(
        default_factory=list
    )  # (qs, service, measure, days, days_low, previous, people)
    findings: list[tuple] = field(default_factory=list)  # (qs, heading, paragraphs)
    warnings: list[str] = field(default_factory=list)


def _councils() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _year(rng: random.Random, start: int) -> tuple[str, str]:
    shape = rng.choice(["{a}/{b2}", "{a}/{b4}", "{a}-{b4}", "{a}-{b2}"])
    printed = shape.format(a=start, b2=f"{(start + 1) % 100:02d}", b4=start + 1)
    return printed, f"{start}-{(start + 1) % 100:02d}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class Builder:
    """Builds one report: a list of (kind, text) items rendered by `render` in the chosen layout."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.items: list[
            tuple[str, str]
        ] = []  # ("h1".."h4", text) | ("p", text) | ("li", text) | ("rule", "")
        row = rng.choice(_councils())
        self.council = row["council_name"]
        self.icb = row["icb_name"]
        self.heading_style = rng.choice(["md", "md_flat", "plain", "bold"])
        self.blank = rng.choice(["one", "runs", "none"])
        self.crlf = rng.random() < 0.3
        self.typography = rng.random() < 0.3
        self.pilot = rng.random() < 0.15
        self.words = vocabulary()
        self.published = date(2024, 5, 1) + timedelta(days=rng.randrange(600))
        scores = [rng.choice([1, 2, 2, 3, 3, 3, 4]) for _ in range(9)]
        total = sum(scores)
        rating = next(name for name, (low, high) in self.words.bands_36.items() if low <= total <= high)
        self.expected = Expected(
            council=self.council,
            kind="pilot" if self.pilot else "formal",
            published=self.published,
            started=self.published - timedelta(days=180) if self.pilot else None,
            rating=rating,
            scores=scores,
        )

    # layout ----------------------------------------------------------------------------------------

    def heading(self, level: int, text: str) -> None:
        self.items.append((f"h{level}", text))

    def para(self, text: str) -> None:
        self.items.append(("p", text))
        if self.rng.random() < 0.15:
            self.items.append(("rule", ""))

    def render(self) -> str:
        rng = self.rng
        out: list[str] = []
        for kind, text in self.items:
            if kind == "rule":
                if self.heading_style != "plain":
                    out.append("---")
                continue
            if kind.startswith("h"):
                level = int(kind[1])
                if self.heading_style == "md":
                    line = "#" * min(4, max(1, level + rng.choice([-1, 0, 0, 1]))) + " " + text
                elif self.heading_style == "md_flat":
                    line = "## " + text
                elif self.heading_style == "bold":
                    line = f"**{text}**"
                else:
                    line = text
            elif kind == "li":
                line = text[2:] if self.heading_style == "plain" and text.startswith("- ") else text
            else:
                line = text
            out.append(line)
        separator = {"one": "\n\n", "none": "\n"}.get(self.blank)
        if separator is None:
            text = "".join(line + "\n" * rng.choice([2, 2, 3, 4]) for line in out)
        else:
            text = separator.join(out) + "\n"
        if self.typography:
            text = (
                text.replace("'", "\u2019")
                .replace("Score: ", "Score:\u00a0")
                .replace(" - Evidence", " \u2013 Evidence")
            )
        if self.crlf:
            text = "\ufeff" + text.replace("\n", "\r\n")
        return text

    # content ---------------------------------------------------------------------------------------

    def build(self) -> tuple[str, Expected]:
        self.front()
        self.about()
        self.finance()
        self.summary()
        for theme in (1, 2, 3, 4):
            self.theme(theme)
        return self.render(), self.expected

    def front(self) -> None:
        rng = self.rng
        title = f"{self.council} assessment" if self.pilot else f"{self.council}: local authority assessment"
        self.heading(1, title)
        if rng.random() < 0.5:
            self.para(rng.choice(["How we assess local authorities", "[How we assess local authorities](#)"]))
        printed = f"{self.published.day} {self.published:%B %Y}"
        self.para(f"Assessment published: {printed}")
        if self.pilot:
            started = self.expected.started
            assert started is not None
            self.para(f"Assessment start date: {started.day} {started:%B %Y}")

    def about(self) -> None:
        rng = self.rng
        d = self.expected.demographics
        self.heading(2, f"About {self.council}")
        if rng.random() < 0.7:
            self.heading(3, "Demographics")
        population = rng.randrange(30_000, 1_500_000)
        form = rng.random()
        if population > 1_000_000 and form < 0.5:
            digits = rng.choice([1, 2])
            printed = f"{population / 1_000_000:.{digits}f} million"
            population = int(Decimal(f"{population / 1_000_000:.{digits}f}") * 1_000_000)
        elif form < 0.15:
            printed = f"{population:,}".replace(",", ".")  # '196.000': a dot as the thousands separator
        else:
            printed = f"{population:,}"
        qualifier = rng.choice(["approximately ", "over ", "nearly ", "about ", ""])
        d["population"] = population
        change = Decimal(rng.randrange(-50, 150)) / 10 or Decimal("1.5")
        word = "increase" if change > 0 else "decrease"
        d["population_change_pct"] = change
        self.para(
            f"{self.council} has a population of {qualifier}{printed}. There has been an {word} in the population "
            f"of {abs(change)}% since the last census in 2011."
        )
        ethnic = Decimal(rng.randrange(10, 600)) / 10
        d["ethnic_minority_pct"] = ethnic
        self.para(
            rng.choice(
                [
                    f"People from ethnic minority groups comprise {ethnic}% of the population.",
                    f"Around {ethnic}% of residents are from ethnic minority groups.",
                ]
            )
        )
        imd = rng.randrange(1, 11)
        shape = rng.choice(["standard", "reversed", "short", "rank"])
        if shape == "rank":
            rank, of = rng.randrange(1, 150), rng.choice([151, 153, 317])
            d.update(imd_rank=rank, imd_rank_of=of)
            self.para(
                rng.choice(
                    [
                        f"The area is ranked {_ordinal(rank)} most deprived out of {of} local authorities in England.",
                        f"On the Index of Multiple Deprivation the county is ranked {_ordinal(rank)} out of {of}.",
                    ]
                )
            )
        else:
            scale = {
                "standard": "(1 is the least deprived, 10 is the most deprived)",
                "reversed": "(10 being the least deprived and 1 the most deprived)",
                "short": "(10 is the most deprived)",
            }[shape]
            d.update(imd_value=imd, imd_scale=scale, imd_decile=11 - imd if shape == "reversed" else imd)
            self.para(f"The population has an Index of Multiple Deprivation score of {imd} {scale}.")
        older = Decimal(rng.randrange(1, 300)) / 10
        working = Decimal(rng.randrange(-80, 80)) / 10 or Decimal("-0.5")
        d.update(age_65_plus_change_pct=older, working_age_change_pct=working)
        self.para(
            f"The number of residents aged 65 years and over increased by {older}% between the 2011 and 2021 "
            f"census; the working age population (16 to 64) has {'increased' if working > 0 else 'decreased'} by "
            f"{abs(working)}%."
        )
        councillors, wards = rng.randrange(30, 120), rng.randrange(10, 80)
        d.update(councillors=councillors, wards=wards)
        if rng.random() < 0.2:
            d["political_control"] = "No overall control"
            self.para(
                f"The council is under no overall control, with {councillors} councillors across {wards} wards."
            )
        else:
            party, printed_party = rng.choice(PARTIES)
            d["political_control"] = party
            self.para(
                f"The council is {printed_party} with {councillors} councillors representing {wards} wards."
            )
        d["icb"] = self.icb
        sentence = f"{self.council} is part of the {self.icb}."
        if rng.random() < 0.5:
            combined = rng.choice(["Tees Valley", "West Midlands", "Greater Manchester", "North East"])
            d["combined_authority"] = f"{combined} Combined Authority"
            sentence += f" It is also part of the {combined} Combined Authority."
        self.para(sentence)

    def _money(self, value: int) -> tuple[str, Decimal, Decimal]:
        """(printed, value as the parser should read it, rounding unit) in a random format."""
        style = self.money_style
        if style == "millions":
            millions = Decimal(value) / 1_000_000
            rounded = millions.quantize(Decimal("0.1"))
            gap = "" if self.rng.random() < 0.3 else " "
            return f"£{rounded}{gap}million", rounded * 1_000_000, Decimal(100_000)
        if style == "pence":
            return f"£{value:,}.00", Decimal(value), Decimal(1)
        return f"£{value:,}", Decimal(value), Decimal(1)

    def finance(self) -> None:
        rng = self.rng
        f = self.expected.finance
        self.money_style = rng.choice(["exact", "exact", "pence", "millions"])
        bullets = rng.choice(["", "- ", "\u2022 "])
        start = rng.choice([2022, 2023, 2024])
        year, normalised = _year(rng, start)
        with_year = rng.random() < 0.85
        f["financial_year"] = normalised  # the share, precept and people sentences always print the year
        self.heading(2, "Financial facts")
        if rng.random() < 0.7:
            self.para(
                rng.choice(["The financial facts for {} are:", "the financial facts for {} are:"]).format(
                    self.council
                )
            )
        sentences: list[str] = []
        for subject in ("total", "asc"):
            estimated = rng.randrange(20_000_000, 2_000_000_000, 1000)
            actual = estimated + rng.randrange(-30_000_000, 30_000_000, 1000)
            est_printed, est_value, _ = self._money(estimated)
            broken = self.money_style == "exact" and rng.random() < 0.08
            if broken:
                est_printed += "0"  # '£382,390,0000': a broken grouping seen in a published report
                self.expected.warnings.append("amount_format")  # not stored as a figure
            act_printed, act_value, _ = self._money(actual)
            difference = act_value - est_value
            if self.money_style != "millions" and rng.random() < 0.15:
                difference += rng.choice([-3000, 2000, 5000])
                if not broken:  # no arithmetic to check without the estimate
                    self.expected.warnings.append("finance_arithmetic")
            word = "more" if difference >= 0 else rng.choice(["less", "less"])
            diff_printed, diff_value, _ = self._money(abs(int(difference)))
            prefix = "budget" if subject == "total" else "asc"
            if not broken:
                f[f"{prefix}_estimated_gbp"] = est_value
            f[f"{prefix}_actual_gbp"] = act_value
            f[f"{prefix}_difference_gbp"] = diff_value if difference >= 0 else -diff_value
            authority = rng.choice(["local authority", "Local Authority"])
            in_year = f"in {year}, " if with_year else ""
            if rng.random() < 0.3:
                est_printed, act_printed = f"**{est_printed}**", f"**{act_printed}**"
                diff_printed = f"**{diff_printed}**"
            than = rng.choice(["than estimated", "than estimated", "than budgeted", "than planned"])
            if word == "more" and rng.random() < 0.1:
                word, than = "morethan", than.removeprefix("than ")
            if subject == "total":
                if with_year and rng.random() < 0.3:
                    sentences.append(
                        f"The {authority} estimated in {year} its total budget would be {est_printed}."
                    )
                else:
                    sentences.append(
                        f"The {authority} estimated that {in_year}its total budget would be {est_printed}."
                    )
                sentences.append(
                    f"Its actual spend for that year was {act_printed}, which was {diff_printed} {word} {than}."
                )
            else:
                tail = f" in {year}" if with_year else ""
                sentences.append(
                    f"The {authority} estimated that it would spend {est_printed} of its total budget on adult social care{tail}."
                )
                sentences.append(
                    f"Its actual spend was {act_printed} which was {diff_printed} {word} {than}."
                )
        share = Decimal(rng.randrange(150, 450)) / 10
        f["asc_share_pct"] = share
        sentences.append(f"In {year}, {share}% of the budget was spent on adult social care.")
        precept = rng.choice([1, 2, 2])
        full = precept == 2
        f.update(precept_pct=Decimal(precept), precept_full=full)
        raised = "has raised the full" if full else "has not raised the full"
        sentences.append(
            f"The local authority {raised} adult social care precept for {year}, with a value of {precept}%."
        )
        long_term, short_term = rng.randrange(800, 20000), rng.randrange(200, 8000)
        f.update(people_long_term=long_term, people_short_term=short_term)
        sentences.append(
            f"Approximately {long_term:,} people were accessing long-term adult social care support, and approximately "
            f"{short_term:,} people were accessing short-term adult social care support in {year}."
        )
        if bullets:
            for sentence in sentences:
                self.items.append(("li", bullets + sentence))
        else:
            for first, second in zip(sentences[0:4:2], sentences[1:4:2], strict=True):
                self.para(f"{first} {second}")
            for sentence in sentences[4:]:
                self.para(sentence)
        self.para(
            "This data is reproduced at the request of the Department of Health and Social Care. It has not been "
            "factored into our assessment and is presented for information purposes only."
        )

    def _name(self, qs_no: int) -> str:
        statement = self.words.by_number[qs_no]
        return self.rng.choice(statement.names)

    def summary(self) -> None:
        rng = self.rng
        self.heading(1, "Overall summary")
        self.heading(
            2, "Local authority indicative rating" if self.pilot else "Local authority rating and score"
        )
        self.para(self.council)
        self.para(self.expected.rating)
        self.heading(2, "Quality statement scores")
        bullet = rng.choice(["", "\u2022 "])
        colon = rng.choice(["Score: ", "Score "])
        for qs_no, score in enumerate(self.expected.scores, start=1):
            name = self._name(qs_no)
            if bullet:
                self.items.append(("li", bullet + name))
            else:
                self.heading(3, name) if rng.random() < 0.3 else self.para(name)
            self.para(f"{colon}{score}")
        self.heading(2, "Summary of people's experiences")
        for _ in range(rng.randrange(1, 4)):
            self.para(" ".join(rng.sample(FILLER, 3)))
        self.heading(2, "Summary of strengths, areas for development and next steps")
        for _ in range(rng.randrange(1, 4)):
            self.para(" ".join(rng.sample(FILLER, 3)))

    def theme(self, number: int) -> None:
        pattern = self.words.themes[number]["report_heading_pattern"].replace("<LA>", self.council)
        self.heading(1, f"Theme {number}: {pattern}")
        self.para("This theme includes these quality statements:")
        members = [s for s in self.words.statements if s.theme == number]
        for statement in members:
            self.items.append(("li", "- " + statement.name))
        self.para("We may not always review all quality statements during every assessment.")
        for statement in members:
            self.statement(statement.number)

    def statement(self, qs_no: int) -> None:
        rng = self.rng
        statement = self.words.by_number[qs_no]
        score = self.expected.scores[qs_no - 1]
        self.heading(2, self._name(qs_no))
        shape = rng.choice(["Score: {}", "Score {}", "## Score: {}"])
        line = shape.format(score)
        if line.startswith("## ") and self.heading_style in ("plain", "bold"):
            line = line[3:]
        self.items.append(("p", line))
        label = self.words.labels[score]
        word = next(name for name, value in self.words.score_by_rating.items() if value == score)
        if self.pilot:
            self.para(f"{word}: {label}")
        elif score == 1 and rng.random() < 0.5:
            self.para(f"1 - Inadequate: {label}")
        else:
            self.para(f"{score} - {label}")
        if statement.i_statements:
            self.heading(3, "What people expect")
            for text in statement.i_statements:
                self.para(text)
        self.heading(3, "The local authority commitment")
        self.para(statement.we_statement)
        topics = list(statement.topics)
        chosen = sorted(rng.sample(range(len(topics)), rng.randrange(1, len(topics) + 1)))
        headings = [topics[index] for index in chosen]
        if rng.random() < 0.9:
            self.heading(2, "Key findings for this quality statement")
            if rng.random() < 0.2:
                headings.insert(rng.randrange(len(headings) + 1), rng.choice(EXTRA_TOPICS))
        for heading in headings:
            self.heading(3, heading)
            paragraphs = rng.randrange(1, 5)
            facts = rng.randrange(0, 3)
            for index in range(paragraphs):
                if index < facts:
                    self.para(self.fact(qs_no))
                else:
                    self.para(" ".join(rng.sample(FILLER, rng.randrange(1, 4))))
            self.expected.findings.append((qs_no, heading, paragraphs))

    def fact(self, qs_no: int) -> str:
        return self.metric(qs_no) if self.rng.random() < 0.6 else self.waiting(qs_no)

    def metric(self, qs_no: int) -> str:
        rng = self.rng
        code, source, words = rng.choice(MEASURES)
        la = Decimal(rng.randrange(1000, 9900)) / 100
        england = Decimal(rng.randrange(1000, 9900)) / 100
        phrase, comparison, direction = rng.choice(COMPARISONS)
        start = rng.choice([2022, 2023])
        year, period = _year(rng, start)
        shape = rng.randrange(6)
        named_source: str | None = source
        if shape == 0:
            text = (
                f"National data from the {SOURCE_NAMES[source]} ({source}) {year} showed {la}% of {words}, which was "
                f"{phrase} the England average of {england}%."
            )
        elif shape == 1:
            text = (
                f"National data showed {la}% of {words} which was {phrase} the England average of {england}%. "
                f"{SOURCE_NAMES[source]} ({source}) {year}."
            )
        elif shape == 2:
            text = (
                f"National data showed {la}% of {words}. This is {phrase} the England average ({england}%)."
            )
            named_source, period = None, None
        elif shape == 3:
            text = f"National data showed {la}% of {words}, {phrase} the England average ({england}%), {source} {year}."
        elif shape == 4:
            text = (
                f"National data showed {la}% of {words}, this was {phrase} the England average of {england}% "
                f"({source})."
            )
            period = None
        else:
            text = (
                f"According to the {SOURCE_NAMES[source]} {year}, {la}% of {words}. This was {phrase} the England "
                f"average, which was {england}%."
            )
        self.expected.metrics.append((qs_no, la, england, direction, comparison, named_source, period, code))
        return text

    def waiting(self, qs_no: int) -> str:
        rng = self.rng
        service = rng.choice(list(SERVICE_WORDS))
        words = SERVICE_WORDS[service]
        median, maximum = rng.randrange(5, 120), rng.randrange(121, 400)
        people = rng.randrange(10, 900)
        shape = rng.randrange(4)
        waits = self.expected.waits
        if shape == 0:
            before, before_max = median + rng.randrange(1, 30), maximum + rng.randrange(1, 60)
            waits.append((qs_no, service, "median", median, None, before, people))
            waits.append((qs_no, service, "maximum", maximum, None, before_max, people))
            return (
                f"The local authority data showed waiting lists for {words} had reduced, with a median waiting time "
                f"of {median} days (from {before} days) and a maximum waiting time of {maximum} days (from "
                f"{before_max} days), with {people} cases waiting."
            )
        if shape == 1:
            waits.append((qs_no, service, "median", median, None, None, people))
            waits.append((qs_no, service, "maximum", maximum, None, None, people))
            return (
                f"Local authority data showed {people} people were waiting for {words}, with a median waiting time "
                f"of {median} days and a maximum waiting time of {maximum} days."
            )
        if shape == 2:
            before = median + rng.randrange(1, 30)
            waits.append((qs_no, service, "average", median, None, before, None))
            return f"The average waiting time for {words} was down from {before} days to {median} days."
        low = rng.randrange(2, 10)
        waits.append((qs_no, service, "range", low + 5, low, None, None))
        return f"Local authority data showed {words} were completed within {low}-{low + 5} days of referral."


def generate(seed: int) -> tuple[str, Expected]:
    """One synthetic report and the facts it states."""
    return Builder(seed).build()
