"""Ledger table: filters and CSV export of the whole filtered view."""

from __future__ import annotations


def test_transactions_export_csv_has_all_filtered_rows(window, tmp_path):
    window.transactions.follow.setChecked(False)
    window.transactions.min_amount.setValue(20000)
    window.transactions.apply_filters()
    path = window.transactions.export_csv(str(tmp_path / "tx.csv"))
    lines = (tmp_path / "tx.csv").read_text(encoding="utf-8-sig").splitlines()
    assert path and len(lines) == 1 + 6  # header + rows with |amount| >= 20,000


def test_ledger_sorts_by_size_shows_in_out_money_and_one_time_format(window):
    from PySide6.QtCore import Qt

    from app.ui.transactions_panel import COLUMNS

    panel = window.transactions
    panel.follow.setChecked(False)
    panel.clear_filters()
    model = panel.model
    model.sort(COLUMNS.index("amount"), Qt.SortOrder.DescendingOrder)
    sizes = [abs(r["amount"]) for r in model.rows]
    assert sizes == sorted(sizes, reverse=True)  # the largest flows together, in and out alike
    row = model.rows[0]
    shown = model.display(row, "amount")
    assert shown.lstrip("-").startswith(("¥", "$", "HK$")) or " " in shown
    assert model.display(row, "direction") in ("In", "Out")
    times = {len(model.display(r, "time")) for r in model.rows}
    assert times == {16}


def test_ledger_flags_explained_in_chinese(window):
    from app.ui import i18n
    from app.ui.names import flag_explanation, flag_label

    i18n.set_language("zh_CN")
    try:
        assert flag_label("balance_break") == "余额不连续"
        assert flag_explanation("closed").startswith("交易关闭：") or flag_explanation("closed").startswith("交易关闭:")
    finally:
        i18n.set_language("en")


def test_every_flag_has_chinese():
    from app.ui.i18n import load_catalogue
    from app.ui.names import FLAGS

    catalogue = load_catalogue("zh_CN")
    assert not [t for pair in FLAGS.values() for t in pair if t not in catalogue]


def test_every_statement_flag_the_parser_writes_has_a_name():
    import re
    from pathlib import Path

    from app.ui.names import FLAGS
    from nlp.statements.reread import DISAGREES, FIXED, NO_HELP
    from nlp.statements.status import STATUS_FLAGS

    root = Path(__file__).resolve().parents[2]
    written = set(STATUS_FLAGS) | {FIXED, NO_HELP, DISAGREES}  # what the import's re-read adds (reread_rows)
    for path in [*(root / "nlp" / "statements").glob("*.py"), root / "app" / "services" / "stages" / "statements.py"]:
        written |= set(re.findall(r'(?:flags|more)\.(?:append|extend)\(\[?"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written - set(FLAGS) == set()
