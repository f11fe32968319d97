"""Train the small per-character Chinese NER model shipped in resources/models/ner_zh.

Usage: python -m nlp.ner.train [--data ../shared/data] [--out resources/models/ner_zh] [--minutes 12]
                               [--wall-minutes 60] [--epochs 6] [--arch tagger|parser] [--resume]
Training mix (see data.py for label maps): CAIL2021 train split (x2), CLUENER2020 train (x2), Weibo
train, Resume train, People's Daily *test* (x2; its dev split is an evaluation set and is never trained
on), and synthetic case sentences (synth.py). Model selection on Weibo dev + Resume dev.
Architectures: "tagger" (1.1.0, shipped: small CNN tok2vec + BILUO softmax, fast) and "parser" (1.0.0:
spaCy's transition-based ner, ~5-10x slower at run time).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from nlp.ner.data import LABELS, Example, corpus
from nlp.ner.synth import synthetic_sentences

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "resources" / "models" / "ner_zh"

MODEL_VERSION = "1.1.0"
NER_MODEL = {  # 1.0.0: transition parser; kept for comparison (--arch parser)
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 4,
        "embed_size": 3000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}




def tagger_model(width: int = 64, depth: int = 2, window: int = 1, rows: int = 4000) -> dict:
    """1.1.0: tok2vec (NORM + SHAPE hash embeddings, maxout CNN) + softmax over BILUO tags.

    Per character PREFIX/SUFFIX equal NORM, so they are left out; no transition loop at run time."""
    return {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": False,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": width, "attrs": ["NORM", "SHAPE"],
                      "rows": [rows, 100], "include_static_vectors": False},
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": width, "depth": depth,
                       "window_size": window, "maxout_pieces": 2},
        },
    }


ARCHS = {"tagger": tagger_model(width=48, depth=2, window=2, rows=5000), "parser": NER_MODEL}


def blank_nlp(arch: str = "tagger"):
    """spacy.blank('zh') with the 'char' segmenter (nothing to download) and an untrained model."""
    import spacy

    import nlp.ner.biluo  # noqa: F401  (registers caselens_biluo_ents)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    if arch == "parser":
        ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
        for label in LABELS:
            ner.add_label(label)
        return nlp
    tagger = nlp.add_pipe("tagger", config={"model": ARCHS[arch]})
    for tag in nlp_tags():
        tagger.add_label(tag)
    nlp.add_pipe("caselens_biluo_ents")
    return nlp


def nlp_tags() -> tuple[str, ...]:
    from nlp.ner.biluo import TAGS

    return TAGS


def to_examples(nlp, items: list[Example]) -> list:
    from spacy.training import Example as SpacyExample

    out, misaligned = [], 0
    for item in items:
        doc = nlp.make_doc(item.text)
        ents = []
        for s, e, label in item.spans:
            span = doc.char_span(s, e, label=label)
            if span is None:
                misaligned += 1
                continue
            ents.append(span)
        ref = nlp.make_doc(item.text)
        ref.ents = ents
        tags = ["O"] * len(ref)
        for i, span in ((i, sp) for sp in ents for i in range(sp.start, sp.end)):
            n = len(span)
            tags[i] = ("U" if n == 1 else "B" if i == span.start else "L" if i == span.end - 1 else "I") + "-" + span.label_
        for t, tag in zip(ref, tags, strict=True):
            t.tag_ = tag
        out.append(SpacyExample(doc, ref))
    if misaligned:
        print(f"  {misaligned} spans did not align to characters (dropped)")
    return out


def training_mix(data_dir: Path, synth_n: int = 3000) -> list[Example]:
    mix = corpus(data_dir, "cail_train") * 2 + corpus(data_dir, "cluener_train") * 2 + corpus(data_dir, "pd_test") * 2
    for name in ("weibo_train", "resume_train"):
        mix += corpus(data_dir, name)
    mix += synthetic_sentences(synth_n)
    return mix


def score(nlp, examples) -> dict:
    """Exact-span micro P/R/F1 of doc.ents against the examples' reference entities."""
    tp = fp = fn = 0
    texts = [ex.reference.text for ex in examples]
    for ex, doc in zip(examples, nlp.pipe(texts, batch_size=256), strict=True):
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"ents_p": p, "ents_r": r, "ents_f": 2 * p * r / (p + r) if p + r else 0.0}


