"""Which recognition model the OCR engine loads, and which of its lines get a second look.

The default is PP-OCRv6 tiny (resources/models/ocr, see the NOTICE there): 2x less CPU than the rapidocr
wheel's PP-OCRv6 small. Pieces of lines it reads doubtfully (`doubtful`) are read again by the small model.
When the tiny model's files are missing the engine uses the wheel's model alone, as does
`caselens ocr --engine rapidocr-accurate`. The chosen model's name goes into the stored engine id, so every
page says which model read it. Measurements: docs/ocr.md (fifth and sixth passes)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.paths import resources_dir

ENV = "CASELENS_OCR_REC"  # override: a name from RECOGNISERS (ppocr-v6-rec-tiny: the faster recogniser)
SUBDIR = ("models", "ocr")


@dataclass(frozen=True)
class RecModel:
    """A recogniser: its name in engine ids, and its files (None: RapidOCR's default model from the wheel)."""

    name: str
    model_file: str | None = None
    keys_file: str | None = None  # character list, one per line (the tiny model carries none inside)

    def paths(self) -> tuple[Path, Path] | None:
        if self.model_file is None or self.keys_file is None:
            return None
        root = resources_dir().joinpath(*SUBDIR)
        return root / self.model_file, root / self.keys_file

    def available(self) -> bool:
        paths = self.paths()
        return paths is None or all(p.is_file() and p.stat().st_size > 0 for p in paths)


WHEEL = RecModel("ppocr-v6-small")
TINY = RecModel("ppocr-v6-rec-tiny", "PP-OCRv6_rec_tiny.onnx", "ppocrv6_tiny_dict.txt")
RECOGNISERS = {m.name: m for m in (TINY, WHEEL)}
DEFAULT = TINY.name  # the faster recogniser, with second looks by the small one (doubtful)
SECOND_LOOK_BELOW = 0.95  # a tiny-model piece scored below this is read again by the wheel's small model,
LONG_PIECE = 4.0  # ... but a piece wider than this many of its heights (a sentence rather than a table cell)
LONG_PIECE_BELOW = 0.90  # ... only below this, unless it holds an IDENTIFIER: such pieces scoring 0.90-0.95 were
# a third of the re-read width, and the few the small model read differently were mostly amounts with a comma read
# as a point, which MALFORMED_AMOUNT now catches (docs/ocr.md, sixth pass)
IDENTIFIER = re.compile(r"\d{11,}")  # an account, card, phone or ID number: a merged digit there is a wrong identity
WEAKEST_BELOW = 0.7  # ... and so is a line with one character below this (a mean over 20 characters hides it)
# an amount that is not well formed ("-1,00.00", "-3,5000", "-417900.00"): the tiny model dropped or merged a digit;
# a thousands comma read as a point ("7.944.00"), a minus read as a point (".467.87")
MALFORMED_AMOUNT = re.compile(r"\d,\d{0,2}(?:\D|$)|\d,\d{4}|\d{4,}\.\d{2}(?!\d)|\.\d(?:\D|$)"
                              r"|\d\.\d{3}[.,]\d|(?<![\d.])\.\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")
# a time with a one-digit or three-digit field ("22:2:02", "10:4:00") or a one-digit hour ("2021-06-22 2:40:56",
# "2021-11-115:57:11" for 11 15:57): the tiny model merged or dropped a digit. A one-digit field at the end of a
# piece ("2021-01-02 14:44:3") is the statement cell wrapping its last digit onto the next line, which no second
# look mends (1.8 % of the width went there for nothing)
MALFORMED_TIME = re.compile(r"\d:\d(?=\D)|\d:\d{3}|(?<![\d:])\d:\d\d:\d|\d{4}-\d\d-\d\d ?\d:\d"
                            r"|(?<![\d:]):\d\d:\d")  # ... or none at all ("2021-01-26 :39:04")


def choose_rec(name: str | None = None) -> RecModel:
    """The recogniser to load: name, else $CASELENS_OCR_REC, else DEFAULT; the wheel's when files are missing."""
    wanted = RECOGNISERS.get(name or os.environ.get(ENV, "") or DEFAULT, RECOGNISERS[DEFAULT])
    return wanted if wanted.available() else WHEEL


def rec_params(rec: RecModel) -> dict:
    """RapidOCR config overrides that load rec (nothing for the wheel's own model)."""
    paths = rec.paths()
    if paths is None:
        return {}
    return {"Rec.model_path": str(paths[0]), "Rec.rec_keys_path": str(paths[1])}


def outside_gb2312(text: str) -> bool:
    """A Chinese character outside GB2312's 6,763: a traditional form the tiny model reads for a simplified one
    (黄 as 黃), or a rare name character (its list has 6,904 characters, the small model's 18,708)."""
    for ch in text:
        if ord(ch) >= 0x2E80 and ch.isalpha():
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                return True
    return False


def doubtful(text: str, score: float, weakest: float = 1.0, weakest_below: float = WEAKEST_BELOW,
             width: float = 0.0) -> bool:
    """Whether a piece of a line the tiny model read deserves a second look by the small model: a low mean
    score (width: the piece's width in its own heights; long pieces without an identifier need a lower one),
    one weak character (weakest: its probability), an amount or time that is not well formed, or a character
    outside GB2312."""
    below = LONG_PIECE_BELOW if width > LONG_PIECE and not IDENTIFIER.search(text) else SECOND_LOOK_BELOW
    return (score < below or weakest < weakest_below or bool(MALFORMED_AMOUNT.search(text))
            or bool(MALFORMED_TIME.search(text)) or outside_gb2312(text))


def quiet_onnxruntime() -> None:
    """The tiny model lists its weights among the graph inputs: onnxruntime would warn about each one at load."""
    import onnxruntime

    onnxruntime.set_default_logger_severity(3)
