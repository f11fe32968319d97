"""The case explorer groups a dossier by its own table of contents (卷内目录), page types second."""

from __future__ import annotations

import sqlite3

CONTENTS = ("卷内目录\n序号 文件名称 责任者 日期 页号 备注\n1 受案登记表 武昌区分局经侦大队 20220125 3\n"
            "2 立案决定书 武汉市公安局 20220129 4\n3 拘留证（黄某某） 武汉市公安局 20220220 5\n"
            "4 黄某某讯问笔录 武昌区分局经侦大队 20220220 6-8\n")
PAGES = ["卷宗封面", CONTENTS, "受案登记表", "立案决定书", "拘留证", "讯问笔录 第1页", "讯问笔录 第2页", "户籍信息"]
TYPES = ["cover", "contents", "form", "form", "form", "interrogation", "interrogation", "id_record"]


def _dossier(tmp_path):
    from app.services.imports import import_paths
    from tests.conftest import make_text_pdf

    pdf = make_text_pdf(tmp_path / "volume.pdf", PAGES)
    case = tmp_path / "toc.case"
    import_paths([pdf], case=case, run_post_stages=False)
    conn = sqlite3.connect(case)
    for number, page_type in enumerate(TYPES, start=1):
        conn.execute("UPDATE pages SET page_type = ? WHERE number = ?", (page_type, number))
    conn.commit()
    conn.close()
    return case


def _tree(model, item=None, depth=0):
    parent = item or model.invisibleRootItem()
    out = []
    for row in range(parent.rowCount()):
        child = parent.child(row)
        out.append((depth, child.text()))
        out += _tree(model, child, depth + 1)
    return out


def test_explorer_groups_pages_under_the_contents_titles(qtbot, tmp_path):
    from app.services.views import CaseView
    from app.ui.explorer import PAGE_ROLE, Explorer
    from app.ui.selection import SelectionModel

    view = CaseView(_dossier(tmp_path))
    selection = SelectionModel()
    explorer = Explorer(selection)
    qtbot.addWidget(explorer)
    explorer.load(view)
    groups = [text for depth, text in _tree(explorer.model) if depth == 1]
    assert groups == ["Cover  p.1", "Contents  p.2", "受案登记表  p.3  · Legal form", "立案决定书  p.4  · Legal form",
                      "拘留证（黄某某）  p.5  · Legal form", "黄某某讯问笔录  p.6–8"]
    doc = explorer.model.item(0)
    interrogation = doc.child(5)
    # two page types under one title: the second grouping
    assert [interrogation.child(r).text() for r in range(interrogation.rowCount())] == [
        "Interrogation record  p.6–7", "ID record  p.8"]
    assert interrogation.data(PAGE_ROLE + 1) is not None and "武昌区分局经侦大队" in interrogation.toolTip()
    opened = []
    selection.pageRequested.connect(lambda page_id, _focus: opened.append(page_id))
    explorer._open(doc.child(2).index())  # the title opens its first page
    assert opened == [view.page_id_at(1, 3)]
    explorer.filter.setText("拘留证")
    assert not explorer.tree.isRowHidden(4, doc.index()) and explorer.tree.isRowHidden(3, doc.index())
    view.close()
