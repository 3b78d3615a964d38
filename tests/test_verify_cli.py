"""``loket keys export --set``, ``loket verify --trust-list`` and ``loket verify-page``, run as a person would."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from loket.printing.keys import generate_keypair, load_key
from loket.printing.seal import make_seal
from loket.printing.text import long_date
from loket.printing.trustlist import read_trust_list, sign_trust_list, trusted_key
from sealkit import PHOTO, change_char, payload

from conftest import CLERK, OFFICE_NAME


def _suket(loket_cli, station_dir) -> str:
    from loket.intake.samples import sample_record

    source = station_dir.parent / "one.jsonl"
    source.write_text(json.dumps(sample_record().to_request()) + "\n")
    result = loket_cli("intake", "--json", str(source), "--clerk", CLERK[0], "--pin-stdin", stdin=CLERK[1] + "\n")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(station_dir / "loket.db") as db:
        return db.execute("select jws from sukets").fetchone()[0]


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def test_the_office_trust_list_verifies_the_station_sukets_anywhere(loket_cli, station_dir, tmp_path):
    token = _suket(loket_cli, station_dir)
    out = tmp_path / "palopo.jws"
    written = loket_cli("keys", "export", "--set", "--out", str(out))
    assert written.returncode == 0 and str(out) in written.stdout
    listed = read_trust_list(out.read_text())
    assert [(k["office"], k["office_name"], k["station"]) for k in listed.keys] == [("7373", OFFICE_NAME, "7373-LKT01")]
    assert loket_cli("keys", "export", "--set").stdout.count(".") == 2  # one JWS on stdout

    checked = loket_cli("verify", token, "--trust-list", str(out), data_dir=None)
    assert checked.returncode == 0, checked.stderr
    claims = json.loads(__import__("base64").urlsafe_b64decode(token.split(".")[1] + "==="))
    issued, until = (dt.date.fromisoformat(claims[name]) for name in ("iat", "exp"))
    assert f"issued by {OFFICE_NAME}, station 7373-LKT01" in checked.stdout
    assert f"Issued {long_date(issued, 'en')}, valid until {long_date(until, 'en')}." in checked.stdout
    assert "kantor 7373" not in checked.stdout and claims["exp"] not in checked.stdout

    indonesian = loket_cli("verify", token, "--trust-list", str(out), data_dir=None, env={"LOKET_LANG": "id"})
    assert f"ASLI: Suket {claims['no']}" in indonesian.stdout and f"diterbitkan {OFFICE_NAME}" in indonesian.stdout
    assert f"Terbit {long_date(issued, 'id')}, berlaku sampai {long_date(until, 'id')}." in indonesian.stdout

    # A plain key, no list: the office is still named, from the region data.
    jwk = tmp_path / "key.jwk"
    jwk.write_text(loket_cli("keys", "export").stdout)
    plain = loket_cli("verify", token, "--key", str(jwk), data_dir=None)
    assert plain.returncode == 0 and f"issued by {OFFICE_NAME}" in plain.stdout


def test_central_reply_is_a_trust_list_too_and_a_changed_one_is_refused(loket_cli, station_dir, tmp_path):
    token = _suket(loket_cli, station_dir)
    jws = loket_cli("keys", "export", "--set").stdout.strip()
    reply = tmp_path / "keys.json"
    reply.write_text(json.dumps({"trust_list": jws, "signer_kid": "x"}))
    assert loket_cli("verify", token, "--trust-list", str(reply), data_dir=None).returncode == 0
    changed = tmp_path / "changed.jws"
    changed.write_text(change_char(jws, 1))
    refused = loket_cli("verify", token, "--trust-list", str(changed), data_dir=None)
    assert refused.returncode == 2 and "changed.jws" in refused.stderr and "signature" in refused.stderr
    _no_traceback(refused)
    missing = loket_cli("verify", token, "--trust-list", str(tmp_path / "nope.jws"), data_dir=None)
    assert missing.returncode == 2 and "nope.jws" in missing.stderr
    _no_traceback(missing)


def test_a_revoked_key_fails_sukets_issued_after_the_revocation(loket_cli, station_dir, tmp_path):
    token = _suket(loket_cli, station_dir)
    key = load_key(station_dir / "keys")
    publisher = generate_keypair(tmp_path / "publisher", "7373-LKT01")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    entry = trusted_key(key.public_jwk(), office="7373", office_name=OFFICE_NAME, station="7373-LKT01",
                        valid_from=dt.date(2020, 1, 1), revoked_at=f"{yesterday.isoformat()}T10:00:00Z")
    listed = tmp_path / "revoked.jws"
    listed.write_text(sign_trust_list(publisher, [entry], "Kemendagri"))
    result = loket_cli("verify", token, "--trust-list", str(listed), data_dir=None)
    assert result.returncode == 1 and "NOT GENUINE" in result.stdout and "revoked" in result.stdout
    earlier = make_seal(key, payload(yesterday - dt.timedelta(days=1)))
    assert loket_cli("verify", earlier, "--trust-list", str(listed), data_dir=None).returncode == 0


def test_the_photo_file_is_compared_with_the_seal(loket_cli, station_dir, tmp_path):
    key = load_key(station_dir / "keys")
    token = make_seal(key, payload(photo=PHOTO))
    right, wrong = tmp_path / "right.jpg", tmp_path / "wrong.jpg"
    right.write_bytes(PHOTO)
    wrong.write_bytes(PHOTO[:-1])
    covered = loket_cli("verify", token)
    assert covered.returncode == 0 and "--photo" in covered.stdout
    matched = loket_cli("verify", token, "--photo", str(right))
    assert matched.returncode == 0 and "MATCHES" in matched.stdout
    swapped = loket_cli("verify", token, "--photo", str(wrong))
    assert swapped.returncode == 1 and "does NOT match" in swapped.stdout
    as_json = json.loads(loket_cli("verify", token, "--photo", str(wrong), "--json").stdout)
    assert as_json["genuine"] is False and as_json["reason"] == "photo_mismatch"


def test_verify_page_writes_one_file_with_the_trust_list_inside(loket_cli, station_dir, tmp_path):
    out = tmp_path / "cek-suket.html"
    result = loket_cli("verify-page", "--out", str(out))
    assert result.returncode == 0 and "1 keys" in result.stdout
    html = out.read_text(encoding="utf-8")
    data = json.loads(html.split('<script id="cek-data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert read_trust_list(data["trust_list"]).keys[0]["kid"] == load_key(station_dir / "keys").kid
    assert data["messages"]["id"]["cek.genuine"] == "ASLI" and data["messages"]["en"]["printing.month.5"] == "May"

    unsigned = tmp_path / "unsigned.json"
    unsigned.write_text('{"keys": []}')
    refused = loket_cli("verify-page", "--out", str(tmp_path / "x.html"), "--trust-list", str(unsigned))
    assert refused.returncode == 2 and "unsigned.json" in refused.stderr and not (tmp_path / "x.html").exists()
    _no_traceback(refused)


@pytest.mark.parametrize("args", [["keys", "export", "--set"], ["verify-page", "--out", "x.html"]])
def test_without_a_station_the_commands_say_so(loket_cli, tmp_path, args):
    result = loket_cli(*args, data_dir=tmp_path / "nothing-here")
    assert result.returncode != 0 and result.stderr.strip()
    _no_traceback(result)


def test_central_operator_revokes_a_key(loket_cli, tmp_path):
    from loket.central.store import CentralStore

    db = tmp_path / "central.db"
    key = generate_keypair(tmp_path / "key", "7373-LKT01")
    store = CentralStore.open(db)
    store.add_station("7373-LKT01")
    store.register_key("7373-LKT01", key.public_jwk())
    store.close()
    # A kid may start with "-": after "--" it is never taken for an option.
    done = loket_cli("central", "revoke-key", "--reason", "PC dicuri", "--db", str(db), "--", key.kid,
                     data_dir=tmp_path)
    assert done.returncode == 0 and key.kid in done.stdout
    store = CentralStore.open(db)
    assert store.trust_rows()[0]["revoked_at"]
    store.close()
    unknown = loket_cli("central", "revoke-key", "no-such-kid", "--reason", "x", "--db", str(db), data_dir=tmp_path)
    assert unknown.returncode == 1 and "no-such-kid" in unknown.stderr
    _no_traceback(unknown)
