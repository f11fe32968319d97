"""Import from the GUI as a background job: progress (files, pages, rate, ETA) and Cancel.

The same panel runs the accurate re-read of bank statement pages (services.reocr.ocr_again). The QRunnable
drives import_paths (or ocr_again) in a child process: the GUI thread never competes with page
extraction for the GIL (event-loop stalls stay short), and nothing is imported in a Qt worker
thread (that crashed shiboken 6.12). Progress and the report come back over a queue.
"""

from __future__ import annotations

import multiprocessing
import queue
import time

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.core.progress import CancelToken, Progress
from app.services.imports import import_paths
from app.services.reocr import ACCURATE, STATEMENTS, ocr_again
from app.ui.names import field_name

THROTTLE_S = 0.1  # at most ten progress updates a second reach the GUI
NER_SETTING = "ner_model"  # QSettings: "fast" or "accurate", the Chinese NER of the cases this window imports into


def ner_setting() -> str:
    from app.ui.app import settings

    value = str(settings().value(NER_SETTING, "fast") or "fast")
    return value if value in ("fast", "accurate") else "fast"


class ImportSignals(QObject):
    progress = Signal(object)   # Progress
    early = Signal(object)      # EarlyResults: people and transactions of the pages read so far are in the case
    finished = Signal(object)   # ImportReport
    failed = Signal(str)


class ImportWorker(QRunnable):
    """Runs import_paths (job "import") or the statement re-read (job "reread") on a pool thread; talks to the
    GUI through signals only."""

    def __init__(self, paths: list[str], case: str, run_post_stages: bool = True, job: str = "import",
                 ner: str | None = None):
        super().__init__()
        self.paths, self.case, self.post, self.job = paths, case, run_post_stages, job
        self.ner = ner if ner is not None else ner_setting()  # File > Accurate name recognition
        self.cancel = CancelToken()
        self.signals = ImportSignals()
        self.setAutoDelete(False)
        self._last = 0.0

    def _progress(self, p: Progress) -> None:
        now = time.monotonic()
        if now - self._last >= THROTTLE_S or p.done == p.total:
            self._last = now
            self.signals.progress.emit(p)

    def run(self) -> None:
        if self.job == "reread":
            kind, payload = drive_child(run_reread, (self.case,), self.cancel, self._progress)
        else:
            kind, payload = drive_child(run_import, (self.paths, self.case), self.cancel, self._progress,
                                        extra=(self.post, self.ner), on_early=self.signals.early.emit)
        if kind == "done":
            self.signals.finished.emit(payload)
        else:
            self.signals.failed.emit(payload)


def drive_child(target, args: tuple, cancel: CancelToken, on_progress, extra: tuple = (), on_early=None
                ) -> tuple[str, object]:
    """Run target(*args, messages, stop, *extra) in a spawned child process; its progress goes to on_progress,
    its early results (an import still OCR'ing) to on_early, `cancel` sets `stop`. Returns ("done", result) or
    ("failed", message)."""
    ctx = multiprocessing.get_context("spawn")
    messages, stop = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=target, args=(*args, messages, stop, *extra))
    child.start()
    result = None
    while result is None:
        if cancel.cancelled:
            stop.set()
        try:
            kind, payload = messages.get(timeout=0.05)
        except queue.Empty:
            if not child.is_alive() and messages.empty():
                result = ("failed", f"E013 the background process ended unexpectedly (exit {child.exitcode})")
            continue
        if kind == "progress":
            on_progress(payload)
        elif kind == "early":
            if on_early is not None:
                on_early(payload)
        else:
            result = (kind, payload)
    child.join(timeout=10)
    return result


def _child_channel(messages, stop):
    """A CancelToken set through `stop` and a progress function that sends (throttled) to the parent."""
    cancel = CancelToken()
    cancel._event = stop  # noqa: SLF001 - a multiprocessing Event has the same set/is_set API
    last = [0.0]

    def progress(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] >= THROTTLE_S or p.done == p.total:
            last[0] = now
            messages.put(("progress", p))

    return cancel, progress


