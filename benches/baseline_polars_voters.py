"""The register checks of huanjie's voters (docs/domain.md §7), written directly in polars: the
honest baseline of benches/bench_voters.py. One row per finding: (row, rule).

Same rules as huanjie on the benchmark's data (no records, one election day): VOTER-ID for an
ID number whose check character (MOD 11-2) or birth date is wrong; VOTER-AGE when the 18th
birthday falls after ``as_of`` (a birthday counts on the day; 29 February → 28 February);
category 3: VOTER-RESIDENCE unless a year has run before ``as_of``, VOTER-CONSENT when the
meeting said no; a person (valid ID) with more than one row: VOTER-DUPLICATE on every row, or
VOTER-TWO-UNITS when the rows name more than one unit.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def findings(df: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    ids = pl.col("id_number")
    digits = [ids.str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(17)]
    total = pl.sum_horizontal([d * w for d, w in zip(digits, WEIGHTS)]) % 11
    expected = total.replace_strict(list(range(11)), list(CHECK), return_dtype=pl.String)
    birth = ids.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    valid = (
        (ids.str.len_bytes() == 18)
        & pl.all_horizontal([d.is_not_null() for d in digits])
        & birth.is_not_null()
        & (ids.str.slice(17, 1).str.to_uppercase() == expected)
    )
    x = df.with_row_index("row").with_columns(valid=valid, birth=birth)
    out = []
    out.append(x.filter(~pl.col("valid")).select("row", rule=pl.lit("VOTER-ID")))
    out.append(
        x.filter(pl.col("valid") & (pl.col("birth").dt.offset_by("18y") > as_of)).select(
            "row", rule=pl.lit("VOTER-AGE")
        )
    )
    c3 = x.filter(pl.col("category") == "3")
    out.append(
        c3.filter(~(pl.col("residence_since").dt.offset_by("1y") < as_of)).select(
            "row", rule=pl.lit("VOTER-RESIDENCE")
        )
    )
    out.append(c3.filter(pl.col("consent") == "否").select("row", rule=pl.lit("VOTER-CONSENT")))
    v = x.filter(pl.col("valid")).select("row", "id_number", "unit_code")
    dup = v.filter(pl.len().over("id_number") > 1).with_columns(
        units=pl.col("unit_code").n_unique().over("id_number")
    )
    out.append(
        dup.select(
            "row",
            rule=pl.when(pl.col("units") > 1)
            .then(pl.lit("VOTER-TWO-UNITS"))
            .otherwise(pl.lit("VOTER-DUPLICATE")),
        )
    )
    return pl.concat(out).with_columns(pl.col("row").cast(pl.Int64))
