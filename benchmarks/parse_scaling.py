"""Parse time against input size for pathological inputs: it must grow linearly, never quadratically.

    python benchmarks/parse_scaling.py [--base 100000] [--megabyte] [--kind NAME ...]

Each kind is one repetitive paragraph (a long line of `£1,`, `England average 5% ` ten thousand times,
many short lines, ...) put into the seed report at the place where it does most harm (the financial
facts, a key finding, the demographics). For each kind the paragraph is timed at 1x, 2x, 4x and 8x
`--base` characters (a tenth of it for kinds made of lines, which reach the line limit sooner; best of
three parses, CPU time) and the ratios to 1x are printed: linear time gives about 2, 4 and 8, quadratic time 4,
16 and 64. `--megabyte` also parses a 1 MB paragraph of each kind and prints the time and the outcome
(parsed, or rejected in one line by a limit of `cqc_la.parsing.boundaries`). The target: no input of
1 MB takes more than 2 seconds. `tests/security/test_parse_time.py` checks the same kinds, by ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "hartlepool-0525.md"

# Where a paragraph goes: before the first line of the seed that starts with these words.
FACTORS = (1, 2, 4, 8)
PLACES = {
    "finance": "The local authority estimated that in 2023/24",
    "demographics": "Hartlepool Borough Council is a unitary authority",
    "front": "Assessment published",
    "summary": "Most people could access information",
    "findings": "National data from the Adult Social Care Survey",
    "end": None,  # after the last line
}


@dataclass(frozen=True)
class Kind:
    name: str
    place: str
    unit: str  # repeated to the size asked for
    lead: str = ""  # printed once before the repeated unit
    tail: str = ""  # printed once after it
    test_size: int = 40_000  # characters at which tests/security/test_parse_time.py doubles it


KINDS: tuple[Kind, ...] = (
    Kind("pounds_in_finance", "finance", "\u00a31,"),
    Kind("millions_in_finance", "finance", "\u00a31 million "),
    Kind("england_average", "findings", "England average 5% "),
    Kind("england_sentences", "findings", "5% of people were happy, better than the England average of 6%. "),
    Kind("nationally", "findings", "compared with 5% nationally "),
    Kind("sources_and_years", "findings", "England average 5% (SALT) 2023 to 2027 "),
    Kind("median_waits", "findings", "median waiting time of 5 days, ", test_size=160_000),
    Kind("wait_lines", "findings", "median wait of 5 days\n", test_size=80_000),
    Kind("months", "findings", "5 months wait "),
    Kind("digits", "findings", "1", lead="The England average was "),
    Kind("percent_signs", "findings", "%", lead="England average 5"),
    Kind("days", "findings", "days ", lead="waiting "),
    Kind("score_words", "findings", "Score: 1 "),
    Kind("pipes", "findings", "| "),
    Kind("table_rows", "demographics", "| Population | 1 |\n"),
    Kind("brackets", "findings", "["),
    Kind("links", "findings", "[a]("),
    Kind("headings", "findings", "# a #\n", test_size=8_000),
    Kind("no_spaces", "findings", "a"),
    Kind("spaces", "findings", " ", lead="England average 5% SALT", tail="x"),
    Kind("full_stops", "finance", "A. "),
    Kind("short_lines", "end", "A\n", test_size=8_000),
    Kind("form_feeds", "findings", "\f\n", test_size=8_000),
    Kind("people_counts", "finance", "1,", tail="; long-term"),
    Kind("capitalised_words", "demographics", "North East ", tail="so Integrated Care Board."),
    Kind("table_cell", "demographics", "a", lead="| ", tail=" | 1 | 2 |"),
    Kind("spaces_after_averages", "findings", " ", lead="the England averages", tail="x"),
    Kind(
        "long_measure",
        "findings",
        "carer review ",
        lead="5% of carers ",
        tail="were happy, better than the England average of 6%.",
    ),
)


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def short_report_lines() -> list[str]:
    """The seed up to the end of its first quality statement: every place of `PLACES` in a fifth of the
    text (a parse of a few milliseconds, so that a paragraph's own cost dominates in tests)."""
    lines = seed_lines()
    return lines[: lines.index("# Supporting people to live healthier lives")]


def report_with(kind: Kind, size: int, lines: list[str] | None = None) -> str:
    """The seed with a paragraph of about `size` characters of `kind` at its place."""
    lines = lines if lines is not None else seed_lines()
    words = PLACES[kind.place]
    at = len(lines) if words is None else next(i for i, line in enumerate(lines) if line.startswith(words))
    paragraph = kind.lead + kind.unit * max(1, size // len(kind.unit)) + kind.tail
    return "\n".join([*lines[:at], paragraph, "", *lines[at:]])


def parse_time(text: str, repeat: int = 3) -> tuple[float, str]:
    """Best of `repeat` parses, in CPU seconds of this process (what other processes on a shared machine
    do does not count), and the outcome ('parsed' or the one-line error)."""
    from cqc_la.parsing import parse_report
    from cqc_la.report import ReportError

    best = float("inf")
    outcome = "parsed"
    for _ in range(repeat):
        start = time.process_time()
        try:
            parse_report(text, "scaling.md")
        except ReportError as error:
            outcome = str(error)
        best = min(best, time.process_time() - start)
    return best, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=100_000, help="characters of the 1x paragraph")
    parser.add_argument("--megabyte", action="store_true", help="also parse a 1 MB paragraph of each kind")
    parser.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    args = parser.parse_args(argv)
    lines = seed_lines()
    kinds = [kind for kind in KINDS if not args.kind or kind.name in args.kind]
    seed_s, _ = parse_time("\n".join(lines))
    print(f"seed alone: {seed_s * 1000:.0f} ms")
    header = f"{'kind':22} {'1x chars':>9} {'1x ms':>8} {'2x/1x':>6} {'4x/1x':>6} {'8x/1x':>6}"
    print(header + ("  1 MB" if args.megabyte else ""))
    worst = 0.0
    for kind in kinds:
        # a kind of many lines reaches the line limit sooner: its 1x is a tenth of the others'
        base = args.base // 10 if "\n" in kind.unit else args.base
        timed = [parse_time(report_with(kind, base * factor, lines)) for factor in FACTORS]
        times = [seconds for seconds, _ in timed]
        row = f"{kind.name:22} {base:9,} {times[0] * 1000:8.1f} "
        row += " ".join(f"{t / times[0]:6.1f}" for t in times[1:])
        rejected = [
            factor for factor, (_, outcome) in zip(FACTORS, timed, strict=True) if outcome != "parsed"
        ]
        if rejected:
            row += f"  (rejected by a limit from {rejected[0]}x)"
        if args.megabyte:
            seconds, outcome = parse_time(report_with(kind, 1_000_000, lines), repeat=1)
            worst = max(worst, seconds)
            shown = (
                "parsed" if outcome == "parsed" else "rejected: " + outcome.split(": expected ", 1)[1][:48]
            )
            row += f"  {seconds:5.2f} s {shown}"
        print(row, flush=True)
    if args.megabyte:
        print(f"slowest 1 MB input: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
