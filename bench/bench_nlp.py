"""Characters per second per core of the extraction pipeline, against spaCy's blank tokenizer alone.

Chinese text: CAIL2021 theft-case sentences from ../shared/data when present (read, never copied), mixed
with generated record and statement lines full of IDs, cards, phones and amounts; otherwise generated only.
English text (the `en` pipeline with the English NER): CoNLL-2003 train sentences when present, mixed with
generated English record lines. Prints the ratio pipeline / tokenizer measured in the same run.
Usage: ./dev bench nlp [--chars N] [--repeat N] [--no-en]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CAIL = ROOT.parent / "shared" / "data" / "cail2021_train" / "xxcq_train.json"
CONLL = ROOT.parent / "shared" / "data" / "conll2003_en" / "eng.train"
PAGE_CHARS = 1500


def _luhn(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def _record_lines(rng: random.Random) -> list[str]:
    names = ["张伟", "王芳", "李某某", "黄某", "刘洋", "陈静", "赵某某"]
    lines = []
    for _ in range(6):
        card = _luhn("622202" + "".join(rng.choice("0123456789") for _ in range(12)))
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        amount = f"{rng.randrange(100, 500000):,}.{rng.randrange(100):02d}"
        lines.append(f"{2021}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} {rng.randrange(24):02d}:"
                     f"{rng.randrange(60):02d} 户名 {rng.choice(names)} 卡号 {card} 转账 {amount}元 "
                     f"联系电话 {phone} 中国工商银行股份有限公司杭州西湖支行")
    lines.append(f"问：你的身份证号码？答：11010519491231002X，住浙江省杭州市西湖区文三路{rng.randrange(1, 300)}号。")
    return lines


def realistic_pages(total_chars: int, seed: int = 7) -> list[str]:
    """Pages of about PAGE_CHARS characters, narrative plus record lines, up to total_chars."""
    rng = random.Random(seed)
    sentences: list[str] = []
    if CAIL.is_file():
        with CAIL.open(encoding="utf-8") as fh:
            sentences = [json.loads(line)["context"] for line in fh if line.strip()]
    if not sentences:
        sentences = ["2017年6月底的一天13时许，犯罪嫌疑人黄某某在**乡窃得戚某某电动自行车上的电瓶4只，"
                     "计价值人民币352元。", "被害人严某某、肖某某于3月5日下午3点报案，称其手机被盗。"]
    pages, size = [], 0
    while size < total_chars:
        parts: list[str] = []
        while sum(map(len, parts)) < PAGE_CHARS * 0.7:
            parts.append(rng.choice(sentences))
        parts.extend(_record_lines(rng))
        page = "\n".join(parts)
        pages.append(page)
        size += len(page)
    return pages


def english_pages(total_chars: int, seed: int = 7) -> list[str]:
    """English pages: CoNLL-2003 sentences (when present) and generated record lines."""
    from devkit.ner.synth_en import english_lines

    rng = random.Random(seed)
    sentences: list[str] = []
    if CONLL.is_file():
        words: list[str] = []
        for line in CONLL.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts and parts[0] != "-DOCSTART-":
                words.append(parts[0])
            elif words:
                sentences.append(" ".join(words))
                words = []
    records = [ex.text for ex in english_lines(2000, seed)]
    pages, size = [], 0
    while size < total_chars:
        parts: list[str] = []
        while sum(map(len, parts)) < PAGE_CHARS:
            parts.append(rng.choice(sentences) if sentences and rng.random() < 0.7 else rng.choice(records))
        page = "\n".join(parts)
        pages.append(page)
        size += len(page)
    return pages


def _rate(fn, pages: list[str], repeat: int) -> float:
    chars = sum(map(len, pages))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()    # CPU time of this one process: "per core", whatever else the machine runs
        fn(pages)
        best = min(best, time.process_time() - t0)
    return chars / best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--chars", type=int, default=600_000, help="characters of text (default 600000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-en", action="store_true", help="skip the English pipeline")
    ap.add_argument("--accurate", action="store_true",
                    help="also time the pipeline with the accurate Chinese NER (build_pipeline(ner='accurate'))")
    args = ap.parse_args()
    import spacy

    from nlp.pipeline import build_pipeline

    pages = realistic_pages(args.chars)
    tokenizer = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}}).tokenizer
    rules = build_pipeline("zh", statistical=False)
    full = build_pipeline("zh")
    list(rules.pipe(pages[:5]))
    base = _rate(lambda ps: [tokenizer(p) for p in ps], pages, args.repeat)
    rate = _rate(lambda ps: list(rules.pipe(ps, batch_size=64)), pages, args.repeat)
    source = "CAIL2021 sentences + generated record lines" if CAIL.is_file() else "generated text"
    print(f"text: {sum(map(len, pages)):,} chars in {len(pages)} pages ({source}); one process, CPU time, best of {args.repeat}")
    print(f"spacy.blank('zh') tokenizer alone: {base:,.0f} chars/s")
    print(f"caselens pipeline (rules):         {rate:,.0f} chars/s  ratio {rate / base:.3f}")
    if full.meta["caselens"]["ner"]:
        list(full.pipe(pages[:5]))
        ner_rate = _rate(lambda ps: list(full.pipe(ps, batch_size=64)), pages, args.repeat)
        print(f"caselens pipeline (rules + statistical NER {full.meta['caselens']['ner']}): {ner_rate:,.0f} chars/s"
              f"  ratio {ner_rate / base:.3f}")
    else:
        print("statistical NER: not shipped (resources/models/ner_zh_linear missing); rules only")
    if args.accurate:
        accurate = build_pipeline("zh", ner="accurate")
        if accurate.meta["caselens"]["ner_choice"] == "accurate":
            list(accurate.pipe(pages[:5]))
            acc_rate = _rate(lambda ps: list(accurate.pipe(ps, batch_size=64)), pages, args.repeat)
            print(f"caselens pipeline (rules + accurate NER {accurate.meta['caselens']['ner']}): "
                  f"{acc_rate:,.0f} chars/s  ratio {acc_rate / base:.3f}")
        else:
            print("accurate NER: not shipped (resources/models/ner_zh_accurate missing)")
    if not args.no_en:
        en_pages = english_pages(args.chars // 2)
        en_tok = spacy.blank("en").tokenizer
        en_full = build_pipeline("en")
        list(en_full.pipe(en_pages[:5]))
        en_base = _rate(lambda ps: [en_tok(p) for p in ps], en_pages, args.repeat)
        en_rate = _rate(lambda ps: list(en_full.pipe(ps, batch_size=64)), en_pages, args.repeat)
        src = "CoNLL-2003 train sentences + generated English records" if CONLL.is_file() else "generated English records"
        print(f"english text: {sum(map(len, en_pages)):,} chars in {len(en_pages)} pages ({src})")
        print(f"spacy.blank('en') tokenizer alone: {en_base:,.0f} chars/s")
        print(f"caselens en pipeline (rules + {en_full.meta['caselens']['ner']}): {en_rate:,.0f} chars/s"
              f"  ratio {en_rate / en_base:.3f}")
    print("target: >= 100,000 chars/s per core for the whole pipeline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
