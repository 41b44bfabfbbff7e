"""The README stays true: every setting is documented, and the two set-up commands are the Makefile's."""

from __future__ import annotations

import re

from service.settings import Settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(BANTIN_[A-Z0-9_]+)`", readme))
    fields = {f"BANTIN_{name.upper()}" for name in Settings.model_fields}
    assert fields - documented == set(), "settings missing from the README"
    assert documented - fields == set(), "the README documents settings that do not exist"


def test_the_setup_commands_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test: lint typecheck pytest pytest-postgres", makefile,
                                                             re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
