"""The stages after the text layer: an explicit order, every stage module in it, a missing one an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import stages


def test_runners_come_in_the_listed_order():
    names = [name for name, _ in stages.runners()]
    assert names == list(stages.ORDER) == ["ocr", "classify", "statements", "extract", "resolve", "analyze"]
    assert all(callable(run) for _, run in stages.runners())


def test_every_stage_module_is_in_the_order():
    here = Path(stages.__file__).parent
    modules = {p.stem for p in here.glob("*.py") if p.stem != "__init__"}
    assert modules == set(stages.ORDER)


def test_a_missing_stage_module_is_an_error_not_skipped():
    with pytest.raises(ModuleNotFoundError, match="nosuch"):
        stages.runners(("ocr", "nosuch", "analyze"))
