"""huanjie (换届): the rules of China's village and community committee elections.

Hand over whole tables — pandas, polars (DataFrame or LazyFrame), pyarrow, duckdb, anything
with the Arrow PyCapsule protocol, a dict of columns or a list of dicts — often with the Chinese
headers of the spreadsheet they came from; get tables back. Every entry point takes an explicit
``as_of`` date. Errors derive from :class:`HuanjieError` and never contain ID numbers or names.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from ._huanjie import (
    HuanjieError,
    InputError,
    InvalidIdError,
    ResidentId,
    RulePackError,
    __version__,
)
from ._huanjie import FamilyGraph as _FamilyGraph
from ._huanjie import RulePack
from ._huanjie import apportion as _apportion
from ._huanjie import check as _check
from ._huanjie import count as _count
from ._huanjie import recall as _recall
from ._huanjie import stats as _stats
from ._huanjie import report as _report
from ._huanjie import voters as _voters
from ._huanjie import to_table as _to_table
from ._huanjie import table_to_xlsx as _table_to_xlsx
from ._huanjie import _input_error
from ._huanjie import id_column as _id_column
from ._huanjie import normalize_ids as _normalize_ids
from ._huanjie import notebook_html as _notebook_html
from ._huanjie import used_columns as _used_columns
from ._huanjie import ids as _ids
from ._huanjie import read_table as _read_table

__all__ = [
    "HuanjieError",
    "InputError",
    "InvalidIdError",
    "RulePackError",
    "ResidentId",
    "RulePack",
    "CheckResult",
    "CountResult",
    "FamilyGraph",
    "apportion",
    "check",
    "count",
    "ids",
    "read_table",
    "ReadTable",
    "recall",
    "rules",
    "voters",
    "VotersResult",
    "stats",
    "StatsResult",
    "report",
    "Report",
    "reference",
    "to_arrow",
    "to_excel",
    "normalize_ids",
    "__version__",
]

DateLike = Union[_dt.date, str]


def _errors(self: HuanjieError) -> List[Dict[str, Any]]:
    """The error as a list of one problem, each a dict of ``kind``, ``table``, ``file``,
    ``sheet``, ``row``, ``line``, ``column``, ``detail`` and ``message`` (the whole text) — the
    shape of pydantic's ``ValidationError.errors()``, so callers never parse the message."""
    keys = ("kind", "table", "file", "sheet", "row", "line", "column", "detail")
    problem: Dict[str, Any] = {k: getattr(self, k, None) for k in keys}
    problem["message"] = str(self)
    return [problem]


HuanjieError.errors = _errors  # type: ignore[attr-defined]


def _frame_kind(obj: Any) -> Optional[str]:
    """``"pandas"`` for a pandas DataFrame, ``"polars"`` for a polars DataFrame or LazyFrame."""
    module = type(obj).__module__.split(".")[0]
    name = type(obj).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "polars" and name in ("DataFrame", "LazyFrame"):
        return "polars"
    return None


def _column_frame(obj: Any, kind: str, i: int) -> Any:
    """The ``i``-th column of a frame, as a frame of one column."""
    if kind == "pandas":
        return obj.iloc[:, [i]]
    return obj.select(obj.columns[i])


def _unreadable_column(obj: Any, kind: str) -> Optional[str]:
    """The header of the first column of a frame that cannot be read through Arrow."""
    for i, header in enumerate(obj.columns):
        try:
            _to_table(_column_frame(obj, kind, i), "column")
        except HuanjieError:
            return str(header)
    return None


_MIXED = (
    "the column cannot be read through the Arrow protocol (it may mix types, e.g. numbers and "
    "text): convert it to one type, e.g. df[column].astype(\"string\")"
)


def _materialise(obj: Any, table: Optional[str] = None) -> Any:
    """A table as it is handed to Rust.

    A pandas or polars frame given as ``table`` (``people``, ``roster``, …) keeps only the
    columns whose header means one of that table's columns — the others (a ``序号`` of mixed
    types, notes) are never converted — and is converted to Arrow here, so that a column that
    cannot be converted is named (``InputError`` with ``table`` and ``column``). A polars
    LazyFrame is collected (after the selection). polars exports an all-empty column (dtype
    ``Null``, common for an empty spreadsheet column) in a form that the Arrow C stream reader
    rejects next to string-view columns; such columns are cast to text first, which copies no
    data. Everything else is handed over as it is.
    """
    if isinstance(obj, (list, tuple)) and obj and _is_frame(obj[0]):
        # Several frames, one per department: each on its own (a dict of its headers alone
        # when it has none of the table's columns, made a table so it fails as one).
        parts = [_materialise(part, table) for part in obj]
        return [_to_table(p, table) if isinstance(p, dict) else p for p in parts]
    kind = _frame_kind(obj)
    if kind is None:
        return obj
    if kind == "polars" and type(obj).__name__ == "LazyFrame":
        if table is not None:
            obj = _used(obj, table, list(obj.collect_schema().names()))
            if isinstance(obj, dict):
                return obj
        obj = obj.collect()
    elif table is not None:
        obj = _used(obj, table, [str(c) for c in obj.columns])
        if isinstance(obj, dict):
            return obj
    if kind == "polars":
        import polars as pl

        nulls = [name for name, dtype in obj.schema.items() if dtype == pl.Null]
        if nulls:
            obj = obj.with_columns(pl.col(nulls).cast(pl.String))
    if table is None:
        return obj
    try:
        return _to_table(obj, table)
    except InputError as e:
        if e.column is not None:
            raise
        column = _unreadable_column(obj, kind)
        if column is None:
            raise
        raise _input_error(table, column, _MIXED) from None


def _is_frame(obj: Any) -> bool:
    """Whether ``obj`` is a frame or an Arrow table (not a row given as a dict)."""
    return _frame_kind(obj) is not None or hasattr(obj, "__arrow_c_stream__")


