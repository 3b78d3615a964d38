"""The operating system's refusals in the clerk's language, not the C library's English."""

from __future__ import annotations

import errno

import pytest

from loket.i18n import set_language
from loket.i18n.os_errors import errno_reason, os_reason
from loket.tui.errors import describe_error


@pytest.mark.parametrize("code, indonesian, english", [
    (errno.ENOENT, "tidak ada", "does not exist"),
    (errno.EACCES, "tidak ada izin", "no permission"),
    (errno.ENOSPC, "disk penuh", "disk is full"),
    (errno.EROFS, "hanya bisa dibaca", "read-only"),
    (errno.EISDIR, "sebuah folder", "a folder, not a file"),
])
def test_each_common_refusal_has_its_own_words(code, indonesian, english):
    set_language("id")
    assert indonesian in os_reason(OSError(code, "the C library's English"))
    assert indonesian in errno_reason(code)
    set_language("en")
    assert english in os_reason(OSError(code, "the C library's English"))


def test_a_file_held_open_by_another_program_on_windows_is_said_so():
    # Windows folds a sharing violation (a report still open in a PDF viewer) into
    # EACCES; its own code, set by the system there, is set by hand here.
    refused = PermissionError(errno.EACCES, "Access is denied")
    refused.winerror = 32
    set_language("id")
    assert "dibuka program lain" in os_reason(refused)
    assert "tidak ada izin" in os_reason(PermissionError(errno.EACCES, "Access is denied"))


def test_anything_else_keeps_the_systems_own_words():
    assert os_reason(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"
    assert os_reason(OSError("no errno at all")) == "no errno at all"


def test_the_counter_names_the_file_and_the_reason_instead_of_an_exception(tmp_path):
    set_language("id")
    try:
        (tmp_path / "gone" / "slip.pdf").write_bytes(b"%PDF")
    except OSError as exc:
        said = describe_error(exc)
    assert said.startswith("Komputer menolak: ") and "slip.pdf" in said and "tidak ada" in said
    assert "Errno" not in said and "FileNotFoundError" not in said
