"""A clone with nothing beside it runs every test and benchmark: nothing reads outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import guard
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("path", "is_outside"),
    [("/work/shared/eval/x.jsonl", True), ("/work/shared", True), ("/work/main/tests/data/x", False),
     ("/work/sharedish/x", False), ("/work/main/../shared/x", True), ("/usr/lib/python3/x.py", False)],
)
def test_outside_decisions(path: str, is_outside: bool) -> None:
    assert guard.outside(path, ("/work/shared",)) is is_outside


def test_folders_beside_a_repository_are_forbidden(tmp_path: Path) -> None:
    repo, beside = tmp_path / "proj", tmp_path / "shared"
    repo.mkdir()
    beside.mkdir()
    assert guard.forbidden_roots(repo) == (str(beside.resolve()),)


def test_reading_beside_the_repository_fails_without_the_fixture(tmp_path: Path) -> None:
    siblings = [Path(r) for r in guard._forbidden if Path(r).is_dir()]
    files = [f for s in siblings for f in s.rglob("*") if f.is_file()][:1] if siblings else []
    if not files:
        pytest.skip("nothing lies beside this repository, so there is nothing to refuse")
    with pytest.raises(PermissionError, match="outside the repository"):
        files[0].read_bytes()
    with guard.allow_outside():
        files[0].read_bytes()


# Only the guard and conftest's SHARED (used through the `shared` fixture) may name a place beside the root.
_ESCAPES = re.compile(r"""parents\[[2-9]\]|ROOT\.parent|/\s*["']shared["']""")


def test_no_test_or_benchmark_names_a_path_beside_the_repository() -> None:
    allowed = {ROOT / "tests" / "guard.py", ROOT / "tests" / "test_self_contained.py"}
    offenders = []
    for path in sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if path in allowed or not _ESCAPES.search(line):
                continue
            if path.name == "conftest.py" and line.startswith("SHARED = ROOT.parent"):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
