"""Train the linear per-character NER (nlp/ner/linear.py) with a structured averaged perceptron.

Usage: python -m devkit.ner.train_linear [--data ../shared/data] [--out resources/models/ner_zh_linear]
                                      [--epochs 10] [--dim 1048576] [--minutes 30] [--batch 1]
Training mix (training_items): MSRA train without its last 10 %, CAIL2021 train split x2, CLUENER train x2,
Weibo train, Resume train, synthetic case sentences (devkit/ner/synth.py); name-list buckets from
shared/data/chinese_names (nlp/ner/namelist.py, a derived table is saved with the model); character
clusters from the training sentences' text (nlp/ner/charclusters.py, saved with the model).
Minibatches of similar-length sentences are decoded with the model's own batched Viterbi; each wrong
character moves its feature weights towards the gold tag and away from the predicted one. The averaged
weights of the epoch with the best micro F1 on the MSRA held-out slice are saved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from nlp.ner import charclusters, namechars, namelist
from nlp.ner.data import Example
from nlp.ner.features import FEATURES, N_TEMPLATES, codepoints, feature_ids
from nlp.ner.linear import ALLOWED, LABELS, N_TAGS, NEG, SEPARATOR, TAGS, LinearNER

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "resources" / "models" / "ner_zh_linear"
MODEL_VERSION = "3.0.0"
_TAG_ID = {t: i for i, t in enumerate(TAGS)}
FOLDS = 4


def gold_tags(ex: Example) -> np.ndarray:
    """BIOES tag ids per character of an example."""
    tags = np.zeros(len(ex.text), dtype=np.int64)
    for s, e, lab in ex.spans:
        if lab not in LABELS:
            continue
        if e - s == 1:
            tags[s] = _TAG_ID[f"S-{lab}"]
        else:
            tags[s] = _TAG_ID[f"B-{lab}"]
            tags[s + 1:e - 1] = _TAG_ID[f"I-{lab}"]
            tags[e - 1] = _TAG_ID[f"E-{lab}"]
    return tags


def fold_of(text: str) -> int:
    """Fold of a sentence for the k-fold name-character tables (copies of a sentence share a fold)."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % FOLDS


class Stream:
    """All sentences in one PAD-separated code-point stream with precomputed feature ids and gold tags.

    Feature set 3: each fold's sentences get name-character buckets counted on the other folds only."""

    def __init__(self, items: list[Example], dim: int, name_list: np.ndarray | None = None,
                 clusters: np.ndarray | None = None):
        folds = [fold_of(ex.text) for ex in items]
        items = [ex for _, ex in sorted(zip(folds, items, strict=True), key=lambda x: x[0])]
        folds.sort()
        parts, tags, starts, free = [], [], [], []
        pos = 0
        for ex in items:
            starts.append(pos)
            parts += [codepoints(ex.text), SEPARATOR]
            gold = gold_tags(ex)
            tags += [gold, np.zeros(len(SEPARATOR), np.int64)]
            free += [np.full(len(ex.text), PARTIAL_CODE.get(ex.partial, 0), np.uint8), np.zeros(len(SEPARATOR), np.uint8)]
            for s, e, lab in ex.spans:
                if lab not in ex.partial:      # spans of fully marked labels are known
                    free[-2][s:e] = 0
            pos += len(ex.text) + len(SEPARATOR)
        self.starts = np.array(starts, dtype=np.int64)
        self.lengths = np.array([len(ex.text) for ex in items], dtype=np.int64)
        stream = np.concatenate(parts)
        self.ids = np.zeros((len(stream), N_TEMPLATES[FEATURES]), dtype=np.int32)
        bounds = np.searchsorted(np.array(folds), np.arange(FOLDS + 1))
        for k in range(FOLDS):
            lo, hi = int(bounds[k]), int(bounds[k + 1])
            if lo == hi:
                continue
            names = namechars.table_from(ex for f, ex in zip(folds, items, strict=True) if f != k)
            a = int(self.starts[lo])
            b = int(self.starts[hi]) if hi < len(items) else len(stream)
            self.ids[a:b] = feature_ids(stream[a:b], dim, FEATURES, names, name_list, clusters)
        self.gold = np.concatenate(tags)
        self.free = np.concatenate(free)


# Partial annotation (Example.partial): code -> tags a character outside the marked spans may take.
PERSON_ONLY = ("ORG", "PLACE")
PARTIAL_CODE = {PERSON_ONLY: 1}
_PARTIAL_ROWS = np.zeros((2, N_TAGS), np.float32)
_PARTIAL_ROWS[1] = [0.0 if t == "O" or t.endswith(("-ORG", "-PLACE")) else NEG for t in TAGS]


def latent_gold(model: LinearNER, scores: np.ndarray, gold: np.ndarray, free: np.ndarray,
                lengths: np.ndarray) -> np.ndarray:
    """Best path that keeps every known tag and lets partially annotated characters take their allowed
    tags (the perceptron's gold for corpora that do not mark every place or organisation)."""
    mask = np.full(scores.shape, NEG, np.float32)
    r, c = np.nonzero(free == 0)
    mask[r, c, gold[r, c]] = 0.0
    mask[free != 0] = _PARTIAL_ROWS[free[free != 0]]
    return model.viterbi(scores + mask, lengths)


