"""Hand delivery: ``loket export --bundle`` at the station, ``loket central import`` at central.

Everything is real: a set-up station with sealed requests, the reference central
running on a loopback port (as it would be when the courier arrives: central does
not stop for an import), and the commands run through ``loket``'s own entry point
against central's database file while the server keeps answering.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest
from dbkit import run, station_rows  # noqa: F401

from conftest import SUPERVISOR
from linkkit import STATION_ID, central, seed, station  # noqa: F401 - central, station are fixtures
from loket.central.store import CentralStore
from loket.cli import main

pytestmark = [pytest.mark.both_backends, pytest.mark.filterwarnings("ignore:EdDSA is deprecated")]

def loket(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def export(capsys, station_dir, target) -> tuple[int, str, str]:
    """As a supervisor authorizes it: ``--as`` and the PIN on standard input."""
    import io

    real = sys.stdin
    sys.stdin = io.StringIO(SUPERVISOR[1] + "\n")
    try:
        return loket(capsys, "--data-dir", str(station_dir), "export", "--bundle", str(target),
                     "--as", SUPERVISOR[0], "--pin-stdin")
    finally:
        sys.stdin = real


def import_(capsys, central, bundle, *extra: str) -> tuple[int, str, str]:
    return loket(capsys, "central", "import", str(bundle), "--db", str(central.db_path), *extra)


def public_key_file(station_dir):
    return station_dir / "keys" / "signing-key.pub.jwk"


def states(station) -> dict[str, int]:
    return {state: count for state, count in station.queue_counts().items() if count}


def registered_kids(central) -> list[str]:
    return [jwk["kid"] for jwk in central.server.store.signing_keys(STATION_ID)]


def assert_each_once_with_station_refs(station, central, expected: int) -> None:
    items = central.items()
    keys = [item["idempotency_key"] for item in items]
    assert len(keys) == len(set(keys)) == expected
    refs = dict(run(station.db, "SELECT idempotency_key, central_ref FROM requests").fetchall())
    assert all(refs[item["idempotency_key"]] == item["central_ref"] for item in items)


def test_courier_round_trip_for_a_station_that_never_reached_central(station, station_dir, central, capsys, tmp_path):
    from loket.storage import outbox

    seed(station, 5, purposes={1: "election_candidate"}, receipts={4})
    hour_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)
    claimed = outbox.claim_batch(station.db, "otherhost:1:gone", 1, hour_ago)  # a sync that died mid-batch
    extra = seed(station, 1, seed=9)[0]
    run(station.db, "UPDATE requests SET state = 'rejected', last_error = 'invalid_nik' WHERE id = ?",
                           (extra.request_id,))
    before = states(station)
    assert before == {"queued": 4, "sending": 1, "rejected": 1}

    code, out, _ = export(capsys, station_dir, tmp_path / "usb.jsonl")
    assert code == 0 and "5 unsent requests" in out and "1 request that central rejected" in out
    bundle = tmp_path / "usb.jsonl"
    assert states(station) == before  # exporting moves nothing
    lines = bundle.read_bytes().splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["count"] == 5
    assert claimed[0].json.encode() in lines  # byte for byte what a sync posts
    event = run(station.db, 
        "SELECT actor, action, details FROM audit_events WHERE action = 'bundle.exported'").fetchall()
    assert len(event) == 1 and event[0][0].startswith(f"{SUPERVISOR[0]} (cli, ")
    details = json.loads(event[0][2])
    assert details["count"] == 5 and details["left_out"] == 1 and details["os_user"]
    assert details["supervisor"] == SUPERVISOR[0]
    assert details["sha256"] == hashlib.sha256(bundle.read_bytes()).hexdigest()

    code, _, err = import_(capsys, central, bundle)
    assert code == 1 and "not registered for station 7373-LKT01" in err and "--key" in err
    assert central.items() == []

    code, out, _ = import_(capsys, central, bundle, "--key", str(public_key_file(station_dir)))
    assert code == 0 and "Accepted 5, duplicate 0, rejected 0, conflict 0." in out
    assert "is now registered" in out and details["sha256"] in out
    assert registered_kids(central) == [station.key().kid]

    result = station.sync()
    assert (result.outcome, result.sent, result.accepted, result.duplicate) == ("drained", 5, 0, 5)
    assert states(station) == {"synced": 5, "rejected": 1}
    assert_each_once_with_station_refs(station, central, 5)

    code, out, _ = import_(capsys, central, bundle)  # the courier brings the same stick twice
    assert code == 0 and "Accepted 0, duplicate 5" in out
    assert len(central.items()) == 5


def test_link_cut_after_registration_big_queue_stored_chunk_by_chunk(station, central, tmp_path, monkeypatch):
    from loket.central.bundle_import import import_bundle
    from loket.sync import bundle as bundle_module

    seed(station, 2)
    assert station.sync().accepted == 2  # the key is registered; then the link is cut
    central.faults(status=503)
    seed(station, 7, seed=3)
    pages = []
    monkeypatch.setattr(bundle_module, "PROGRESS_EVERY", 3)
    result = bundle_module.export_bundle(station.db, station.key(), STATION_ID, tmp_path,
                                         on_progress=lambda done, total: pages.append((done, total)))
    assert result.count == 7 and result.path.parent == tmp_path and result.path.name.startswith("loket-bundle-7373")
    assert pages == [(3, 7), (6, 7), (7, 7)]  # read page by page, not all at once

    stored = []
    store = CentralStore.open(central.db_path)  # the operator's own connection, server running
    try:
        report = import_bundle(store, result.path, chunk_size=3, on_progress=lambda done, total: stored.append(done))
    finally:
        store.close()
    assert (report.accepted, report.duplicate, report.count, report.key_registered) == (7, 0, 7, False)
    assert stored == [3, 6, 7]
    assert len(central.items()) == 9

    central.faults()
    result = station.sync()
    assert (result.outcome, result.sent, result.accepted, result.duplicate) == ("drained", 7, 0, 7)
    assert_each_once_with_station_refs(station, central, 9)


def test_a_station_revoked_during_a_long_import_gets_no_more_in(station, station_dir, central, tmp_path):
    from loket.central.bundle_import import import_bundle, read_key_file
    from loket.sync.bundle import BundleError, export_bundle

    seed(station, 5)
    bundle = export_bundle(station.db, station.key(), STATION_ID, tmp_path).path
    key = read_key_file(public_key_file(station_dir))
    store = CentralStore.open(central.db_path)
    try:
        with pytest.raises(BundleError) as refused:
            import_bundle(store, bundle, key=key, chunk_size=2, on_progress=lambda done, total: central.revoke("audit"))
    finally:
        store.close()
    assert refused.value.key == "bundle.import.revoked_during" and refused.value.params["stored"] == 2
    assert len(central.items()) == 2


def _tampered(lines: list[bytes], kind: str, real_kid: str, other_key) -> list[bytes]:
    from loket.sync.bundle import header_line, signature_line

    lines = list(lines)
    head = json.loads(lines[0])

    class Impostor:  # signs with another key while naming the station's
        kid = real_kid
        sign = staticmethod(other_key.sign)

    if kind == "item_changed":
        lines[2] = lines[2].replace(b'"name":"', b'"name":"X', 1)
    elif kind == "item_removed":
        del lines[2]
    elif kind == "item_added":
        lines.insert(2, lines[2].replace(b'"idempotency_key":"', b'"idempotency_key":"f', 1))
    elif kind == "header_count_edited":
        del lines[2]
        lines[0] = header_line(head["station_id"], head["created_at"], head["kid"], head["count"] - 1).rstrip(b"\n")
    elif kind in ("resigned_under_station_kid", "signed_by_other_key"):
        signer = Impostor if kind == "resigned_under_station_kid" else other_key
        lines[0] = header_line(head["station_id"], head["created_at"], signer.kid, head["count"]).rstrip(b"\n")
        digest = hashlib.sha256(b"".join(line + b"\n" for line in lines[:-1])).hexdigest()
        lines[-1] = signature_line(signer, head["station_id"], head["created_at"], head["count"], digest).rstrip(b"\n")
    elif kind == "signature_garbage":
        lines[-1] = b'{"signature": "abc.def.ghi"}'
    elif kind == "data_after_signature":
        lines.append(lines[1])
    elif kind == "signature_removed":
        del lines[-1]
    elif kind == "cut_mid_item":
        return [b"\n".join(lines)[:-200]]
    return lines


TAMPERINGS = {
    "item_changed": "differ from what station 7373-LKT01 signed",
    "item_removed": "differ from what station 7373-LKT01 signed",
    "item_added": "differ from what station 7373-LKT01 signed",
    "header_count_edited": "differ from what station 7373-LKT01 signed",
    "data_after_signature": "differ from what station 7373-LKT01 signed",
    "resigned_under_station_kid": "signature does not verify",
    "signature_garbage": "signature does not verify",
    "signed_by_other_key": "but the bundle is signed with key",
    "signature_removed": "is incomplete",
    "cut_mid_item": "is incomplete",
}


def test_tampered_bundles_are_refused_and_store_nothing(station, station_dir, central, capsys, tmp_path):
    from loket.printing.keys import generate_keypair

    seed(station, 4)
    assert export(capsys, station_dir, tmp_path / "good.jsonl")[0] == 0
    lines = (tmp_path / "good.jsonl").read_bytes().splitlines()
    other = generate_keypair(tmp_path / "other-keys", STATION_ID)
    for kind, expected in TAMPERINGS.items():
        path = tmp_path / f"{kind}.jsonl"
        path.write_bytes(b"".join(line + b"\n" for line in _tampered(lines, kind, station.key().kid, other)))
        code, _, err = import_(capsys, central, path, "--key", str(public_key_file(station_dir)))
        assert code == 1 and expected in err and "Nothing was stored." in err, (kind, err)
        assert central.items() == [] and registered_kids(central) == [], kind

    # Once the station's key is registered, no other key gets in through a file.
    assert import_(capsys, central, tmp_path / "good.jsonl", "--key", str(public_key_file(station_dir)))[0] == 0
    other_bundle = tmp_path / "signed_by_other_key.jsonl"
    code, _, err = import_(capsys, central, other_bundle, "--key", str(tmp_path / "other-keys" / "signing-key.pub.jwk"))
    assert code == 1 and "already has a registered key" in err
    assert registered_kids(central) == [station.key().kid] and len(central.items()) == 4


def test_revoked_or_unknown_station_stores_nothing(station, station_dir, central, capsys, tmp_path):
    seed(station, 2)
    bundle = tmp_path / "b.jsonl"
    assert export(capsys, station_dir, bundle)[0] == 0
    key = str(public_key_file(station_dir))
    central.revoke("Pencabutan akses oleh Dirjen Dukcapil")
    code, _, err = import_(capsys, central, bundle, "--key", key)
    assert code == 1 and "authorization is revoked" in err and "Pencabutan akses" in err
    assert central.items() == [] and registered_kids(central) == []

    elsewhere = tmp_path / "other-central.db"
    code, _, err = loket(capsys, "central", "import", str(bundle), "--db", str(elsewhere), "--key", key)
    assert code == 1 and "does not know station 7373-LKT01" in err and "add-station 7373-LKT01" in err

    central.restore()
    code, out, _ = import_(capsys, central, bundle, "--key", key)
    assert code == 0 and "Accepted 2" in out


def test_an_empty_queue_makes_a_bundle_of_zero_items(station, station_dir, central, capsys, tmp_path):
    code, out, _ = export(capsys, station_dir, tmp_path / "none.jsonl")
    assert code == 0 and "0 unsent requests" in out
    assert len((tmp_path / "none.jsonl").read_bytes().splitlines()) == 2
    code, out, _ = import_(capsys, central, tmp_path / "none.jsonl", "--key", str(public_key_file(station_dir)))
    assert code == 0 and "0 requests" in out and "Accepted 0, duplicate 0, rejected 0, conflict 0." in out
    assert central.items() == []


def test_files_that_are_not_bundles_get_a_clear_message(station, station_dir, central, capsys, tmp_path):
    saved = seed(station, 2)
    pdf = station.print_slip(saved[0], send=False).pdf_path
    assert pdf.read_bytes().startswith(b"%PDF")
    assert export(capsys, station_dir, tmp_path / "good.jsonl")[0] == 0
    good = (tmp_path / "good.jsonl").read_bytes()
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "cut_header.jsonl").write_bytes(good[:60])
    (tmp_path / "newer.jsonl").write_bytes(good.replace(b"loket-bundle/1", b"loket-bundle/2", 1))
    (tmp_path / "no_station.jsonl").write_bytes(good.replace(b'"station_id":"7373-LKT01",', b"", 1))
    cases = {
        pdf: "is not a Loket bundle",
        tmp_path / "empty.jsonl": "is empty",
        tmp_path / "cut_header.jsonl": "is not a Loket bundle",
        public_key_file(station_dir): "is not a Loket bundle",
        tmp_path / "newer.jsonl": "in format loket-bundle/2",
        tmp_path / "no_station.jsonl": "field 'station_id' is missing or invalid",
        tmp_path / "missing.jsonl": "Cannot read bundle",
        tmp_path: "Cannot read bundle",
    }
    for path, expected in cases.items():
        code, _, err = import_(capsys, central, path)
        assert code == 1 and expected in err and str(path) in err, (path, err)
    assert central.items() == []


def test_key_files_that_are_not_the_station_public_key(station, station_dir, central, capsys, tmp_path):
    seed(station, 1)
    bundle = tmp_path / "b.jsonl"
    assert export(capsys, station_dir, bundle)[0] == 0
    jwk = json.loads(public_key_file(station_dir).read_text())
    (tmp_path / "edited.jwk").write_text(json.dumps({**jwk, "kid": "my-key"}))
    (tmp_path / "private.jwk").write_text(json.dumps({**jwk, "d": jwk["x"]}))
    cases = {
        station_dir / "keys" / "signing-key.pem": "is not a JWK",
        tmp_path / "edited.jwk": "its kid is not the key's own thumbprint",
        tmp_path / "private.jwk": "holds a private key",
        tmp_path / "nowhere.jwk": "Cannot read key file",
    }
    for path, expected in cases.items():
        code, _, err = import_(capsys, central, bundle, "--key", str(path))
        assert code == 1 and expected in err, (path, err)
    assert central.items() == [] and registered_kids(central) == []


def test_export_never_overwrites_and_names_a_missing_folder(station, station_dir, capsys, tmp_path):
    seed(station, 1)
    target = tmp_path / "b.jsonl"
    target.write_text("an older bundle")
    code, _, err = export(capsys, station_dir, target)
    assert code == 1 and "already exists" in err and target.read_text() == "an older bundle"
    code, _, err = export(capsys, station_dir, tmp_path / "unmounted" / "b.jsonl")
    assert code == 1 and "does not exist" in err and str(tmp_path / "unmounted") in err
    assert not (tmp_path / "unmounted").exists() and not list(tmp_path.glob("*.part"))
    (tmp_path / "c.jsonl.part").write_text("")  # an export cut off by a power failure
    code, _, err = export(capsys, station_dir, tmp_path / "c.jsonl")
    assert code == 1 and "c.jsonl.part already exists" in err and not (tmp_path / "c.jsonl").exists()
    exported = run(station.db, "SELECT COUNT(*) FROM audit_events WHERE action = 'bundle.exported'")
    assert exported.fetchone()[0] == 0


def test_messages_in_indonesian_from_a_real_process(tmp_path):
    (tmp_path / "slip.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    done = subprocess.run([sys.executable, "-m", "loket.cli", "--lang", "id", "central", "import",
                           str(tmp_path / "slip.pdf"), "--db", str(tmp_path / "central.db")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "bukan berkas kiriman Loket" in done.stderr
