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
import re
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
        if lay.curly_quotes:  # opening quotes after a space or bracket, apostrophes and closing quotes elsewhere
            text = re.sub(r"(?<![\w.,;:!?%)])'", "\u2018", text).replace("'", "\u2019")
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


# --- phrasings of local figures and national data --------------------------------------------------


def year_text(rng: random.Random, start: int, style: str | None = "mixed") -> str:
    """A financial or data year in one of the printed forms: 2023/24, 2023/2024, 2023-2024, 2023-24."""
    forms = {"slash2": f"{start}/{(start + 1) % 100:02d}", "slash4": f"{start}/{start + 1}",
             "dash4": f"{start}-{start + 1}", "dash2": f"{start}-{(start + 1) % 100:02d}"}
    return forms[style] if style in forms else rng.choice(list(forms.values()))


def period_key(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def _values(rng: random.Random, unit: str, lo: float, hi: float, direction: str, cmp: str) -> tuple[str, str]:
    """England value and council value (printed strings) whose difference agrees with the words."""
    scale = 1.0 if unit == "%" else 0.08
    eng = rng.uniform(lo, hi)
    if direction == "similar":
        delta = rng.uniform(-2.5, 2.5) * scale
    else:
        big = cmp.startswith("significantly")
        delta = rng.uniform(8, 22) * scale if big else rng.uniform(1.5, 9) * scale
        delta = delta if direction == "better" else -delta
    la = min(max(eng + delta, 0.5), 99.5) if unit == "%" else eng + delta
    fmt = "{:.2f}" if unit == "%" and rng.random() < 0.8 else "{:.1f}"
    e_txt, la_txt = fmt.format(eng), fmt.format(la)
    if la_txt == e_txt and direction != "similar":
        la_txt = fmt.format(la + (1 if direction == "better" else -1))
    return la_txt, e_txt


def _clause(rng: random.Random, m: tuple, la: str, eng: str, cmp: str) -> tuple[str, str, str]:
    """(what was measured with the council's value, connector, comparison with the England value)."""
    code, words, _, unit, _ = m
    pct = "%" if unit == "%" else ""
    lead = f"{la}% of {words}" if unit == "%" else f"a {words} of {la}"
    comp = "similar to the England average" if cmp == "similar" else f"{cmp} than the England average"
    tail = f" of {eng}{pct}" if rng.random() < 0.6 else f" ({eng}{pct})"
    conn = rng.choice(["which ", "and "] if cmp.startswith("tends") else ["which was ", "which is ", "this was ", ""])
    return lead, conn, comp + tail


def national_sentence(rng: random.Random, data_year: int, place: str) -> tuple[str, list[dict]]:
    """One sentence comparing the council with an England average (one or two measures).

    Rows carry `source` None when the sentence names none; the paragraph builder then applies the rule
    'a source named earlier in the same paragraph counts' and marks such rows `source_inherited`.
    """
    m1 = rng.choice(MEASURES)
    pool = [m for m in MEASURES if m is not m1 and set(m[2]) & set(m1[2]) and m[3] == m1[3]]
    measures = [m1, rng.choice(pool)] if pool and rng.random() < 0.12 else [m1]
    src = rng.choice([s for s in m1[2] if all(s in m[2] for m in measures)])
    start = data_year - (1 if src == "SACE" and data_year % 2 == 0 else 0)
    period = year_text(rng, start) if rng.random() < 0.85 else None
    mode = rng.choice(["before_full", "before_abbr", "after_fragment", "after_bracket", "after_comma",
                       "missing", "missing", "split"])
    if mode == "split" and len(measures) > 1:
        mode = "missing"
    rows, clauses = [], []
    for m in measures:
        cmp = rng.choices(list(COMPARISONS), weights=[10, 14, 8, 8, 4, 16, 4, 10, 6])[0]
        la, eng = _values(rng, m[3], *m[4], COMPARISONS[cmp], cmp)
        clauses.append(_clause(rng, m, la, eng, cmp))
        rows.append({"la_value": la, "england_value": eng, "unit": m[3], "comparison": cmp,
                     "direction": COMPARISONS[cmp], "source": None, "source_inherited": False, "period": None,
                     "measure": m[1], "measure_code": m[0]})
    conns = [clauses[0][1]] + ["which " if c[2].startswith("tends") else "which was " for c in clauses[1:]]
    body = ", and ".join(f"{lead}, {conn}{comp}" for (lead, _, comp), conn in zip(clauses, conns, strict=False))
    p = f" {period}" if period else ""
    full = f"{SOURCES[src]} ({src})"
    if mode == "split":  # value and comparison in two sentences, as in the seed
        lead, _, comp = clauses[0]
        text = f"National data for {place} showed {lead}. This {'' if comp.startswith('tends') else 'is '}{comp}."
        src = None
    elif mode == "before_full":
        text = f"National data from the {full}{p} showed {body}."
    elif mode == "before_abbr":
        text = f"National data from {src}{p} showed {body}."
    elif mode == "after_fragment":
        text = f"National data showed {body}. {full}{p}."
    elif mode == "after_bracket":
        text = f"National data showed {body} ({rng.choice([src, full])}{p})."
    elif mode == "after_comma":
        text = f"National data showed {body}, {src}{p}."
    else:
        text = f"National data {rng.choice(['showed', 'for ' + place + ' showed'])} {body}."
        src = None
    for r in rows:
        r["source"] = src
        r["period"] = period_key(start) if src and period else None
    return text, rows


def _prev(rng: random.Random, days: int) -> tuple[str, int | None]:
    r = rng.random()
    if r < 0.5:
        return "", None
    p = days + rng.randint(2, 40) if rng.random() < 0.8 else max(1, days - rng.randint(1, days))
    if p == days:
        p += 1
    return (f", down from {p} days" if p > days else f", up from {p} days") if r < 0.75 else f" (from {p} days)", p


def waiting_sentence(rng: random.Random, service: str, en_dash: bool) -> tuple[str, list[dict]]:
    """One sentence of local authority waiting-time data, with the rows it states (1 or 2)."""
    svc = rng.choice(WAIT_SERVICES[service])
    d = rng.randint(3, 120)
    hi = d + rng.randint(5, 200)
    n = rng.randint(3, 400)

    def row(measure: str, days: int, low: int | None = None, prev: int | None = None, people: int | None = None) -> dict:
        return {"service": service, "measure": measure, "days": str(days), "days_low": None if low is None else str(low),
                "previous_days": None if prev is None else str(prev), "people_waiting": people}

    k = rng.randrange(7)
    if k == 0:
        pt, p = _prev(rng, d)
        return f"Local authority data showed a median waiting time of {d} days for {svc}{pt}.", [row("median", d, prev=p)]
    if k == 1:
        return (f"The local authority's data showed {n} people were waiting for {svc}, with a median waiting time of "
                f"{d} days and a maximum waiting time of {hi} days.", [row("median", d, people=n), row("maximum", hi, people=n)])
    if k == 2:
        pt, p = _prev(rng, d)
        return f"The local authority told us the average waiting time for {svc} was {d} days{pt}.", [row("average", d, prev=p)]
    if k == 3:
        lo, up = rng.randint(2, 10), rng.randint(11, 28)
        sep = "\u2013" if en_dash else "-"
        return (f"Local authority data showed {svc} were completed within {lo}{sep}{up} days of referral.",
                [row("range", up, low=lo)])
    if k == 4:
        lo, up = rng.randint(1, 20), rng.randint(21, 150)
        return (f"Data provided by the local authority showed waiting times for {svc} ranged from {lo} to {up} days, "
                f"with {n} people waiting.", [row("range", up, low=lo, people=n)])
    if k == 5:
        pt, p = _prev(rng, hi)
        return (f"The maximum waiting time for {svc} was {hi} days{pt}, with {n} cases waiting.",
                [row("maximum", hi, prev=p, people=n)])
    p1, p2 = d + rng.randint(1, 20), hi + rng.randint(1, 60)
    return (f"Waiting lists for {svc} had reduced, with a median waiting time of {d} days (from {p1} days) and a "
            f"maximum waiting time of {hi} days (from {p2} days), with {n} cases waiting.",
            [row("median", d, prev=p1, people=n), row("maximum", hi, prev=p2, people=n)])


def money(v: int, style: str) -> str:
    """`£442,931,000`, `£1,860,506,000.00`, `£311.9 million` or `£4.2million`."""
    if style in ("comma", "pence"):
        return f"£{v:,}" + (".00" if style == "pence" else "")
    return f"£{v / 1e6:,.1f}" + (" million" if style == "million" else "million")


def finance_lines(rng: random.Random, lay: Layout, population: int, y: int, new_layout: bool) -> tuple[list, dict, dict]:
    """The financial facts as printed lines, their values (report.py names) and the oddities printed.

    Amounts in millions are whole hundreds of thousands so the printed figure is exact. A stated
    difference is sometimes a few thousand pounds out (`*_difference_mismatch`); once in a while the
    actual budget has broken digit grouping (`£382,390,0000`), recorded as None plus a flag.
    """
    la, style = lay.la_word, lay.amount_style
    unit = 100_000 if style.startswith("million") else 1000
    f: dict = {"financial_year": period_key(y) if lay.year_style else None}
    flags: dict = {"budget_difference_mismatch": False, "asc_difference_mismatch": False, "malformed_amounts": [],
                   "new_layout_lines": 0}
    yr = lambda: year_text(rng, y, lay.year_style)  # noqa: E731
    b = lambda s: bold(lay, s)  # noqa: E731

    def amounts(est: int, key: str) -> tuple[str, str, str]:
        act = est
        while abs(act - est) < unit:
            act = round(est * rng.uniform(0.95, 1.07) / unit) * unit
        diff = stated = act - est
        if style in ("comma", "pence") and rng.random() < 0.1:
            off = rng.randint(1, 9) * 1000 * (1 if diff > 0 else -1)
            stated = diff + off * (rng.choice([1, -1]) if abs(diff) > 2 * abs(off) else 1)
            flags[f"{key}_difference_mismatch"] = True
        f[f"{key}_estimated_gbp"], f[f"{key}_actual_gbp"], f[f"{key}_difference_gbp"] = est, act, stated
        act_txt = money(act, style)
        if key == "budget" and style == "comma" and rng.random() < 0.06:
            act_txt += "0"
            f["budget_actual_gbp"], flags["budget_difference_mismatch"] = None, None
            flags["malformed_amounts"].append("budget_actual_gbp")
        word = "more" if stated > 0 else "less"
        word = "morethan" if word == "more" and rng.random() < 0.05 else word + " than"
        return b(money(est, style)), b(act_txt), f"{b(money(abs(stated), style))} {word} {rng.choice(['estimated', 'estimated', 'budgeted'])}"

    budget = round(population * rng.uniform(1400, 2800) / unit) * unit
    e, a, diff = amounts(budget, "budget")
    y1 = f" in {yr()}," if lay.year_style else ""
    lines = [rng.choice([f"The {la} estimated that{y1} its total budget would be {e}. Its actual spend for that year "
                         f"was {a}, which was {diff}.",
                         f"The {la} estimated{y1.rstrip(',')} its total budget would be {e}. Its actual spend was {a}, "
                         f"which was {diff}."])]
    e, a, diff = amounts(round(budget * rng.uniform(0.2, 0.42) / unit) * unit, "asc")
    yt = f" in {yr()}" if lay.year_style else ""
    lines.append(f"The {la} estimated that it would spend {e} of its total budget on adult social care{yt}. Its actual "
                 f"spend was {a} which was {diff}.")
    share = f["asc_share_pct"] = f"{f['asc_actual_gbp'] / (f['budget_actual_gbp'] or budget) * 100:.2f}"
    lines.append(f"In {yr()}, {b(share + '%')} of the budget was spent on adult social care." if lay.year_style
                 else f"{b(share + '%')} of the budget was spent on adult social care.")
    if rng.random() < 0.95:
        full = rng.random() < 0.7
        pct = f["precept_pct"] = rng.choice(["2", "2", "3"]) if full else rng.choice(["0", "1", "1.5"])
        f["precept_full"] = full
        lines.append(f"The {la} has {'' if full else 'not '}raised the full adult social care precept"
                     f"{' for ' + yr() if lay.year_style else ''}, with a value of {pct}%. Please note that the amount "
                     f"raised through ASC precept varies from local authority to local authority.")
    if rng.random() < 0.95:
        lt = f["people_long_term"] = max(5, round(population * rng.uniform(0.01, 0.025)))
        st = f["people_short_term"] = max(3, round(population * rng.uniform(0.004, 0.012)))
        g = "{:,}" if rng.random() < 0.5 else "{}"
        lines.append(f"Approximately {b(g.format(lt))} people were accessing long-term adult social care support, and "
                     f"approximately {b(g.format(st))} people were accessing short-term adult social care support{yt}. "
                     f"Local authorities spend money on a range of adult social care services, including supporting "
                     f"individuals. No two care packages are the same and vary significantly in their intensity, "
                     f"duration, and cost.")
    if new_layout and rng.random() < 0.6:  # content changed for site visits from 6 October 2025
        new = rng.choice(FINANCE_NEW_LINES).format(a=f"{rng.randint(300, 900):,}", n=f"{rng.randint(900, 30000):,}", y=yr())
        lines.insert(rng.randint(2, len(lines)), new)
        flags["new_layout_lines"] = 1
    return lines, f, flags
