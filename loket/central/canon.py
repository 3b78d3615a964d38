"""The canonical form of a batch item: how central tells a retry from a conflict.

An item is stored as canonical JSON (sorted keys, no spaces, UTF-8), so "the same
item again" means byte-for-byte the same ``request`` and ``suket`` whatever order
or spacing the station's JSON library used. When a key comes back with different
content, ``first_difference`` names the first field that differs
(``request.name``, ``request.address.village``, ``suket.number``) for the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from loket.jose import canonical_text


# One canonical JSON for signatures and for central's comparisons: loket.jose's.
canonical_json = canonical_text


def payload_hash(request_json: str, suket_json: str | None) -> str:
    """sha256 over both canonical parts; a separator no JSON text contains keeps them apart."""
    digest = hashlib.sha256(request_json.encode("utf-8"))
    digest.update(b"\x00")
    digest.update((suket_json or "null").encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class BatchEntry:
    """One item of a batch, already checked for shape. Its canonical texts and hash are
    computed once, on first use (storing, comparing and judging all need them)."""

    idempotency_key: str
    request: dict[str, Any]
    suket: dict[str, Any] | None

    @cached_property
    def request_json(self) -> str:
        return canonical_json(self.request)

    @cached_property
    def suket_json(self) -> str | None:
        return None if self.suket is None else canonical_json(self.suket)

    @cached_property
    def payload_hash(self) -> str:
        return payload_hash(self.request_json, self.suket_json)


def first_difference(stored: dict[str, Any], sent: dict[str, Any]) -> str | None:
    """Dotted path of the first field where two ``{"request", "suket"}`` dicts differ.

    Leaves are compared by their canonical JSON, so ``1``, ``1.0`` and ``true``
    count as different (Python's ``==`` would call them equal). None when equal.
    """
    return _difference(stored, sent, "")


def _difference(old: Any, new: Any, path: str) -> str | None:
    if isinstance(old, dict) and isinstance(new, dict):
        # The sender's order first (usually the protocol's), then what only the stored copy has.
        names = list(new) + sorted(name for name in old if name not in new)
        for name in names:
            if name not in old or name not in new:
                return _join(path, name)
            found = _difference(old[name], new[name], _join(path, name))
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        for index, (a, b) in enumerate(zip(old, new)):
            found = _difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return path if len(old) != len(new) else None
    return None if canonical_json(old) == canonical_json(new) else path


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
