"""File > Import folder of dossiers…: the precinct batch in the background, its progress, then its summary.

Like the import panel, the batch runs in a child process (services.batch.run_batch) and talks to this
dialog over a queue; on the cluster from the settings (cluster_address, cluster_tls_dir) when one is set.
A double-click on a row of the summary opens that dossier's case.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core.progress import CancelToken, Progress
from app.services.batch import BATCH_STAGE, run_batch
from app.services.cluster import ClusterSettings
from app.ui.import_panel import _child_channel, drive_child

COLUMNS = ["dossier", "pages", "ocr_pages", "transactions", "people", "alerts", "problems", "minutes", "status"]


def run_batch_child(root: str, out: str, cluster: ClusterSettings | None, messages, stop) -> None:
    """Child process: the batch, its progress sent to the parent, cancelled through `stop`."""
    cancel, progress = _child_channel(messages, stop)
    try:
        report = run_batch(root, out, cluster=cluster, progress=progress, cancel=cancel)
    except Exception as exc:  # coded CaseLensError or unexpected: shown, never a crash
        messages.put(("failed", str(exc)))
        return
    messages.put(("done", report))


class BatchSignals(QObject):
    progress = Signal(object)  # Progress
    finished = Signal(object)  # BatchReport
    failed = Signal(str)


class BatchWorker(QRunnable):
    def __init__(self, root: str, out: str, cluster: ClusterSettings | None):
        super().__init__()
        self.root, self.out, self.cluster = root, out, cluster
        self.cancel = CancelToken()
        self.signals = BatchSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        kind, payload = drive_child(run_batch_child, (self.root, self.out, self.cluster), self.cancel,
                                    self.signals.progress.emit)
        (self.signals.finished if kind == "done" else self.signals.failed).emit(payload)


class BatchDialog(QDialog):
    """Progress of the whole batch and of the current dossier, Cancel, then one row per dossier."""

    openCase = Signal(str)

    def __init__(self, root: str, out: str, cluster: ClusterSettings | None = None, parent=None):
        super().__init__(parent)
        self.root, self.out, self.cluster = root, out, cluster
        self.setWindowTitle(self.tr("Import folder of dossiers"))
        self.worker: BatchWorker | None = None
        self.whole, self.current = QProgressBar(), QProgressBar()
        self.whole_label, self.current_label = QLabel(), QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([
            self.tr("Dossier"), self.tr("Page count"), self.tr("OCR pages"), self.tr("Transactions"), self.tr("People"),
            self.tr("Alerts"), self.tr("Problems"), self.tr("Minutes"), self.tr("Status")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._open_row)
        self.button = QPushButton(self.tr("Cancel"))
        self.button.clicked.connect(self._cancel_or_close)
        box = QVBoxLayout(self)
        for widget in (self.whole_label, self.whole, self.current_label, self.current, self.table, self.button):
            box.addWidget(widget)
        self.cases: list[str] = []
        self.report = None

    def start(self) -> BatchWorker:
        self.worker = BatchWorker(self.root, self.out, self.cluster)
        self.worker.signals.progress.connect(self.on_progress)
        self.worker.signals.finished.connect(self.on_finished)
        self.worker.signals.failed.connect(self.on_failed)
        where = self.cluster.address if self.cluster else self.tr("this computer")
        self.whole_label.setText(self.tr("Starting on %1…").replace("%1", where))
        QThreadPool.globalInstance().start(self.worker)
        return self.worker

    def on_progress(self, p: Progress) -> None:
        bar = self.whole if p.stage == BATCH_STAGE else self.current
        bar.setMaximum(max(1, p.total))
        bar.setValue(min(p.done, p.total))
        eta = p.eta_s
        eta_text = "--" if eta is None else self.tr("%1 min").replace("%1", f"{eta / 60:.0f}")
        if p.stage == BATCH_STAGE:
            text = self.tr("Dossier %1 of %2: %3 · pages %4/%5 · ETA %6")
            for key, value in (("%1", min(p.files_done + 1, p.files_total)), ("%2", p.files_total),
                               ("%3", p.current), ("%4", p.done), ("%5", p.total), ("%6", eta_text)):
                text = text.replace(key, str(value))
            self.whole_label.setText(text)
        else:
            self.current_label.setText(self.tr("Stage %1: %2/%3").replace("%1", p.stage)
                                       .replace("%2", str(p.done)).replace("%3", str(p.total)))

    def on_finished(self, report) -> None:
        self.report = report
        self.table.setRowCount(len(report.rows))
        self.cases = []
        for i, row in enumerate(report.rows):
            self.cases.append(str(Path(self.out) / row.case))
            for j, key in enumerate(COLUMNS):
                value = getattr(row, key)
                item = QTableWidgetItem(f"{value:.1f}" if isinstance(value, float) else str(value))
                if row.error:
                    item.setToolTip(row.error)
                self.table.setItem(i, j, item)
        done = sum(r.status == "done" for r in report.rows)
        self.whole_label.setText(self.tr("%1 of %2 dossiers done. Double-click a row to open its case.")
                                 .replace("%1", str(done)).replace("%2", str(len(report.rows))))
        self.button.setText(self.tr("Close"))
        self.button.setEnabled(True)
        self.worker = None

    def on_failed(self, message: str) -> None:
        self.whole_label.setText(message)
        self.button.setText(self.tr("Close"))
        self.button.setEnabled(True)
        self.worker = None

    def _open_row(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.cases) and Path(self.cases[row]).exists():
            self.openCase.emit(self.cases[row])

    def _cancel_or_close(self) -> None:
        if self.worker is not None:
            self.worker.cancel.cancel()
            self.button.setEnabled(False)
            return
        self.accept()


def start_batch(window, root: str | None = None, out: str | None = None) -> BatchDialog | None:
    """Ask for the folder of dossiers and the folder for the cases, then run the batch in a dialog."""
    from PySide6.QtWidgets import QFileDialog

    from app.ui.app import settings

    root = root or QFileDialog.getExistingDirectory(window, window.tr("Folder of dossiers"))
    if not root:
        return None
    out = out or QFileDialog.getExistingDirectory(window, window.tr("Folder for the case files"))
    if not out:
        return None
    address = str(settings().value("cluster_address", "") or "")
    tls_dir = str(settings().value("cluster_tls_dir", "") or "") or None
    dialog = BatchDialog(root, out, ClusterSettings(address, tls_dir) if address else None, window)
    dialog.openCase.connect(window.open_case)
    window._batch_dialog = dialog  # noqa: SLF001 - kept alive while it runs
    dialog.show()
    dialog.start()
    return dialog


class ClusterSettingsDialog(QDialog):
    """Where the precinct's Dask scheduler is (tls://host:8786, empty: this machine only) and the folder with its
    certificates (`caselens cluster certs`); kept in the settings the batch reads."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from app.ui.app import settings

        self.setWindowTitle(self.tr("Cluster"))
        self.address = QLineEdit(str(settings().value("cluster_address", "") or ""))
        self.address.setPlaceholderText("tls://10.0.0.5:8786")
        self.tls_dir = QLineEdit(str(settings().value("cluster_tls_dir", "") or ""))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose)
        form = QFormLayout()
        form.addRow(self.tr("Scheduler address (empty: this machine only)"), self.address)
        row = QHBoxLayout()
        row.addWidget(self.tls_dir)
        row.addWidget(browse)
        form.addRow(self.tr("Certificate folder"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, self.tr("Certificate folder"))
        if folder:
            self.tls_dir.setText(folder)

    def save(self) -> None:
        from app.ui.app import settings

        settings().setValue("cluster_address", self.address.text().strip())
        settings().setValue("cluster_tls_dir", self.tls_dir.text().strip())
        self.accept()
