"""What a person installing and setting up Loket meets: the version, tokens that paste cleanly."""

from __future__ import annotations

import secrets
from importlib import metadata

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
        result = loket_cli("setup", *args)
        assert result.returncode == 0, result.stderr
        assert f'central_token = "{token}"' in (station_dir / "loket.toml").read_text()


def test_only_the_token_option_takes_a_dash_value():
    assert _attach_dash_values(["setup", "--token", "-abc", "--paper", "A4"]) == [
        "setup", "--token=-abc", "--paper", "A4"]
    assert _attach_dash_values(["setup", "--token", "abc"]) == ["setup", "--token", "abc"]
    assert _attach_dash_values(["verify", "--", "--token", "-abc"]) == ["verify", "--", "--token", "-abc"]
