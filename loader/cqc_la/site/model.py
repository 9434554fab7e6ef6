"""What a page holds, as frozen records that the templates fill in, and the few shared helpers.

Pages are built from the same `charts.Views` the charts read (each view read once for the whole site),
so a page and `cqc-la query` never disagree. Records hold text ready to print and relative links, so the
templates carry no logic beyond loops and conditions. Every link is relative to the page that holds it
(`Page.depth`), which is what lets the folder be opened from disk or published anywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..charts import Chart, spec


@dataclass(frozen=True)
class Figure:
    """A chart embedded in a page: its Vega-Lite spec (inline JSON) and its text alternative."""

    id: str
    title: str
    description: str
    spec_json: str  # safe inside <script type="application/json">

    @classmethod
    def of(cls, figure_id: str, chart: Chart) -> Figure:
        return cls.from_spec(figure_id, spec(chart))

    @classmethod
    def from_spec(cls, figure_id: str, vl_spec: dict[str, Any]) -> Figure:
        title = vl_spec.get("title", {})
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        return cls(figure_id, str(text), str(vl_spec.get("description", "")), script_json(vl_spec))


@dataclass(frozen=True)
class Cell:
    """A table cell: what it prints, the value it sorts by, and an optional link and class."""

    text: str
    sort: str = ""
    href: str | None = None
    css: str = ""
    data: str = ""  # a value the browser tests read (data-value)


@dataclass(frozen=True)
class Table:
    """A table a page shows; `filters` names the row attributes a reader can filter on."""

    id: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_attrs: tuple[dict[str, str], ...] = ()
    filters: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (attribute, label, values)
    sortable: bool = True
    numeric: tuple[bool, ...] = ()

    def attrs(self, index: int) -> dict[str, str]:
        return self.row_attrs[index] if index < len(self.row_attrs) else {}


@dataclass(frozen=True)
class Page:
    """Every page: where it lives (path relative to the site's root), its title and its links up."""

    path: str
    title: str
    depth: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "depth", self.path.count("/"))

    @property
    def root(self) -> str:
        """The relative path from this page to the site's root ('' or '../')."""
        return "../" * self.depth


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no '</' and no '<!--' can end it early."""
    text = json.dumps(value, separators=(",", ":"), default=str, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def slug(name: str) -> str:
    """A file name for a council: 'London Borough of Camden' -> 'london-borough-of-camden'."""
    text = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    )
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "council"


def council_path(name: str) -> str:
    return f"councils/{slug(name)}.html"


def statement_path(qs_no: int) -> str:
    return f"statements/qs{int(qs_no)}.html"


def source_path(sha256: str) -> str:
    return f"sources/{sha256[:16]}.html"


def fmt_date(value: date | None, precision: Any = "day") -> str:
    """'14 May 2025'; 'May 2025' when only the month is known (published results' `published_precision`)."""
    if not value:
        return "—"
    return f"{value:%B %Y}" if precision == "month" else f"{value:%-d %B %Y}"


def fmt_number(value: Any, digits: int = 0, suffix: str = "") -> str:
    """A number as printed on a page ('—' when not known)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    number = float(value)
    text = f"{number:,.{digits}f}" if digits or not number.is_integer() else f"{int(number):,}"
    return text + suffix


def fmt_gbp(value: Any) -> str:
    """£311.9m, £4.2bn, £382,390 ('—' when not known)."""
    if value is None or pd.isna(value):
        return "—"
    amount = float(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1e9:
        return f"{sign}£{amount / 1e9:.2f}bn"
    if amount >= 1e6:
        return f"{sign}£{amount / 1e6:.1f}m"
    return f"{sign}£{amount:,.0f}"


def sort_key(value: Any) -> str:
    """The value a table sorts by, as text the browser compares (numbers as numbers, '' last)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def total_text(total: Any, maximum: Any) -> str:
    if total is None or pd.isna(total):
        return "—"
    return f"{int(total)}/{int(maximum)}" if maximum is not None and pd.notna(maximum) else str(int(total))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as dicts with None for missing values (NaN and NA alike)."""
    if frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")
