"""Page furniture shared by the Suket and the receipt: paper, text layout, letterhead, QR image.

Text is placed with fpdf2's plain ``text()`` at positions computed here, not with
``cell``/``multi_cell``: those cost 50 microseconds to 6 milliseconds a call, which
for a page of some seventy lines would blow the time budget of a slip printed while
the resident waits. Wrapping and justification are done here, word by word.
"""

from __future__ import annotations

from typing import Any, Sequence

from loket.i18n import t
from loket.printing.office import OfficeInfo
from loket.printing.text import printable

# Width x height in millimetres. F4 (folio) is the paper of Indonesian government offices.
PAPER_SIZES = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
SIDE_MARGIN = 20.0
TOP_MARGIN = 15.0
BOTTOM_MARGIN = 12.0
FONT = "Helvetica"
PT_TO_MM = 25.4 / 72
_WIDTHS: dict[tuple[str, str], float] = {}
_WIDTH_CACHE_LIMIT = 20_000


class Page:
    """One PDF page with a cursor ``y`` (top of the next line) and text helpers."""

    def __init__(self, paper: str, title: str):
        from fpdf import FPDF

        size = PAPER_SIZES.get(str(paper).upper())
        if size is None:
            raise ValueError(t("printing.paper.unknown", paper=paper))
        self.pdf = FPDF(unit="mm", format=size)
        self.pdf.set_margins(SIDE_MARGIN, TOP_MARGIN, SIDE_MARGIN)
        # Layout decides page breaks itself.
        self.pdf.set_auto_page_break(False)
        self.pdf.set_title(printable(title))
        self.pdf.set_creator("Loket")
        self.pdf.add_page()
        self.left = SIDE_MARGIN
        self.width = self.pdf.epw
        self.height = self.pdf.h
        self.y = TOP_MARGIN
        self.size = 10.0
        self.style = ""

    def font(self, size: float, style: str = "") -> None:
        self.size, self.style = size, style
        self.pdf.set_font(FONT, style, size)

    def text_width(self, text: str) -> float:
        """Width in mm at the current font. fpdf2 takes ~13 us a call; the same words
        (labels, the fixed sentences) come back on every slip, so widths are remembered
        per style at 1 pt and scaled (core-font widths scale linearly with size)."""
        key = (self.style, text)
        per_point = _WIDTHS.get(key)
        if per_point is None:
            if len(_WIDTHS) > _WIDTH_CACHE_LIMIT:
                _WIDTHS.clear()
            per_point = _WIDTHS[key] = self.pdf.get_string_width(text) / self.size
        return per_point * self.size

    def wrap(self, text: str, width: float) -> list[list[str]]:
        """Greedy word wrap at the current font: the lines of each paragraph (split at newlines)."""
        paragraphs: list[list[str]] = []
        space = self.text_width(" ")
        for paragraph in printable(text).split("\n"):
            lines: list[str] = []
            current: list[str] = []
            used = 0.0
            for word in paragraph.split():
                word_width = self.text_width(word)
                while word_width > width and len(word) > 1:
                    # A single word wider than the column (a long code): cut it.
                    cut = max(1, int(len(word) * width / word_width))
                    if current:
                        lines.append(" ".join(current))
                        current, used = [], 0.0
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_width = self.text_width(word)
                if current and used + space + word_width > width:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                used = used + space + word_width if current else word_width
                current.append(word)
            lines.append(" ".join(current))
            paragraphs.append(lines)
        return paragraphs

    def _baseline(self, top: float, leading: float) -> float:
        return top + 0.5 * leading + 0.3 * self.size * PT_TO_MM

    def line(self, text: str, leading: float, align: str = "L", x: float | None = None,
             width: float | None = None, underline: bool = False) -> None:
        """One line of text at the cursor, then the cursor moves down by ``leading``."""
        x = self.left if x is None else x
        width = self.width if width is None else width
        text = printable(text)
        text_width = self.text_width(text)
        if align == "C":
            x += (width - text_width) / 2
        elif align == "R":
            x += width - text_width
        baseline = self._baseline(self.y, leading)
        self.pdf.text(x, baseline, text)
        if underline and text:
            size_mm = self.size * PT_TO_MM
            self.pdf.set_line_width(0.06 * size_mm)
            self.pdf.line(x, baseline + 0.12 * size_mm, x + text_width, baseline + 0.12 * size_mm)
        self.y += leading

    def block(self, text: str, leading: float, align: str = "L", x: float | None = None,
              width: float | None = None) -> int:
        """Wrapped text; ``align="J"`` justifies every line but a paragraph's last. Returns the line count."""
        x = self.left if x is None else x
        width = self.width if width is None else width
        count = 0
        for lines in self.wrap(text, width):
            for index, text_line in enumerate(lines):
                words = text_line.split()
                if align == "J" and index < len(lines) - 1 and len(words) > 1:
                    self._justified(words, x, width, leading)
                else:
                    self.line(text_line, leading, "L" if align == "J" else align, x, width)
            count += len(lines)
        return count

    def _justified(self, words: Sequence[str], x: float, width: float, leading: float) -> None:
        widths = [self.text_width(word) for word in words]
        gap = (width - sum(widths)) / (len(words) - 1)
        baseline = self._baseline(self.y, leading)
        for word, word_width in zip(words, widths):
            self.pdf.text(x, baseline, word)
            x += word_width + gap
        self.y += leading

    def rule(self, width: float, gap: float = 0.0) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(self.left, self.y + gap, self.left + self.width, self.y + gap)

    def image(self, image: Any, x: float, y: float, size: float) -> None:
        self.pdf.image(image, x=x, y=y, w=size, h=size)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def office_heading(office: OfficeInfo) -> str:
    """The office name for the letterhead, without the city the line above already names."""
    name = " ".join(office.name.split()).upper()
    regency = " ".join(office.regency.split()).upper()
    if regency and name.endswith(" " + regency):
        name = name[: -len(regency) - 1]
    return name