def train(data_dir: Path, out: Path, minutes: float, max_epochs: int, seed: int = 0,
          wall_minutes: float = 60.0, resume: bool = False, arch: str = "tagger",
          eval_every: int = 0) -> dict:
    """Train (or, with resume, continue training the model in `out`); keeps the best on the selection set."""
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    fix_random_seed(seed)
    import nlp.ner.biluo  # noqa: F401  (registers caselens_biluo_ents for spacy.load)

    nlp = spacy.load(out) if resume else blank_nlp(arch)
    items = training_mix(data_dir)
    train_ex = to_examples(nlp, items)
    select_ex = to_examples(nlp, _select_items(data_dir))
    print(f"training on {len(train_ex)} sentences ({sum(len(i.text) for i in items)} chars)")
    optimizer = nlp.resume_training() if resume else nlp.initialize(lambda: train_ex[:2000])
    if resume:
        seed += 1  # a different shuffle from the run being continued
    rng = random.Random(seed)
    started = time.process_time()  # CPU seconds: the machine is shared, wall time is noisy
    wall_started = time.monotonic()

    def out_of_time() -> bool:
        return (time.process_time() - started > minutes * 60
                or time.monotonic() - wall_started > wall_minutes * 60)

    best, history = (score(nlp, select_ex)["ents_f"] if resume else -1.0), []
    for epoch in range(max_epochs):
        rng.shuffle(train_ex)
        losses: dict = {}
        seen = 0
        for batch in minibatch(train_ex, size=compounding(8.0, 64.0, 1.01)):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            seen += len(batch)
            if seen // 4000 != (seen - len(batch)) // 4000:
                print(f"  epoch {epoch + 1}: {seen} sentences, cpu {time.process_time() - started:.0f} s", flush=True)
            if out_of_time():
                break
        with nlp.use_params(optimizer.averages):
            s = score(nlp, select_ex)
            f = s["ents_f"]
            history.append({"epoch": epoch + 1, "sentences_seen": seen, "loss": round(float(sum(losses.values())), 1), "select_f": round(float(f), 4),
                            "cpu_s": round(time.process_time() - started, 1)})
            print(history[-1], flush=True)
            if f > best:
                best = f
                out.mkdir(parents=True, exist_ok=True)
                nlp.meta.update({"name": "caselens_ner_zh", "version": MODEL_VERSION,
                                 "description": "CaseLens per-character Chinese NER (PERSON/ORG/PLACE); see MODEL_CARD.md"})
                nlp.to_disk(out)
        if out_of_time():
            break
    summary = {"sentences": len(train_ex), "history": history, "best_select_f": round(float(best), 4),
               "train_cpu_seconds": round(time.process_time() - started, 1),
               "train_wall_seconds": round(time.monotonic() - wall_started, 1)}
    log = out / "training.json"
    runs = json.loads(log.read_text(encoding="utf-8")) if resume and log.is_file() else []
    runs = runs if isinstance(runs, list) else [runs]
    log.write_text(json.dumps([*runs, summary], indent=1), encoding="utf-8")
    return summary


def _select_items(data_dir: Path) -> list[Example]:
    from nlp.ner.data import RESUME_MAP, WEIBO_MAP, read_conll

    d = Path(data_dir)
    weibo_dev = list(read_conll(d / "weibo_ner" / "weiboNER_2nd_conll.dev", WEIBO_MAP, True))
    resume_dev = list(read_conll(d / "resume_ner" / "dev.char.bmes", RESUME_MAP))
    return weibo_dev + resume_dev


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--minutes", type=float, default=12.0, help="training budget in CPU minutes")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--resume", action="store_true", help="continue training the model already in --out")
    ap.add_argument("--arch", choices=sorted(ARCHS), default="tagger")
    ap.add_argument("--wall-minutes", type=float, default=60.0, help="stop after this much wall time too")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no training data at {args.data}")
        return 2
    summary = train(args.data, args.out, args.minutes, args.epochs, wall_minutes=args.wall_minutes,
                    resume=args.resume, arch=args.arch)
    print(json.dumps({k: v for k, v in summary.items() if k != "history"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