def _used(obj: Any, table: str, headers: List[str]) -> Any:
    """The frame with only the columns ``table`` reads (pandas: with a fresh index, so that an
    index of any type is never converted). With none of them, a table of the headers alone and
    no rows, which fails as the table would (its required columns are missing)."""
    keep = [i for i, used in enumerate(_used_columns(table, headers)) if used]
    if not keep and headers:
        return {h: [] for h in headers}
    if _frame_kind(obj) == "pandas":
        if len(keep) == len(headers):
            return obj.reset_index(drop=True)
        return obj.iloc[:, keep].reset_index(drop=True)
    if len(keep) == len(headers):
        return obj
    return obj.select([headers[i] for i in keep])


def _optional(obj: Any, table: str) -> Any:
    """``None`` stays ``None``; a table goes through :func:`_materialise`."""
    return None if obj is None else _materialise(obj, table)


class CheckResult:
    """The result of :func:`check`: ``findings`` and ``outcomes`` are Arrow tables
    (``pl.DataFrame(res.findings)`` and ``pa.table(res.findings)`` work), typed even when empty;
    ``summary`` is a dict, as on every result. Renders as a summary and the first findings in a
    notebook.
    """

    #: How many findings the notebook view shows.
    html_rows = 20

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def findings(self) -> Any:
        """One row per rule that applies (docs/tables.md "Results"); full ID numbers."""
        return self._native.findings()

    @property
    def outcomes(self) -> Any:
        """One row per person vetted: id_number, row, unit_code, outcome, rules, …"""
        return self._native.outcomes()

    @property
    def summary(self) -> Dict[str, Any]:
        """The ``summary`` of the JSON document: persons, eligible, ineligible, should_not,
        needs_review, findings, by_severity, by_rule, records_after_as_of, records_unattributed,
        unread_cells (when there are any), and the audit block. (It was a one-row table before;
        that table is :attr:`summary_table`.)"""
        return dict(_json.loads(self._native.summary_json()))

    @property
    def summary_table(self) -> Any:
        """The counts as a one-row Arrow table: persons, eligible, ineligible, should_not,
        needs_review, findings, records_after_as_of, records_unattributed (what ``summary`` was
        before it became a dict)."""
        return self._native.summary()

    @property
    def audit(self) -> Dict[str, Any]:
        """huanjie's version, the pack's name and hash, ``as_of`` and the inputs."""
        return _json.loads(self._native.audit_json())

    @property
    def exit_code(self) -> int:
        """0 when nothing bars or needs review, else 1 (as the command-line tool)."""
        return int(self._native.exit_code)

    def masked(self) -> Dict[str, Any]:
        """The findings and outcomes tables with ID numbers masked, for sharing."""
        return {"findings": self._native.findings(True), "outcomes": self._native.outcomes(True)}

    def to_json(self, mask: bool = False) -> str:
        """The command-line tool's JSON document."""
        return str(self._native.to_json(mask))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], mask: bool = False) -> None:
        """Writes the command-line tool's workbook (``--format xlsx``) to ``path``: a summary
        sheet and a sheet per table, a Chinese and an English header row, ID numbers as text,
        dates as dates; full ID numbers unless ``mask=True``."""
        self._native.to_xlsx(os.fspath(path), mask)

    def to_text(self, mask: bool = True) -> str:
        """The clerk's text report, one line per finding (IDs masked by default)."""
        return str(self._native.to_text(mask))

    def to_pandas(self) -> Dict[str, Any]:
        """``{"findings", "outcomes", "summary"}`` as pandas DataFrames (needs pyarrow);
        ``summary`` is :attr:`summary_table`, one row."""
        import pyarrow as pa

        return {k: pa.table(v).to_pandas() for k, v in self._tables().items()}

    def to_polars(self) -> Dict[str, Any]:
        """``{"findings", "outcomes", "summary"}`` as polars DataFrames; ``summary`` is
        :attr:`summary_table`, one row."""
        import polars as pl

        return {k: pl.DataFrame(v) for k, v in self._tables().items()}

    def annotate(self, df: Any) -> Any:
        """``df`` with ``outcome`` and ``rules`` columns added (replaced if it has them), joined
        on the ID number: any order, any subset of the rows, the user's row order and index kept.

        The ID column is found by its header as huanjie finds it (``id_number``, 身份证号码,
        身份证号, 公民身份号码, 证件号码, 身份证, 公民身份证号码, 身份证件号码, 身份证号码（18位）,
        证件号; full-width forms and spaces ignored); its numbers are normalised as huanjie does
        (spaces, a leading apostrophe, full-width digits, a lower-case ``x``, ``="…"``, a 15-digit
        number upgraded). A row whose number nobody vetted has, or whose number is empty, gets
        nulls. Works for pandas, polars (DataFrame or LazyFrame: collected) and pyarrow tables;
        raises :class:`InputError` when ``df`` has no ID column (naming the headers accepted).
        """
        module = type(df).__module__.split(".")[0]
        name = type(df).__name__
        if module == "polars" and name in ("DataFrame", "LazyFrame"):
            import polars as pl

            if name == "LazyFrame":
                df = df.collect()
            ids = df.to_series(_id_column(list(df.columns), "people"))
            if ids.dtype == pl.Null:
                ids = ids.cast(pl.String)
            ann = pl.DataFrame(self._native.annotation(ids))
            return df.with_columns(ann.get_column("outcome"), ann.get_column("rules"))
        if module == "pandas" and name == "DataFrame":
            import pyarrow as pa

            i = _id_column([str(c) for c in df.columns], "people")
            extra = pa.table(self._native.annotation(df.iloc[:, i])).to_pandas()
            extra.index = df.index
            return df.assign(outcome=extra["outcome"], rules=extra["rules"])
        if module == "pyarrow" and name == "Table":
            import pyarrow as pa

            i = _id_column(list(df.column_names), "people")
            t = pa.table(self._native.annotation(df.column(i)))
            out = df
            for col in t.column_names:
                j = out.schema.get_field_index(col)
                if j >= 0:
                    out = out.set_column(j, col, t.column(col))
                else:
                    out = out.append_column(col, t.column(col))
            return out
        raise TypeError(
            f"annotate() takes a pandas, polars or pyarrow table, not {type(df).__name__}"
        )

    def _tables(self) -> Dict[str, Any]:
        return {"findings": self.findings, "outcomes": self.outcomes, "summary": self.summary_table}

    def _repr_html_(self) -> str:
        """The notebook view: counts by outcome and the first :attr:`html_rows` findings (ID
        numbers masked), its style scoped to itself."""
        return str(self._native.html(self.html_rows))

    def __repr__(self) -> str:
        s = self.audit
        return f"CheckResult(pack={s['pack']['name']!r}, as_of={s['as_of']!r}, exit_code={self.exit_code})"


