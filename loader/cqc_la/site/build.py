"""`build_site(DIR)`: write the whole database as a static website, all assets local.

The steps are plain: read the views once (`charts.Views`), make the page records (`national`,
`councils`, `sources`), fill the Jinja2 templates shipped in this package, and copy the assets (the
stylesheet, the page script and the Vega bundle). Nothing is fetched when a page is opened: every link
is relative, the charts' data is inline, and the Vega libraries sit in `assets/`.

A folder is only ever written over when it is empty or is a site this function built before (it leaves
a marker file); the earlier site's pages are removed first so a council or file that has gone leaves no
stale page behind.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import __version__
from ..charts import Views
from ..charts.export import javascript_bundle
from ..errors import UsageError
from .councils import council_pages
from .model import Page
from .national import index_page, statement_pages
from .sources import source_pages

PACKAGE = Path(__file__).resolve().parent
MARKER = ".cqc-la-site"
OWNED = ("index.html", "councils", "statements", "sources", "assets")


@dataclass(frozen=True)
class SiteSummary:
    """What a build wrote."""

    directory: Path
    councils: int
    assessed: int
    statements: int
    sources: int
    seconds: float

    @property
    def pages(self) -> int:
        return 1 + self.councils + self.statements + self.sources

    def describe(self) -> str:
        return (
            f"{self.directory}/index.html: {self.pages} pages ({self.councils} councils, {self.assessed} "
            f"assessed; {self.statements} statements; {self.sources} source files) in {self.seconds:.1f} s"
        )


def environment() -> Environment:
    """The Jinja2 environment over the package's templates (HTML escaped, undefined names are errors)."""
    return Environment(
        loader=FileSystemLoader(PACKAGE / "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def prepare(directory: Path) -> None:
    """Make `directory` ready to be written: new, empty, or an earlier site (whose pages are removed)."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: expected a directory for the site, found a file")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).exists():
        raise UsageError(
            f"{directory}: expected an empty directory or a site cqc-la built before, found other files; "
            "choose a new directory (e.g. cqc-la site site/)"
        )
    for name in OWNED:
        target = directory / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("built by cqc-la site; the whole folder is rewritten on each build\n")


def _write(env: Environment, directory: Path, template: str, pages: Iterable[Page], **context: object) -> int:
    compiled = env.get_template(template)
    count = 0
    for page in pages:
        target = directory / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(compiled.render(page=page, **context), encoding="utf-8")
        count += 1
    return count


def build_site(
    directory: str | Path,
    url: str | None = None,
    *,
    views: Views | None = None,
    charts: bool = True,
) -> SiteSummary:
    """Write the site into `directory`: index.html, councils/, statements/, sources/, assets/.
    `charts=False` leaves the council charts out (a faster build for previews)."""
    started = time.perf_counter()
    target = Path(directory)
    views = views if views is not None else Views(url)
    index = index_page(views)  # reads the views before anything is removed: a failed read leaves the old site
    statements = statement_pages(views)
    prepare(target)
    env = environment()
    context = {
        "version": __version__,
        "built": f"{datetime.now():%-d %B %Y %H:%M}",
        "coverage": views.coverage().describe(),
        "statement_links": index.statements,
    }
    assets = target / "assets"
    assets.mkdir()
    for name in ("site.css", "site.js"):
        shutil.copyfile(PACKAGE / "static" / name, assets / name)
    (assets / "vega.js").write_text(javascript_bundle(), encoding="utf-8")
    _write(env, target, "index.html.j2", [index], **context)
    written_statements = _write(env, target, "statement.html.j2", statements, **context)
    councils = _write(env, target, "council.html.j2", council_pages(views, charts=charts), **context)
    sources = _write(env, target, "source.html.j2", source_pages(views), **context)
    return SiteSummary(
        target,
        councils,
        views.coverage().assessed,
        written_statements,
        sources,
        time.perf_counter() - started,
    )
