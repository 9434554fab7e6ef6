"""Benchmark of bulk loading against its physical floor, a bare COPY of the same rows.

    python benchmarks/bench.py --reports 1000 --json bench-1000.json [--keep-corpus DIR]

Against the server of CQC_LA_DATABASE_URL (or the embedded default); the role needs CREATEDB, since
every measurement runs in a database of its own that is dropped afterwards. Steps:

1. generate a deterministic synthetic corpus of N reports (benchmarks/corpus.py);
2. `parse_s`: parse every file, no database;
3. `load_s`: `cqc-la load DIR` end to end (read, parse, write, commit) into an empty, migrated schema,
   at N and at N/10, with the peak memory of the command and its workers (`peak_rss_mb`);
4. `floor_s`: the same rows (the loader's own `build_rows`) written by bare COPY in one transaction
   into another empty schema; `ratio` = load_s / floor_s;
5. `views_ms`: median of 5 runs of `select * from analysis.<view>` for every view of the contract,
   every row fetched as text (as psql receives it); also as Python objects (`views_typed_ms`), the
   server's execution time (`views_server_ms`) and the first 200 rows through a cursor
   (`views_first_rows_ms`); `search_ms`: median of three `search_findings` queries;
6. `formats`: parse time per report of the fixture reports as text, one HTML page, eleven tabs and a
   PDF (reading included), with the ratios to text (`benchmarks/formats.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CONTRACT_VIEWS = (
    "framework",
    "assessment_overview",
    "latest_assessments",
    "quality_statement_scores",
    "score_distribution",
    "theme_scores",
    "near_boundary",
    "national_metrics",
    "measure_comparison",
    "waiting_times",
    "financial_facts",
    "demographics",
    "findings",
    "improvement_areas",
    "rating_vs_deprivation",
    "load_warnings",
    "published_result_check",
)
SEARCHES = ("waiting list", '"waiting list" -carers', "transitions")
LONG_SEARCH = "carers " * 500  # a 500-word query (it took minutes before search_findings was bounded)


def _server_url() -> str:
    from cqc_la import config, embedded

    return config.libpq_url(config.configured_url() or embedded.start())


class Scratch:
    """A throw-away database on the benchmark server."""

    def __init__(self, server: str, label: str) -> None:
        self.server = server
        self.name = f"cqc_la_bench_{label}_{uuid.uuid4().hex[:8]}"
        base, _, query = server.partition("?")
        self.url = base.rsplit("/", 1)[0] + "/" + self.name + ("?" + query if query else "")

    def __enter__(self) -> Scratch:
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(f'create database "{self.name}"')
        from cqc_la import migrate

        migrate.upgrade(self.url)
        return self

    def __exit__(self, *exc: object) -> None:
        from cqc_la import database

        database.engine(self.url).dispose()
        with psycopg.connect(self.server, autocommit=True) as connection:
            connection.execute(f'drop database if exists "{self.name}" with (force)')


def _peak_rss_of(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for `process`; return its exit code and the peak RSS (MB) of it and its children together."""
    peak = 0
    root = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
            peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.05)
    return process.returncode, peak / 2**20


def timed_cli_load(
    server: str, corpus: Path, label: str, jobs: int | None, measure_queries: bool = False
) -> dict:
    with Scratch(server, label) as scratch:
        command = [sys.executable, "-m", "cqc_la.cli.main", "load", str(corpus), "--quiet"]
        if jobs:
            command += ["--jobs", str(jobs)]
        env = {**os.environ, "CQC_LA_DATABASE_URL": scratch.url}
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        code, peak = _peak_rss_of(process)
        elapsed = time.perf_counter() - started
        output = process.stdout.read().decode() if process.stdout else ""
        if code != 0:
            raise SystemExit(f"cqc-la load failed ({code}):\n{output}")
        result = {"load_s": elapsed, "peak_rss_mb": peak, "summary": output.strip().splitlines()[-1]}
        if measure_queries:
            result.update(query_timings(scratch.url))
        return result


