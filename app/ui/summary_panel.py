"""The case summary, the first screen of an opened case: its suspects, their accounts and money, top counterparties,
alerts and the pages that name them. A name selects the person everywhere (the graph centres on their network);
a page opens in the reader; an alert opens with its evidence."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.services.views import alerts as views_alerts
from app.services.views import summary as views_summary
from app.ui import jobs
from app.ui.names import money, page_type_name, role_name, rule_name
from app.ui.selection import PageFocus, SelectionModel

CSS = """
body { font-size: 13px; }
h2 { margin: 0 0 4px 0; }
.meta { color: #607d8b; }
.card { margin: 10px 0 4px 0; }
.name { font-size: 16px; font-weight: bold; color: #c62828; text-decoration: none; }
.role { color: #ffffff; background: #c62828; }
td { padding: 1px 10px 1px 0; vertical-align: top; }
.in { color: #2e7d32; }
.out { color: #c62828; }
.warn { color: #8a5a00; background: #fff4e5; }
.head { color: #455a64; font-weight: bold; }
a { color: #1565c0; text-decoration: none; }
"""


class SummaryPanel(QWidget):
    alertRequested = Signal(int)

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.summary: views_summary.CaseSummary | None = None
        self.alerts_state = "fresh"
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.open_link)
        self.browser.document().setDefaultStyleSheet(CSS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        self.retranslate()

    def retranslate(self) -> None:
        self.render()

    def set_case(self, view) -> None:
        self.view, self.summary = view, None
        self.reload()

    def reload(self) -> None:
        view = self.view
        if view is None:
            self.summary = None
            self.render()
            return
        jobs.submit(lambda: (views_summary.case_summary(view), views_alerts.alerts_state(view)),
                    on_done=lambda result: self._arrived(view, *result))

    def _arrived(self, view, summary: views_summary.CaseSummary, alerts_state: str) -> None:
        if view is self.view:
            self.summary, self.alerts_state = summary, alerts_state
            self.render()

    # -- html --------------------------------------------------------------------------------
    def render(self) -> None:
        self.browser.setHtml(self.html())

    def html(self) -> str:
        s = self.summary
        if self.view is None:
            return "<p class='meta'>" + escape(self.tr("Open or create a case to begin.")) + "</p>"
        if s is None:
            return "<p class='meta'>" + escape(self.tr("Reading the case…")) + "</p>"
        counts = (self.tr("%1 documents · %2 pages · %3 transactions · %4 alerts")
                  .replace("%1", f"{s.documents:,}").replace("%2", f"{s.pages:,}")
                  .replace("%3", f"{s.transactions:,}").replace("%4", f"{s.alerts:,}"))
        out = ["<h2>" + escape(self.tr("Case summary")) + f"</h2><p class='meta'>{escape(counts)}</p>"]
        if self.alerts_state in ("stale", "never"):
            note = self.tr("The alerts below are out of date or were never computed: run the analysis in the Alerts panel.")
            out.append(f"<p class='warn'>⚠ {escape(note)}</p>")
        if not s.suspects:
            out.append("<p>" + escape(self.tr("No people found in this case yet.")) + "</p>")
        elif s.suspects[0].chosen_by != "role":
            why = self.tr("The records name no suspect: the people with the most money or mentions.")
            out.append(f"<p class='meta'>{escape(why)}</p>")
        for p in s.suspects:
            out.append(self._card(p))
        return "".join(out)

    def _card(self, p: views_summary.SuspectSummary) -> str:
        role = role_name(p.role) if p.role else ""
        mentions = self.tr("%1 mentions").replace("%1", str(p.mentions))
        head = (f"<div class='card'><a class='name' href='entity:{p.entity_id}'>{escape(p.name)}</a>"
                + (f" &nbsp;<span class='role'>&nbsp;{escape(role)}&nbsp;</span>" if role else "")
                + f" &nbsp;<span class='meta'>{escape(mentions)}</span></div>")
        rows = []
        if p.accounts:
            accts = "<br>".join(
                f"<a href='entity:{a.entity_id}'>{escape(a.label)}</a> &nbsp;"
                f"<span class='in'>+{escape(money(a.money_in, None))}</span> / "
                f"<span class='out'>−{escape(money(a.money_out, None))}</span>" for a in p.accounts)
            rows.append((self.tr("Accounts"), accts))
            rows.append((self.tr("Money in / out"), f"<span class='in'>+{escape(money(p.money_in, None))}</span> / "
                                                    f"<span class='out'>−{escape(money(p.money_out, None))}</span>"))
        else:
            rows.append((self.tr("Accounts"), "<span class='meta'>" + escape(self.tr("none known")) + "</span>"))
        if p.counterparties:
            rows.append((self.tr("Top counterparties"), "<br>".join(
                f"{escape(c.name or c.account)}"
                + (f" <span class='meta'>· {escape(c.account[-4:])}</span>" if c.account and c.name else "")
                + f" &nbsp;{escape(money(c.total, None))}"
                + " <span class='meta'>(" + escape(self.rows_text(c.rows)) + ")</span>"
                for c in p.counterparties)))
        if p.alerts:
            rows.append((self.tr("Alerts"), "<br>".join(
                f"<a href='alert:{a.id}'>⚠ {escape(rule_name(a.rule))}</a> "
                + (escape(self.accounts_text(a.listed)) + " " if a.listed else "")
                + f"{escape(money(a.amount, None))}"
                " <span class='meta'>(" + escape(self.rows_text(a.transactions)) + ")</span>"
                for a in p.alerts[:8])
                + (f"<br><span class='meta'>+{len(p.alerts) - 8}</span>" if len(p.alerts) > 8 else "")))
        if p.pages:
            rows.append((self.tr("Named on pages"), " &nbsp; ".join(  # one page reference never wraps inside
                f"<span style='white-space: nowrap'><a href='page:{r.page_id}:{p.entity_id}'>{escape(r.document)} "
                + escape(self.tr("p.%1").replace("%1", str(r.number))) + "</a>"
                f" <span class='meta'>{escape(page_type_name(r.page_type))}</span></span>" for r in p.pages)))
        table = "".join(f"<tr><td class='head'>{escape(k)}</td><td>{v}</td></tr>" for k, v in rows)
        return head + f"<table>{table}</table><hr>"

    def accounts_text(self, n: int) -> str:
        return self.tr("1 account") if n == 1 else self.tr("%1 accounts").replace("%1", str(n))

    def rows_text(self, n: int) -> str:
        return self.tr("1 row") if n == 1 else self.tr("%1 rows").replace("%1", f"{n:,}")

    # -- links -------------------------------------------------------------------------------
    def open_link(self, url: QUrl) -> None:
        kind, _, rest = url.toString().partition(":")
        parts = [int(x) for x in rest.split(":") if x.lstrip("-").isdigit()]
        if not parts:
            return
        if kind == "entity":
            self.selection.select_entity(parts[0])
        elif kind == "alert":
            self.alertRequested.emit(parts[0])
        elif kind == "page":
            self.open_page(parts[0], parts[1] if len(parts) > 1 else None)

    def open_page(self, page_id: int, entity_id: int | None = None) -> None:
        """The page, with the person's names on it outlined."""
        regions = ()
        if entity_id is not None and self.view is not None:
            regions = tuple((m["x0"], m["y0"], m["x1"], m["y1"]) for m in self.view.entity_mentions(entity_id)
                            if m["page_id"] == page_id and None not in (m["x0"], m["y0"], m["x1"], m["y1"]))
        self.selection.open_page(page_id, PageFocus(regions=regions))
