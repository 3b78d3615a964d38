"""Fill the built Cek Suket page with its messages and a trust list, as one HTML file."""

from __future__ import annotations

import json
from importlib import resources

from loket.errors import ExplainedError

PAGE_FILE = "cek_suket.html"
DATA_MARK = "/*CEK_DATA*/"
REBUILD_COMMAND = "cd web/cek-suket && npm ci && npm run build"
# The catalog entries the page uses: its own, and the month names the Suket prints.
_PREFIXES = ("cek.", "printing.month.")


class PageMissing(ExplainedError):
    """The built page is not in this installation."""


def page_messages() -> dict[str, dict[str, str]]:
    """``{"id": {key: text}, "en": {...}}`` for every message the page shows."""
    from loket.i18n import LANGUAGES, keys_starting, t

    keys = sorted(key for prefix in _PREFIXES for key in keys_starting(prefix))
    return {language: {key: t(key, language=language) for key in keys} for language in LANGUAGES}


def page_template() -> str:
    try:
        return resources.files("loket.web").joinpath(PAGE_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        raise PageMissing("verifypage.missing_build", command=REBUILD_COMMAND) from None


def render_page(trust_list: str) -> str:
    """The page with ``trust_list`` (a signed trust list, compact JWS) embedded."""
    template = page_template()
    if DATA_MARK not in template:
        raise PageMissing("verifypage.missing_build", command=REBUILD_COMMAND)
    data = {"messages": page_messages(), "trust_list": trust_list.strip()}
    # Inside <script>: "<" escaped, so no text can close the element early.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return template.replace(DATA_MARK, text, 1)
