"""Image files: size checks before anything decodes them (decompression bombs)."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import CaseLensError

MAX_PIXELS = 150_000_000  # ~A3 at 600 dpi is 70 MP; anything far beyond is hostile or broken
MAX_FRAMES = 5_000


def check_image_size(path: Path) -> None:
    """Read only the image header(s); refuse frames above MAX_PIXELS or absurd frame counts."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # we apply our own limit below, on the header alone
    try:
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
            if frames > MAX_FRAMES:
                raise CaseLensError("E007", f"{frames} frames", path=str(path))
            for i in range(frames):
                if i:
                    img.seek(i)
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise CaseLensError("E007", f"frame {i + 1} is {w} x {h} pixels", path=str(path),
                                        page=i + 1)
    except CaseLensError:
        raise
    except Exception as exc:
        raise CaseLensError("E003", f"image cannot be decoded: {exc}", path=str(path)) from exc
