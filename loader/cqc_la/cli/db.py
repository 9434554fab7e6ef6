"""`cqc-la db ...`: the database's life cycle (migrations, embedded server, URL, reader logins)."""

from __future__ import annotations

import argparse

from .. import config, database, embedded, migrate

EXAMPLES = """\
examples:
  cqc-la db upgrade              create or upgrade the schema to the newest revision
  cqc-la db current              print the schema revision of the database
  cqc-la db downgrade base       remove every table and view of cqc-la (data included)
  cqc-la db url                  print a URL that psql and GUI clients accept
  psql "$(cqc-la db url)" -c 'select * from analysis.framework'
  cqc-la db start | stop | status    the embedded server (no effect on an external server)
  cqc-la db reset --yes          drop everything of cqc-la and upgrade again (an empty database)
  cqc-la db grant-reader analyst --password s3cret   a read-only login for SQL clients
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db",
        help="manage the database: migrations, embedded server, URL, reader logins",
        description="Manage the database: schema migrations, the embedded server, its URL and read-only logins.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    upgrade = actions.add_parser("upgrade", help="upgrade the schema (default: to head)")
    upgrade.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    upgrade.set_defaults(func=_upgrade)

    downgrade = actions.add_parser("downgrade", help="downgrade the schema to REV (e.g. base, -1, 0001)")
    downgrade.add_argument("revision", metavar="REV")
    downgrade.set_defaults(func=_downgrade)

    for name, func, text in (
        ("current", _current, "print the database's schema revision"),
        ("url", _url, "print a libpq URL for psql and GUI clients (starts the embedded server)"),
        ("start", _start, "start the embedded server"),
        ("stop", _stop, "stop the embedded server"),
        ("status", _status, "show which server is used and its state"),
    ):
        actions.add_parser(name, help=text, description=text).set_defaults(func=func)

    reset = actions.add_parser("reset", help="drop everything of cqc-la and upgrade to head again")
    reset.add_argument("--yes", action="store_true", help="confirm: all loaded data is deleted")
    reset.set_defaults(func=_reset)

    grant = actions.add_parser(
        "grant-reader",
        help="create (or update) a login in the read-only role cqc_reader",
        description="Create or update a login that can read the analysis and cqc schemas and nothing else.",
    )
    grant.add_argument("name", help="login name")
    grant.add_argument("--password", required=True, help="its password")
    grant.set_defaults(func=_grant_reader)


def _upgrade(args: argparse.Namespace) -> int:
    print(f"schema at revision {migrate.upgrade(revision=args.revision)}")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    print(f"schema at revision {migrate.downgrade(args.revision) or 'base (empty)'}")
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
    print("embedded server stopped" if embedded.stop() else "embedded server was not running")
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
    migrate.downgrade("base")
    print(f"schema reset; at revision {migrate.upgrade()}")
    return 0


def _grant_reader(args: argparse.Namespace) -> int:
    from ..access import grant_reader

    grant_reader(args.name, args.password)
    print(f"login {args.name} can now read the analysis and cqc schemas (role cqc_reader)")
    return 0


def _mask(url: str) -> str:
    """Hide a password in a URL before printing it."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"
