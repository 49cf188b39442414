"""Type stubs of the native module ``huanjie._huanjie`` (checked with mypy.stubtest)."""

import datetime
import os
from typing import Any, Dict, List, Optional, Tuple, Union, final

__all__ = [
    "__version__",
    "HuanjieError",
    "InvalidIdError",
    "InputError",
    "RulePackError",
    "ResidentId",
    "RulePack",
    "NativeCheck",
    "FamilyGraph",
    "NativeCount",
    "NativeVoters",
    "voters",
    "stats",
    "NativeStats",
    "report",
    "NativeReport",
    "check",
    "review_request",
    "review_collect",
    "ids",
    "read_table",
    "count",
    "apportion",
    "recall",
    "to_table",
    "table_to_xlsx",
    "_rust_api_seconds",
    "reference_ningxia_2021",
    "reference_demo",
    "normalize_header",
    "canonical_column",
    "used_columns",
    "id_column",
    "normalize_ids",
    "_input_error",
    "notebook_html",
]

__version__: str

_DateLike = Union[datetime.date, str]

class HuanjieError(ValueError):
    kind: Optional[str]
    table: Optional[str]
    file: Optional[str]
    sheet: Optional[str]
    row: Optional[int]
    line: Optional[int]
    column: Optional[str]
    detail: Optional[str]
    def errors(self) -> List[Dict[str, Any]]: ...

class InvalidIdError(HuanjieError): ...
class InputError(HuanjieError): ...
class RulePackError(HuanjieError): ...

