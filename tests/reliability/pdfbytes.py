"""Raw PDF bytes for hostile-input tests: files PyMuPDF will not write (no pages, broken xref, image bombs)."""

from __future__ import annotations

import zlib


def build_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF from object bodies (object i+1 = objects[i]) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def zero_page_pdf() -> bytes:
    """A valid PDF whose page tree is empty (/Count 0)."""
    return build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def image_bomb_pdf(width: int = 30_000, height: int = 30_000) -> bytes:
    """One page showing an image XObject that declares width x height grey pixels with a tiny Flate stream."""
    data = zlib.compress(b"\x00" * 65536, 9)
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(data)) + data + b"\nendstream",
    ])


def break_xref(pdf: bytes) -> bytes:
    """The same file with every xref offset pointing at the wrong place (MuPDF may repair it)."""
    head, sep, tail = pdf.rpartition(b"\nxref\n")
    if not sep:
        raise ValueError("no classic xref table")
    lines = tail.split(b"\n")
    for i, line in enumerate(lines):
        if len(line) >= 18 and line[10:11] == b" " and line.rstrip().endswith(b"n"):
            lines[i] = b"%010d" % (int(line[:10]) + 7) + line[10:]
    return head + sep + b"\n".join(lines)
