"""Why the operating system refused, in the clerk's language.

``OSError.strerror`` is the C library's sentence: English on Linux and from Windows'
C runtime ("No such file or directory"), whatever language the counter speaks. The
refusals a counter meets (a folder that is gone, a full or read-only disk, no
permission, a PDF still open in a viewer on Windows) get their own words; anything
else keeps the system's own.
"""

from __future__ import annotations

import errno

from loket.i18n import t

_BY_ERRNO = {
    errno.ENOENT: "os.error.not_found",
    errno.EACCES: "os.error.denied",
    errno.EPERM: "os.error.denied",
    errno.ENOSPC: "os.error.disk_full",
    errno.EROFS: "os.error.read_only",
    errno.EISDIR: "os.error.is_folder",
    errno.ENOTDIR: "os.error.not_folder",
    errno.EEXIST: "os.error.exists",
    errno.ENAMETOOLONG: "os.error.name_too_long",
    errno.EIO: "os.error.io",
}
# Windows' own codes say more than the errno they are folded into: a file another
# program holds open (a slip or report still shown in a PDF viewer) is EACCES too.
_BY_WINERROR = {
    32: "os.error.in_use",  # ERROR_SHARING_VIOLATION
    33: "os.error.in_use",  # ERROR_LOCK_VIOLATION
    19: "os.error.read_only",  # ERROR_WRITE_PROTECT
    112: "os.error.disk_full",  # ERROR_DISK_FULL
}


def os_reason(exc: OSError) -> str:
    """The reason for ``exc`` as one short phrase (no path: the caller's sentence names it)."""
    key = _BY_WINERROR.get(getattr(exc, "winerror", None) or 0) or _BY_ERRNO.get(exc.errno or 0)
    if key:
        return t(key)
    return exc.strerror or str(exc)


def errno_reason(code: int) -> str:
    """The same for a bare ``errno`` value (a check made before anything was opened)."""
    return os_reason(OSError(code, ""))
