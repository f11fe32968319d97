"""Tesseract as an optional OCR engine (`tesseract -l chi_sim`, one thread): used where installed, never required."""

from __future__ import annotations

import os
import shutil
import subprocess

from app.core.errors import CaseLensError
from app.ingest.ocr.types import OcrLine, OcrResult, normalise_ocr_text

LANG = "chi_sim"  # plain chi_sim reads digits and Latin fine; chi_sim+eng garbles whole lines (MEASURED.md)


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def _version(exe: str) -> str:
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30).stdout
    first = (out.splitlines() or ["tesseract"])[0].split()
    return first[-1] if first else "unknown"


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _join(words: list[str]) -> str:
    """Tesseract splits Chinese into one 'word' per character: join CJK neighbours without a space."""
    out = ""
    for w in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(w[0])):
            out += " "
        out += w
    return out


class TesseractEngine:
    """Runs the tesseract executable on a page image; same read(image) -> OcrResult as RapidOcrEngine."""

    def __init__(self) -> None:
        exe = tesseract_path()
        if exe is None:
            raise CaseLensError("E009", "tesseract is not installed; use --engine rapidocr")
        self.exe = exe
        self.name = f"tesseract-{_version(exe)}/{LANG}"

    def read(self, img) -> OcrResult:
        import cv2

        height, width = img.shape[:2]
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
        ok, buf = cv2.imencode(".pgm", gray)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        proc = subprocess.run([self.exe, "stdin", "stdout", "-l", LANG, "--psm", "3", "tsv"], input=buf.tobytes(),
                              capture_output=True, env=env, timeout=600)
        if proc.returncode != 0 or not ok:
            raise CaseLensError("E009", proc.stderr.decode("utf-8", "replace")[-200:])
        groups: dict[tuple, list[tuple[int, int, int, int, str, float]]] = {}
        for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
                continue
            left, top, w, h = (int(c) for c in cols[6:10])
            groups.setdefault((cols[2], cols[3], cols[4]), []).append(
                (left, top, left + w, top + h, cols[11].strip(), float(cols[10])))
        lines = []
        for words in groups.values():
            x0, y0 = min(w[0] for w in words), min(w[1] for w in words)
            x1, y1 = max(w[2] for w in words), max(w[3] for w in words)
            text = normalise_ocr_text(_join([w[4] for w in words]))
            conf = sum(max(0.0, w[5]) for w in words) / len(words) / 100
            if text:
                lines.append(OcrLine(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text, round(conf, 4)))
        return OcrResult(width, height, 0, lines, self.name)