def check(
    people: Any,
    roster: Any = None,
    records: Any = None,
    relations: Any = None,
    units: Any = None,
    *,
    as_of: DateLike,
    pack: Optional[Union[RulePack, str]] = None,
    strict: bool = False,
) -> CheckResult:
    """Vet candidates: the negative list and the statutory bars (the county joint review).

    With ``roster``, the persons vetted are those with a roster row; without it, every row of
    ``people``. With ``relations`` (family facts: ``person``, ``relative``, ``relation`` — what
    the relative is to the person — or 本人/亲属/称谓), close-relative avoidance (AV-01 …) is
    checked over the roster. With a roster, the composition of each unit's committees is
    checked (COMP-…: sizes, a woman on the 村委会, …); ``units`` (unit_code, households,
    smaller_groups, election_date, seats_director, seats_deputy_director, seats_member — or
    区划代码, 户数, 人数较少的民族, …) adds the slate margins, smaller ethnic groups and the
    households per representative. ``pack`` is a :class:`RulePack` or a built-in name (default
    ``cn-2021``). Any table may be a list of frames, one per department
    (``records=[police_df, court_df]``): each result's ``source`` names its frame
    (``records[1]``). Blank rows (no cell in the columns the table reads) are skipped and listed
    in ``audit["inputs"][i]["skipped_rows"]``.
    Raises :class:`InputError` for unusable tables (naming table, column and row).
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    native = _check(
        _materialise(people, "people"),
        _optional(roster, "roster"),
        _optional(records, "records"),
        _optional(relations, "relations"),
        _optional(units, "units"),
        as_of=as_of,
        pack=pack,
        strict=strict,
    )
    return CheckResult(native)


def rules(
    pack: Optional[Union[RulePack, str]] = None,
    *,
    as_of: Optional[DateLike] = None,
    code: Optional[str] = None,
) -> Any:
    """The rule catalogue: every code huanjie reports, as an Arrow table (``pl.DataFrame(hj.rules())``
    works) with its titles, severity, legal reference, dates (``in_force`` on ``as_of``), what it
    checks, what the reviewer should do, its cases and the pack values it reads. ``pack`` is a
    :class:`RulePack` or a built-in name (default ``cn-2021``); ``code`` keeps one rule
    (``"NEG-03"``) or a family (``"COMP"``). The same as ``huanjie rules`` on the command line.
    """
    if pack is None:
        pack = "cn-2021"
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    return pack.rules(code=code, as_of=as_of)


class FamilyGraph:
    """The family graph of a relations table on ``as_of`` (marriages count between their start
    and end dates), for looking up how two persons are related (docs/domain.md §5).

    ``relations`` is any table huanjie accepts with ``person``, ``relative`` and ``relation``
    (本人, 亲属, 称谓: any kinship term — 父亲, 岳父, 嫂子, 堂哥 …, docs/kinship-terms.md) and
    optionally ``kind`` (blood/养/继), ``start_date``, ``end_date``. Persons are ID numbers or
    ``key:<text>``. Raises :class:`InputError` naming the rows of a cycle or two blood fathers; a
    row that cannot be read (an invalid ID, an unknown term, a term the ID numbers contradict, a
    term whose readings differ) is left out and listed in :attr:`problems` — or, with
    ``strict=True``, raises.
    """

    def __init__(
        self,
        relations: Any,
        *,
        as_of: DateLike,
        pack: Optional[Union[RulePack, str]] = None,
        strict: bool = False,
    ) -> None:
        if isinstance(pack, str):
            pack = RulePack.builtin(pack)
        self._native = _FamilyGraph(
            _materialise(relations, "relations"), as_of=as_of, pack=pack, strict=strict
        )

    @property
    def problems(self) -> List[Dict[str, Any]]:
        """The rows left out of the graph: ``row`` (0-based), ``column``, ``kind``
        (``unreadable``, ``term_mismatch``, ``ambiguous_term``, ``term_conflict`` …),
        ``message`` (never an ID number)."""
        problems: List[Dict[str, Any]] = self._native.problems
        return problems

    @property
    def as_of(self) -> _dt.date:
        """The reference date."""
        return self._native.as_of

    def relation(self, a: str, b: str, *, mask_ids: bool = False) -> Dict[str, Any]:
        """Every class between ``a`` and ``b``: ``{"a", "b", "as_of", "term_zh", "term_en",
        "reverse_term_zh", "reverse_term_en", "classes", "sets", "path", "description_zh",
        "description_en"}``; ``classes`` is empty when unrelated, a term null when the
        vocabulary has none for the path."""
        result: Dict[str, Any] = self._native.relation(a, b, mask_ids=mask_ids)
        return result

    def relatives(
        self, a: str, *, set: str = "official_avoidance", mask_ids: bool = False
    ) -> Any:
        """Everyone in the relation set ``set`` to ``a``, nearest first, as an Arrow table
        (``relative``, ``term_zh``, ``term_en``, ``classes``, ``sets``, ``steps``,
        ``description_zh``, ``description_en``, ``path`` as JSON text)."""
        return self._native.relatives(a, set=set, mask_ids=mask_ids)

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return repr(self._native)


class ReadTable:
    """A table read from files as county offices produce them (see :func:`read_table`)."""

    def __init__(self, table: Any, lines: List[Optional[int]], sources: List[Optional[str]], inputs: str) -> None:
        self._table = table
        #: The 1-based line of each data row in its file (title, header and blank rows counted).
        self.lines: List[Optional[int]] = lines
        #: The file (``file#sheet`` for a workbook) of each data row.
        self.sources: List[Optional[str]] = sources
        #: Per file: the sheet, header lines, data lines, every header's use, the columns not
        #: used and the rows skipped (the audit entries of ``huanjie check``).
        self.inputs: List[Dict[str, Any]] = _json.loads(inputs)

    @property
    def table(self) -> Any:
        """The columns read, as a pyarrow table (an arro3 table without pyarrow)."""
        try:
            import pyarrow as pa
        except ImportError:
            return self._table
        return pa.table(self._table)

    def __len__(self) -> int:
        return len(self.lines)

    def __repr__(self) -> str:
        names = ", ".join(str(i.get("name")) for i in self.inputs)
        return f"<huanjie.ReadTable {len(self)} rows from {names}>"


def read_table(
    paths: Any,
    table: str = "people",
    *,
    sheet: Optional[str] = None,
    encoding: Optional[str] = None,
    delimiter: Optional[str] = None,
    limits: Optional[Mapping[str, int]] = None,
) -> ReadTable:
    """Read one file or several (one per department) as the table ``table`` the way the
    command line does (docs/tables.md "Finding the table"): the sheet holding the table (or
    ``path#sheet``, or ``sheet=`` by name or 1-based number), the header below any title rows
    (a merged two-row header joined), blank and footer rows (合计, 备注, 填表人 …) skipped,
    CSV/TSV/UTF-16/GBK detected. Returns a :class:`ReadTable`: ``.table`` (the columns read, to
    pass to :func:`check` and the other functions), ``.lines`` and ``.sources`` (each row's line
    and file), ``.inputs`` (the audit of each file). Raises :class:`InputError` naming the file,
    sheet and line when no row holds the table's required columns.

    ``limits`` raises (or lowers) the bounds on each file, by name: ``file_bytes`` (4 GiB),
    ``part_bytes`` (4 GiB, one XLSX part unpacked), ``cells`` (100 million positions a sheet),
    ``cell_chars`` (32,767), ``rows`` (50 million). Going over one raises :class:`InputError`
    with ``kind == "too_large"``, before the memory is taken.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    native = _read_table(
        [os.fspath(p) for p in paths],
        table,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        limits=dict(limits) if limits is not None else None,
    )
    return ReadTable(*native)


def ids(column: Any, *, as_of: Optional[DateLike] = None) -> Any:
    """Check a whole column of resident ID numbers at once, in Rust (no Python loop).

    ``column`` is a pyarrow ``Array`` or ``ChunkedArray``, a pandas or polars ``Series``, a
    one-dimensional numpy array, or a list or tuple. Text is checked as :class:`ResidentId`
    checks it (spaces, an apostrophe, full-width digits cleaned; a 15-digit number upgraded);
    an int is read as its digits; a float is invalid — a spreadsheet stored the number as a
    number, which cannot hold 18 digits — and ``None`` (or NaN) is invalid as empty. With
    ``as_of``, a birth date after it is invalid too.

    Returns a pyarrow ``Table`` (an arro3 table when pyarrow is not installed; both convert
    with ``pl.DataFrame(t)`` or ``pa.table(t)``), one row per value, in order:

    - ``id_number``: the normalised 18 characters; null when invalid
    - ``valid``: bool
    - ``reason``: why not (the message :class:`InvalidIdError` would carry, never the
      number); null when valid
    - ``birth_date``: date32; ``sex``: ``"male"`` or ``"female"``; ``region``: the six-digit
      address code as text — null when invalid
    - ``residence_permit``: ``"hong_kong"``, ``"macao"``, ``"taiwan"`` for a residence permit
      of Hong Kong, Macao or Taiwan residents; null otherwise

    Raises ``TypeError`` for something that is not one column (a table of several columns,
    a 2-D array, a single str, a column of dates).
    """
    table = _ids(column, as_of=as_of)
    try:
        import pyarrow as pa
    except ImportError:
        return table
    return pa.table(table)


def to_arrow(obj: Any, table: str = "table") -> Any:
    """Any table huanjie accepts, as an Arrow table (every column; useful to see what it sees)."""
    return _to_table(_materialise(obj), table)


def to_excel(table: Any, path: Union[str, "os.PathLike[str]"], name: str = "table") -> None:
    """Writes any table — an :func:`apportion` result, a pandas or polars frame, an Arrow table —
    as a workbook of one sheet ``name``, with huanjie's conventions: a Chinese header row (for
    every column huanjie knows) above the English one, text as text (ID numbers never become
    numbers), dates as dates, frozen header, filter buttons. The results' own ``to_excel``
    write the command-line tool's whole workbook."""
    _table_to_xlsx(_materialise(table, name), os.fspath(path), name)


def normalize_ids(values: Any) -> Any:
    """ID numbers as huanjie joins them, as an Arrow string array in the same order
    (``pa.array(hj.normalize_ids(df["身份证号码"]))``): the 18 characters of each valid number
    (spaces, a leading apostrophe, full-width digits, a lower-case ``x`` and ``="…"`` cleaned; a
    15-digit number upgraded), the trimmed text of one that does not validate (as the results
    give it), null for an empty cell. ``values``: a pandas or polars Series, a pyarrow Array or
    ChunkedArray, or a list; numbers are read as spreadsheets stored them. Vectorised in Rust."""
    return _normalize_ids(values)


class CountResult:
    """The result of :func:`count`. ``rounds``, ``elected``, ``runoff``, ``ties`` and
    ``findings`` (the count of votes) and ``slates``, ``nominees``, ``participation`` and
    ``nomination_findings`` (the count of nominations) are Arrow tables, typed even when empty
    (a stage not given has empty tables); ``summary`` is a dict."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._doc: Optional[Dict[str, Any]] = None

    @property
    def rounds(self) -> Any:
        """One row per unit, body and round: valid, reasons, voters, ballots, turnout (exact
        ``turnout_num``/``turnout_den`` and ``turnout_percent``), seats and unfilled per role."""
        return self._native.rounds()

    @property
    def elected(self) -> Any:
        """One row per person elected: unit_code, body, round, id_number (or name for a
        write-in), role, votes, row (in votes), write_in."""
        return self._native.elected()

    @property
    def runoff(self) -> Any:
        """The second-round (另行选举) candidates, in the shape of ``elected``."""
        return self._native.runoff()

    @property
    def ties(self) -> Any:
        """One row per candidate in a tie at a last seat (the seat stays unfilled)."""
        return self._native.ties()

    @property
    def findings(self) -> Any:
        """Unit-level findings: COUNT-NO-WOMAN, COUNT-WRITE-IN, COUNT-WRITE-IN-ELECTED,
        COUNT-REGISTERED."""
        return self._native.findings()

    @property
    def slates(self) -> Any:
        """The count of nominations: one row per unit, body and role — as_of, seats, margin_min,
        margin_max, nominees, formal (formal candidates), tied."""
        return self._native.slates()

    @property
    def nominees(self) -> Any:
        """One row per nominee of each slate, most nominated first: unit_code, body, role, rank,
        id_number, name, nominations, nominator_persons, nominators_counted,
        organisation_nominations, outcome (formal, not_formal, tied, undecided)."""
        return self._native.nominees()

    @property
    def participation(self) -> Any:
        """Who took part in nominating: per unit and nominator_kind (null: every kind) the
        distinct nominator_persons, the nominators_counted on rows that give only a number,
        and organisation_nominations; then totals (unit_code null)."""
        return self._native.participation()

    @property
    def nomination_findings(self) -> Any:
        """Findings of the count of nominations: NOM-ROW, NOM-TIE, NOM-SHORT, NOM-SEATS (and
        DATA-VALUE for units cells that cannot be read)."""
        return self._native.nomination_findings()

    @property
    def summary(self) -> Dict[str, Any]:
        """Elections, valid first rounds, invalid, first-ballot success, seats, filled, unfilled,
        ties, findings, and the audit block; with nominations alone, the nomination stage's
        (rows, rows_not_counted, slates, nominees, formal, tied, short_slates, findings)."""
        return dict(self.to_dict()["summary"])

    @property
    def nomination_summary(self) -> Optional[Dict[str, Any]]:
        """The nomination stage's summary (``None`` when no nominations were given)."""
        d = self.to_dict()
        if "nomination_summary" in d:
            return dict(d["nomination_summary"])
        if "slates" in d:
            return dict(d["summary"])
        return None

    @property
    def exit_code(self) -> int:
        """1 when an election is invalid, a seat is left unfilled or something needs review."""
        return int(self._native.exit_code)

    def to_dict(self, mask: bool = False) -> Dict[str, Any]:
        """The command-line tool's JSON document as a dict."""
        if mask:
            return dict(_json.loads(self._native.to_json(True)))
        if self._doc is None:
            self._doc = _json.loads(self._native.to_json(False))
        return dict(self._doc)

    def to_json(self, mask: bool = False) -> str:
        """The command-line tool's JSON document."""
        return str(self._native.to_json(mask))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], mask: bool = False) -> None:
        """Writes the command-line tool's workbook (``--format xlsx``) to ``path``: a summary
        sheet and a sheet per table, a Chinese and an English header row, ID numbers as text,
        dates as dates; full ID numbers unless ``mask=True``."""
        self._native.to_xlsx(os.fspath(path), mask)

    def to_text(self, mask: bool = True) -> str:
        """The command-line tool's text report (ID numbers masked unless ``mask=False``)."""
        return str(self._native.to_text(mask))

    def to_pandas(self) -> Dict[str, Any]:
        """``{"rounds", "elected", "runoff", "ties", "findings"}`` as pandas DataFrames, and
        ``"slates", "nominees", "participation", "nomination_findings"`` when nominations were
        given."""
        import pyarrow as pa

        return {k: pa.table(v).to_pandas() for k, v in self._tables().items()}

    def to_polars(self) -> Dict[str, Any]:
        """The same tables as polars DataFrames."""
        import polars as pl

        return {k: pl.DataFrame(v) for k, v in self._tables().items()}

    def _tables(self) -> Dict[str, Any]:
        return {
            "rounds": self.rounds,
            "elected": self.elected,
            "runoff": self.runoff,
            "ties": self.ties,
            "findings": self.findings,
            **(
                {
                    "slates": self.slates,
                    "nominees": self.nominees,
                    "participation": self.participation,
                    "nomination_findings": self.nomination_findings,
                }
                if self.nomination_summary is not None
                else {}
            ),
        }

    def __repr__(self) -> str:
        s = self.summary
        if "elections" not in s:
            return (
                f"CountResult(slates={s['slates']}, formal={s['formal']}, "
                f"tied={s['tied']}, exit_code={self.exit_code})"
            )
        return (
            f"CountResult(elections={s['elections']}, invalid={s['invalid']}, "
            f"unfilled={s['unfilled']}, exit_code={self.exit_code})"
        )