@final
class ResidentId:
    def __new__(cls, text: str, as_of: Optional[_DateLike] = None) -> "ResidentId": ...
    @property
    def birth_date(self) -> Optional[datetime.date]: ...
    @property
    def sex(self) -> str: ...
    @property
    def address_code(self) -> str: ...
    @property
    def residence_permit(self) -> Optional[str]:
        """``"hong_kong"``, ``"macao"`` or ``"taiwan"`` for a residence permit of Hong Kong,
        Macao or Taiwan residents (address code 81…, 82…, 83…); ``None`` for a mainland
        resident's number."""
    @property
    def is_legacy(self) -> bool: ...
    @property
    def number(self) -> str: ...
    def masked(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class RulePack:
    @staticmethod
    def builtin(name: str) -> "RulePack": ...
    @staticmethod
    def builtin_names() -> List[str]: ...
    @staticmethod
    def from_file(path: Union[str, "os.PathLike[str]"]) -> "RulePack": ...
    @staticmethod
    def from_text(text: str) -> "RulePack": ...
    @property
    def name(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def hash(self) -> str: ...
    @property
    def extends(self) -> List[str]: ...
    @property
    def items(self) -> List[Dict[str, Any]]: ...
    def rules(self, code: Optional[str] = None, as_of: Optional[_DateLike] = None) -> Any: ...
    def rules_json(self, code: Optional[str] = None, as_of: Optional[_DateLike] = None) -> str: ...
    def to_toml(self) -> str: ...
    def to_json(self) -> str: ...

@final
class NativeCheck:
    def findings(self, mask: bool = False) -> Any: ...
    def outcomes(self, mask: bool = False) -> Any: ...
    def summary(self) -> Any: ...
    def audit_json(self) -> str: ...
    def to_json(self, mask: bool = False) -> str: ...
    def to_text(self, mask: bool = True) -> str: ...
    def to_xlsx(
        self, path: Union[str, os.PathLike[str]], mask: bool = False, extra: Optional[str] = None
    ) -> None: ...
    @property
    def exit_code(self) -> int: ...
    def annotation(self, ids: Any) -> Any: ...
    def summary_json(self) -> str: ...
    def html(self, limit: int = 20) -> str: ...

@final
class FamilyGraph:
    def __new__(
        cls,
        relations: Any,
        *,
        as_of: _DateLike,
        pack: Optional[RulePack] = None,
        strict: bool = False,
    ) -> FamilyGraph: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def problems(self) -> List[Dict[str, Any]]: ...
    def relation(self, a: str, b: str, *, mask_ids: bool = False) -> Any: ...
    def relatives(
        self, a: str, *, set: str = "official_avoidance", mask_ids: bool = False
    ) -> Any: ...
    def __len__(self) -> int: ...

@final
class NativeCount:
    def rounds(self) -> Any: ...
    def elected(self, mask: bool = False) -> Any: ...
    def runoff(self, mask: bool = False) -> Any: ...
    def ties(self, mask: bool = False) -> Any: ...
    def findings(self, mask: bool = False) -> Any: ...
    def slates(self) -> Any: ...
    def nominees(self, mask: bool = False) -> Any: ...
    def participation(self) -> Any: ...
    def nomination_findings(self, mask: bool = False) -> Any: ...
    def to_json(self, mask: bool = False) -> str: ...
    def to_text(self, mask: bool = True) -> str: ...
    def to_xlsx(self, path: Union[str, os.PathLike[str]], mask: bool = False) -> None: ...
    @property
    def exit_code(self) -> int: ...

def count(
    tallies: Any = None,
    votes: Any = None,
    roster: Any = None,
    register: Any = None,
    units: Any = None,
    *,
    as_of: _DateLike,
    nominations: Any = None,
    pack: Optional[RulePack] = None,
) -> NativeCount: ...
@final
class NativeVoters:
    def findings(self, mask: bool = False) -> Any: ...
    def units(self) -> Any: ...
    def rows(self) -> Any: ...
    def summary_json(self) -> str: ...
    def to_json(self, mask: bool = False) -> str: ...
    def to_text(self, mask: bool = True) -> str: ...
    def to_xlsx(self, path: Union[str, os.PathLike[str]], mask: bool = False) -> None: ...
    @property
    def exit_code(self) -> int: ...

def voters(
    register: Any,
    records: Any = None,
    proxies: Any = None,
    relations: Any = None,
    units: Any = None,
    people: Any = None,
    *,
    as_of: _DateLike,
    pack: Optional[RulePack] = None,
) -> NativeVoters: ...
def stats(
    people: Any,
    roster: Any,
    units: Any = None,
    tallies: Any = None,
    previous: Any = None,
    votes: Any = None,
    *,
    as_of: _DateLike,
    previous_as_of: Optional[_DateLike] = None,
    by: Optional[str] = None,
    term: Optional[int] = None,
    decimals: int = 1,
    divisions: Optional[str] = None,
    pack: Optional[RulePack] = None,
    age_bands: Optional[List[int]] = None,
) -> NativeStats: ...
@final
class NativeStats:
    def table(self) -> Any: ...
    def html(self, title: str = "换届统计 election statistics") -> str: ...
    def to_json(self) -> str: ...
    def to_text(self) -> str: ...
    def to_xlsx(self, path: Union[str, os.PathLike[str]]) -> None: ...

def report(
    people: Any,
    roster: Any,
    units: Any = None,
    tallies: Any = None,
    previous: Any = None,
    votes: Any = None,
    *,
    as_of: _DateLike,
    previous_as_of: Optional[_DateLike] = None,
    nominations: Any = None,
    records: Any = None,
    relations: Any = None,
    term: Optional[int] = None,
    pack: Optional[RulePack] = None,
    code: Optional[str] = None,
    divisions: Optional[str] = None,
    precision: Optional[Dict[str, int]] = None,
) -> NativeReport: ...

@final
class NativeReport:
    def text(self) -> str: ...
    def markdown(self) -> str: ...
    def html(self) -> str: ...
    def to_json(self) -> str: ...
    def paragraphs(self) -> List[str]: ...
    def numbers(self) -> Any: ...

def apportion(weights: Any, seats: int, method: str = "hamilton") -> Any: ...
def recall(
    *,
    registered: int,
    voted: int,
    yes: int,
    as_of: _DateLike,
    proposers: Optional[int] = None,
    proposed_by: str = "voters",
    representatives: Optional[int] = None,
    pack: Optional[RulePack] = None,
) -> str: ...
def check(
    people: Any,
    roster: Any = None,
    records: Any = None,
    relations: Any = None,
    units: Any = None,
    *,
    as_of: _DateLike,
    pack: Optional[RulePack] = None,
    strict: bool = False,
) -> NativeCheck: ...
def review_request(
    people: Any,
    roster: Any,
    *,
    as_of: _DateLike,
    out: Optional[str] = None,
    departments: Optional[List[str]] = None,
    pack: Optional[RulePack] = None,
) -> str: ...
def review_collect(
    manifest: str,
    answers: List[Tuple[Optional[str], Any]],
    people: Any,
    roster: Any = None,
    relations: Any = None,
    units: Any = None,
    *,
    as_of: _DateLike,
    pack: Optional[RulePack] = None,
    strict: bool = False,
) -> Tuple[NativeCheck, str, str]: ...
def to_table(obj: Any, table: str = "table") -> Any: ...
def table_to_xlsx(obj: Any, path: Union[str, os.PathLike[str]], name: str = "table") -> None: ...
def read_table(
    paths: List[str],
    table: str,
    *,
    sheet: Optional[str] = None,
    encoding: Optional[str] = None,
    delimiter: Optional[str] = None,
    limits: Optional[Dict[str, int]] = None,
) -> Tuple[Any, List[Optional[int]], List[Optional[str]], str]: ...
def ids(column: Any, *, as_of: Optional[_DateLike] = None) -> Any:
    """A column of ID numbers checked at once in Rust: an Arrow table (arro3) of ``id_number``,
    ``valid``, ``reason``, ``birth_date``, ``sex``, ``region``, ``residence_permit``, one row
    per value. ``huanjie.ids`` wraps it (and returns a pyarrow Table)."""
def reference_ningxia_2021(seed: int) -> List[Tuple[str, Any]]: ...
def reference_demo(seed: int) -> Tuple[str, str]: ...
def _rust_api_seconds(
    people: Any,
    records: Any = None,
    *,
    as_of: _DateLike,
    roster: Any = None,
    relations: Any = None,
    findings: bool = False,
) -> float: ...
def normalize_header(header: str) -> str: ...
def canonical_column(header: str, table: str) -> Optional[str]: ...
def used_columns(table: str, headers: List[str]) -> List[bool]: ...
def id_column(headers: List[str], table: str = "people") -> int: ...
def normalize_ids(values: Any) -> Any: ...
def _input_error(table: str, column: str, detail: str) -> InputError: ...
def notebook_html(page: str) -> str: ...
