"""Moving a second single-PC station into an office database whose request ids it would reuse.

The audit log names requests by id and its hashes (and the checkpoints signed and
held at central) lock those names, so the move is refused in words, with nothing
written at the office and nothing changed on the PC.
"""

from __future__ import annotations

import shutil

from conftest import CLERK, SUPERVISOR
from test_office import HERE, OFFICE_FLAGS, _office_rows, loket


def test_a_second_pc_whose_request_ids_the_office_uses_is_refused_with_nothing_written(tmp_path, pg_server):
    from linkkit import seed
    from loket.station import Station

    url = pg_server.url(pg_server.new_database())
    office = tmp_path / "counter5"
    done = loket(office, "setup", "--database", url, *OFFICE_FLAGS, "--station-id", "7373-LKT05",
                 "--supervisor", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
    assert done.returncode == 0, done.stderr
    added = loket(office, "user", "add", CLERK[0], "--role", "clerk", "--as", SUPERVISOR[0], "--pin-stdin",
                  stdin=SUPERVISOR[1] + "\n" + CLERK[1] + "\n")
    assert added.returncode == 0, added.stderr
    station = Station.open(office)
    try:
        seed(station, 3)
    finally:
        station.close()
    before = {table: _office_rows(pg_server, url, f"SELECT COUNT(*) FROM {table}")[0][0]
              for table in ("requests", "sukets", "audit_events", "users", "stations", "link_events")}

    pc = tmp_path / "pc"
    shutil.copytree(HERE / "data" / "station-v4", pc)  # counter 7373-LKT01, requests 1 to 6
    settings_before = (pc / "loket.toml").read_text(encoding="utf-8")
    moved = loket(pc, "migrate-to", url, "--as", "SUPERVISOR", "--pin-stdin", stdin="123456\n")
    assert moved.returncode == 2, moved.stdout + moved.stderr
    assert "already uses 3 of the 6 request ids of counter 7373-LKT01" in moved.stderr
    assert "Nothing was written" in moved.stderr and "Traceback" not in moved.stderr

    after = {table: _office_rows(pg_server, url, f"SELECT COUNT(*) FROM {table}")[0][0] for table in before}
    assert after == before
    assert _office_rows(pg_server, url, "SELECT COUNT(*) FROM audit_events WHERE chain = '7373-LKT01'") == [(0,)]
    # The PC goes on as it was: same settings, same file, its audit log intact.
    assert (pc / "loket.toml").read_text(encoding="utf-8") == settings_before
    assert not list(pc.glob("loket-moved-*.db"))
    assert "intact" in loket(pc, "audit", "verify").stdout
    assert "intact" in loket(office, "audit", "verify").stdout
