"""NER evaluation (`./dev eval ner`): exact-span P/R/F1 per label on public Chinese corpora.

Systems: "model" = the shipped linear model alone (resources/models/ner_zh_linear, nlp/ner/linear.py);
"cnn" = the 1.1 CNN tagger alone (resources/models/ner_zh); "pipeline" = the whole extraction pipeline
through nlp.extract.extract_many (rules + the pipeline's model + merge), PERSON/ORG/PLACE only.
Sets (under ../shared/data; skipped with a message when absent):
  cail_dev     CAIL2021 xxcq, our fixed dev split md5(sentence) % 10 == 0; NHCS, NHVI -> PERSON, NO -> ORG,
               NS -> PLACE (a NS span that swallows a name is dropped, the name kept)
  cluener_dev  CLUENER2020 dev; name -> PERSON, company/organization/government -> ORG, address -> PLACE
  weibo_test   Weibo NER test; PER.NAM -> PERSON, ORG.NAM -> ORG, LOC.NAM/GPE.NAM -> PLACE (.NOM ignored)
  resume_test  Resume NER test; NAME -> PERSON, ORG -> ORG, LOC -> PLACE
  pd_dev       People's Daily dev (never trained on); PER -> PERSON, ORG -> ORG, LOC -> PLACE
A prediction counts only when start, end and label all match. Writes eval/out/ner.json.
Label notes: scoring is strict: a PERSON/ORG/PLACE prediction over an unmapped type (CLUENER game,
book, movie, position, scene; Weibo .NOM) counts as a false positive. CLUENER `name` includes fictional
and game characters and English names; People's Daily PER includes transliterated foreign names and
surname-only mentions (胡老 -> 胡); all are kept as PERSON gold, nothing is filtered.
Usage: python eval/eval_ner.py [--limit N] [--sets cail_dev,pd_dev] [--systems model,cnn,pipeline] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.ner.data import LABELS, Example, corpus  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SETS = ("cail_dev", "cluener_dev", "weibo_test", "resume_test", "pd_dev")
OUT = ROOT / "eval" / "out" / "ner.json"


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": tp + fn, "predicted": tp + fp}


def score(gold: list[Example], pred: list[list[tuple[int, int, str]]]) -> dict:
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for ex, spans in zip(gold, pred, strict=True):
        g = set(ex.spans)
        p = {s for s in spans if s[2] in counts}
        for s in p:
            counts[s[2]][0 if s in g else 1] += 1
        for s in g - p:
            counts[s[2]][2] += 1
    out = {lab: prf(*c) for lab, c in counts.items()}
    out["micro"] = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return out


def predict_model(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from nlp.ner.linear_component import load_model

    return load_model().predict(texts)


def predict_cnn(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    from nlp.ner.component import load_model

    nlp = load_model()
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=128)]


FAILURES: dict[str, int] = {}


def predict_pipeline(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Batched; if a batch raises (a pipeline bug), text by text, counting texts that fail as empty."""
    from nlp.extract import extract, extract_many

    def keep(ms):
        return [(m["start"], m["end"], m["label"]) for m in ms if m["label"] in LABELS]

    try:
        return [keep(ms) for ms in extract_many(texts, "zh")]
    except Exception:  # noqa: BLE001  (evaluation goes on; failures are reported)
        out = []
        for t in texts:
            try:
                out.append(keep(extract(t, "zh")))
            except Exception:  # noqa: BLE001
                FAILURES["pipeline"] = FAILURES.get("pipeline", 0) + 1
                out.append([])
        return out


SYSTEMS = {"model": predict_model, "cnn": predict_cnn, "pipeline": predict_pipeline}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="exact-span NER evaluation")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--systems", default="model,pipeline")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--model", type=Path, default=None,
                    help="evaluate this linear model folder instead of the shipped one")
    args = ap.parse_args(argv)
    if args.model:
        import nlp.ner.linear_component as component

        component.MODEL_DIR = args.model.resolve()  # model and pipeline load it through model_dir()
    if not args.data.is_dir():
        print(f"eval ner: skipped, no public data at {args.data} (see shared/data/README.md)")
        return 0
    results: dict = {"sets": {}, "speed": {}}
    for system in args.systems.split(","):
        try:
            predict = SYSTEMS[system]
            predict(["预热"])
        except (ImportError, FileNotFoundError) as exc:
            print(f"eval ner: system {system} unavailable: {exc}")
            continue
        chars, seconds, cpu = 0, 0.0, 0.0
        for name in args.sets.split(","):
            gold = corpus(args.data, name)
            if args.limit:
                gold = gold[:args.limit]
            texts = [ex.text for ex in gold]
            t0, c0 = time.perf_counter(), time.process_time()
            pred = predict(texts)
            seconds += time.perf_counter() - t0
            cpu += time.process_time() - c0
            chars += sum(map(len, texts))
            results["sets"].setdefault(name, {"sentences": len(gold)})[system] = score(gold, pred)
        results["speed"][system] = {"chars": chars, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                                    "chars_per_s": round(chars / seconds) if seconds else None,
                                    "chars_per_cpu_s": round(chars / cpu) if cpu else None}
    print(f"{'set':12} {'system':9} " + " ".join(f"{lab + ' P/R/F1':>20}" for lab in (*LABELS, "micro")))
    for name, by_system in results["sets"].items():
        for system, s in by_system.items():
            if system == "sentences":
                continue
            cells = " ".join(f"{s[lab]['p']:.3f}/{s[lab]['r']:.3f}/{s[lab]['f1']:.3f}".rjust(20)
                             for lab in (*LABELS, "micro"))
            print(f"{name:12} {system:9} {cells}")
    for system, sp in results["speed"].items():
        print(f"speed {system}: {sp['chars_per_s']} chars/s wall, {sp['chars_per_cpu_s']} chars per CPU second"
              f" over {sp['chars']} chars (one process)")
    if FAILURES:
        print(f"texts the pipeline raised on (scored as empty): {FAILURES}")
        results["failures"] = FAILURES
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
