"""CaseLens NLP: spaCy components, statement parsing, scikit-learn models. Imports nothing from app."""

import socket as _socket

# Offline by design: spaCy imports requests -> urllib3, which binds a probe socket to [::1] at import
# unless the platform reports no IPv6 (same policy as app.core, for nlp used on its own).
_socket.has_ipv6 = False
