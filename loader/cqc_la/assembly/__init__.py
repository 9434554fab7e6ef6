"""Assembling the pages of one report: between reading files and writing an assessment.

`groups.py` puts the files of a run together by council and date, `choose.py` decides which copy of
each part wins (a pure function over the stored files and the new ones), and `combine.py` joins the
chosen lines into one text with the origin of every line. None of it touches the database, so every
rule is tested on parsed files alone (`tests/assembly/`).
"""

from ..report import Report, ReportError
from .choose import FileParts, Piece, assemble, is_whole_file, signature, used_files, winners
from .combine import combine
from .groups import Group, Member, Refused, group_members

__all__ = [
    "FileParts",
    "Group",
    "Member",
    "Piece",
    "Refused",
    "assemble",
    "assemble_reports",
    "combine",
    "group_members",
    "is_whole_file",
    "signature",
    "used_files",
    "winners",
]


def assemble_reports(reports: list[Report]) -> list[Report]:
    """The reports that a set of parsed files (tabs, pages, whole reports) make, without a database.

    Files are grouped by council and date (an undated tab joins its council's one report in the set),
    each group's parts are chosen and joined as `cqc-la load` does, and the result parsed again. A tab
    that cannot be placed raises `ReportError`."""
    from ..parsing.parse import parse_source

    members = [Member(report.file_name, report) for report in reports]
    groups, refused = group_members(members)
    if refused:
        raise ReportError(refused[0].member.path, None, "one report to add this tab to", refused[0].message)
    out: list[Report] = []
    for group in groups:
        files = [
            FileParts(
                m.report.sha256,
                m.path,
                index,
                m.report.segments,
                m.report.cut_off.line if m.report.cut_off else None,
            )
            for index, m in enumerate(group.members)
        ]
        pieces = assemble(files)
        by_key = {m.report.sha256: m.report for m in group.members}
        if is_whole_file(pieces):
            out.append(by_key[pieces[0].file.key])
            continue
        sources = {key: report.source for key, report in by_key.items() if report.source is not None}
        combined, _ = combine(pieces, sources, pieces[0].file.name)
        out.append(parse_source(combined))
    return out
