"""Commands that need an optional part of the install say so, instead of failing on an import.

A counter installs ``loket`` alone; the reference central server and the demo (which
runs one) need ``aiohttp``, which comes with ``pip install 'loket[central]'``.
"""

from __future__ import annotations

import importlib.util

from loket.cli.common import CliError

# extra -> the modules it brings
EXTRAS = {"central": ("aiohttp",)}


def require_extra(extra: str, command: str) -> None:
    """Raise a CliError naming the install command when ``extra`` is not installed."""
    from loket.i18n import t

    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(t("platform.extra_missing", command=command, extra=extra, modules=", ".join(missing)), 1)
