"""NER evaluation (`./dev eval ner`): exact-span P/R/F1 per label on public Chinese and English corpora.

Systems: "model" = the shipped linear model alone: resources/models/ner_zh_linear (nlp/ner/linear.py) on
Chinese sets, resources/models/ner_en_linear (nlp/ner/english.py) on English sets; "pipeline" = the whole extraction pipeline through
nlp.extract.extract_many (rules + the pipeline's models + merge), PERSON/ORG/PLACE only, lang per set.
Sets (under ../shared/data; skipped with a message when absent). Every training set is scored on a slice
the shipped models never saw:
  msra_dev     MSRA train, its last 10 % by sentence order (never trained on); PER/ORG/LOC
  conll_dev    CoNLL-2003 English train, its last 10 % by sentence order (never trained on); PER -> PERSON,
               ORG -> ORG, LOC -> PLACE, MISC ignored; text = the words joined by spaces (English)
  cail_dev     CAIL2021 xxcq, our fixed dev split md5(sentence) % 10 == 0; NHCS, NHVI -> PERSON, NO -> ORG,
               NS -> PLACE (a NS span that swallows a name is dropped, the name kept)
  cluener_dev  CLUENER2020 dev; name -> PERSON, company/organization/government -> ORG, address -> PLACE
  weibo_test   Weibo NER test; PER.NAM -> PERSON, ORG.NAM -> ORG, LOC.NAM/GPE.NAM -> PLACE (.NOM ignored)
  resume_test  Resume NER test; NAME -> PERSON, ORG -> ORG, LOC -> PLACE
  pd_dev       People's Daily dev; PER -> PERSON, ORG -> ORG, LOC -> PLACE. Not in the default sets: ~90 % of
               it is inside MSRA train, which the 3.x Chinese model trains on
A prediction counts only when start, end and label all match. Writes eval/out/ner.json.
Label notes: scoring is strict: a PERSON/ORG/PLACE prediction over an unmapped type (CLUENER game,
book, movie, position, scene; Weibo .NOM) counts as a false positive. CLUENER `name` includes fictional
and game characters and English names; People's Daily PER includes transliterated foreign names and
surname-only mentions (胡老 -> 胡); all are kept as PERSON gold, nothing is filtered.
Chinese label conventions differ by corpus (MSRA marks 江苏 and 盐城 where CAIL and CLUENER mark a whole address):
the 3.x Chinese model learns organisations and places from MSRA only, so its ORG/PLACE scores on the other
sets measure that mismatch as much as errors.
`--ner accurate` scores the accurate Chinese model instead (resources/models/ner_zh_accurate,
nlp/ner/accurate.py) alone and in the pipeline (`build_pipeline(ner="accurate")`); writes
eval/out/ner_accurate.json.
Usage: python eval/eval_ner.py [--limit N] [--sets cail_dev,msra_dev] [--systems model,pipeline]
                               [--ner fast|accurate] [--model DIR] [--model-en DIR]
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
SETS = ("msra_dev", "cail_dev", "cluener_dev", "weibo_test", "resume_test", "conll_dev")
ENGLISH_SETS = frozenset({"conll_dev"})
OUT = ROOT / "eval" / "out" / "ner.json"
NER = {"choice": "fast"}     # the Chinese model scored: "fast" (linear) or "accurate" (BiLSTM-CRF)
ZH_COMPONENTS = {"fast": "nlp.ner.linear_component", "accurate": "nlp.ner.accurate_component"}


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


def predict_model(texts: list[str], lang: str = "zh") -> list[list[tuple[int, int, str]]]:
    if lang == "en":
        from nlp.ner.english_component import load_model as load_en

        return load_en().predict(texts)
    import importlib

    return importlib.import_module(ZH_COMPONENTS[NER["choice"]]).load_model().predict(texts)


FAILURES: dict[str, int] = {}


def predict_pipeline(texts: list[str], lang: str = "zh") -> list[list[tuple[int, int, str]]]:
    """Batched; if a batch raises (a pipeline bug), text by text, counting texts that fail as empty."""
    from nlp.extract import extract, extract_many

    def keep(ms):
        return [(m["start"], m["end"], m["label"]) for m in ms if m["label"] in LABELS]

    try:
        return [keep(ms) for ms in extract_many(texts, lang, ner=NER["choice"])]
    except Exception:  # noqa: BLE001  (evaluation goes on; failures are reported)
        out = []
        for t in texts:
            try:
                out.append(keep(extract(t, lang, ner=NER["choice"])))
            except Exception:  # noqa: BLE001
                FAILURES["pipeline"] = FAILURES.get("pipeline", 0) + 1
                out.append([])
        return out


def _model_versions() -> dict:
    out = {}
    for key, module in (("zh", ZH_COMPONENTS[NER["choice"]]), ("en", "nlp.ner.english_component")):
        try:
            meta = __import__(module, fromlist=["load_model"]).load_model().meta
            out[key] = f"{meta.get('name')}-{meta.get('version')}"
        except (ImportError, FileNotFoundError, ValueError):
            out[key] = None
    return out


SYSTEMS = {"model": predict_model, "pipeline": predict_pipeline}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="exact-span NER evaluation")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0 = all)")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--systems", default="model,pipeline")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--ner", choices=tuple(ZH_COMPONENTS), default="fast",
                    help="Chinese model: fast (linear, default) or accurate (BiLSTM-CRF)")
    ap.add_argument("--model", type=Path, default=None,
                    help="evaluate this Chinese model folder (of the --ner kind) instead of the shipped one")
    ap.add_argument("--model-en", type=Path, default=None,
                    help="evaluate this English model folder instead of the shipped one")
    args = ap.parse_args(argv)
    NER["choice"] = args.ner
    out_path = OUT if args.ner == "fast" else OUT.with_name(f"ner_{args.ner}.json")
    if args.model:
        import importlib

        component = importlib.import_module(ZH_COMPONENTS[args.ner])
        component.MODEL_DIR = args.model.resolve()  # model and pipeline load it through model_dir()
    if args.model_en:
        import nlp.ner.english_component as en_component

        en_component.MODEL_DIR = args.model_en.resolve()
    if not args.data.is_dir():
        print(f"eval ner: skipped, no public data at {args.data} (see shared/data/README.md)")
        return 0
    results: dict = {"sets": {}, "speed": {}, "models": _model_versions()}
    for system in args.systems.split(","):
        try:
            predict = SYSTEMS[system]
            predict(["预热"])
        except (ImportError, FileNotFoundError) as exc:
            print(f"eval ner: system {system} unavailable: {exc}")
            continue
        chars: dict[str, int] = {}
        seconds: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for name in args.sets.split(","):
            lang = "en" if name in ENGLISH_SETS else "zh"
            gold = corpus(args.data, name)
            if args.limit:
                gold = gold[:args.limit]
            texts = [ex.text for ex in gold]
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                pred = predict(texts, lang)
            except LookupError:
                continue
            seconds[lang] = seconds.get(lang, 0.0) + time.perf_counter() - t0
            cpu[lang] = cpu.get(lang, 0.0) + time.process_time() - c0
            chars[lang] = chars.get(lang, 0) + sum(map(len, texts))
            results["sets"].setdefault(name, {"sentences": len(gold)})[system] = score(gold, pred)
        for lang, n in chars.items():
            results["speed"][f"{system} {lang}"] = {
                "chars": n, "seconds": round(seconds[lang], 2), "cpu_seconds": round(cpu[lang], 2),
                "chars_per_s": round(n / seconds[lang]) if seconds[lang] else None,
                "chars_per_cpu_s": round(n / cpu[lang]) if cpu[lang] else None}
    print(f"{'set':12} {'system':9} " + " ".join(f"{lab + ' P/R/F1':>20}" for lab in (*LABELS, "micro")))
    for name, by_system in results["sets"].items():
        for system, s in by_system.items():
            if system == "sentences":
                continue
            cells = " ".join(f"{s[lab]['p']:.3f}/{s[lab]['r']:.3f}/{s[lab]['f1']:.3f}".rjust(20)
                             for lab in (*LABELS, "micro"))
            print(f"{name:12} {system:9} {cells}")
    print("models: " + ", ".join(f"{k} {v}" for k, v in results["models"].items()))
    for system, sp in results["speed"].items():
        print(f"speed {system}: {sp['chars_per_s']} chars/s wall, {sp['chars_per_cpu_s']} chars per CPU second"
              f" over {sp['chars']} chars (one process)")
    if FAILURES:
        print(f"texts the pipeline raised on (scored as empty): {FAILURES}")
        results["failures"] = FAILURES
    results["ner"] = args.ner
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {out_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
