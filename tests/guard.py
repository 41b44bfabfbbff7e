"""Tests and benchmarks read only the repository: an audit hook refuses files beside it.

`../shared` sits beside the repository on developers' machines and in CI, but no user has it; a test that
reads it without asking would pass there and fail in a bare clone. Reading it is allowed only inside
`allow_outside()`, which the `shared` fixture enters after checking that the folder exists.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_allowed = 0
_forbidden: tuple[str, ...] = ()


def forbidden_roots(root: Path) -> tuple[str, ...]:
    """The folders beside the repository now, less any that hold the temp folder, Python or the home folder,
    and pytest's own temporary folders (a clone made in /tmp has them beside it)."""
    parent = root.parent
    if parent == Path(parent.anchor):
        return ()
    keep = [Path(p).resolve() for p in (tempfile.gettempdir(), sys.prefix, sys.base_prefix, Path.home())]
    roots = []
    for sibling in sorted(parent.iterdir()) if parent.is_dir() else []:
        sibling = sibling.resolve()
        holds_kept = any(k == sibling or sibling in k.parents for k in keep)
        if sibling == root or sibling.name.startswith("pytest-of-") or holds_kept:
            continue
        roots.append(str(sibling))
    return tuple(roots)


def outside(path: str, roots: tuple[str, ...]) -> bool:
    full = os.path.normpath(os.path.join(os.getcwd(), path))
    return any(full == r or full.startswith(r + os.sep) for r in roots)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _allowed or not _forbidden:
        return
    if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        paths = [os.fsdecode(args[0])]
    elif event == "subprocess.Popen":
        argv = args[1]
        paths = [os.fsdecode(a) for a in argv if isinstance(a, str | bytes | os.PathLike)] \
            if isinstance(argv, list | tuple) else []
    else:
        return
    for path in paths:
        if outside(path, _forbidden):
            raise PermissionError(f"{path} is outside the repository: tests and benchmarks read only files "
                                  "inside it (use the `shared` fixture, which skips when it is missing)")


def install() -> None:
    """Refuse, from now on in this process, to open or pass to a subprocess any path beside the repository."""
    global _forbidden
    if not _forbidden:
        _forbidden = forbidden_roots(ROOT)
        sys.addaudithook(_hook)


@contextlib.contextmanager
def allow_outside() -> Iterator[None]:
    global _allowed
    _allowed += 1
    try:
        yield
    finally:
        _allowed -= 1
