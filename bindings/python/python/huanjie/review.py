"""The county joint review (县级联审) as a round trip with the departments.

:func:`request` makes the request: one workbook per department of the pack (every candidate,
the columns the department fills, drop-down lists) and a manifest; :func:`collect` reads the
answers back — files or frames, in any order, any subset — says which candidate × department
pairs have no answer (``REVIEW-UNANSWERED``: a candidate one department has not answered for is
not cleared), and runs the joint review on the records the departments reported, exactly as
:func:`huanjie.check` does. The same as ``huanjie review request`` / ``huanjie review collect``
on the command line (docs/review.md).
"""

from __future__ import annotations

import json as _json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import CheckResult, RulePack, _materialise, _optional
from ._huanjie import review_collect as _review_collect
from ._huanjie import review_request as _review_request

__all__ = ["request", "collect", "ReviewResult"]

PathLike = Union[str, "os.PathLike[str]"]


def _pack(pack: Optional[Union[RulePack, str]]) -> Optional[RulePack]:
    return RulePack.builtin(pack) if isinstance(pack, str) else pack


def request(
    people: Any,
    roster: Any,
    *,
    as_of: Any,
    out: Optional[PathLike] = None,
    departments: Optional[Sequence[str]] = None,
    pack: Optional[Union[RulePack, str]] = None,
) -> Dict[str, Any]:
    """The review request for the candidates of ``roster`` (names from ``people``): the
    manifest as a dict (``as_of``, ``pack``, ``departments`` with their ``file`` and
    ``record_kinds``, ``candidates``). With ``out`` (a folder), one XLSX per department and
    ``manifest.json`` are written there. ``departments`` narrows the pack's list (codes or
    Chinese names: ``["公安局", "法院"]``)."""
    text = _review_request(
        _materialise(people, "people"),
        _materialise(roster, "roster"),
        as_of=as_of,
        out=None if out is None else os.fspath(out),
        departments=None if departments is None else list(departments),
        pack=_pack(pack),
    )
    return dict(_json.loads(text))


def _answers(answers: Any) -> List[Tuple[Optional[str], Any]]:
    if isinstance(answers, Mapping):
        return [(str(k), v if isinstance(v, (str, os.PathLike)) else _materialise(v, "answers"))
                for k, v in answers.items()]
    out: List[Tuple[Optional[str], Any]] = []
    for a in answers:
        if isinstance(a, tuple) and len(a) == 2:
            name, v = a
            out.append((None if name is None else str(name),
                        v if isinstance(v, (str, os.PathLike)) else _materialise(v, "answers")))
        elif isinstance(a, (str, os.PathLike)):
            out.append((None, a))
        else:
            raise TypeError("answers: give paths, (department, frame) pairs or a dict {department: frame}")
    return out


def _manifest(req: Any) -> str:
    if isinstance(req, Mapping):
        return _json.dumps(dict(req), ensure_ascii=False)
    path = os.fspath(req)
    if os.path.isdir(path):
        path = os.path.join(path, "manifest.json")
    with open(path, encoding="utf-8") as f:
        return f.read()


class ReviewResult(CheckResult):
    """The result of :func:`collect`: a :class:`~huanjie.CheckResult` (findings, outcomes,
    summary, audit …) whose records came from the departments' answers, with ``departments``
    (each department's ``answered``, ``unanswered``, ``records`` and ``files``) and
    ``answer_records`` (each record's department, 文号, source and line)."""

    def __init__(self, native: Any, departments: str, answer_records: str) -> None:
        super().__init__(native)
        self._departments = departments
        self._answer_records = answer_records

    @property
    def departments(self) -> List[Dict[str, Any]]:
        """One dict per department of the request: code, name_zh, answered, unanswered,
        records, files."""
        return list(_json.loads(self._departments))

    @property
    def answer_records(self) -> List[Dict[str, Any]]:
        """One dict per record read from an answer, by row of the records checked: department,
        document_no (文号), source, line."""
        return list(_json.loads(self._answer_records))

    def to_json(self, mask: bool = False) -> str:
        """The JSON document of ``huanjie review collect --format json``: the check's, with
        ``departments`` and ``answer_records`` after the summary."""
        doc = _json.loads(super().to_json(mask))
        out: Dict[str, Any] = {}
        for k, v in doc.items():
            out[k] = v
            if k == "summary":
                out["departments"] = self.departments
                out["answer_records"] = self.answer_records
        return _json.dumps(out, ensure_ascii=False)

    def to_excel(self, path: PathLike, mask: bool = False) -> None:
        """The workbook of ``huanjie review collect --format xlsx``: the check's, with
        ``departments`` and ``answer_records`` on the summary sheet."""
        extra = _json.dumps({"departments": self.departments, "answer_records": self.answer_records},
                            ensure_ascii=False)
        self._native.to_xlsx(os.fspath(path), mask, extra)

    def __repr__(self) -> str:
        unanswered = sum(d["unanswered"] for d in self.departments)
        return f"ReviewResult(departments={len(self.departments)}, unanswered={unanswered}, exit_code={self.exit_code})"


def collect(
    request: Any,
    answers: Any,
    people: Any,
    roster: Any,
    relations: Any = None,
    units: Any = None,
    *,
    as_of: Any,
    pack: Optional[Union[RulePack, str]] = None,
    strict: bool = False,
) -> ReviewResult:
    """Reads the departments' ``answers`` to ``request`` (the dict :func:`request` gave, or its
    folder or manifest.json) and runs the joint review on them.

    ``answers`` is a list of answer files (each department told from its sheet or file name), a
    list of ``(department, file_or_frame)`` pairs, or a dict ``{department: frame}``; a name may
    also be a file name that says whose it is (``"04-公安局答复.xlsx"``). Frames and files are read
    as the table layer reads them (any column order, several rows per candidate, dates typed any
    way). Raises :class:`~huanjie.InputError` for unusable answers."""
    native, departments, records = _review_collect(
        _manifest(request),
        _answers(answers),
        _materialise(people, "people"),
        _materialise(roster, "roster"),
        _optional(relations, "relations"),
        _optional(units, "units"),
        as_of=as_of,
        pack=_pack(pack),
        strict=strict,
    )
    return ReviewResult(native, departments, records)