def run_import(paths: list[str], case: str, messages, stop, post: bool = True, ner: str | None = None) -> None:
    """Child process: the import job, its progress sent to the parent, cancelled through `stop`."""
    cancel, progress = _child_channel(messages, stop)
    try:
        report = import_paths(paths, case=case, progress=progress, cancel=cancel, run_post_stages=post, ner=ner,
                              on_results=lambda early: messages.put(("early", early)))
    except Exception as exc:  # coded CaseLensError or unexpected: shown, never a crash
        messages.put(("failed", str(exc)))
        return
    messages.put(("done", report))


def run_reread(case: str, messages, stop) -> None:
    """Child process: bank statement pages read again by the accurate recogniser, then their later stages."""
    cancel, progress = _child_channel(messages, stop)
    try:
        report = ocr_again(case, engine=ACCURATE, force=True, page_type=STATEMENTS, scanned_only=True,
                           progress=progress, cancel=cancel)
    except Exception as exc:  # coded CaseLensError or unexpected: shown, never a crash
        messages.put(("failed", str(exc)))
        return
    messages.put(("done", report))


class ImportPanel(QWidget):
    """Shows the running import; Cancel keeps every page imported so far (the import resumes later)."""

    importFinished = Signal(object)
    earlyResults = Signal(object)  # EarlyResults: the views can show what is in the case while OCR goes on

    def __init__(self, parent=None):
        super().__init__(parent)
        self.worker: ImportWorker | None = None
        self.bar = QProgressBar()
        self.files, self.pages, self.rate, self.eta, self.current = QLabel(), QLabel(), QLabel(), QLabel(), QLabel()
        self.cancel_btn = QPushButton()
        self.cancel_btn.clicked.connect(self.cancel)
        self.cancel_btn.setEnabled(False)
        grid = QGridLayout(self)
        grid.addWidget(self.bar, 0, 0, 1, 4)
        grid.addWidget(self.cancel_btn, 0, 4)
        for col, w in enumerate((self.files, self.pages, self.rate, self.eta)):
            grid.addWidget(w, 1, col)
        grid.addWidget(self.current, 2, 0, 1, 5)
        # While OCR goes on, the views already show what the pages read so far hold (early results).
        self.partial = QLabel()
        self.partial.setWordWrap(True)
        self.partial.setVisible(False)
        grid.addWidget(self.partial, 3, 0, 1, 5)
        # How each statement file was read (kind, header row, column mapping): a misread file shows at once.
        self.layouts = QTreeWidget()
        self.layouts.setColumnCount(4)
        self.layouts.setRootIsDecorated(False)
        self.layouts.setVisible(False)
        grid.addWidget(self.layouts, 4, 0, 1, 5)
        self.case: str | None = None
        self.early_shown = None
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_btn.setText(self.tr("Cancel"))
        self.layouts.setHeaderLabels([self.tr("Statement file"), self.tr("Read as"), self.tr("Rows"),
                                      self.tr("Columns used")])
        if self.worker is None:
            self.current.setText(self.tr("No import running. Drop files or folders on the window to import."))

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, paths: list[str], case: str, run_post_stages: bool = True, job: str = "import"
              ) -> ImportWorker | None:
        if self.worker is not None:
            return None
        worker = ImportWorker(paths, case, run_post_stages, job)
        self.case = case
        worker.signals.progress.connect(self.show_progress)
        worker.signals.early.connect(self._early)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        self.cancel_btn.setEnabled(True)
        self.bar.setValue(0)
        self.current.setText(self.tr("Reading bank statement pages again…") if job == "reread"
                             else self.tr("Starting import…"))
        QThreadPool.globalInstance().start(worker)
        return worker

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel.cancel()
            self.cancel_btn.setEnabled(False)
            self.current.setText(self.tr("Cancelling after the current page…"))

    def show_progress(self, p: Progress) -> None:
        self.bar.setMaximum(max(1, p.total))
        self.bar.setValue(min(p.done, p.total))
        self.files.setText(self.tr("Files: %1 / %2").replace("%1", str(p.files_done)).replace("%2", str(p.files_total)))
        self.pages.setText(self.tr("Pages: %1 / %2").replace("%1", str(p.done)).replace("%2", str(p.total)))
        self.rate.setText(self.tr("%1 pages/s").replace("%1", f"{p.rate:.1f}"))
        eta = p.eta_s
        self.eta.setText(self.tr("ETA %1 s").replace("%1", f"{eta:.0f}") if eta is not None else "")
        self.current.setText(f"{p.stage}: {p.current}")

    def _early(self, early) -> None:
        """People, accounts and transactions of the pages OCR'd so far are in the case: the views show them."""
        self.early_shown = early
        text = self.tr("Early results: %1 of %2 scanned pages read so far; statement rows are checked at the end.")
        self.partial.setText(text.replace("%1", str(early.pages_read)).replace("%2", str(early.pages_total)))
        self.partial.setVisible(True)
        self.earlyResults.emit(early)

    def _finished(self, report) -> None:
        self.worker = None
        self.partial.setVisible(False)
        self.cancel_btn.setEnabled(False)
        if report.pages_reread and not report.pages_added:
            if report.cancelled:
                text = self.tr("Re-read cancelled: the pages finished are kept; run it again to finish.")
            else:
                text = self.tr("Re-read finished: %1 pages read again.").replace("%1", str(report.pages_reread))
        else:
            if report.cancelled:
                msg = self.tr("Import cancelled: %1 pages kept; import again to resume.")
            else:
                msg = self.tr("Import finished: %1 pages added.")
            text = msg.replace("%1", str(report.pages_added))
        if report.issues:
            text += " " + self.tr("%1 issue(s).").replace("%1", str(len(report.issues)))
        self.current.setText(text)
        self.show_layouts()
        self.importFinished.emit(report)

    def show_layouts(self) -> None:
        """Each statement file's layout: kind, header row and the column each field was taken from."""
        from app.services.case import case_info

        self.layouts.clear()
        if not self.case:
            return
        try:
            layouts = case_info(self.case)["statement_layouts"]
        except Exception:  # the list is a help; a case that cannot be read is reported elsewhere
            layouts = []
        kinds = {"bank": self.tr("bank statement"), "credit-card": self.tr("credit card statement"),
                 "inferred": self.tr("columns guessed from content"), "alipay": self.tr("Alipay bill"),
                 "wechat": self.tr("WeChat Pay bill"), "jd": self.tr("JD bill"), "tenpay": self.tr("Tenpay bill"),
                 "unionpay": self.tr("UnionPay bill"), "platform": self.tr("payment platform bill")}
        for lay in layouts:
            cols = ", ".join(f"{field_name(k)}←{v}" for k, v in lay.get("columns", {}).items())
            item = QTreeWidgetItem([f"{lay['document']} [{lay['part']}]", kinds.get(lay["kind"], lay["kind"]),
                                    str(lay.get("rows", 0)), cols])
            tip = [cols]
            if lay.get("missing"):
                tip.append(self.tr("Not in this layout: %1").replace(
                    "%1", ", ".join(field_name(f) for f in lay["missing"])))
            if lay.get("unmapped"):
                tip.append(self.tr("Columns not used: %1").replace("%1", ", ".join(lay["unmapped"])))
            item.setToolTip(3, "\n".join(tip))
            self.layouts.addTopLevelItem(item)
        for column in range(3):  # file, kind and rows in full; the mapping takes the rest
            self.layouts.resizeColumnToContents(column)
        self.layouts.setVisible(bool(layouts))

    def _failed(self, message: str) -> None:
        self.worker = None
        self.partial.setVisible(False)
        self.cancel_btn.setEnabled(False)
        self.current.setText(message)
        self.importFinished.emit(None)