def parse_all(files: list[Path]) -> tuple[float, list]:
    from cqc_la.parsing import parse_report

    started = time.perf_counter()
    reports = [parse_report(path) for path in files]
    return time.perf_counter() - started, reports


def floor_copy(server: str, reports: list) -> float:
    """Write exactly the loader's rows for every report with bare COPY, in one transaction."""
    from sqlalchemy import text

    from cqc_la import __version__, database
    from cqc_la.loading.reference import load_councils, load_measures, match_council
    from cqc_la.loading.rows import COLUMNS, Ids, build_rows

    with Scratch(server, "floor") as scratch:
        engine = database.engine(scratch.url)
        with engine.begin() as connection:
            load_councils(connection)
            load_measures(connection)
            councils = {
                r.council_name.value: match_council(connection, str(r.council_name.value)) for r in reports
            }
            unknown = [name for name, council in councils.items() if council is None]
            for name in unknown:
                councils[name] = connection.execute(
                    text(
                        "insert into cqc.council (name, council_name, is_reference) values (:n, :n, false) "
                        "returning council_id"
                    ),
                    {"n": name},
                ).scalar()
        tables: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        next_section = next_paragraph = 1
        for number, report in enumerate(reports, start=1):
            ids = Ids(
                number,
                number,
                range(next_section, next_section + len(report.sections)),
                range(next_paragraph, next_paragraph + len(report.blocks)),
            )
            next_section += len(report.sections)
            next_paragraph += len(report.blocks)
            for table, rows in build_rows(
                report, ids, councils[report.council_name.value], __version__
            ).items():
                tables[table].extend(rows)
        raw = engine.raw_connection()
        try:
            started = time.perf_counter()
            with raw.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
                for table, columns in COLUMNS.items():
                    with cursor.copy(f"copy cqc.{table} ({', '.join(columns)}) from stdin") as copy:
                        for row in tables[table]:
                            copy.write_row(row)
            raw.commit()
            return time.perf_counter() - started
        finally:
            raw.close()


def _median_ms(run, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2)


def _text_connection(url: str, views: tuple[str, ...]) -> psycopg.Connection:
    """A connection that receives every value as text, as psql and other SQL clients do, so the timing is
    the database answering and sending the rows, not Python building Decimal and date objects."""
    from psycopg.types.string import TextLoader

    connection = psycopg.connect(url)
    for view in views:
        for column in connection.execute(f"select * from analysis.{view} limit 0").description or []:
            connection.adapters.register_loader(column.type_code, TextLoader)
    return connection


