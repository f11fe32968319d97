"""What the OCR engines return: text lines with their quadrilaterals, per page image, and how to summarise them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OcrLine:
    """One recognised text line: its quadrilateral in image pixels (clockwise from top-left)."""

    quad: tuple[tuple[float, float], ...]
    text: str
    confidence: float


@dataclass(frozen=True)
class OcrResult:
    """All lines of a page image, in the image's own pixel frame, and how the page had to be turned."""

    width: int
    height: int
    rotation: int  # how the text lies on the scan, clockwise degrees (0, 90, 180, 270); 90: turn it back left
    lines: list[OcrLine] = field(default_factory=list)
    engine: str = ""

    def to_json(self) -> dict:
        return {"width": self.width, "height": self.height, "rotation": self.rotation, "engine": self.engine,
                "lines": [[[list(p) for p in ln.quad], ln.text, ln.confidence] for ln in self.lines]}

    @staticmethod
    def from_json(data: dict) -> OcrResult:
        lines = [OcrLine(tuple(tuple(p) for p in q), t, float(c)) for q, t, c in data["lines"]]
        return OcrResult(data["width"], data["height"], data["rotation"], lines, data.get("engine", ""))


def normalise_ocr_text(text: str) -> str:
    """NFKC (RapidOCR returns full-width digits and letters such as '6２２２') and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def mean_confidence(lines: list[OcrLine]) -> float:
    chars = sum(len(ln.text) for ln in lines)
    return sum(ln.confidence * len(ln.text) for ln in lines) / chars if chars else 0.0


def page_confidence(lines: list[OcrLine]) -> float | None:
    """Mean line confidence weighted by characters; None for a page without text."""
    return round(mean_confidence(lines), 4) if lines else None
