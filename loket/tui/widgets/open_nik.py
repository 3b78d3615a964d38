"""The words beside the NIK when it already has an open request.

An open request of the type being typed means saving will be refused: that is
said at once, in the refusal's own words, as an error. An open request of
another type is only worth a warning.
"""

from __future__ import annotations

from loket.i18n import t
from loket.i18n.labels import REQUEST_TYPE_LABELS, label


def describe_open(open_found: tuple[str, list] | None, nik: str, wanted_type: str) -> tuple[str, str]:
    """(kind, text) for ``nik``'s open requests found earlier, or ("", "") when there are none."""
    if open_found is None or open_found[0] != nik or not open_found[1]:
        return "", ""
    from loket.storage.errors import DuplicateOpenRequest

    found = open_found[1]
    for item in found:
        if item.request_type == wanted_type:
            refusal = DuplicateOpenRequest(
                nik=nik, request_type=item.request_type, request_id=0,
                queue_no=item.queue_no, number=item.number, state=item.state,
            )
            return "error", refusal.message()
    first = found[0]
    return "warning", t(
        "counter.open.other_type", request_type=label(REQUEST_TYPE_LABELS, first.request_type), queue_no=first.queue_no
    )
