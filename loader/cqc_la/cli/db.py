"""`cqc-la db ...`: the database's life cycle (migrations, embedded server, URL, reader logins).

A downgrade that deletes stored data asks for `--yes` (`migrate.data_lost_by_downgrade` says what it
deletes). A reader's password never has to be typed on the command line: it is asked for on a terminal,
or read from stdin or an environment variable (`--password` still works, with a warning).
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import textwrap

from .. import config, database, embedded, migrate
from ..errors import UsageError

PASSWORD_VARIABLE = "CQC_LA_READER_PASSWORD"

EXAMPLES = """\
examples:
  cqc-la db upgrade                 create or upgrade the schema to the newest revision
  cqc-la db current                 print the schema revision of the database
  cqc-la db downgrade -1            go back one revision (--yes if that deletes stored data)
  cqc-la db downgrade base --yes    remove every table and view of cqc-la (data included)
  cqc-la db url                     print a URL that psql and GUI clients accept
  psql "$(cqc-la db url)" -c 'select * from analysis.framework'
  cqc-la db start | stop | status   the embedded server (no effect on an external server)
  cqc-la db stop --force            stop it even while psql or a GUI client is connected
  cqc-la db reset --yes             drop everything of cqc-la and upgrade again (reader logins kept)
  cqc-la db grant-reader analyst    a read-only login for SQL clients (asks for its password twice)
  cqc-la db grant-reader analyst --password-stdin < analyst.pw    its password from a file
"""

GRANT_EXAMPLES = f"""\
The password is asked for twice on a terminal, read from the first line of stdin (--password-stdin),
or read from an environment variable (--password-env NAME; {PASSWORD_VARIABLE} is used when it is
set, e.g. a CI secret). --password P still works, but other users of the machine can read it in `ps`
and it stays in shell history.

examples:
  cqc-la db grant-reader analyst                                 asks for the password twice
  cqc-la db grant-reader analyst --password-stdin < analyst.pw   the first line of a file
  pass show cqc/analyst | cqc-la db grant-reader analyst --password-stdin
  cqc-la db grant-reader analyst --password-env ANALYST_PW       from the variable ANALYST_PW
