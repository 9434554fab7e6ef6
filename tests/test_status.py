"""Where a report lives on CQC's site, and whether it is still published there."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from cqc_la import run_sql
from cqc_la.addresses import report_slug, report_url
from cqc_la.loading import load_reports
from cqc_la.loading.status import mark_published, mark_withdrawn

from .conftest import ROOT, SEED

pytestmark = pytest.mark.db
TABS = ROOT / "tests" / "fixtures" / "pages" / "hartlepool-0525" / "tabs"
ADDRESS = "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/hartlepool-0525"


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        (
            "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/york-1225/summary",
            "york-1225",
        ),
        (
            "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/eastriding-1025/theme1/needs",
            "eastriding-1025",
        ),
        (
            "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/Hertfordshire-0524",
            "Hertfordshire-0524",
        ),
        (
            "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/WBerkshire-0524",
            "WBerkshire-0524",
        ),
        (
            "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/birmingham-cc/overall-summary",
            "birmingham-cc",
        ),
        ("https://www.cqc.org.uk/care-services/local-authority-assessment-reports?page=2", None),
        ("https://www.cqc.org.uk/care-services/local-authority-assessment-reports/search", None),
        ("https://www.cqc.org.uk/about-us", None),
    ],
)
def test_report_addresses_follow_cqcs_slugs(url: str, slug: str | None) -> None:
    assert report_slug(url) == slug
    assert (report_url(url) is None) == (slug is None)


def test_an_assessment_keeps_the_address_its_pages_name(clean_db: str) -> None:
    load_reports(sorted(TABS.iterdir()), clean_db)
    row = run_sql(
        "select status, report_url from analysis.latest_assessments where detail = 'report'", clean_db
    )
    assert row.to_dict("records") == [{"status": "published", "report_url": ADDRESS}]


def test_a_text_report_names_no_address(clean_db: str) -> None:
    load_reports([SEED], clean_db)
    row = run_sql("select report_url from analysis.assessment_overview where detail = 'report'", clean_db)
    assert row.iloc[0]["report_url"] is None


def test_a_withdrawn_report_is_kept_and_marked_with_the_first_day_it_was_seen_gone(clean_db: str) -> None:
    (assessment_id,) = {f.assessment_id for f in load_reports(sorted(TABS.iterdir()), clean_db).files}
    assert mark_withdrawn([ADDRESS], date(2026, 2, 2), clean_db) == [assessment_id]
    assert mark_withdrawn([ADDRESS], date(2026, 3, 1), clean_db) == []  # the first date stays
    view = "select status, withdrawn_on from analysis.assessment_overview where assessment_id = :a"
    assert run_sql(view, clean_db, {"a": assessment_id}).to_dict("records") == [
        {"status": "withdrawn", "withdrawn_on": pd.Timestamp(2026, 2, 2)}  # dates are datetime64
    ]
    assert mark_published([ADDRESS], clean_db) == [assessment_id]
    assert run_sql(view, clean_db, {"a": assessment_id}).iloc[0]["status"] == "published"
