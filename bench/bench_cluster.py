"""Cluster OCR benchmark (issue 20): pages/s on Dask workers against the local OCR pool, same pages, same run.

A scanned synthetic dossier is OCR'd (cache off) by the local pool (OcrPool, 1 and 2 processes), then by a
Dask LocalCluster of 1 and 2 single-threaded worker processes on 127.0.0.1 through ClusterOcrPool, which is
what `caselens import/batch --cluster` uses. Each run is timed twice: cold (pool or cluster start, model
load) and warm (the pages again on the same processes: the steady state of a long batch). Also the bytes
sent per page (one-page PDF extracts) and back (text and word boxes), what a precinct network carries.
The runs alternate local/cluster so that load from other users of the machine falls on both alike.

Extraction (the other per-page work the cluster does) is timed too: the OCR'd texts, twenty times over, in
batches of 32 pages, by the writing process alone (as without --cluster) and by the workers (ClusterMap).

Usage: ./dev bench cluster [--pages 24] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT  # noqa: E402


def _tasks(pdf: Path, pages: int):
    from app.ingest.ocr.pool import PageTask

    return [PageTask(n, str(pdf), n) for n in range(1, pages + 1)]


def _drain(pool, tasks) -> tuple[float, dict[int, str]]:
    start = time.perf_counter()
    texts = {o.task.page_id: (o.page.text if o.page else f"FAILED {o.error_code}") for o in pool.run(tasks)}
    return time.perf_counter() - start, texts


def local_run(tasks, workers: int) -> dict:
    from app.ingest.ocr.pool import OcrPool

    start = time.perf_counter()
    with OcrPool(workers, use_cache=False) as pool:
        cold, texts = _drain(pool, tasks)
        warm, _ = _drain(pool, tasks)
    return {"cold_s": round(time.perf_counter() - start, 2), "warm_s": round(warm, 2),
            "warm_pages_per_s": round(len(tasks) / warm, 3), "texts": texts, "first_pass_s": round(cold, 2)}


def cluster_run(tasks, workers: int) -> dict:
    import dask
    from distributed import LocalCluster

    from app.services.cluster import ClusterOcrPool, ClusterSettings
    from app.services.cluster_node import WORKER_DASK_CONFIG, WORKER_ENV

    start = time.perf_counter()
    with dask.config.set(WORKER_DASK_CONFIG), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1", env=WORKER_ENV, preload=["app.services.cluster_node"]) as lc:
        with ClusterOcrPool(ClusterSettings(lc.scheduler_address)) as pool:
            cold, texts = _drain(pool, tasks)
            sent, back = pool.bytes_sent, pool.bytes_back
            warm, _ = _drain(pool, tasks)
        extract = extract_cluster(lc.scheduler_address, texts)
    return {"cold_s": round(time.perf_counter() - start, 2), "warm_s": round(warm, 2),
            "warm_pages_per_s": round(len(tasks) / warm, 3), "first_pass_s": round(cold, 2), "texts": texts,
            "bytes_sent_per_page": round(sent / len(tasks)), "bytes_back_per_page": round(back / len(tasks)),
            "extract": extract}


EXTRACT_REPEAT = 20  # the OCR'd pages' texts this many times over: extraction is ~10 ms a page


def _extract_batches(texts: dict[int, str]) -> list[list[tuple[str, bool]]]:
    pages = [(texts[k], True) for _ in range(EXTRACT_REPEAT) for k in sorted(texts)]
    return [pages[i:i + 32] for i in range(0, len(pages), 32)]


def extract_local(texts: dict[int, str]) -> dict:
    """The extract stage's work in the writing process (what runs without --cluster), warm pipelines."""
    from nlp.extract import extract_pages

    batches = _extract_batches(texts)
    extract_pages(batches[0])  # pipelines loaded
    start = time.perf_counter()
    mentions = [extract_pages(b) for b in batches]
    seconds = time.perf_counter() - start
    return {"pages": sum(map(len, batches)), "seconds": round(seconds, 2),
            "pages_per_s": round(sum(map(len, batches)) / seconds, 1), "mentions": mentions}


