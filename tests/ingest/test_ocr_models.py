"""Recogniser choice: the shipped PP-OCRv6 tiny (with second looks) by default, the rapidocr wheel's model as the fallback."""

from __future__ import annotations

import pytest

from app.ingest.ocr import models as ocr_models
from app.ingest.ocr.settings import rapidocr_engine_id


def test_choose_rec_selects_shipped_tiny_model(monkeypatch):
    monkeypatch.setenv(ocr_models.ENV, "ppocr-v6-rec-tiny")
    rec = ocr_models.choose_rec()
    assert rec is ocr_models.TINY
    model, keys = rec.paths()
    assert ocr_models.rec_params(rec) == {"Rec.model_path": str(model), "Rec.rec_keys_path": str(keys)}


def test_choose_rec_falls_back_to_wheel_model_when_files_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(ocr_models.ENV, "ppocr-v6-rec-tiny")
    monkeypatch.setattr(ocr_models, "resources_dir", lambda: tmp_path)
    assert ocr_models.choose_rec() is ocr_models.WHEEL
    assert ocr_models.rec_params(ocr_models.WHEEL) == {}


def test_choose_rec_env_and_name_select_model(monkeypatch):
    monkeypatch.delenv(ocr_models.ENV, raising=False)
    assert ocr_models.choose_rec() is ocr_models.RECOGNISERS[ocr_models.DEFAULT] is ocr_models.TINY
    monkeypatch.setenv(ocr_models.ENV, "ppocr-v6-small")
    assert ocr_models.choose_rec() is ocr_models.WHEEL
    assert ocr_models.choose_rec("ppocr-v6-rec-tiny") is ocr_models.TINY
    monkeypatch.setenv(ocr_models.ENV, "no-such-model")
    assert ocr_models.choose_rec() is ocr_models.RECOGNISERS[ocr_models.DEFAULT]  # unknown: default, no crash


def test_tiny_model_output_matches_its_character_list():
    ort = pytest.importorskip("onnxruntime")
    model, keys = ocr_models.TINY.paths()
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    classes = session.get_outputs()[0].shape[-1]
    characters = keys.read_text(encoding="utf-8").splitlines()
    assert classes == len(characters) + 2  # CTC blank first, space last (RapidOCR adds both)


def test_engine_id_names_the_recogniser():
    assert rapidocr_engine_id().split("/")[1] == "ppocr-v6-small"  # pages read before stay valid in the cache
    assert "ppocr-v6-rec-tiny" in rapidocr_engine_id("ppocr-v6-rec-tiny")


def test_doubtful_flags_low_scores_and_malformed_amounts():
    assert ocr_models.doubtful("房租", 0.80)
    for broken in ("-1,00.00", "-3,5000", "-417900.00", "+84,0.00", "-2,800.0"):
        assert ocr_models.doubtful(broken, 0.99), broken
    for broken in ("7.944.00", "1.497.00", ".467.87", "-3,.52.47", "余额 .52.47"):  # comma or minus read as a point
        assert ocr_models.doubtful(broken, 0.99), broken
    for fine in ("-3,500.00", "1,234,567.89", "20210102", "6227006621633267265/李伟", "2021-01-02",
                 "-52.47", "1,497.00", "余额 52.47"):
        assert not ocr_models.doubtful(fine, 0.99), fine


def test_doubtful_asks_a_lower_score_of_long_pieces():
    assert ocr_models.doubtful("人民市", 0.93, width=3.0)  # a table cell: re-read below 0.95
    assert not ocr_models.doubtful("答：是我自己用手机银行操作的，金额", 0.93, width=14.0)  # a sentence: below 0.90
    assert ocr_models.doubtful("答：是我自己用手机银行操作的，金额", 0.89, width=14.0)
    assert ocr_models.doubtful("张玲 621226740644044970", 0.93, width=9.0)  # an account number: a merged digit?


