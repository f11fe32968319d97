"""File > Import folder of dossiers…: the batch runs in the background, its summary opens each case."""

from __future__ import annotations

from tests.conftest import make_text_pdf


def test_batch_dialog_runs_the_batch_and_opens_a_case(qtbot, tmp_path):
    from app.ui.batch_dialog import BatchDialog

    root = tmp_path / "dossiers"
    (root / "2021-047").mkdir(parents=True)
    make_text_pdf(root / "2021-047" / "a.pdf", ["讯问笔录\n被讯问人 张伟", "银行交易明细\n户名 王芳"])
    make_text_pdf(root / "2021-048.pdf", ["询问笔录\n证人 李娜"])
    dialog = BatchDialog(str(root), str(tmp_path / "cases"))
    qtbot.addWidget(dialog)
    worker = dialog.start()
    with qtbot.waitSignal(worker.signals.finished, timeout=120_000):
        pass
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["2021-047", "2021-048"]
    assert dialog.table.item(0, 1).text() == "2" and dialog.table.item(0, 8).text() == "done"
    with qtbot.waitSignal(dialog.openCase) as opened:
        dialog.table.cellDoubleClicked.emit(1, 0)
    assert opened.args[0].endswith("2021-048.case")


def test_file_menu_has_the_batch_import(window):
    assert window.a_import_batch.text() == "Import folder of dossiers…"
    assert window.a_import_batch in window.file_menu.actions()


def test_cluster_settings_are_kept_for_the_batch(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("CASELENS_HOME", str(tmp_path / "home"))
    from app.ui.app import settings
    from app.ui.batch_dialog import ClusterSettingsDialog

    dialog = ClusterSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.address.setText(" tls://127.0.0.1:8786 ")
    dialog.tls_dir.setText(str(tmp_path / "certs"))
    dialog.save()
    assert settings().value("cluster_address") == "tls://127.0.0.1:8786"
    assert settings().value("cluster_tls_dir") == str(tmp_path / "certs")
    settings().setValue("cluster_address", "")
