"""Checking the audit log against its signed checkpoints (``loket audit verify``).

Each checkpoint (the database's rows, the file beside the station's data, central's
copy) must carry the signature of its station's key, and the log must still hold
the event it names, with the hash it names. What does not fit is a finding that
names what is missing: the events cut off, the event re-hashed, the forged
checkpoint. See loket/audit_seal.py for how checkpoints are made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from loket import audit_seal
from loket.audit_seal import Checkpoint


@dataclass(frozen=True)
class Finding:
    key: str  # its message's catalog key (audit.checkpoint.*)
    params: dict
    failed: bool = True  # False: said for information only

    def message(self) -> str:
        from loket.dates import format_moment
        from loket.i18n import t

        params = dict(self.params)
        if "at" in params:  # a checkpoint's signing time, stored in UTC: shown in local time
            params["at"] = format_moment(params["at"])
        return t(self.key, **params)


@dataclass
class CheckpointReport:
    findings: list[Finding]
    newest: dict[str, Checkpoint]  # per chain, the newest checkpoint whose signature holds

    @property
    def ok(self) -> bool:
        return not any(finding.failed for finding in self.findings)


def check_log(db, root: Path, station_id: str, own_jwk: dict) -> CheckpointReport:
    """Every checkpoint this database and the file beside it hold, against the log."""
    from loket.storage import checkpoints
    from loket.storage.audit import chain_of

    findings: list[Finding] = []
    own_chain = chain_of(db)
    file_entries, problem = audit_seal.read_file(root)
    if problem:
        findings.append(Finding("audit.checkpoint.file_unreadable", {"problem": problem}))
    heads = checkpoints.chain_heads(db)
    stored = checkpoints.every_checkpoint(db)
    chains = sorted(set(heads) | {row.chain for row in stored} | {own_chain})
    newest: dict[str, Checkpoint] = {}
    for chain in chains:
        name = chain or station_id
        jwk = own_jwk if chain in ("", station_id) else _registered(db, chain)
        rows = [row for row in stored if row.chain == chain]
        if jwk is None:
            if rows:
                findings.append(Finding("audit.checkpoint.no_key", {"chain": name}, failed=False))
            continue
        good = []
        sources = [(row.jws, None) for row in rows]
        if chain == own_chain and chain in file_entries:
            sources.append((file_entries[chain], str(audit_seal.file_path(root))))
        for jws, path in sources:
            checkpoint = audit_seal.read(jws)
            if checkpoint is None or checkpoint.chain != chain or not audit_seal.signed_by(checkpoint, jwk):
                findings.append(Finding("audit.checkpoint.forged_file", {"chain": name, "path": path}) if path
                                else Finding("audit.checkpoint.forged_db", {"chain": name}))
            else:
                good.append(checkpoint)
        for checkpoint in _worst_first(db, chain, good):
            finding = against_log(db, checkpoint, name)
            if finding is not None:
                findings.append(finding)
                break
        if good:
            newest[chain] = max(good, key=lambda c: c.seq)
            if chain == own_chain and chain not in file_entries and not problem:
                findings.append(Finding("audit.checkpoint.file_missing", {
                    "chain": name, "path": str(audit_seal.file_path(root)), "seq": newest[chain].seq}))
        elif chain in heads and not rows:
            findings.append(Finding("audit.checkpoint.none", {"chain": name}, failed=False))
    for chain, checkpoint in newest.items():
        findings.append(Finding("audit.checkpoint.newest", {
            "chain": chain or station_id, "seq": checkpoint.seq, "at": checkpoint.at, "kid": checkpoint.kid},
            failed=False))
    return CheckpointReport(findings, newest)


def against_log(db, checkpoint: Checkpoint, name: str) -> Finding | None:
    """What the log lacks that ``checkpoint`` vouches for; None when it holds it."""
    from loket.storage import checkpoints

    last = checkpoints.head(db, checkpoint.chain)[0]
    params = {"chain": name, "seq": checkpoint.seq, "at": checkpoint.at}
    if last == 0:
        return Finding("audit.checkpoint.empty", params)
    if last < checkpoint.seq:
        return Finding("audit.checkpoint.ends_before", {**params, "last": last, "first": last + 1})
    if checkpoints.hash_at(db, checkpoint.chain, checkpoint.seq) != checkpoint.hash:
        return Finding("audit.checkpoint.rehashed", params)
    return None


def against_central(db, reply: dict, station_id: str, own_jwk: dict,
                    local: CheckpointReport) -> list[Finding]:
    """Central's copy (``GET .../audit-checkpoint``) against the log and the local checkpoints."""
    from loket.storage.audit import chain_of

    chain = chain_of(db)
    name = chain or station_id
    entries = reply.get("checkpoints") if isinstance(reply, dict) else None
    entries = entries if isinstance(entries, list) else []
    mine = [entry for entry in entries if isinstance(entry, dict) and entry.get("chain") == chain]
    if not mine:
        return [Finding("audit.checkpoint.central_none", {"chain": name}, failed=False)]
    checkpoint = audit_seal.read(mine[0].get("jws"))
    if checkpoint is None or checkpoint.chain != chain or not audit_seal.signed_by(checkpoint, own_jwk):
        return [Finding("audit.checkpoint.central_forged", {"chain": name})]
    found = against_log(db, checkpoint, name)
    findings = [found] if found is not None else []
    here = local.newest.get(chain)
    if here is None or here.seq < checkpoint.seq:
        findings.append(Finding("audit.checkpoint.central_ahead", {
            "chain": name, "seq": checkpoint.seq, "at": checkpoint.at, "here": here.seq if here else 0}))
    if not findings:
        findings.append(Finding("audit.checkpoint.central_same", {
            "chain": name, "seq": checkpoint.seq, "at": checkpoint.at}, failed=False))
    return findings


def _worst_first(db, chain: str, good: list[Checkpoint]) -> list[Checkpoint]:
    """Newest first: the newest checkpoint the log fails shows the most that is missing."""
    return sorted(good, key=lambda c: c.seq, reverse=True)


def _registered(db, station_id: str) -> dict | None:
    from loket.storage import checkpoints

    text = checkpoints.station_jwk(db, station_id)
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
