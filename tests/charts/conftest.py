"""Views made by hand, so the charts are tested without a database (fast, and on cases the seeds lack).

Six councils in two regions: four rated on all nine statements, one whose result is only partly known
(NULL scores, as issue 10 allows), one with no assessment at all. The frames have the columns of the
views (`statements_known`, `cqc_pct`, `printed_pct` included).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from cqc_la.charts import Views

STATEMENTS = [
    (1, "Assessing needs", 1, "Working with people"),
    (2, "Supporting people to live healthier lives", 1, "Working with people"),
    (3, "Equity in experience and outcomes", 1, "Working with people"),
    (4, "Care provision, integration and continuity", 2, "Providing support"),
    (5, "Partnerships and communities", 2, "Providing support"),
    (6, "Safe systems, pathways and transitions", 3, "Ensuring safety within the system"),
    (7, "Safeguarding", 3, "Ensuring safety within the system"),
    (8, "Governance, management and sustainability", 4, "Leadership"),
    (9, "Learning, improvement and innovation", 4, "Leadership"),
]
QS = [
    "qs1_assessing_needs", "qs2_healthier_lives", "qs3_equity", "qs4_care_provision", "qs5_partnerships",
    "qs6_safe_systems", "qs7_safeguarding", "qs8_governance", "qs9_learning",
]  # fmt: skip

COUNCILS = pd.DataFrame(
    [
        (1, "Alpha Borough Council", "Alpha", "E06000001", "North East", "unitary", 9),
        (2, "Beta City Council", "Beta", "E08000002", "North East", "metropolitan district", 10),
        (3, "Gamma County Council", "Gamma", "E10000003", "South West", "county", 2),
        (4, "Delta Council", "Delta", "E06000004", "South West", "unitary", 5),
        (5, "Epsilon Council", "Epsilon", "E06000005", "South West", "unitary", 1),
        (6, "Zeta Borough Council", "Zeta", "E06000006", "North East", "unitary", 7),
    ],
    columns=["council_id", "council", "short_name", "gss_code", "region", "la_type", "imd_decile"],
)

# council_id, assessment_id, rating, scores (None = not known), published_on, detail
RESULTS = [
    (1, 11, "Good", [3, 3, 2, 2, 3, 3, 3, 3, 3], date(2025, 5, 14), "report"),
    (2, 12, "Requires improvement", [2, 2, 2, 2, 3, 2, 2, 2, 2], date(2025, 9, 1), "summary"),
    (3, 13, "Outstanding", [4, 4, 4, 3, 4, 3, 4, 4, 3], date(2024, 11, 20), "summary"),
    (4, 14, "Good", [3, 3, 3, 3, 3, 2, 3, 3, 3], date(2026, 1, 14), "report"),
    (5, 15, "Requires improvement", [2, None, 2, None, None, 2, 2, None, 3], date(2025, 12, 5), "partial"),
]


def _latest() -> pd.DataFrame:
    rows = []
    for council_id, assessment_id, rating, scores, published, detail in RESULTS:
        council = COUNCILS.set_index("council_id").loc[council_id]
        known = [s for s in scores if s is not None]
        row = {
            "assessment_id": assessment_id,
            "council": council["council"],
            "gss_code": council["gss_code"],
            "region": council["region"],
            "published_on": published,
            "kind": "assessment",
            "detail": detail,
            "overall_rating": rating,
            "is_indicative": False,
            "total_score": sum(known),
            "max_score": 4 * len(known),
            "score_pct": round(100 * sum(known) / (4 * len(known)), 1),
            "council_id": council_id,
            "statements_known": len(known),
            "cqc_pct": -(-sum(known) * 100 // 36) if len(known) == 9 else None,
            "printed_pct": None,
            "status": "published",
            "withdrawn_on": None,
            "report_url": None,
        }
        row.update(dict(zip(QS, scores, strict=True)))
        rows.append(row)
    frame = pd.DataFrame(rows)
    for name in QS:
        frame[name] = frame[name].astype("Int64")
    return frame


def _score_distribution(latest: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (number, name, _, _), column in zip(STATEMENTS, QS, strict=True):
        scores = latest[column].dropna()
        for score in (1, 2, 3, 4):
            count = int((scores == score).sum())
            rows.append((number, name, score, count, round(100 * count / len(scores), 1)))
    return pd.DataFrame(rows, columns=["qs_no", "quality_statement", "score", "councils", "share_pct"])


def _near_boundary(latest: pd.DataFrame) -> pd.DataFrame:
    bands = [
        ("Inadequate", 9, 13),
        ("Requires improvement", 14, 22),
        ("Good", 23, 31),
        ("Outstanding", 32, 36),
    ]
    rows = []
    for row in latest[latest["statements_known"] == 9].itertuples():
        index = next(i for i, (_, low, high) in enumerate(bands) if low <= row.total_score <= high)
        _, low, high = bands[index]
        to_next = bands[index + 1][1] - row.total_score if index + 1 < len(bands) else None
        rows.append(
            {
                "assessment_id": row.assessment_id,
                "council": row.council,
                "total_score": row.total_score,
                "overall_rating": row.overall_rating,
                "points_above_floor": row.total_score - low,
                "points_to_next_band": to_next,
                "is_near_boundary": row.total_score == low or to_next == 1,
                "council_id": row.council_id,
            }
        )
    return pd.DataFrame(rows)


def _rating_vs_deprivation(latest: pd.DataFrame) -> pd.DataFrame:
    merged = latest.merge(COUNCILS[["council_id", "imd_decile"]], on="council_id")
    rows = []
    for decile in range(1, 11):
        group = merged[merged["imd_decile"] == decile]
        rows.append(
            {
                "imd_decile": decile,
                "councils": len(group),
                "mean_score_pct": round(group["score_pct"].mean(), 1) if len(group) else None,
                "outstanding": int((group["overall_rating"] == "Outstanding").sum()),
                "good": int((group["overall_rating"] == "Good").sum()),
                "requires_improvement": int((group["overall_rating"] == "Requires improvement").sum()),
                "inadequate": int((group["overall_rating"] == "Inadequate").sum()),
            }
        )
    return pd.DataFrame(rows)


METRICS = pd.DataFrame(
    [
        (11, "Alpha Borough Council", 1, "people were satisfied with their care and support", "ascs_satisfied_care_support",
         68.4, 62.7, 5.7, "%", "slightly better", "better", "ASCS", "2023-24", 101, 1),
        (11, "Alpha Borough Council", 7, "people who use services feel safe", "ascs_feel_safe",
         70.0, 71.1, -1.1, "%", "similar", "similar", "ASCS", "2023-24", 102, 1),
        (11, "Alpha Borough Council", 2, "carers satisfied with social services", "sace_satisfied_social_services",
         30.2, 36.8, -6.6, "%", "tending towards worse", "worse", "SACE", "2023-24", 103, 1),
        (14, "Delta Council", 1, "people were satisfied with their care and support", "ascs_satisfied_care_support",
         60.1, 62.7, -2.6, "%", "similar", "similar", "ASCS", "2023-24", 201, 4),
    ],
    columns=["assessment_id", "council", "qs_no", "measure", "measure_code", "la_value", "england_value",
             "difference", "unit", "comparison", "direction", "source", "period", "paragraph_id", "council_id"],
)  # fmt: skip

WAITS = pd.DataFrame(
    [
        (11, "Alpha Borough Council", 1, "care_act_assessment", "median", 13.0, None, 18.0, 49, 1),
        (11, "Alpha Borough Council", 1, "financial_assessment", "median", 150.0, None, None, 148, 1),
        (11, "Alpha Borough Council", 1, "financial_assessment", "median", 75.0, None, None, 131, 1),
        (11, "Alpha Borough Council", 1, "carers_assessment", "range", 10.0, 7.0, None, None, 1),
    ],
    columns=["assessment_id", "council", "qs_no", "service", "measure", "days", "days_low", "previous_days",
             "people_waiting", "council_id"],
)  # fmt: skip


def frames() -> dict[str, pd.DataFrame]:
    latest = _latest()
    measures = METRICS.rename(columns={})[
        ["measure_code", "measure", "source", "period", "council", "la_value", "england_value", "difference",
         "direction", "unit", "comparison", "assessment_id", "paragraph_id", "council_id"]
    ]  # fmt: skip
    return {
        "councils": COUNCILS,
        "latest_assessments": latest,
        "assessment_overview": latest,
        "framework": pd.DataFrame(STATEMENTS, columns=["qs_no", "quality_statement", "theme_no", "theme"]),
        "score_distribution": _score_distribution(latest),
        "near_boundary": _near_boundary(latest),
        "rating_vs_deprivation": _rating_vs_deprivation(latest),
        "national_metrics": METRICS,
        "measure_comparison": measures,
        "waiting_times": WAITS,
    }


@pytest.fixture(scope="session")
def views() -> Views:
    """One set of hand-made views for the session (a Views only caches what it derives)."""
    return Views(frames=frames())
