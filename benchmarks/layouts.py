"""How a synthetic report is printed: layout choices and the phrase tables they draw on.

The corpus generator (`corpus.py`) decides *what* a report says (council, scores, figures); this module
decides *how it looks*, so that the same facts can reach the parser in every shape listed in
`shared/docs/report-format.md`: markdown with random heading levels or plain text with no markers,
`---` rules, runs of blank lines, LF or CRLF, a BOM, curly quotes, non-breaking spaces, en dashes.
Layout choices are data (a frozen `Layout` drawn once per report) and rendering is one small
`Doc` builder, so a test can ask which variations a corpus exercised. Nothing here changes a fact:
every transformation is chosen so that the ground truth stays what the generator recorded.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

# --- phrase tables ---------------------------------------------------------------------------------

SOURCES = {  # code -> names as printed in reports
    "ASCS": "Adult Social Care Survey",
    "SACE": "Survey of Adult Carers in England",
    "SALT": "Short and Long Term Support",
    "SAC": "Safeguarding Adults Collection",
    "ASCOF": "Adult Social Care Outcomes Framework",
}

# comparison words -> direction; "tends towards" counts as its side (documented convention)
COMPARISONS = {
    "significantly better": "better", "better": "better", "somewhat better": "better",
    "slightly better": "better", "tends towards better": "better", "similar": "similar",
    "tends towards worse": "worse", "worse": "worse", "significantly worse": "worse",
}

# code, words (follow "X% of" / "a ... of X"), allowed sources, unit, England value range
MEASURES = [
    ("ASCOF-3A", "people who use services were satisfied with their care and support", ("ASCS", "ASCOF"), "%", (58, 66)),
    ("ASCOF-3B", "carers were satisfied with social services", ("SACE", "ASCOF"), "%", (34, 40)),
    ("ASCOF-3C", "carers felt involved or consulted as much as they wanted in discussions about the person they care for", ("SACE", "ASCOF"), "%", (62, 68)),
    ("ASCOF-1B", "people who use services felt they had control over their daily life", ("ASCS", "ASCOF"), "%", (74, 80)),
    ("ASCOF-4A", "people who use services feel safe", ("ASCS", "ASCOF"), "%", (68, 73)),
    ("ASCOF-4B", "people who use services said those services made them feel safe and secure", ("ASCS", "ASCOF"), "%", (85, 89)),
    ("ASCOF-3D1", "people who use services found it easy to find information about support", ("ASCS", "ASCOF"), "%", (64, 70)),
    ("ASCOF-3D2", "carers found it easy to find information about support", ("SACE", "ASCOF"), "%", (54, 60)),
    ("ASCOF-1I1", "people who use services had as much social contact as they would like", ("ASCS", "ASCOF"), "%", (42, 48)),
    ("ASCOF-1I2", "carers had as much social contact as they would like", ("SACE", "ASCOF"), "%", (26, 31)),
    ("ASCOF-2B1", "people aged 65 and over were still at home 91 days after discharge from hospital into reablement or rehabilitation services", ("SALT", "ASCOF"), "%", (80, 86)),
    ("ASCOF-1C2A", "people using services received direct payments", ("SALT", "ASCOF"), "%", (24, 28)),
    ("SALT-REVIEWED", "people receiving long-term support had their needs reviewed", ("SALT",), "%", (55, 62)),
    ("SACE-ENJOY", "unpaid carers reported they were able to spend time doing things they enjoy", ("SACE",), "%", (14, 19)),
    ("SAC-ADVOCATE", "people lacking capacity were supported by an advocate, family or friend during the safeguarding process", ("SAC",), "%", (81, 86)),
    ("SAC-OUTCOMES", "people who expressed a desired outcome from a safeguarding enquiry had their outcomes fully or partially achieved", ("SAC",), "%", (92, 96)),
    ("ASCOF-1A", "social care-related quality of life score", ("ASCS", "ASCOF"), "score", (18, 20)),
    ("ASCOF-1D", "carer-reported quality of life score", ("SACE", "ASCOF"), "score", (7, 8)),
]

WAIT_SERVICES = {  # service -> ways a report names it
    "care_act_assessment": ["Care Act assessments", "Care Act assessment", "needs assessments under the Care Act"],
    "carers_assessment": ["carers' assessments", "carer assessments", "statutory carers assessments"],
    "review": ["reviews", "care and support plan reviews", "annual reviews of care plans"],
    "financial_assessment": ["financial assessments", "a financial assessment"],
    "occupational_therapy": ["occupational therapy assessments", "an occupational therapy assessment"],
    "dols": ["Deprivation of Liberty Safeguards (DoLS) applications", "DoLS assessments"],
    "safeguarding": ["safeguarding enquiries", "safeguarding concerns to be progressed"],
}
WAITS_BY_STATEMENT = {1: ["care_act_assessment", "carers_assessment", "review", "financial_assessment"],
                      2: ["occupational_therapy"], 6: ["review"], 7: ["dols", "safeguarding"]}

POLITICAL = {  # canonical control -> printed phrases ({type} is the authority type)
    "Labour": ["a Labour led {type}", "a Labour-controlled {type}", "a {type} under Labour control"],
    "Conservative": ["a Conservative led {type}", "a Conservative-controlled {type}"],
    "Liberal Democrat": ["a Liberal Democrat led {type}", "a {type} under Liberal Democrat control"],
    "Independent": ["an Independent led {type}"],
    "No overall control": ["a {type} under no overall control", "a {type} with no overall control"],
}
COMBINED_AUTHORITIES = {  # council short name -> combined authority
    **dict.fromkeys(["Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees", "Darlington"], "Tees Valley Combined Authority"),
    **dict.fromkeys(["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"], "West Midlands Combined Authority"),
    **dict.fromkeys(["Manchester", "Salford", "Bolton", "Bury", "Oldham", "Rochdale", "Stockport", "Tameside", "Trafford", "Wigan"], "Greater Manchester Combined Authority"),
    **dict.fromkeys(["Leeds", "Bradford", "Calderdale", "Kirklees", "Wakefield"], "West Yorkshire Combined Authority"),
    **dict.fromkeys(["Liverpool", "Knowsley", "Sefton", "St. Helens", "Wirral", "Halton"], "Liverpool City Region Combined Authority"),
    **dict.fromkeys(["Derby", "Derbyshire", "Nottingham", "Nottinghamshire"], "East Midlands Combined County Authority"),
}
NON_STANDARD_TOPICS = [
    "Workforce development", "Technology enabled care", "Co-production with people",
    "Housing and accommodation", "Hospital discharge arrangements", "Preparing for adulthood",
]
FINANCE_NOTE = ("This data is reproduced at the request of the Department of Health and Social Care. It has not "
                "been factored into our assessment and is presented for information purposes only.")
FINANCE_NEW_LINES = [  # lines of the post-October-2025 layout that no known field covers
    "Gross current expenditure on adult social care per adult in the population was £{a} in {y}.",
    "The local authority reported {n} new requests for support from adults in {y}.",
]

# --- layout ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Every printing choice for one report; drawn once by `random_layout`, recorded in the truth."""

    markdown: bool = True
    unmarked_heading_p: float = 0.1  # markdown only: share of headings printed without '#'
    rule_p: float = 0.2  # chance of a '---' rule before a paragraph
    blank_run_p: float = 0.1  # chance of 2-4 blank lines instead of 1
    crlf: bool = False
    bom: bool = False
    curly_quotes: bool = False
    nbsp: bool = False
    en_dash: bool = False
    ext: str = "md"
    bold_amounts: bool = False
    finance_style: str = "para"  # para | dash | bullet
    finance_intro: str | None = "The financial facts for {name} are:"
    la_word: str = "local authority"
    amount_style: str = "comma"  # comma | pence | million | million_tight
    year_style: str | None = "mixed"  # mixed | slash2 | slash4 | dash4 | None (no year printed)
    score_style: str = "Score: {n}"  # | 'Score {n}'
    summary_bullets: bool = False
    label_rating_word: bool = False  # '1 - Inadequate: Evidence shows ...'
    theme_intro: bool = True
    demographics_heading: bool = True
    link_line: str | None = "[How we assess local authorities](#)"
    downloads: bool = False
    banner: bool = False
    print_pct: bool = False
    trailing_spaces: bool = False
    summary_alias_p: float = 0.3  # chance a statement name is printed as an alias


