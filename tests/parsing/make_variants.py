"""Write the layout variants of the seed report used by the parser tests.

Each variant is the seed (`seeds/hartlepool-0525.md`) reshaped the way copies of CQC pages are found
in the wild (`docs/report-format.md`): plain text, CRLF with a BOM and typographic characters, bullets,
other score-line shapes, amounts in millions, a reversed IMD scale, a pilot report, other statement
names, flattened heading levels. `test_variants.py` asserts each gives the seed's facts (with the
changes a variant makes on purpose). Run `python tests/parsing/make_variants.py` after changing a
transformation; `test_variant_files_are_current` fails when the files and this script disagree.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "hartlepool-0525.md"
OUT = ROOT / "tests" / "fixtures" / "variants"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def plain(text: str) -> str:
    """(a) No markdown at all: no `#`, no `**`, no links, no `---`, no list markers."""
    out = []
    for line in _lines(text):
        if line.strip() == "---":
            continue
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"^- ", "", line)
        line = line.replace("**", "")
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        out.append(line)
    return "\n".join(out)


def plain_compact(text: str) -> str:
    """(a2) Plain text with no blank lines at all: every line is its own paragraph."""
    return "\n".join(line for line in _lines(plain(text)) if line.strip())


def crlf_bom_typography(text: str) -> str:
    """(b) CRLF, a UTF-8 BOM, curly quotes, non-breaking spaces and en dashes."""
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)  # apostrophes
    text = re.sub(r"(?<![\w])'([^'\n]+)'", "\u2018\\1\u2019", text)  # quoted phrases
    text = text.replace("Score: ", "Score:\u00a0")
    text = text.replace("14 May 2025", "14\u00a0May\u00a02025")
    text = re.sub(r"^(\d) - Evidence", "\\1 \u2013 Evidence", text, flags=re.M)
    text = text.replace("(ASCS) 2023-2024", "(ASCS) 2023\u20132024")
    text = text.replace("£177,706,000", "£177,706,000\u00a0")
    text = text.replace("England average of", "England\u00a0average of")
    text = text.replace("population of approximately 95,366", "population of approximately\u00a095,366")
    return "\ufeff" + text.replace("\n", "\r\n")


def bullets(text: str) -> str:
    """(c) `•` bullets for the summary scores, `- ` bullets for each financial fact sentence."""
    lines = _lines(text)
    out = []
    region = None
    for line in lines:
        if line.startswith("## Financial facts"):
            region = "finance"
        elif line.startswith("# Overall summary"):
            region = None
        elif line.startswith("## Quality statement scores"):
            region = "scores"
        elif line.startswith("## Summary of people"):
            region = None
        if region == "finance" and line.startswith(("The local authority", "In 2023", "Approximately")):
            sentences = re.split(r"(?<=[.])\s+(?=[A-Z*])", line)
            out.append("\n".join(f"- {sentence}" for sentence in sentences))
            continue
        if (
            region == "scores"
            and line.strip()
            and line.strip() != "---"
            and not line.startswith(("Score", "## Q"))
        ):
            out.append("\u2022 " + re.sub(r"^#+\s+", "", line))
            continue
        out.append(line)
    return "\n".join(out)


def score_shapes(text: str) -> str:
    """(d) `Score 3` without a colon in the summary, `## Score: 3` in every statement section."""
    head, _, body = text.partition("# Theme 1")
    head = re.sub(r"^Score: (\d)$", r"Score \1", head, flags=re.M)
    body = re.sub(r"^(?:## )?Score: (\d)$", r"## Score: \1", body, flags=re.M)
    return head + "# Theme 1" + body


MILLIONS = {
    "£177,706,000": "£177.7 million",
    "£186,597,000": "£186.6 million",
    "£8,891,000": "£8.9 million",
    "£42,452,000": "£42.5 million",
    "£42,048,000": "£42.0million",
    "£404,000": "£0.4 million",
}


def millions(text: str) -> str:
    """(e) Amounts in millions (`£177.7 million`, `£42.0million`)."""
    for exact, rounded in MILLIONS.items():
        text = text.replace(exact, rounded)
    return text


def reversed_imd(text: str) -> str:
    """(f) The IMD scale stated the other way round, with the value on that scale (2 = decile 9)."""
    return text.replace(
        "score of 9 (1 is the least deprived, 10 is the most deprived)",
        "score of 2 (10 being the least deprived and 1 the most deprived)",
    )


def pilot(text: str) -> str:
    """(g) A pilot report: `<Council> assessment`, a start date, an indicative rating, pilot labels."""
    text = text.replace(
        "# Hartlepool Borough Council: local authority assessment", "# Hartlepool Borough Council assessment"
    )
    text = text.replace(
        "Assessment published: 14 May 2025",
        "Assessment published: 14 May 2025\n\nAssessment start date: 11 May 2023",
    )
    text = text.replace("## Local authority rating and score", "## Local authority indicative rating")
    text = re.sub(r"^3 - Evidence shows", "Good: Evidence shows", text, flags=re.M)
    text = re.sub(r"^2 - Evidence shows", "Requires improvement: Evidence shows", text, flags=re.M)
    # Two statements print only the label, which then gives the score.
    text = re.sub(r"^# Safeguarding\n\nScore: 3\n\n", "# Safeguarding\n\n", text, flags=re.M)
    text = re.sub(
        r"^# Equity in experience and outcomes\n\nScore: 2\n\n",
        "# Equity in experience and outcomes\n\n",
        text,
        flags=re.M,
    )
    return text


def statement_names(text: str) -> str:
    """(h) The other printed forms of three statement names, in the summary."""
    head, _, body = text.partition("## Summary of people")
    head = head.replace(
        "Supporting people to lead healthier lives", "Supporting people to live healthier lives"
    )
    head = head.replace(
        "## Safe pathways, systems and transitions", "## Safe systems, pathways and transitions"
    )
    head = head.replace("## Partnerships and communities", "## Partnership and communities")
    return head + "## Summary of people" + body


def flat_headings(text: str) -> str:
    """(i) Every heading at the same level; theme 4 named without `Theme 4:`, right after the findings."""
    text = re.sub(r"^#{1,6} ", "### ", text, flags=re.M)
    text = text.replace("### Theme 4: Leadership", "### Leadership")
    return text


VARIANTS: dict[str, tuple[Callable[[str], str], str]] = {
    "a_plain.txt": (plain, "utf-8"),
    "a2_plain_compact.txt": (plain_compact, "utf-8"),
    "b_crlf_bom_typography.md": (crlf_bom_typography, "utf-8"),
    "c_bullets.md": (bullets, "utf-8"),
    "d_score_shapes.md": (score_shapes, "utf-8"),
    "e_millions.md": (millions, "utf-8"),
    "f_reversed_imd.md": (reversed_imd, "utf-8"),
    "g_pilot.md": (pilot, "utf-8"),
    "h_statement_names.md": (statement_names, "utf-8"),
    "i_flat_headings.md": (flat_headings, "utf-8"),
}


def render() -> dict[str, bytes]:
    """File name -> bytes of every variant (the seed is read with LF line endings)."""
    seed = SEED.read_text(encoding="utf-8")
    return {name: make(seed).encode(encoding) for name, (make, encoding) in VARIANTS.items()}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in render().items():
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
