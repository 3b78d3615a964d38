"""Signed audit checkpoints: a log cut short, emptied or re-hashed no longer verifies.

The attacks are those an adversarial run used against the plain hash chain: drop the
append-only triggers with the database's own tools, delete the newest event, the last
50 or all of them, or edit an event and recompute every hash after it (plain sha256
needs no key). Each was reported "intact" before checkpoints; each must now fail,
naming what is missing. Runs on a SQLite file and on an office database.
"""

from __future__ import annotations

import re

import json

import pytest
from dbkit import other_connection

from loket import audit_seal
from loket.dates import format_moment
from loket.station import Station
from loket.storage import audit, checkpoints

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]
EVENTS = 80


@pytest.fixture
def sealed(station_dir):
    """A station whose log got ``EVENTS`` more events and was closed cleanly (a checkpoint)."""
    station = Station.open(station_dir)
    for i in range(EVENTS):
        audit.append(station.db, "SITI", "test.event", f"item-{i}", {"n": i})
    chain = audit.chain_of(station.db)
    head = checkpoints.head(station.db, chain)[0]
    station.close()
    return chain, head


def _sql(station_dir, *statements):
    """Run SQL as someone with the database's own tools would: triggers dropped first."""
    station = Station.open(station_dir, for_reading=True)
    try:
        con, mark = other_connection(station.db)
    finally:
        station.close()
    pg = mark == "%s"
    try:
        for table in ("audit_events", "audit_checkpoints"):
            for op in ("update", "delete"):
                con.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}" + (f" ON {table}" if pg else ""))
        for sql, params in statements:
            con.execute(sql.replace("?", mark), params)
    finally:
        con.close()


def _rehash_from(station_dir, chain: str, seq: int, details: str) -> None:
    """Edit event ``seq`` and recompute the hash of it and every later event, as main's chain allowed."""
    station = Station.open(station_dir, for_reading=True)
    try:
        con, mark = other_connection(station.db)
    finally:
        station.close()
    q = lambda sql: sql.replace("?", mark)  # noqa: E731
    try:
        rows = con.execute(q("SELECT seq, at, actor, action, subject, details, prev_hash FROM audit_events"
                             " WHERE chain = ? AND seq >= ? ORDER BY seq"), (chain, seq)).fetchall()
    finally:
        con.close()
    running = rows[0][6]
    statements = []
    for event_seq, at, actor, action, subject, old_details, _prev in rows:
        text = details if event_seq == seq else old_details
        digest = audit.event_hash(running, event_seq, at, actor, action, subject, text)
        statements.append(("UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE chain = ? AND seq = ?",
                           (text, running, digest, chain, event_seq)))
        running = digest
    _sql(station_dir, *statements)


CUTS = {"newest": 1, "last_50": 50, "all": None}


@pytest.mark.parametrize("hide_rows", [False, True], ids=["rows_kept", "rows_deleted_too"])
@pytest.mark.parametrize("cut", list(CUTS))
def test_a_log_cut_short_fails_and_names_what_is_missing(sealed, station_dir, loket_cli, cut, hide_rows):
    chain, head = sealed
    assert loket_cli("audit", "verify").returncode == 0
    count = CUTS[cut]
    statements = [("DELETE FROM audit_events WHERE chain = ?", (chain,)) if count is None
                  else ("DELETE FROM audit_events WHERE chain = ? AND seq > ?", (chain, head - count))]
    if hide_rows:  # the checkpoint rows too: the copy beside the data must still tell
        statements.append(("DELETE FROM audit_checkpoints", ()))
    _sql(station_dir, *statements)
    result = loket_cli("audit", "verify")
    assert result.returncode == 1, result.stdout
    if count is None:
        assert f"is empty, but a signed checkpoint" in result.stdout and f"covers {head} entries" in result.stdout
    else:
        assert f"ends at entry #{head - count}" in result.stdout
        assert f"entries #{head - count + 1} to #{head} are missing" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hide_rows", [False, True], ids=["rows_kept", "rows_deleted_too"])
def test_a_log_rewritten_and_rehashed_fails(sealed, station_dir, loket_cli, hide_rows):
    chain, head = sealed
    _rehash_from(station_dir, chain, head - 10, '{"n":"forged"}')
    if hide_rows:
        _sql(station_dir, ("DELETE FROM audit_checkpoints", ()))
    result = loket_cli("audit", "verify")
    # The chain itself is consistent again: only the signed checkpoint tells.
    assert "hash chain matches" in result.stdout
    assert result.returncode == 1 and f"Entry #{head} of the audit log" in result.stdout
    assert "hashes recomputed" in result.stdout


def test_a_checkpoint_forged_without_the_key_fails(sealed, station_dir, loket_cli, tmp_path):
    """Re-hash, then make new checkpoints with a key of one's own: the signature tells."""
    from loket.printing.keys import generate_keypair

    chain, head = sealed
    _rehash_from(station_dir, chain, 3, '{"n":"forged"}')
    station = Station.open(station_dir, for_reading=True)
    try:
        stranger = generate_keypair(tmp_path / "stranger", station.settings.station_id)
        digest = checkpoints.hash_at(station.db, chain, head)
        fake = audit_seal.sign(stranger, station.settings.station_id, chain, head, digest, "close",
                               audit_seal.dt.datetime.now(audit_seal.dt.timezone.utc))
    finally:
        station.close()
    _sql(station_dir, ("DELETE FROM audit_checkpoints", ()),
         ("INSERT INTO audit_checkpoints (chain, seq, hash, at, reason, jws) VALUES (?, ?, ?, ?, ?, ?)",
          (chain, head, digest, fake.at, "close", fake.jws)))
    path = audit_seal.file_path(station_dir)
    path.write_text(json.dumps({"checkpoints": {chain: fake.jws}}))
    result = loket_cli("audit", "verify")
    assert result.returncode == 1
    assert "in the database is not signed by the station's key" in result.stdout
    assert f"in {path} is not signed by the station's key" in result.stdout