def count(
    tallies: Any = None,
    votes: Any = None,
    roster: Any = None,
    register: Any = None,
    units: Any = None,
    *,
    as_of: DateLike,
    nominations: Any = None,
    pack: Optional[Union[RulePack, str]] = None,
) -> CountResult:
    """The count (计票, docs/domain.md §7): per unit, body and round, validity (more than half of the
    registered voters voted; no more ballots returned than voters), winners per role (more than
    half of the votes), unfilled seats, second-round candidates and winners (most votes and at
    least one third of the ballots), ties at the last seat (never broken).

    ``tallies``: unit_code, body, round, registered, voted, ballots_returned, ballots_invalid,
    seats_director, seats_deputy_director, seats_member (or 区划代码, 组织, 轮次, 登记选民数, …).
    ``votes``: unit_code, body, round, id_number (or name for a write-in), role, votes.
    ``roster`` gives the slate (votes for others are write-ins), ``register`` the voters per
    unit, ``units`` each unit's election day and seats. Raises :class:`InputError` naming the
    table, row and column of unusable input (a negative count, a round 2 without a round 1,
    more votes than ballots × seats, an unknown role or body).

    ``nominations`` (提名: unit_code, body, role, id_number of the nominee, nominator_kind, and
    nominator — one nominator's ID number — or nominators — a number of them; both empty for a
    党组织 nomination) adds the count of nominations: per unit, body and role the most nominated
    become formal candidates, up to the units table's seats plus the pack's largest margin
    (差额), a tie across the cut never broken (``slates``, ``nominees``, ``participation``,
    ``nomination_findings``). ``tallies`` and ``votes`` may then be left out; at least one
    stage must be given (:class:`HuanjieError` otherwise).
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    native = _count(
        _optional(tallies, "tallies"),
        _optional(votes, "votes"),
        _optional(roster, "roster"),
        _optional(register, "register"),
        _optional(units, "units"),
        as_of=as_of,
        nominations=_optional(nominations, "nominations"),
        pack=pack,
    )
    return CountResult(native)


def apportion(weights: Any, seats: int, method: str = "hamilton") -> Any:
    """Share ``seats`` among groups by weight (e.g. 村民代表 among 村民小组 by households).

    ``weights``: ``group`` (村民小组), ``weight`` or ``households`` (户数), optional
    ``min_seats``. ``method``: ``hamilton`` (largest remainder), ``dhondt``, ``sainte-lague``
    or ``huntington-hill``. Returns an Arrow table: group, weight, min_seats, quota, seats,
    tie (a seat decided by a tie, broken by larger weight then input order). Raises
    :class:`InputError` for a negative or missing weight, or more minimum seats than seats.
    """
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise HuanjieError("seats must be a whole number of 0 or more")
    return _apportion(_materialise(weights, "weights"), seats, method)


def recall(
    *,
    registered: int,
    voted: int,
    yes: int,
    as_of: DateLike,
    proposers: Optional[int] = None,
    proposed_by: str = "voters",
    representatives: Optional[int] = None,
    pack: Optional[Union[RulePack, str]] = None,
) -> Dict[str, Any]:
    """Recall (罢免, 村民委员会组织法 art. 16): whether the proposal is enough (one fifth of the
    voters or one third of the representatives), the vote stands (more than half of the
    registered voters voted) and the recall passes (more than half of those who voted).

    Returns ``{"proposal", "proposal_ok", "turnout", "valid", "support", "passed",
    "parameters"}`` with each ratio as ``{"num", "den"}``.
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    for name, v in (
        ("registered", registered),
        ("voted", voted),
        ("yes", yes),
        ("proposers", proposers),
        ("representatives", representatives),
    ):
        if v is None and name in ("proposers", "representatives"):
            continue
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise HuanjieError(f"{name} must be a whole number of 0 or more")
    out: Dict[str, Any] = _json.loads(
        _recall(
            registered=registered,
            voted=voted,
            yes=yes,
            as_of=as_of,
            proposers=proposers,
            proposed_by=proposed_by,
            representatives=representatives,
            pack=pack,
        )
    )
    return out


