"""A static website of the whole database: `cqc_la.site.build_site("site/")` or `cqc-la site site/`.

Open `site/index.html` from disk or publish the folder anywhere: a national page, a page per council
(all of them; those without an assessment say so), a page per quality statement and a page per source
file, all filled from the curated views through the same chart objects as `cqc_la.charts`.
"""

from __future__ import annotations

from .build import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site"]
