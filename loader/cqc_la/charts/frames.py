"""The curated views a chart or a page reads, each read once, and the few frames derived from them.

Charts and the site are renderers: they read `analysis` views through the library's own read path
(`queries.read_view`, a role that cannot write) and never hold SQL of their own. `Views` reads each view
the first time it is asked for and keeps it, so the site, which draws every chart for 153 councils,
asks the database once per view, not once per page. A `Views` can also be built from DataFrames
(`Views(frames={...})`), which is how the chart tests run without a database.

A score may be NULL (a published result known only in part), so scores are read as nullable integers
and `statements_known` says how many are known; an empty view still gives the columns (`column()`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..errors import UsageError

QS_COLUMNS = (
    "qs1_assessing_needs",
    "qs2_healthier_lives",
    "qs3_equity",
    "qs4_care_provision",
    "qs5_partnerships",
    "qs6_safe_systems",
    "qs7_safeguarding",
    "qs8_governance",
    "qs9_learning",
)
COUNCIL_COLUMNS = ("council_id", "council", "short_name", "gss_code", "region", "la_type", "imd_decile")

# Every council, with or without an assessment, with its short name (`Hartlepool`, for chart labels) and
# the reference IMD decile. No view has those two columns (analysis.coverage lists every council but
# not them), so this one statement reads the council reference through the library's read path (the
# reader role may read `cqc`). It is the only SQL a renderer sends: see `Views.councils`.
_COUNCILS_SQL = """
select
    council_id,
    council_name as council,
    name as short_name,
    gss_code,
    region,
    la_type,
    imd2019_decile_most_deprived_10 as imd_decile
from cqc.council
order by council_name
"""


def column(frame: pd.DataFrame, *names: str, default: Any = None) -> pd.Series:
    """The first of `names` that `frame` has, else a column of `default` (an empty view read back has
    no columns)."""
    for name in names:
        if name in frame.columns:
            return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype="object")


def as_date(value: Any) -> date | None:
    """A date from a view's cell (a date, a Timestamp, an ISO string or nothing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def score_or_none(value: Any) -> int | None:
    """A statement score as an int, or None when it is not known (NULL, NaN)."""
    if value is None or pd.isna(value):
        return None
    return int(value)


@dataclass(frozen=True)
class Coverage:
    """What a chart or page covers: how many councils, how many with full scores, the latest report."""

    councils: int  # every council we know of (153)
    assessed: int  # councils with a latest assessment
    full_scores: int  # of those, how many have all nine statement scores known
    with_text: int  # of those, how many have a loaded report (full or partial text)
    latest_on: date | None

    def describe(self) -> str:
        latest = f"latest report {self.latest_on:%-d %B %Y}" if self.latest_on else "no reports yet"
        return (
            f"{self.assessed} of {self.councils} councils assessed, {self.full_scores} with all nine "
            f"scores; {latest}"
        )