class VotersResult:
    """The result of :func:`voters`: ``findings``, ``units`` and ``rows`` are Arrow tables."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def findings(self) -> Any:
        """VOTER-AGE, VOTER-RIGHTS, VOTER-… per register row (``row`` is the register row),
        the units' VOTER-TIMELINE and VOTER-COUNT, and AV-05 per proxies row."""
        return self._native.findings()

    @property
    def units(self) -> Any:
        """Per unit: unit_code, election_date, rows, eligible, ineligible, needs_review."""
        return self._native.units()

    @property
    def rows(self) -> Any:
        """One ``outcome`` per register row, in the register's order."""
        return self._native.rows()

    @property
    def summary(self) -> Dict[str, Any]:
        """rows, eligible, ineligible, needs_review, duplicated, in_two_units, findings, audit."""
        return dict(_json.loads(self._native.summary_json()))

    @property
    def exit_code(self) -> int:
        """1 when any row is barred or needs review (as the command-line tool)."""
        return int(self._native.exit_code)

    def masked(self) -> Any:
        """The findings with ID numbers masked."""
        return self._native.findings(True)

    def to_json(self, mask: bool = False) -> str:
        """The command-line tool's JSON document (``huanjie voters --format json``)."""
        return str(self._native.to_json(mask))

    def to_excel(self, path: Union[str, "os.PathLike[str]"], mask: bool = False) -> None:
        """Writes the command-line tool's workbook (``--format xlsx``) to ``path``: a summary
        sheet and a sheet per table, a Chinese and an English header row, ID numbers as text,
        dates as dates; full ID numbers unless ``mask=True``."""
        self._native.to_xlsx(os.fspath(path), mask)

    def to_text(self, mask: bool = True) -> str:
        """The command-line tool's text report (ID numbers masked unless ``mask=False``)."""
        return str(self._native.to_text(mask))

    def to_pandas(self) -> Dict[str, Any]:
        """``{"findings", "units", "rows"}`` as pandas DataFrames."""
        import pyarrow as pa

        return {k: pa.table(getattr(self, k)).to_pandas() for k in ("findings", "units", "rows")}

    def to_polars(self) -> Dict[str, Any]:
        """The same as polars DataFrames."""
        import polars as pl

        return {k: pl.DataFrame(getattr(self, k)) for k in ("findings", "units", "rows")}

    def __repr__(self) -> str:
        s = self.summary
        return f"VotersResult(rows={s['rows']}, eligible={s['eligible']}, exit_code={self.exit_code})"


