"""The archive: a plain directory of everything fetched, useful without a database.

    <archive>/
      hartlepool-0525/                one folder per report, named by its slug
        manifest.json                 what was fetched: every page, its versions, the report's state
        index.v1.html                 the report's address (CQC serves its about tab there)
        summary.v1.html  summary.v2.html      a changed page is a new version beside the old one
        theme1/needs.v1.html          the path under the report's address
        downloads/<file>.v1.pdf       the PDF, wherever it lives on CQC's host
      _site/                          robots.txt and the listing's pages, the same way
      .run.json                       the unfinished run (gone once a run ends), so a rerun continues
      .lock                           one fetch at a time per archive

Files hold the raw bytes of each response. Every write (a body, a manifest, the run journal) goes to a
hidden temporary file in the same folder that is renamed into place, so a run killed at any moment
leaves each file whole or absent; leftovers of a killed write are removed when the next run starts.

A report's `manifest.json` holds `address`, `slug`, `first_seen_at`, `listed` (on the listing at the
last look), `gone_since` (the first day it was seen gone, kept until it comes back), `pending_load`
(fetched content not yet loaded into a database) and `pages`: for every URL, `status` (of the last
answer; a 304 confirms the version it validated and keeps its status), `checked_at`, `location` (a
redirect's target), `error` (why the last attempt failed), and `versions`, each with `version`, `file`,
`url`, `status`, `fetched_at`, `etag`, `last_modified`, `content_type`, `sha256` and `bytes`. The
latest version of each page is what gets loaded. Nothing is ever deleted.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from hashlib import sha256
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import UsageError
from .client import Answer

ARCHIVE_VARIABLE = "CQC_LA_ARCHIVE"
ROOT_ARCHIVE = Path("/var/lib/cqc-la/archive")
SITE_FOLDER = "_site"  # never a slug: slugs start with a letter
MANIFEST = "manifest.json"
JOURNAL = ".run.json"
LOCK = ".lock"
TEMPORARY_PREFIX = ".tmp-"
FORMAT = 1
EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}


def archive_dir() -> Path:
    """`CQC_LA_ARCHIVE`, else /var/lib/cqc-la/archive as root, else a per-user data directory."""
    explicit = os.environ.get(ARCHIVE_VARIABLE, "").strip()
    if explicit:
        return Path(explicit).expanduser().absolute()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ROOT_ARCHIVE
    import platformdirs

    return platformdirs.user_data_path("cqc-la") / "archive"


def now() -> str:
    """The time, to the microsecond, so that a run can tell what it fetched itself from what came before."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def moment(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{TEMPORARY_PREFIX}{path.name}.{secrets.token_hex(4)}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _safe(segment: str) -> str:
    return re.sub(r"[^A-Za-z0-9._=-]+", "_", unquote(segment)).strip("._") or "_"


def page_name(url: str, address: str | None) -> str:
    """The file name (without version and extension) of a page: its path under the report's address
    (`summary`, `theme1/needs`, `index` for the address itself), or `downloads/<file>` elsewhere."""
    path = urlsplit(url).path.rstrip("/")
    base = urlsplit(address).path.rstrip("/") if address else None
    if base is not None and (path == base or path.startswith(base + "/")):
        segments = [_safe(s) for s in path[len(base) :].split("/") if s] or ["index"]
    else:
        stem = PurePosixPath(path).name
        segments = ["downloads", _safe(PurePosixPath(stem).stem if PDF_SUFFIX.search(stem) else stem)]
    return "/".join(segments)


PDF_SUFFIX = re.compile(r"\.pdf$", re.IGNORECASE)


def _extension(answer: Answer) -> str:
    media = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in EXTENSIONS:
        return EXTENSIONS[media]
    suffix = PurePosixPath(urlsplit(answer.url).path).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".bin"


