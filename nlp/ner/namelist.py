"""Name-likelihood buckets per character derived from a list of Chinese person names (build time only).

Why: the training corpora hold ~20k distinct names; a list of 255k names (shared/data/chinese_names,
Apache-2.0) says which characters are surnames and which are typical in given names, for names the
corpora never show. Only a compact derived table is shipped (resources/models/ner_zh_linear/name_list.npz:
one uint8 per character, a few kB), never the list itself.

Packed value: high nibble = surname bucket (0 not a surname, 1-7 by log10 of the surname's count in the
surname table / the list), low nibble = given-name bucket (0-7: how much more often the character occurs in
given names of the list than in running text of the training corpora, log scale); UNSEEN (8) in both for
characters outside the table. Feature set 4 (nlp/ner/features.py) reads it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from nlp.ner import namechars

FILE = "name_list.npz"
UNSEEN = 8
MIN_TEXT = 3       # a name is counted when each of its characters occurs this often in the running text


def read_names(folder: Path) -> list[str]:
    """Names of ancient_names_25w.txt (BOM, CRLF, 3 header lines), CJK-only, 2-4 characters."""
    lines = (Path(folder) / "ancient_names_25w.txt").read_text(encoding="utf-8-sig").splitlines()[3:]
    return [n for n in (x.strip() for x in lines)
            if 2 <= len(n) <= 4 and all("\u3400" <= ch <= "\u9fff" for ch in n)]


def read_surnames(folder: Path) -> dict[str, int]:
    """Surname -> count from family_names_1k.xlsx (first sheet: surname, count)."""
    import openpyxl

    wb = openpyxl.load_workbook(Path(folder) / "family_names_1k.xlsx", read_only=True)
    out: dict[str, int] = {}
    for row in wb.active.iter_rows(values_only=True):
        if len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], (int, float)):
            out[row[0].strip()] = int(row[1])
    return out


def build(folder: Path, running_text: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """(code points, packed buckets) from the names folder and some running text (character frequencies)."""
    text: Counter[str] = Counter()
    for t in running_text:
        text.update(t)
    # The list is largely in traditional characters (偉, 澤); keep names written wholly in characters the
    # (simplified) running text uses, so the given-name statistics describe simplified names.
    names = [n for n in read_names(folder) if all(text[ch] >= MIN_TEXT for ch in n)]
    surnames = read_surnames(folder)
    single = {s: n for s, n in surnames.items() if len(s) == 1}
    compound = [s for s in surnames if len(s) == 2]
    first_in_list: Counter[str] = Counter()
    given: Counter[str] = Counter()
    for name in names:
        cut = 2 if name[:2] in compound and len(name) > 2 else 1
        first_in_list[name[0]] += 1
        given.update(name[cut:])
    total_given = sum(given.values()) or 1
    total_text = sum(text.values()) or 1
    chars = sorted(set(given) | set(single) | set(first_in_list))
    cps, packed = [], []
    for ch in chars:
        if ch in single:
            sur = 1 + min(6, int(math.log10(max(single[ch], 1)) * 1.5))
        elif first_in_list[ch] >= 20:
            sur = 1
        else:
            sur = 0
        p_given = (given[ch] + 0.5) / total_given
        p_text = (text[ch] + 5) / total_text
        ratio = math.log2(p_given / p_text)       # > 0: more typical of given names than of text
        giv = int(np.clip(np.floor(ratio / 1.5) + 3, 0, 7)) if given[ch] else 0
        cps.append(ord(ch))
        packed.append(sur * 16 + giv)
    return np.array(cps, dtype=np.uint32), np.array(packed, dtype=np.uint8)


def dense(cps: np.ndarray, packed: np.ndarray) -> np.ndarray:
    table = np.full(0x110000, UNSEEN * 16 + UNSEEN, dtype=np.uint8)
    table[cps] = packed
    table[0] = 0xFF
    return table


def save(folder: Path, cps: np.ndarray, packed: np.ndarray) -> None:
    namechars.save(folder, cps, packed, FILE)


def load(folder: Path) -> np.ndarray | None:
    """The model's table, or None for models trained without one (feature sets 1-3)."""
    return namechars.load(folder, FILE, dense)