def query_timings(url: str) -> dict[str, dict[str, float]]:
    """Per view: `select *` fetched whole as text (views_ms) and as Python objects by psycopg
    (views_typed_ms), its server execution time from EXPLAIN ANALYZE (views_server_ms), and the first
    200 rows through a cursor, as GUI clients page (views_first_rows_ms); and the search function."""
    timings: dict[str, dict[str, float]] = {
        "views_ms": {},
        "views_typed_ms": {},
        "views_server_ms": {},
        "views_first_rows_ms": {},
        "search_ms": {},
    }
    with psycopg.connect(url) as connection, _text_connection(url, CONTRACT_VIEWS) as as_text:
        for view in CONTRACT_VIEWS:
            sql = f"select * from analysis.{view}"
            timings["views_ms"][view] = _median_ms(lambda sql=sql: as_text.execute(sql).fetchall())
            timings["views_typed_ms"][view] = _median_ms(lambda sql=sql: connection.execute(sql).fetchall())
            plans = [
                connection.execute("explain (analyze, format json) " + sql).fetchone()[0][0] for _ in range(3)
            ]
            timings["views_server_ms"][view] = round(statistics.median(p["Execution Time"] for p in plans), 2)

            def first_rows(sql: str = sql) -> None:
                with connection.cursor(name="bench") as cursor:
                    cursor.execute(sql)
                    cursor.fetchmany(200)
                connection.rollback()

            timings["views_first_rows_ms"][view] = _median_ms(first_rows)
        for q in SEARCHES:
            timings["search_ms"][q] = _median_ms(
                lambda q=q: connection.execute("select * from analysis.search_findings(%s)", [q]).fetchall()
            )
        timings["search_ms"]["carers x500"] = _median_ms(
            lambda: connection.execute("select * from analysis.search_findings(%s)", [LONG_SEARCH]).fetchall()
        )
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1000, help="N, the number of reports (default 1000)")
    parser.add_argument("--json", type=Path, required=True, help="where to write the results")
    parser.add_argument("--keep-corpus", type=Path, help="generate the corpus here and keep it")
    parser.add_argument("--jobs", type=int, help="passed to cqc-la load --jobs")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each input format's parse, median kept (default 3)"
    )
    args = parser.parse_args(argv)

    from corpus import generate_corpus

    n = args.reports
    small = max(1, n // 10)
    workdir = Path(tempfile.mkdtemp(prefix="cqc-la-bench-"))
    corpus = args.keep_corpus or workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    files = generate_corpus(n, corpus, seed=args.seed)
    small_corpus = workdir / "corpus-small"
    small_corpus.mkdir()
    for path in files[:small]:
        (small_corpus / path.name).write_bytes(path.read_bytes())
    corpus_mb = sum(p.stat().st_size for p in files) / 2**20
    print(f"corpus: {n} reports, {corpus_mb:.1f} MB", file=sys.stderr)

    server = _server_url()
    parse_s, reports = parse_all(files)
    print(f"parse: {parse_s:.2f} s", file=sys.stderr)
    floor_s = floor_copy(server, reports)
    del reports
    print(f"floor (bare COPY): {floor_s:.2f} s", file=sys.stderr)
    small_run = timed_cli_load(server, small_corpus, "small", args.jobs)
    print(f"load {small}: {small_run['load_s']:.2f} s", file=sys.stderr)
    full_run = timed_cli_load(server, corpus, "full", args.jobs, measure_queries=True)
    print(f"load {n}: {full_run['load_s']:.2f} s", file=sys.stderr)
    views_ms, search_ms = full_run["views_ms"], full_run["search_ms"]
    over = {view: ms for view, ms in views_ms.items() if ms > 100}

    import formats

    formats_result = formats.measure(repeat=args.repeat)
    per_report_small = small_run["load_s"] / small
    per_report_full = full_run["load_s"] / n
    result = {
        "reports": n,
        "corpus_mb": round(corpus_mb, 2),
        "parse_s": round(parse_s, 3),
        "load_s": round(full_run["load_s"], 3),
        "floor_s": round(floor_s, 3),
        "ratio": round(full_run["load_s"] / floor_s, 3),
        "reports_per_s": round(n / full_run["load_s"], 1),
        "peak_rss_mb": round(full_run["peak_rss_mb"], 1),
        "load_summary": full_run["summary"],
        "views_ms": views_ms,
        "views_ms_max": max(views_ms.values()),
        "views_over_100_ms": over,
        "views_typed_ms": full_run["views_typed_ms"],
        "views_server_ms": full_run["views_server_ms"],
        "views_first_rows_ms": full_run["views_first_rows_ms"],
        "search_ms": search_ms,
        "search_ms_max": max(search_ms.values()),
        "small": {
            "reports": small,
            "load_s": round(small_run["load_s"], 3),
            "reports_per_s": round(small / small_run["load_s"], 1),
            "peak_rss_mb": round(small_run["peak_rss_mb"], 1),
        },
        "per_report_ratio_n_vs_n10": round(per_report_full / per_report_small, 3),
        "formats": formats_result,
        "jobs": args.jobs,
        "cpu_count": os.cpu_count(),
    }
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    shutil.rmtree(workdir, ignore_errors=True)  # the kept corpus (--keep-corpus) lives elsewhere
    return 0


if __name__ == "__main__":
    sys.exit(main())
