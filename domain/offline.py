"""CaseLens never uses the network: the one switch that keeps library imports from probing it.

urllib3 (imported by spaCy through requests, and by RapidOCR's image loader) binds a probe socket to [::1]
at import time to test for IPv6 unless the platform reports none. stay_offline() reports none, so not even
that socket is created (tests/reliability/test_privacy_pipeline.py allows zero attempts). It changes
process-wide state, so it is called explicitly where a process starts (the CLI and GUI entry points) and
before nlp imports spaCy; importing app, nlp or domain changes nothing.
"""

from __future__ import annotations

import socket


def stay_offline() -> None:
    """Report no IPv6 to every library of this process (idempotent)."""
    socket.has_ipv6 = False
