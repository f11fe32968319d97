"""extract(text, lang) -> mention dicts: the plain-data face of the pipeline for the CLI, stages and eval."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NotRequired, TypedDict

from nlp.pipeline import build_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from nlp.components.merge import Mention

LABELS = ("PERSON", "ORG", "PLACE", "ID_NUMBER", "BANK_CARD", "ACCOUNT", "PHONE", "PLATE", "EMAIL", "MONEY",
          "DATE", "TIME")
ROLES = ("suspect", "victim", "witness", "account_holder", "questioned")
BATCH_SIZE = 64


class MentionDict(TypedDict):
    """One mention as plain data."""

    start: int
    end: int
    label: str
    text: str
    value: str | None
    confidence: float
    role: NotRequired[str]


def mentions_of(doc: Doc) -> list[MentionDict]:
    """Mention dicts {start,end,label,text,value,confidence[,role]} of a processed doc, in text order."""
    from nlp.components.merge import MENTIONS  # spaCy loads with the pipeline, not when nlp is imported

    out: list[MentionDict] = []
    mentions: list[Mention] = doc.user_data.get(MENTIONS, [])
    for m in mentions:
        d: MentionDict = {"start": m.start, "end": m.end, "label": m.label, "text": m.text, "value": m.value,
             "confidence": round(m.confidence, 3)}
        if m.role:
            d["role"] = m.role
        out.append(d)
    return out


def extract(text: str, lang: str = "zh", ner: str = "fast") -> list[MentionDict]:
    """Every mention in one text (`ner`: the Chinese NER choice, "fast" or "accurate", nlp/pipeline.py)."""
    return mentions_of(build_pipeline(lang, ner=ner)(text or ""))


def extract_many(texts: Iterable[str], lang: str = "zh", batch_size: int = BATCH_SIZE,
                 ner: str = "fast") -> Iterator[list[MentionDict]]:
    """Mentions of many texts, in order, batched through nlp.pipe."""
    nlp = build_pipeline(lang, ner=ner)
    for doc in nlp.pipe((t or "" for t in texts), batch_size=batch_size):
        yield mentions_of(doc)


def extract_pages(pages: Sequence[tuple[str, bool]], batch_size: int = 32,
                  ner: str = "fast") -> list[list[MentionDict] | str]:
    """Mentions of page texts, each given as (text, statistical): the pages are grouped by their detected
    language and by whether the statistical NER reads them (table pages: rules only), each group in one
    nlp.pipe; a page that breaks its group's batch is read alone, and a page that fails alone gives its error
    (type and message) in place of its mentions, for the caller to record. Results in the pages' order.

    One function for the extract stage in the writing process and on a cluster worker, so both read alike."""
    from nlp.pipeline import detect_language

    out: list[list[MentionDict] | str] = [[] for _ in pages]
    groups: dict[tuple[str, bool], list[int]] = {}
    for i, (text, statistical) in enumerate(pages):
        groups.setdefault((detect_language(text or ""), statistical), []).append(i)
    for (lang, statistical), indices in groups.items():
        nlp = build_pipeline(lang, statistical=statistical, ner=ner)
        texts = [pages[i][0] or "" for i in indices]
        try:
            docs: list[Doc | None] = list(nlp.pipe(texts, batch_size=batch_size))
        except Exception:  # a page that breaks the batch: page by page, so only it fails
            docs = [None] * len(indices)
        for i, text, doc in zip(indices, texts, docs, strict=True):
            try:
                out[i] = mentions_of(doc if doc is not None else nlp(text))
            except Exception as exc:  # noqa: BLE001 - reported by the caller with the page's name
                out[i] = f"{type(exc).__name__}: {exc}"
    return out
