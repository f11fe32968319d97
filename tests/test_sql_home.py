"""Every SQL statement of the application lives in app/store: services wire, they do not write SQL.

The scan reads the Python source of app/ and nlp/ as syntax trees, so a statement split over several lines,
over implicitly joined literals, an f-string or a `+` is seen whole; docstrings (prose about SQL) are not code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("app", "nlp", "domain")
HOME = "app/store/"

# Files that still read the case with their own SQL, owned by another change that moves them into the store's
# read side (app/store/read/). Empty this list; never add to it.
NOT_YET_MOVED: frozenset[str] = frozenset()  # every read-side file moved its SQL to app/store/read

# SQLite statements as this code base writes them (keywords in capitals, so prose such as "select a case from
# the list" is not taken for one).
STATEMENT = re.compile(
    r"\bSELECT\b.+?\bFROM\b|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b|\bREPLACE\s+INTO\b|\bUPDATE\s+\S+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\b(?:CREATE|DROP)\s+(?:UNIQUE\s+|VIRTUAL\s+|TEMP\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bALTER\s+TABLE\b|\bPRAGMA\s+[a-z_]+|\bWITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\("
    r"|^\s*(?:BEGIN(?:\s+(?:IMMEDIATE|DEFERRED|EXCLUSIVE|TRANSACTION))?|COMMIT|ROLLBACK|VACUUM|ANALYZE)\s*;?\s*$",
    re.S)


def _text(node: ast.AST) -> str | None:
    """The string an expression spells, with "?" for the formatted parts of f-strings; None when not a string."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "?" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None or right is not None:
            return (left or "?") + (right or "?")
    return None


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def sql_statements(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string expression in `source` that holds an SQL statement."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found, inside = [], set()
    for node in ast.walk(tree):  # outer expressions first: a BinOp or f-string is reported once, not per part
        if id(node) in skip or id(node) in inside:
            continue
        text = _text(node)
        if text is not None and STATEMENT.search(text):
            found.append((node.lineno, " ".join(text.split())[:80]))
            inside.update(id(child) for child in ast.walk(node))
    return found


def _scan() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            hits = sql_statements(path.read_text(encoding="utf-8"))
            if hits:
                out[rel] = hits
    return out


def test_the_scan_sees_sql_however_it_is_written():
    source = '''
"""A docstring that mentions SELECT x FROM y is prose."""
a = ("SELECT id FROM pages"
     " WHERE x = ?")
b = f"DELETE FROM {table}"
c = """
    INSERT INTO mentions (page_id)
    VALUES (?)
"""
d = "UPDATE pages" + " SET text = ?"
e = "BEGIN IMMEDIATE"
f = "PRAGMA integrity_check"
g = "Select a case from the list"
h = "Commit your changes"
'''
    assert [line for line, _ in sql_statements(source)] == [3, 5, 6, 10, 11, 12]


def test_the_store_is_found_holding_sql():  # the scan is not blind: the store's own statements are seen
    found = _scan()
    assert {"app/store/pages.py", "app/store/jobs.py", "app/store/transactions.py"} <= set(found)


def test_no_sql_outside_the_store():
    found = {path: hits for path, hits in _scan().items() if not path.startswith(HOME)}
    stray = {path: hits for path, hits in found.items() if path not in NOT_YET_MOVED}
    assert not stray, "SQL belongs in app/store:\n" + "\n".join(
        f"{path}:{line}: {text}" for path, hits in stray.items() for line, text in hits)
    moved = sorted(NOT_YET_MOVED - set(found))
    assert not moved, f"no SQL left in {moved}: take them off NOT_YET_MOVED"
