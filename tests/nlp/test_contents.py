"""The volume's table of contents (卷内目录) read from a contents page, cell per line (text layer) or row per line (OCR)."""

from __future__ import annotations

from nlp.contents import parse_contents, sections

CELLS = "\n".join(["卷 内 目 录", "序号", "文件名称", "责任者", "日期", "页号", "备注",
                   "1", "受案登记表", "武昌区分局经济犯罪侦查大队", "20220125", "3",
                   "2", "立案决定书", "武汉市公安局", "20220129", "4",
                   "3", "拘留证（黄某某）", "武汉市公安局", "20220220", "5-6",
                   "4", "黄琳丽CMB账户交易明细", "HSBC Hong Ko", "20210103", "16-17", "2"])
ROWS = ("卷内目录\n序号 文件名称 责任者 日期 页号 备注\n1 起诉意见书 武汉市公安局 20220602 3\n"
        "2 王鑫刚讯问笔录 (第1次) 武昌区分局经济犯罪侦查大队 20220213 4\n3 王丽璐讯问笔录(第1次) 武昌区分局 2022-02-14 5\n")


def test_contents_cells_one_per_line():
    entries = parse_contents(CELLS)
    assert [(e.serial, e.title, e.first_page, e.last_page) for e in entries] == [
        (1, "受案登记表", 3, None), (2, "立案决定书", 4, None), (3, "拘留证（黄某某）", 5, 6),
        (4, "黄琳丽CMB账户交易明细", 16, 17)]
    assert entries[0].unit == "武昌区分局经济犯罪侦查大队" and entries[3].unit == "HSBC Hong Ko"
    assert [(e.title, a, b) for e, a, b in sections(entries, 17)] == [
        ("受案登记表", 3, 3), ("立案决定书", 4, 4), ("拘留证（黄某某）", 5, 15), ("黄琳丽CMB账户交易明细", 16, 17)]


def test_contents_rows_one_per_line_and_split_titles():
    entries = parse_contents(ROWS)
    assert [(e.title, e.first_page) for e in entries] == [
        ("起诉意见书", 3), ("王鑫刚讯问笔录(第1次)", 4), ("王丽璐讯问笔录(第1次)", 5)]
    assert entries[2].date == "2022-02-14"


def test_text_that_is_no_table_of_contents_gives_nothing():
    assert parse_contents("问：你叫什么名字？\n答：张三。1 2 3") == []
    assert parse_contents("") == []
