"""Characters per CPU second of an NER model alone and of the whole pipeline, on case-register text.

Used to compare model architectures (issue 5): CPU seconds via time.process_time, so a loaded shared
machine distorts the figures less than wall time. Text: CAIL2021 sentences (../shared/data, when
present) + synthetic case sentences (nlp/ner/synth.py), about `chars` characters in all.
Usage: python -m nlp.ner.speed [--arch linear|cnn] [--model DIR] [--chars 200000] [--batch 128] [--pipeline]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from nlp.ner.synth import synthetic_sentences

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"


def speed_texts(chars: int = 200_000, data_dir: Path = DATA) -> list[str]:
    """About `chars` characters: half CAIL2021 sentences (if the data is there), the rest synthetic."""
    texts: list[str] = []
    total = 0
    cail = data_dir / "cail2021_train" / "xxcq_train.json"
    if cail.is_file():
        from nlp.ner.data import read_cail

        for ex in read_cail(cail, "all"):
            if total >= chars // 2:
                break
            texts.append(ex.text)
            total += len(ex.text)
    for ex in synthetic_sentences(max(1, (chars - total) // 20), seed=11):
        if total >= chars:
            break
        texts.append(ex.text)
        total += len(ex.text)
    return texts


def _runner(arch: str, model_dir: Path | None, batch_size: int) -> Callable[[list[str]], object]:
    """A function texts -> None running the model alone (linear: its predict; cnn: its nlp.pipe)."""
    where = str(model_dir) if model_dir else None
    if arch == "linear":
        from nlp.ner.linear_component import load_model as load_linear

        model = load_linear(where)
        return lambda texts: [model.predict(texts[i:i + batch_size]) for i in range(0, len(texts), batch_size)]
    from nlp.ner.component import load_model

    nlp = load_model(where)
    return lambda texts: [None for _doc in nlp.pipe(texts, batch_size=batch_size)]


def model_speed(model_dir: Path | None, texts: list[str], batch_size: int = 128, repeats: int = 2,
                arch: str = "linear") -> dict[str, float | str]:
    """Best of `repeats` runs of the model over texts: chars per CPU second and per wall second."""
    run = _runner(arch, model_dir, batch_size)
    run(texts[:50])  # warm up
    chars = sum(map(len, texts))
    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        run(texts)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - t0)
    return {"chars": chars, "cpu_s": round(best_cpu, 2), "chars_per_cpu_s": round(chars / best_cpu),
            "chars_per_wall_s": round(chars / best_wall), "batch_size": batch_size, "arch": arch}


def pipeline_speed(texts: list[str], batch_size: int = 64) -> dict[str, float | str]:
    """Whole extraction pipeline (rules + shipped model) through nlp.extract.extract_many."""
    from nlp.extract import extract_many

    list(extract_many(texts[:50], "zh", batch_size=batch_size))
    chars = sum(map(len, texts))
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in extract_many(texts, "zh", batch_size=batch_size):
        pass
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return {"chars": chars, "cpu_s": round(cpu, 2), "chars_per_cpu_s": round(chars / cpu),
            "chars_per_wall_s": round(chars / wall), "batch_size": batch_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", choices=("linear", "cnn"), default="linear")
    ap.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped one)")
    ap.add_argument("--chars", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--pipeline", action="store_true", help="also time the whole extraction pipeline")
    args = ap.parse_args(argv)
    texts = speed_texts(args.chars)
    out = {"model": model_speed(args.model, texts, args.batch, arch=args.arch)}
    if args.pipeline:
        out["pipeline"] = pipeline_speed(texts)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
