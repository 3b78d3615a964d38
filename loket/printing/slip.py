"""The Suket slip (sealed, with QR) and the plain receipt, as PDF bytes.

Layout per the Suket QR contract: letterhead, title, number, the resident's data,
the statement and validity, place and date, the Kepala Dinas signature block, and
the QR (at least 45 mm wide) with a line on how to check it. The Suket is a legal
document and is always in Bahasa Indonesia; the receipt can be previewed in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from loket.i18n import t
from loket.i18n.labels import FIELD_LABELS, REQUEST_TYPE_LABELS, SEX_LABELS, label
from loket.intake.record import IntakeRecord
from loket.printing.office import OfficeInfo, office_from_settings
from loket.printing.pdfpage import (
    BOTTOM_MARGIN,
    TOP_MARGIN,
    Page,
    data_rows,
    letterhead,
    qr_image,
    title_block,
)
from loket.printing.photo import PRINT_HEIGHT_MM, PRINT_WIDTH_MM, printable
from loket.printing.qr import qr_matrix
from loket.printing.seal import header_kid, peek_payload
from loket.printing.text import long_date, printed_name

SUKET_LANGUAGE = "id"
# The symbol itself (without quiet zone): 50 mm keeps modules >= 0.5 mm up to version 20.
QR_WIDTH_MM = 50.0
QUIET_ZONE_MODULES = 4
SIGNATURE_WIDTH_MM = 82.0
CAPTION_WIDTH_MM = 84.0
# Between the data rows and the photo beside them.
PHOTO_GAP_MM = 4.0
# QR with caption on the left, signature block on the right.
BOTTOM_BLOCK_MM = 70.0


@dataclass(frozen=True)
class _Density:
    size: float  # font size of the body, pt
    row: float  # leading of the data rows, mm
    text: float  # leading of the paragraphs, mm


_NORMAL = _Density(10, 5.5, 5.0)
_COMPACT = _Density(9, 4.4, 4.2)


@dataclass(frozen=True)
class SlipData:
    """Everything printed on one Suket. ``jws`` is the seal made by ``seal.make_seal``."""

    office: OfficeInfo
    number: str
    resident: IntakeRecord
    issued: dt.date
    valid_until: dt.date
    jws: str


@dataclass(frozen=True)
class ReceiptData:
    """The tanda terima given when biometrics are not recorded yet (no seal)."""

    office: OfficeInfo
    queue_number: str
    name: str
    nik: str
    request_type: str  # one of intake.record.REQUEST_TYPES
    received: dt.date
    number: str = ""  # the receipt's own document number, if the station numbers receipts


def _label(field: str) -> str:
    return label(FIELD_LABELS, field, SUKET_LANGUAGE)


def _resident_rows(person: IntakeRecord) -> list[tuple[str, str, bool]]:
    lang = SUKET_LANGUAGE
    address = person.address
    birth = ", ".join(
        part for part in (person.birth_place.upper(), long_date(person.birth_date, lang) if person.birth_date else "")
        if part
    )
    rt_rw = "/".join(part for part in (address.rt, address.rw) if part)
    sex = label(SEX_LABELS, person.sex, lang).upper() if person.sex in ("L", "P") else person.sex
    return [
        (_label("nik"), person.nik, True),
        (_label("name"), printed_name(person.name), True),
        (t("printing.slip.birth", language=lang), birth, False),
        (_label("sex"), sex, False),
        (_label("street"), address.street, False),
        (t("printing.slip.rt_rw", language=lang), rt_rw, False),
        (_label("village"), address.village, False),
        (_label("district"), address.district, False),
        (_label("regency"), address.regency, False),
        (_label("province"), address.province, False),
        (_label("religion"), person.religion, False),
        (_label("marital_status"), person.marital_status, False),
        (_label("occupation"), person.occupation, False),
        (_label("nationality"), person.nationality, False),
    ]


def _request_type(code: str, language: str) -> str:
    return label(REQUEST_TYPE_LABELS, code, language)


def _check_copy_number(copy_number: object) -> None:
    if not isinstance(copy_number, int) or isinstance(copy_number, bool) or copy_number < 0:
        raise ValueError(t("printing.copy.negative", copy_number=copy_number))


def _copy_label(page: Page, title_top: float, copy_number: int, language: str = SUKET_LANGUAGE) -> None:
    """A boxed "SALINAN KE-n" beside the title, so a reprint is never taken for the original."""
    pdf = page.pdf
    width, height = 46.0, 9.0
    x = page.left + page.width - width
    pdf.set_draw_color(160, 0, 0)
    pdf.set_text_color(160, 0, 0)
    pdf.set_line_width(0.6)
    pdf.rect(x, title_top - 1, width, height)
    saved_y = page.y
    page.y = title_top - 1
    page.font(13, "B")
    page.line(t("printing.slip.copy", language=language, n=copy_number), height, "C", x=x, width=width)
    page.y = saved_y
    pdf.set_draw_color(0, 0, 0)
    pdf.set_text_color(0, 0, 0)


def verify_caption(office: OfficeInfo) -> str:
    """How a receiver checks the seal: the Cek Suket page when settings name it, else the office itself."""
    lang = SUKET_LANGUAGE
    if office.verify_url.strip():
        return t("printing.slip.verify_page", language=lang, url=office.verify_url.strip())
    phone = t("printing.slip.verify_phone", language=lang, phone=office.phone.strip()) if office.phone.strip() else ""
    contact = ", ".join(part for part in (office.address.strip().rstrip("."), phone) if part)
    if not contact:
        return t("printing.slip.verify_office", language=lang, office=office.name)
    return t("printing.slip.verify_contact", language=lang, office=office.name, contact=contact)


def _qr_block(page: Page, x: float, y: float, jws: str, office: OfficeInfo) -> None:
    matrix = qr_matrix(jws)
    module = QR_WIDTH_MM / len(matrix)
    total = module * (len(matrix) + 2 * QUIET_ZONE_MODULES)
    page.image(qr_image(matrix, QUIET_ZONE_MODULES), x, y, total)
    # The caption starts where the dark modules start, and may run wider than the QR.
    lines = [verify_caption(office)]
    kid = header_kid(jws)
    if kid:
        lines.append(t("printing.slip.key_id", language=SUKET_LANGUAGE, kid=kid))
    page.y = y + total
    page.font(7)
    page.block("\n".join(lines), 3.2, x=x + module * QUIET_ZONE_MODULES, width=CAPTION_WIDTH_MM)


def _photo_block(page: Page, x: float, y: float, photo_path: str) -> None:
    """The resident's photo, 3 x 4 cm, beside the data; or a frame saying there is none."""
    pdf = page.pdf
    pdf.set_line_width(0.3)
    pdf.rect(x, y, PRINT_WIDTH_MM, PRINT_HEIGHT_MM)
    if photo_path:
        try:
            image = printable(photo_path)
        except OSError:
            raise ValueError(t("counter.slip.photo_unreadable", language=SUKET_LANGUAGE, path=photo_path)) from None
        pdf.image(image, x=x, y=y, w=PRINT_WIDTH_MM, h=PRINT_HEIGHT_MM)
        return
    page.font(8, "B")
    page.y = y + PRINT_HEIGHT_MM / 2 - 4
    page.line(t("counter.slip.no_photo", language=SUKET_LANGUAGE), 4, "C", x=x, width=PRINT_WIDTH_MM)
    page.font(7)
    page.line(t("counter.slip.no_photo_note", language=SUKET_LANGUAGE), 4, "C", x=x, width=PRINT_WIDTH_MM)


