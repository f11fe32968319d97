import sqlite3

import pytest

from app.store import audit
from app.store.db import open_case


def test_audit_chain_verifies_and_detects_tampering(case_path):
    conn = open_case(case_path)
    for i in range(5):
        audit.append(conn, "import", {"file": f"f{i}.pdf", "名字": "张伟"})
    assert audit.verify_chain(conn) == []
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("UPDATE audit_log SET details = '{}' WHERE id = 3")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM audit_log WHERE id = 3")
    # someone bypasses the triggers with a raw edit
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET details = '{\"file\": \"forged.pdf\"}' WHERE id = 3")
    problems = audit.verify_chain(conn)
    assert problems and problems[0].startswith("entry 3")
