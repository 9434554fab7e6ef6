"""A `Report` as plain JSON-ready data (for `cqc-la parse FILE` and for eyeballing a parse).

Decimals become strings (exact: `'177706000'`, `'3.62'`), dates ISO strings; every dataclass becomes a
dict with its field names. The full text is left out unless asked for: it is already the input file.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from ..report import Report


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def report_to_dict(report: Report, include_text: bool = False, include_blocks: bool = True) -> dict[str, Any]:
    """The report as nested dicts and lists of str/int/bool/None, ready for `json.dumps`."""
    source = report.source
    data: dict[str, Any] = _plain(dataclasses.replace(report, source=None))
    data.pop("source")
    data["detail"] = report.detail
    data["parts"] = list(report.parts)
    if source is not None:
        data["media_type"] = source.media_type
        data["url"] = source.url
    if not include_text:
        data.pop("text", None)
    if not include_blocks:
        data.pop("blocks", None)
        data.pop("sections", None)
    return data
