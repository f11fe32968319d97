"""`./dev screenshots`: the main window and each view on the sample dossier, rendered offscreen to PNGs.

The samples in resources/samples are imported into a fresh case (every stage, then the analysis) so the
pictures show what an officer sees on a real-looking dossier; the small UI test fixture is the fallback.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

from app.core.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SUFFIXES = {".pdf", ".csv", ".xlsx", ".tif", ".tiff", ".png", ".jpg"}


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


def sample_inputs(folder: Path | None = None) -> list[Path]:
    folder = folder or resources_dir() / "samples"
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in SAMPLE_SUFFIXES) if folder.is_dir() else []


def sample_case(work: Path, inputs: list[Path] | None = None) -> Path | None:
    """The sample dossier imported with every stage and analysed, in a temporary case; None without samples."""
    from app.services.analysis import analyze
    from app.services.imports import import_paths

    inputs = sample_inputs() if inputs is None else inputs
    if not inputs:
        return None
    case = work / "sample.case"
    print(f"importing {len(inputs)} sample files (every stage; OCR of scanned pages takes a while)…", flush=True)
    import_paths(inputs, case=case)
    analyze(case)
    return case


def settle(app, ms: int = 400) -> None:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    from app.ui import jobs

    deadline = QDeadlineTimer(ms)
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    jobs.wait_all()
    app.processEvents()


def drag_window(canvas, x0: float, x1: float) -> None:
    """Shift+drag on the timeline, as the user selects a time window."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    y = canvas.height() // 2
    shift = Qt.KeyboardModifier.ShiftModifier
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, shift, QPoint(int(x0), y))
    for x in range(int(x0), int(x1), 20):
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseMove(canvas, QPoint(int(x1), y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, shift, QPoint(int(x1), y))


def busiest_person(view) -> dict | None:
    """The person with the most mentions (the main suspect in a dossier): the best subject for the shots."""
    people = view.entities(["person"])
    return max(people, key=lambda p: (p.get("mentions") or 0, -p["id"])) if people else None


def take(window, app, out: Path, settle_ms: int = 300) -> list[str]:
    """Drive the window like a user and save one PNG per view; returns the paths."""
    from app.services.views import facts as views_facts
    from app.ui.curation_dialogs import SplitDialog, with_context

    shots: list[str] = []

    def shot(name: str, widget=None) -> None:
        settle(app, settle_ms)
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        shots.append(str(path))

    view = window.selection.view
    window.show_summary()
    shot("10_case_summary")
    person = busiest_person(view)
    mentions = view.entity_mentions(person["id"]) if person else []
    if person:
        window.selection.select_entity(person["id"])
        if mentions:
            window.selection.open_page(mentions[0]["page_id"])
    shot("01_main_window")
    shot("02_reader", window.reader)
    window.docks["search"].show()
    window.docks["search"].raise_()
    window.search.query.setText(person["name"] if person else "银行")
    window.search.run()
    if window.search.results.count():
        window.search.results.setCurrentRow(0)
        window.search._open(window.search.results.item(0))  # noqa: SLF001 - drive the panel like a click
    shot("03_search")
    window.docks["explorer"].raise_()
    shot("04_graph", window.graph)
    lo, hi = views_facts.time_range(view)
    canvas = window.timeline.canvas
    if lo and hi:
        width = canvas.width()
        drag_window(canvas, 150 + (width - 160) * 0.35, 150 + (width - 160) * 0.7)
    shot("05_timeline_window", window.docks["timeline"])
    shot("05b_graph_in_window", window.graph)
    window.selection.set_time_window(None, None)
    window.docks["alerts"].raise_()
    items = window.alerts.alert_items()
    if items:
        window.alerts.list.setCurrentItem(items[0])
        window.alerts._open(items[0])  # noqa: SLF001
    shot("06_alerts")
    shot("11_alert_evidence")
    window.graph.show_focus()  # the alert's marks cleared; back to the first picture
    window.set_language("zh_CN")
    window.docks["entities"].raise_()
    shot("07_chinese_ui")
    window.show_summary()
    window.docks["alerts"].raise_()
    shot("12_case_summary_zh")
    if person and mentions:
        dialog = SplitDialog(person["name"], with_context(view, mentions[:12]), window)
        dialog.list.item(0).setCheckState(dialog.list.item(0).checkState().Checked)
        dialog.resize(640, 380)
        dialog.show()
        shot("08_curation_dialog", dialog)
        dialog.close()
    window.set_language("en")
    scanned = next((d for d in view.documents() if "scan" in d["name"].lower()), None)
    if scanned is not None:
        pages = view.pages(scanned["id"])
        with_mentions = [p for p in pages if view.mentions(p["id"])]
        turned = [p for p in with_mentions if view.page(p["id"]).turn]  # shows the upright turn and the boxes
        target = (turned or with_mentions or pages or [None])[0]
        if target is not None:
            window.selection.open_page(target["id"])
            shot("09_scanned_page", window.reader)
    window.importer.case = view.case  # how each statement file was read (kind, rows, column mapping)
    window.importer.show_layouts()
    if window.importer.layouts.topLevelItemCount():
        window.docks["import"].raise_()
        shot("13_import_layouts", window.docks["import"])
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help="case file to show (default: the sample dossier, else the test fixture)")
    parser.add_argument("--fixture", action="store_true", help="use the small UI test fixture case")
    parser.add_argument("--samples", help="folder of sample files to import (default: resources/samples)")
    parser.add_argument("--out", default=str(ROOT / "build" / "screenshots"))
    parser.add_argument("--settle-ms", type=int, default=300, help="event-loop time before each shot")
    args = parser.parse_args(argv)
    import os

    os.environ["CASELENS_HOME"] = tempfile.mkdtemp(prefix="caselens-shots-")  # default layout, no saved state
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="caselens-shots-case-"))
    case = Path(args.case) if args.case else None
    if case is None and not args.fixture:
        case = sample_case(work, sample_inputs(Path(args.samples)) if args.samples else None)
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
    settle(app, max(500, args.settle_ms * 5))
    shots = take(window, app, out, args.settle_ms)
    window.close()
    for s in shots:
        print(s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
