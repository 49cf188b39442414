"""The type stubs of the native module match it (mypy.stubtest), and ship with the package."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

import huanjie

PKG = Path(huanjie.__file__).resolve().parent

KNOWN: set = set()


@pytest.fixture(scope="module")
def stubtest_output(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    tmp = tmp_path_factory.mktemp("stubtest")
    return subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "huanjie._huanjie"],
        capture_output=True,
        text=True,
        cwd=tmp,  # the installed package, and no mypy cache in the work tree
        env={**os.environ, "MYPY_CACHE_DIR": str(tmp / ".mypy_cache")},
        timeout=300,
    )


def _errors(out: str) -> List[str]:
    return [line.strip() for line in re.findall(r"^error: (.*)$", out, flags=re.M)]


def test_stubs_ship_with_the_package() -> None:
    assert (PKG / "py.typed").is_file()
    assert (PKG / "_huanjie.pyi").is_file()


def test_stubtest_runs_and_finds_nothing_new(stubtest_output: subprocess.CompletedProcess) -> None:
    out = stubtest_output.stdout + stubtest_output.stderr
    assert "not checking stubs due to mypy build errors" not in out, out
    assert "Traceback" not in out, out
    new = sorted(set(_errors(out)) - KNOWN)
    assert not new, out


def test_stubtest_passes(stubtest_output: subprocess.CompletedProcess) -> None:
    assert stubtest_output.returncode == 0, stubtest_output.stdout + stubtest_output.stderr