class Views:
    """The `analysis` views, each read once: `Views(url)["latest_assessments"]`.

    `frames` supplies DataFrames instead of a database (tests, notebooks); a view not among them is
    then an empty frame. The key `"councils"` stands for the council reference (see `councils`)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        frames: Mapping[str, pd.DataFrame] | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self._offline = frames is not None
        self._frames: dict[str, pd.DataFrame] = dict(frames or {})
        self._names: list[str] | None = None
        self._derived: dict[str, Any] = {}

    def names(self) -> list[str]:
        """Views that exist (in the database, or among the frames given)."""
        if self._names is None:
            if self._offline:
                self._names = sorted(self._frames)
            else:
                from ..queries import view_names

                self._names = view_names(self.url)
        return self._names

    def has(self, name: str) -> bool:
        return name in self.names()

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if self._offline:
                return pd.DataFrame()
            from ..queries import read_view

            self._frames[name] = read_view(name, self.url, timeout=self.timeout)
        return self._frames[name]

    # --- derived frames, computed once -----------------------------------------------------------

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """`make()` the first time `key` is asked for, then the same value: for what renderers derive
        from views once per site rather than once per page."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    def councils(self) -> pd.DataFrame:
        """Every council (all 153, assessed or not): COUNCIL_COLUMNS, one row each."""
        if "councils" not in self._derived:
            self._derived["councils"] = self._read_councils()
        return self._derived["councils"]

    def _read_councils(self) -> pd.DataFrame:
        if "councils" in self._frames or self._offline:
            frame = self["councils"].copy()
        else:
            from ..queries import run_sql

            frame = run_sql(_COUNCILS_SQL, self.url, timeout=self.timeout)
        for name in COUNCIL_COLUMNS:
            if name not in frame.columns:
                frame[name] = frame["council"] if name == "short_name" else None
        frame["short_name"] = frame["short_name"].fillna(frame["council"])
        return frame[list(COUNCIL_COLUMNS)].sort_values("council", kind="stable").reset_index(drop=True)

    def latest(self) -> pd.DataFrame:
        """Each council's latest assessment with the council's short name, type and reference IMD
        decile, with scores, counts and percentages typed (`cqc_pct`: CQC's figure; `printed_pct`: as
        printed, when known)."""
        if "latest" not in self._derived:
            latest = self["latest_assessments"].copy()
            if latest.empty:
                latest = pd.DataFrame(columns=["council_id", "council", *QS_COLUMNS])
            for name in QS_COLUMNS:
                if name not in latest.columns:
                    latest[name] = None
                latest[name] = pd.to_numeric(latest[name], errors="coerce").astype("Int64")
            latest["statements_known"] = (
                pd.to_numeric(column(latest, "statements_known", default=0), errors="coerce")
                .fillna(0)
                .astype(int)
            )
            latest["cqc_pct"] = pd.to_numeric(column(latest, "cqc_pct"), errors="coerce")
            latest["printed_pct"] = pd.to_numeric(column(latest, "printed_pct"), errors="coerce")
            for name in ("total_score", "score_pct"):
                latest[name] = pd.to_numeric(column(latest, name), errors="coerce")
            latest["status"] = column(latest, "status", default="published").fillna("published")
            latest["published_on"] = [as_date(value) for value in column(latest, "published_on")]
            councils = self.councils()[["council_id", "short_name", "la_type", "imd_decile"]]
            latest = latest.drop(columns=["short_name", "la_type", "imd_decile"], errors="ignore").merge(
                councils, on="council_id", how="left"
            )
            latest["short_name"] = latest["short_name"].fillna(latest["council"])
            self._derived["latest"] = latest.sort_values("council", kind="stable").reset_index(drop=True)
        return self._derived["latest"]

    def report_assessments(self) -> dict[int, tuple[int, date | None]]:
        """For each council, its newest assessment held as text (a whole or partial report): the one
        whose findings, comparisons and figures a page shows. It is the latest assessment unless a
        published summary is newer (CQC's list of results can date the same assessment a little later)."""

        def make() -> dict[int, tuple[int, date | None]]:
            overview = self["assessment_overview"]
            if overview.empty or "detail" not in overview.columns:
                return {}
            held = overview[overview["detail"].isin(["report", "partial"])].copy()
            held["_on"] = [as_date(v) or date.min for v in held["published_on"]]
            held["_whole"] = held["detail"] == "report"
            held = held.sort_values(["_on", "_whole", "assessment_id"], ascending=False)
            chosen: dict[int, tuple[int, date | None]] = {}
            for row in held.itertuples():
                chosen.setdefault(int(row.council_id), (int(row.assessment_id), as_date(row.published_on)))
            return chosen

        return self.memo("report_assessments", make)

    def rated(self) -> pd.DataFrame:
        """Latest assessments that have an overall rating."""
        latest = self.latest()
        return latest[latest["overall_rating"].notna()].reset_index(drop=True)

    def coverage(self) -> Coverage:
        """What the database covers, stated on every chart."""
        if "coverage" not in self._derived:
            latest = self.latest()
            detail = column(latest, "detail", default="summary")
            dates = [d for d in latest["published_on"] if d is not None]
            self._derived["coverage"] = Coverage(
                councils=max(len(self.councils()), len(latest)),
                assessed=len(latest),
                full_scores=int((latest["statements_known"] == 9).sum()),
                with_text=int(detail.isin(["report", "partial"]).sum()),
                latest_on=max(dates) if dates else None,
            )
        return self._derived["coverage"]

    def statements(self) -> pd.DataFrame:
        """The nine quality statements in framework order: qs_no, quality_statement, theme_no, theme,
        column (the score's column in latest_assessments)."""
        return self.memo("statements", self._statements)

    def _statements(self) -> pd.DataFrame:
        framework = self["framework"]
        if framework.empty:
            from ..resources import data_file

            facts = json.loads(data_file("framework.json").read_text(encoding="utf-8"))
            themes = {theme["number"]: theme["name"] for theme in facts["themes"]}
            framework = pd.DataFrame(
                {
                    "qs_no": qs["number"],
                    "quality_statement": qs["name"],
                    "theme_no": qs["theme"],
                    "theme": themes[qs["theme"]],
                }
                for qs in facts["quality_statements"]
            )
        frame = framework[["qs_no", "quality_statement", "theme_no", "theme"]].copy()
        frame["qs_no"] = frame["qs_no"].astype(int)
        frame = frame.sort_values("qs_no").reset_index(drop=True)
        frame["column"] = [QS_COLUMNS[n - 1] for n in frame["qs_no"]]
        return frame


def find_council(views: Views, name: str) -> pd.Series:
    """The council row (of `Views.councils`) that any name, short name, alias key or ONS code means,
    matched with the loader's own keys (`loading.names.candidate_keys`); UsageError naming close
    matches otherwise."""
    from ..loading.names import bare_key, candidate_keys

    councils = views.councils()
    wanted = name.strip()
    by_code = councils[councils["gss_code"].fillna("").str.upper() == wanted.upper()]
    if len(by_code) == 1:
        return by_code.iloc[0]
    keys = candidate_keys(wanted)
    for key in keys:
        for field in ("council", "short_name"):
            hits = councils[[key in candidate_keys(str(value)) for value in councils[field]]]
            if len(hits) == 1:
                return hits.iloc[0]
    bare = bare_key(wanted)
    hits = councils[[bool(bare) and bare_key(str(value)) == bare for value in councils["council"]]]
    if len(hits) == 1:
        return hits.iloc[0]
    close = difflib.get_close_matches(wanted, list(councils["council"]), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UsageError(f"no council is known as {name!r}{hint} (any name or ONS code, e.g. Hartlepool)")


def assessment_rows(frame: pd.DataFrame, assessment_ids: Sequence[int]) -> pd.DataFrame:
    """Rows of a per-assessment view that belong to the given assessments."""
    if frame.empty or "assessment_id" not in frame.columns:
        return frame
    return frame[frame["assessment_id"].isin(list(assessment_ids))]
