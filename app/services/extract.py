"""Entity extraction for the CLI and evaluation: plain text or JSONL lines in, mention dicts out."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from app.core.errors import CaseLensError

STABLE_KEYS = ("start", "end", "label", "text", "value")


def extract_text(text: str, lang: str = "zh", *, details: bool = False, ner: str = "fast") -> list[dict]:
    """Mentions of one text; the stable keys only unless `details` (then confidence and role too).
    `ner`: the Chinese NER, "fast" (linear) or "accurate" (BiLSTM-CRF), see nlp/pipeline.py."""
    from nlp.extract import extract

    return [_shape(m, details) for m in extract(text, lang, ner=ner)]


def extract_jsonl(lines: Iterable[str], lang: str = "zh", *, details: bool = False,
                  ner: str = "fast") -> Iterator[dict]:
    """For each input line {"id","text"}: {"id","mentions":[...]}, batched through the pipeline.

    A line that is not such an object raises E017 naming its line number; blank lines are skipped.
    """
    from nlp.extract import extract_many

    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            raise CaseLensError("E017", f"input line {number} is not a JSON object with a text: {exc}") from exc
        records.append(record.get("id"))
        records.append(text)
    ids, texts = records[0::2], records[1::2]
    for rid, mentions in zip(ids, extract_many(texts, lang, ner=ner), strict=True):
        yield {"id": rid, "mentions": [_shape(m, details) for m in mentions]}


def _shape(mention: dict, details: bool) -> dict:
    if details:
        return dict(mention)
    return {k: mention[k] for k in STABLE_KEYS}
