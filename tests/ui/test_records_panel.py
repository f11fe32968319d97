"""The records dock: records listed, findings side by side, each side one click from its page."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def records_case(tmp_path_factory):
    from app.services.imports import import_paths
    from devkit.synth.dossier import write_dossier

    tmp = tmp_path_factory.mktemp("records_ui")
    write_dossier(tmp / "d.pdf", pages=120, seed=21, plant_records=True)
    case = tmp / "d.case"
    import_paths([tmp / "d.pdf"], case=case)
    return case


def test_records_panel_lists_records_and_opens_a_side(qtbot, records_case):
    from app.services.views import CaseView
    from app.ui.app import create_app
    from app.ui.records_panel import RecordsPanel
    from app.ui.selection import SelectionModel

    create_app([])
    selection = SelectionModel()
    panel = RecordsPanel(selection)
    qtbot.addWidget(panel)
    view = CaseView(records_case)
    panel.set_case(view)
    assert panel.table.rowCount() == len(panel.records) > 0
    assert panel.findings["copies"]
    panel.category.setCurrentIndex(0)
    panel.list.setCurrentRow(0)
    assert panel.a.side is not None and "#ffd54f" in panel.a.text.toHtml()  # the passage highlighted
    opened = []
    selection.pageRequested.connect(lambda page_id, focus: opened.append((page_id, focus)))
    panel.b.open_page()
    assert opened and opened[0][0] == panel.findings["copies"][0]["b"]["page_id"]
    assert opened[0][1].regions  # the passage outlined on its page
    view.close()
