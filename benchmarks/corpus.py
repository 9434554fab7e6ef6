"""Synthetic corpus of CQC local authority assessment reports, each with its ground truth.

Why: the loader is benchmarked on 1,000 reports and its accuracy is checked on councils and layouts
its tests never saw. Real reports are few, so this module writes realistic ones: the structure of the
seed (`seeds/hartlepool-0525.md`), sentences re-used and shuffled from it, the framework's statements,
councils from the reference list, and every layout variation of `shared/docs/report-format.md`
(printing choices live in `layouts.py`). For each report it records the facts it printed, with the
field names of `loader/cqc_la/report.py`, so the parser's output can be compared fact by fact.

Deterministic: one `random.Random` per report, derived from the seed and the report's index; no
global random state, no clock. Truth goes to `<out>.truth.jsonl` beside (never inside) the corpus
directory, because the loader loads every file in that directory.

    python benchmarks/corpus.py --reports 1000 --out corpus1000 --seed 0
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import layouts as L  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK_PATH = ROOT / "loader" / "cqc_la" / "data" / "framework.json"
COUNCILS_PATH = ROOT / "seeds" / "reference" / "local_authorities.csv"
SEED_PATH = ROOT / "seeds" / "hartlepool-0525.md"
PILOT_COUNCILS = ("Birmingham", "Lincolnshire", "North Lincolnshire", "Nottingham", "Suffolk")
PILOT_DATE = date(2023, 11, 17)
FIRST_DATE, LAST_DATE = date(2024, 5, 17), date(2026, 10, 30)
# sentences that would add facts the truth does not record (national data, waiting times, sources)
RISKY = re.compile(r"England average|national data|%|wait|\d+\s*(?:-\s*\d+\s*)?(?:day|week|month)|\b(?:ASCS|SACE|SALT|"
                   r"SAC|ASCOF|CLD|HBC|TSAB|ISPA)\b|survey|collection|tees|score|measure|£|north east|[()]", re.I)
DEMOGRAPHIC_FIELDS = ("population", "population_change_pct", "ethnic_minority_pct", "imd_value", "imd_scale",
                      "imd_decile", "imd_rank", "imd_rank_of", "age_65_plus_change_pct", "working_age_change_pct",
                      "councillors", "wards", "icb", "combined_authority", "political_control")  # as in report.py
FINANCE_FIELDS = ("financial_year", "budget_estimated_gbp", "budget_actual_gbp", "budget_difference_gbp",
                  "asc_estimated_gbp", "asc_actual_gbp", "asc_difference_gbp", "asc_share_pct", "precept_pct",
                  "precept_full", "people_long_term", "people_short_term")
TYPE_WORDS = {"unitary": "unitary authority", "county": "county council",
              "metropolitan district": "metropolitan borough", "London borough": "London borough"}


@lru_cache(maxsize=1)
def load_framework() -> dict:
    return json.loads(FRAMEWORK_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_councils() -> tuple[dict, ...]:
    with COUNCILS_PATH.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def load_bank() -> dict[str, tuple[str, ...]]:
    """Seed sentences by key-finding topic (plus the two summaries and `_general`), council-neutral.

    The council's names become `@FULL@` / `@SHORT@`; sentences that state figures the truth would
    have to record (see `RISKY`) are dropped.
    """
    fw = load_framework()
    topics = {t for qs in fw["quality_statements"] for t in qs["standard_topics"]}
    bank: dict[str, list[str]] = {"_general": [], "_people": [], "_strengths": []}
    current = None
    for line in SEED_PATH.read_text(encoding="utf-8").splitlines():
        s = line.strip().lstrip("#").strip()
        if not s or s == "---":
            continue
        if s in topics:
            current = s
        elif s.startswith("Summary of people"):
            current = "_people"
        elif s.startswith("Summary of strengths"):
            current = "_strengths"
        elif len(s) < 80:  # any other heading or short line ends the topic
            current = None
        elif current and len(s) >= 80:
            for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z])", s):
                sent = sent if sent.endswith((".", "!", "?", "'")) else sent + "."
                if RISKY.search(sent) or len(sent) < 40:
                    continue
                sent = sent.replace("Hartlepool Borough Council", "@FULL@").replace("Hartlepool Borough", "@SHORT@")
                sent = sent.replace("Hartlepool", "@SHORT@")
                bank.setdefault(current, []).append(sent)
                if not current.startswith("_"):
                    bank["_general"].append(sent)
    return {k: tuple(v) for k, v in bank.items()}


def rating_for(total: int, fw: dict) -> str:
    for word, (lo, hi) in fw["rating_bands"]["with_nine_statements_total_out_of_36"].items():
        if lo <= total <= hi:
            return word
    raise ValueError(total)


def draw_scores(rng: random.Random) -> dict[int, int]:
    """Nine scores around a per-report level: mostly 2-3, some 4, few 1, like published results."""
    level = rng.choices([1.5, 2.1, 2.5, 2.8, 3.1, 3.5], weights=[2, 10, 22, 34, 24, 8])[0]
    return {q: min(4, max(1, round(rng.gauss(level, 0.45)))) for q in range(1, 10)}


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Writer:
    """Builds one report: `doc` receives blocks, `truth` receives the facts as they are printed."""

    def __init__(self, rng: random.Random, row: dict, fw: dict, layout: L.Layout, published: date, pilot: bool):
        self.rng, self.row, self.fw, self.lay = rng, row, fw, layout
        self.doc = L.Doc(rng, layout)
        self.bank = load_bank()
        self.pools: dict[str, list[str]] = {}
        self.statements: dict[int, dict] = {q: {"qs_no": q} for q in range(1, 10)}
        aliases = [a for a in row["aliases"].split(";") if re.search(r"Council|^(London|Royal) Borough of|^City of", a)]
        name = row["council_name"] if rng.random() < 0.75 or not aliases else rng.choice(aliases)
        self.name = " ".join(name.split())  # the reference has 'North Somerset  Council'; reports print one space
        self.short = row["name"]
        self.published, self.pilot = published, pilot
        self.data_year = published.year - (2 if published.month < 7 else 1)

    # -- sentences ---------------------------------------------------------------------------------
    def sentences(self, key: str, n: int) -> list[str]:
        """n sentences for a topic, drawn without repeats until its pool (topic, then general) runs dry."""
        pool = self.pools.setdefault(key, [])
        if len(pool) < n:
            extra = list(self.bank.get(key, ())) + self.rng.sample(self.bank["_general"], 24)
            self.rng.shuffle(extra)
            pool[:0] = extra
        out = [pool.pop() for _ in range(n)]
        return [s.replace("@FULL@", self.name).replace("@SHORT@", self.short) if "@" in s else s for s in out]

    def paragraph(self, key: str, n: int, extras: list[tuple[str, list[dict]]] = ()) -> tuple[str, list[dict]]:
        """Bank sentences with the extra (figure) sentences inserted together at one place.

        Rows of a sentence naming no source inherit the last source named earlier in the paragraph.
        """
        parts: list = self.sentences(key, n)
        pos = self.rng.randint(0, len(parts))
        parts[pos:pos] = list(extras)
        while sum(len(p if isinstance(p, str) else p[0]) for p in parts) < 120:
            parts.append(self.sentences(key, 1)[0])
        rows, last_src, texts = [], None, []
        for p in parts:
            if isinstance(p, str):
                texts.append(p)
                continue
            texts.append(p[0])
            for r in p[1]:
                if "la_value" in r and r["source"] is None and last_src:
                    r["source"], r["source_inherited"] = last_src, True
                elif "la_value" in r and r["source"]:
                    last_src = r["source"]
                rows.append(r)
        return " ".join(texts), rows

    # -- sections ----------------------------------------------------------------------------------
    def front(self, t: dict) -> None:
        d, lay = self.doc, self.lay
        d.heading(f"{self.name} assessment" if self.pilot else f"{self.name}: local authority assessment")
        if lay.link_line:
            d.para(lay.link_line, rule_ok=False)
        if lay.downloads:
            d.para("Downloads", rule_ok=False)
        if lay.banner:
            upd = self.published + timedelta(days=self.rng.choice([0, 0, 3, 12, 40]))
            d.para(f"Published: {long_date(self.published)} Page last updated: {long_date(upd)}", rule_ok=False)
            t["banner_published_on"], t["banner_updated_on"] = self.published.isoformat(), upd.isoformat()
        if self.pilot:
            start = date(2023, self.rng.randint(4, 7), self.rng.randint(1, 28))
            d.para(f"Assessment start date: {long_date(start)}", rule_ok=False)
            t["assessment_started_on"] = start.isoformat()
        d.para(f"Assessment published: {long_date(self.published)}", rule_ok=False)

    def about(self, t: dict) -> None:
        rng, d, row, short = self.rng, self.doc, self.row, self.short
        g: dict = {}
        d.heading(f"About {self.name}" + ("  " if self.lay.trailing_spaces else ""))
        if self.lay.demographics_heading:
            d.heading("Demographics")
        pop = int(row["population"])
        style = rng.choice(["plain", "approx", "over", "dot", "million", "million"])
        if style == "million" and pop >= 1_000_000:
            digits = rng.choice([1, 2])
            g["population"] = int(round(pop / 1e6, digits) * 10**digits) * 10 ** (6 - digits)
            word = rng.choice(["approximately", "around"] + ["nearly"] * (g["population"] > pop))
            ptxt = f"{word} {g['population'] / 1e6:.{digits}f} million"
        else:
            g["population"] = pop
            ptxt = {"approx": f"approximately {pop:,}", "over": f"over {pop:,}",
                    "dot": f"{pop:,}".replace(",", ".")}.get(style, f"{pop:,}")
        chg = round(rng.choice([-1, 1, 1, 1]) * rng.uniform(0.1, 12), 2)
        g["population_change_pct"] = f"{chg:.2f}"
        chg_txt = (f"There has been {'an increase' if chg >= 0 else 'a decrease'} in the population of {abs(chg):.2f}% "
                   f"since the last census in 2011." if rng.random() < 0.6 else
                   f"The population has {'grown' if chg >= 0 else 'fallen'} by {abs(chg):.2f}% since the 2011 census.")
        d.para(f"{self.name} is a {TYPE_WORDS[row['la_type']]} in the {row['region']} region of England. "
               f"{short} has a population of {ptxt}. {chg_txt}", rule_ok=False)
        if rng.random() < 0.9:
            em = round(rng.uniform(20, 65) if row["region"] == "London" else rng.triangular(1.5, 35, 4), 2)
            g["ethnic_minority_pct"] = f"{em:.2f}"
            wb = f"The population is mostly white British, making up {100 - em - rng.uniform(0.5, 4):.2f}%. "
            d.para((wb if em < 40 and rng.random() < 0.5 else "") + rng.choice([
                f"People from ethnic minority groups comprise {em:.2f}% of the {short} population.",
                f"{em:.2f}% of residents in {short} are from ethnic minority groups."]), rule_ok=False)
        self.imd(g)
        if rng.random() < 0.85:
            a, w = round(rng.uniform(5, 30), 1), round(rng.choice([-1, 1]) * rng.uniform(0.1, 7), 1)
            g["age_65_plus_change_pct"], g["working_age_change_pct"] = f"{a:.1f}", f"{w:.1f}"
            d.para(f"{short}'s age profile for residents aged 65 years and over increased between the 2011 and 2021 "
                   f"census by {a:.1f}%; working age people (15 to 64) {'increased' if w >= 0 else 'decreased'} by "
                   f"{abs(w):.1f}% in the same period.", rule_ok=False)
        control = rng.choice(list(L.POLITICAL))
        n_cllr = rng.randint(30, 120)
        wards = rng.randint(10, n_cllr // 2)
        g.update(political_control=control, councillors=n_cllr, wards=wards)
        ctl = rng.choice(L.POLITICAL[control]).format(type=TYPE_WORDS[row["la_type"]])
        d.para(f"{self.name} is {ctl} with {n_cllr} councillors representing {wards} wards.", rule_ok=False)
        icb = row["icb_name"] if rng.random() < 0.5 else row["icb_name"].removeprefix("NHS ")
        g["icb"] = icb
        txt = f"{short} is part of the {icb} together with {rng.randint(2, 14)} other local authorities."
        ca = L.COMBINED_AUTHORITIES.get(short)
        if ca:
            g["combined_authority"] = ca
            txt += f" {short} is part of the {ca} along with {rng.randint(2, 9)} other local authorities."
        d.para(txt, rule_ok=False)
        t["demographics"] = {k: g.get(k) for k in DEMOGRAPHIC_FIELDS}

    def imd(self, g: dict) -> None:
        rng, short = self.rng, self.short
        most = 11 - int(self.row["imd2019_decile"])  # 10 = most deprived
        form = rng.choice(["full", "full", "short", "reversed", "rank317", "rank153"])
        if form.startswith("rank"):
            of = int(form[4:])
            rank = max(1, min(of, round(int(self.row["imd2019_rank_avg_score"]) * of / 151) + rng.randint(-3, 3)))
            g.update(imd_rank=rank, imd_rank_of=of)
            txt = (f"{short} is ranked {ordinal(rank)} most deprived out of {of} local authorities in England on the "
                   f"Index of Multiple Deprivation." if of == 317 else
                   f"On the Index of Multiple Deprivation, {short} is ranked {ordinal(rank)} out of {of} local "
                   f"authorities, where 1 is the most deprived.")
        else:
            scale = {"full": "(1 is the least deprived, 10 is the most deprived)", "short": "(10 is the most deprived)",
                     "reversed": "(10 being the least deprived and 1 the most deprived)"}[form]
            value = 11 - most if form == "reversed" else most
            g.update(imd_value=value, imd_scale=scale, imd_decile=most)
            txt = f"The population has an Index of Multiple Deprivation score of {value} {scale}."
        self.doc.para(txt, rule_ok=False)

    def finance(self, t: dict) -> None:
        d, lay = self.doc, self.lay
        lines, f, t["finance_flags"] = L.finance_lines(self.rng, lay, int(self.row["population"]), self.data_year,
                                                       self.published >= date(2025, 11, 1))
        t["finance"] = {k: f.get(k) for k in FINANCE_FIELDS}
        d.heading("Financial facts")
        if lay.finance_intro:
            d.para(lay.finance_intro.format(name=L.bold(lay, self.name)), rule_ok=False)
        for line in lines:
            if lay.finance_style == "para":
                d.para(line, rule_ok=False)
            else:
                d.item(line, "-" if lay.finance_style == "dash" else "\u2022")
        for _ in range(self.rng.choice([1, 1, 1, 2])):
            d.para(L.FINANCE_NOTE, rule_ok=False)

    def summary(self, t: dict, scores: dict[int, int], rating: str) -> None:
        rng, d, lay = self.rng, self.doc, self.lay
        d.heading("Overall summary")
        d.heading("Local authority indicative rating" if self.pilot else "Local authority rating and score")
        d.para(self.name + (" " * rng.randint(1, 3) if lay.trailing_spaces else ""), rule_ok=False)
        d.para(rating, rule_ok=False)
        total = sum(scores.values())
        t["printed_overall_pct"] = None
        if lay.print_pct:
            t["printed_overall_pct"] = -(-total * 100 // 36)  # CQC rounds up
            d.para(f"{self.name} scored {t['printed_overall_pct']} out of 100 overall", rule_ok=False)
        d.heading("Quality statement scores")
        for qs in self.fw["quality_statements"]:
            name = self.variant(qs)
            self.statements[qs["number"]]["summary_name_as_printed"] = name
            if lay.summary_bullets:
                d.item(name, "\u2022")
            else:
                d.heading(name, marked=rng.random() < 0.4)
            d.para(lay.score_style.format(n=scores[qs["number"]]), rule_ok=rng.random() < 0.5)
        for key, heading, lo, hi in (("_people", "Summary of people's experiences", 3, 6),
                                     ("_strengths", "Summary of strengths, areas for development and next steps", 4, 9)):
            d.heading(heading)
            n = rng.randint(lo, hi)
            for _ in range(n):
                d.para(self.paragraph(key, rng.randint(2, 6))[0])
            t[key.lstrip("_") + "_paragraphs"] = n

    def variant(self, qs: dict) -> str:
        if qs["aliases"] and self.rng.random() < self.lay.summary_alias_p:
            return self.rng.choice(qs["aliases"])
        return qs["name"]

    def theme(self, theme: dict) -> None:
        d = self.doc
        d.heading(f"Theme {theme['number']}: " + theme["report_heading_pattern"].replace("<LA>", self.name))
        if self.lay.theme_intro:
            d.para("This theme includes these quality statements:", rule_ok=False)
            bullet = self.rng.choice(["-", "\u2022"])
            for qs in self.fw["quality_statements"]:
                if qs["theme"] == theme["number"]:
                    d.item(self.variant(qs), bullet)
            d.para("We may not always review all quality statements during every assessment.", rule_ok=False)

    def statement(self, qs: dict, score: int, t: dict) -> None:
        rng, d, lay, q = self.rng, self.doc, self.lay, qs["number"]
        st = self.statements[q]
        st["name_as_printed"] = name = self.variant(qs)
        d.heading(name)
        line = lay.score_style.format(n=score)
        d.heading(line) if lay.markdown and rng.random() < 0.15 else d.para(line, rule_ok=False)
        scale = self.fw["score_scale"][score - 1]
        if self.pilot:
            label = f"{scale['rating_word']}: {scale['label']}"
        else:
            word = f"{scale['rating_word']}: " if lay.label_rating_word else ""
            label = f"{score} {L.dash(lay)} {word}{scale['label']}"
        d.para(label, rule_ok=False)
        st.update(score=score, score_label=label, i_statements=len(qs["i_statements"]))
        if qs["i_statements"]:
            d.heading("What people expect")
            for text in qs["i_statements"]:
                d.para(text, rule_ok=False)
        d.heading("The local authority commitment")
        d.para(qs["we_statement"], rule_ok=False)
        d.heading("Key findings for this quality statement")
        std = qs["standard_topics"]
        picked = sorted(rng.sample(range(len(std)), rng.randint(min(2, len(std)), len(std))))
        topics: list[str | None] = [std[i] for i in picked]
        if (rng.random() < 0.15 and len(topics) < 7) or len(topics) < 2:
            topics.insert(rng.randint(0, len(topics)), None)
        plan = [[[] for _ in range(rng.choices(range(1, 7), weights=[6, 14, 24, 26, 18, 12])[0])] for _ in topics]
        clusters: list[list] = []  # national sentences, 0-4 a statement, sometimes two in one paragraph
        for k in range(rng.choices(range(5), weights=[22, 30, 26, 14, 8])[0]):
            s = L.national_sentence(rng, self.data_year, self.short)
            if k and rng.random() < 0.3:
                clusters[-1].append(s)
            else:
                clusters.append([s])
        for _ in range(rng.choice([0, 1, 1, 2, 3]) if q in L.WAITS_BY_STATEMENT else 0):
            clusters.append([L.waiting_sentence(rng, rng.choice(L.WAITS_BY_STATEMENT[q]), lay.en_dash)])
        for c in clusters:
            sub = rng.choice(plan)
            if rng.random() < 0.3 and "la_value" in c[0][1][0]:
                sub.insert(rng.randint(0, len(sub)), ["own"] + c)  # a paragraph of its own
            else:
                rng.choice(sub).extend(c)
        findings = []
        for topic, paras in zip(topics, plan, strict=True):
            heading = topic or rng.choice(L.NON_STANDARD_TOPICS)
            d.heading(heading)
            for extras in paras:
                own = bool(extras) and extras[0] == "own"
                extras = extras[1:] if own else extras
                text, rows = self.paragraph(topic or "_general", 0 if own else rng.randint(2, 7), extras)
                d.para(text)
                for kind, out in (("la_value", t["national_metrics"]), ("service", t["waiting_times"])):
                    for pos, r in enumerate(r for r in rows if kind in r):
                        out.append({"qs_no": q, "position": pos, **r})
            findings.append({"heading": heading, "topic": topic, "paragraphs": len(paras)})
        st["key_findings"] = findings
        t["key_finding_counts"][str(q)] = {"subsections": len(findings),
                                           "paragraphs": sum(f["paragraphs"] for f in findings)}


def generate_report(rng: random.Random, council_row: dict, framework: dict, layout: L.Layout, *,
                    published_on: date | None = None, pilot: bool = False) -> tuple[str, dict]:
    """One report's text (BOM and line endings included) and its ground truth (without `file`)."""
    if published_on is None:
        published_on = PILOT_DATE if pilot else FIRST_DATE + timedelta(days=rng.randint(0, (LAST_DATE - FIRST_DATE).days))
    w = Writer(rng, council_row, framework, layout, published_on, pilot)
    scores = draw_scores(rng)
    rating = rating_for(sum(scores.values()), framework)
    t: dict = {"council_name": w.name, "gss_code": council_row["gss_code"], "kind": "pilot" if pilot else "formal",
               "published_on": published_on.isoformat(), "assessment_started_on": None,
               "banner_published_on": None, "banner_updated_on": None, "overall_rating": rating,
               "is_indicative": pilot, "total_score": sum(scores.values()),
               "scores": {str(q): s for q, s in scores.items()}, "national_metrics": [], "waiting_times": [],
               "key_finding_counts": {}}
    w.front(t)
    w.about(t)
    w.finance(t)
    w.summary(t, scores, rating)
    themes = {th["number"]: th for th in framework["themes"]}
    for qs in framework["quality_statements"]:
        if qs["number"] == min(s["number"] for s in framework["quality_statements"] if s["theme"] == qs["theme"]):
            w.theme(themes[qs["theme"]])
        w.statement(qs, scores[qs["number"]], t)
    t["statements"] = [w.statements[q] for q in range(1, 10)]
    t["layout"] = L.layout_dict(layout)
    text = ("\ufeff" if layout.bom else "") + w.doc.render()
    t["lines"] = text.count("\n")
    return text, t


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def generate_corpus(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write n reports into out_dir and their truth, one JSON line each, to `<out_dir>.truth.jsonl`.

    Councils are drawn as shuffled rounds of the reference list, so a corpus covers many councils and
    repeats one only as a reassessment (always a different publication date). Report i uses
    `random.Random(f"{seed}/{i}")`, so one report does not change when another does. Files this
    generator wrote earlier in out_dir (`NNNN-*.md|txt`) are removed first; nothing else is touched.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        if re.fullmatch(r"\d{4,}-[a-z0-9-]+-\d{4}\.(md|txt)", old.name):
            old.unlink()
    fw, councils = load_framework(), load_councils()
    master = random.Random(seed)
    order: list[dict] = []
    used: set[tuple[str, date]] = set()
    pilots = [r for r in councils if r["name"] in PILOT_COUNCILS]
    paths, truths = [], []
    width = max(4, len(str(n)))
    for i in range(n):
        if not order:
            order = list(councils)
            master.shuffle(order)
        pilot = i % 200 == 7 and i // 200 < len(pilots)
        row = pilots[i // 200] if pilot else order.pop()
        published = PILOT_DATE if pilot else None
        while published is None or (row["gss_code"], published) in used:
            published = FIRST_DATE + timedelta(days=master.randint(0, (LAST_DATE - FIRST_DATE).days))
        used.add((row["gss_code"], published))
        rng = random.Random(f"{seed}/{i}")
        layout = L.random_layout(rng)
        text, truth = generate_report(rng, row, fw, layout, published_on=published, pilot=pilot)
        path = out_dir / f"{i + 1:0{width}d}-{_slug(row['name'])}-{published:%m%y}.{layout.ext}"
        data = text.encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
        truths.append(json.dumps({"file": path.name, "bytes": len(data), **truth}, ensure_ascii=False))
    truth_path(out_dir).write_text("\n".join(truths) + "\n", encoding="utf-8")
    return paths


def truth_path(out_dir: Path) -> Path:
    return Path(out_dir).parent / (Path(out_dir).name + ".truth.jsonl")


def read_truth(out_dir: Path) -> list[dict]:
    return [json.loads(line) for line in truth_path(out_dir).read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/corpus.py --reports 1000 --out corpus1000")
    ap.add_argument("--reports", type=int, required=True, help="number of reports to write")
    ap.add_argument("--out", type=Path, required=True, help="directory for the reports (truth goes beside it)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate_corpus(args.reports, args.out, args.seed)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"wrote {len(paths)} reports ({mb:.1f} MB) to {args.out} in {time.perf_counter() - t0:.1f} s; "
          f"truth: {truth_path(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
