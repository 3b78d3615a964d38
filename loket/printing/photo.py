"""The resident's photo: checked, kept beside the station's data, hashed for the seal.

The station keeps its own copy of the photo file, named by its SHA-256, in
``photos/`` under the data directory: the file the clerk pointed at may be
overwritten by the next webcam shot. The seal's optional ``ph`` claim is the
SHA-256 of that copy's bytes, base64url without padding, so a Suket whose photo
was swapped no longer matches its seal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from pathlib import Path

from loket.printing.keys import b64url

PHOTO_DIR = "photos"
# The printed photo: 3 x 4 cm, the size of a pas foto.
PRINT_WIDTH_MM = 30.0
PRINT_HEIGHT_MM = 40.0


def photo_hash(data: bytes) -> str:
    """The seal's ``ph`` claim for a photo file's bytes."""
    return b64url(hashlib.sha256(data).digest())


def photo_matches(payload: dict, data: bytes) -> bool | None:
    """Whether ``data`` is the photo a seal payload covers; None when the seal has no photo claim."""
    claimed = payload.get("ph")
    if not isinstance(claimed, str):
        return None
    return claimed == photo_hash(data)


def keep_copy(data_root: Path, source: str | os.PathLike) -> tuple[Path, str]:
    """Copy ``source`` into the station's photo folder; returns (stored path, ``ph`` hash).

    The copy is written to a temporary name and renamed, so a crash never leaves a
    half photo under the name of a whole one.
    """
    data = Path(source).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
    folder = Path(data_root) / PHOTO_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{digest}{suffix}"
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return target, photo_hash(data)


def with_kept_copy(data_root: Path, record):
    """``record`` (an IntakeRecord) with its photo pointing at the station's own copy, made now if needed."""
    if not record.photo_path or Path(record.photo_path).parent == Path(data_root) / PHOTO_DIR:
        return record
    stored, _digest = keep_copy(data_root, record.photo_path)
    return dataclasses.replace(record, photo_path=str(stored))


def printable(path: str | os.PathLike):
    """The photo cropped to 3:4 around its centre, as an RGB image for the PDF."""
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        return ImageOps.fit(image, (360, 480), Image.Resampling.LANCZOS)