def letterhead(page: Page, office: OfficeInfo, language: str) -> None:
    """Kop surat: province, government, office, address, and the double rule under it."""
    page.font(10)
    page.line(t("printing.slip.province", language=language, province=office.province.upper()), 5, "C")
    page.font(14, "B")
    page.line(t("printing.slip.government", language=language, regency=office.regency.upper()), 7, "C")
    page.font(13, "B")
    page.block(office_heading(office), 6, "C")
    page.font(9)
    page.block(office.address, 4.5, "C")
    page.y += 2
    page.rule(0.8)
    page.rule(0.2, gap=1.2)
    page.y += 6


def title_block(page: Page, title: str, subtitle: str, number_line: str) -> float:
    """Centered title (underlined), subtitle and number line (if any); returns the title's top y."""
    top = page.y
    page.font(14, "B")
    page.line(title, 7, "C", underline=True)
    page.font(11)
    page.line(subtitle, 5.5, "C")
    if number_line:
        page.line(number_line, 5.5, "C")
    page.y += 4
    return top


def data_rows(page: Page, rows: Sequence[tuple[str, str, bool]], size: float = 10, leading: float = 5.5,
              label_width: float = 48.0, keep_right: float = 0.0, keep_until: float = 0.0) -> None:
    """``label : value`` rows; long values wrap inside their column. ``bool`` = value in bold.

    ``keep_right``: millimetres left free at the right by rows that start above
    ``keep_until`` (the photo beside the first rows).
    """
    label_x = page.left + 6.0
    value_x = label_x + label_width + 4.0
    for label, value, bold in rows:
        top = page.y
        value_width = page.left + page.width - (keep_right if top < keep_until else 0.0) - value_x
        page.font(size)
        page.line(label, leading, x=label_x, width=label_width)
        page.y = top
        page.line(":", leading, x=label_x + label_width, width=4.0)
        page.y = top
        page.font(size, "B" if bold else "")
        page.block(value or "-", leading, x=value_x, width=value_width)
    page.y += 2


def qr_image(matrix: list[list[bool]], quiet_zone: int = 4, pixels_per_module: int = 2) -> Any:
    """The QR as a black-and-white grayscale image with its quiet zone.

    One embedded image draws in about a millisecond where a rectangle per run of dark
    modules takes twenty. Two pixels per module halve the blur at module edges where
    a viewer or printer driver smooths images when scaling them up; more only costs time.
    Grayscale rather than 1-bit: fpdf2 writes 1-bit images with Flate wrongly (garbled
    rows) and its CCITT path needs libtiff; 8-bit gray with Flate is as small and as fast.
    """
    from PIL import Image

    size = len(matrix) + 2 * quiet_zone
    white_row = b"\xff" * size
    margin = b"\xff" * quiet_zone
    # bytes(row) turns True/False into 1/0; translate maps dark (1) to black (0), light to white.
    to_gray = bytes([255, 0]) + bytes(254)
    rows = [white_row] * quiet_zone
    rows += [margin + bytes(row).translate(to_gray) + margin for row in matrix]
    rows += [white_row] * quiet_zone
    image = Image.frombytes("L", (size, size), b"".join(rows))
    scaled = size * pixels_per_module
    return image.resize((scaled, scaled), Image.Resampling.NEAREST)