def voters(
    register: Any,
    records: Any = None,
    proxies: Any = None,
    relations: Any = None,
    units: Any = None,
    people: Any = None,
    *,
    as_of: DateLike,
    pack: Optional[Union[RulePack, str]] = None,
) -> VotersResult:
    """Check a voter register (选民名单, docs/domain.md §7): valid ID numbers, 18 or older on the
    unit's election day, not deprived of political rights (``records``), the registration
    categories (category 3: a year's residence and the meeting's consent), nobody registered
    twice (across the whole register, naming both rows); with ``units``, the list's publication
    at least 20 days before election day; with ``proxies`` (unit_code, principal, proxy —
    委托人, 受托人), AV-05: the proxy a close relative (``relations``) with the vote in the same
    unit, carrying at most the pack's number of principals; with ``people``, a recorded sex or
    birth date contradicting a voter's ID number (DATA-SEX, DATA-BIRTH, review).
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    native = _voters(
        _materialise(register, "register"),
        _optional(records, "records"),
        _optional(proxies, "proxies"),
        _optional(relations, "relations"),
        _optional(units, "units"),
        _optional(people, "people"),
        as_of=as_of,
        pack=pack,
    )
    return VotersResult(native)


class StatsResult:
    """The result of :func:`stats`: an Arrow-compatible long table (``pa.table(res)``,
    ``pl.DataFrame(res)`` work), rendered as the HTML report in a notebook."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._table: Any = None

    @property
    def table(self) -> Any:
        """level, code, name, kind, figure, label_zh, label_en, num, den, text, value (and the
        previous term's figure and the changes when asked)."""
        if self._table is None:
            self._table = self._native.table()
        return self._table

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.table.__arrow_c_stream__(requested_schema)

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame."""
        import pyarrow as pa

        return pa.table(self.table).to_pandas()

    def to_polars(self) -> Any:
        """The table as a polars DataFrame."""
        import polars as pl

        return pl.DataFrame(self.table)

    def to_html(self, title: str = "换届统计 election statistics") -> str:
        """The self-contained HTML report (tables and inline SVG charts, no network)."""
        return str(self._native.html(title))

    def to_json(self) -> str:
        """The command-line tool's JSON document (``huanjie stats --format json``)."""
        return str(self._native.to_json())

    def to_excel(self, path: Union[str, "os.PathLike[str]"], mask: bool = False) -> None:
        """Writes the command-line tool's workbook (``huanjie stats --format xlsx``) to ``path``:
        a summary sheet, the figures and the "两升一降" verdicts. (Statistics hold no ID
        numbers: ``mask`` changes nothing.)"""
        del mask
        self._native.to_xlsx(os.fspath(path))

    def to_text(self) -> str:
        """The command-line tool's text report."""
        return str(self._native.to_text())

    def _repr_html_(self) -> str:
        """The report as a notebook fragment: its style scoped to a ``huanjie-report``
        element, so that it never restyles the notebook."""
        return str(_notebook_html(self.to_html()))

    def __repr__(self) -> str:
        return f"StatsResult({self.table.num_rows} figures)"


