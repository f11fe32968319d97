"""Reading pages from PDFs and images with PyMuPDF: text layer and word boxes, or pending OCR."""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.core.errors import CaseLensError
from app.core.models import PageText
from app.core.textnorm import index_tokens
from app.core.words import encode_words, layout_text

MIN_LAYER_CHARS = 8  # fewer meaningful characters than this on a page with an image: treat as a scan
_MEANINGFUL = re.compile(r"[\w\u3400-\u9fff]")


def quiet_mupdf() -> None:
    """MuPDF's errors and warnings are collected (mupdf_warnings) for the file and page they concern instead of
    being printed raw to the terminal; called before each open, not at import."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


def take_warnings() -> str | None:
    """What MuPDF complained about since the last call (one message a line), or None."""
    import pymupdf

    text = pymupdf.TOOLS.mupdf_warnings(reset=True).strip()
    return text or None


def open_document(path: Path, password: str | None = None):
    """Open a PDF or image read-only with PyMuPDF, raising coded errors for what users meet. What MuPDF said
    while opening it is kept as `doc.caselens_warnings`."""
    import pymupdf

    quiet_mupdf()
    take_warnings()
    fd = None
    try:
        name = str(path)
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # a name with bytes that are not UTF-8: MuPDF cannot take it, the fd it can
            fd = os.open(path, os.O_RDONLY)
            name = f"/proc/self/fd/{fd}"
        doc = pymupdf.open(name)
    except Exception as exc:  # pymupdf raises several types for damaged files
        raise CaseLensError("E003", str(exc).strip() or type(exc).__name__, path=str(path)) from exc
    finally:
        if fd is not None:
            os.close(fd)  # MuPDF opened the file itself
    doc.caselens_warnings = take_warnings()
    if doc.needs_pass:
        if not password or not doc.authenticate(password):
            doc.close()
            raise CaseLensError("E004", "password required" if not password else "wrong password", path=str(path))
    if doc.page_count == 0:
        doc.close()
        raise CaseLensError("E005", path=str(path))
    return doc


_GOOD = re.compile(r"[\u3400-\u9fffA-Za-z0-9\u3000-\u303f\uff01-\uff5e.,:;!?%()\[\]\-/+'\"@#&*_=<>¥$]")
_BAD = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00c0-\u00ff\u2500-\u25ff]")
_LATIN_TOKEN = re.compile(r"[A-Za-z]{2,}")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
MIN_GOOD_RATIO = 0.6  # below this share of CJK/letters/digits/usual punctuation the layer is noise
MAX_BAD_RATIO = 0.08  # replacement chars, private use, controls, Latin-1 mojibake (Õâ¸ö), box drawing
MIN_WORDLIKE = 0.5  # share of Latin tokens with a vowel, for pages written mostly in Latin letters


def layer_is_garbage(text: str) -> bool:
    """A text layer that is not worth keeping: mojibake, random symbols, or Latin 'words' without vowels.

    Cheap (a few regex passes), so it runs on every page; it catches bad earlier OCR layers and
    broken font encodings. A wrong-but-plausible layer cannot be told apart without OCR.
    """
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_LAYER_CHARS:
        return False
    body = "".join(chars)
    if len(_BAD.findall(body)) > MAX_BAD_RATIO * len(chars):
        return True
    if len(_GOOD.findall(body)) < MIN_GOOD_RATIO * len(chars):
        return True
    tokens = _LATIN_TOKEN.findall(text)
    latin = sum(len(t) for t in tokens)
    if latin > 0.5 * len(chars) and len(tokens) >= 5:
        wordlike = sum(1 for t in tokens if _VOWEL.search(t) and len(t) <= 20)
        return wordlike < MIN_WORDLIKE * len(tokens)
    return False


def needs_ocr(text: str, has_images: bool) -> bool:
    """OCR a page carrying an image when its text layer is (nearly) empty or garbage."""
    if not has_images:
        return False
    return len(_MEANINGFUL.findall(text)) < MIN_LAYER_CHARS or layer_is_garbage(text)


def read_page(doc, index: int, *, is_image_doc: bool) -> PageText:
    """Text layer and words of one page; image-only pages come back pending OCR."""
    page = doc[index]
    rect = page.rect
    if is_image_doc:
        return PageText(index + 1, rect.width, rect.height, "", [], "none", status="pending_ocr")
    take_warnings()
    raw = page.get_text("words")
    words = [(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]) for w in raw]
    text, _ = layout_text(words)
    status = "pending_ocr" if needs_ocr(text, bool(page.get_images(full=False))) else "done"
    # The words travel once, as the JSON the store keeps (this often runs in a worker process).
    return PageText(index + 1, rect.width, rect.height, text, [], "layer" if words else "none", status=status,
                    rotation=page.rotation, words_json=encode_words(words) if words else None,
                    index_body=index_tokens(text), warnings=take_warnings())


def read_pages(path: str, password: str | None, numbers: list[int]) -> list[PageText]:
    """Read the given 1-based page numbers; a page that fails becomes a failed page, not an exception.

    Runs in worker processes, so it takes plain arguments and reopens the file.
    """
    return next(iter_pages(path, password, numbers, chunk=max(1, len(numbers))), [])


def iter_pages(path: str, password: str | None, numbers: list[int], chunk: int):
    """Pages in chunks from one opened document (the single-process path opens the file once)."""
    doc = open_document(Path(path), password)
    is_image_doc = not doc.is_pdf
    try:
        for i in range(0, len(numbers), chunk):
            out = []
            for number in numbers[i:i + chunk]:
                try:
                    out.append(read_page(doc, number - 1, is_image_doc=is_image_doc))
                except Exception as exc:  # one bad page must not stop the document
                    out.append(PageText(number, 0, 0, "", [], "none", status="failed",
                                        error=f"E006 {type(exc).__name__}: {exc}"))
            yield out
    finally:
        doc.close()
