"""Domain dataclasses, coded errors, progress/cancel, paths. No heavy imports."""

import socket as _socket

# CaseLens never uses the network. urllib3 (imported by spaCy through requests) binds a probe socket
# to [::1] at import time to test for IPv6 unless the platform reports none; report none, so that
# not even that socket is created (tests/reliability/test_privacy_pipeline.py allows zero attempts).
_socket.has_ipv6 = False