def stats(
    people: Any,
    roster: Any,
    units: Any = None,
    tallies: Any = None,
    previous: Any = None,
    votes: Any = None,
    *,
    as_of: DateLike,
    previous_as_of: Optional[DateLike] = None,
    by: Optional[str] = None,
    term: Optional[int] = None,
    decimals: int = 1,
    divisions: Optional[str] = None,
    pack: Optional[Union[RulePack, str]] = None,
    age_bands: Optional[Sequence[int]] = None,
) -> StatsResult:
    """Statistics of the elected members of a term (docs/domain.md §8), per unit and rolled up to
    township, county, prefecture and province (or one level: ``by="county"`` …), for villages,
    communities and all: units, distinct "两委" persons, cross-appointment, 一肩挑, women (among
    members, committee members, directors, secretaries), education shares, mean age and age
    bands on each unit's election day, re-elected and new members (with ``previous``),
    first-round participation (with ``tallies``), first-ballot success (with ``tallies`` and
    ``votes``: the count under ``pack``). With ``previous`` and ``previous_as_of`` (the
    previous term's election day: its ages are taken on it), every figure also gets the previous
    term's, the change (percentage points for shares) and the relative change in percent, its
    direction, and a ``two_up_one_down`` row per group ("两升一降": education share and women
    share up, mean age down).

    Returns a :class:`StatsResult`: one long Arrow-compatible table (level, code, name, kind,
    figure, label_zh, label_en, num, den, text — half up at ``decimals`` — value) that renders
    as the HTML report in a notebook. Roll-ups recompute each figure on the union of
    their units' members, never an average of percentages. ``divisions`` is a
    ``code,name,level,parent`` CSV text for another province's names (Ningxia's are bundled).

    The units table's round columns (new_unit 新设, complex 情况复杂, funds_before/funds_after
    运转经费, round_status 换届状态, reelection 重新选举) and the roster's ``subsidised`` (享受补贴) and
    ``background`` (来源, the pack's backgrounds) add their figures when given; with ``tallies``
    and ``votes`` also units_first_ballot and units_runoff (另行选举). ``age_bands`` (e.g.
    ``[40, 45]``) adds ``age_40_or_under``, ``age_45_or_under`` to the default three bands. Each
    share's change against the previous term is also given in persons (``change_num``).
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    bands: Optional[List[int]] = None
    if age_bands is not None:
        if isinstance(age_bands, (str, bytes)) or not all(
            isinstance(b, int) and not isinstance(b, bool) and 1 <= b <= 150 for b in age_bands
        ):
            raise HuanjieError("age_bands must be whole years from 1 to 150, e.g. [40, 45]")
        bands = list(age_bands)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise HuanjieError("decimals must be 0 to 6")
    if term is not None and (isinstance(term, bool) or not isinstance(term, int) or not 0 <= term <= 65535):
        raise HuanjieError("term must be the year the term began, e.g. 2021")
    return StatsResult(_stats(
        _materialise(people, "people"),
        _materialise(roster, "roster"),
        _optional(units, "units"),
        _optional(tallies, "tallies"),
        _optional(previous, "previous"),
        _optional(votes, "votes"),
        as_of=as_of,
        previous_as_of=previous_as_of,
        by=by,
        term=term,
        decimals=decimals,
        divisions=divisions,
        pack=pack,
        age_bands=bands,
    ))


class Report:
    """The result of :func:`report`: the province's report (the summary of the round a
    civil-affairs department publishes) as text, Markdown and HTML, with every number traced."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._numbers: Any = None

    @property
    def text(self) -> str:
        """The report as plain text, ending with the table of the numbers and their sources."""
        return str(self._native.text())

    @property
    def markdown(self) -> str:
        """The report as Markdown, ending with the table of the numbers and their sources."""
        return str(self._native.markdown())

    @property
    def html(self) -> str:
        """The report as one self-contained HTML page: each number with a tooltip naming its
        figure, num and den, and a footnote to the table of sources."""
        return str(self._native.html())

    @property
    def paragraphs(self) -> List[str]:
        """The paragraphs as plain text (a sentence whose figure was not computed is left out)."""
        return list(self._native.paragraphs())

    @property
    def numbers(self) -> Any:
        """The numbers printed, one row each (an Arrow-compatible table): ``number`` as printed,
        ``figure``, ``level``, ``code``, ``kind``, ``num``, ``den``, ``previous_num``,
        ``previous_den``, ``reading``."""
        if self._numbers is None:
            self._numbers = self._native.numbers()
        return self._numbers

    def to_json(self) -> str:
        """The command-line tool's JSON document (``huanjie report --format json``):
        ``{title, level, code, name, as_of, previous_as_of, paragraphs, numbers}``."""
        return str(self._native.to_json())

    def _repr_html_(self) -> str:
        """The report as a notebook fragment, its style scoped to itself."""
        return str(_notebook_html(self.html))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"<huanjie.Report: {len(self.paragraphs)} paragraphs, {len(self.numbers)} numbers>"