def _signature_block(page: Page, x: float, y: float, data: SlipData) -> None:
    lang = SUKET_LANGUAGE
    office = data.office
    width = SIGNATURE_WIDTH_MM
    page.y = y
    page.font(10)
    place_date = t("printing.slip.place_date", language=lang, place=office.city, date=long_date(data.issued, lang))
    page.block(place_date, 5, "C", x=x, width=width)
    page.block(t("printing.slip.head", language=lang, office=office.name), 5, "C", x=x, width=width)
    page.y += 22
    page.font(10, "B")
    page.line(office.head_name, 5, "C", x=x, width=width, underline=True)
    page.font(10)
    page.line(t("printing.slip.nip", language=lang, nip=office.head_nip), 5, "C", x=x, width=width)


def render_suket(data: SlipData, paper: str, copy_number: int = 0) -> bytes:
    """The Suket as PDF bytes, on one page. ``copy_number`` >= 1 marks a reprint (same seal)."""
    _check_copy_number(copy_number)
    # Only data near every length limit needs the tighter setting; it costs a second layout.
    return _layout_suket(data, paper, copy_number, _NORMAL) or _layout_suket(data, paper, copy_number, _COMPACT)


def _layout_suket(data: SlipData, paper: str, copy_number: int, density: _Density) -> bytes | None:
    """The Suket laid out at ``density``; None if it would not fit one page and a tighter one is left."""
    lang = SUKET_LANGUAGE
    page = Page(paper, f"{t('printing.slip.title', language=lang)} {data.number}")
    letterhead(page, data.office, lang)
    title_top = title_block(
        page,
        t("printing.slip.title", language=lang),
        t("printing.slip.subtitle", language=lang),
        t("printing.slip.number", language=lang, number=data.number),
    )
    if copy_number:
        _copy_label(page, title_top, copy_number)
    page.font(density.size)
    page.block(t("printing.slip.opening", language=lang, office=data.office.name), density.text, "J")
    page.y += 2
    rows_top = page.y
    data_rows(page, _resident_rows(data.resident), density.size, density.row,
              keep_right=PHOTO_GAP_MM + PRINT_WIDTH_MM, keep_until=rows_top + PRINT_HEIGHT_MM)
    rows_end = page.y
    _photo_block(page, page.left + page.width - PRINT_WIDTH_MM, rows_top, data.resident.photo_path)
    page.y = max(rows_end, rows_top + PRINT_HEIGHT_MM + 2)
    page.font(density.size)
    page.block(t("printing.slip.statement", language=lang, date=long_date(data.valid_until, lang)),
               density.text, "J")
    page.y += 1.5
    page.block(t("printing.slip.closing", language=lang), density.text, "J")

    top = page.y + 6
    if top + BOTTOM_BLOCK_MM > page.height - BOTTOM_MARGIN:
        if density is not _COMPACT:
            return None
        page.pdf.add_page()  # still too long: the seal and signature go on a second page
        top = TOP_MARGIN
    _qr_block(page, page.left, top, data.jws, data.office)
    _signature_block(page, page.left + page.width - SIGNATURE_WIDTH_MM, top, data)
    return page.output()


