"""The OCR package's modules import each other without a loop (ocr.py and ocr_ink.py once imported each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import app.ingest.ocr as package

PREFIX = "app.ingest.ocr"


def imports_within(path: Path) -> set[str]:
    """Modules of the package a file imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            if node.module == PREFIX:
                out.update(alias.name for alias in node.names)
            else:
                out.add(node.module[len(PREFIX) + 1:].split(".")[0])
        elif isinstance(node, ast.Import):
            out.update(a.name[len(PREFIX) + 1:].split(".")[0] for a in node.names if a.name.startswith(PREFIX + "."))
    return out


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import loop of the graph as a path of module names, or [] if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, node])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return []


def test_the_ocr_package_has_no_import_loop():
    root = Path(package.__file__).parent
    graph = {p.stem: imports_within(p) - {p.stem} for p in root.glob("*.py") if p.stem != "__init__"}
    assert {"engine", "ink", "types", "ctc", "geometry", "pool"} <= set(graph)
    assert "types" in graph["ink"] and "ink" in graph["engine"]  # the pair that once formed a loop
    assert find_cycle(graph) == []
    assert imports_within(root / "__init__.py") == set()  # importing one module loads no other


def test_find_cycle_sees_a_loop():
    assert find_cycle({"engine": {"ink"}, "ink": {"types", "engine"}, "types": set()}) == ["engine", "ink", "engine"]
    assert find_cycle({"engine": {"ink"}, "ink": {"types"}, "types": set()}) == []
