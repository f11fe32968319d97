import os
import stat

import pytest

from app.core.errors import CaseLensError
from app.store.db import open_case
from app.store.migrations import MIGRATIONS


def test_open_case_creates_owner_only_file(case_path):
    conn = open_case(case_path)
    conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    conn.close()
    mode = stat.S_IMODE(os.stat(case_path).st_mode)
    assert mode == 0o600


def test_open_case_uses_wal_and_latest_schema(case_path):
    conn = open_case(case_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for name in ["documents", "pages", "page_words", "mentions", "entities", "entity_mentions", "transactions",
                 "relations", "events", "curation", "jobs", "audit_log", "page_fts", "issues"]:
        assert name in tables


def test_open_case_twice_keeps_data(case_path):
    conn = open_case(case_path)
    conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    conn.close()
    conn = open_case(case_path)
    assert conn.execute("SELECT value FROM meta WHERE key='k'").fetchone()[0] == "v"


def test_open_case_rejects_non_database(tmp_path):
    bad = tmp_path / "bad.case"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CaseLensError) as info:
        open_case(bad)
    assert info.value.code == "E026"  # not a case file at all (a damaged case is E014)
    assert bad.read_bytes() == b"this is not sqlite" * 100  # left untouched


def test_open_case_missing_readonly_is_coded(tmp_path):
    with pytest.raises(CaseLensError) as info:
        open_case(tmp_path / "nope.case", readonly=True)
    assert info.value.code == "E013"


def test_two_processes_creating_one_case_migrate_once(tmp_path):
    import subprocess
    import sys

    case = tmp_path / "race.case"
    code = ("import sys; from app.store.db import open_case; c = open_case(sys.argv[1]);"
            " print(c.execute('PRAGMA user_version').fetchone()[0])")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(case)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    assert {o[0].strip() for o in outs} == {str(len(MIGRATIONS))}
    conn = open_case(case)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log_no_update'").fetchone()[0] == 1
