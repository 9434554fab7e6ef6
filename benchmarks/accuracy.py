"""Parser accuracy on reports it never saw: the generated corpus against its ground truth.

    python benchmarks/accuracy.py --reports 200 [--seed 7]
    python benchmarks/accuracy.py --format tabs      # or html, pdf, text: the fixture reports as CQC
                                                     # publishes them, against their text versions

With `--format`, every report of `tests/fixtures/pages/` (the seed and four hand-written reports,
rendered by `tests/fixtures/pages/make_pages.py`) is read in that form (`tabs`: its summary, about and
nine statement pages, assembled; `html`: the one long page; `pdf`: the printed PDF) and each of its
facts compared with the same fact read from its text version. What only the pages print (the
percentage `Overall rating for X: 70%`, the banner dates) is left out of the comparison.

Two bars, from the loader issue: every score, rating, date and financial figure exact (`exact`
facts: any miss fails), and at least 99% of all facts right (`facts`). Beside facts right, the share of
misses (comparisons, waits and figures not read) that the parser flagged (`misses_flagged_pct`, aim
100%) and the share of its flags that were no miss (`false_flags_pct`, under 5%): `compare_flags`.

    python benchmarks/accuracy.py --heldout          # every held-out round, facts right and flags A fact is one field of one
report (a demographic figure, a score, a key-finding count) or one field of one England comparison or
waiting time; a comparison the parser missed, or one it invented, counts every field as wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

EXACT_FINANCE = (
    "financial_year",
    "budget_estimated_gbp",
    "budget_actual_gbp",
    "budget_difference_gbp",
    "asc_estimated_gbp",
    "asc_actual_gbp",
    "asc_difference_gbp",
    "asc_share_pct",
    "precept_pct",
    "precept_full",
    "people_long_term",
    "people_short_term",
)
METRIC_FIELDS = ("qs_no", "la_value", "england_value", "unit", "comparison", "direction", "source", "period")
WAIT_FIELDS = ("qs_no", "service", "measure", "days", "days_low", "previous_days", "people_waiting")


@dataclass
class Tally:
    facts: int = 0
    right: int = 0
    exact: int = 0
    exact_right: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    flags: Flags = field(default_factory=lambda: Flags())

    def check(self, name: str, expected: Any, found: Any, *, exact: bool = False, where: str = "") -> None:
        ok = _same(expected, found)
        self.facts += 1
        self.right += ok
        if exact:
            self.exact += 1
            self.exact_right += ok
        if not ok:
            self.misses[name] += 1
            if len(self.examples) < 40:
                self.examples.append(f"{where} {name}: expected {expected!r}, found {found!r}")

    @property
    def share(self) -> float:
        return self.right / self.facts if self.facts else 1.0


def _norm(value: Any) -> Any:
    if hasattr(value, "value") and hasattr(value, "printed"):
        value = value.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        try:
            return Decimal(value).normalize()
        except ArithmeticError:
            return " ".join(value.split())
    return str(value)


def _same(expected: Any, found: Any) -> bool:
    return _norm(expected) == _norm(found)


def _rows(items: list[Any], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [
        tuple(_norm(item[f] if isinstance(item, dict) else getattr(item, f)) for f in fields)
        for item in items
    ]


def _compare_rows(
    tally: Tally, name: str, expected: list[tuple], found: list[tuple], fields: tuple[str, ...], where: str
) -> None:
    remaining = list(found)
    for row in expected:
        match = row if row in remaining else None
        if match is None:
            # partial credit: the closest row (same values) with the fields it gets right
            candidates = [r for r in remaining if r[:3] == row[:3]] or remaining[:0]
            best = candidates[0] if candidates else None
            for index, field_name in enumerate(fields):
                tally.check(
                    f"{name}.{field_name}", row[index], best[index] if best else "<missing>", where=where
                )
            if best is not None:
                remaining.remove(best)
            continue
        remaining.remove(match)
        for field_name in fields:
            tally.check(f"{name}.{field_name}", 1, 1)
    for row in remaining:
        tally.check(f"{name}.invented", None, row, where=where)


def compare(report: Any, truth: dict[str, Any], tally: Tally) -> None:
    where = truth["file"]
    tally.check(
        "published_on", truth["published_on"], report.published_on.value.isoformat(), exact=True, where=where
    )
    tally.check(
        "overall_rating", truth["overall_rating"], report.overall_rating.value, exact=True, where=where
    )
    tally.check("kind", truth["kind"], report.kind, exact=True, where=where)
    tally.check("is_indicative", truth["is_indicative"], report.is_indicative, exact=True, where=where)
    for name in ("assessment_started_on", "banner_published_on", "banner_updated_on"):
        value = getattr(report, name)
        tally.check(name, truth[name], value.value.isoformat() if value else None, exact=True, where=where)
    tally.check("printed_overall_pct", truth["printed_overall_pct"], report.printed_overall_pct, where=where)
    tally.check(
        "council_name", truth["council_name"].strip(), str(report.council_name.value).strip(), where=where
    )
    scores = {s.qs_no: s for s in report.statements}
    for qs, score in truth["scores"].items():
        statement = scores.get(int(qs))
        tally.check("score", score, statement.score if statement else None, exact=True, where=where)
        tally.check(
            "summary_score", score, statement.summary_score if statement else None, exact=True, where=where
        )
    for name in EXACT_FINANCE:
        tally.check(
            f"finance.{name}",
            truth["finance"].get(name),
            getattr(report.finance, name),
            exact=True,
            where=where,
        )
    for name, expected in truth["demographics"].items():
        tally.check(f"demographics.{name}", expected, getattr(report.demographics, name, None), where=where)
    for spec in truth["statements"]:
        statement = scores.get(spec["qs_no"])
        tally.check(
            "score_label", spec["score_label"], statement.score_label if statement else None, where=where
        )
        tally.check(
            "i_statements",
            spec["i_statements"],
            len(statement.i_statements) if statement else None,
            where=where,
        )
    sections = [s for s in report.sections if s.kind == "key_finding"]
    paragraphs = Counter(b.section_no for b in report.blocks if b.kind != "heading")
    for qs, counts in truth["key_finding_counts"].items():
        mine = [s for s in sections if s.qs_no == int(qs)]
        tally.check("key_finding.subsections", counts["subsections"], len(mine), where=f"{where} qs{qs}")
        tally.check(
            "key_finding.paragraphs",
            counts["paragraphs"],
            sum(paragraphs[s.section_no] for s in mine),
            where=f"{where} qs{qs}",
        )
    _compare_rows(
        tally,
        "metric",
        _rows(truth["national_metrics"], METRIC_FIELDS),
        _rows(list(report.national_metrics), METRIC_FIELDS),
        METRIC_FIELDS,
        where,
    )
    _compare_rows(
        tally,
        "wait",
        _rows(truth["waiting_times"], WAIT_FIELDS),
        _rows(list(report.waiting_times), WAIT_FIELDS),
        WAIT_FIELDS,
        where,
    )


# --- misses flagged (the audit pass, cqc_la.parsing.audit) ----------------------------------------------

FIGURE_FIELDS = (
    "population",
    "population_change_pct",
    "ethnic_minority_pct",
    "imd_value",
    "imd_rank",
    "imd_rank_of",
    "age_65_plus_change_pct",
    "working_age_change_pct",
    "councillors",
    "wards",
)
MONEY_SCALES = (Decimal(1), Decimal(1000), Decimal(10) ** 6, Decimal(10) ** 9)


@dataclass
class Flags:
    """Misses (comparisons, waits and figures not read) and the audit's flags, matched by value.

    A miss is flagged when an `unread_*` flag of its kind (and statement) names one of its numbers; a
    flag is true when it names a number of some miss. `flagged` aims at 100%; `precision` keeps anyone
    from getting there by flagging everything."""

    misses: int = 0
    flagged: int = 0
    flags: int = 0
    true_flags: int = 0
    unflagged: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def flagged_share(self) -> float:
        return self.flagged / self.misses if self.misses else 1.0

    @property
    def precision(self) -> float:
        return self.true_flags / self.flags if self.flags else 1.0


def _missing(expected: list[tuple[Any, ...]], found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    left = Counter(found)
    missed = []
    for row in expected:
        if left[row] > 0:
            left[row] -= 1
        else:
            missed.append(row)
    return missed


def _misses(report: Any, truth: dict[str, Any]) -> list[tuple[str, int | None, frozenset[Decimal]]]:
    """(kind, statement, values any of which a flag must name) of every fact not read."""
    metric = ("qs_no", "la_value", "england_value")
    misses: list[tuple[str, int | None, frozenset[Decimal]]] = [
        ("unread_comparison", int(qs), frozenset({la, england}))
        for qs, la, england in _missing(
            _rows(truth["national_metrics"], metric), _rows(list(report.national_metrics), metric)
        )
    ]
    wait = ("qs_no", "days", "days_low", "previous_days")
    found_waits = _rows(list(report.waiting_times), wait)
    for qs, days, low, previous in _missing(_rows(truth["waiting_times"], wait), found_waits):
        same_time = [row for row in found_waits if row[:2] == (qs, days)]
        # a time read with its earlier figure or lower bound missed: a miss of that figure
        values = (
            {days, low, previous} - {None} if not same_time else {low, previous} - {None} - set(same_time[0])
        )
        misses.append(("unread_wait", int(qs), frozenset(values or {days})))
    for record, names, money in (
        ("demographics", FIGURE_FIELDS, False),
        ("finance", [n for n in EXACT_FINANCE if n not in ("financial_year", "precept_full")], True),
    ):
        for name in names:
            expected = truth[record].get(name)
            if expected is None or _same(expected, getattr(getattr(report, record), name, None)):
                continue
            value = _norm(expected)
            values = {(value / scale).normalize() for scale in MONEY_SCALES} if money else {value}
            misses.append(("unread_figure", None, frozenset(values)))
    return misses


def _names(flag: Any, miss: tuple[str, int | None, frozenset[Decimal]]) -> bool:
    kind, qs_no, values = miss
    return flag.kind == kind and (qs_no is None or flag.qs_no == qs_no) and bool(values & set(flag.numbers))


# The readers' own warnings flag a sentence too: a comparison not understood, a wait with no measure or in
# months. They carry a line, not numbers: one flags a miss when its line prints one of the miss's numbers.
READER_FLAGS = {
    "national_metric": "unread_comparison",
    "waiting_time_measure": "unread_wait",
    "waiting_time_unit": "unread_wait",
}
_PRINTED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _warned(report: Any, miss: tuple[str, int | None, frozenset[Decimal]]) -> bool:
    lines = report.text.splitlines()
    for warning in report.warnings:
        if READER_FLAGS.get(warning.kind) != miss[0] or not warning.line or warning.line > len(lines):
            continue
        printed = {
            Decimal(n.replace(",", "")).normalize() for n in _PRINTED_NUMBER.findall(lines[warning.line - 1])
        }
        if printed & miss[2]:
            return True
    return False


def compare_flags(report: Any, truth: dict[str, Any], flags: Flags) -> None:
    misses = _misses(report, truth)
    unread = [flag for flag in report.unread]
    flags.misses += len(misses)
    flags.flags += len(unread)
    for miss in misses:
        if any(_names(flag, miss) for flag in unread) or _warned(report, miss):
            flags.flagged += 1
        elif len(flags.unflagged) < 40:
            flags.unflagged.append(f"{truth['file']} {miss[0]} qs{miss[1]}: {sorted(map(str, miss[2]))}")
    expected = truth.get("expected_flags", [])  # sentences the writer says must be flagged, not read
    for flag in unread:
        if any(_names(flag, miss) for miss in misses) or any(
            " ".join(snippet.split()) in " ".join(flag.sentence.split()) for snippet in expected
        ):
            flags.true_flags += 1
        elif len(flags.false) < 40:
            flags.false.append(
                f"{truth['file']}:{flag.line} {flag.kind} {flag.printed} in {flag.sentence[:120]!r}"
            )


def measure(n: int, seed: int, directory: Path | None = None) -> Tally:
    from corpus import generate_corpus, read_truth

    from cqc_la.parsing import parse_report

    directory = directory or Path(tempfile.mkdtemp(prefix="cqc-la-accuracy-")) / "corpus"
    directory.mkdir(parents=True, exist_ok=True)
    files = generate_corpus(n, directory, seed=seed)
    truths = {t["file"]: t for t in read_truth(directory)}
    tally = Tally()
    for path in files:
        report = parse_report(path)
        compare(report, truths[path.name], tally)
        compare_flags(report, truths[path.name], tally.flags)
    return tally


PAGES = HERE.parent / "tests" / "fixtures" / "pages"
# Each fixture report and its text version (the ground truth of every form).
FIXTURE_SOURCES = {
    "hartlepool-0525": "seeds/hartlepool-0525.md",
    "norfolk-1125": "tests/fixtures/unseen5/norfolk-1125.md",
    "manchester-0925": "tests/fixtures/unseen4/manchester-0925.md",
    "camden-0925": "tests/fixtures/unseen/camden-0925.md",
    "wakefield-0625": "tests/fixtures/unseen/wakefield-0625.md",
}
ONLY_ON_PAGES = frozenset({"printed_overall_pct", "banner_published_on", "banner_updated_on"})


def _typography(value: Any) -> Any:
    """Text with curly quotes, en dashes and no-break spaces read as their plain forms: the pages print
    `&rsquo;` and `3 &ndash; Evidence ...` where the text version has `'` and `-` (the words are equal)."""
    from cqc_la.parsing.text import for_matching

    if isinstance(value, str):
        return " ".join(for_matching(value).split())
    if isinstance(value, list):
        return [_typography(item) for item in value]
    if isinstance(value, dict):
        return {name: _typography(item) for name, item in value.items()}
    return value


def facts(report: Any) -> dict[str, Any]:
    """Every fact of a parsed report as name -> value, typography read plainly (`_typography`)."""
    from cqc_la.parsing.report_json import report_to_dict

    data = _typography(report_to_dict(report, include_blocks=True))
    found: dict[str, Any] = {}
    for name in (
        "council_name",
        "kind",
        "published_on",
        "assessment_started_on",
        "banner_published_on",
        "banner_updated_on",
        "printed_overall_pct",
        "overall_rating",
        "is_indicative",
        "detail",
    ):
        value = data.get(name)
        found[name] = value.get("value") if isinstance(value, dict) else value
    for group in ("demographics", "finance"):
        for name, figure in data[group].items():
            found[f"{group}.{name}"] = figure["value"] if figure else None
    for statement in data["statements"]:
        for name in ("score", "score_label", "summary_score"):
            found[f"qs{statement['qs_no']}.{name}"] = statement[name]
        found[f"qs{statement['qs_no']}.i_statements"] = [i["text"] for i in statement["i_statements"]]
        we = statement["we_statement"]
        found[f"qs{statement['qs_no']}.we_statement"] = we["text"] if we else None
    for kind, rows, fields in (
        ("metric", data["national_metrics"], METRIC_FIELDS + ("measure_code",)),
        ("wait", data["waiting_times"], WAIT_FIELDS),
    ):
        for position, row in enumerate(rows):
            for name in fields:
                found[f"{kind}[{position}].{name}"] = row[name]
    paragraphs = Counter(b["section_no"] for b in data["blocks"] if b["kind"] != "heading")
    for section in data["sections"]:
        if section["kind"] == "key_finding":
            key = f"findings.qs{section['qs_no']}.{section['topic'] or section['heading']}"
            found[key] = found.get(key, 0) + paragraphs[section["section_no"]]
    return found


def fixture_forms(form: str) -> list[tuple[str, Any, Any]]:
    """(slug, text version, the same report read in `form`) for every fixture report."""
    from cqc_la.assembly import assemble_reports
    from cqc_la.sources import parse_report

    found = []
    for slug, source in FIXTURE_SOURCES.items():
        folder = PAGES / slug
        text = parse_report(HERE.parent / source)
        if form == "text":
            other = text
        elif form == "html":
            other = parse_report(folder / "page.html")
        elif form == "pdf":
            other = parse_report(folder / f"{folder.name}.pdf")
        else:
            (other,) = assemble_reports([parse_report(path) for path in sorted((folder / "tabs").iterdir())])
        found.append((folder.name, text, other))
    return found


def compare_forms(form: str) -> dict[str, Any]:
    tally = Tally()
    for slug, text, other in fixture_forms(form):
        expected, got = facts(text), facts(other)
        for name in sorted(set(expected) | set(got)):
            if name in ONLY_ON_PAGES and expected.get(name) is None:
                continue
            tally.check(
                name.split("[")[0].split(".")[0], expected.get(name), got.get(name), where=f"{slug} {name}"
            )
    return {
        "format": form,
        "reports": len(FIXTURE_SOURCES),
        "facts": tally.facts,
        "facts_same_as_text_pct": round(100 * tally.share, 3),
        "misses": dict(tally.misses.most_common(20)),
        "examples": tally.examples[:20],
    }


def _flag_figures(flags: Flags) -> dict[str, Any]:
    return {
        "misses_not_read": flags.misses,
        "misses_flagged": flags.flagged,
        "misses_flagged_pct": round(100 * flags.flagged_share, 1),
        "flags": flags.flags,
        "false_flags": flags.flags - flags.true_flags,
        "false_flags_pct": round(100 * (1 - flags.precision), 1),
        "unflagged": flags.unflagged[:20],
        "false": flags.false[:20],
    }


def heldout_rounds(folders: list[Path]) -> list[dict[str, Any]]:
    """Facts right and misses flagged, per held-out round (`tests/fixtures/unseen*/`)."""
    from cqc_la.parsing import parse_report

    rounds = []
    for folder in folders:
        tally, flags = Tally(), Flags()
        for path in sorted(folder.glob("*.truth.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            report = parse_report(folder / truth["file"])
            compare(report, truth, tally)
            compare_flags(report, truth, flags)
        rounds.append(
            {
                "round": folder.name,
                "facts": tally.facts,
                "facts_right_pct": round(100 * tally.share, 1),
                "exact_facts": tally.exact,
                "exact_wrong": tally.exact - tally.exact_right,
                **_flag_figures(flags),
            }
        )
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--format",
        choices=("text", "html", "tabs", "pdf"),
        help="the fixture reports in this form against their text versions",
    )
    parser.add_argument(
        "--heldout",
        nargs="*",
        type=Path,
        metavar="FOLDER",
        help="the held-out rounds (default: every tests/fixtures/unseen*), round by round",
    )
    args = parser.parse_args(argv)
    if args.heldout is not None:
        rounds = heldout_rounds(args.heldout or sorted((HERE.parent / "tests" / "fixtures").glob("unseen*")))
        if args.json:
            args.json.write_text(json.dumps(rounds, indent=2) + "\n")
        print(json.dumps(rounds, indent=2))
        return 0 if all(r["facts_right_pct"] >= 99 and r["misses_flagged_pct"] == 100 for r in rounds) else 1
    if args.format:
        forms = compare_forms(args.format)
        if args.json:
            args.json.write_text(json.dumps(forms, indent=2, default=str) + "\n")
        print(json.dumps(forms, indent=2, default=str))
        return 0 if forms["facts_same_as_text_pct"] == 100 else 1
    tally = measure(args.reports, args.seed)
    result = {
        "reports": args.reports,
        "facts": tally.facts,
        "facts_right_pct": round(100 * tally.share, 3),
        "exact_facts": tally.exact,
        "exact_wrong": tally.exact - tally.exact_right,
        **_flag_figures(tally.flags),
        "misses": dict(tally.misses.most_common(20)),
        "examples": tally.examples[:20],
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["exact_wrong"] == 0 and tally.share >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
