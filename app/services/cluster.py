"""Work on a Dask cluster: OCR of scanned pages and extraction of page texts, sent to other workstations.

This process stays the single writer of the case. ClusterMap sends work items with the versions it expects
and yields the results as they finish; ClusterOcrPool is the same `run(tasks, cancel)` as OcrPool, each page
cut out of its source as a one-page PDF, for the OCR stage (app.services.stages.ocr) to commit page by page;
the extract stage sends batches of page texts (app.services.remote_extract). A killed worker's items are run
again elsewhere (an item is only written once, when its result arrives); a worker of another version is
refused (E029); a lost scheduler stops the run (E030), and the next run resumes from the case file.
"""

from __future__ import annotations

import pickle
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Self, TypeVar

from app.core.errors import CaseLensError, Issue
from app.core.progress import CancelToken
from app.ingest.ocr.pool import PageOutcome, PageTask
from app.ingest.ocr.remote import RemotePage, node_versions, ocr_remote_page, page_extract

CA_FILE, CERT_FILE, KEY_FILE = "ca.pem", "node.pem", "node-key.pem"
CONNECT_TIMEOUT_S = 10.0
WORKER_WAIT_S = 30.0  # how long a run waits for a first compatible worker before E032
LOST_AFTER_S = 15.0  # scheduler unreachable this long: E030
REFUSED_RETRIES = 3  # an item bounced by a refusing worker goes back to the queue this many times

T = TypeVar("T")
R = TypeVar("R")
W = TypeVar("W")


@dataclass(frozen=True)
class ClusterSettings:
    """Where the scheduler is and, for TLS, the folder of `caselens cluster certs`."""

    address: str
    tls_dir: str | None = None

    def url(self) -> str:
        if "://" in self.address:
            return self.address
        return ("tls://" if self.tls_dir else "tcp://") + self.address


def security(tls_dir: str | None):
    """Dask Security with the precinct's CA and node certificate (TLS required), or None without a folder."""
    if not tls_dir:
        return None
    from distributed.security import Security

    folder = Path(tls_dir)
    files = [folder / n for n in (CA_FILE, CERT_FILE, KEY_FILE)]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise CaseLensError("E031", f"{', '.join(missing)} not found in {folder}")
    ca, cert, key = (str(f) for f in files)
    return Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                    tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)


def connect(settings: ClusterSettings):
    """A Dask client on the scheduler, or E030 when it cannot be reached."""
    from distributed import Client

    try:
        return Client(settings.url(), security=security(settings.tls_dir), timeout=CONNECT_TIMEOUT_S,
                      set_as_default=False)
    except CaseLensError:
        raise
    except (OSError, TimeoutError, ValueError) as exc:
        raise CaseLensError("E030", f"{settings.url()}: {exc}") from exc


@dataclass(frozen=True)
class ClusterFailure:
    """An item the cluster could not do: its coded error."""

    code: str
    detail: str


_AGAIN = object()


