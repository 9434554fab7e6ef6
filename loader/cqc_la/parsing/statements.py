"""The nine quality statement results, and the checks that tell a short file from a malformed one.

A statement's score is printed twice: in the overall summary and in its own section. Both are kept,
a disagreement is a warning (published reports have had those). A file may hold only some parts of a
report (a tab of CQC's site, a copied page that stops), so a statement the summary lists whose section
never comes is not an error here (`parts.py` says what is missing). What cannot be loaded is an error
naming the line: a score that is not a whole number from 1 to 4 (`Score: 5`, `Score: -1`, `Score: 3.5`,
in the summary or in a section), a section's `Score: N` that disagrees with its own label `M - Evidence
shows ...` (which of the two is meant cannot be told), a second section for a statement already read
(a file holding a report twice, or two reports), a statement section that goes on without a score, or
a statement with no key findings that is followed by another statement. The *last* statement section
of a file is allowed to stop short: the file was cut off there, which `read_statements` reports as a
`cut_off` warning.
"""

from __future__ import annotations

from ..report import ParseWarning, PrintedStatement, ReportError, StatementResult
from .blocks import Chunk
from .sections import StatementDraft, Structure, SummaryEntry
from .vocabulary import Vocabulary


def _printed(chunks: list[Chunk]) -> PrintedStatement:
    return PrintedStatement(
        text="\n".join(chunk.text for chunk in chunks),
        block_no=chunks[0].block_no,
        line_start=chunks[0].line_start,
        line_end=chunks[-1].line_end,
    )


def _check_score(score: int | None, chunk: Chunk | None, text: str | None, file_name: str) -> None:
    if score is not None and not 1 <= score <= 4 and chunk is not None:
        raise ReportError(file_name, chunk.line_start, "a score from 1 to 4", repr(text or chunk.text))


def _section_score(draft: StatementDraft, name: str, file_name: str) -> tuple[int, Chunk, str | None]:
    """The statement's own score: its `Score:` line (which must agree with its label), else the score
    its label states."""
    _check_score(draft.score, draft.score_chunk, draft.score_text, file_name)
    if draft.score is not None and draft.score_chunk is not None:
        if draft.label_score and draft.label_score != draft.score and draft.label_chunk is not None:
            raise ReportError(
                file_name,
                draft.score_chunk.line_start,
                f"a score for '{name}' that agrees with its label",
                f"{draft.score_text or draft.score_chunk.text.strip()!r} and "
                f"{draft.label!r} (line {draft.label_chunk.line_start})",
            )
        return draft.score, draft.score_chunk, draft.label
    if draft.label_score and draft.label_chunk is not None:
        _check_score(draft.label_score, draft.label_chunk, draft.label, file_name)
        return draft.label_score, draft.label_chunk, draft.label
    raise ReportError(
        file_name, draft.heading.line_start, f"a 'Score: N' line for quality statement '{name}'", "none"
    )


def _is_empty(draft: StatementDraft) -> bool:
    return (
        draft.score is None
        and draft.label is None
        and not (draft.i_statements or draft.commitment or draft.findings)
    )


