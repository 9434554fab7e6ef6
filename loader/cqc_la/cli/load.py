"""`cqc-la load` and `cqc-la parse`: reports into the database, or one report as JSON.

`load` turns SIGTERM into an orderly stop (its worker processes are ended with it, and the database
rolls back the reports not yet committed), and when the server goes away mid-run it prints the summary
of what was done before the one-line error.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .signals import Terminated, stop_on_sigterm

if TYPE_CHECKING:
    from ..loading import FileOutcome, LoadSummary

LOAD_EXAMPLES = """\
examples:
  cqc-la load                          load ./seeds (reports and reference data)
  cqc-la load seeds/hartlepool-0525.md one file
  cqc-la load ~/Downloads/york/        the tabs of a report saved from CQC's site (.htm, any names)
  cqc-la load york-1225.pdf            the printable PDF
  cqc-la load reports/ drafts/ --jobs 2
  CQC_LA_DATABASE_URL=postgresql://postgres@localhost:5432/cqc cqc-la load seeds

Formats are told by content: HTML (a saved page or tab), PDF, markdown, plain text. Pages of one
report (its summary tab, statement tabs, about tab) are put together by council and publication date,
in any order and mix of formats. Upgrades the schema to head, refreshes councils and published results,
then loads each report in its own transaction: 'unchanged' (same bytes already loaded, or a cut-off or
older copy of parts already stored: it says why), 'loaded', 'replaced' (a changed file or tab for the
same report) or 'failed' (one line naming file, line and what was expected; nothing written for it).
A report with only some of its parts is stored as 'partial' and its missing parts are listed.
A path that does not exist or a directory that cannot be read fails on its own; the rest still load.
Several loads may run at once, on the same database and the same files.
Warnings (sums that do not add up, scores that disagree) are stored in analysis.load_warnings:
  cqc-la query --view load_warnings
Exit status 1 when any file failed; 2 when the database cannot be reached (the summary says what was
done before it went away); 130 after Ctrl-C and 143 after SIGTERM (both say how many files were done;
what was not written was rolled back, and loading again finishes the job).
"""

PARSE_EXAMPLES = """\
examples:
  cqc-la parse seeds/hartlepool-0525.md
  curl -s https://www.cqc.org.uk/.../york-1225/summary | cqc-la parse -     read the report from stdin
  cqc-la parse report.txt | jq '.statements[] | {qs_no, score}'
  cqc-la parse "City of York Council_ local authority assessment - Care Quality Commission.htm" | jq .detail
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    load = subparsers.add_parser(
        "load",
        help="load reports (files or directories) and reference data into the database",
        description="Load CQC assessment reports (saved web pages, PDFs, markdown, text) into the database.",
        epilog=LOAD_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument(
        "paths",
        nargs="*",
        default=["seeds"],
        metavar="PATH",
        help="report files or directories, searched recursively (default: seeds)",
    )
    load.add_argument(
        "--jobs",
        "-j",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="worker processes, 1 or more (default: one per core, at most 4)",
    )
    load.add_argument("--quiet", "-q", action="store_true", help="print only the summary and failures")
    load.set_defaults(func=_load)

    parse = subparsers.add_parser(
        "parse",
        help="print a parsed report as JSON (no database)",
        description="Parse one report and print every extracted fact as JSON, without touching a database.",
        epilog=PARSE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("file", metavar="FILE", help="a report file in any format ('-' reads stdin)")
    parse.add_argument("--blocks", action="store_true", help="include every heading and paragraph")
    parse.set_defaults(func=_parse)


def _at_least_one(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of worker processes, found {value!r}"
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more worker processes, found {number}")
    return number


def _print_summary(summary: LoadSummary) -> None:
    for path in summary.skipped:
        print(f"skipped (not HTML, PDF, markdown or text): {path}", file=sys.stderr)
    print(f"councils: {summary.councils}; published results: {summary.published_results}")
    print(summary.describe())  # with warnings, it says where they are kept


def _done_so_far(outcomes: list[FileOutcome], total: int) -> str:
    """`3 of 20 files done (2 loaded, 1 unchanged)` for a run that was stopped."""
    from ..loading.outcome import OUTCOMES

    counts = ", ".join(
        f"{n} {outcome}" for outcome in OUTCOMES if (n := sum(1 for o in outcomes if o.outcome == outcome))
    )
    return f"{len(outcomes)} of {total} files done" + (f" ({counts})" if counts else "")


def _load(args: argparse.Namespace) -> int:
    from ..loading import load_reports
    from ..loading.run import LoadStopped
    from .progress import Progress

    bar: Progress | None = None
    started = time.perf_counter()  # the rate counts from the command's start, not the first file
    done: list[FileOutcome] = []
    total_files = 0

    def end_bar_line() -> None:
        if bar is not None and bar.is_tty and bar.enabled and bar.done < bar.total:
            sys.stderr.write("\n")

    def on_file(outcome: FileOutcome, total: int) -> None:
        nonlocal bar, total_files
        done.append(outcome)
        total_files = total
        bar = bar or Progress(total, started=started)
        bar.advance(outcome.outcome == "failed")
        if outcome.outcome == "failed":
            end_bar_line()
            print(f"failed: {outcome.message}", file=sys.stderr)
        elif outcome.outcome == "unchanged" and outcome.message and outcome.message.startswith("nothing"):
            end_bar_line()
            print(f"unchanged: {outcome.path}: {outcome.message}", file=sys.stderr)  # say why
        elif not args.quiet and not bar.enabled:
            warnings = f" ({outcome.warnings} warnings)" if outcome.warnings else ""
            said = f": {outcome.message}" if outcome.message else ""
            print(f"{outcome.outcome}: {outcome.path}{warnings}{said}")

    try:
        with stop_on_sigterm():
            summary = load_reports(args.paths, jobs=args.jobs, progress=on_file)
    except LoadStopped as stopped:
        end_bar_line()
        _print_summary(stopped.summary)
        raise
    except Terminated:
        end_bar_line()
        print(
            f"cqc-la: terminated (SIGTERM): {_done_so_far(done, total_files)}; reports not yet written were "
            "rolled back (load again to finish)",
            file=sys.stderr,
        )
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        end_bar_line()
        print(
            f"cqc-la: interrupted: {_done_so_far(done, total_files)}; reports not yet written were rolled "
            "back (load again to finish)",
            file=sys.stderr,
        )
        return 130
    _print_summary(summary)
    return 1 if summary.failed else 0


def _parse(args: argparse.Namespace) -> int:
    from ..parsing.report_json import report_to_dict
    from ..sources import parse_report

    if args.file == "-":
        report = parse_report(sys.stdin.buffer.read(), "<stdin>")
    else:
        path = Path(args.file)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file")
        report = parse_report(path)
    data = report_to_dict(report)
    if not args.blocks:
        data.pop("blocks", None)
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0