def test_doubtful_flags_a_weak_character_a_merged_time_and_characters_outside_gb2312():
    assert ocr_models.doubtful("6227006621633267265/季伟", 0.97, weakest=0.6)  # the mean hides one weak character
    assert not ocr_models.doubtful("6227006621633267265/李伟", 0.97, weakest=0.9)
    for merged in ("22:2:02", "10:4:00", "2021-08-31 18:4:2"):
        assert ocr_models.doubtful(merged, 0.99), merged
    assert not ocr_models.doubtful("2021-08-31 18:44:23", 0.99)
    assert not ocr_models.doubtful("2021-01-02 14:44:3", 0.99)  # the seconds' last digit wrapped to the next line
    for hour in ("2021-06-22 2:40:5", "2021-11-115:57:1", "2021-05-111:52:0", "于 5:57:11 转入",
                 "2021-01-26 :39:0"):  # a digit (or the hour) lost
        assert ocr_models.doubtful(hour, 0.99), hour
    for fine in ("2021-11-1111:36:1", "2021-11-11 15:57:11", "15:57", "11:36:14"):
        assert not ocr_models.doubtful(fine, 0.99), fine
    assert ocr_models.doubtful("中国银行广州黃埔大道西分理处", 0.99)  # 黃 for 黄: a traditional form
    assert ocr_models.doubtful("王喆", 0.99)  # a rare name character: the small model knows 18,708
    assert not ocr_models.doubtful("中国银行广州黄埔大道西分理处（签名），。", 0.99)


def test_tiny_engine_reads_a_scanned_page_and_names_both_models(tmp_path):
    from ocr_scans import make_scanned_pdf

    from app.ingest.ocr.engine import RapidOcrEngine
    from app.ingest.render import render_page
    from app.ingest.textlayer import open_document

    pdf = make_scanned_pdf(tmp_path / "one.pdf", [["答：钱转到了王芳的账户。", "Account 6222021234567890 amount 30,000.00"]])
    doc = open_document(pdf)
    image = render_page(doc[0]).image
    doc.close()
    engine = RapidOcrEngine(rec="ppocr-v6-rec-tiny")
    text = " ".join(line.text for line in engine.read(image).lines)
    assert "王芳" in text and "30,000.00" in text
    assert "ppocr-v6-rec-tiny+small-second-look" in engine.name


FAST_TABLE = r'''
import json
from app.ingest.ocr import offline as ocr_offline
ocr_offline.install()
from omegaconf import OmegaConf
from rapidocr.inference_engine.base import InferSession, MODEL_URL_PATH
from rapidocr.utils import model_resolver
from rapidocr.utils.typings import ModelType, OCRVersion, TaskType
from app.ingest.ocr.engine import RapidOcrEngine
engine = RapidOcrEngine()
lazy = InferSession.__dict__["model_info"]
built_by_engine = lazy.config is not None
same = OmegaConf.to_container(InferSession.model_info) == OmegaConf.to_container(OmegaConf.load(MODEL_URL_PATH))
key = model_resolver.route_to_model_key(TaskType.REC, OCRVersion.PPOCRV5, "ch", ModelType.MOBILE)
print(json.dumps({"built_by_engine": built_by_engine, "same": same, "key": key,
                  "det": str(engine.det.cfg.model_path) if hasattr(engine.det, "cfg") else None,
                  "second": str(engine.second.cfg.model_path)}))
'''


def test_model_table_is_read_fast_and_lazily_but_unchanged(tmp_path):
    """ocr_offline reads RapidOCR's download table with the C YAML loader (0.6 CPU s less per OCR worker) and
    builds its DictConfig only if read: loading the engine does not read it (the wheel's models are named
    outright); when read, it equals what OmegaConf.load gives, and the route lookups still work."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", FAST_TABLE], cwd=root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["built_by_engine"] is False
    assert out["same"] is True
    assert out["key"]  # a route found through the plain-dict table
    assert out["second"].endswith("PP-OCRv6_rec_small.onnx")