@dataclass
class ClusterMap:
    """Work items to the cluster's workers, results back as they finish (any order), with the fault handling
    every kind of remote work shares: workers whose versions differ are refused (E029), a killed worker's
    items are sent again elsewhere, a lost scheduler stops the run (E030). The caller stays the single writer.

    `versions` is a module-level function (or partial of one) run here and on every worker: what must match
    for a worker's results to be the ones this process would compute."""

    settings: ClusterSettings
    versions: Callable[[], dict[str, str]]
    lost_after_s: float = LOST_AFTER_S
    bytes_sent: int = 0  # work sent to workers (page extracts, page texts)
    bytes_back: int = 0  # results that came back
    issues: list[Issue] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    _client: object | None = None
    _good: set[str] = field(default_factory=set)
    _checked: set[str] = field(default_factory=set)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close(timeout=5)  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - a scheduler already gone cannot be told goodbye
                pass
            self._client = None

    def _check_workers(self, client) -> None:
        """Ask each worker not seen yet for its versions; those that differ are refused (E029 issue)."""
        want = self.versions()
        current = set(client.scheduler_info(n_workers=-1)["workers"])
        new = sorted(current - self._checked)
        if new:
            answers = client.run(self.versions, workers=new, on_error="return")
            for address, theirs in answers.items():
                self._checked.add(address)
                if theirs == want:
                    self._good.add(address)
                    continue
                self.refused.add(address)
                differ = theirs if isinstance(theirs, BaseException) else ", ".join(
                    f"{k} {theirs.get(k)} there, {v} here" for k, v in want.items() if theirs.get(k) != v)
                self.issues.append(Issue.of("E029", f"worker {address}: {differ}"))
        self._good &= current

    def _start(self):
        if self._client is not None:
            return self._client
        client = connect(self.settings)
        self._client = client
        deadline = time.monotonic() + WORKER_WAIT_S
        self._check_workers(client)
        while not self._good:
            if time.monotonic() > deadline:
                raise CaseLensError("E032", f"{self.settings.url()}: {len(self.refused)} worker(s) refused")
            time.sleep(0.5)
            self._check_workers(client)
        return client

    def _stranded(self, running: dict, allowed: dict) -> list:
        """Futures every worker they may run on has left (killed, restarted under a new address)."""
        return [fut for fut in running if not fut.done() and not (allowed[fut] & self._good)]

    def _settle(self, client, running: dict) -> list:
        """Futures finished within a second; raises E030 when the scheduler has been gone too long."""
        lost_since: float | None = None
        while True:
            for _ in range(20):  # polled: distributed.wait() wants a default client, and this one is not
                done = [fut for fut in running if fut.done()]
                if done:
                    return done
                time.sleep(0.05)
            if client.status == "running":
                lost_since = None
                try:
                    self._check_workers(client)  # workers that joined (or came back) since
                except (OSError, TimeoutError):
                    pass
                return []
            lost_since = lost_since or time.monotonic()
            if time.monotonic() - lost_since > self.lost_after_s:
                raise CaseLensError("E030", f"{self.settings.url()}: lost for {self.lost_after_s:.0f} s "
                                            f"({client.status})")

    def map(self, items: Sequence[T], *, work: Callable[[T], tuple[W, int]], remote: Callable[[W], R],
            cancel: CancelToken | None = None) -> Iterator[tuple[T, R | ClusterFailure]]:
        """(item, remote(work(item))) from the workers for every item, as they finish; a bounded window is in
        flight whatever the number of items. `work` returns what travels and its size in bytes, or raises a
        CaseLensError: that item fails alone, (item, ClusterFailure(code, detail)); so does an item whose
        remote call raised (E009; a refused worker's item first goes back to the queue)."""
        cancel = cancel or CancelToken()
        if not items:
            return
        client = self._start()
        queue: deque[int] = deque(range(len(items)))
        bounced: dict[int, int] = {}
        running: dict = {}
        allowed: dict = {}  # future -> the workers it was restricted to
        try:
            while queue or running:
                window = 3 * max(1, sum(client.nthreads(workers=sorted(self._good)).values()))
                while queue and len(running) < window and not cancel.cancelled:
                    index = queue.popleft()
                    try:
                        sent, size = work(items[index])
                    except CaseLensError as exc:  # the item cannot be prepared (a page cannot be cut)
                        yield items[index], ClusterFailure(exc.code, exc.detail)
                        continue
                    self.bytes_sent += size
                    # strict: never to a refused worker, even by work stealing; items whose workers all left
                    # are sent again
                    fut = client.submit(remote, sent, pure=False, workers=sorted(self._good),
                                        allow_other_workers=False)
                    running[fut], allowed[fut] = index, frozenset(self._good)
                if cancel.cancelled:
                    client.cancel(list(running))
                    return
                done = self._settle(client, running)
                for fut in [] if done else self._stranded(running, allowed):
                    queue.appendleft(running.pop(fut))
                    allowed.pop(fut)
                    client.cancel([fut])
                for fut in done:
                    allowed.pop(fut, None)
                    index = running.pop(fut)
                    result = self._result(fut, index, bounced, queue)
                    if result is _AGAIN:
                        continue
                    if not isinstance(result, ClusterFailure):
                        self.bytes_back += len(pickle.dumps(result))
                    yield items[index], result
        finally:
            if running and client.status == "running":
                client.cancel(list(running))

    def _result(self, fut, index: int, bounced: dict[int, int], queue: deque):
        try:
            return fut.result()
        except CaseLensError as exc:
            if exc.code == "E029" and bounced.get(index, 0) < REFUSED_RETRIES:
                bounced[index] = bounced.get(index, 0) + 1
                queue.append(index)  # a worker of another version took it: send it again to a good one
                return _AGAIN
            return ClusterFailure(exc.code, exc.detail)
        except Exception as exc:  # noqa: BLE001 - KilledWorker after repeated deaths, a worker-side bug
            status = getattr(self._client, "status", "closed")
            if status != "running":  # futures cancelled because the scheduler went away: stop, resume later
                raise CaseLensError("E030", f"{self.settings.url()}: connection lost ({status})") from exc
            return ClusterFailure("E009", f"on the cluster: {type(exc).__name__}: {exc}")
        finally:
            try:
                fut.release()
            except Exception:  # noqa: BLE001 - the client is already disconnected
                pass




class ClusterOcrPool(ClusterMap):
    """`with ClusterOcrPool(settings) as pool: for outcome in pool.run(tasks, cancel): ...` (any order): the
    same `run` as OcrPool, each page sent as a one-page PDF cut from its source."""

    def __init__(self, settings: ClusterSettings, engine: str = "rapidocr", lost_after_s: float = LOST_AFTER_S):
        super().__init__(settings, partial(node_versions, engine), lost_after_s)
        self.engine = engine

    def run(self, tasks: list[PageTask], cancel: CancelToken | None = None) -> Iterator[PageOutcome]:
        versions = node_versions(self.engine)

        def work(task: PageTask) -> tuple[RemotePage, int]:
            page = RemotePage(task, page_extract(task.path, task.number, task.password), self.engine, versions)
            return page, len(page.extract)

        for task, outcome in self.map(tasks, work=work, remote=ocr_remote_page, cancel=cancel):
            if isinstance(outcome, ClusterFailure):
                yield PageOutcome(task, None, error_code=outcome.code, error=outcome.detail)
            else:
                yield outcome
