"""Python's cyclic garbage collector and the objects a session keeps until logout.

After login and the warm-up the app holds well over 100,000 objects that live as long
as the session: Textual and its screens, the libraries the warm-up loads, the station.
Every so often Python collects its oldest generation by walking all of them, which took
about 100 ms on a 2-core PC, landing on whatever the clerk was doing then (a keystroke at
the desk, a save). ``settle`` moves them out of that walk once the warm-up is done
(``gc.freeze``); ``release`` gives them back at logout and when the app closes, so the
screens and records dropped with the session are still collected.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Keep the objects alive now out of the oldest generation's collections."""
    gc.collect(1)  # the young garbage first (about a millisecond): not kept for the session
    gc.freeze()


def release() -> None:
    """Let the next full collection see them again (what the session dropped is freed)."""
    gc.unfreeze()
