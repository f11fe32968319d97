"""`./dev screenshots`: render the main window and each view offscreen to PNGs in build/screenshots/."""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

from app.core.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]


def fixture_case(out: Path) -> Path:
    """The UI test fixture (a small analysed case), built fresh; used when there is no sample dossier."""
    spec = importlib.util.spec_from_file_location("fixture_case", ROOT / "tests" / "ui" / "fixture_case.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    case = out / "fixture.case"
    for stale in out.glob("fixture.case*"):
        stale.unlink()
    module.build_fixture_case(case, Path(tempfile.mkdtemp()))
    return case


def sample_case(out: Path) -> Path | None:
    """The bundled sample dossier imported with every stage, or None when there is none."""
    from app.services.imports import import_paths

    inputs = sorted(p for p in (resources_dir() / "samples").glob("*")
                    if p.suffix.lower() in {".pdf", ".csv", ".xlsx", ".tif", ".png"})
    if not inputs:
        return None
    case = out / "sample.case"
    import_paths(inputs, case=case)
    try:
        from app.services import analysis  # noqa: F401 - alerts, when the analysis service exists
        if hasattr(analysis, "analyze_case"):
            analysis.analyze_case(case)
    except ImportError:
        pass
    return case


def settle(app, ms: int = 400) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    from app.ui import jobs

    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    jobs.wait_all()
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", help="case file to show (default: the sample dossier, else the test fixture)")
    parser.add_argument("--fixture", action="store_true", help="use the small UI test fixture case")
    parser.add_argument("--out", default=str(ROOT / "build" / "screenshots"))
    args = parser.parse_args(argv)
    import os

    os.environ["CASELENS_HOME"] = tempfile.mkdtemp(prefix="caselens-shots-")  # default layout, no saved state
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    case = Path(args.case) if args.case else (None if args.fixture else sample_case(out))
    case = case or fixture_case(out)

    from app.ui.app import create_app
    from app.ui.main_window import MainWindow

    app = create_app(sys.argv[:1])
    from app.ui import i18n

    i18n.set_language("en")
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_case(case)
    settle(app, 1500)
    shots: list[str] = []

    def shot(name: str, widget=None) -> None:
        settle(app, 300)
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        shots.append(str(path))

    view = window.selection.view
    people = view.entities(["person"])
    if people:
        window.selection.select_entity(people[0]["id"])
        mentions = view.entity_mentions(people[0]["id"])
        if mentions:
            window.selection.open_page(mentions[0]["page_id"])
    shot("01_main_window")
    shot("02_reader", window.reader)
    query = people[0]["name"] if people else "银行"
    window.search.query.setText(query)
    window.search.run()
    window.docks["search"].raise_()
    if window.search.results.count():
        window.search._open(window.search.results.item(0))  # noqa: SLF001 - drive the panel like a click
    shot("03_search", window)
    shot("04_graph", window.graph)
    start, end = window.selection.window
    from app.services import views_facts

    lo, hi = views_facts.time_range(view)
    if lo and hi:
        window.selection.set_time_window(lo[:10] + "T00:00:00", (hi[:8] + "28T23:59:59") if hi[:7] == lo[:7] else hi)
    shot("05_timeline_window", window.docks["timeline"])
    window.selection.set_time_window(None, None)
    window.docks["alerts"].raise_()
    if window.alerts.list.count():
        window.alerts._open(window.alerts.list.item(0))  # noqa: SLF001
    shot("06_alerts", window)
    window.set_language("zh_CN")
    shot("07_chinese_ui", window)
    window.set_language("en")
    window.close()
    for s in shots:
        print(s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
