"""Chunks to sections, by vocabulary: a single pass of a small state machine over the chunks' roles.

The same words mean different things in different places: a statement name under `Quality statement
scores` is a summary entry, in a theme's introduction it is a list entry, and before `Score: 3` it is
the heading of the statement's own section. Position in the report (the region) and a short look ahead
(does a score, label or `What people expect` follow before the next statement name?) decide, never the
`#` level. Inside key findings, a sub-heading is a standard topic (matched loosely), any marked-up
heading (`#` or a wholly bold line), or a short line of its own that does not read as a sentence (no
full stop, a few words). Other unknown `#` headings open sections of kind `other`; no chunk is ever
dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Section
from .blocks import Chunk
from .headings import Role, could_be_topic_heading

# Headings that only make sense before the themes start (front matter and overall summary).
_FRONT_KINDS = {
    "about": "about",
    "demographics": "about",
    "financial_facts": "financial_facts",
    "overall_summary": "overall_summary",
    "rating_heading": "overall_summary",
    "scores_heading": "overall_summary",
}
_SUMMARY_KINDS = {"people_experience": "people_experience", "strengths_summary": "strengths_summary"}
_STATEMENT_PARTS = {
    "what_people_expect": "what_people_expect",
    "commitment": "commitment",
    "key_findings": "key_findings",
}
_CONFIRMS_STATEMENT = frozenset({"score", "label", "what_people_expect", "commitment", "key_findings"})
# In the summary a label does not confirm a section: some pages print `3 - Evidence shows ...` under each
# summary score too. A section is confirmed by one of its parts.
_CONFIRMS_IN_SUMMARY = frozenset({"what_people_expect", "commitment", "key_findings"})
_ENDS_LOOKAHEAD = frozenset(
    {
        "statement",
        "theme",
        "theme_intro",
        "topic",
        "about",
        "financial_facts",
        "overall_summary",
        "people_experience",
        "strengths_summary",
        "scores_heading",
        "rating_heading",
    }
)
_LOOKAHEAD = 8


@dataclass
class SummaryEntry:
    """A statement named under `Quality statement scores`, with the score printed after it."""

    qs_no: int
    chunk: Chunk
    score: int | None = None
    score_chunk: Chunk | None = None
    score_text: str | None = None


@dataclass
class StatementDraft:
    """What the section walk learns about one statement's own section."""

    qs_no: int
    heading: Chunk
    section_no: int
    score: int | None = None
    score_chunk: Chunk | None = None
    score_text: str | None = None
    label: str | None = None
    label_score: int | None = None
    label_chunk: Chunk | None = None
    i_statements: list[Chunk] = field(default_factory=list)
    commitment: list[Chunk] = field(default_factory=list)
    findings: int = 0  # paragraphs and list items under key findings


@dataclass
class Structure:
    sections: list[Section]
    chunk_section: list[int]
    section_heads: set[int]  # chunk indexes that head a section
    summary: list[SummaryEntry]
    drafts: dict[int, StatementDraft]
    duplicates: list[tuple[int, Chunk]]  # (statement, heading) of a second section for a statement
    rating_chunks: list[Chunk]  # chunks under the rating heading (council name, rating word)
    rating_heading: Chunk | None
    front_chunks: list[Chunk]  # everything before the first theme or statement section


