"""A timer that is already due fires at once, instead of freezing the app.

Textual 8 runs a timer whose delay is negative in a loop that neither sleeps nor ends:
its catch-up step divides the time elapsed by the negative interval, so the next tick
always lies in the past. The app then stops answering, at full CPU. Textual's toasts ask
for such a timer when the process is held off the CPU for a moment between checking that
a notification is still current and mounting its toast: on a busy, low-spec counter PC
this happens. A timer due in the past means "now": its delay becomes a moment from now
(not zero, which Textual's same step would divide by).
"""

from __future__ import annotations

from functools import wraps

from textual.timer import Timer

_GUARD = "_loket_clamps_negative_delays"
SOON = 0.01  # seconds: the delay of a timer that was due already


def install() -> None:
    """Give every Textual timer due now or in the past a delay of ``SOON`` (idempotent)."""
    if getattr(Timer.__init__, _GUARD, False):
        return
    original = Timer.__init__

    @wraps(original)
    def __init__(self, event_target, interval: float, *args, **kwargs) -> None:
        original(self, event_target, interval if interval > 0 else SOON, *args, **kwargs)

    setattr(__init__, _GUARD, True)
    Timer.__init__ = __init__
