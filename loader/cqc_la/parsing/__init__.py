"""Parse a CQC local authority assessment report (text) into a `Report`, without a database.

`parse_report(source)` runs the pipeline in `parse.py`; `report_to_dict(report)` gives the JSON-ready
form printed by `cqc-la parse FILE`.
"""

from __future__ import annotations

from .parse import parse_report
from .report_json import report_to_dict

__all__ = ["parse_report", "report_to_dict"]