class Folder:
    """One report's folder (or the site's) and its manifest, saved after every change."""

    def __init__(self, path: Path, slug: str, address: str | None) -> None:
        self.path = path
        self.slug = slug
        manifest_path = path / MANIFEST
        if manifest_path.exists():
            try:
                self.manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
            except ValueError as error:
                raise UsageError(f"{manifest_path}: not a manifest cqc-la can read ({error})") from None
        else:
            self.manifest = {"format": FORMAT, "slug": slug, "pages": {}}
        if address is not None:
            self.manifest["address"] = address

    @property
    def address(self) -> str | None:
        return self.manifest.get("address")

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        return self.manifest["pages"]  # type: ignore[no-any-return]

    def has_versions(self, before: str | None = None) -> bool:
        """Whether any page has a version (fetched before the moment `before`, when given)."""
        limit = moment(before) if before else None
        return any(
            limit is None or moment(version["fetched_at"]) < limit
            for page in self.pages.values()
            for version in page.get("versions") or []
        )

    def fetched_since(self, start: str) -> list[str]:
        """The pages with a version fetched at or after the moment `start` (by this run), sorted."""
        limit = moment(start)
        return sorted(
            url
            for url, page in self.pages.items()
            if page.get("versions") and moment(page["versions"][-1]["fetched_at"]) >= limit
        )

    def latest(self, url: str) -> dict[str, Any] | None:
        versions = self.pages.get(url, {}).get("versions") or []
        return versions[-1] if versions else None

    def validators(self, url: str) -> tuple[str | None, str | None]:
        latest = self.latest(url)
        if latest is None:
            return None, None
        return latest.get("etag"), latest.get("last_modified")

    def body(self, url: str) -> bytes | None:
        latest = self.latest(url)
        return (self.path / latest["file"]).read_bytes() if latest else None

    def _page(self, url: str) -> dict[str, Any]:
        return self.pages.setdefault(url, {"url": url, "versions": []})

    def record_body(self, answer: Answer, name: str | None = None) -> str:
        """Keep a 200 answer: 'new' (first copy), 'changed' (a new version) or 'unchanged' (same bytes)."""
        page = self._page(answer.url)
        digest = sha256(answer.body).hexdigest()
        latest = self.latest(answer.url)
        page.update(status=answer.status, checked_at=now(), location=None, error=None)
        validators = {
            "etag": answer.headers.get("etag"),
            "last_modified": answer.headers.get("last-modified"),
            "content_type": answer.headers.get("content-type"),
        }
        if latest is not None and latest["sha256"] == digest:
            latest.update(validators)  # the same bytes under new validators: ask with these next time
            self.save()
            return "unchanged"
        number = (latest["version"] if latest else 0) + 1
        stem = name or page_name(answer.url, self.address)
        file = f"{stem}.v{number}{_extension(answer)}"
        write_atomically(self.path / file, answer.body)
        page["versions"].append(
            {
                "version": number,
                "file": file,
                "url": answer.url,
                "status": answer.status,
                "fetched_at": now(),
                "sha256": digest,
                "bytes": len(answer.body),
                **validators,
            }
        )
        self.save()
        return "new" if latest is None else "changed"

    def record_not_modified(self, url: str) -> None:
        page = self._page(url)
        latest = self.latest(url)
        page.update(status=latest["status"] if latest else 200, checked_at=now(), location=None, error=None)
        self.save()

    def record_answer(
        self, url: str, status: int | None, *, location: str | None = None, error: str | None = None
    ) -> None:
        """An answer without a body to keep (a redirect, a 404, a 5xx) or no answer (`status` None)."""
        self._page(url).update(status=status, checked_at=now(), location=location, error=error)
        self.save()

    def latest_files(self) -> dict[Path, str]:
        """The latest version of every page: file -> the URL it was fetched from."""
        found = {}
        for url, page in sorted(self.pages.items()):
            versions = page.get("versions") or []
            if versions:
                found[self.path / versions[-1]["file"]] = url
        return found

    def save(self) -> None:
        self.manifest.setdefault("first_seen_at", now())
        write_atomically(self.path / MANIFEST, _json(self.manifest))


class Journal:
    """The run in progress: each report's result as soon as it is done, so a rerun continues."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    @property
    def reports(self) -> dict[str, dict[str, Any]]:
        return self.data["reports"]  # type: ignore[no-any-return]

    @property
    def continued(self) -> bool:
        return bool(self.data.get("continued"))

    @property
    def started_at(self) -> str:
        return str(self.data["started_at"])

    def record(self, slug: str, result: dict[str, Any]) -> None:
        self.reports[slug] = result
        write_atomically(self.path, _json(self.data))

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)


class Archive:
    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else archive_dir()

    def folder(self, slug: str, address: str | None = None) -> Folder:
        return Folder(self.root / slug, slug, address)

    def site(self) -> Folder:
        return Folder(self.root / SITE_FOLDER, SITE_FOLDER, None)

    def slugs(self) -> list[str]:
        """Reports the archive holds (folders with a manifest)."""
        if not self.root.is_dir():
            return []
        return sorted(
            entry.name
            for entry in self.root.iterdir()
            if entry.is_dir() and entry.name != SITE_FOLDER and (entry / MANIFEST).is_file()
        )

    @contextmanager
    def opened(self) -> Iterator[Archive]:
        """The archive for one run: created if need be, locked against a second run, and cleared of
        what a killed write left behind."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"{self.root}: cannot create the archive: {error.strerror or error}") from None
        with open(self.root / LOCK, "a+") as lock:
            _lock(lock, self.root)
            self._clean()
            yield self

    def _clean(self) -> None:
        for folder, _, files in os.walk(self.root):
            for name in files:
                if name.startswith(TEMPORARY_PREFIX):
                    Path(folder, name).unlink(missing_ok=True)

    def journal(self, site: str, lifetime_hours: float = 24.0) -> Journal:
        """The unfinished run of the same site started less than `lifetime_hours` ago, else a new one."""
        path = self.root / JOURNAL
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                started = moment(data["started_at"])
                age = (datetime.now(UTC) - started).total_seconds() / 3600
                if data.get("site") == site and 0 <= age < lifetime_hours:
                    data["continued"] = True
                    return Journal(path, data)
            except (ValueError, KeyError, TypeError):
                pass  # unreadable: start afresh
        data = {"site": site, "started_at": now(), "reports": {}}
        write_atomically(path, _json(data))
        return Journal(path, data)


def _lock(handle: Any, root: Path) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; one run at a time is up to the user
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise UsageError(
            f"{root}: another cqc-la fetch is using this archive; wait for it to finish"
        ) from None


def today() -> date:
    return date.today()
