"""The synthetic corpus is deterministic, varied, and its ground truth agrees with its own text.

The accuracy check of the parser is only as good as this truth, so these tests re-read the generated
text with deliberately simple means (line scans, substring counts) and compare it with the truth.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import corpus  # noqa: E402
import layouts  # noqa: E402

FW = corpus.load_framework()
N = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "reports"
    paths = corpus.generate_corpus(N, out, seed=11)
    truths = corpus.read_truth(out)
    texts = {p.name: p.read_bytes().decode("utf-8") for p in paths}
    return out, paths, truths, texts


def plain(text: str) -> list[str]:
    """Non-blank content lines, markers and character variations removed (a minimal reader)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\u2019", "'").replace("\u00a0", " ")
    return [ln.strip().lstrip("#").strip() for ln in text.split("\n") if ln.strip() and ln.strip() != "---"]


def test_same_seed_gives_same_bytes_and_truth(tmp_path):
    a = corpus.generate_corpus(12, tmp_path / "a", seed=3)
    b = corpus.generate_corpus(12, tmp_path / "b", seed=3)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    assert corpus.truth_path(tmp_path / "a").read_bytes() == corpus.truth_path(tmp_path / "b").read_bytes()


def test_different_seed_gives_different_corpus(tmp_path):
    a = corpus.generate_corpus(5, tmp_path / "a", seed=1)
    b = corpus.generate_corpus(5, tmp_path / "b", seed=2)
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in b]


def test_truth_is_written_beside_the_corpus_not_inside(generated):
    out, paths, truths, _ = generated
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert all(p.suffix in (".md", ".txt") for p in paths)
    assert corpus.truth_path(out).parent == out.parent
    assert [t["file"] for t in truths] == [p.name for p in paths]


def test_regenerating_replaces_earlier_reports_only(tmp_path):
    out = tmp_path / "r"
    corpus.generate_corpus(6, out, seed=0)
    (out / "notes.md").write_text("kept")
    corpus.generate_corpus(3, out, seed=0)
    assert sorted(p.name for p in out.iterdir() if p.name != "notes.md") == [t["file"] for t in corpus.read_truth(out)]
    assert (out / "notes.md").read_text() == "kept"


