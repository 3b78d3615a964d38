"""What a person installing and setting up Loket meets: the version, tokens that paste cleanly."""

from __future__ import annotations

import secrets
from importlib import metadata

from conftest import SUPERVISOR
from loket.central.store import CentralStore
from loket.cli import _attach_dash_values


def test_version_flag_prints_the_installed_version(loket_cli):
    result = loket_cli("--version", data_dir=None)
    assert result.returncode == 0
    assert result.stdout.strip() == f"loket {metadata.version('loket')}"


def test_tokens_never_begin_with_a_dash(tmp_path, monkeypatch):
    # token_urlsafe is base64url: about one token in 64 begins with "-", which the
    # suggested `loket setup --token <token>` then read as an option.
    drawn = iter(["-leading-dash-token-" + "a" * 24, "-and-again-" + "b" * 33, "fine-token-" + "c" * 33])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda size: next(drawn))
    store = CentralStore.open(tmp_path / "central.db")
    try:
        assert store.add_station("7373-LKT01") == "fine-token-" + "c" * 33
    finally:
        store.close()


def test_setup_takes_a_token_that_begins_with_a_dash_either_way(loket_cli, station_dir):
    for args, token in ((["--token=-abcDEF_123"], "-abcDEF_123"), (["--token", "-xyzDEF_456"], "-xyzDEF_456")):
        result = loket_cli("setup", *args, "--as", SUPERVISOR[0], "--pin-stdin", stdin=SUPERVISOR[1] + "\n")
        assert result.returncode == 0, result.stderr
        assert f'central_token = "{token}"' in (station_dir / "loket.toml").read_text()


def test_only_the_token_option_takes_a_dash_value():
    assert _attach_dash_values(["setup", "--token", "-abc", "--paper", "A4"]) == [
        "setup", "--token=-abc", "--paper", "A4"]
    assert _attach_dash_values(["setup", "--token", "abc"]) == ["setup", "--token", "abc"]
    assert _attach_dash_values(["verify", "--", "--token", "-abc"]) == ["verify", "--", "--token", "-abc"]


def _without_aiohttp(*argv: str):
    """Run the loket command in a Python where aiohttp cannot be imported, as on a counter."""
    import os
    import subprocess
    import sys

    code = ("import sys; sys.modules['aiohttp'] = None\n"
            "from loket.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, LOKET_LANG="en")
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=60)


def test_central_and_demo_without_the_extra_say_how_to_install_it(tmp_path):
    for argv in (["central", "--port", "0", "--db", str(tmp_path / "c.db")],
                 ["demo", "--data-dir", str(tmp_path / "demo")]):
        result = _without_aiohttp(*argv)
        assert result.returncode == 1, result.stderr
        assert "pip install 'loket[central]'" in result.stderr and "aiohttp" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_counter_works_without_the_extra(tmp_path):
    data = tmp_path / "station"
    setup = _without_aiohttp("--data-dir", str(data), "setup", "--office-code", "7373", "--office-name", "Disdukcapil",
                             "--supervisor", "ANDI", "--pin-stdin")
    # --pin-stdin reads nothing here: setup must refuse cleanly, not fail on an import.
    assert "aiohttp" not in setup.stderr and "Traceback" not in setup.stderr
    added = _without_aiohttp("central", "add-station", "7373-LKT01", "--db", str(tmp_path / "central.db"))
    assert added.returncode == 0, added.stderr  # the operator's station list needs no server
