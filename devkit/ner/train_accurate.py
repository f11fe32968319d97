"""Train the accurate Chinese NER (nlp/ner/accurate.py): character BiLSTM + CRF, PyTorch at development only.

Usage: python -m devkit.ner.train_accurate [--data ../shared/data] [--out resources/models/ner_zh_accurate]
                                          [--epochs 8] [--minutes 60] [--hidden 192] [--limit N]
                                          [--resume CHECKPOINT --schedule cosine --lr-end 0.1 --average 3]
Same mix and splits as the linear model (devkit/ner/train_linear.py `training_items`): MSRA train without
its last 10 %, CAIL2021 train x2, CLUENER/Weibo/Resume/synthetic person-only (their ORG/PLACE latent:
the CRF's numerator sums over every path that keeps the marked people and lets other characters be O,
ORG or PLACE). Epochs are chosen on a sample of `msra_dev` (every third sentence), never on CAIL dev.
After each better epoch the model is written: embedding tables (float16) and transitions to tables.npz,
the LSTM + output layer to model.onnx (needs the `onnx` package at export time only), meta.json.
torch runs with one thread (the development machine is shared).
`--resume` continues from a saved checkpoint (same data, --hidden and --buckets: the vocabulary, clusters and
name list are rebuilt identically from the same items); fresh optimiser state, the checkpoint's select F1 is
the one to beat. `--schedule linear|cosine` sets the learning rate per update from --lr down to --lr-end x --lr
over the planned updates or the --minutes budget, whichever runs out first (after --warmup updates);
`--average K` also tries the mean of the last K epoch-end weights on the selection slice.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from devkit.ner.train_linear import PARTIAL_CODE, gold_tags, select_items, training_items
from nlp.ner import charclusters, namelist
from nlp.ner.accurate import N_INPUTS, ONNX, TABLES, Featuriser, quantise_rows, reverse_index, text_pieces
from nlp.ner.data import Example
from nlp.ner.features import codepoints, normalise
from nlp.ner.linear import ALLOWED, LABELS, MAY_END, MAY_START, N_TAGS, SEPARATOR, TAGS, LinearNER

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "resources" / "models" / "ner_zh_accurate"
MODEL_VERSION = "1.1.0"
BIG = 1e4
_FREE_ALLOWED = np.array([t == "O" or t.endswith(("-ORG", "-PLACE")) for t in TAGS])


class Data:
    """Pieces of all training sentences: ids (n, N_INPUTS), allowed-tag masks (n, tags), piece bounds."""

    def __init__(self, items: list[Example], feat: Featuriser) -> None:
        ids, allow, starts, lengths = [], [], [], []
        pos = 0
        for ex in items:
            if not ex.text:
                continue
            cp = codepoints(ex.text)
            stream = np.concatenate([cp, SEPARATOR])
            x = feat.inputs(stream)[:len(cp)]
            gold = gold_tags(ex)
            mask = np.zeros((len(cp), N_TAGS), dtype=bool)
            mask[np.arange(len(cp)), gold] = True
            if PARTIAL_CODE.get(ex.partial, 0):
                free = np.ones(len(cp), dtype=bool)
                for s, e, lab in ex.spans:
                    if lab not in ex.partial:
                        free[s:e] = False
                mask[free] = _FREE_ALLOWED
            s_, e_ = text_pieces(stream)
            for a, b in zip(s_.tolist(), e_.tolist(), strict=True):
                if b - a < 1:
                    continue
                starts.append(pos + a)
                lengths.append(b - a)
            ids.append(x)
            allow.append(mask)
            pos += len(cp)
        self.ids = torch.from_numpy(np.concatenate(ids))
        self.allow = torch.from_numpy(np.concatenate(allow))
        self.starts = np.array(starts, dtype=np.int64)
        self.lengths = np.array(lengths, dtype=np.int64)

    def batch(self, sel: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, np.ndarray]:
        s, lengths = self.starts[sel], self.lengths[sel]
        width = int(lengths.max())
        grid = s[:, None] + np.minimum(np.arange(width)[None, :], (lengths - 1)[:, None])
        live = torch.from_numpy(np.arange(width)[None, :] < lengths[:, None])
        g = torch.from_numpy(grid)
        ids = self.ids[g] * live[..., None]
        return ids, self.allow[g], live, lengths


class Embed(nn.Module):
    def __init__(self, sizes: list[int], dims: list[int]) -> None:
        super().__init__()
        self.tables = nn.ModuleList(nn.Embedding(n, d, sparse=True) for n, d in zip(sizes, dims, strict=True))
        self.bigram = self.tables[1]
        self.tables[2] = self.bigram          # left and right bigrams share one table (a bigram is a bigram)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return torch.cat([t(ids[..., i]) for i, t in enumerate(self.tables)], dim=-1)


class Encoder(nn.Module):
    """Two LSTM directions over embedded characters; the backward one reads each row reversed within its
    length (`rev`), so padding never reaches a real character: batch and single results agree."""

    def __init__(self, width: int, hidden: int, dropout: float) -> None:
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.fwd = nn.LSTM(width, hidden, batch_first=True)
        self.bwd = nn.LSTM(width, hidden, batch_first=True)
        self.out = nn.Linear(2 * hidden, N_TAGS)

    def forward(self, x: torch.Tensor, rev: torch.Tensor) -> torch.Tensor:
        x = self.drop(x)
        idx = rev[..., None].expand(-1, -1, x.shape[-1])
        hf = self.fwd(x)[0]
        hb = self.bwd(torch.gather(x, 1, idx))[0]
        hb = torch.gather(hb, 1, rev[..., None].expand(-1, -1, hb.shape[-1]))
        return self.out(self.drop(torch.cat([hf, hb], dim=-1)))


class CRF(nn.Module):
    """Transitions with the BIOES constraints; start/end only constrained (as LinearNER.viterbi)."""

    def __init__(self) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(N_TAGS, N_TAGS))
        self.register_buffer("penalty", torch.from_numpy(np.where(ALLOWED, 0.0, -BIG).astype(np.float32)))
        self.register_buffer("start", torch.from_numpy(np.where(MAY_START, 0.0, -BIG).astype(np.float32)))
        self.register_buffer("end", torch.from_numpy(np.where(MAY_END, 0.0, -BIG).astype(np.float32)))

    def log_z(self, em: torch.Tensor, live: torch.Tensor) -> torch.Tensor:
        trans = (self.trans + self.penalty)[None]
        alpha = em[:, 0] + self.start
        for t in range(1, em.shape[1]):
            new = torch.logsumexp(alpha[:, :, None] + trans, dim=1) + em[:, t]
            alpha = torch.where(live[:, t, None], new, alpha)
        return torch.logsumexp(alpha + self.end, dim=1)

    def loss(self, em: torch.Tensor, allow: torch.Tensor, live: torch.Tensor) -> torch.Tensor:
        """Negative log of the probability of all paths the annotation allows (one path where it is
        complete), summed over rows."""
        both = torch.cat([em, em + torch.where(allow, 0.0, -BIG)], dim=0)
        z = self.log_z(both, torch.cat([live, live], dim=0))
        n = em.shape[0]
        return (z[:n] - z[n:]).sum()


def spans_from(tags: np.ndarray) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for i, t in enumerate(tags.tolist()):
        if t == 0:
            continue
        kind, lab = (t - 1) % 4, LABELS[(t - 1) // 4]
        if kind == 0:
            start = i
        elif kind == 3:
            out.append((i, i + 1, lab))
        elif kind == 2:
            out.append((start, i + 1, lab))
    return out


def evaluate(embed: Embed, enc: Encoder, crf: CRF, data: Data, items: list[Example]) -> dict:
    """Exact-span P/R/F1 (micro and per label) on `items` (its Data in `data`)."""
    embed.eval()
    enc.eval()
    decoder = LinearNER(np.zeros((1, N_TAGS), np.float32), crf.trans.detach().numpy())
    tags = np.zeros(len(data.ids), dtype=np.int64)
    order = np.argsort(data.lengths, kind="stable")
    with torch.no_grad():
        for b in range(0, len(order), 128):
            sel = order[b:b + 128]
            ids, _, live, lengths = data.batch(sel)
            rev = torch.from_numpy(reverse_index(lengths, ids.shape[1]))
            em = enc(embed(ids), rev).numpy()
            path = decoder.viterbi(em, lengths)
            for r, (s, n) in enumerate(zip(data.starts[sel].tolist(), lengths.tolist(), strict=True)):
                tags[s:s + n] = path[r, :n]
    counts = {lab: [0, 0, 0] for lab in LABELS}
    pos = 0
    for ex in items:
        pred = set(spans_from(tags[pos:pos + len(ex.text)]))
        gold = set((s, e, lab) for s, e, lab in ex.spans if lab in LABELS)
        pos += len(ex.text)
        for lab in LABELS:
            p = {x for x in pred if x[2] == lab}
            g = {x for x in gold if x[2] == lab}
            counts[lab][0] += len(p & g)
            counts[lab][1] += len(p - g)
            counts[lab][2] += len(g - p)
    embed.train()
    enc.train()

    def prf(tp: int, fp: int, fn: int) -> dict:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if tp else 0.0}

    res = {lab: prf(*c) for lab, c in counts.items()}
    res["micro"] = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return res


def char_vocabulary(items: list[Example], min_count: int) -> np.ndarray:
    cps = normalise(np.concatenate([codepoints(ex.text) for ex in items if ex.text])).astype(np.int64)
    vals, counts = np.unique(cps, return_counts=True)
    return vals[counts >= min_count].astype(np.uint32)


def save(out: Path, embed: Embed, enc: Encoder, crf: CRF, meta: dict, clusters: tuple, names: tuple) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tables = {f"emb{i}": t.weight.detach().numpy().astype(np.float16) for i, t in enumerate(embed.tables)
              if i != 2}                                      # emb2 is emb1 (shared bigram table)
    tables["trans"] = np.where(ALLOWED, crf.trans.detach().numpy(), 0.0).astype(np.float32)
    tables["char_cps"] = meta.pop("_char_cps")
    np.savez_compressed(out / TABLES, **tables)
    meta["_char_cps"] = tables["char_cps"]
    charclusters.save(out, *clusters)
    namelist.save(out, *names)
    (out / "meta.json").write_text(json.dumps({k: v for k, v in meta.items() if not k.startswith("_")},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    torch.save({"embed": embed.state_dict(), "enc": enc.state_dict(), "crf": crf.state_dict()},
               out.parent / f"{out.name}_checkpoint.pt")
    enc.eval()
    width = sum(t.embedding_dim for t in embed.tables)
    x = torch.zeros(2, 7, width)
    rev = torch.from_numpy(reverse_index(np.array([7, 4]), 7))
    try:
        torch.onnx.export(enc, (x, rev), str(out / ONNX), dynamo=False, input_names=["x", "rev"],
                          output_names=["emissions"], opset_version=17,
                          dynamic_axes={"x": {0: "rows", 1: "width"}, "rev": {0: "rows", 1: "width"},
                                        "emissions": {0: "rows", 1: "width"}})
    except Exception as exc:   # onnx not installed: the checkpoint is kept, export later with --export
        print(f"ONNX export failed ({exc}); run --export later", flush=True)
    enc.train()


def lr_factor(schedule: str, progress: float, end: float) -> float:
    """Multiplier of the base learning rate at `progress` (0..1) of the planned run."""
    p = min(max(progress, 0.0), 1.0)
    if schedule == "cosine":
        return end + (1.0 - end) * 0.5 * (1.0 + float(np.cos(np.pi * p)))
    if schedule == "linear":
        return 1.0 - (1.0 - end) * p
    return 1.0


def snapshot(*modules: nn.Module) -> list[dict[str, torch.Tensor]]:
    return [{k: v.detach().clone() for k, v in m.state_dict().items()} for m in modules]


def average(snaps: list[list[dict[str, torch.Tensor]]]) -> list[dict[str, torch.Tensor]]:
    return [{k: torch.stack([s[i][k] for s in snaps]).mean(0) for k in snaps[0][i]} for i in range(len(snaps[0]))]


def restore(state: list[dict[str, torch.Tensor]], *modules: nn.Module) -> None:
    for m, sd in zip(modules, state, strict=True):
        m.load_state_dict(sd)


def quantise(out: Path) -> dict:
    """Rewrite out/tables.npz with every float16 embedding table as int8 + a float16 scale per row."""
    with np.load(out / TABLES) as z:
        arrays = {k: z[k] for k in z.files}
    before = (out / TABLES).stat().st_size
    for k in [k for k in arrays if k.startswith("emb") and not k.endswith("_scale")]:
        if arrays[k].dtype == np.float16:
            arrays[k], arrays[f"{k}_scale"] = quantise_rows(arrays[k])
    np.savez_compressed(out / TABLES, **arrays)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta["embeddings"] = "int8, float16 scale per row"
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"bytes_before": before, "bytes_after": (out / TABLES).stat().st_size}


PARTNER_WEIGHTS = (0.0, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12)


def tune_partner(out: Path, data_dir: Path, every: int) -> dict:
    """Weight of the shipped linear model's scores added to the saved accurate model's, the best micro F1
    on msra_dev sentences i % every != 0 (epochs are chosen on i % every == 0)."""
    from nlp.ner.accurate import AccurateNER
    from nlp.ner.linear_component import load_model as load_linear

    items = [ex for i, ex in enumerate(select_items(data_dir)) if i % every != 0]
    model = AccurateNER.load(out)
    partner = load_linear()
    trials = {}
    for w in PARTNER_WEIGHTS:
        model.set_partner(partner, w)
        counts = [0, 0, 0]
        for ex, pred in zip(items, model.predict([ex.text for ex in items]), strict=True):
            g, p = set(ex.spans), set(pred)
            counts = [counts[0] + len(g & p), counts[1] + len(p - g), counts[2] + len(g - p)]
        trials[w] = round(2 * counts[0] / (2 * counts[0] + counts[1] + counts[2]), 4)
        print(f"linear weight {w}: micro F1 {trials[w]}", flush=True)
    best = max(trials, key=lambda w: trials[w])
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta.update({"linear_weight": best, "linear_partner": f"{partner.meta.get('name')}-{partner.meta.get('version')}",
                 "linear_weight_trials": {str(k): v for k, v in trials.items()},
                 "linear_weight_sentences": len(items)})
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"linear_weight": best, "trials": trials}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--minutes", type=float, default=60.0, help="wall-clock budget for training")
    ap.add_argument("--hidden", type=int, default=192)
    ap.add_argument("--buckets", type=int, default=1 << 17, help="bigram hash buckets")
    ap.add_argument("--batch", type=int, default=32, help="pieces per update")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--limit", type=int, default=0, help="train on this many sentences only (smoke runs)")
    ap.add_argument("--select", type=int, default=3, help="evaluate every n-th msra_dev sentence")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", type=Path, default=None, help="continue from this checkpoint (.pt)")
    ap.add_argument("--schedule", choices=("step", "linear", "cosine"), default="step",
                    help="step: x0.8 per epoch (the first run); linear/cosine: per update down to --lr-end")
    ap.add_argument("--lr-end", type=float, default=0.1, help="final learning rate as a fraction of --lr")
    ap.add_argument("--warmup", type=int, default=200, help="updates of linear warm-up (linear/cosine only)")
    ap.add_argument("--average", type=int, default=0, help="also try the mean of the last K epoch-end weights")
    ap.add_argument("--export", action="store_true", help="no training: re-export the saved checkpoint")
    ap.add_argument("--tune-partner", action="store_true",
                    help="no training: choose the linear partner's weight for the saved model in --out on the "
                         "msra_dev sentences that epoch selection does not use; writes meta.json")
    ap.add_argument("--int8", action="store_true",
                    help="no training: store the embedding tables in --out as int8 with a per-row scale")
    args = ap.parse_args(argv)
    if args.int8:
        print(json.dumps(quantise(args.out)))
        return 0
    if args.tune_partner:
        print(json.dumps(tune_partner(args.out, args.data, args.select)))
        return 0
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    started, cpu0 = time.time(), time.process_time()
    items = training_items(args.data)
    rng = random.Random(args.seed)
    if args.limit:
        items = rng.sample(items, args.limit)
    names = namelist.build(args.data / "chinese_names", (ex.text for ex in items))
    from devkit.ner.charclusters_build import build as build_clusters

    clusters = build_clusters(ex.text for ex in items)
    char_cps = char_vocabulary(items, 2)
    feat = Featuriser(char_cps, args.buckets, charclusters.dense(*clusters), namelist.dense(*names))
    data = Data(items, feat)
    select = select_items(args.data)[::args.select]
    sdata = Data(select, feat)
    print(f"{len(items)} sentences, {len(data.lengths)} pieces, {len(data.ids)} chars, vocab {len(char_cps)}; "
          f"prep {time.time() - started:.0f} s", flush=True)
    sizes = [len(char_cps) + 2, args.buckets, args.buckets, 16, 256, 256]
    dims = [128, 64, 64, 8, 16, 16]
    embed, enc, crf = Embed(sizes, dims), Encoder(sum(dims), args.hidden, args.dropout), CRF()
    meta = {"name": "caselens_ner_zh_accurate", "version": MODEL_VERSION, "tags": list(TAGS),
            "buckets": args.buckets, "hidden": args.hidden, "dims": dims, "inputs": N_INPUTS,
            "_char_cps": char_cps}
    if args.export:
        state = torch.load(args.out.parent / f"{args.out.name}_checkpoint.pt")
        embed.load_state_dict(state["embed"])
        enc.load_state_dict(state["enc"])
        crf.load_state_dict(state["crf"])
        meta.update(json.loads((args.out / "meta.json").read_text(encoding="utf-8")))
        save(args.out, embed, enc, crf, meta, clusters, names)
        return 0
    best, history, previous = -1.0, [], None
    if args.resume:
        state = torch.load(args.resume)
        embed.load_state_dict(state["embed"])
        enc.load_state_dict(state["enc"])
        crf.load_state_dict(state["crf"])
        prev_json = args.resume.parent / args.resume.name.removesuffix("_checkpoint.pt") / "training.json"
        if prev_json.exists():
            previous = json.loads(prev_json.read_text(encoding="utf-8"))
        res = evaluate(embed, enc, crf, sdata, select)
        best = res["micro"]["f1"]
        history.append({"epoch": 0, "resumed": str(args.resume), "select": res,
                        "wall_s": round(time.time() - started), "cpu_s": round(time.process_time() - cpu0)})
        print(json.dumps(history[-1]), flush=True)
    sparse = torch.optim.SparseAdam(list(embed.parameters()), lr=args.lr)
    dense = torch.optim.Adam(list(enc.parameters()) + list(crf.parameters()), lr=args.lr)
    order = np.argsort(data.lengths + np.random.default_rng(args.seed).random(len(data.lengths)), kind="stable")
    batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
    deadline = started + args.minutes * 60
    t_train, steps, planned = time.time(), 0, args.epochs * len(batches)
    snaps: list[list[dict[str, torch.Tensor]]] = []
    for epoch in range(args.epochs):
        rng.shuffle(batches)
        total, chars, t0 = 0.0, 0, time.time()
        for k, sel in enumerate(batches):
            if args.schedule != "step":
                progress = max(steps / planned, (time.time() - t_train) / max(deadline - t_train, 1.0))
                f = lr_factor(args.schedule, progress, args.lr_end) * min(1.0, (steps + 1) / max(args.warmup, 1))
                for group in dense.param_groups + sparse.param_groups:
                    group["lr"] = args.lr * f
            steps += 1
            ids, allow, live, lengths = data.batch(sel)
            # unknown-character dropout: the model learns what to do with characters it never saw
            ids[..., 0] = torch.where(torch.rand(ids.shape[:2]) < 0.02, 1, ids[..., 0]) * live
            rev = torch.from_numpy(reverse_index(lengths, ids.shape[1]))
            em = enc(embed(ids), rev)
            loss = crf.loss(em, allow, live)
            sparse.zero_grad()
            dense.zero_grad()
            (loss / len(sel)).backward()
            nn.utils.clip_grad_norm_(list(enc.parameters()) + list(crf.parameters()), 5.0)
            sparse.step()
            dense.step()
            total += float(loss.detach())
            chars += int(lengths.sum())
            if k % 200 == 0:
                print(f"epoch {epoch + 1} batch {k}/{len(batches)} loss/char {total / max(chars, 1):.4f} "
                      f"{chars / (time.time() - t0):.0f} chars/s lr {dense.param_groups[0]['lr']:.2e}", flush=True)
            if time.time() > deadline:
                break
        res = evaluate(embed, enc, crf, sdata, select)
        history.append({"epoch": epoch + 1, "loss_per_char": round(total / max(chars, 1), 5), "select": res,
                        "lr": dense.param_groups[0]["lr"], "updates": k + 1,
                        "wall_s": round(time.time() - started), "cpu_s": round(time.process_time() - cpu0)})
        print(json.dumps(history[-1]), flush=True)
        if res["micro"]["f1"] > best:
            best = res["micro"]["f1"]
            meta.update({"epoch": epoch + 1, "averaged": 1, "select_f1": res})
            save(args.out, embed, enc, crf, meta, clusters, names)
        if args.average > 1:
            snaps = (snaps + [snapshot(embed, enc, crf)])[-args.average:]
            if len(snaps) > 1:
                current = snapshot(embed, enc, crf)
                restore(average(snaps), embed, enc, crf)
                res = evaluate(embed, enc, crf, sdata, select)
                history[-1]["select_average"] = {"epochs": len(snaps), **res}
                print(json.dumps({"average_of_last": len(snaps), "select": res}), flush=True)
                if res["micro"]["f1"] > best:
                    best = res["micro"]["f1"]
                    meta.update({"epoch": epoch + 1, "averaged": len(snaps), "select_f1": res})
                    save(args.out, embed, enc, crf, meta, clusters, names)
                restore(current, embed, enc, crf)
        if args.schedule == "step":
            for group in dense.param_groups + sparse.param_groups:
                group["lr"] *= 0.8
        if time.time() > deadline:
            break
    summary = {"sentences": len(items), "pieces": len(data.lengths), "chars": len(data.ids),
               "history": history, "best_select_f1": best, "previous_run": previous, "wall_s": round(time.time() - started),
               "cpu_s": round(time.process_time() - cpu0),
               "command": "python -m devkit.ner.train_accurate " + " ".join(argv if argv is not None else sys.argv[1:])}
    (args.out / "training.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