def test_corpus_is_varied_not_one_file_repeated(generated):
    _, paths, truths, texts = generated
    assert len(set(texts.values())) == N
    assert len({t["gss_code"] for t in truths}) == 153  # every council, then reassessments
    assert len({(t["gss_code"], t["published_on"]) for t in truths}) == N  # never the same council and date
    assert {s for t in truths for s in t["scores"].values()} == {1, 2, 3, 4}
    ratings = collections.Counter(t["overall_rating"] for t in truths)
    assert ratings["Good"] > ratings["Requires improvement"] > ratings["Outstanding"] > 0
    sizes = sorted(t["bytes"] for t in truths)
    assert 40_000 < sizes[0] and sizes[-1] < 160_000 and len(set(sizes)) > N * 0.9
    assert 70_000 < sizes[N // 2] < 110_000


def test_rating_agrees_with_the_band_of_the_scores(generated):
    bands = FW["rating_bands"]["with_nine_statements_total_out_of_36"]
    for t in generated[2]:
        total = sum(t["scores"].values())
        lo, hi = bands[t["overall_rating"]]
        assert lo <= total <= hi and total == t["total_score"]
        if t["printed_overall_pct"] is not None:
            assert t["printed_overall_pct"] == -(-total * 100 // 36)  # CQC rounds up: 22/36 is 62


def test_scores_are_printed_in_summary_and_sections(generated):
    _, _, truths, texts = generated
    for t in truths:
        lines = plain(texts[t["file"]])
        printed = [int(m[1]) for ln in lines if (m := re.fullmatch(r"Score:? ?(\d)", ln))]
        expected = [t["scores"][str(q)] for q in range(1, 10)]
        assert printed == expected * 2, t["file"]
        assert t["overall_rating"] in lines
        if t["printed_overall_pct"] is not None:
            assert f"{t['council_name']} scored {t['printed_overall_pct']} out of 100 overall" in lines


def test_key_finding_counts_match_the_text(generated):
    """Count subsections and paragraphs with a reader that knows only the headings."""
    _, _, truths, texts = generated
    topics = {x for qs in FW["quality_statements"] for x in qs["standard_topics"]} | set(layouts.NON_STANDARD_TOPICS)
    names = {n for qs in FW["quality_statements"] for n in [qs["name"], *qs["aliases"]]}
    for t in truths:
        counts: dict[int, list[int]] = {}
        qs, collecting = 0, False
        for ln in plain(texts[t["file"]]):
            if ln == "Key findings for this quality statement":
                qs, collecting = qs + 1, True
                counts[qs] = []
            elif ln.startswith("Theme ") or ln in names:
                collecting = False
            elif collecting and ln in topics:
                counts[qs].append(0)
            elif collecting:
                counts[qs][-1] += 1
        for st in t["statements"]:
            assert counts[st["qs_no"]] == [f["paragraphs"] for f in st["key_findings"]], (t["file"], st["qs_no"])
            kc = t["key_finding_counts"][str(st["qs_no"])]
            assert kc == {"subsections": len(counts[st["qs_no"]]), "paragraphs": sum(counts[st["qs_no"]])}
            assert 2 <= kc["subsections"] <= 7


def test_national_metrics_and_waiting_times_match_the_text(generated):
    _, _, truths, texts = generated
    for t in truths:
        text = "\n".join(plain(texts[t["file"]]))
        assert text.count("England average") == len(t["national_metrics"]), t["file"]
        for r in t["national_metrics"]:
            assert r["la_value"] in text and r["england_value"] in text
            assert layouts.COMPARISONS[r["comparison"]] == r["direction"]
            assert r["period"] is None or re.fullmatch(r"20\d\d-\d\d", r["period"])
            assert r["source"] is None or r["source"] in layouts.SOURCES
        for r in t["waiting_times"]:
            assert f"{r['days']} days" in text
            assert r["days_low"] is None or int(r["days_low"]) < int(r["days"])


def test_finance_truth_is_consistent(generated):
    _, _, truths, texts = generated
    for t in truths:
        f, flags, text = t["finance"], t["finance_flags"], texts[t["file"]]
        assert f["financial_year"] is None or re.fullmatch(r"20\d\d-\d\d", f["financial_year"])
        for key in ("budget", "asc"):
            est, act, stated = f[f"{key}_estimated_gbp"], f[f"{key}_actual_gbp"], f[f"{key}_difference_gbp"]
            assert stated != 0
            if act is None:
                assert f"{key}_actual_gbp" in flags["malformed_amounts"]
            else:
                assert (act - est != stated) == flags[f"{key}_difference_mismatch"]
            if t["layout"]["amount_style"] == "comma":
                assert f"£{est:,}" in text and f"£{abs(stated):,}" in text


def test_every_layout_variation_is_exercised(generated):
    _, _, truths, texts = generated
    lay = [t["layout"] for t in truths]
    for field in ("markdown", "crlf", "bom", "curly_quotes", "nbsp", "en_dash", "summary_bullets", "print_pct",
                  "banner", "trailing_spaces", "label_rating_word", "theme_intro", "demographics_heading"):
        assert {x[field] for x in lay} == {True, False}, field
    assert {x["finance_style"] for x in lay} == {"para", "dash", "bullet"}
    assert {x["amount_style"] for x in lay} == {"comma", "pence", "million", "million_tight"}
    assert {x["year_style"] for x in lay} == {"mixed", "slash2", "slash4", "dash4", None}
    assert {x["score_style"] for x in lay} == {"Score: {n}", "Score {n}"}
    assert {x["ext"] for x in lay} == {"md", "txt"}
    assert len({x["finance_intro"] for x in lay}) == 5
    joined = "\n".join(texts.values())
    for needle in ("\r\n", "\u2019", "\u00a0", "\u2013", "\u2022 ", "morethan", "more than budgeted", " less than ",
                   "million", "most deprived out of 317", "out of 153", "10 being the least deprived",
                   "(10 is the most deprived)", "approximately", "over ", "Assessment start date:",
                   "Local authority indicative rating", "Good: Evidence shows a good standard",
                   "Page last updated:", "Royal Borough of", " & ", "Council of the Isles of Scilly"):
        assert needle in joined, needle
    assert re.search(r"population of \d{1,3}\.\d{3}\.", joined)  # dot as thousands separator
    assert re.search(r"£[\d,]+,\d{4}\b", joined)  # broken grouping
    metrics = [r for t in truths for r in t["national_metrics"]]
    assert {r["comparison"] for r in metrics} == set(layouts.COMPARISONS)
    assert {r["source"] for r in metrics} == set(layouts.SOURCES) | {None}
    assert any(r["source_inherited"] for r in metrics) and {r["unit"] for r in metrics} == {"%", "score"}
    waits = [r for t in truths for r in t["waiting_times"]]
    assert {r["service"] for r in waits} == set(layouts.WAIT_SERVICES)
    assert {r["measure"] for r in waits} == {"median", "average", "maximum", "range"}
    assert any(r["previous_days"] for r in waits) and any(r["people_waiting"] for r in waits)
    assert any(f["topic"] is None for t in truths for s in t["statements"] for f in s["key_findings"])
    assert any(s["name_as_printed"] != FW["quality_statements"][s["qs_no"] - 1]["name"]
               for t in truths for s in t["statements"])
    assert any(t["finance_flags"]["new_layout_lines"] for t in truths)
    demo = collections.Counter(k for t in truths for k, v in t["demographics"].items() if v is not None)
    assert {"imd_value", "imd_rank", "combined_authority", "ethnic_minority_pct"} <= set(demo)


def test_pilots_are_indicative_and_dated_before_formal_reports(generated):
    _, _, truths, texts = generated
    pilots = [t for t in truths if t["kind"] == "pilot"]
    assert pilots and all(t["is_indicative"] and t["published_on"] == "2023-11-17" and t["assessment_started_on"]
                          for t in pilots)
    assert all(plain(texts[t["file"]])[0] == f"{t['council_name']} assessment" for t in pilots)
    formal = [t for t in truths if t["kind"] == "formal"]
    assert all("2024-05-17" <= t["published_on"] <= "2026-10-31" and not t["is_indicative"] for t in formal)


def test_encoding_line_endings_and_line_count(generated):
    _, paths, truths, _ = generated
    by_name = {t["file"]: t for t in truths}
    for p in paths:
        data, t = p.read_bytes(), by_name[p.name]
        assert data.startswith(b"\xef\xbb\xbf") == t["layout"]["bom"]
        assert (data.count(b"\r\n") == data.count(b"\n")) == t["layout"]["crlf"]
        assert data.count(b"\n") == t["lines"] and len(data) == t["bytes"]


def test_cli_writes_reports_and_truth(tmp_path, capsys):
    assert corpus.main(["--reports", "3", "--out", str(tmp_path / "cli"), "--seed", "9"]) == 0
    assert len(list((tmp_path / "cli").iterdir())) == 3
    assert len(corpus.read_truth(tmp_path / "cli")) == 3
    assert "wrote 3 reports" in capsys.readouterr().out


def test_generate_report_is_usable_alone():
    import random

    rng = random.Random(1)
    row = next(r for r in corpus.load_councils() if r["name"] == "Windsor and Maidenhead")
    text, truth = corpus.generate_report(rng, row, FW, layouts.random_layout(rng))
    assert truth["gss_code"] == row["gss_code"] and json.dumps(truth)
    assert truth["council_name"] in text
