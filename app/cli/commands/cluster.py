"""`caselens cluster scheduler|worker|certs`: spread a precinct's OCR over several workstations (Dask)."""

from __future__ import annotations

import argparse
import sys

HELP = """Run the OCR of scanned pages on several workstations. One workstation runs the scheduler, every
workstation that lends its cores runs workers (each process loads the OCR models once and keeps them), and
`caselens import … --cluster ADDRESS` or `caselens batch … --cluster ADDRESS` sends pages to them; the case
files are written only where the import runs. On a precinct network use TLS: make a set of certificates
once with `certs`, copy ca.pem, node.pem and node-key.pem to every workstation and pass --tls-dir everywhere.

example:
  caselens cluster certs /etc/caselens/tls
  caselens cluster scheduler --host 10.0.4.2 --port 8786 --tls-dir /etc/caselens/tls
  caselens cluster worker tls://10.0.4.2:8786 --nprocs 2 --tls-dir /etc/caselens/tls
  caselens batch /data/dossiers --out /data/cases --cluster tls://10.0.4.2:8786 --tls-dir /etc/caselens/tls
"""


def register(sub) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("cluster", help="scheduler, workers and certificates for OCR on several workstations",
                       description=HELP, formatter_class=fmt)
    roles = p.add_subparsers(dest="role", metavar="ROLE", required=True)
    s = roles.add_parser("scheduler", help="start the scheduler and print its address",
                         description="Start the scheduler; prints the address workers and imports use.\n\n"
                                     "example:\n  caselens cluster scheduler --host 10.0.4.2 --port 8786",
                         formatter_class=fmt)
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; use the LAN address with "
                        "--tls-dir)")
    s.add_argument("--port", type=int, default=8786, help="port (default 8786; 0 picks a free one)")
    s.add_argument("--dashboard", action="store_true", help="also serve Dask's dashboard on :8787 (needs bokeh)")
    s.add_argument("--tls-dir", default=None, help="folder with ca.pem, node.pem, node-key.pem (TLS required)")
    s.set_defaults(run=run_scheduler)
    w = roles.add_parser("worker", help="start OCR worker processes for a scheduler",
                         description="Start worker processes that OCR pages sent by the scheduler.\n\n"
                                     "example:\n  caselens cluster worker tcp://127.0.0.1:8786 --nprocs 2",
                         formatter_class=fmt)
    w.add_argument("address", help="the scheduler's address, as `caselens cluster scheduler` printed it")
    w.add_argument("--nprocs", type=int, default=1, help="worker processes (one core and ~0.9 GB each; default 1)")
    w.add_argument("--host", default=None, help="address the workers listen on (default: chosen by Dask)")
    w.add_argument("--tls-dir", default=None, help="folder with ca.pem, node.pem, node-key.pem (TLS required)")
    w.set_defaults(run=run_worker)
    c = roles.add_parser("certs", help="make a precinct's CA and node certificate",
                         description="Make ca.pem, ca-key.pem, node.pem, node-key.pem in DIR (needs the "
                                     "`cryptography` package).\n\nexample:\n  caselens cluster certs ~/caselens-tls",
                         formatter_class=fmt)
    c.add_argument("dir", help="an empty or new folder")
    c.add_argument("--precinct", default="caselens", help="organisation name written into the certificates")
    c.set_defaults(run=run_certs)


def run_scheduler(args) -> int:
    from app.services.cluster_node import run_scheduler as serve

    def ready(address: str) -> None:
        print(f"scheduler at {address}", flush=True)

    try:
        serve(args.host, args.port, tls_dir=args.tls_dir, dashboard=args.dashboard, on_ready=ready)
    except KeyboardInterrupt:
        print("scheduler stopped", file=sys.stderr)
    return 0


def run_worker(args) -> int:
    from app.services.cluster_node import run_workers

    def ready(addresses: list[str]) -> None:
        print(f"{len(addresses)} worker(s) at {', '.join(addresses)} for {args.address}", flush=True)

    try:
        run_workers(args.address, args.nprocs, tls_dir=args.tls_dir, host=args.host, on_ready=ready)
    except KeyboardInterrupt:
        print("workers stopped", file=sys.stderr)
    return 0


def run_certs(args) -> int:
    from app.services.cluster_certs import make_certs

    for path in make_certs(args.dir, args.precinct):
        print(path)
    print("copy ca.pem, node.pem and node-key.pem to every workstation of the cluster; keep ca-key.pem apart")
    return 0
