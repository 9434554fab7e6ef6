"""A fixture site in CQC's structure on 127.0.0.1, built from `tests/fixtures/pages`, with a request log.

    /robots.txt                                   disallows hartlepool-0525/print
    /care-services/local-authority-assessment-reports            listing page 1 (rel=next ?page=1)
    /care-services/local-authority-assessment-reports?page=1     listing page 2
    .../<slug>                                    the about tab (as on CQC's site); /about redirects here
    .../<slug>/summary, .../<slug>/themeN/<statement>             the other tabs
    .../hartlepool-0525/themeN                    302 to the theme's first statement
    .../camden-0925/theme4                        302 off the site (never to be followed)
    .../camden-0925/theme3/safeguarding           404
    .../wakefield-0625                            the whole report as one page (page.html)
    /sites/default/files/manchester-0925-local-authority-assessment.pdf   the one PDF linked

Faults, once each until `reset()`: the hartlepool address answers 500, norfolk's summary 429 with
`Retry-After: 1`, manchester's care tab answers after 1 s (slower than `--timeout 0.5`). Links to the
site's own host (`https://www.cqc.org.uk`) are rewritten to the server's base URL; links to
`http://localhost:<port>` (another host name for the same server) are off the site, so a request that
followed one would show in the log with `Host: localhost`. HTML answers carry an ETag and a
Last-Modified, the PDF only a Last-Modified; both are honoured (304). To keep runs short, only
hartlepool's pages link its theme pages (and camden's its theme4) and only manchester's its PDF: the
other links of those kinds are taken out of the served copies. `change`, `unlist`, `relist` and
`take_down` (every page of a report answers 410) change the site between runs.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cqc_la.sources import read_source

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
LISTING = "/care-services/local-authority-assessment-reports"
CQC = "https://www.cqc.org.uk"
SLUGS = ("hartlepool-0525", "norfolk-1125", "manchester-0925", "camden-0925", "wakefield-0625")
FIRST_LISTING_PAGE = SLUGS[:3]
PDF_PATH = "/sites/default/files/manchester-0925-local-authority-assessment.pdf"
FORBIDDEN = f"{LISTING}/hartlepool-0525/print"
MISSING_TAB = f"{LISTING}/camden-0925/theme3/safeguarding"
OFF_SITE_REDIRECT = f"{LISTING}/camden-0925/theme4"
FAULTS = {
    f"{LISTING}/hartlepool-0525": "500",
    f"{LISTING}/norfolk-1125/summary": "429",
    f"{LISTING}/manchester-0925/theme2/care": "slow",
}
SLOW_SECONDS = 1.0
EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: bool = True
    version: int = 1

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'

    @property
    def modified(self) -> datetime:
        return EPOCH + timedelta(days=self.version)


@dataclass(frozen=True)
class Redirect:
    location: str  # a path on this site, or an absolute URL
    status: int = 302


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    started: float
    status: int | None = None

    @property
    def host(self) -> str:
        return self.headers.get("host", "")

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class FixtureSite:
    base: str = ""
    requests: list[Request] = field(default_factory=list)
    routes: dict[str, Resource | Redirect] = field(default_factory=dict)
    listed: list[str] = field(default_factory=list)
    gone: dict[str, int] = field(default_factory=dict)  # report prefix -> status every page answers
    faults: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    tripwire: tuple[int, threading.Event] | None = None

    @property
    def port(self) -> int:
        return urlsplit(self.base).port or 80

    @property
    def off_site(self) -> str:
        return f"http://localhost:{self.port}"

    def address(self, slug: str) -> str:
        return f"{self.base}{LISTING}/{slug}"

    # --- content -------------------------------------------------------------------------------------
    def reset(self, faults: bool = True) -> None:
        """Every report as first published, all five listed, the faults armed again (or none)."""
        with self.lock:
            self.routes = {}
            self.gone = {}
            self.listed = list(SLUGS)
            self.faults = dict(FAULTS) if faults else {}
            for slug in SLUGS:
                self._add_report(slug)
            self.routes[PDF_PATH] = Resource(
                (PAGES / "manchester-0925" / "manchester-0925.pdf").read_bytes(),
                "application/pdf",
                etag=False,
            )
            self.routes[FORBIDDEN] = Resource(
                b"<html><body>robots.txt forbids this page</body></html>", "text/html"
            )
            self.routes["/robots.txt"] = Resource(
                f"User-agent: *\nDisallow: {FORBIDDEN}\nDisallow: /search\n".encode(), "text/plain"
            )
            self.routes[OFF_SITE_REDIRECT] = Redirect(f"{self.off_site}/elsewhere")
            self._listing()

    def _html(self, path: Path, slug: str) -> str:
        html = path.read_text(encoding="utf-8").replace(CQC, self.base)
        if slug != "manchester-0925":  # one report links its PDF
            html = re.sub(r'<div class="downloads">.*?</div>', "", html, flags=re.DOTALL)
        keep = {"hartlepool-0525": r"theme\d", "camden-0925": r"theme4"}.get(slug, "(?!)")
        html = re.sub(  # theme pages: only these reports link theirs
            rf'<a href="[^"]*/{slug}/(?!{keep}")theme\d">(.*?)</a>', r"<span>\1</span>", html
        )
        return html

    def _add_report(self, slug: str) -> None:
        prefix = f"{LISTING}/{slug}"
        if slug == "wakefield-0625":  # one long page, no tabs
            html = self._html(PAGES / slug / "page.html", slug)
            html = re.sub(r'<nav class="report-tabs".*?</nav>', "", html, flags=re.DOTALL)
            self.routes[prefix] = Resource(html.encode(), "text/html; charset=utf-8")
            return
        firsts: dict[str, str] = {}
        for tab in sorted((PAGES / slug / "tabs").iterdir()):
            own = urlsplit(read_source(tab).url or "").path
            html = self._html(tab, slug)
            if own == f"{prefix}/about":
                if slug == "hartlepool-0525":  # a page robots.txt forbids, linked from the report
                    html = html.replace(
                        "</main>", f'<p><a href="{self.base}{FORBIDDEN}">Print</a></p></main>'
                    )
                own = prefix
                self.routes[f"{prefix}/about"] = Redirect(prefix, 301)
            if own == f"{prefix}/summary":  # a link to another host, under the report's path
                html = html.replace(
                    "</main>", f'<p><a href="{self.off_site}{prefix}/elsewhere">More</a></p></main>'
                )
            if own == MISSING_TAB:
                continue
            self.routes[own] = Resource(html.encode(), "text/html; charset=utf-8")
            theme = re.match(rf"{prefix}/(theme\d)/", own)
            if theme:
                firsts.setdefault(theme.group(1), own)
        if slug == "hartlepool-0525":
            tab = next((PAGES / slug / "tabs").iterdir())  # every tab's menu lists the statements in order
            order = re.findall(rf'/{slug}/(theme\d/[a-z-]+)"', tab.read_text(encoding="utf-8"))
            for theme in ("theme1", "theme2", "theme3", "theme4"):
                first = next(p for p in order if p.startswith(theme + "/"))
                self.routes[f"{prefix}/{theme}"] = Redirect(f"{prefix}/{first}")

    def _listing(self) -> None:
        def page(slugs: list[str], extra: str) -> Resource:
            items = "".join(
                f'<li><a href="{self.base}{LISTING}/{slug}">{slug}</a> '
                f'<a href="{LISTING}/{slug}/summary">summary</a></li>'
                for slug in slugs
            )
            html = (
                f"<!DOCTYPE html><html><head><title>Local authority assessment reports</title></head><body>"
                f'<nav><a href="/">Home</a> <a href="/about-us">About us</a> <a href="{LISTING}">Reports</a></nav>'
                f"<main><h1>Local authority assessment reports</h1><ul>{items}</ul>{extra}</main></body></html>"
            )
            return Resource(html.encode(), "text/html; charset=utf-8")

        first = [slug for slug in self.listed if slug in FIRST_LISTING_PAGE]
        second = [slug for slug in self.listed if slug not in FIRST_LISTING_PAGE]
        self.routes[LISTING] = page(
            first,
            f'<a href="{self.off_site}{LISTING}/elsewhere-0101">elsewhere</a>'
            f'<nav class="pager"><a href="?page=0">1</a> <a href="?page=1">2</a> '
            f'<a rel="next" href="?page=1">Next</a></nav>',
        )
        self.routes[f"{LISTING}?page=1"] = page(
            second,
            '<nav class="pager"><a href="?page=0">Previous</a> <a href="?page=0">1</a> <a href="?page=1">2</a></nav>',
        )

    def change(self, path: str, old: str, new: str) -> None:
        with self.lock:
            resource = self.routes[path]
            assert isinstance(resource, Resource) and old.encode() in resource.body
            resource.body = resource.body.replace(old.encode(), new.encode())
            resource.version += 1

    def unlist(self, slug: str) -> None:
        with self.lock:
            self.listed.remove(slug)
            self._listing()

    def relist(self, slug: str) -> None:
        with self.lock:
            self.listed.append(slug)
            self._listing()

    def take_down(self, slug: str, status: int = 410) -> None:
        with self.lock:
            self.gone[f"{LISTING}/{slug}"] = status

    # --- the log -------------------------------------------------------------------------------------
    def mark(self) -> int:
        with self.lock:
            return len(self.requests)

    def since(self, mark: int) -> list[Request]:
        with self.lock:
            return list(self.requests[mark:])

    def trip_after(self, count: int) -> threading.Event:
        """An event set when `count` more requests have arrived."""
        event = threading.Event()
        with self.lock:
            self.tripwire = (len(self.requests) + count, event)
        return event

    # --- answering ---------------------------------------------------------------------------------
    def answer(self, request: Request) -> tuple[int, dict[str, str], bytes, float]:
        """Status, headers, body and a delay before answering."""
        with self.lock:
            path = request.path
            self.requests.append(request)
            if self.tripwire and len(self.requests) >= self.tripwire[0]:
                self.tripwire[1].set()
            fault = self.faults.pop(path, None)
            if fault == "500":
                return 500, {}, b"<html><body>Internal error</body></html>", 0.0
            if fault == "429":
                return 429, {"Retry-After": "1"}, b"<html><body>Too many requests</body></html>", 0.0
            delay = SLOW_SECONDS if fault == "slow" else 0.0
            for prefix, status in self.gone.items():
                if path == prefix or path.startswith(prefix + "/"):
                    return status, {}, b"<html><body>Gone</body></html>", delay
            route = self.routes.get(path)
        if route is None:
            return 404, {}, b"<html><body>Not found</body></html>", delay
        if isinstance(route, Redirect):
            location = route.location if "://" in route.location else self.base + route.location
            return route.status, {"Location": location}, b"", delay
        headers = {
            "Content-Type": route.content_type,
            "Last-Modified": email.utils.format_datetime(route.modified, usegmt=True),
        }
        if route.etag:
            headers["ETag"] = route.tag
        if _not_modified(request.headers, route):
            return 304, headers, b"", delay
        return 200, headers, route.body, delay


def _not_modified(headers: dict[str, str], route: Resource) -> bool:
    if "if-none-match" in headers:
        return route.etag and route.tag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    if "if-modified-since" in headers:
        try:
            return email.utils.parsedate_to_datetime(headers["if-modified-since"]) >= route.modified
        except (TypeError, ValueError):
            return False
    return False


def _handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms wait between them

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            request = Request(
                "GET", self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
            )
            status, headers, body, delay = site.answer(request)
            request.status = status
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout): nothing to do

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            pass

    return Handler


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client killed or timed out mid-request (the tests do both on purpose)


class Server:
    def __init__(self) -> None:
        self.site = FixtureSite()
        self.httpd = _Quiet(("127.0.0.1", 0), _handler(self.site))
        self.site.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.site.reset()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FixtureSite:
        self.thread.start()
        return self.site

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