class _Walk:
    """The state of one pass; `run` returns the finished `Structure`."""

    def __init__(self, chunks: list[Chunk], roles: list[Role | None]) -> None:
        self.chunks = chunks
        self.roles = roles
        self.sections: list[dict] = []
        self.chunk_section: list[int] = []
        self.heads: set[int] = set()
        self.region = (
            "front"  # front, summary, scores, rating, theme, statement, expect, commitment, findings
        )
        self.qs_no: int | None = None
        self.theme_no: int | None = None
        self.in_body = False  # a theme or statement has started
        self.summary: list[SummaryEntry] = []
        self.drafts: dict[int, StatementDraft] = {}
        self.draft: StatementDraft | None = None
        self.duplicates: list[tuple[int, Chunk]] = []
        self.rating_chunks: list[Chunk] = []
        self.rating_heading: Chunk | None = None
        self.front_chunks: list[Chunk] = []
        self.resume: str | None = None  # the region page chrome interrupted

    def open(self, chunk: Chunk, kind: str, topic: str | None = None) -> None:
        self.sections.append(
            {
                "kind": kind,
                "heading": chunk.text.strip(),
                "heading_block": chunk.block_no,
                "qs_no": self.qs_no,
                "theme_no": self.theme_no,
                "topic": topic,
                "line_start": chunk.line_start,
                "line_end": chunk.line_end,
            }
        )
        self.heads.add(chunk.block_no)

    def place(self, chunk: Chunk) -> None:
        if not self.sections:
            self.sections.append(
                {
                    "kind": "front_matter",
                    "heading": None,
                    "heading_block": None,
                    "qs_no": None,
                    "theme_no": None,
                    "topic": None,
                    "line_start": chunk.line_start,
                    "line_end": chunk.line_end,
                }
            )
        self.sections[-1]["line_end"] = chunk.line_end
        self.chunk_section.append(len(self.sections) - 1)

    def confirmed_statement(self, index: int) -> bool:
        """Whether a statement name heads its own section (a score or statement part follows soon)."""
        chunk = self.chunks[index]
        wanted = (
            _CONFIRMS_IN_SUMMARY if self.region in ("summary", "scores", "rating") else _CONFIRMS_STATEMENT
        )
        for role in self.roles[index + 1 : index + 1 + _LOOKAHEAD]:
            if role is None:
                continue
            if role.kind in wanted:
                return True
            if role.kind in _ENDS_LOOKAHEAD and not (role.kind == "theme" and not role.certain):
                break
        if self.region in ("summary", "scores", "rating", "findings"):
            return False
        return chunk.is_marked and not chunk.is_list_item and self.region != "theme_list"

    def confirmed_theme(self, index: int, role: Role) -> bool:
        if role.certain:
            return True
        for later in self.roles[index + 1 : index + 3]:
            if later is not None:
                return later.kind == "theme_intro"
        return False

    def step(self, index: int) -> None:
        chunk = self.chunks[index]
        role = self.roles[index]
        if role is None and not chunk.is_marked and not (self.region == "findings" and chunk.words <= 14):
            self.body_text(chunk)  # the common case: a paragraph of text
            self.place(chunk)
            return
        kind = role.kind if role else None
        if kind == "chrome":
            self.chrome(chunk)
        elif kind == "title":
            self.open(chunk, "front_matter")
        elif kind == "theme" and role and self.confirmed_theme(index, role):
            self.in_body = True
            self.theme_no, self.qs_no, self.draft = role.theme_no, None, None
            self.region = "theme"
            self.open(chunk, "theme")
        elif kind == "theme_intro" and self.region == "theme":
            self.region = "theme_list"
        elif kind == "statement" and role and self.confirmed_statement(index):
            self.start_statement(chunk, role)
        elif kind == "statement" and role and self.region in ("summary", "scores", "rating"):
            self.region = "scores"
            self.summary.append(
                SummaryEntry(
                    role.qs_no or 0, chunk, role.score, chunk if role.score else None, role.score_text
                )
            )
        elif kind in _FRONT_KINDS and not self.in_body:
            self.open_front(chunk, kind)
        elif kind in _SUMMARY_KINDS and self.qs_no is None:
            self.region = kind
            self.open(chunk, _SUMMARY_KINDS[kind])
        elif kind in ("score", "label") and role:
            self.take_score(chunk, role)
        elif kind in _STATEMENT_PARTS and self.qs_no is not None:
            self.region = {"what_people_expect": "expect", "commitment": "commitment"}.get(kind, "findings")
            self.open(chunk, _STATEMENT_PARTS[kind])
        elif (
            self.qs_no is not None
            and (
                self.region in ("statement", "expect", "commitment", "findings")
                or (self.region == "chrome" and self.resume == "findings" and kind == "topic")
            )
            and (
                (kind == "topic" and role and role.topic)
                or (self.region == "findings" and (chunk.is_marked or could_be_topic_heading(chunk)))
            )
        ):
            self.region = "findings"
            topic = role.topic.topic if kind == "topic" and role and role.topic else None
            self.open(chunk, "key_finding", topic)
        elif chunk.md_level is not None and not (kind == "statement" and self.region == "theme_list"):
            self.open(chunk, "other")
        else:
            self.body_text(chunk)
        self.place(chunk)

    def chrome(self, chunk: Chunk) -> None:
        """Page chrome (`Back to top`, a tab menu, footer links): kept, but never text of a statement part.

        In the body it opens an `other` section (one for a run of chrome lines), so that what follows a
        statement's last finding is not counted as a finding; before the overall summary it stays in the
        section it is in. The region is remembered so that a standard topic heading can resume findings."""
        if self.sections and self.sections[-1]["kind"] == "other" and self.region == "chrome":
            return
        if chunk.md_level is not None or self.in_body or self.region in _SUMMARY_KINDS:
            self.open(chunk, "other")
            if self.region != "chrome":
                self.resume = self.region
            self.region = "chrome"

    def open_front(self, chunk: Chunk, kind: str) -> None:
        self.region = {"rating_heading": "rating", "scores_heading": "scores"}.get(kind, "summary")
        if kind in ("about", "demographics", "financial_facts"):
            self.region = "front"
        if kind == "rating_heading":
            self.rating_heading = chunk
        self.open(chunk, _FRONT_KINDS[kind])

    def start_statement(self, chunk: Chunk, role: Role) -> None:
        self.in_body = True
        qs_no = role.qs_no or 0
        self.qs_no = qs_no
        self.region = "statement"
        self.open(chunk, "quality_statement")
        draft = StatementDraft(qs_no, chunk, len(self.sections) - 1)
        if role.score is not None:
            draft.score, draft.score_chunk, draft.score_text = role.score, chunk, role.score_text
        if qs_no in self.drafts:
            self.duplicates.append((qs_no, chunk))
        else:
            self.drafts[qs_no] = draft
        self.draft = draft

    def take_score(self, chunk: Chunk, role: Role) -> None:
        if self.region == "rating" and role.kind == "label":
            self.rating_chunks.append(chunk)  # a pilot's 'Good: Evidence shows a good standard'
            return
        if self.region in ("summary", "scores", "rating") and role.kind == "score":
            pending = self.summary[-1] if self.summary else None  # the score goes with the entry just before
            if pending is not None and pending.score is None:
                pending.score, pending.score_chunk, pending.score_text = role.score, chunk, role.score_text
            return
        draft = self.draft
        if draft is None or self.region not in ("statement", "expect", "commitment"):
            self.body_text(chunk)
            return
        if role.kind == "score" and draft.score is None:
            draft.score, draft.score_chunk, draft.score_text = role.score, chunk, role.score_text
            if role.label:
                draft.label, draft.label_chunk = role.label, chunk
        elif role.kind == "label" and draft.label is None:
            draft.label, draft.label_score, draft.label_chunk = role.label, role.score, chunk

    def body_text(self, chunk: Chunk) -> None:
        if self.region == "rating":
            self.rating_chunks.append(chunk)
        if self.draft is None:
            return
        if self.region == "expect":
            self.draft.i_statements.append(chunk)
        elif self.region == "commitment":
            self.draft.commitment.append(chunk)
        elif self.region == "findings":
            self.draft.findings += 1

    def run(self) -> Structure:
        for index, chunk in enumerate(self.chunks):
            if not self.in_body:
                self.front_chunks.append(chunk)
            self.step(index)
        sections = [Section(section_no=number, **fields) for number, fields in enumerate(self.sections)]
        return Structure(
            sections=sections,
            chunk_section=self.chunk_section,
            section_heads=self.heads,
            summary=self.summary,
            drafts=self.drafts,
            duplicates=self.duplicates,
            rating_chunks=self.rating_chunks,
            rating_heading=self.rating_heading,
            front_chunks=self.front_chunks,
        )


def build_sections(chunks: list[Chunk], roles: list[Role | None]) -> Structure:
    """Walk the chunks once, opening a section at every recognised (or unknown markdown) heading."""
    return _Walk(chunks, roles).run()
