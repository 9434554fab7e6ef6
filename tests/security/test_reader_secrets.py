"""The per-user file of the library login's passwords (one per server) loses none when processes for
several servers add theirs at once: an embedded server per project, per test worker, or a laptop
switching between servers. A lost password made the next process set a new one, and the connections
the first process had pooled with the old one then failed to log in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WRITERS = 6
ROUNDS = 15
_WRITE = """
import sys
from cqc_la import readonly
writer = int(sys.argv[1])
for round_no in range(int(sys.argv[2])):
    readonly._new_password(f"postgresql://postgres@server-{writer}-{round_no}:5432/cqc_la")
"""


def test_processes_adding_passwords_for_other_servers_at_once_lose_none(tmp_path: Path) -> None:
    secrets = tmp_path / "reader-login.json"
    environment = {**os.environ, "CQC_LA_READER_SECRETS": str(secrets)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITE, str(writer), str(ROUNDS)], env=environment)
        for writer in range(WRITERS)
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0] * WRITERS
    stored = json.loads(secrets.read_text(encoding="utf-8"))
    expected = {f"server-{w}-{r}:5432" for w in range(WRITERS) for r in range(ROUNDS)}
    assert expected - set(stored) == set(), f"{len(expected - set(stored))} passwords lost"
    assert secrets.stat().st_mode & 0o077 == 0, "readable by its owner only"