def extract_cluster(address: str, texts: dict[int, str]) -> dict:
    """The same batches through ClusterMap + remote_extract (the extract stage with --cluster), warm workers."""
    import pickle

    from app.services.cluster import ClusterMap, ClusterSettings
    from app.services.remote_extract import ExtractBatch, extract_remote, nlp_versions

    batches = _extract_batches(texts)
    versions = nlp_versions()

    def work(batch):
        sent = ExtractBatch(tuple(batch), versions)
        return sent, len(pickle.dumps(sent))

    with ClusterMap(ClusterSettings(address), nlp_versions) as pool:
        list(pool.map(batches[:4], work=work, remote=extract_remote))  # each worker's pipelines loaded
        sent0, back0 = pool.bytes_sent, pool.bytes_back
        start = time.perf_counter()
        results = dict(pool.map(list(range(len(batches))), work=lambda i: work(batches[i]), remote=extract_remote))
        seconds = time.perf_counter() - start
        n = sum(map(len, batches))
        return {"pages": n, "seconds": round(seconds, 2), "pages_per_s": round(n / seconds, 1),
                "bytes_sent_per_page": round((pool.bytes_sent - sent0) / n),
                "bytes_back_per_page": round((pool.bytes_back - back0) / n),
                "mentions": [results[i] for i in range(len(batches))]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    os.environ.setdefault("CASELENS_HOME", tempfile.mkdtemp(prefix="bench-cluster-home-"))
    from app.services.synth import generate_dossier

    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    pdf = work / "scan.pdf"
    generate_dossier(str(pdf), pages=max(12, args.pages), seed=args.seed, scanned=True)
    tasks = _tasks(pdf, max(12, args.pages))
    results: dict = {"pages": len(tasks), "pdf_bytes_per_page": round(pdf.stat().st_size / len(tasks)),
                     "cores": len(os.sched_getaffinity(0)), "load_avg_start": os.getloadavg()[0]}
    for workers in (1, 2):
        results[f"local_{workers}"] = local_run(tasks, workers)
        results[f"cluster_{workers}"] = cluster_run(tasks, workers)
        print(f"{workers} process(es): local {results[f'local_{workers}']['warm_pages_per_s']} p/s, cluster "
              f"{results[f'cluster_{workers}']['warm_pages_per_s']} p/s (warm)", flush=True)
    local_extract = extract_local(results["cluster_2"]["texts"])
    for workers in (1, 2):
        remote = results[f"cluster_{workers}"]["extract"]
        remote["same_mentions_as_local"] = remote.pop("mentions") == local_extract["mentions"]
        remote["ratio_to_local"] = round(remote["pages_per_s"] / local_extract["pages_per_s"], 3)
    local_extract.pop("mentions")
    results["extract_local"] = local_extract
    reference = results["local_1"].pop("texts")
    for key in ("local_2", "cluster_1", "cluster_2"):
        results[key]["same_text_as_local"] = results[key].pop("texts") == reference
    for workers in (1, 2):
        local, cluster = results[f"local_{workers}"], results[f"cluster_{workers}"]
        results[f"ratio_{workers}_warm"] = round(cluster["warm_pages_per_s"] / local["warm_pages_per_s"], 3)
        results[f"ratio_{workers}_cold"] = round(local["cold_s"] / cluster["cold_s"], 3)
    results["load_avg_end"] = os.getloadavg()[0]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cluster.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    ok = results["ratio_2_warm"] >= 0.9 and all(results[k]["same_text_as_local"]
                                                  for k in ("local_2", "cluster_1", "cluster_2"))
    print(f"target: cluster with 2 workers >= 0.9 x local pool with 2: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