def micro_f1(model: LinearNER, items: list[Example]) -> dict:
    """Exact-span micro P/R/F1 over PERSON/ORG/PLACE."""
    tp = fp = fn = 0
    for ex, pred in zip(items, model.predict([ex.text for ex in items]), strict=True):
        g, p = set(ex.spans), set(pred)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(prec, 4), "r": round(rec, 4), "f1": round(2 * prec * rec / (prec + rec), 4) if tp else 0.0}


def train(items: list[Example], select: list[Example], out: Path, *, dim: int, epochs: int, minutes: float,
          batch: int = 1, seed: int = 0, name_list: tuple[np.ndarray, np.ndarray] | None = None,
          clusters: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    started = time.process_time()
    if name_list is None:   # no names list: every character "unseen" in the name-list buckets
        name_list = (np.zeros(0, np.uint32), np.zeros(0, np.uint8))
    name_table = namelist.dense(*name_list)
    if clusters is None:    # no clusters given: every character in one "unknown" cluster
        clusters = (np.zeros(0, np.uint32), np.zeros(0, np.uint8))
    cluster_table = charclusters.dense(*clusters)
    data = Stream([ex for ex in items if ex.text], dim, name_table, cluster_table)
    print(f"features for {len(data.lengths)} sentences ({int(data.lengths.sum())} chars): "
          f"{time.process_time() - started:.0f} CPU s", flush=True)
    weights = np.zeros((dim, N_TAGS), dtype=np.float32)
    totals = np.zeros((dim, N_TAGS), dtype=np.float32)   # sum of step * update, for averaging
    meta = {"name": "caselens_ner_zh_linear", "version": MODEL_VERSION, "features": FEATURES}
    model = LinearNER(weights, np.zeros((N_TAGS, N_TAGS), np.float32), meta)
    model.weights = weights                               # train in place
    full_names = namechars.sparse(ex for ex in items if ex.text)
    trans_w = np.zeros((N_TAGS, N_TAGS), np.float64)
    trans_t = np.zeros((N_TAGS, N_TAGS), np.float64)
    order = np.argsort(data.lengths, kind="stable")
    batches = [order[i:i + batch] for i in range(0, len(order), batch)]
    rng = random.Random(seed)
    step, best, history = 1, -1.0, []
    n_templates = data.ids.shape[1]
    for epoch in range(epochs):
        rng.shuffle(batches)
        wrong = 0
        for sel in batches:
            s, lengths = data.starts[sel], data.lengths[sel]
            width = int(lengths.max())
            grid = s[:, None] + np.minimum(np.arange(width)[None, :], (lengths - 1)[:, None])
            ids = data.ids[grid]                                        # rows, width, templates
            scores = weights[ids].sum(axis=2)
            model.trans[ALLOWED] = trans_w[ALLOWED]
            pred = model.viterbi(scores, lengths)
            gold = data.gold[grid]
            live = np.arange(width)[None, :] < lengths[:, None]
            free = data.free[grid] * live
            if free.any():
                gold = latent_gold(model, scores, gold, free, lengths)
            bad = live & (pred != gold)
            if bad.any():
                wrong += int(bad.sum())
                f = ids[bad].reshape(-1)
                g = np.repeat(gold[bad], n_templates)
                p = np.repeat(pred[bad], n_templates)
                np.add.at(weights, (f, g), 1.0)
                np.add.at(weights, (f, p), -1.0)
                np.add.at(totals, (f, g), float(step))
                np.add.at(totals, (f, p), -float(step))
                pair = live[:, 1:]
                for path, sign in ((gold, 1.0), (pred, -1.0)):
                    a, b = path[:, :-1][pair], path[:, 1:][pair]
                    np.add.at(trans_w, (a, b), sign)
                    np.add.at(trans_t, (a, b), sign * step)
            step += 1
            if time.process_time() - started > minutes * 60:
                break
        avg = LinearNER(weights - totals / step, trans_w - trans_t / step, dict(meta))
        avg.names_sparse, avg.names = full_names, namechars.dense(*full_names)
        avg.namelist_sparse, avg.namelist = name_list, name_table
        avg.clusters_sparse, avg.clusters = clusters, cluster_table
        f1 = micro_f1(avg, select)
        history.append({"epoch": epoch + 1, "wrong_chars": wrong, "select": f1,
                        "cpu_s": round(time.process_time() - started, 1)})
        print(history[-1], flush=True)
        if f1["f1"] > best:
            best = f1["f1"]
            avg.meta.update({"select_f1": f1, "epoch": epoch + 1})
            avg.save(out)
        if time.process_time() - started > minutes * 60:
            break
    summary = {"sentences": len(data.lengths), "chars": int(data.lengths.sum()), "dim": dim, "batch": batch,
               "history": history, "best_select_f1": best,
               "train_cpu_seconds": round(time.process_time() - started, 1)}
    (out / "training.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def training_items(data: Path, synth_n: int = 4000, msra: int = 1) -> list[Example]:
    """The 3.x mix: MSRA train (first 90 %: real full names, organisations, places in news) x `msra`,
    CAIL2021 train x2 (case texts), CLUENER train, Weibo train, Resume train, synthetic case sentences.

    Organisations and places are taught by MSRA (news) and CAIL (case texts: masked addresses **县**镇,
    shops, companies) only. CLUENER, Weibo, Resume and the synthetic sentences mark them by other conventions
    (a whole address 江苏省盐城市…号 as one place where MSRA marks 江苏 and 盐城; CLUENER leaves countries
    outside addresses unmarked), so there they are latent (PERSON_ONLY: ORG/PLACE spans and unmarked
    characters may be O, ORG or PLACE, whatever the model prefers) and those corpora teach people only.
    People's Daily is left out: ~90 % of it is inside MSRA train, so it would leak into the MSRA held-out
    slice."""
    from devkit.ner.synth import synthetic_sentences
    from nlp.ner.data import corpus

    def person_only(items: list[Example]) -> list[Example]:
        return [Example(ex.text, ex.spans, PERSON_ONLY) for ex in items]

    items = corpus(data, "msra_train") * msra + corpus(data, "cail_train") * 2
    for name in ("cluener_train", "weibo_train", "resume_train"):
        items += person_only(corpus(data, name))
    return items + person_only(synthetic_sentences(synth_n))


def select_items(data: Path) -> list[Example]:
    """Epoch selection: the MSRA held-out slice (last 10 % of MSRA train), the only set that marks
    organisations and places by the conventions the model learns."""
    from nlp.ner.data import corpus

    return corpus(data, "msra_dev")


def average_models(folders: list[Path], out: Path, select: list[Example]) -> dict:
    """One model whose weights and transitions are the mean of saved runs trained on the same mix with
    different shuffle seeds (their name, name-list and cluster tables must be identical)."""
    models = [LinearNER.load(f) for f in folders]
    first = models[0]
    for f, m in zip(folders[1:], models[1:], strict=True):
        for attr in ("names", "namelist", "clusters"):
            a, b = getattr(first, attr), getattr(m, attr)
            if (a is None) != (b is None) or (a is not None and not np.array_equal(a, b)):
                raise ValueError(f"{f}: its {attr} table differs from {folders[0]}'s")
    weights = sum(m.quantised[0].astype(np.float32) * m.quantised[1] for m in models) / len(models)
    trans = sum(np.where(ALLOWED, m.trans, 0.0) for m in models) / len(models)
    meta = {k: v for k, v in first.meta.items() if k not in ("dim", "tags", "epoch", "select_f1")}
    avg = LinearNER(weights, trans, meta)
    avg.names, avg.namelist, avg.clusters = first.names, first.namelist, first.clusters
    for attr, module in (("names_sparse", namechars), ("namelist_sparse", namelist), ("clusters_sparse", charclusters)):
        with np.load(Path(folders[0]) / module.FILE) as z:
            setattr(avg, attr, tuple(z[k] for k in z.files))
    f1 = micro_f1(avg, select)
    avg.meta.update({"select_f1": f1, "runs": [str(f) for f in folders],
                     "epochs": [m.meta.get("epoch") for m in models]})
    avg.save(out)
    return {"average_select_f1": f1, "runs": [m.meta.get("select_f1") for m in models]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--dim", type=int, default=1 << 20)
    ap.add_argument("--batch", type=int, default=1, help="sentences per update (more than 1 oscillates)")
    ap.add_argument("--minutes", type=float, default=30.0, help="CPU-minute budget")
    ap.add_argument("--msra", type=int, default=1, help="copies of MSRA train in the mix")
    ap.add_argument("--seed", type=int, default=0, help="sentence-order shuffle seed")
    ap.add_argument("--average", type=Path, nargs="+", default=None,
                    help="no training: average these saved runs (same mix, other seeds) into --out")
    args = ap.parse_args(argv)
    if args.average:
        args.out.mkdir(parents=True, exist_ok=True)
        result = average_models(args.average, args.out, select_items(args.data))
        print(json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"no training data at {args.data}")
        return 2
    items = training_items(args.data, msra=args.msra)
    names_dir = args.data / "chinese_names"
    name_list = namelist.build(names_dir, (ex.text for ex in items)) if names_dir.is_dir() else None
    from devkit.ner.charclusters_build import build as build_clusters

    clusters = build_clusters(ex.text for ex in items)
    summary = train(items, select_items(args.data), args.out, dim=args.dim,
                    epochs=args.epochs, minutes=args.minutes, batch=args.batch, name_list=name_list,
                    clusters=clusters, seed=args.seed)
    summary["command"] = "python -m devkit.ner.train_linear " + " ".join(argv if argv is not None else sys.argv[1:])
    (args.out / "training.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "history"}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