def random_layout(rng: random.Random) -> Layout:
    markdown = rng.random() < 0.7
    c = rng.choice
    return Layout(
        markdown=markdown,
        unmarked_heading_p=c([0.0, 0.05, 0.15]),
        rule_p=c([0.0, 0.0, 0.1, 0.25]),
        blank_run_p=c([0.0, 0.05, 0.2]),
        crlf=rng.random() < 0.3,
        bom=rng.random() < 0.25,
        curly_quotes=rng.random() < 0.3,
        nbsp=rng.random() < 0.2,
        en_dash=rng.random() < 0.25,
        ext="md" if markdown and rng.random() < 0.9 else ("txt" if not markdown and rng.random() < 0.8 else c(["md", "txt"])),
        bold_amounts=markdown and rng.random() < 0.5,
        finance_style=c(["para", "para", "dash", "bullet"]),
        finance_intro=c(["The financial facts for {name} are:", "the financial facts for {name} are:",
                         "The Financial Facts for {name} are:", "THE FINANCIAL FACTS FOR {name} ARE:", None]),
        la_word=c(["local authority", "Local Authority"]),
        amount_style=c(["comma", "comma", "pence", "million", "million_tight"]),
        year_style=c(["mixed", "mixed", "slash2", "slash4", "dash4", None]),
        score_style=c(["Score: {n}", "Score: {n}", "Score {n}"]),
        summary_bullets=rng.random() < 0.25,
        label_rating_word=rng.random() < 0.2,
        theme_intro=rng.random() < 0.8,
        demographics_heading=rng.random() < 0.7,
        link_line=c(["[How we assess local authorities](#)", "How we assess local authorities", None]),
        downloads=rng.random() < 0.2,
        banner=rng.random() < 0.2,
        print_pct=rng.random() < 0.3,
        trailing_spaces=rng.random() < 0.2,
        summary_alias_p=c([0.0, 0.3, 0.6]),
    )


