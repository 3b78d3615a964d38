"""Is this file a photo of a person, as a counter PC or webcam folder would hold it?

A real JPEG or PNG (the whole file decodes, not just its first bytes), not huge,
not a thumbnail. Pillow comes with the PDF library; it is imported only here.
"""

from __future__ import annotations

import os

# A passport photo from a webcam or scanner is well inside these; anything else is a wrong file.
MAX_BYTES = 10 * 1024 * 1024
MIN_SIDE = 100
MAX_SIDE = 10000


class PhotoError(ValueError):
    """Why a file cannot be the resident's photo; ``code`` is an intake problem code."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def check_image(path: str | os.PathLike) -> tuple[int, int]:
    """(width, height) of a real JPEG or PNG of sane size; raises PhotoError otherwise."""
    from PIL import Image, UnidentifiedImageError

    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise PhotoError("photo_too_big", size_mb=round(size / 1024 / 1024, 1), limit_mb=MAX_BYTES // 1024 // 1024)
    try:
        with Image.open(path) as image:
            kind = image.format
            width, height = image.size
            image.verify()  # reads the whole file: a truncated or corrupt image fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoError("photo_not_image") from None
    if kind not in ("JPEG", "PNG"):
        raise PhotoError("photo_not_image")
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise PhotoError("photo_bad_size", width=width, height=height, least=MIN_SIDE, most=MAX_SIDE)
    return width, height
