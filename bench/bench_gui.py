"""GUI bench: time to first page on a 1,300-page case, longest event-loop stall during its import,
and graph frame time at 2,000 nodes, each against a baseline measured in the same run.

Run: ./dev bench gui   (offscreen; writes bench/out/gui.json);  ./dev bench gui --graph  (graph frames only)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGES = int(os.environ.get("BENCH_GUI_PAGES", "1300"))


def make_pdf(path: Path, pages: int) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page()
        body = "\n".join(f"第{i + 1}页 第{line + 1}行 讯问笔录 被讯问人张伟 账号6222021234567890 金额30,000.00"
                         for line in range(30))
        page.insert_text((56, 72), body, fontname="china-s", fontsize=10, lineheight=2.0)
    doc.save(path)
    doc.close()
    return path


def pump(app, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def first_page_seconds(app, case: Path) -> float:
    from app.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    app.processEvents()
    t0 = time.perf_counter()
    window.open_case(case)
    shown = time.perf_counter() - t0 if window.reader.page is not None else float("nan")
    pump(app, 1.0)
    window.close()
    return shown


def stall_during(app, start, done) -> dict:
    """Run a 10 ms QTimer while `start()` runs work until `done()`; report the gaps between ticks."""
    from PySide6.QtCore import QTimer

    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    timer.start()
    start()
    while not done():
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    gaps.sort()
    return {"max_ms": round(gaps[-1], 1), "p99_ms": round(gaps[int(len(gaps) * 0.99) - 1], 1),
            "median_ms": round(statistics.median(gaps), 1), "ticks": len(gaps)}


def graph_frames(app, nodes: int) -> dict:
    """Median ms per frame of a graph view with `nodes` entities (about two edges each), three ways.

    full: grab() of the whole view (a complete repaint; node and layer bitmaps are reused when valid);
    cold: scene.render() of the visible area into an image, no bitmap caches (every item paints);
    pan: a small translate then viewport().repaint(), as a drag or scroll does (node bitmaps are reused);
    zoom: a 2 % scale then repaint (every node bitmap is redrawn at the new size).
    Pan and zoom go through canvas.motion(), as the mouse and wheel handlers do.
    """
    from app.services.views.graph import GraphData, GraphEdge, GraphNode, layout
    from app.ui.graph_view import SPREAD, GraphView
    from app.ui.selection import SelectionModel

    view = GraphView(SelectionModel())
    view.resize(1000, 700)
    view.show()
    if nodes:
        rng = random.Random(1)
        kinds = ["person", "account", "organisation", "phone"]
        data = GraphData({f"n{i}": GraphNode(f"n{i}", kinds[i % 4], f"节点{i}", None) for i in range(nodes)}, [])
        for i in range(1, nodes):
            data.edges.append(GraphEdge(f"n{i}", f"n{rng.randrange(i)}", "transfer", "¥1,000", 1000.0, 1,
                                        ["2021-03-05T10:00:00"], []))
        for _ in range(nodes):
            data.edges.append(GraphEdge(f"n{rng.randrange(nodes)}", f"n{rng.randrange(nodes)}", "associate", "associate"))
        data.edges = [e for e in data.edges if e.src != e.dst]
        pos = layout(list(data.nodes), [(e.src, e.dst) for e in data.edges], scale=SPREAD, iterations=30)
        view.apply({"data": data, "pos": pos, "centrality": {}, "communities": {}})
    app.processEvents()
    canvas = view.canvas
    viewport = canvas.viewport()
    viewport.repaint()  # warm the node bitmaps

    def timed(step) -> float:
        times = []
        for i in range(12):
            step(i)
            t0 = time.perf_counter()
            viewport.repaint()
            times.append((time.perf_counter() - t0) * 1000)
        return round(statistics.median(times), 2)

    def pan(i: int) -> None:  # whole device pixels, as a drag or a scroll bar moves
        canvas.motion()
        step = (4 if i % 2 else -4) / canvas.transform().m11()
        canvas.translate(step, step)

    def zoom(i: int) -> None:
        canvas.motion()
        f = 1.02 if i % 2 else 1 / 1.02
        canvas.scale(f, f)

    result = {"edges": len(view.edges), "pan_ms": timed(pan), "zoom_ms": timed(zoom)}
    fulls = []
    for _ in range(5):
        t0 = time.perf_counter()
        canvas.grab()
        fulls.append((time.perf_counter() - t0) * 1000)
    result["full_ms"] = round(statistics.median(fulls), 2)
    from PySide6.QtGui import QImage, QPainter

    colds = []
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
    for _ in range(5):  # no bitmap caches at all: every visible item paints (as an export does)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        t0 = time.perf_counter()
        canvas.scene().render(painter, image.rect().toRectF(), canvas.mapToScene(viewport.rect()).boundingRect())
        colds.append((time.perf_counter() - t0) * 1000)
        painter.end()
    result["cold_ms"] = round(statistics.median(colds), 2)
    view.close()
    return result


def graph_results(app) -> dict:
    big, empty = graph_frames(app, 2000), graph_frames(app, 0)
    return {"nodes_2000": big, "baseline_empty": empty,
            "ratio": {k: round(big[k] / max(0.01, empty[k]), 1) for k in ("pan_ms", "zoom_ms", "full_ms", "cold_ms")}}


def main() -> int:
    from app.services.imports import import_paths
    from app.ui.app import create_app
    from app.ui.import_panel import ImportPanel

    if "--graph" in sys.argv[1:]:  # the graph part only (no 1,300-page import)
        print(json.dumps(graph_results(create_app([])), indent=2))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    os.environ["CASELENS_HOME"] = str(tmp / "home")
    t0 = time.perf_counter()
    big = make_pdf(tmp / "big.pdf", PAGES)
    small = make_pdf(tmp / "small.pdf", 1)
    print(f"generated {PAGES}-page PDF in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    import_paths([big], case=tmp / "big.case", run_post_stages=False)
    import_paths([small], case=tmp / "small.case", run_post_stages=False)
    print(f"imported in {time.perf_counter() - t0:.1f} s")
    app = create_app([])
    results: dict = {"pages": PAGES}
    results["first_page_s"] = {"case_1300": round(first_page_seconds(app, tmp / "big.case"), 3),
                               "baseline_case_1": round(first_page_seconds(app, tmp / "small.case"), 3)}
    idle_end = [time.perf_counter() + 2.0]
    results["stall_idle"] = stall_during(app, lambda: None, lambda: time.perf_counter() > idle_end[0])
    panel = ImportPanel()
    panel.start_args = ([str(big)], str(tmp / "import.case"))
    results["stall_import"] = stall_during(app, lambda: panel.start(*panel.start_args, run_post_stages=False),
                                           lambda: not panel.running)
    results["graph_frame_ms"] = graph_results(app)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "gui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    print("targets: first page < 1 s, import stall < 100 ms, graph pan frame < 50 ms at 2,000 nodes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