def layout_dict(layout: Layout) -> dict:
    return asdict(layout)


# --- rendering -------------------------------------------------------------------------------------


class Doc:
    """Accumulates blocks as lines; blank lines, rules and heading markers follow the `Layout`.

    Every block is separated from the next by at least one blank line, so a paragraph is always one
    block whatever the layout; `---` rules and extra blank lines are never counted as content.
    """

    def __init__(self, rng: random.Random, layout: Layout) -> None:
        self.rng = rng
        self.layout = layout
        self.lines: list[str] = []

    def _gap(self) -> None:
        if not self.lines:
            return
        r = self.rng.random()
        if r < self.layout.blank_run_p:
            self.lines.extend([""] * self.rng.randint(2, 4))
        elif r < self.layout.blank_run_p + 0.02:
            self.lines.extend(["", " ", ""])  # a whitespace-only line, as in the seed
        else:
            self.lines.append("")

    def heading(self, text: str, marked: bool = True) -> None:
        self._gap()
        lay = self.layout
        if lay.markdown and marked and self.rng.random() >= lay.unmarked_heading_p:
            text = "#" * self.rng.randint(1, 4) + " " + text
        self.lines.append(text)

    def para(self, text: str, rule_ok: bool = True) -> None:
        if rule_ok and self.rng.random() < self.layout.rule_p:
            self._gap()
            self.lines.append("---")
        self._gap()
        self.lines.append(text)

    def item(self, text: str, bullet: str) -> None:
        self._gap()
        self.lines.append(f"{bullet} {text}")

    def render(self) -> str:
        """The finished text, with the layout's character-level variations applied."""
        text = "\n".join(self.lines) + "\n"
        lay = self.layout
        if lay.curly_quotes:
            text = text.replace("'", "\u2019")
        if lay.nbsp:
            for word in (" days", " million", " out of 100", " per cent"):
                text = text.replace(word, "\u00a0" + word[1:])
        if lay.crlf:
            text = text.replace("\n", "\r\n")
        return text


def bold(layout: Layout, text: str) -> str:
    return f"**{text}**" if layout.bold_amounts else text


def dash(layout: Layout) -> str:
    """The separator of a score label ('3 - Evidence ...'), an en dash in some reports."""
    return "\u2013" if layout.en_dash else "-"
