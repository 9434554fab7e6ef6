"""The load progress bar: silent for a few files, a line per tenth in logs, one redrawn line on a terminal."""

from __future__ import annotations

import io

from cqc_la.cli.progress import FEW_FILES, Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_few_files_need_no_bar() -> None:
    stream = io.StringIO()
    progress = Progress(FEW_FILES, stream=stream)
    for _ in range(FEW_FILES):
        progress.advance()
    assert stream.getvalue() == ""


def test_in_a_log_it_prints_one_line_per_tenth() -> None:
    stream = io.StringIO()
    progress = Progress(100, stream=stream)
    for number in range(100):
        progress.advance(failed=number == 50)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0].startswith("10/100 files (10%)")
    assert lines[-1].startswith("100/100 files (100%)") and "1 failed" in lines[-1]


def test_on_a_terminal_it_redraws_one_line() -> None:
    stream = _Terminal()
    progress = Progress(20, stream=stream)
    for _ in range(20):
        progress.advance()
    output = stream.getvalue()
    assert output.count("\r") == 20 and output.endswith("\n")
    assert "[" + "#" * 30 + "] 20/20 files" in output


def test_the_rate_counts_from_the_given_start() -> None:
    import time

    stream = io.StringIO()
    progress = Progress(10, stream=stream, started=time.perf_counter() - 10.0)
    for _ in range(10):
        progress.advance()
    assert stream.getvalue().splitlines()[-1].endswith("1.0/s")
