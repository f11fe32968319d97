"""Starting a precinct's Dask scheduler and CaseLens workers (`caselens cluster scheduler|worker`).

A worker process loads its OCR engine and extraction pipelines once (dask_setup below, run by Dask as a preload) and keeps it for
every page; it works in a private temporary folder removed when the worker stops, and writes nothing else:
pages arrive as bytes, the OCR cache is not used there, results go back over the wire.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.core.errors import CaseLensError
from app.services.cluster import ClusterSettings, security

DEFAULT_PORT = 8786
SCRATCH_PREFIX = "caselens-worker-"
WORKER_ENV = {"OMP_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1"}  # as the local pool: one core per process
# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536. A fixed threshold turns off glibc's dynamic mmap
# threshold, so every large numpy/onnxruntime buffer of a page is mmap'd and zeroed afresh: OCR ran 20 %
# slower per page in a worker than in a plain process (6 pages: 10.07 s vs 8.37 s; unset: 7.78 s vs 8.10 s).
WORKER_DASK_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                      # no HTTP routes (Dask serves health, Prometheus metrics and task info by default, in the clear)
                      "distributed.worker.http.routes": [], "distributed.nanny.http.routes": []}
# Dask always starts an HTTP server beside the scheduler and each worker (port 8787 and random ones, on the
# node's address). Without --dashboard it serves nothing and listens on the loopback only: no open port on the
# precinct network but the TLS ones.
QUIET_HTTP = "127.0.0.1:0"
SCHEDULER_QUIET_CONFIG = {"distributed.scheduler.http.routes": []}


def dask_setup(worker) -> None:  # noqa: ARG001 - Dask's preload hook
    """Run by Dask in each worker process as it starts: load the OCR engine and the extraction pipelines once,
    before the first page."""
    from app.ingest.ocr.pool import engine_for
    from nlp.pipeline import build_pipeline

    try:
        engine_for("rapidocr")
    except CaseLensError:
        pass  # reported per page by ocr_page
    for lang in ("zh", "en"):  # the extraction pipelines, with their models: loaded once, kept
        build_pipeline(lang)
        build_pipeline(lang, statistical=False)


def stop_on_sigterm() -> None:
    """`kill PID` stops a scheduler or worker like Ctrl-C: connections closed, temporary folder removed."""
    import signal

    def stop(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def remove_stale_scratch() -> None:
    """Temporary folders of workers that were killed outright (SIGKILL, power cut): their owner is gone."""
    for folder in Path(tempfile.gettempdir()).glob(SCRATCH_PREFIX + "*"):
        try:
            pid = int((folder / "owner.pid").read_text(encoding="ascii"))
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # another user's folder, or one being created


def _protocol(tls_dir: str | None) -> str:
    return "tls" if tls_dir else "tcp"


def run_scheduler(host: str = "127.0.0.1", port: int = DEFAULT_PORT, *, tls_dir: str | None = None,
                  dashboard: bool = False, on_ready: Callable[[str], None] = print) -> None:
    """Serve until stopped (Ctrl-C); `on_ready` gets the address workers and clients connect to."""
    import dask
    from distributed import Scheduler

    sec = security(tls_dir)
    stop_on_sigterm()
    if dashboard:
        try:
            import bokeh  # noqa: F401
        except ImportError as exc:
            raise CaseLensError("E017", "--dashboard needs the `bokeh` package (pip install bokeh)") from exc

    async def serve() -> None:
        with dask.config.set({} if dashboard else SCHEDULER_QUIET_CONFIG):
            async with Scheduler(host=host, port=port, protocol=_protocol(tls_dir), security=sec, dashboard=dashboard,
                                 dashboard_address=":8787" if dashboard else QUIET_HTTP) as scheduler:
                on_ready(scheduler.address)
                await scheduler.finished()

    try:
        asyncio.run(serve())
    except OSError as exc:
        raise CaseLensError("E017", f"cannot listen on {host}:{port}: {exc}") from exc


def run_workers(address: str, nprocs: int = 1, *, tls_dir: str | None = None, host: str | None = None,
                on_ready: Callable[[list[str]], None] = print) -> None:
    """Start `nprocs` single-threaded worker processes (each under a nanny that restarts it if it dies)
    connected to the scheduler; serve until stopped. Their temporary folder is removed on the way out."""
    import dask
    from distributed import Nanny

    dask.config.set(WORKER_DASK_CONFIG)
    settings = ClusterSettings(address, tls_dir)
    sec = security(tls_dir)
    remove_stale_scratch()
    scratch = tempfile.mkdtemp(prefix=SCRATCH_PREFIX)
    (Path(scratch) / "owner.pid").write_text(str(os.getpid()), encoding="ascii")
    stop_on_sigterm()
    env = {**WORKER_ENV, "TMPDIR": scratch}

    async def serve() -> None:
        nannies = [Nanny(settings.url(), nthreads=1, local_directory=scratch, security=sec, env=env, host=host,
                         protocol=_protocol(tls_dir), preload=["app.services.cluster_node"], dashboard=False,
                         dashboard_address=QUIET_HTTP)
                   for _ in range(max(1, nprocs))]
        try:
            await asyncio.gather(*nannies)
        except (OSError, TimeoutError) as exc:
            raise CaseLensError("E030", f"{settings.url()}: {exc}") from exc
        on_ready([n.worker_address for n in nannies])
        try:
            await asyncio.gather(*(n.finished() for n in nannies))
        finally:
            await asyncio.gather(*(n.close() for n in nannies), return_exceptions=True)

    try:
        asyncio.run(serve())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
