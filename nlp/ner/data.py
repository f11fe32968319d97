"""Readers for the public Chinese NER corpora, mapped onto CaseLens labels PERSON / ORG / PLACE.

Every reader yields ``Example(text, spans)`` with character offsets, end exclusive, no overlaps.
Label mappings (anything not listed is dropped, i.e. treated as outside):

- CAIL2021 xxcq (JSONL, ``span: ["s;e"]`` end exclusive): NHCS suspect, NHVI victim -> PERSON;
  NO -> ORG; NS -> PLACE. Dev split: ``md5(context) % 10 == 0`` (a fixed ~10%), the rest is train.
- CLUENER2020 (JSON lines, inclusive ``[s, e]``): name -> PERSON; company, organization,
  government -> ORG; address -> PLACE.
- Weibo NER (``char+segdigit<TAB>tag``, BIO): PER.NAM -> PERSON; ORG.NAM -> ORG; LOC.NAM, GPE.NAM
  -> PLACE; nominal mentions (.NOM, e.g. 女孩) are dropped: they are not names.
- Resume NER (``char tag``, BMES): NAME -> PERSON; ORG -> ORG; LOC -> PLACE.
- People's Daily (``char tag``, BIO): PER -> PERSON; ORG -> ORG; LOC -> PLACE.
- CoNLL-2003 English (``word POS chunk tag``, IOB1, -DOCSTART- lines skipped): text = the words joined by
  single spaces; PER -> PERSON, ORG -> ORG, LOC -> PLACE, MISC dropped. Held out: the last 10 %.
- MSRA train (``char<TAB>tag``, BIO): PER -> PERSON; ORG -> ORG; LOC -> PLACE. Held-out slice by a fixed
  rule: the last 10 % of the file's sentences (index >= 0.9 * count) is ``msra_dev``, never trained on;
  the first 90 % is ``msra_train``. People's Daily overlaps MSRA train (~90 %): models trained on MSRA are
  not evaluated on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("PERSON", "ORG", "PLACE")

CAIL_MAP = {"NHCS": "PERSON", "NHVI": "PERSON", "NO": "ORG", "NS": "PLACE"}
CLUENER_MAP = {"name": "PERSON", "company": "ORG", "organization": "ORG", "government": "ORG",
               "address": "PLACE"}
WEIBO_MAP = {"PER.NAM": "PERSON", "ORG.NAM": "ORG", "LOC.NAM": "PLACE", "GPE.NAM": "PLACE"}
RESUME_MAP = {"NAME": "PERSON", "ORG": "ORG", "LOC": "PLACE"}
PEOPLES_DAILY_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


@dataclass
class Example:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    # Labels the corpus does not mark completely: outside its spans a character may still be one of them
    # (CLUENER leaves countries and cities outside addresses unmarked). Training treats those as unknown.
    partial: tuple[str, ...] = ()


def clean_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop empty/out-of-range spans and resolve overlaps (PERSON first, then longer, then earlier).

    CAIL2021 place spans sometimes swallow a victim's name (``…广场被害人张某某经营的“**餐厅”``);
    the name wins and the place is dropped."""
    valid = [(s, e, lab) for s, e, lab in set(spans) if 0 <= s < e <= len(text) and text[s:e].strip()]
    valid.sort(key=lambda x: (x[2] != "PERSON", -(x[1] - x[0]), x[0]))
    taken = [False] * len(text)
    kept = []
    for s, e, lab in valid:
        if any(taken[s:e]):
            continue
        for i in range(s, e):
            taken[i] = True
        kept.append((s, e, lab))
    return sorted(kept)


def cail_is_dev(text: str) -> bool:
    """The fixed CAIL2021 dev split: a deterministic ~10% by hash of the sentence."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest(), 16) % 10 == 0


def parse_cail_line(line: str) -> Example | None:
    line = line.strip()
    if not line:
        return None
    row = json.loads(line)
    text = row["context"]
    spans = []
    for ent in row.get("entities", []):
        label = CAIL_MAP.get(ent.get("label"))
        if label is None:
            continue
        for sp in ent.get("span", []):
            s, e = (int(x) for x in sp.split(";"))
            spans.append((s, e, label))
    return Example(text, clean_spans(text, spans))


def read_cail(path: Path, split: str = "all") -> Iterator[Example]:
    """split: 'train', 'dev' or 'all'."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            ex = parse_cail_line(line)
            if ex is None:
                continue
            if split == "all" or (split == "dev") == cail_is_dev(ex.text):
                yield ex


def parse_cluener_line(line: str) -> Example | None:
    line = line.strip()
    if not line:
        return None
    row = json.loads(line)
    text = row["text"]
    spans = []
    for kind, mentions in (row.get("label") or {}).items():
        label = CLUENER_MAP.get(kind)
        if label is None:
            continue
        for ranges in mentions.values():
            for s, e in ranges:
                spans.append((int(s), int(e) + 1, label))
    return Example(text, clean_spans(text, spans))


def read_cluener(path: Path) -> Iterator[Example]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            ex = parse_cluener_line(line)
            if ex is not None:
                yield ex