def render_receipt(data: ReceiptData, paper: str, language: str = "id", copy_number: int = 0) -> bytes:
    """The plain tanda terima as PDF bytes: no seal, says the Suket comes after biometrics."""
    _check_copy_number(copy_number)
    lang = language
    page = Page(paper, f"{t('printing.receipt.title', language=lang)} {data.number or data.queue_number}")
    letterhead(page, data.office, lang)
    title_top = title_block(
        page,
        t("printing.receipt.title", language=lang),
        t("printing.receipt.subtitle", language=lang),
        t("printing.slip.number", language=lang, number=data.number) if data.number else "",
    )
    if copy_number:
        _copy_label(page, title_top, copy_number, lang)
    data_rows(page, [
        (t("printing.receipt.queue_number", language=lang), data.queue_number, True),
        (t("field.name", language=lang), printed_name(data.name), True),
        (t("field.nik", language=lang), data.nik, False),
        (t("field.request_type", language=lang), _request_type(data.request_type, lang), False),
        (t("printing.receipt.date", language=lang), long_date(data.received, lang), False),
        (t("printing.receipt.office", language=lang), data.office.name, False),
    ])
    page.y += 2
    page.font(10)
    page.block(t("printing.receipt.statement", language=lang), 5, "J")
    page.y += 2
    page.font(10, "B")
    page.block(t("printing.receipt.not_a_suket", language=lang), 5)
    return page.output()


# Slip files are named in Bahasa Indonesia, like the slips themselves.
_FILE_KINDS = {"suket": "suket", "receipt": "tanda-terima"}


def file_kind(kind: str, copy_number: int = 0) -> str:
    """The start of a slip's file name: ``suket``, ``tanda-terima``, ``…-salinan`` for a copy."""
    name = _FILE_KINDS.get(kind, kind)
    return f"{name}-salinan" if copy_number else name


def render_for(saved: Any, settings: Any, copy_number: int = 0, received: dt.date | None = None) -> bytes:
    """The slip for a request the station saved (``loket.station.Saved``), on the paper from settings.

    A Suket takes its dates from its own seal, so paper and QR agree by construction;
    a receipt is dated ``received`` (default: today). Both go to the resident in
    Bahasa Indonesia, whatever language the clerk's screen uses.
    """
    office = office_from_settings(settings)
    record = saved.record
    if saved.kind == "suket":
        claims = peek_payload(saved.jws or "") or {}
        try:
            issued = dt.date.fromisoformat(claims["iat"])
            until = dt.date.fromisoformat(claims["exp"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(t("printing.seal.malformed")) from None
        data = SlipData(office, saved.number, record, issued, until, saved.jws)
        return render_suket(data, settings.paper, copy_number)
    receipt = ReceiptData(office, str(saved.queue_no), record.name, record.nik, record.request_type,
                          received or dt.date.today(), number=saved.number)
    return render_receipt(receipt, settings.paper, "id", copy_number)