"""


# Each subcommand: (name, function, help line, description, examples).
ACTIONS = (
    (
        "upgrade",
        "_upgrade",
        "create or upgrade the schema (default: to head)",
        "Create the schema, or upgrade it, to revision REV (default: head, the newest). Loads no data: "
        "`cqc-la load` upgrades and loads the reference data and reports.",
        "  cqc-la db upgrade             create or upgrade the schema to the newest revision\n"
        "  cqc-la db upgrade 0005        to one revision",
    ),
    (
        "downgrade",
        "_downgrade",
        "downgrade the schema to REV (e.g. base, -1, 0001); --yes when that deletes data",
        "Downgrade the schema to revision REV (a revision, -1 for one back, or base for none). A downgrade "
        "that deletes stored data says what and needs --yes; reader logins are kept.",
        "  cqc-la db downgrade -1               one revision back (--yes if that deletes data)\n"
        "  cqc-la db downgrade base --yes       remove every table and view of cqc-la (data included)",
    ),
    (
        "current",
        "_current",
        "print the database's schema revision",
        "Print the schema revision of the database, and whether it is the newest (head).",
        "  cqc-la db current",
    ),
    (
        "url",
        "_url",
        "print a libpq URL for psql and GUI clients (starts the embedded server)",
        "Print a libpq URL of the database for psql and GUI clients; with no server configured, the "
        "embedded server is started first and left running.",
        "  cqc-la db url\n  psql \"$(cqc-la db url)\" -c 'select * from analysis.framework'",
    ),
    (
        "start",
        "_start",
        "start the embedded server",
        "Start the embedded PostgreSQL (no effect when CQC_LA_DATABASE_URL or DATABASE_URL names a server).",
        "  cqc-la db start\n  CQC_LA_PGDATA=/data/cqc-la cqc-la db start     in another data directory",
    ),
    (
        "stop",
        "_stop",
        "stop the embedded server (asks first when sessions are open; --force does not)",
        "Stop the embedded PostgreSQL. Open sessions (psql, GUI clients) would be ended: it says how many "
        "and asks first on a terminal; elsewhere it stops only with --force.",
        "  cqc-la db stop\n  cqc-la db stop --force          end open sessions without asking",
    ),
    (
        "status",
        "_status",
        "show which server is used and its state",
        "Show which server is used (external or embedded), the embedded server's data directory and "
        "state, and the schema revision.",
        "  cqc-la db status",
    ),
    (
        "reset",
        "_reset",
        "drop everything of cqc-la and upgrade to head again (--yes)",
        "Drop every table, view and loaded report of cqc-la and create the schema again at head. Reader "
        "logins are kept. Needs --yes.",
        "  cqc-la db reset --yes\n  cqc-la db reset --yes && cqc-la load seeds     start again from the seeds",
    ),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db",
        help="manage the database: migrations, embedded server, URL, reader logins",
        description="Manage the database: schema migrations, the embedded server, its URL and read-only logins.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    made = {}
    for name, function, help_line, description, examples in ACTIONS:
        made[name] = actions.add_parser(
            name,
            help=help_line,
            description=textwrap.fill(description, 100),
            epilog=f"examples:\n{examples}\n",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        made[name].set_defaults(func=globals()[function])
    made["upgrade"].add_argument(
        "revision", nargs="?", default="head", help="target revision (default: head)"
    )
    made["downgrade"].add_argument("revision", metavar="REV")
    made["downgrade"].add_argument(
        "--yes", action="store_true", help="confirm a downgrade that deletes stored data (e.g. to base)"
    )
    made["stop"].add_argument(
        "--force", action="store_true", help="stop even when sessions are open, without asking"
    )
    made["reset"].add_argument("--yes", action="store_true", help="confirm: all loaded data is deleted")

    grant = actions.add_parser(
        "grant-reader",
        help="create (or update) a login in the read-only role cqc_reader",
        description="Create or update a login that can read the analysis and cqc schemas and nothing else.",
        epilog=GRANT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grant.add_argument("name", help="login name")
    source = grant.add_mutually_exclusive_group()
    source.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    source.add_argument(
        "--password-env",
        metavar="NAME",
        help=f"read the password from environment variable NAME (default: {PASSWORD_VARIABLE} when set)",
    )
    source.add_argument(
        "--password", metavar="P", help="the password itself: unsafe, visible to other users in `ps`"
    )
    grant.set_defaults(func=_grant_reader)


def _upgrade(args: argparse.Namespace) -> int:
    print(f"schema at revision {migrate.upgrade(revision=args.revision)}")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    lost = migrate.data_lost_by_downgrade(args.revision)
    if lost and not args.yes:
        print(
            f"cqc-la db downgrade {args.revision} deletes {'; '.join(lost)}; run again with --yes to confirm"
        )
        return 2
    had_access = migrate.reader_access()
    print(f"schema at revision {migrate.downgrade(args.revision) or 'base (empty)'}")
    waiting = migrate.reader_logins() if had_access and not migrate.reader_access() else []
    if waiting:
        print(
            f"reader logins {', '.join(waiting)} stay in role cqc_reader, which reads nothing here until "
            "`cqc-la db upgrade`"
        )
    return 0


def _current(args: argparse.Namespace) -> int:
    revision = migrate.current()
    head = migrate.head()
    state = "head" if revision == head else f"head is {head}"
    print(f"{revision or 'base (empty)'} ({state})")
    return 0


def _url(args: argparse.Namespace) -> int:
    print(config.libpq_url(database.resolve_url()))
    return 0


def _start(args: argparse.Namespace) -> int:
    if not database.is_embedded():
        print("an external server is configured (CQC_LA_DATABASE_URL or DATABASE_URL): nothing to start")
        return 0
    url = embedded.start()
    print(f"embedded server running: {config.libpq_url(url)}")
    return 0


def _stop(args: argparse.Namespace) -> int:
    if not database.is_embedded():
        print("an external server is configured: cqc-la does not stop it")
        return 0
    sessions = embedded.open_sessions()
    if sessions and not args.force:
        described = embedded.describe_sessions(sessions)
        if not (sys.stdin and sys.stdin.isatty()):
            print(f"{described}; stopping the server ends them: run again with --force to stop anyway")
            return 2
        answer = input(f"{described}; stopping the server ends them. Stop it? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("not stopped")
            return 2
    stopped = embedded.stop()
    ended = (
        f" ({len(sessions)} session{'s' if len(sessions) != 1 else ''} ended)" if stopped and sessions else ""
    )
    print(f"embedded server stopped{ended}" if stopped else "embedded server was not running")
    return 0


def _status(args: argparse.Namespace) -> int:
    configured = config.configured_url()
    if configured:
        print(f"server: external ({_mask(config.libpq_url(configured))})")
    else:
        status = embedded.status()
        print("server: embedded")
        print(f"data directory: {status.data_dir}")
        print(f"initialised: {'yes' if status.initialised else 'no'}")
        print(f"running: {'yes, pid ' + str(status.pid) if status.running else 'no'}")
        if not status.running:
            return 0
    revision = migrate.current()
    print(f"schema revision: {revision or 'base (empty)'}{' (head)' if revision == migrate.head() else ''}")
    return 0


def _reset(args: argparse.Namespace) -> int:
    if not args.yes:
        print("cqc-la db reset deletes every loaded report; run again with --yes to confirm")
        return 2
    print(f"schema reset; at revision {migrate.reset()}")
    readers = migrate.reader_logins()
    if readers:
        print(f"reader logins kept (role cqc_reader): {', '.join(readers)}")
    return 0


def _grant_reader(args: argparse.Namespace) -> int:
    from ..access import grant_reader, validate_name

    validate_name(args.name)  # before asking for a password
    password = _password(args)
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, kept as surrogates by stdin or os.environ
        raise UsageError("the password is not UTF-8 text") from None
    grant_reader(args.name, password)
    print(f"login {args.name} can now read the analysis and cqc schemas (role cqc_reader)")
    return 0


def _password(args: argparse.Namespace) -> str:
    """The reader's password from the option given, else the environment, else a prompt on a terminal."""
    if args.password is not None:
        print(
            "cqc-la: warning: --password is visible to other users (ps) and kept in shell history; "
            "prefer the prompt, --password-stdin or --password-env",
            file=sys.stderr,
        )
        return str(args.password)
    if args.password_stdin:
        try:
            line = sys.stdin.readline().rstrip("\r\n") if sys.stdin else ""
        except UnicodeDecodeError:
            raise UsageError("--password-stdin: expected UTF-8 text on stdin") from None
        if not line:
            raise UsageError("--password-stdin: expected the password on the first line of stdin, found none")
        return line
    variable = args.password_env
    if variable is None and os.environ.get(PASSWORD_VARIABLE):
        variable = PASSWORD_VARIABLE
        print(f"cqc-la: the password comes from {PASSWORD_VARIABLE}", file=sys.stderr)
    if variable:
        value = os.environ.get(variable, "")
        if not value:
            raise UsageError(f"--password-env {variable}: the variable is not set or is empty")
        return value
    if not (sys.stdin and sys.stdin.isatty()):
        raise UsageError(
            "expected a password: run in a terminal to be asked for it, or use --password-stdin or "
            f"--password-env NAME (or set {PASSWORD_VARIABLE})"
        )
    try:
        first = getpass.getpass(f"password for {args.name}: ")
        if not first:
            raise UsageError("expected a non-empty password")
        if getpass.getpass("again: ") != first:
            raise UsageError("the two passwords differ; nothing changed")
    except EOFError:
        raise UsageError("no password given; nothing changed") from None
    return first


def _mask(url: str) -> str:
    """Hide a password in a URL (`user:P@` or `?password=P`) before printing it."""
    url = re.sub(r"([?&]password=)[^&]*", r"\1***", url)
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
