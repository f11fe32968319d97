"""Money-flow alerts; opening one shows its chain on the graph and timeline and its rows in the ledger."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.services import views_facts
from app.ui.selection import SelectionModel

ALERT_ROLE = Qt.ItemDataRole.UserRole + 1


class AlertsPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.alerts: dict[int, dict] = {}
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        self.retranslate()

    def rule_name(self, rule: str) -> str:
        return {"fast_in_fast_out": self.tr("Fast in, fast out"), "scatter_gather": self.tr("Scatter / gather"),
                "structuring": self.tr("Structuring"), "night": self.tr("Night-time transfers"),
                "ant_moving": self.tr("Ant moving"), "cycle": self.tr("Money cycle"),
                "cycles": self.tr("Money cycle"), "night_transfers": self.tr("Night-time transfers"),
                "same_name_transfers": self.tr("Same-name transfers"),
                "scatter_in_gather_out": self.tr("Scatter in, gather out"),
                "threshold_evasion": self.tr("Threshold evasion"), "transit_accounts": self.tr("Transit account"),
                "unrequested_accounts": self.tr("Account not yet requested"),
                "identical_amount_relay": self.tr("Identical-amount relay"),
                "split_fan_in": self.tr("Split fan-in")}.get(rule, rule.replace("_", " ").capitalize())

    def retranslate(self) -> None:
        self.reload()

    def set_case(self, view) -> None:
        self.view = view
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.alerts = {}
        if self.view is None:
            self.status.setText("")
            return
        for a in views_facts.alerts(self.view):
            self.alerts[a["id"]] = a
            amount = f"¥{a['amount']:,.2f}" if a.get("amount") is not None else ""
            period = " → ".join(x.replace("T", " ")[:16] for x in (a.get("start"), a.get("end")) if x)
            item = QListWidgetItem(f"⚠ {self.rule_name(a['rule'])}   {amount}\n{period}\n{a['explanation']}")
            item.setData(ALERT_ROLE, a["id"])
            item.setToolTip(a["explanation"])
            self.list.addItem(item)
        self.status.setText(self.tr("%1 alerts").replace("%1", str(len(self.alerts))))

    def _open(self, item: QListWidgetItem) -> None:
        self.open_alert(item.data(ALERT_ROLE))

    def open_alert(self, alert_id: int) -> None:
        """Graph shows the chain (selection.alertSelected), timeline the accounts, table the rows."""
        alert = self.alerts.get(alert_id)
        if alert is None or self.view is None:
            return
        accounts = views_facts.account_entities(self.view)
        themes = [accounts[a] for a in alert["accounts"] if a in accounts]
        for person in alert["persons"]:  # names (analysis) or entity ids
            entity_id = person if isinstance(person, int) else self.view.entity_by_value(str(person))
            if entity_id is not None:
                themes.append(entity_id)
        if themes:
            self.selection.set_themes(themes)
        self.selection.select_alert(alert_id)
        self.selection.focus_transactions([int(t) for t in alert["transactions"] if isinstance(t, int)])