def read_statements(
    structure: Structure, vocabulary: Vocabulary, file_name: str, last_line: int
) -> tuple[tuple[StatementResult, ...], list[ParseWarning], ParseWarning | None]:
    """One result per framework statement, ordered by number, the warnings, and where the file was cut
    off inside its last statement section (None if it was not); raises ReportError on malformed files."""
    warnings: list[ParseWarning] = []
    cut: ParseWarning | None = None
    last_draft = max(structure.drafts.values(), key=lambda draft: draft.section_no, default=None)
    summary: dict[int, SummaryEntry] = {}
    for listed in structure.summary:
        _check_score(listed.score, listed.score_chunk, listed.score_text, file_name)
        if listed.qs_no in summary:
            warnings.append(
                ParseWarning(
                    "duplicate_statement",
                    f"statement {listed.qs_no} listed twice in the summary",
                    listed.chunk.line_start,
                )
            )
            continue
        summary[listed.qs_no] = listed
    if structure.duplicates:
        qs_no, chunk = structure.duplicates[0]
        raise ReportError(
            file_name,
            chunk.line_start,
            "each quality statement once",
            f"a second section for '{vocabulary.by_number[qs_no].name}' at line {chunk.line_start}",
        )
    results = []
    for statement in vocabulary.statements:
        entry: SummaryEntry | None = summary.get(statement.number)
        draft = structure.drafts.get(statement.number)
        if draft is not None and not (draft.findings or len(draft.commitment) > 1):
            if draft is not last_draft:
                later = min(
                    (
                        other.heading
                        for other in structure.drafts.values()
                        if other.section_no > draft.section_no
                    ),
                    key=lambda chunk: chunk.line_start,
                )
                raise ReportError(
                    file_name,
                    later.line_start,
                    f"key findings for quality statement '{statement.name}' (line {draft.heading.line_start})",
                    f"the next statement {later.text.strip()!r}",
                )
            cut = ParseWarning(
                "cut_off",
                f"the file ends inside quality statement '{statement.name}' (line {draft.heading.line_start}) "
                "before its key findings: loaded as a part",
                last_line,
            )
            if _is_empty(draft):
                draft = None  # only its heading was printed: nothing of it to load
        score = label = line = section_no = name = None
        i_statements: tuple[PrintedStatement, ...] = ()
        we_statement = None
        if draft is not None:
            name = draft.heading.text.strip()
            score, score_chunk, label = _section_score(draft, name, file_name)
            line = score_chunk.line_start
            section_no = draft.section_no
            i_statements = tuple(_printed([chunk]) for chunk in draft.i_statements)
            commitment = draft.commitment if draft.findings else draft.commitment[:1]
            we_statement = _printed(commitment) if commitment else None
        summary_score = entry.score if entry else None
        if entry is not None and summary_score is None:
            warnings.append(
                ParseWarning(
                    "summary_score_missing",
                    f"no score after {entry.chunk.text!r} in the summary",
                    entry.chunk.line_start,
                )
            )
        if score is not None and summary_score is not None and score != summary_score:
            warnings.append(
                ParseWarning(
                    "score_mismatch",
                    f"{statement.name}: summary score {summary_score} but section score {score}",
                    line,
                )
            )
        if entry is None and draft is None and structure.summary:
            warnings.append(ParseWarning("statement_not_assessed", f"no score for '{statement.name}'", None))
        results.append(
            StatementResult(
                qs_no=statement.number,
                name_as_printed=name,
                score=score,
                score_label=label,
                score_line=line,
                summary_name_as_printed=entry.chunk.text.strip() if entry else None,
                summary_score=summary_score,
                summary_line=(entry.score_chunk or entry.chunk).line_start if entry else None,
                section_no=section_no,
                i_statements=i_statements,
                we_statement=we_statement,
            )
        )
    return tuple(results), warnings, cut


def cqc_pct(total: int, statements: int) -> int:
    """CQC's published percentage: the total out of 4 x statements rounded UP (22/36 -> 62, not 61)."""
    return -(-total * 100 // (4 * statements))


def rating_warnings(
    rating: str,
    statements: tuple[StatementResult, ...],
    overall_pct: object,
    vocabulary: Vocabulary,
    line: int | None,
) -> list[ParseWarning]:
    """A rating outside the band the scores give (totals out of 36 with nine, percentages otherwise), and
    a printed percentage that is not CQC's rounded-up figure for the scores or lies outside the rating's
    band."""
    scores = [s.score if s.score is not None else s.summary_score for s in statements]
    scored = [score for score in scores if score is not None]
    warnings = []
    if overall_pct is not None:
        printed = int(overall_pct)  # type: ignore[call-overload]
        bounds = next(((low, high) for name, low, high in vocabulary.bands_pct if name == rating), None)
        if bounds is not None and not bounds[0] <= printed <= bounds[1]:
            warnings.append(
                ParseWarning(
                    "overall_pct_band",
                    f"printed {printed}% overall, outside the {rating} band ({bounds[0]}-{bounds[1]}%)",
                    line,
                )
            )
    if not scored:
        return warnings
    total = sum(scored)
    if len(scored) == 9:
        band = next((name for name, (low, high) in vocabulary.bands_36.items() if low <= total <= high), None)
    else:
        pct = cqc_pct(total, len(scored))
        band = next((name for name, low, high in vocabulary.bands_pct if low <= pct <= high), None)
    if band is not None and band != rating:
        warnings.append(
            ParseWarning(
                "rating_band",
                f"rating {rating!r} but scores total {total} of {4 * len(scored)} give {band!r}",
                line,
            )
        )
    if overall_pct is not None and len(scored) == 9:
        expected = cqc_pct(total, 9)
        if int(overall_pct) != expected:  # type: ignore[call-overload]
            warnings.append(
                ParseWarning(
                    "overall_pct",
                    f"printed {overall_pct}% overall but the scores total {total} of 36, which CQC publishes "
                    f"as {expected}% (rounded up)",
                    line,
                )
            )
    return warnings
