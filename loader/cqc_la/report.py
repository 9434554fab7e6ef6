"""The parsed form of one assessment report: immutable records, no database.

`parse_report` turns text into a `Report`; the loader writes a `Report` in one transaction. Keeping
the two apart lets the parser be tested on snippets without a server, and lets the benchmark time
parsing and writing separately.

Every fact carries where it came from: the block (heading, paragraph or list item) and its 1-based
line span in the source, so that any figure in the database can be traced back to the line it was
printed on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from .source_text import SourceText

BlockKind = Literal["heading", "paragraph", "list_item"]
Direction = Literal["better", "similar", "worse"]


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item, as printed.

    `raw` is the exact source lines (markers such as `#`, `-`, `**` included, line breaks as `\\n`);
    `text` is the same content with markdown markers removed, for reading and full-text search.
    """

    block_no: int
    kind: BlockKind
    raw: str
    text: str
    line_start: int
    line_end: int
    section_no: int


@dataclass(frozen=True)
class Section:
    """A run of blocks under one recognised (or unrecognised) heading.

    `kind` is one of SECTION_KINDS. `heading_block` is None for text before the first heading.
    `topic` is the canonical standard key-finding topic a `key_finding` heading matches, if any.
    """

    section_no: int
    kind: str
    heading: str | None
    heading_block: int | None
    qs_no: int | None
    theme_no: int | None
    topic: str | None
    line_start: int
    line_end: int


SECTION_KINDS = (
    "front_matter",  # title, links, banner, publication dates
    "about",  # About <Council> / Demographics
    "financial_facts",
    "overall_summary",  # rating and score, quality statement scores
    "people_experience",  # Summary of people's experiences
    "strengths_summary",  # Summary of strengths, areas for development and next steps
    "theme",  # Theme N heading and its introduction
    "quality_statement",  # statement heading, score, score label
    "what_people_expect",  # I-statements
    "commitment",  # we-statement
    "key_findings",  # the 'Key findings for this quality statement' heading
    "key_finding",  # one sub-headed finding (standard topic or not)
    "other",  # anything not recognised: kept, never dropped
)


@dataclass(frozen=True)
class Figure:
    """A value found in the text, with the words it was read from and where."""

    value: Decimal | int | str | bool | date
    printed: str
    block_no: int
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Demographics:
    population: Figure | None = None
    population_change_pct: Figure | None = None
    ethnic_minority_pct: Figure | None = None
    imd_value: Figure | None = None  # the number as stated (e.g. 9)
    imd_scale: Figure | None = (
        None  # the scale sentence as printed, e.g. '(1 is the least deprived, 10 is the most deprived)'
    )
    imd_decile: Figure | None = None  # normalised: 10 = most deprived
    imd_rank: Figure | None = None  # '67th most deprived'
    imd_rank_of: Figure | None = None  # '... out of 317'
    age_65_plus_change_pct: Figure | None = None
    working_age_change_pct: Figure | None = None
    councillors: Figure | None = None
    wards: Figure | None = None
    icb: Figure | None = None
    combined_authority: Figure | None = None
    political_control: Figure | None = None


@dataclass(frozen=True)
class FinancialFacts:
    financial_year: Figure | None = None  # normalised 'YYYY-YY'
    budget_estimated_gbp: Figure | None = None
    budget_actual_gbp: Figure | None = None
    budget_difference_gbp: Figure | None = None  # as stated, signed: more = positive
    asc_estimated_gbp: Figure | None = None
    asc_actual_gbp: Figure | None = None
    asc_difference_gbp: Figure | None = None
    asc_share_pct: Figure | None = None
    precept_pct: Figure | None = None
    precept_full: Figure | None = None  # bool: whether the full ASC precept was raised
    people_long_term: Figure | None = None
    people_short_term: Figure | None = None


@dataclass(frozen=True)
class PrintedStatement:
    """An I-statement or we-statement exactly as printed in the report."""

    text: str
    block_no: int
    line_start: int
    line_end: int


@dataclass(frozen=True)
class StatementResult:
    """One quality statement of the report: its score from the summary and from its own section."""

    qs_no: int
    name_as_printed: str | None  # heading of its section
    score: int | None  # from its own section
    score_label: str | None  # '3 - Evidence shows a good standard', as printed
    score_line: int | None
    summary_name_as_printed: str | None
    summary_score: int | None
    summary_line: int | None
    section_no: int | None
    i_statements: tuple[PrintedStatement, ...] = ()
    we_statement: PrintedStatement | None = None