def _tags_to_spans(tags: list[str], mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """BIO/BIOES/BMES tags to spans; an I/M/E that does not continue a span starts a new one."""
    spans = []
    start, cur = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "M", "E") and kind == cur and start is not None
        if not continues and start is not None:
            spans.append((start, i, cur))
            start, cur = None, None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and not continues):
            start, cur = i, kind
        if prefix in ("E", "S") and start is not None:
            spans.append((start, i + 1, cur))
            start, cur = None, None
    return [(s, e, mapping[k]) for s, e, k in spans if k in mapping]


def parse_conll_block(lines: list[str], mapping: dict[str, str], strip_digit: bool = False) -> Example | None:
    """One sentence of a per-character column file (``char tag``; Weibo: ``char<digit>\\ttag``)."""
    chars, tags = [], []
    for line in lines:
        parts = line.rstrip("\n").split()
        if len(parts) < 2:
            continue
        token, tag = parts[0], parts[-1]
        if strip_digit and len(token) > 1 and token[-1].isdigit():
            token = token[:-1]
        chars.append(token[0])
        tags.append(tag)
    if not chars:
        return None
    text = "".join(chars)
    return Example(text, clean_spans(text, _tags_to_spans(tags, mapping)))


def read_conll(path: Path, mapping: dict[str, str], strip_digit: bool = False) -> Iterator[Example]:
    block: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                block.append(line)
                continue
            ex = parse_conll_block(block, mapping, strip_digit)
            block = []
            if ex is not None:
                yield ex
    ex = parse_conll_block(block, mapping, strip_digit)
    if ex is not None:
        yield ex


def corpus(data_dir: Path, name: str) -> list[Example]:
    """Named splits under ../shared/data: cail_train, cail_dev, cluener_train, cluener_dev, weibo_train,
    weibo_test, resume_train, resume_test, pd_dev, pd_test, msra_train, msra_dev, conll_train, conll_dev
    (English)."""
    d = Path(data_dir)
    readers: dict[str, Callable[[], Iterable[Example]]] = {
        "cail_train": lambda: read_cail(d / "cail2021_train" / "xxcq_train.json", "train"),
        "cail_dev": lambda: read_cail(d / "cail2021_train" / "xxcq_train.json", "dev"),
        "cluener_train": lambda: read_cluener(d / "cluener2020" / "train.json"),
        "cluener_dev": lambda: read_cluener(d / "cluener2020" / "dev.json"),
        "weibo_train": lambda: read_conll(d / "weibo_ner" / "weiboNER_2nd_conll.train", WEIBO_MAP, True),
        "weibo_test": lambda: read_conll(d / "weibo_ner" / "weiboNER_2nd_conll.test", WEIBO_MAP, True),
        "resume_train": lambda: read_conll(d / "resume_ner" / "train.char.bmes", RESUME_MAP),
        "resume_test": lambda: read_conll(d / "resume_ner" / "test.char.bmes", RESUME_MAP),
        "pd_dev": lambda: read_conll(d / "peoples_daily_ner" / "example.dev", PEOPLES_DAILY_MAP),
        "pd_test": lambda: read_conll(d / "peoples_daily_ner" / "example.test", PEOPLES_DAILY_MAP),
        "msra_train": lambda: held_out(read_conll(d / "msra_ner" / "train.bio", PEOPLES_DAILY_MAP), False),
        "msra_dev": lambda: held_out(read_conll(d / "msra_ner" / "train.bio", PEOPLES_DAILY_MAP), True),
        "conll_train": lambda: held_out(read_conll2003(d / "conll2003_en" / "eng.train"), False),
        "conll_dev": lambda: held_out(read_conll2003(d / "conll2003_en" / "eng.train"), True),
    }
    return list(readers[name]())


HELD_OUT = 0.1   # the last tenth of a training file, by sentence order, is the held-out slice


def held_out(items: Iterable[Example], dev: bool) -> list[Example]:
    """The first 90 % (dev=False) or the last 10 % (dev=True) of a corpus, by sentence order."""
    items = list(items)
    cut = int(len(items) * (1 - HELD_OUT))
    return items[cut:] if dev else items[:cut]


CONLL_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


def conll2003_example(rows: list[tuple[str, str]]) -> Example:
    """Words and IOB1 tags of one sentence -> text joined by spaces, character spans."""
    text, spans = "", []
    start, cur = None, None
    for i, (word, tag) in enumerate([*rows, ("", "O")]):
        prefix, _, kind = tag.partition("-")
        if start is not None and cur is not None and (prefix != "I" or kind != cur or tag == "O"):  # (set together)
            spans.append((start, len(text) - 1 if i < len(rows) else len(text), CONLL_MAP[cur]))
            start, cur = None, None
        if i == len(rows):
            break
        if prefix in ("I", "B") and kind in CONLL_MAP and start is None:
            start, cur = len(text), kind
        text += word + (" " if i + 1 < len(rows) else "")
    return Example(text, clean_spans(text, spans))


def read_conll2003(path: Path) -> Iterator[Example]:
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in [*fh, ""]:
            parts = line.split()
            if parts and parts[0] != "-DOCSTART-":
                rows.append((parts[0], parts[-1]))
                continue
            if rows:
                yield conll2003_example(rows)
                rows = []
