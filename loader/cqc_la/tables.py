"""Every table of the database, defined once.

Alembic autogenerates against this metadata and a test asserts that the migrated database and this
module agree, so there is one way the schema comes into being. Three layers, visible in the names:
framework reference data (theme, quality_statement, ...), councils and published results (reference
data that changes, loaded by `cqc-la load`), and loaded report content (assessment and what hangs off
it). Curated views live in the `analysis` schema, defined in `queries/views/*.sql`.

Conventions: `_pct` percentages, `_gbp` pounds, `_on` dates, `_at` timestamps, `is_` booleans, `_id`
surrogate keys, `_no` numbers from the framework or from the order in a report, `line_start` /
`line_end` 1-based line numbers of the source document. Natural unique keys make reloading idempotent.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR

SCHEMA = "cqc"
ANALYSIS_SCHEMA = "analysis"

metadata = MetaData(
    schema=SCHEMA,
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    },
)

RATINGS = ("Inadequate", "Requires improvement", "Good", "Outstanding")
SERVICES = (
    "care_act_assessment",
    "carers_assessment",
    "review",
    "financial_assessment",
    "occupational_therapy",
    "dols",
    "safeguarding",
    "other",
)
WAIT_MEASURES = ("median", "average", "maximum", "range")
SECTION_KINDS = (
    "front_matter",
    "about",
    "financial_facts",
    "overall_summary",
    "people_experience",
    "strengths_summary",
    "theme",
    "quality_statement",
    "what_people_expect",
    "commitment",
    "key_findings",
    "key_finding",
    "other",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} in ({quoted})"


def _pct(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} between 0 and 100", name=f"{column}_0_100")


def _change_pct(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} between -100 and 1000", name=f"{column}_range")


def _lines() -> tuple[Column, Column, CheckConstraint]:
    return (
        Column("line_start", Integer, nullable=False, comment="First line (1-based) in the source document."),
        Column(
            "line_end",
            Integer,
            nullable=False,
            comment="Last line (1-based, inclusive) in the source document.",
        ),
        CheckConstraint("line_start >= 1 and line_end >= line_start", name="line_span"),
    )


def _loaded() -> tuple[Column, Column, CheckConstraint]:
    """When and by which version a stored file or text was loaded, and the form of its digest."""
    return (
        Column(
            "loaded_at",
            DateTime(timezone=True),
            nullable=False,
            server_default=func.now(),
            comment="When loaded.",
        ),
        Column("loader_version", Text, nullable=False, comment="cqc-la version that loaded it."),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    )


def _gbp(name: str, comment: str) -> Column:
    return Column(name, Numeric(16, 2), comment=comment)


# --- Framework reference data (inserted by a migration from data/framework.json) -----------------

theme = Table(
    "theme",
    metadata,
    Column("theme_no", SmallInteger, primary_key=True, autoincrement=False, comment="Theme number, 1-4."),
    Column("name", Text, nullable=False, unique=True, comment="Canonical theme name."),
    Column(
        "report_heading_pattern",
        Text,
        nullable=False,
        comment="How reports print the theme heading; <LA> stands for the council name.",
    ),
    comment="The four themes of the CQC local authority assessment framework.",
)

quality_statement = Table(
    "quality_statement",
    metadata,
    Column(
        "qs_no", SmallInteger, primary_key=True, autoincrement=False, comment="Quality statement number, 1-9."
    ),
    Column(
        "theme_no", SmallInteger, ForeignKey("theme.theme_no"), nullable=False, comment="Theme it belongs to."
    ),
    Column("name", Text, nullable=False, unique=True, comment="Canonical name."),
    Column(
        "short_name", Text, nullable=False, unique=True, comment="Column-friendly name, e.g. assessing_needs."
    ),
    Column(
        "we_statement",
        Text,
        nullable=False,
        comment="The framework's we-statement (local authority commitment).",
    ),
    comment="The nine quality statements, each scored 1-4.",
)

quality_statement_alias = Table(
    "quality_statement_alias",
    metadata,
    Column("alias", Text, primary_key=True, comment="A name variant printed in reports."),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    comment="Name variants of quality statements seen in published reports.",
)

i_statement = Table(
    "i_statement",
    metadata,
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    Column("position", SmallInteger, nullable=False, comment="Order within the statement, from 1."),
    Column("text", Text, nullable=False, comment="The I-statement (what people expect)."),
    PrimaryKeyConstraint("qs_no", "position"),
    comment="The framework's I-statements: what people expect, per quality statement.",
)

standard_topic = Table(
    "standard_topic",
    metadata,
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    Column("position", SmallInteger, nullable=False, comment="Usual order within the statement, from 1."),
    Column("name", Text, nullable=False, comment="Standard key-finding topic heading."),
    PrimaryKeyConstraint("qs_no", "position"),
    UniqueConstraint("qs_no", "name"),
    comment="Standard key-finding topics (sub-headings) of each quality statement.",
)

score_level = Table(
    "score_level",
    metadata,
    Column("score", SmallInteger, primary_key=True, autoincrement=False, comment="Score, 1-4."),
    Column(
        "label", Text, nullable=False, comment="What the score means, e.g. Evidence shows a good standard."
    ),
    Column("rating_word", Text, nullable=False, unique=True, comment="The rating word of the same level."),
    CheckConstraint("score between 1 and 4", name="score_1_4"),
    comment="The 1-4 score scale of quality statements.",
)

rating_band = Table(
    "rating_band",
    metadata,
    Column("rating", Text, primary_key=True, comment="Overall rating word."),
    Column("rank", SmallInteger, nullable=False, unique=True, comment="1 = Inadequate ... 4 = Outstanding."),
    Column("min_pct", SmallInteger, nullable=False, comment="Lowest overall percentage of the band."),
    Column("max_pct", SmallInteger, nullable=False, comment="Highest overall percentage of the band."),
    Column("min_total_of_36", SmallInteger, nullable=False, comment="Lowest total of 9 scores in the band."),
    Column("max_total_of_36", SmallInteger, nullable=False, comment="Highest total of 9 scores in the band."),
    CheckConstraint(_in("rating", RATINGS), name="rating_word"),
    comment="Rating bands: overall percentage = sum of scores / (4 x statements scored) x 100.",
)

evidence_category = Table(
    "evidence_category",
    metadata,
    Column("name", Text, primary_key=True, comment="Evidence category."),
    Column("is_used_for_local_authorities", Boolean, nullable=False, comment="Used in LA assessments."),
    comment="CQC's evidence categories.",
)

national_data_source = Table(
    "national_data_source",
    metadata,
    Column("code", Text, primary_key=True, comment="Abbreviation, e.g. ASCS."),
    Column("name", Text, nullable=False, unique=True, comment="Full name, e.g. Adult Social Care Survey."),
    Column("cadence", Text, nullable=False, comment="How often it is collected."),
    comment="National data collections that reports compare councils with England on.",
)

national_measure = Table(
    "national_measure",
    metadata,
    Column("measure_code", Text, primary_key=True, comment="Stable code of a known national measure."),
    Column("source", Text, ForeignKey("national_data_source.code"), comment="Collection it comes from."),
    Column("description", Text, nullable=False, comment="What is measured."),
    Column(
        "patterns", Text, nullable=False, comment="|-separated patterns that recognise it in report text."
    ),
    comment="Catalogue of known national measures (data/measures.csv), refreshed by cqc-la load.",
)

# --- Councils and published results (reference data that changes; loaded by cqc-la load) ---------

council = Table(
    "council",
    metadata,
    Column("council_id", Integer, Identity(), primary_key=True, comment="Surrogate key."),
    Column(
        "gss_code",
        Text,
        unique=True,
        comment="Current ONS code; null for a council known only from a report.",
    ),
    Column("name", Text, nullable=False, comment="ONS area name, e.g. Hartlepool."),
    Column("council_name", Text, nullable=False, unique=True, comment="The council's own name."),
    Column("region", Text, comment="ONS region."),
    Column("la_type", Text, comment="county, metropolitan district, London borough or unitary."),
    Column("population", Integer, comment="ONS mid-year estimate."),
    Column("population_year", SmallInteger, comment="Year of the population estimate."),
    Column(
        "imd2019_avg_score",
        Numeric(8, 3),
        comment="IMD 2019 upper-tier average score (higher = more deprived).",
    ),
    Column(
        "imd2019_rank_most_deprived_first",
        SmallInteger,
        comment="Rank of the IMD 2019 average score among 151 upper-tier areas: 1 = MOST deprived.",
    ),
    Column(
        "imd2019_decile_most_deprived_10",
        SmallInteger,
        comment="IMD 2019 decile on the CQC reports' convention: 10 = MOST deprived, 1 = least deprived.",
    ),
    Column("imd2019_source", Text, comment="How the IMD value was obtained."),
    Column("icb_name", Text, comment="Integrated care board covering most of the council's area."),
    Column("icb_code", Text, comment="ONS code of that ICB."),
    Column("icb_all_by_lsoa_share", Text, comment="Every overlapping ICB with its share of small areas."),
    Column("old_la_code", Text, comment="Old 3-digit ONS/DfE council number."),
    Column("mysociety_la_code", Text, comment="GOV.UK register code."),
    Column("former_gss_codes", ARRAY(Text), comment="Earlier ONS codes of the same council."),
    Column(
        "is_reference", Boolean, nullable=False, comment="True when from the reference list, false when new."
    ),
    CheckConstraint("imd2019_decile_most_deprived_10 between 1 and 10", name="imd_decile_1_10"),
    comment="Councils with adult social services responsibilities (153 reference rows, plus any new).",
)

council_alias = Table(
    "council_alias",
    metadata,
    Column("alias_key", Text, primary_key=True, comment="Normalised alias used for matching names."),
    Column("alias", Text, nullable=False, comment="The alias as given."),
    Column(
        "council_id",
        Integer,
        ForeignKey("council.council_id", ondelete="CASCADE"),
        nullable=False,
        comment="Council it names.",
    ),
    comment="Names and codes a council is known by, for matching names printed in reports.",
)

published_result = Table(
    "published_result",
    metadata,
    Column("published_result_id", Integer, Identity(), primary_key=True, comment="Surrogate key."),
    Column(
        "council_id", Integer, ForeignKey("council.council_id"), nullable=False, comment="Council assessed."
    ),
    Column("la_name", Text, nullable=False, comment="Council name as given by the source."),
    Column(
        "published_on",
        Date,
        comment="Publication date (first of month when only a month; null when no source gives it).",
    ),
    Column("published_precision", Text, nullable=False, comment="day, month or unknown."),
    Column("kind", Text, nullable=False, comment="formal or pilot."),
    Column(
        "overall_rating", Text, ForeignKey("rating_band.rating"), nullable=False, comment="Published rating."
    ),
    Column(
        "printed_pct",
        SmallInteger,
        comment="Overall percentage as published (CQC rounds the total out of 36 up); null when not given.",
    ),
    Column(
        "status",
        Text,
        nullable=False,
        server_default="published",
        comment="published, or withdrawn (taken down, e.g. for correction).",
    ),
    Column("withdrawn_on", Date, comment="When the report was withdrawn; null while published."),
    Column("status_note", Text, comment="The source's words on the status, when not simply published."),
    Column(
        "source_file",
        Text,
        nullable=False,
        server_default="published_results.csv",
        comment="Reference file the row comes from (seeds/reference/).",
    ),
    Column("cqc_report_url", Text, comment="CQC report address."),
    Column("source_url", Text, nullable=False, comment="Where this row's figures come from."),
    Column("note", Text, comment="Remarks on the row."),
    UniqueConstraint("council_id", "published_on", postgresql_nulls_not_distinct=True),
    CheckConstraint(_in("published_precision", ("day", "month", "unknown")), name="precision"),
    CheckConstraint("(published_on is null) = (published_precision = 'unknown')", name="unknown_date"),
    CheckConstraint(_in("kind", ("formal", "pilot")), name="kind"),
    CheckConstraint(_in("status", ("published", "withdrawn")), name="status"),
    CheckConstraint("(status = 'withdrawn') = (withdrawn_on is not null)", name="withdrawn_on"),
    _pct("printed_pct"),
    comment="Published ratings, percentages and scores from seeds/reference/published_results*.csv "
    "(secondary source; a score not known has no row).",
)

published_result_score = Table(
    "published_result_score",
    metadata,
    Column(
        "published_result_id",
        Integer,
        ForeignKey("published_result.published_result_id", ondelete="CASCADE"),
        nullable=False,
        comment="Published result.",
    ),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    Column("score", SmallInteger, nullable=False, comment="Published score, 1-4."),
    PrimaryKeyConstraint("published_result_id", "qs_no"),
    CheckConstraint("score between 1 and 4", name="score_1_4"),
    comment="Published quality statement scores.",
)

# --- Loaded report content --------------------------------------------------------------------------

source_document = Table(
    "source_document",
    metadata,
    Column("document_id", Integer, Identity(), primary_key=True, comment="Surrogate key."),
    Column("sha256", Text, nullable=False, unique=True, comment="SHA-256 of the file's bytes."),
    Column("file_name", Text, nullable=False, comment="File name as loaded."),
    Column("original_text", Text, nullable=False, comment="The text exactly as given (BOM removed)."),
    Column("byte_count", Integer, nullable=False, comment="Size of the file in bytes."),
    Column("line_count", Integer, nullable=False, comment="Number of lines."),
    *_loaded(),
    comment="The text of each loaded assessment (a report file, or the tabs of one report assembled in "
    "the framework's order): every paragraph's lines are lines of this text.",
)

PARTS = ("front", "about", "summary", *(f"qs{number}" for number in range(1, 10)))
MEDIA_TYPES = ("text/markdown", "text/plain", "text/html", "application/pdf")

source_file = Table(
    "source_file",
    metadata,
    Column("file_id", Integer, Identity(), primary_key=True, comment="Surrogate key."),
    Column("sha256", Text, nullable=False, unique=True, comment="SHA-256 of the file's original bytes."),
    Column("file_name", Text, nullable=False, comment="File name (or address) as loaded."),
    Column(
        "media_type",
        Text,
        nullable=False,
        comment="Format told by content: text/markdown, text/plain, text/html or application/pdf.",
    ),
    Column(
        "url",
        Text,
        comment="The page's own address, when the file names it (canonical link, og:url, "
        "a browser's 'saved from' comment).",
    ),
    Column("byte_count", Integer, nullable=False, comment="Size of the original file in bytes."),
    Column(
        "extracted_text",
        Text,
        nullable=False,
        comment="The file's text as read (HTML and PDF: extracted "
        "text, one block per line group; text files: the text as given).",
    ),
    Column("line_count", Integer, nullable=False, comment="Number of lines of extracted_text."),
    Column(
        "furniture_lines",
        ARRAY(Integer),
        nullable=False,
        comment="0-based lines that are site "
        "furniture recognised by markup (menus, banners, footers): kept, never findings.",
    ),
    Column(
        "running_lines",
        ARRAY(Integer),
        nullable=False,
        comment="0-based lines that are running page headers, footers and page numbers (PDF).",
    ),
    Column(
        "line_pages",
        ARRAY(Integer),
        nullable=False,
        comment="1-based PDF page of each line; empty for formats without pages.",
    ),
    Column(
        "cut_off_line",
        Integer,
        comment="Line at which the file stops inside something it started, or null when it is whole.",
    ),
    *_loaded(),
    CheckConstraint(_in("media_type", MEDIA_TYPES), name="media_type"),
    comment="Every file an assessment is made of (a whole report, a saved tab, a PDF), with its original "
    "digest and its extracted text, so each file's text can be rebuilt and every line traced to it.",
)

source_segment = Table(
    "source_segment",
    metadata,
    Column(
        "document_id",
        Integer,
        ForeignKey("source_document.document_id", ondelete="CASCADE"),
        nullable=False,
        comment="Assessment text the segment is part of.",
    ),
    Column("segment_no", SmallInteger, nullable=False, comment="Order in the assessment's text, from 1."),
    Column(
        "file_id", Integer, ForeignKey("source_file.file_id"), nullable=False, comment="File it comes from."
    ),
    Column("part", Text, nullable=False, comment="Part of the report: front, about, summary or qs1-qs9."),
    Column("file_line_start", Integer, nullable=False, comment="First line (1-based) in the file's text."),
    Column(
        "file_line_end", Integer, nullable=False, comment="Last line (1-based, inclusive) in the file's text."
    ),
    Column(
        "document_line_start",
        Integer,
        nullable=False,
        comment="Line (1-based) of the assessment's text at which the segment starts.",
    ),
    PrimaryKeyConstraint("document_id", "segment_no"),
    CheckConstraint(_in("part", PARTS), name="part"),
    CheckConstraint("file_line_end >= file_line_start and file_line_start >= 1", name="file_lines"),
    Index("ix_source_segment_file_id", "file_id"),
    comment="Which lines of which file make up each part of an assessment's text: the provenance of "
    "every line (analysis.paragraph_sources resolves it).",
)

assessment = Table(
    "assessment",
    metadata,
    Column("assessment_id", Integer, Identity(), primary_key=True, comment="Surrogate key."),
    Column(
        "council_id", Integer, ForeignKey("council.council_id"), nullable=False, comment="Council assessed."
    ),
    Column("kind", Text, nullable=False, comment="formal or pilot."),
    Column(
        "detail",
        Text,
        nullable=False,
        comment="report (every part of the report loaded), partial (some parts: a tab, a page cut off; "
        "missing_parts says which) or summary (published scores only).",
    ),
    Column(
        "published_on",
        Date,
        comment="Publication date (first of month for month-only; null only for a summary whose date no "
        "source gives).",
    ),
    Column("published_precision", Text, nullable=False, comment="day, month or unknown."),
    Column(
        "document_id",
        Integer,
        ForeignKey("source_document.document_id", ondelete="CASCADE"),
        unique=True,
        comment="Source document of a report.",
    ),
    Column(
        "published_result_id",
        Integer,
        ForeignKey("published_result.published_result_id", ondelete="CASCADE"),
        unique=True,
        comment="Published result a summary comes from.",
    ),
    Column("council_name_as_printed", Text, comment="Council name as printed in the report title."),
    Column(
        "overall_rating",
        Text,
        ForeignKey("rating_band.rating"),
        comment="Overall rating; null for a partial assessment without its summary.",
    ),
    Column("is_indicative", Boolean, nullable=False, comment="True for a pilot's indicative rating."),
    Column("assessment_started_on", Date, comment="Assessment start date (pilots)."),
    Column("banner_published_on", Date, comment="Banner 'Published:' date."),
    Column("banner_updated_on", Date, comment="Banner 'Page last updated:' date."),
    Column(
        "printed_overall_pct",
        SmallInteger,
        comment="Overall percentage as printed (a summary: as published), when given.",
    ),
    Column(
        "report_url",
        Text,
        comment="The report's address on CQC's site (https://.../local-authority-assessment-reports/<slug>), "
        "when a loaded page names it.",
    ),
    Column(
        "withdrawn_on",
        Date,
        comment="When the report was first seen gone from CQC's listing (cqc-la fetch); null while published.",
    ),
    Column(
        "missing_parts",
        ARRAY(Text),
        nullable=False,
        server_default="{}",
        comment="Parts of the report not loaded (summary, qs1-qs9); empty for a whole report.",
    ),
    Column(
        "sentences_with_figures",
        Integer,
        comment="Sentences of the text holding a figure of a kind the readers take (England comparisons, "
        "waits, demographic and financial figures), counted by the audit pass; null for summaries and for "
        "reports loaded before it.",
    ),
    UniqueConstraint("council_id", "published_on", "detail"),
    CheckConstraint(_in("kind", ("formal", "pilot")), name="kind"),
    CheckConstraint(_in("detail", ("report", "partial", "summary")), name="detail"),
    CheckConstraint("detail = 'partial' or overall_rating is not null", name="rating"),
    CheckConstraint(_in("published_precision", ("day", "month", "unknown")), name="precision"),
    CheckConstraint("(published_on is null) = (published_precision = 'unknown')", name="unknown_date"),
    CheckConstraint("published_on is not null or detail = 'summary'", name="dated_report"),
    CheckConstraint(
        "(detail <> 'summary') = (document_id is not null) and (detail = 'summary') = (published_result_id is not null)",
        name="detail_source",
    ),
    _pct("printed_overall_pct"),
    comment="One assessment of one council: a loaded report, or a published summary (several per council).",
)


def _assessment_fk(nullable: bool = False) -> Column:
    return Column(
        "assessment_id",
        Integer,
        ForeignKey("assessment.assessment_id", ondelete="CASCADE"),
        nullable=nullable,
        comment="Assessment it belongs to.",
    )


section = Table(
    "section",
    metadata,
    Column("section_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    _assessment_fk(),
    Column("section_no", Integer, nullable=False, comment="Order in the report, from 0."),
    Column(
        "kind", Text, nullable=False, comment="What the section is, recognised by the framework's vocabulary."
    ),
    Column(
        "heading", Text, comment="Heading as printed (markers removed); null for text before any heading."
    ),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), comment="Quality statement, if any."
    ),
    Column("theme_no", SmallInteger, ForeignKey("theme.theme_no"), comment="Theme, if any."),
    Column("topic", Text, comment="Standard key-finding topic the heading matches, if any."),
    *_lines(),
    UniqueConstraint("assessment_id", "section_no"),
    CheckConstraint(_in("kind", SECTION_KINDS), name="kind"),
    comment="Sections of a report in order: every heading starts one.",
)

paragraph = Table(
    "paragraph",
    metadata,
    Column("paragraph_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    _assessment_fk(),
    Column(
        "section_id",
        BigInteger,
        ForeignKey("section.section_id", ondelete="CASCADE"),
        nullable=False,
        comment="Section it belongs to.",
    ),
    Column("block_no", Integer, nullable=False, comment="Order in the report, from 0."),
    Column("kind", Text, nullable=False, comment="heading, paragraph or list_item."),
    Column(
        "raw_text", Text, nullable=False, comment="The source lines exactly as printed, markers included."
    ),
    Column("text", Text, nullable=False, comment="The text with markdown markers removed."),
    *_lines(),
    Column(
        "finding_no",
        Integer,
        comment="Position (from 1) among the key-finding paragraphs and list items of its quality statement; "
        "null for other blocks. Stored so that analysis.findings needs no sort of every paragraph.",
    ),
    Column(
        "search_vector",
        TSVECTOR,
        Computed("to_tsvector('english'::regconfig, text)", persisted=True),
        comment="Full-text search vector of text (English).",
    ),
    UniqueConstraint("assessment_id", "block_no"),
    CheckConstraint(_in("kind", ("heading", "paragraph", "list_item")), name="kind"),
    Index("ix_paragraph_search_vector", "search_vector", postgresql_using="gin"),
    Index("ix_paragraph_section_id", "section_id"),
    comment="Every heading, paragraph and list item of a report, in order: nothing is dropped.",
)

statement_result = Table(
    "statement_result",
    metadata,
    _assessment_fk(),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    Column("score", SmallInteger, nullable=False, comment="Score, 1-4 (the statement's own section wins)."),
    Column("score_label", Text, comment="Score label as printed, e.g. 3 - Evidence shows a good standard."),
    Column("summary_score", SmallInteger, comment="Score as printed in the overall summary."),
    Column("name_as_printed", Text, comment="Statement heading as printed."),
    Column(
        "section_id",
        BigInteger,
        ForeignKey("section.section_id", ondelete="CASCADE"),
        comment="The statement's section.",
    ),
    Column("score_line", Integer, comment="Line of the score in the statement's section."),
    Column("summary_line", Integer, comment="Line of the score in the overall summary."),
    PrimaryKeyConstraint("assessment_id", "qs_no"),
    CheckConstraint("score between 1 and 4", name="score_1_4"),
    CheckConstraint("summary_score between 1 and 4", name="summary_score_1_4"),
    comment="Quality statement scores of an assessment.",
)

printed_statement = Table(
    "printed_statement",
    metadata,
    _assessment_fk(),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), nullable=False, comment="Statement."
    ),
    Column("kind", Text, nullable=False, comment="i_statement or we_statement."),
    Column("position", SmallInteger, nullable=False, comment="Order as printed, from 1."),
    Column("text", Text, nullable=False, comment="The statement exactly as printed."),
    Column(
        "paragraph_id",
        BigInteger,
        ForeignKey("paragraph.paragraph_id", ondelete="CASCADE"),
        nullable=False,
        comment="Paragraph it was printed in.",
    ),
    PrimaryKeyConstraint("assessment_id", "qs_no", "kind", "position"),
    CheckConstraint(_in("kind", ("i_statement", "we_statement")), name="kind"),
    comment="I-statements and we-statements as printed in a report, whatever the wording.",
)

demographics = Table(
    "demographics",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessment.assessment_id", ondelete="CASCADE"),
        primary_key=True,
        comment="Assessment it belongs to.",
    ),
    Column("population", Integer, comment="Population as stated."),
    Column("population_change_pct", Numeric(7, 2), comment="Change since the last census, percent (signed)."),
    Column("ethnic_minority_pct", Numeric(5, 2), comment="People from ethnic minority groups, percent."),
    Column("imd_value", Numeric(6, 2), comment="Index of Multiple Deprivation number as stated."),
    Column("imd_scale", Text, comment="The scale sentence as printed, e.g. (1 is the least deprived, ...)."),
    Column("imd_decile", SmallInteger, comment="IMD normalised to 10 = MOST deprived, 1 = least deprived."),
    Column("imd_rank", Integer, comment="IMD rank as stated (e.g. 67th most deprived)."),
    Column("imd_rank_of", Integer, comment="Denominator of the rank (e.g. out of 317)."),
    Column(
        "age_65_plus_change_pct", Numeric(7, 2), comment="Change in residents aged 65+, percent (signed)."
    ),
    Column(
        "working_age_change_pct", Numeric(7, 2), comment="Change in working-age residents, percent (signed)."
    ),
    Column("councillors", SmallInteger, comment="Number of councillors."),
    Column("wards", SmallInteger, comment="Number of wards."),
    Column("icb", Text, comment="Integrated care board as named."),
    Column("combined_authority", Text, comment="Combined authority as named."),
    Column("political_control", Text, comment="Political control as stated."),
    _pct("ethnic_minority_pct"),
    _change_pct("population_change_pct"),
    _change_pct("age_65_plus_change_pct"),
    _change_pct("working_age_change_pct"),
    CheckConstraint("imd_decile between 1 and 10", name="imd_decile_1_10"),
    CheckConstraint("population > 0", name="population_positive"),
    comment="Demographics stated in a report's About section.",
)

financial_facts = Table(
    "financial_facts",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessment.assessment_id", ondelete="CASCADE"),
        primary_key=True,
        comment="Assessment it belongs to.",
    ),
    Column("financial_year", Text, comment="Financial year, YYYY-YY."),
    _gbp("budget_estimated_gbp", "Total budget the council estimated."),
    _gbp("budget_actual_gbp", "Total actual spend."),
    _gbp(
        "budget_difference_gbp", "Stated difference of actual from estimated (more = positive), as printed."
    ),
    _gbp("asc_estimated_gbp", "Estimated adult social care spend."),
    _gbp("asc_actual_gbp", "Actual adult social care spend."),
    _gbp("asc_difference_gbp", "Stated ASC difference (more = positive), as printed."),
    Column(
        "asc_share_pct", Numeric(5, 2), comment="Share of the budget spent on adult social care, percent."
    ),
    Column("precept_pct", Numeric(5, 2), comment="Adult social care precept, percent."),
    Column("is_full_precept", Boolean, comment="Whether the full ASC precept was raised."),
    Column("people_long_term", Integer, comment="People accessing long-term support."),
    Column("people_short_term", Integer, comment="People accessing short-term support."),
    CheckConstraint(r"financial_year ~ '^\d{4}-\d{2}$'", name="financial_year_format"),
    _pct("asc_share_pct"),
    _pct("precept_pct"),
    comment="Financial facts stated in a report (not factored into the assessment).",
)

fact_source = Table(
    "fact_source",
    metadata,
    _assessment_fk(),
    Column(
        "fact", Text, nullable=False, comment="Table and column of the fact, e.g. demographics.population."
    ),
    Column("printed", Text, nullable=False, comment="The words the value was read from."),
    Column(
        "paragraph_id",
        BigInteger,
        ForeignKey("paragraph.paragraph_id", ondelete="CASCADE"),
        nullable=False,
        comment="Paragraph it was read from.",
    ),
    *_lines(),
    PrimaryKeyConstraint("assessment_id", "fact"),
    comment="Where each demographic and financial fact was read: its paragraph and line span.",
)

national_metric = Table(
    "national_metric",
    metadata,
    Column("national_metric_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    _assessment_fk(),
    Column(
        "paragraph_id",
        BigInteger,
        ForeignKey("paragraph.paragraph_id", ondelete="CASCADE"),
        nullable=False,
        comment="Paragraph it was read from.",
    ),
    Column("position", SmallInteger, nullable=False, comment="Order within the paragraph, from 0."),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), comment="Statement it is evidence for."
    ),
    Column("measure", Text, nullable=False, comment="What was measured, in the report's words."),
    Column(
        "measure_code", Text, ForeignKey("national_measure.measure_code"), comment="Known measure, if any."
    ),
    Column("la_value", Numeric(8, 2), nullable=False, comment="The council's value."),
    Column("england_value", Numeric(8, 2), nullable=False, comment="The England average."),
    Column("unit", Text, nullable=False, comment="% or score."),
    Column("comparison", Text, nullable=False, comment="Comparison words as printed."),
    Column("direction", Text, nullable=False, comment="better, similar or worse."),
    Column("source", Text, ForeignKey("national_data_source.code"), comment="Data source, if named."),
    Column("period", Text, comment="Period, YYYY-YY."),
    Column("sentence", Text, nullable=False, comment="The sentence it was read from."),
    *_lines(),
    UniqueConstraint("paragraph_id", "position"),
    CheckConstraint(_in("unit", ("%", "score")), name="unit"),
    CheckConstraint(_in("direction", ("better", "similar", "worse")), name="direction"),
    CheckConstraint(
        "unit <> '%' or (la_value between 0 and 100 and england_value between 0 and 100)", name="pct_0_100"
    ),
    CheckConstraint(r"period ~ '^\d{4}-\d{2}$'", name="period_format"),
    Index("ix_national_metric_assessment_id", "assessment_id"),
    Index("ix_national_metric_measure_code", "measure_code"),
    comment="Comparisons of a council with the England average, one row per comparison.",
)

waiting_time = Table(
    "waiting_time",
    metadata,
    Column("waiting_time_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    _assessment_fk(),
    Column(
        "paragraph_id",
        BigInteger,
        ForeignKey("paragraph.paragraph_id", ondelete="CASCADE"),
        nullable=False,
        comment="Paragraph it was read from.",
    ),
    Column("position", SmallInteger, nullable=False, comment="Order within the paragraph, from 0."),
    Column(
        "qs_no", SmallInteger, ForeignKey("quality_statement.qs_no"), comment="Statement it is evidence for."
    ),
    Column("service", Text, nullable=False, comment="What people wait for."),
    Column("measure", Text, nullable=False, comment="median, average, maximum or range."),
    Column("days", Numeric(8, 1), nullable=False, comment="Days (for a range, the upper bound)."),
    Column("days_low", Numeric(8, 1), comment="Lower bound of a range, days."),
    Column("previous_days", Numeric(8, 1), comment="Earlier value the report compares with, days."),
    Column("people_waiting", Integer, comment="People waiting, when stated."),
    Column("sentence", Text, nullable=False, comment="The sentence it was read from."),
    *_lines(),
    UniqueConstraint("paragraph_id", "position"),
    CheckConstraint(_in("service", SERVICES), name="service"),
    CheckConstraint(_in("measure", WAIT_MEASURES), name="measure"),
    CheckConstraint("days >= 0 and (days_low is null or days_low <= days)", name="days"),
    Index("ix_waiting_time_assessment_id", "assessment_id"),
    comment="Waiting times stated by councils (local authority data) in reports.",
)

load_warning = Table(
    "load_warning",
    metadata,
    Column("load_warning_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    _assessment_fk(),
    Column("kind", Text, nullable=False, comment="Kind of warning, e.g. score_mismatch."),
    Column("message", Text, nullable=False, comment="What was found and what was expected."),
    Column("line", Integer, comment="Line of the source document, when known."),
    Index("ix_load_warning_assessment_id", "assessment_id"),
    comment="Oddities found while loading a report: stored as data, not just printed.",
)

load_log = Table(
    "load_log",
    metadata,
    Column("load_log_id", BigInteger, Identity(), primary_key=True, comment="Surrogate key."),
    Column("logged_at", DateTime(timezone=True), nullable=False, server_default=func.now(), comment="When."),
    Column("file_name", Text, nullable=False, comment="File loaded."),
    Column("sha256", Text, comment="SHA-256 of its bytes, when readable."),
    Column(
        "outcome",
        Text,
        nullable=False,
        comment="loaded or replaced (unchanged and failed loads write nothing).",
    ),
    Column("assessment_id", Integer, comment="Assessment written (not a foreign key: the log outlives it)."),
    Column("message", Text, comment="Error or replacement details."),
    Column("loader_version", Text, nullable=False, comment="cqc-la version."),
    CheckConstraint(_in("outcome", ("loaded", "replaced")), name="outcome"),
    comment="Every report written, and which earlier version it replaced.",
)

CONTENT_TABLES = (
    load_warning,
    waiting_time,
    national_metric,
    fact_source,
    financial_facts,
    demographics,
    printed_statement,
    statement_result,
    paragraph,
    section,
    assessment,
    source_document,
)

__all__ = [name for name, value in globals().items() if isinstance(value, Table)] + [
    "metadata",
    "SCHEMA",
    "ANALYSIS_SCHEMA",
    "CONTENT_TABLES",
]