@dataclass(frozen=True)
class NationalMetric:
    """One comparison of the council with an England average."""

    qs_no: int | None
    block_no: int
    position: int  # 0-based order within its block
    la_value: Decimal
    england_value: Decimal
    unit: Literal["%", "score"]
    comparison: str  # words as printed, e.g. 'significantly better'
    direction: Direction
    source: str | None  # ASCS, SACE, SALT, SAC, ASCOF, CLD
    period: str | None  # 'YYYY-YY'
    measure: str  # what was measured, in words
    measure_code: str | None  # from the catalogue of known measures
    sentence: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class WaitingTime:
    """A waiting time stated by the council (local authority data)."""

    qs_no: int | None
    block_no: int
    position: int
    service: str  # care_act_assessment, carers_assessment, review, financial_assessment, occupational_therapy, dols, safeguarding, other
    measure: str  # median, average, maximum, range
    days: Decimal
    days_low: Decimal | None
    previous_days: Decimal | None
    people_waiting: int | None
    sentence: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class ParseWarning:
    """Something odd that did not stop the load: stored as data, never just printed."""

    kind: str
    message: str
    line: int | None


@dataclass(frozen=True)
class Unread:
    """Figures of one sentence that no reader took."""

    kind: str  # unread_comparison, unread_wait or unread_figure
    qs_no: int | None
    line: int
    sentence: str
    numbers: tuple[Decimal, ...]  # left over, in order; waits in days as printed (weeks: x 7)
    printed: tuple[str, ...]  # the same figures as printed

    def warning(self) -> ParseWarning:
        what = {
            "unread_comparison": "England comparison",
            "unread_wait": "waiting time",
            "unread_figure": "figure",
        }[self.kind]
        figures = ", ".join(self.printed)
        return ParseWarning(self.kind, f"{what} not read: {figures} in {self.sentence!r}", self.line)


@dataclass(frozen=True)
class Segment:
    """Lines `line_start`..`line_end` (1-based, inclusive) of a file, all of one part of the report.

    Parts: `front` (title, banner), `about` (about the council, financial facts), `summary` (rating,
    scores, summaries) and `qs1` ... `qs9` (a quality statement's section, with its theme's heading)."""

    part: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Report:
    file_name: str
    sha256: str  # of the bytes as given
    text: str  # decoded text as given (BOM removed, line endings kept)
    council_name: Figure  # as printed in the title
    kind: Literal["formal", "pilot"]
    published_on: Figure | None  # date; None for a tab that prints no date (a statement page)
    assessment_started_on: Figure | None
    banner_published_on: Figure | None
    banner_updated_on: Figure | None
    printed_overall_pct: Figure | None
    overall_rating: Figure | None  # 'Good', as in the framework's rating words; None without a summary
    is_indicative: bool
    statements: tuple[StatementResult, ...]  # 9, ordered by qs_no
    demographics: Demographics
    finance: FinancialFacts
    national_metrics: tuple[NationalMetric, ...]
    waiting_times: tuple[WaitingTime, ...]
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    warnings: tuple[ParseWarning, ...] = field(default=())
    segments: tuple[Segment, ...] = ()  # every line of the file in one part, in file order
    missing_parts: tuple[str, ...] = ()  # parts of a whole report this file does not hold
    cut_off: ParseWarning | None = None  # where the file stops inside something it started
    source: SourceText | None = None  # the text with its provenance, as the parser read it
    unread: tuple[Unread, ...] = ()  # figures no reader took (each also a warning); see parsing.audit
    sentences_with_figures: int = 0  # sentences holding a figure of a kind the readers take

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(segment.part for segment in self.segments))

    @property
    def detail(self) -> Literal["report", "partial"]:
        """`report` when every part is there and nothing is cut off; else `partial`."""
        return "partial" if self.missing_parts or self.cut_off is not None else "report"


class ReportError(ValueError):
    """A file that cannot be loaded as a report. Its message is one line: file, line, expectation."""

    def __init__(self, file_name: str, line: int | None, expected: str, found: str | None = None) -> None:
        self.file_name = file_name
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{file_name}:{line}" if line else file_name
        message = f"{where}: expected {expected}"
        if found is not None:
            message += f", found {found}"
        super().__init__(message)
