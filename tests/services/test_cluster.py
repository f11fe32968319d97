"""Batch import with OCR on a Dask LocalCluster (processes, 1-2 workers): same cases as a local import."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

pytest.importorskip("distributed")

from bench.bench_crash import problems, snapshot  # noqa: E402 - the crash harness's case comparison

pytestmark = pytest.mark.slow


@pytest.fixture
def local_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        yield cluster


def _client(cluster):
    from distributed import Client

    return Client(cluster.scheduler_address, set_as_default=False)


def test_batch_on_cluster_gives_the_local_cases(local_cluster, scanned_dossiers, tmp_path):
    from app.services.batch import run_batch
    from app.services.cluster import ClusterSettings

    out = tmp_path / "cases"
    report = run_batch(scanned_dossiers["root"], out, cluster=ClusterSettings(local_cluster.scheduler_address))
    assert [(r.dossier, r.status, r.pages, r.ocr_pages) for r in report.rows] == [
        ("big", "done", 12, 12), ("small", "done", 4, 4)]
    for name in ("big", "small"):
        assert problems(snapshot(out / f"{name}.case"), snapshot(scanned_dossiers[name])) == []
    assert (out / "batch-summary.csv").read_text(encoding="utf-8").count("\n") == 3
    client = _client(local_cluster)
    try:  # the workers did the OCR and the extraction; this process only wrote
        prefixes = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    finally:
        client.close()
    assert "ocr_remote_page" in prefixes and "extract_remote" in prefixes


def test_worker_killed_mid_task_loses_and_doubles_nothing(local_cluster, scanned_dossiers, tmp_path):
    from app.services.cluster import ClusterSettings
    from app.services.imports import import_paths

    case = tmp_path / "small.case"
    result: dict = {}
    job = threading.Thread(target=lambda: result.update(report=import_paths(
        [scanned_dossiers["root"] / "small"], case=case, cluster=ClusterSettings(local_cluster.scheduler_address))))
    job.start()
    client = _client(local_cluster)
    try:
        pids = client.run(os.getpid)
        busy: list[str] = []
        deadline = time.monotonic() + 120
        while not busy and time.monotonic() < deadline:
            busy = [w for w, keys in client.processing().items() if keys]
            time.sleep(0.2)
        assert busy, "no page ever reached a worker"
        time.sleep(0.5)  # into the page's OCR
        os.kill(pids[busy[0]], signal.SIGKILL)
    finally:
        client.close()
    job.join(timeout=300)
    assert not job.is_alive()
    assert not [i for i in result["report"].issues if i.code != "E002"]
    assert problems(snapshot(case), snapshot(scanned_dossiers["small"])) == []


def test_worker_of_another_version_is_refused(local_cluster, scanned_dossiers, tmp_path):
    from app.services.cluster import ClusterSettings
    from app.services.imports import import_paths

    client = _client(local_cluster)
    try:
        old = sorted(client.scheduler_info()["workers"])[0]

        def pretend_old() -> None:
            import app

            app.__version__ = "0.0.1"

        client.run(pretend_old, workers=[old])
    finally:
        client.close()
    case = tmp_path / "small.case"
    report = import_paths([scanned_dossiers["root"] / "small"], case=case,
                          cluster=ClusterSettings(local_cluster.scheduler_address))
    refused = {i.message for i in report.issues if i.code == "E029"}  # by the OCR and the extract stage alike
    assert len(refused) == 1 and old in min(refused) and "caselens 0.0.1 there" in min(refused)
    assert problems(snapshot(case), snapshot(scanned_dossiers["small"])) == []


def test_remote_page_of_another_version_raises_e029(scanned_dossiers):
    from app.core.errors import CaseLensError
    from app.ingest.ocr.pool import PageTask
    from app.ingest.ocr.remote import RemotePage, node_versions, ocr_remote_page, page_extract

    path = str(scanned_dossiers["root"] / "small" / "cut.pdf")
    versions = {**node_versions(), "caselens": "9.9"}
    with pytest.raises(CaseLensError) as err:
        ocr_remote_page(RemotePage(PageTask(1, path, 1), page_extract(path, 1), "rapidocr", versions))
    assert err.value.code == "E029"


def test_no_scheduler_is_e030(tmp_path, scanned_dossiers):
    from app.core.errors import CaseLensError
    from app.services.cluster import ClusterSettings
    from app.services.imports import import_paths

    with pytest.raises(CaseLensError) as err:
        import_paths([scanned_dossiers["root"] / "small"], case=tmp_path / "c.case",
                     cluster=ClusterSettings("tcp://127.0.0.1:9"))
    assert err.value.code == "E030"


@pytest.fixture
def tls_dir(tmp_path):
    """A precinct's certificates as `caselens cluster certs` makes them."""
    from app.services.cluster_certs import make_certs

    folder = tmp_path / "tls"
    make_certs(folder, "Test precinct")
    return folder


