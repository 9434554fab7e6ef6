"""Which files of one run are pages of the same report: grouped by council and publication date.

The summary and about tabs print the date (`Published:` banner, `Assessment published:`); many statement
tabs print none (East Riding's does not). A tab without a date joins the report of the same council in
the same run; when the run holds several reports of that council it cannot tell which, and says so,
naming them. When the run holds none, the group is left undated and the loader looks for the one report
of that council already stored (`loading/assembled.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..report import Report


@dataclass(frozen=True)
class Member:
    """One parsed file of the run, with the path the user gave."""

    path: str
    report: Report


@dataclass(frozen=True)
class Group:
    """The files of one report in this run, in run order; `published_on` None: to be found in the store."""

    council_key: str
    council_name: str
    published_on: date | None
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Refused:
    member: Member
    message: str


def _date(report: Report) -> date | None:
    value = report.published_on.value if report.published_on is not None else None
    return value if isinstance(value, date) else None


def group_members(members: list[Member]) -> tuple[list[Group], list[Refused]]:
    """Groups in order of their first file, and the files that cannot be placed (see the docstring)."""
    from ..loading.names import alias_key  # the one rule for council names (a module of no state)

    dated: dict[tuple[str, date], list[Member]] = {}
    undated: dict[str, list[Member]] = {}
    names: dict[str, str] = {}
    for member in members:
        key = alias_key(str(member.report.council_name.value))
        names.setdefault(key, str(member.report.council_name.value).strip())
        published = _date(member.report)
        if published is None:
            undated.setdefault(key, []).append(member)
        else:
            dated.setdefault((key, published), []).append(member)
    refused: list[Refused] = []
    for key, waiting in undated.items():
        reports = sorted(published for council, published in dated if council == key)
        if len(reports) == 1:
            dated[(key, reports[0])].extend(waiting)
        elif len(reports) > 1:
            listed = ", ".join(f"published {published.isoformat()}" for published in reports)
            for member in waiting:
                refused.append(
                    Refused(
                        member,
                        f"{member.path}: expected one report of {names[key]} to add this tab to (it prints "
                        f"no publication date), found {len(reports)} in this run ({listed}): load it with "
                        "the summary page of its own report",
                    )
                )
    order = {id(member): index for index, member in enumerate(members)}
    groups = [
        Group(key, names[key], published, tuple(sorted(found, key=lambda m: order[id(m)])))
        for (key, published), found in dated.items()
    ]
    groups += [
        Group(key, names[key], None, tuple(waiting))
        for key, waiting in undated.items()
        if not any(council == key for council, _ in dated)
    ]
    groups.sort(key=lambda group: min(order[id(member)] for member in group.members))
    return groups, refused
