"""The issuing office as it appears on paper, built from the station settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_REGION_PREFIX = re.compile(r"^(kota|kabupaten|kab\.)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class OfficeInfo:
    province: str  # "SULAWESI SELATAN"
    regency: str  # "KOTA PALOPO": the letterhead says "PEMERINTAH KOTA PALOPO"
    name: str  # "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo"
    address: str
    city: str  # place of issue printed beside the date: "Palopo"
    head_name: str
    head_nip: str
    code: str = ""  # kode wilayah of the office, e.g. "7373" (goes into the seal)
    phone: str = ""
    verify_url: str = ""  # the Cek Suket page's address, named under the QR


def format_nip(nip: str) -> str:
    """An 18-digit NIP in its usual groups: ``19680101 199003 1 005``; anything else as typed."""
    digits = nip.replace(" ", "")
    if re.fullmatch(r"\d{18}", digits):
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip.strip()


def place_of_issue(city: str) -> str:
    """``Kota Palopo`` -> ``Palopo``: letters are dated with the bare city name."""
    return _REGION_PREFIX.sub("", " ".join(city.split()))


def office_from_settings(settings: Any) -> OfficeInfo:
    """OfficeInfo from ``loket.config.Settings`` (office name, address, province, city, head)."""
    return OfficeInfo(
        province=settings.province,
        regency=settings.city,
        name=settings.office_name,
        address=settings.office_address,
        city=place_of_issue(settings.city),
        head_name=settings.head_name,
        head_nip=format_nip(settings.head_nip),
        code=settings.office_code,
        phone=getattr(settings, "office_phone", ""),
        verify_url=getattr(settings, "verify_url", ""),
    )
