"""What each column of an answer holds, decided once from PostgreSQL's type and the column's name.

Every output reads it: DataFrames (dtypes), the table printer (alignment, thousands separators),
Excel (cell types and number formats) and Parquet. The type comes from the database (`readonly.Rows.types`:
`int4`, `numeric`, `date`, `text[]`...), so a column whose values are all null still has its kind;
when no type is known (rows built by hand) it is read from the values. Names carry units and kinds by
suffix (`_gbp` money, `_pct` percentages, `_on` dates, `_id` keys: the project's naming rule), and the
one thing the type cannot say, whether a number is an identifier or an amount, is read from the name.

DataFrames:

- integers (`int2`, `int4`, `int8`) are pandas' nullable `Int64`, so a null stays `<NA>` and the
  column stays integer;
- `numeric` and floating columns are `float64` (money in pounds, `_gbp`, included: exact to the penny
  up to £90 trillion); the database keeps the exact `numeric`;
- dates and timestamps are `datetime64` (`timestamptz` in UTC);
- booleans are the nullable `boolean`; text, arrays (Python lists) and JSON stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

INTEGER_TYPES = frozenset({"int2", "int4", "int8", "oid"})
DECIMAL_TYPES = frozenset({"numeric", "float4", "float8", "money"})
TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "name", "char", "citext"})

# Column names whose numbers are identifiers, positions or years: printed without thousands separators.
PLAIN_NUMBER = re.compile(r"(^|_)(id|no|line|lines|line_start|line_end|page|year|position|rank|ranked|code)$")


def kind(type_name: str | None, values: Sequence[Any] = ()) -> str:
    """One of integer, decimal, date, timestamp, timestamptz, boolean, text, array, json, other."""
    if type_name:
        if type_name.endswith("[]"):
            return "array"
        if type_name in INTEGER_TYPES:
            return "integer"
        if type_name in DECIMAL_TYPES:
            return "decimal"
        if type_name == "date":
            return "date"
        if type_name in ("timestamp", "timestamptz"):
            return type_name
        if type_name == "bool":
            return "boolean"
        if type_name in TEXT_TYPES:
            return "text"
        if type_name in ("json", "jsonb"):
            return "json"
        return "other"
    return _kind_of_values(values)


def _kind_of_values(values: Sequence[Any]) -> str:
    present = [value for value in values if value is not None]
    if not present:
        return "text"
    if all(isinstance(value, bool) for value in present):
        return "boolean"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return "integer"
    if all(isinstance(value, int | float | Decimal) and not isinstance(value, bool) for value in present):
        return "decimal"
    if all(isinstance(value, datetime) for value in present):
        return "timestamptz" if any(value.tzinfo for value in present) else "timestamp"
    if all(isinstance(value, date) and not isinstance(value, datetime) for value in present):
        return "date"
    if all(isinstance(value, str) for value in present):
        return "text"
    if all(isinstance(value, list | tuple) for value in present):
        return "array"
    return "other"


def kinds(columns: Sequence[str], rows: Sequence[Sequence[Any]], types: Sequence[str] = ()) -> list[str]:
    """The kind of every column."""
    return [kind(types[i] if i < len(types) else None, [row[i] for row in rows]) for i in range(len(columns))]


def is_number(column_kind: str) -> bool:
    return column_kind in ("integer", "decimal")


def is_money(name: str) -> bool:
    return name.endswith("_gbp")


def groups_thousands(name: str, column_kind: str) -> bool:
    """Whether a number column is printed with thousands separators (amounts and counts, not keys)."""
    return is_number(column_kind) and not PLAIN_NUMBER.search(name)


def frame(columns: Sequence[str], rows: Sequence[Sequence[Any]], types: Sequence[str] = ()) -> pd.DataFrame:
    """A DataFrame of the rows with the dtypes of the module docstring."""
    import pandas as pd  # here, not at the top: every `cqc-la` command imports this module, few need pandas

    series = [
        _series([row[i] for row in rows], column_kind).rename(name)
        for i, (name, column_kind) in enumerate(zip(columns, kinds(columns, rows, types), strict=True))
    ]
    if not series:
        return pd.DataFrame(index=pd.RangeIndex(len(rows)))
    return pd.concat(series, axis=1)


def _series(values: list[Any], column_kind: str) -> pd.Series:
    import pandas as pd

    if column_kind == "integer":
        return pd.Series(values, dtype="Int64")
    if column_kind == "decimal":
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
    if column_kind in ("date", "timestamp"):
        return pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
    if column_kind == "timestamptz":
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True)
    if column_kind == "boolean":
        return pd.Series(values, dtype="boolean")
    if column_kind == "text" and any(value is not None for value in values):
        return pd.Series(values)  # pandas' own string dtype
    return pd.Series(values, dtype=object)
