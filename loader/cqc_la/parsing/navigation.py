"""Page chrome: the lines a web page adds around the report when a user copies or saves it as text.

`Skip to main content`, cookie banners, a breadcrumb (`Home > Care services > ...`), `Print this
page`, `Back to top` after every tab, `Was this page useful? Yes No`, footer links, the page title
printed again, and a tab menu near the top that names the four themes and all nine quality statements.
None of it is part of the report, but every line is kept (a block like any other); what matters is that
it never *means* anything: a menu entry must not open a theme or a statement, `Back to top` must not
read as a key-finding sub-heading, a breadcrumb ending in `... assessment` must not be taken for the
title.

Chrome is recognised by a phrase table on the line's comparison key (data below) and, for menus, by
shape: a run of short lines naming several themes and statements with no score between them (a real
summary prints a score after each statement; a theme's introduction lists only its own statements).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .blocks import Chunk
from .headings import Role
from .text import key

# Whole-line phrases on the comparison key (lower case, punctuation and markup dropped, `&` read as `and`).
PAGE_CHROME: tuple[str, ...] = (
    r"skip to (?:the )?(?:main )?content",
    r"back to (?:the )?top",
    r"print(?: this)? page(?: share(?: this)? page)?",
    r"share(?: this)? page(?: .{0,60})?",
    r"(?:was|is) this page (?:useful|helpful)(?: yes)?(?: no)?",
    r"yes|no|yes no",
    r"(?:give |send )?(?:us )?feedback(?: on this page)?",
    r"report a problem with this page",
    r"contact us(?: .{0,80})?",
    r"accessibility(?: statement)?",
    r"privacy(?: notice| policy| statement)?",
    r"cookies?(?: policy| settings| preferences)?",
    r"terms (?:and|of) (?:conditions|use)",
    r"care quality commission(?: \d{4})?",  # '(c) Care Quality Commission 2025', the site name in the header
    r"(?:accept|reject)(?: all| additional| analytics| optional)? cookies(?: .{0,60})?",
    r"(?:view|hide|change)(?: your)? cookies?(?: settings| preferences| message)?",
    r"set cookie preferences",
    r"cookies on (?:the )?(?:cqc )?website",
    r"(?:we use|we d (?:also )?like to (?:use|set)|this website uses) .{0,160}cookies.{0,160}",
    r"menu|search|home|care services|local authority assessment reports?|on this page|contents|about us"
    r"|in this (?:report|assessment)|jump to",
)
_CHROME = re.compile("^(?:" + "|".join(PAGE_CHROME) + ")$")
# A breadcrumb: 'Home > Care services > Local authority assessment reports', 'Home / ... / X assessment'
BREADCRUMB = re.compile(r"^\W*home\s*[>\u203a\u00bb/|]", re.IGNORECASE)
# Short lines that may sit inside a tab menu without ending it ('Overview', 'Contents').
_MENU_FILLER_WORDS = 3
MENU_MIN_THEMES = 2
MENU_MIN_STATEMENTS = 3
MENU_MIN_STATEMENTS_ALONE = 6  # a menu of statements only, before the overall summary
CHROME = Role("chrome")
_MENU_KINDS = frozenset({"theme", "statement", "chrome"})
_SUMMARY_HEADINGS = frozenset({"overall_summary", "scores_heading", "rating_heading"})
_MAX_LINK_WORDS = (
    10  # the longest chrome line that is not about cookies ('Share this page: Email Facebook ...')
)
_MAX_CHROME_WORDS = 30  # a longer cookie sentence is harmless text; chrome that could mislead is short


def is_chrome(text: str) -> bool:
    """Whether a short line of text (markers removed) is page chrome by the phrase table."""
    if len(text) > 250:
        return False
    if BREADCRUMB.match(text):
        return True
    k = key(text)
    return bool(k) and bool(_CHROME.match(k))


def mark_chrome(chunks: Sequence[Chunk], roles: list[Role | None]) -> None:
    """Give the chrome role (in place) to chrome lines by the phrase table, and to tab menus."""
    for index, chunk in enumerate(chunks):
        words = chunk.words
        if (
            words <= _MAX_CHROME_WORDS
            and (words <= _MAX_LINK_WORDS or "ookie" in chunk.text or "ome" in chunk.text[:8])
            and chunk.is_single_line
            and (roles[index] is None or roles[index].kind == "about")  # type: ignore[union-attr]
            and is_chrome(chunk.text)
        ):
            roles[index] = CHROME
    for start, end in _menus(chunks, roles):
        for index in range(start, end):
            roles[index] = CHROME


def mark_themes_before_summary(roles: list[Role | None]) -> None:
    """A theme name before the overall summary is a menu entry (a tab menu copied with the page), never
    the start of the themes: reports print the summary first. Only a statement tab, which has no
    summary, starts with its theme's heading."""
    last_summary = max(
        (index for index, role in enumerate(roles) if role is not None and role.kind in _SUMMARY_HEADINGS),
        default=-1,
    )
    for index in range(last_summary):
        role = roles[index]
        if role is not None and role.kind == "theme":
            roles[index] = CHROME


def mark_repeated_title(
    chunks: Sequence[Chunk], roles: list[Role | None], title_index: int, is_title: Callable[[Chunk], bool]
) -> None:
    """The page title printed again (the browser's title bar, a footer): chrome, not a heading."""
    for index, chunk in enumerate(chunks):
        if index != title_index and roles[index] is None and chunk.is_single_line and is_title(chunk):
            roles[index] = CHROME


def _menus(chunks: Sequence[Chunk], roles: Sequence[Role | None]) -> list[tuple[int, int]]:
    """[start, end) index ranges of tab menus: runs of theme and statement names with no score between."""
    menus: list[tuple[int, int]] = []
    summary_seen = False
    index = 0
    count = len(chunks)
    while index < count:
        role = roles[index]
        if role is None or role.kind not in _MENU_KINDS:
            if role is not None and role.kind in _SUMMARY_HEADINGS:
                summary_seen = True
            index += 1
            continue
        start = index
        themes = statements = 0
        while index < count:
            role, chunk = roles[index], chunks[index]
            if not chunk.is_single_line:
                break
            if role is not None and role.kind == "theme":
                themes += 1
            elif role is not None and role.kind == "statement" and role.score is None:
                statements += 1
            elif not ((role is None or role.kind == "chrome") and chunk.words <= _MENU_FILLER_WORDS):
                break
            index += 1
        if (themes >= MENU_MIN_THEMES and statements >= MENU_MIN_STATEMENTS) or (
            not summary_seen and statements >= MENU_MIN_STATEMENTS_ALONE
        ):
            menus.append((start, index))
        index = max(index, start + 1)
    return menus
