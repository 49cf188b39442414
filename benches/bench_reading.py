"""Reading county files: huanjie's table layer against polars on the same files.

    cargo bench --bench reading -- target/bench-reading 1000000 3000000   # writes and times
    .venv/bin/python benches/bench_reading.py target/bench-reading          # polars on them

The Rust benchmark (benches/reading.rs) writes a people workbook of 1,000,000 rows and a
records CSV of 3,000,000 rows, each plain and "framed" (a title row above the header, a total
and a note below the data), and prints huanjie's read times (finding the sheet and the header,
skipping the title and footer rows, accounting for every row and column; median of three).
This script reads the same files with polars — ``pl.read_excel(engine="calamine")`` and
``pl.read_csv`` (every column as text, as huanjie reads them) — median of three, and checks
that polars, told where the header is and which rows to drop, sees as many data rows as
huanjie reports. What finding the table costs is the framed time against the plain one.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import polars as pl


def median(f, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-reading")
    for tag, skip, footer in (("plain", 0, 0), ("framed", 1, 2)):
        people = d / f"people-{tag}.xlsx"
        records = d / f"records-{tag}.csv"

        def read_people() -> pl.DataFrame:
            df = pl.read_excel(
                people,
                engine="calamine",
                read_options={"header_row": skip},
                infer_schema_length=0,
            )
            return df.head(df.height - footer) if footer else df

        def read_records() -> pl.DataFrame:
            df = pl.read_csv(records, skip_rows=skip, infer_schema_length=0)
            return df.head(df.height - footer) if footer else df

        p = median(read_people)
        r = median(read_records)
        print(
            f"{tag:6} polars: people xlsx {read_people().height} rows {p:.2f} s · "
            f"records csv {read_records().height} rows {r:.2f} s"
        )


if __name__ == "__main__":
    main()
