"""Money-flow alerts grouped by rule and subject; one click opens the first evidence row on its page (outlined),
filters the ledger to every row behind the alert and shows the chain on the graph and timeline. When the alerts
are out of date or were never computed the panel says so and offers Run analysis (a background job)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.progress import CancelToken
from app.services.views import alerts as views_alerts
from app.services.views import facts as views_facts
from app.ui import jobs
from app.ui.names import money, rule_meaning, rule_name
from app.ui.selection import PageFocus, SelectionModel

ALERT_ROLE = Qt.ItemDataRole.UserRole + 1


class _Progress(QObject):
    """Carries the analysis' progress from the worker thread to the GUI thread (a queued signal)."""

    step = Signal(int, int, str)  # rules done, rules in all, the rule running


class AlertsPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.alerts: dict[int, views_alerts.AlertRecord] = {}
        self.state = "empty"
        self.running = False
        self.writer_busy = lambda: False  # the main window: an import is writing to the case
        self.list = QTreeWidget()
        self.list.setHeaderHidden(True)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setIndentation(14)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        self.status = QLabel()
        self.banner = QFrame()
        self.banner.setObjectName("alertsBanner")
        self.banner.setStyleSheet("#alertsBanner { background: #fff4e5; border: 1px solid #f0b35b; border-radius: 4px; }")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(self.run_analysis)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # until the first rule reports
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.cancel_btn = QPushButton()
        self.cancel_btn.clicked.connect(self.cancel_analysis)
        self.progress_row = QWidget()
        bar = QHBoxLayout(self.progress_row)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.busy, 1)
        bar.addWidget(self.cancel_btn)
        self.progress_row.hide()
        self._token = None
        self._steps = _Progress(self)
        self._steps.step.connect(self._step)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.run_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        self.retranslate()

    # -- words -------------------------------------------------------------------------------
    def rule_name(self, rule: str) -> str:
        return rule_name(rule)

    def rule_meaning(self, rule: str) -> str:
        return rule_meaning(rule)

    def span_text(self, seconds: int | None) -> str:
        if seconds is None:
            return ""
        if seconds < 3600:
            return self.tr("%1 min").replace("%1", str(max(1, round(seconds / 60))))
        if seconds < 2 * 86_400:
            return self.tr("%1 h").replace("%1", f"{seconds / 3600:.1f}")
        return self.tr("%1 days").replace("%1", f"{seconds / 86_400:.0f}")

    def alert_text(self, a: views_alerts.AlertRecord) -> str:
        """The alert's sentence from its facts, in the UI language: amount, rows, accounts, period, duration."""
        n_rows = len(a.transactions)
        rows = self.tr("1 row") if n_rows == 1 else self.tr("%1 rows").replace("%1", f"{n_rows:,}")
        if a.listed:
            accounts = self.tr("%1 accounts to request").replace("%1", str(a.listed))
        else:
            n = len(a.accounts)
            accounts = self.tr("1 account") if n == 1 else self.tr("%1 accounts").replace("%1", str(n))
        facts = " · ".join((money(a.amount, None), rows, accounts))
        period = " → ".join(x.replace("T", " ")[:16] for x in (a.start, a.end) if x)
        span = self.span_text(a.span_s) if a.start and a.end and a.start != a.end else ""
        lines = [facts, "  ".join(x for x in (period, span and f"({span})") if x)]
        if a.demoted:
            lines.append(self.tr("Between the holder's own accounts"))
        return "\n".join(x for x in lines if x)

    def state_text(self, state: str) -> str:
        return {"stale": self.tr("The transactions changed since these alerts were computed: they are out of date."),
                "never": self.tr("No money-flow analysis has been run on this case yet."),
                "running": self.tr("Running the money-flow analysis…")}.get(state, "")

    def retranslate(self) -> None:
        self.run_btn.setText(self.tr("Run analysis"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def set_case(self, view) -> None:
        self.view = view
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.alerts = {}
        if self.view is None:
            self.status.setText("")
            self.banner.hide()
            return
        self.state = "running" if self.running else views_alerts.alerts_state(self.view)
        self.banner_text.setText(self.state_text(self.state))
        self.banner.setVisible(self.state in ("stale", "never", "running"))
        self.run_btn.setEnabled(not self.running)
        groups: dict[str, QTreeWidgetItem] = {}
        for group in views_alerts.alert_groups(self.view):
            parent = groups.get(group.rule)
            if parent is None:
                parent = QTreeWidgetItem([self.rule_name(group.rule)])
                parent.setToolTip(0, self.rule_meaning(group.rule))
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                self.list.addTopLevelItem(parent)
                groups[group.rule] = parent
            holder = parent
            if group.subject and len(group.alerts) > 1:
                holder = QTreeWidgetItem([f"{group.subject}  ({len(group.alerts)})"])
                parent.addChild(holder)
            for a in group.alerts:
                self.alerts[a.id] = a
                head = f"⚠ {a.subject}  " if a.subject and holder is parent else "⚠ "
                item = QTreeWidgetItem([head + self.alert_text(a)])
                item.setData(0, ALERT_ROLE, a.id)
                note = views_alerts.plain_chinese(a.explanation)  # the rule's own sentence, glosses aside
                item.setToolTip(0, "\n".join(x for x in (self.rule_meaning(a.rule), note) if x))
                holder.addChild(item)
        for parent in groups.values():
            count = sum(1 for _ in self._alert_items(parent))
            parent.setText(0, f"{self.rule_name(self._rule_of(parent))}  ({count})")
        self.list.expandAll()
        self.status.setText(self.tr("%1 alerts").replace("%1", str(len(self.alerts))))

    def _rule_of(self, parent: QTreeWidgetItem) -> str:
        first = next(self._alert_items(parent), None)
        return self.alerts[first.data(0, ALERT_ROLE)].rule if first is not None else ""

    def _alert_items(self, item: QTreeWidgetItem):
        for i in range(item.childCount()):
            child = item.child(i)
            if child.data(0, ALERT_ROLE) is not None:
                yield child
            else:
                yield from self._alert_items(child)

    def alert_items(self) -> list[QTreeWidgetItem]:
        """Every alert row, in the order shown."""
        out: list[QTreeWidgetItem] = []
        for i in range(self.list.topLevelItemCount()):
            out += list(self._alert_items(self.list.topLevelItem(i)))
        return out

    # -- running the analysis ----------------------------------------------------------------
    def run_analysis(self) -> None:
        """Recompute the alerts off the GUI thread; the lists reload when it is done."""
        if self.view is None or self.running:
            return
        if self.writer_busy():  # the running import ends with the analysis anyway
            self.status.setText(self.tr("Wait for the running import to finish."))
            return
        self.running = True
        self._token = token = CancelToken()
        self.busy.setRange(0, 0)
        self.progress_row.show()
        self.reload()
        case, steps = self.view.case, self._steps.step
        jobs.submit(views_alerts.run_analysis, case, lambda p: steps.emit(p.done, p.total, p.current), token,
                    on_done=lambda _n: self._analysed(case), on_error=lambda message: self._analysed(case, message))

    def cancel_analysis(self) -> None:
        """Stop between two rules; the stored alerts stay as they were."""
        if self._token is not None:
            self._token.cancel()

    def _step(self, done: int, total: int, rule: str) -> None:
        if self.running:
            self.busy.setRange(0, total)
            self.busy.setValue(done)
            self.banner_text.setText(self.state_text("running") + "  " + rule_name(rule))

    def _analysed(self, case: str, error: str | None = None) -> None:
        self.running = False
        self._token = None
        self.progress_row.hide()
        if self.view is not None and self.view.case == case:
            self.selection.notify_data_changed()
        if error:
            self.status.setText(error.splitlines()[0])

    # -- opening -----------------------------------------------------------------------------
    def _open(self, item: QTreeWidgetItem) -> None:
        alert_id = item.data(0, ALERT_ROLE)
        if alert_id is not None:
            self.open_alert(alert_id)

    def open_alert(self, alert_id: int) -> None:
        """Reader: the first evidence row, outlined. Ledger: all its rows. Graph: the chain. Timeline: the accounts."""
        alert = self.alerts.get(alert_id)
        if alert is None or self.view is None:
            return
        accounts = views_facts.account_entities(self.view)
        themes = [accounts[a] for a in alert.accounts if a in accounts]
        for person in alert.persons:
            entity_id = self.view.entity_by_value(person)
            if entity_id is not None:
                themes.append(entity_id)
        if themes:
            self.selection.set_themes(themes)
        self.selection.select_alert(alert_id)
        evidence = views_alerts.alert_evidence(self.view, alert)
        self.selection.focus_transactions(list(alert.transactions))
        if evidence.page_id is not None:
            self.selection.open_page(evidence.page_id, PageFocus(regions=evidence.regions))
