"""The seal as a QR module matrix: error correction M, byte mode, one fixed mask.

qrcode tries all eight masks and scores each unless told one, which costs most of
the time of a slip; any mask is valid to every reader, so one is fixed. Mask 2 had
the lowest average penalty score over sample seals of real length. The version is
chosen here from the capacity table (one lookup instead of qrcode's trial fills).
"""

from __future__ import annotations

from loket.i18n import t

MAX_VERSION = 20
FIXED_MASK = 2


class QRTooLargeError(ValueError):
    """The text does not fit a QR code of the allowed version."""

    def __init__(self, length: int, max_version: int):
        self.length = length
        self.max_version = max_version
        super().__init__(t("printing.qr.too_large", length=length, max_version=max_version))


def smallest_version(byte_count: int, max_version: int = MAX_VERSION) -> int:
    """The smallest QR version at level M whose byte-mode capacity holds ``byte_count`` bytes."""
    from qrcode import constants, util

    limits = util.BIT_LIMIT_TABLE[constants.ERROR_CORRECT_M]
    for version in range(1, max_version + 1):
        # Mode indicator (4 bits) + character count (8 bits up to version 9, 16 after) + data.
        needed = 4 + (8 if version < 10 else 16) + 8 * byte_count
        if needed <= limits[version]:
            return version
    raise QRTooLargeError(byte_count, max_version)


def qr_version(text: str) -> int:
    return smallest_version(len(text.encode("utf-8")))


def qr_matrix(text: str, max_version: int = MAX_VERSION) -> list[list[bool]]:
    """Rows of modules (True = dark), without the quiet zone; the slip draws them."""
    import qrcode
    from qrcode import util

    data = text.encode("utf-8")
    code = qrcode.QRCode(
        version=smallest_version(len(data), max_version),
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=0,
        mask_pattern=FIXED_MASK,
    )
    code.add_data(util.QRData(data, mode=util.MODE_8BIT_BYTE))
    code.make(fit=False)
    return code.modules  # fresh lists of True/False, owned by this call
