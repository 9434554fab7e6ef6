"""Entry point of `cqc-la`: builds the argument parser from each command module and runs one command.

Every command module exposes `register(subparsers)`, which adds its parser with help text and examples
and sets `func`. Errors a user can act on (bad URL, bad report, bad query parameter, server down) end
as one line on stderr and exit status 2 (1 is reserved for "some files failed to load"), never a
traceback. Output cut short by its reader (`| head`) ends quietly with status 141, as for any command
ended by SIGPIPE.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from . import chart, db, export, fetch, load, query, site

SIGPIPE = 13  # signal.SIGPIPE, which Windows lacks

EPILOG = """\
examples:
  cqc-la load seeds                       load the seed reports (upgrades the schema first)
  cqc-la fetch --load                     fetch every report from CQC's site and load it
  cqc-la parse seeds/hartlepool-0525.md   print a parsed report as JSON, no database needed
  cqc-la query --list                     list the saved queries
  cqc-la query council_profile -p council=Hartlepool
  cqc-la sql "select * from analysis.latest_assessments" --format csv
  cqc-la export cqc-la.xlsx               every curated view in one Excel workbook
  cqc-la chart heatmap -o heatmap.png     a chart to PNG, SVG or HTML (cqc-la chart --list)
  cqc-la site site/                       a static website of the database: open site/index.html
  cqc-la db url                           a URL for psql and GUI clients
  psql "$(cqc-la db url)"

database: CQC_LA_DATABASE_URL (then DATABASE_URL) selects a PostgreSQL server; with neither set an
embedded PostgreSQL is started in CQC_LA_PGDATA (default: a per-user data directory).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cqc-la",
        description="CQC local authority assessment reports as a PostgreSQL database.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cqc-la {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (load, fetch, query, export, chart, site, db):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return status
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        print("cqc-la: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the one place errors become messages
        from .errors import describe

        message = describe(error)
        if message is None:
            raise
        print(f"cqc-la: error: {message}", file=sys.stderr)
        return 2


def _stdout_closed() -> int:
    """The reader of stdout went away (`cqc-la parse x | head -1`): stop quietly, as Python's docs advise.

    Later output (Python flushes stdout at exit) goes to devnull instead of raising again; the status is
    the shell's for a command ended by SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
