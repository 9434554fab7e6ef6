"""`cqc-la query` (saved queries and views) and `cqc-la sql` (ad-hoc SQL): rows out, in any format.

Each command is one library call (`queries.fetch_query`, `fetch_view`, `fetch_sql`,
`parameter_values`) and one `output.emit`, so Python users get the same answers as DataFrames
(`cqc_la.query`, `read_view`, `run_sql`) and write the same files (`cqc_la.formats.write_rows`).
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import UsageError
from .output import add_format_option, emit

if TYPE_CHECKING:
    from ..queries import Result

QUERY_EXAMPLES = """\
examples:
  cqc-la query --list                                   saved queries, their parameters and examples
  cqc-la query council_profile -p council=Hartlepool    (any name or ONS code: E06000001)
  cqc-la query compare_councils -p a=Hartlepool -p b="Middlesbrough Borough Council"
  cqc-la query statement_league -p qs=3 --format csv > equity.csv
  cqc-la query measure_league -p measure_code=sace_satisfied_social_services --format markdown
  cqc-la query search -p q='"waiting list" -carers' -p limit=10
  cqc-la query waiting_times -p service=care_act_assessment --format json
  cqc-la query --view latest_assessments --format csv    every row of a curated view
  cqc-la query --values measure_code                    the codes measure_league knows, with labels
  cqc-la query statement_league -p qs=3 -o equity.xlsx   a spreadsheet (.csv .json .md .xlsx .parquet)
  cqc-la query search -p q=transitions --limit 5 -x     the first 5 rows, one field per line
  cqc-la query --view findings --max-width 120          wrap long text at 120 characters

A value that matches nothing (an unknown measure code or service, a statement number out of 1-9) is
refused with the nearest valid values; a council with no assessment is named as such.
"""

SQL_EXAMPLES = """\
examples:
  cqc-la sql "select council, overall_rating, score_pct from analysis.latest_assessments order by score_pct desc"
  cqc-la sql "select * from analysis.score_distribution where qs_no = 3" --format markdown
  cqc-la sql "select * from analysis.search_findings('transitions')" --format json
  cqc-la sql "select council from analysis.latest_assessments where region = :region" -p region="North East"
  cqc-la sql "select * from analysis.financial_facts" -x                  one field per line
  cqc-la sql "select * from analysis.latest_assessments" -o latest.xlsx   a spreadsheet

Runs as a login of the read-only role (it cannot write, whatever the SQL says) unless --write is given;
one statement per call; stopped after --timeout SECONDS (default 30, or CQC_LA_STATEMENT_TIMEOUT).
  cqc-la sql "select * from analysis.findings" --timeout 120
  cqc-la sql "delete from cqc.load_log" --write     the only way to change anything
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    query = subparsers.add_parser(
        "query",
        help="run a saved query (or show a curated view) and print its rows",
        description="Run a saved query from queries/saved/ with named parameters, or print a curated view.",
        epilog=QUERY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    query.add_argument("name", nargs="?", metavar="NAME", help="saved query (see --list)")
    query.add_argument("--list", "-l", action="store_true", help="list the saved queries and views")
    query.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter of the query (repeat for several)",
    )
    query.add_argument("--view", metavar="VIEW", help="print every row of analysis.VIEW instead")
    query.add_argument(
        "--values",
        metavar="PARAM",
        help="list the values parameter PARAM may take (e.g. measure_code, service, qs, council)",
    )
    _add_timeout_option(query)
    add_format_option(query)
    query.set_defaults(func=_query)

    sql = subparsers.add_parser(
        "sql",
        help="run ad-hoc SQL and print its rows",
        description="Run one SQL statement against the database and print the rows.",
        epilog=SQL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sql.add_argument("sql", metavar="SQL", help="one SQL statement ('-' reads it from stdin)")
    sql.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="bind :KEY in the SQL to VALUE (text)",
    )
    sql.add_argument(
        "--write", action="store_true", help="allow changes and commit them (default: read-only)"
    )
    _add_timeout_option(sql)
    add_format_option(sql)
    sql.set_defaults(func=_sql)


def _add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop the statement after SECONDS (default: CQC_LA_STATEMENT_TIMEOUT, else 30)",
    )


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends a running statement as Ctrl-C does: the driver cancels it on the server first.
    Ctrl-C is honoured even when the command was started with SIGINT ignored (a background job of a
    non-interactive shell), since a statement that cannot be interrupted is what this guards against."""

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def key_values(values: list[str]) -> dict[str, str]:
    """The `-p KEY=VALUE` options of `query`, `sql` and `chart`; the last of a repeated key wins."""
    params: dict[str, str] = {}
    for value in values:
        key, equals, rest = value.partition("=")
        if not equals or not key.strip():
            raise UsageError(f"expected -p KEY=VALUE, found {value!r}")
        params[key.strip()] = rest
    return params


def _query(args: argparse.Namespace) -> int:
    from .. import queries

    if args.list:
        sys.stdout.write(_listing())
        return 0
    if args.values:
        if args.param or args.view:
            raise UsageError(
                "--values takes a parameter name (and optionally the query NAME), no -p or --view"
            )
        with _terminate_as_interrupt():
            result = queries.parameter_values(args.values, args.name, timeout=args.timeout)
        _emit(result, args, args.values)
        return 0
    if args.view:
        if args.name or args.param:
            raise UsageError("--view takes no query name or parameters")
        with _terminate_as_interrupt():
            result = queries.fetch_view(args.view, timeout=args.timeout, max_rows=args.limit)
        _emit(result, args, args.view)
        return 0
    if not args.name:
        raise UsageError("expected a saved query NAME (or --list, --view VIEW or --values PARAM)")
    with _terminate_as_interrupt():
        result = queries.fetch_query(
            args.name, params=key_values(args.param), timeout=args.timeout, max_rows=args.limit
        )
    _emit(result, args, args.name)
    return 0


def _emit(result: Result, args: argparse.Namespace, name: str) -> None:
    emit(result.columns, result.rows, args, types=result.types, total=result.total, name=name)


def _listing() -> str:
    from .. import queries, sqlobjects

    lines = ["saved queries (cqc-la query NAME -p key=value ...):", ""]
    for saved in queries.saved_queries():
        lines.append(f"{saved.name} — {saved.title}")
        lines.append(f"    {saved.description}")
        for parameter in saved.parameters:
            listed = (
                f" (values: {queries.values_command(parameter.name, saved.name)})" if parameter.values else ""
            )
            lines.append(f"    -p {parameter.describe()}{listed}")
        lines.append(f"    e.g. {saved.example_command()}")
        lines.append("")
    lines.append("curated views (cqc-la query --view NAME, or select * from analysis.NAME):")
    lines.append("")
    for obj in sqlobjects.working_objects():  # the descriptions the views carry as COMMENT ON VIEW
        if obj.kind == "view":
            description, _ = obj.comments()
            first = re.split(r"(?<=[.?])\s", description or "", maxsplit=1)[0].rstrip(".")
            lines.append(f"{obj.name} — {first}")
    return "\n".join(lines) + "\n"


def _sql(args: argparse.Namespace) -> int:
    from .. import queries

    statement = sys.stdin.read() if args.sql == "-" else args.sql
    with _terminate_as_interrupt():
        result = queries.fetch_sql(
            statement,
            params=key_values(args.param) or None,
            write=args.write,
            timeout=args.timeout,
            max_rows=args.limit,
        )
    if not result.returns_rows:
        print(f"ok ({result.rowcount} rows affected)" if result.rowcount >= 0 else "ok")
        return 0
    _emit(result, args, "sql")
    return 0
