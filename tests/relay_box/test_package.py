"""The agent runs on a box with Python 3.9 and nothing else: standard library only, 3.9 syntax, its systemd
files shipped inside the package."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "relay" / "bantin_relay"
MODULES = sorted(PACKAGE.glob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_standard_library_only_and_python_3_9(module: Path) -> None:
    source = module.read_text()
    tree = ast.parse(source, feature_version=(3, 9))  # no match, no except*, nothing newer
    outside = imported(tree) - set(sys.stdlib_module_names) - {"bantin_relay", "__future__"}
    assert outside == set(), f"{module.name} imports {outside}"
    if module.name != "__init__.py":
        # Annotations such as `str | None` are strings, never evaluated on 3.9.
        assert "from __future__ import annotations" in source
    in_annotations = {id(n) for a in annotations(tree) for n in ast.walk(a)}
    for node in ast.walk(tree):  # `X | Y` of types evaluated at run time (isinstance, aliases) fails on 3.9
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr) and id(node) not in in_annotations:
            sides = [n for n in (node.left, node.right) if isinstance(n, ast.Name)]
            assert not any(n.id[:1].isupper() or n.id in TYPES for n in sides), \
                f"{module.name}:{node.lineno} uses X | Y at run time"


TYPES = {"str", "int", "float", "bytes", "dict", "list", "tuple", "set", "None"}


def annotations(tree: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation:
            out.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            out.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            out.append(node.annotation)
    return out


def test_the_wheel_ships_the_systemd_units() -> None:
    units = {p.name for p in (PACKAGE / "systemd").iterdir()}
    assert units == {"bantin-relay-sync.service", "bantin-relay-sync.timer", "bantin-relay-play.service"}
    project = (PACKAGE.parent / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.9"' in project and "dependencies = []" in project
    assert 'bantin-relay = "bantin_relay.cli:main"' in project and '"systemd/*"' in project
