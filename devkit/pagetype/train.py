"""Train the page-type classifier on template pages (and synthetic dossier pages if given); ship it.

Usage: python -m devkit.pagetype.train [--per-class 400] [--synth X.pdf ...] [--synth-test Y.pdf ...]
Held-out accuracy is measured on template pages of a different seed (and on synth dossiers of other seeds
when given). --synth reads ``caselens synth`` output: X.pdf (text layer) + X.truth.json (page types).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from nlp.pagetype import model as pm
from nlp.pagetype.templates import generate, text_to_words

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "models" / "pagetype"
TRAIN_SEED, TEST_SEED = 1, 2

# A few hand-written pages per class, in the register of real dossiers.
HANDWRITTEN = [
    ("卷宗\n某某市公安局\n案件名称：李某某涉嫌诈骗案\n卷别：证据材料卷\n第二卷 共四卷\n立卷人：王强", "cover"),
    ("卷 内 目 录\n序号 文件名称 页号\n1 讯问笔录（李某某） 1-12\n2 询问笔录（张某） 13-20\n3 银行交易明细 21-80", "contents"),
    ("受案登记表\n案件来源 □110指令 ☑工作中发现 □报案\n报案人 张某 性别 男\n简要案情：\n受案意见：属本单位管辖的刑事案件", "form"),
    ("第2页 共5页\n问：你把钱转给谁了？\n答：转给一个叫阿强的人，我不知道他真名。\n问：你怎么联系他？\n答：用微信。", "interrogation"),
    ("询问笔录\n被询问人 王芳 女 1988年3月2日生\n问：我们是某某派出所民警，依法向你询问，你应当如实回答。\n答：好的。", "inquiry"),
    ("到案经过\n2022年5月3日，我队民警在工作中发现犯罪嫌疑人李某某在某某小区出没，遂将其抓获，李某某对其犯罪事实供认不讳。", "narrative"),
    ("交易日期 摘要 收入 支出 余额 对方户名\n20210305 转账 30,000.00  45,210.33 张伟\n20210306 ATM取现  2,000.00 43,210.33", "bank_statement"),
    ("常住人口登记表\n姓名 李某某 曾用名 无 性别 男\n民族 汉 出生日期 1990年1月1日\n公民身份号码 110105199001011234", "id_record"),
    ("扣押物品照片\n（照片）\n拍摄人：王强 见证人：李明", "other"),
]


def synth_pages(pdf: Path) -> list[tuple[str, str, list]]:
    """(text, type, words) for each page of a `caselens synth` dossier (X.pdf with X.truth.json)."""
    import pymupdf

    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    types = {pg["number"]: pg["type"] for pg in truth["pages"]}
    out = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            if page.number + 1 in types:
                words = [list(w[:5]) for w in page.get_text("words")]
                out.append((page.get_text(), types[page.number + 1], words))
    return out


def _with_words(pairs: list[tuple[str, str]], seed: int) -> tuple[list[str], list[str], list]:
    r = random.Random(seed)
    texts = [t for t, _ in pairs]
    labels = [lab for _, lab in pairs]
    words = [text_to_words(t) if r.random() < 0.5 else None for t in texts]
    return texts, labels, words


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-class", type=int, default=400)
    ap.add_argument("--synth", type=Path, nargs="*", default=[], help="caselens synth PDFs (train)")
    ap.add_argument("--synth-test", type=Path, nargs="*", default=[], help="synth PDFs of other seeds (test)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    started = time.process_time()
    texts, labels, words = _with_words(generate(args.per_class, TRAIN_SEED) + HANDWRITTEN * 5, TRAIN_SEED)
    for folder in args.synth:
        for t, lab, w in synth_pages(folder):
            texts.append(t)
            labels.append(lab)
            words.append(w)
    clf = pm.train_model(texts, labels, words)
    train_cpu = time.process_time() - started
    tt, tl, tw = _with_words(generate(100, TEST_SEED), TEST_SEED)
    pred = [p for p, _ in zip(clf.predict(pm.featurize(tt, tw)), tl, strict=True)]
    acc = sum(p == t for p, t in zip(pred, tl, strict=True)) / len(tl)
    report = {"train_pages": len(texts), "train_cpu_s": round(train_cpu, 1),
              "template_test_pages": len(tl), "template_test_accuracy": round(acc, 4),
              "template_confusion": pm.confusion(tl, list(pred))}
    synth_test = [x for f in args.synth_test for x in synth_pages(f)]
    if synth_test:
        sp = clf.predict(pm.featurize([x[0] for x in synth_test], [x[2] for x in synth_test]))
        report["synth_test_pages"] = len(synth_test)
        report["synth_test_accuracy"] = round(sum(p == x[1] for p, x in zip(sp, synth_test, strict=True))
                                              / len(synth_test), 4)
        report["synth_confusion"] = pm.confusion([x[1] for x in synth_test], list(sp))
    pm.save(clf, args.out / "pagetype.joblib")
    (args.out / "training.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
