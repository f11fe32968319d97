"""UI fixtures: an analysed fixture case and a main window on it (offscreen)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_case import build_fixture_case  # noqa: E402


@pytest.fixture
def ui_case(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    case = tmp_path / "ui.case"
    return case, build_fixture_case(case, tmp_path)


@pytest.fixture
def window(qtbot, ui_case):
    from app.ui import jobs
    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    create_app([])
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_case(ui_case[0])
    qtbot.waitUntil(lambda: win.graph.data is not None and win.explorer.model.rowCount() > 0, timeout=20_000)
    yield win
    jobs.wait_all()