def report(
    people: Any,
    roster: Any,
    units: Any = None,
    tallies: Any = None,
    previous: Any = None,
    votes: Any = None,
    *,
    as_of: DateLike,
    previous_as_of: Optional[DateLike] = None,
    nominations: Any = None,
    records: Any = None,
    relations: Any = None,
    term: Optional[int] = None,
    pack: Optional[Union[RulePack, str]] = None,
    code: Optional[str] = None,
    divisions: Optional[str] = None,
    precision: Optional[Mapping[str, int]] = None,
) -> Report:
    """The province's report — the Chinese summary of the round a civil-affairs department
    publishes (宁夏民政厅 2021: 全区2207个村、642个社区全面完成换届；272万选民参加投票 …) — made from
    the statistics of :func:`stats` (the same tables and arguments), the count of nominations
    (``nominations``: who took part in nominating) and the joint review (``records``, with
    ``relations`` for close-relative avoidance: the screened-out candidates).

    ``code`` picks one group (default: the highest level present, the province);
    ``precision`` sets a sentence's decimals (``{"women_directors": 2}``; names:
    participation, one_shoulder, women_members, women_directors, education, age, voters_wan,
    nominators_wan, funds_wan). A sentence whose figure was not computed (no tallies, no
    previous term, no records …) is left out, never printed with 0. The report holds no ID
    number and no name.
    """
    if isinstance(pack, str):
        pack = RulePack.builtin(pack)
    if term is not None and (isinstance(term, bool) or not isinstance(term, int) or not 0 <= term <= 65535):
        raise HuanjieError("term must be the year the term began, e.g. 2021")
    if code is not None and not isinstance(code, str):
        raise HuanjieError("code must be a division code as text, e.g. '640000'")
    decimals: Optional[Dict[str, int]] = None
    if precision is not None:
        if not isinstance(precision, Mapping) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 6
            for k, v in precision.items()
        ):
            raise HuanjieError("precision must map sentence names to decimals 0 to 6")
        decimals = dict(precision)
    return Report(_report(
        _materialise(people, "people"),
        _materialise(roster, "roster"),
        _optional(units, "units"),
        _optional(tallies, "tallies"),
        _optional(previous, "previous"),
        _optional(votes, "votes"),
        as_of=as_of,
        previous_as_of=previous_as_of,
        nominations=_optional(nominations, "nominations"),
        records=_optional(records, "records"),
        relations=_optional(relations, "relations"),
        term=term,
        pack=pack,
        code=code,
        divisions=divisions,
        precision=decimals,
    ))


from . import reference  # noqa: E402  (the submodule uses the names above)
from . import review  # noqa: E402  (the submodule uses the names above)