def test_an_intact_log_verifies_and_names_its_newest_checkpoint(sealed, station_dir, loket_cli):
    chain, head = sealed
    result = loket_cli("audit", "verify")
    assert result.returncode == 0, result.stdout
    assert f"Newest checkpoint of the audit log of" in result.stdout and f"entry #{head}," in result.stdout
    # Its signing time as every time is shown to a person (local DD-MM-YYYY HH:MM), not stored UTC text.
    newest = next(line for line in result.stdout.splitlines() if line.startswith("Newest checkpoint"))
    assert re.search(r"signed \d\d-\d\d-\d{4} \d\d:\d\d by key", newest), newest
    # New events after the checkpoint are fine: the log goes on from where it was signed.
    station = Station.open(station_dir)
    try:
        audit.append(station.db, "SITI", "test.after", "x")
    finally:
        station.close()
    assert loket_cli("audit", "verify").returncode == 0


def test_the_copy_outside_the_database_is_private_and_kept_newest(sealed, station_dir):
    import os

    chain, head = sealed
    path = audit_seal.file_path(station_dir)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    entries, problem = audit_seal.read_file(station_dir)
    held = audit_seal.read(entries[chain])
    assert problem is None and (held.seq, held.chain, held.reason) == (head, chain, "close")
    older = audit_seal.Checkpoint(**{**held.__dict__, "seq": head - 5, "jws": "x.y.z"})
    audit_seal.write_copy(station_dir, older)  # never replaces a newer one
    assert audit_seal.read(audit_seal.read_file(station_dir)[0][chain]).seq == head


def test_a_damaged_log_is_not_signed_again(sealed, station_dir):
    """A clean close after the damage must not bless it with a fresh checkpoint."""
    chain, head = sealed
    _sql(station_dir, ("DELETE FROM audit_events WHERE chain = ? AND seq > ?", (chain, head - 3)))
    station = Station.open(station_dir)
    try:
        assert station.seal_audit("close") is None
        audit.append(station.db, "SITI", "test.after", "x")
    finally:
        station.close()
    station = Station.open(station_dir, for_reading=True)
    try:
        newest = checkpoints.latest(station.db, chain)
    finally:
        station.close()
    assert newest.seq == head


def test_every_n_events_of_intake_make_a_checkpoint(station_dir):
    from linkkit import seed

    station = Station.open(station_dir)
    try:
        chain = audit.chain_of(station.db)
        before = checkpoints.latest(station.db, chain)
        seed(station, audit_seal.EVERY_EVENTS + 2)
        assert station.event_sealer.wait()  # made beside the saves, on the station's own thread
        newest = checkpoints.latest(station.db, chain)
        assert newest is not None and newest.reason == "events"
        assert newest.seq - (before.seq if before else 0) >= audit_seal.EVERY_EVENTS
        assert newest.seq <= checkpoints.head(station.db, chain)[0]
    finally:
        station.close()


def test_the_outage_report_prints_the_checkpoint_it_made(sealed, station_dir, loket_cli, tmp_path):
    import pypdfium2 as pdfium

    chain, head = sealed
    station = Station.open(station_dir)
    audit.append(station.db, "SITI", "test.after", "x")  # past the close's checkpoint
    station.for_reading = True  # no checkpoint at this close, as after a crash
    station.close()
    out = tmp_path / "laporan.pdf"
    result = loket_cli("report", "--out", str(out))
    assert result.returncode == 0, result.stderr
    station = Station.open(station_dir, for_reading=True)
    try:
        newest = checkpoints.latest(station.db, chain)
    finally:
        station.close()
    assert (newest.reason, newest.seq) == ("report", head + 1)
    document = pdfium.PdfDocument(str(out))
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert f"Titik periksa log audit: stasiun" in text and f"catatan #{newest.seq}, hash {newest.hash[:16]}" in text
    # Signed at the time `loket audit verify` names, written as the report's other times are.
    signed = format_moment(newest.at)  # DD-MM-YYYY HH:MM, as audit verify shows it
    assert f", {signed.replace(':', '.')}, kunci" in text


@pytest.mark.parametrize("station_backend", ["sqlite"])
def test_a_station_moved_into_an_office_database_verifies_there(sealed, station_dir, loket_cli, pg_server):
    """The PC's own log moves into the office's chain for this station; the checkpoint of the
    file left behind (set aside) must not be held against the next local file."""
    from conftest import SUPERVISOR

    url = pg_server.url(pg_server.new_database())
    moved = loket_cli("migrate-to", url, "--as", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
    assert moved.returncode == 0, moved.stderr
    assert "" not in audit_seal.read_file(station_dir)[0]
    assert loket_cli("audit", "verify").returncode == 0
    station = Station.open(station_dir)  # the office's database; its close signs this station's chain
    try:
        chain = audit.chain_of(station.db)
        assert chain and station.office_link.local is not None
    finally:
        station.close()
    assert chain in audit_seal.read_file(station_dir)[0]
    verified = loket_cli("audit", "verify")
    assert verified.returncode == 0, verified.stdout
