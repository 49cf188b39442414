"""Arrow data handed over from another library is validated before huanjie reads any of it
(docs/python.md "Exceptions"): a record batch whose C data claims more rows than its children
hold, or whose child array is shorter than the batch, is an ``InputError`` — never a ``PanicException``, never a crash.

The C structs are tampered with through ctypes after pyarrow exported them (pyarrow itself will
not build such data). The C Data Interface carries no buffer sizes, so an importer must trust
what it can not check; what can be checked (lengths, offsets against the data that is there,
children against their parent) is."""

from __future__ import annotations

import ctypes
from typing import Any, Callable

import pyarrow as pa
import pytest

import huanjie as hj


class ArrowArray(ctypes.Structure):
    pass


ArrowArray._fields_ = [
    ("length", ctypes.c_int64),
    ("null_count", ctypes.c_int64),
    ("offset", ctypes.c_int64),
    ("n_buffers", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("buffers", ctypes.POINTER(ctypes.c_void_p)),
    ("children", ctypes.POINTER(ctypes.POINTER(ArrowArray))),
    ("dictionary", ctypes.POINTER(ArrowArray)),
    ("release", ctypes.c_void_p),
    ("private_data", ctypes.c_void_p),
]

_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_pointer.restype = ctypes.c_void_p
_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]


class Tampered:
    """A record batch whose exported C array is changed by ``tamper`` before huanjie imports it."""

    def __init__(self, batch: pa.RecordBatch, tamper: Callable[[Any], None]) -> None:
        self.batch, self.tamper = batch, tamper

    def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
        schema, array = self.batch.__arrow_c_array__()
        self.tamper(ctypes.cast(_pointer(array, b"arrow_array"), ctypes.POINTER(ArrowArray)).contents)
        return schema, array


BATCH = pa.record_batch({"id_number": ["640121198006210248", "640121197503120134"], "name": ["a", "b"]})


def batch_longer(a: Any) -> None:
    a.length = 1000


def child_shorter_than_the_batch(a: Any) -> None:
    a.children[1].contents.length = 1


# (A child that claims more rows than its buffers hold cannot be caught reliably: the C Data
# Interface carries no buffer sizes, so the importer reads past the producer's memory before any
# check can run. Lengths that contradict each other are caught.)
@pytest.mark.parametrize("tamper", [batch_longer, child_shorter_than_the_batch])
def test_inconsistent_arrow_data_is_an_input_error(tamper: Callable[[Any], None]) -> None:
    with pytest.raises(hj.InputError) as e:
        hj.check(Tampered(BATCH, tamper), as_of="2021-01-15")
    assert e.value.table == "people"
    assert "640121" not in str(e.value)


def test_the_same_batch_untampered_is_read() -> None:
    res = hj.check(Tampered(BATCH, lambda a: None), as_of="2021-01-15")
    assert res.summary["persons"] == 2


def _view(length: int, prefix: bytes, buffer: int, offset: int) -> bytes:
    return (
        length.to_bytes(4, "little")
        + prefix[:4].ljust(4, b"\0")
        + buffer.to_bytes(4, "little")
        + offset.to_bytes(4, "little")
    )


@pytest.mark.parametrize(
    "what",
    ["a view cut inside a character", "a view past its buffer", "a view of a buffer not there"],
)
def test_a_string_view_that_does_not_hold_is_an_input_error(what: str) -> None:
    # (pyarrow builds such arrays from buffers without checking them; polars hands string
    # views over, so they are checked as closely as plain strings)
    data = "党纪处分（严重警告）的记录".encode()
    good = pa.array(["党纪处分（严重警告）的记录"], pa.string_view())
    assert good.buffers()[2].to_pybytes() == data
    if what == "a view cut inside a character":
        view = _view(len(data) - 1, data[1:5], 0, 1)
    elif what == "a view past its buffer":
        view = _view(len(data), data[:4], 0, 8)
    else:
        view = _view(len(data), data[:4], 3, 0)
    bad = pa.Array.from_buffers(
        pa.string_view(), 1, [None, pa.py_buffer(view), pa.py_buffer(data)]
    )
    with pytest.raises(Exception):
        bad.validate(full=True)
    people = pa.table({"身份证号码": pa.array(["11010519491231002X"], pa.string_view()), "备注": bad})
    with pytest.raises(hj.InputError, match="Arrow"):
        hj.check(people, as_of="2021-01-15")
    # The same table with the view intact is read.
    fine = pa.table({"身份证号码": pa.array(["11010519491231002X"], pa.string_view()), "备注": good})
    assert hj.check(fine, as_of="2021-01-15").summary["persons"] == 1