def test_cluster_certs_make_a_set_and_never_overwrite_it(tmp_path):
    import ssl
    import stat

    from app.core.errors import CaseLensError
    from app.services.cluster import security
    from app.services.cluster_certs import make_certs

    folder = tmp_path / "tls"
    written = {p.name for p in make_certs(folder, "Test precinct")}
    assert written == {"ca.pem", "ca-key.pem", "node.pem", "node-key.pem"}
    for key in ("ca-key.pem", "node-key.pem"):
        assert stat.S_IMODE((folder / key).stat().st_mode) == 0o600
    context = ssl.create_default_context(cafile=str(folder / "ca.pem"))  # the node certificate is the CA's
    context.load_cert_chain(str(folder / "node.pem"), str(folder / "node-key.pem"))
    assert security(str(folder)).require_encryption
    with pytest.raises(CaseLensError) as err:
        make_certs(folder)
    assert err.value.code == "E017"


def test_openssl_recipe_makes_a_set_dask_accepts(tmp_path):
    """The recipe E031 prints for a CaseLens without `cryptography` still gives a working set."""
    import shutil
    import subprocess

    from app.services.cluster import security
    from app.services.cluster_certs import OPENSSL_RECIPE

    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    folder = tmp_path / "tls"
    folder.mkdir()
    subprocess.run(OPENSSL_RECIPE, shell=True, cwd=folder, check=True, capture_output=True, timeout=120)
    assert security(str(folder)).require_encryption


def test_tls_cluster_reads_pages_and_refuses_plain_clients(tls_dir, scanned_dossiers, tmp_path):
    from distributed import LocalCluster

    from app.core.errors import CaseLensError
    from app.services.cluster import ClusterSettings, security
    from app.services.imports import import_paths

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1",
                      protocol="tls://", security=security(str(tls_dir))) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tls://")
        case = tmp_path / "small.case"
        import_paths([scanned_dossiers["root"] / "small"], case=case, cluster=ClusterSettings(address, str(tls_dir)))
        assert problems(snapshot(case), snapshot(scanned_dossiers["small"])) == []
        with pytest.raises(CaseLensError) as err:  # no certificates: the scheduler does not talk to it
            import_paths([scanned_dossiers["root"] / "small"], case=tmp_path / "plain.case",
                         cluster=ClusterSettings(address.replace("tls://", "tcp://")))
        assert err.value.code == "E030"


def test_missing_certificates_are_e031(tmp_path):
    from app.core.errors import CaseLensError
    from app.services.cluster import security

    with pytest.raises(CaseLensError) as err:
        security(str(tmp_path))
    assert err.value.code == "E031" and "ca.pem" in str(err.value)


def test_scheduler_lost_mid_import_is_e030_and_the_next_run_resumes(scanned_dossiers, tmp_path):
    from distributed import LocalCluster

    from app.services.cluster import ClusterSettings
    from app.services.imports import import_paths

    case = tmp_path / "small.case"
    source = [scanned_dossiers["root"] / "small"]
    result: dict = {}

    def run(address: str) -> None:
        try:
            result["report"] = import_paths(source, case=case, cluster=ClusterSettings(address))
        except Exception as exc:  # noqa: BLE001 - looked at below
            result["error"] = exc

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    job = threading.Thread(target=run, args=(cluster.scheduler_address,))
    job.start()
    client = _client(cluster)
    deadline = time.monotonic() + 120
    while not any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    client.close()
    cluster.close()  # the scheduler's workstation is switched off
    job.join(timeout=120)
    assert getattr(result.get("error"), "code", None) == "E030", result
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as again:
        run(again.scheduler_address)
    assert "report" in result, result
    assert problems(snapshot(case), snapshot(scanned_dossiers["small"])) == []


def test_engine_identity_is_the_loaded_engines_name():
    from app.ingest.ocr.pool import engine_for
    from app.ingest.ocr.remote import engine_identity

    assert engine_identity("rapidocr")[0] == engine_for("rapidocr").name
