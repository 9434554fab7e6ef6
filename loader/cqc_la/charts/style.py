"""Colours, labels and the finishing touches every chart shares.

Colours are the Okabe-Ito palette, chosen to stay distinct for the common colour-vision deficiencies
(protanopia, deuteranopia, tritanopia) and in greyscale: the four ratings and the four scores run from
vermillion (worst) through orange and sky blue to blue (best), so the order reads without red and green.
Colour is never the only cue: heatmap cells print their score, comparisons use a shape per direction,
and every chart carries a text alternative (`description`, which Vega renders as the SVG's aria-label)
and a subtitle that says what it covers.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import altair as alt

from .frames import Coverage

Chart: TypeAlias = (
    alt.Chart | alt.LayerChart | alt.HConcatChart | alt.VConcatChart | alt.ConcatChart | alt.FacetChart
)

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
RATING_COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#D55E00")
RATING_TEXT = ("white", "black", "black", "black")  # readable text on each rating's colour
RATING_SHORT = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}

SCORE_WORDS = {
    1: "significant shortfalls",
    2: "some shortfalls",
    3: "a good standard",
    4: "an exceptional standard",
}
NOT_KNOWN = "not known"
SCORE_KEYS = ("4", "3", "2", "1", NOT_KNOWN)
SCORE_LEGEND = (
    "4 exceptional standard",
    "3 good standard",
    "2 some shortfalls",
    "1 significant shortfalls",
    "score not known",
)
SCORE_COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#DDDDDD")
SCORE_TEXT = ("white", "black", "black", "black", "black")

DIRECTIONS = ("better", "similar", "worse")
DIRECTION_COLOURS = ("#0072B2", "#777777", "#D55E00")
DIRECTION_SHAPES = ("triangle-up", "circle", "triangle-down")

NEUTRAL = "#777777"
FONT = "Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif"


def score_key(score: Any) -> str:
    """'1'..'4', or 'not known' for a NULL score."""
    try:
        return str(int(score))
    except (TypeError, ValueError):
        return NOT_KNOWN


def score_legend(score: Any) -> str:
    return SCORE_LEGEND[SCORE_KEYS.index(score_key(score))]


def score_ink(score: Any) -> str:
    """Text colour readable on the score's colour."""
    return SCORE_TEXT[SCORE_KEYS.index(score_key(score))]


def rating_ink(rating: Any) -> str:
    """Text colour readable on the rating's colour."""
    return RATING_TEXT[RATINGS.index(rating)] if rating in RATINGS else "black"


def score_scale() -> alt.Scale:
    return alt.Scale(domain=list(SCORE_LEGEND), range=list(SCORE_COLOURS))


def rating_scale() -> alt.Scale:
    return alt.Scale(domain=list(RATINGS), range=list(RATING_COLOURS))


def direction_marks() -> dict[str, Any]:
    """Colour and shape of a `direction` field (better, similar, worse) in one legend: the shape
    carries the meaning where colour cannot be told apart."""
    return {
        channel: encoding(
            "direction:N",
            scale=alt.Scale(domain=list(DIRECTIONS), range=list(values)),
            title="Against England",
            sort=list(DIRECTIONS),
        )
        for channel, encoding, values in (
            ("color", alt.Color, DIRECTION_COLOURS),
            ("shape", alt.Shape, DIRECTION_SHAPES),
        )
    }


def finish(
    chart: Chart,
    title: str,
    coverage: Coverage | str,
    description: str,
    *notes: str,
) -> Chart:
    """Title, coverage subtitle, text alternative and the shared look, on a top-level chart (one
    `properties` call: each Altair call copies the whole chart, which the site does hundreds of times)."""
    covered = coverage.describe() if isinstance(coverage, Coverage) else coverage
    return chart.properties(
        title=alt.TitleParams(text=title, subtitle=[covered, *notes], anchor="start", subtitleColor="#333"),
        description=description,
        config=CONFIG,
    )


CONFIG = alt.Config(
    font=FONT,
    axis=alt.AxisConfig(labelColor="#222", titleColor="#222", labelFontSize=11, titleFontSize=12),
    legend=alt.LegendConfig(labelFontSize=11, titleFontSize=12, orient="bottom", direction="horizontal"),
    title=alt.TitleConfig(fontSize=15, subtitleFontSize=12),
    view=alt.ViewConfig(stroke=None),
)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
