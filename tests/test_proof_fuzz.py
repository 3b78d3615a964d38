"""Fuzzing every parser and command-line input with hypothesis.

Each target gets arbitrary input (text, bytes, JSON of any shape and nesting, TOML,
command lines) and must either accept it or refuse it with its own documented error,
which carries a message: never another exception, never a traceback. Where a
refusal must not be a silent acceptance (a tampered seal), that is checked too.

The default run tries about 100 cases per target; ``--long`` (or LOKET_PROOF_LONG=1)
12,000 per target, over 100,000 in all.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import string
import sys

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="pip install hypothesis (the test extra has it)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from conftest import CLERK  # noqa: E402

LONG = os.environ.get("LOKET_PROOF_LONG") == "1"
FUZZ = settings(max_examples=12_000 if LONG else 100, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
FIELDS = ("nik", "kk", "name", "birth_place", "birth_date", "sex", "blood_type", "address", "religion",
          "marital_status", "occupation", "nationality", "request_type", "purpose", "biometrics_recorded",
          "photo_path", "mismatch_reason")
# Records near the real shape (the known fields, values of any type) find more than random dicts.
requests = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS)) | st.dictionaries(
    st.text(max_size=12), json_values, max_size=6)
digits = st.text(alphabet=string.digits + " .-x", max_size=24)


def _has_message(exc: BaseException) -> bool:
    message = getattr(exc, "message", None)
    text = message() if callable(message) else (message if isinstance(message, str) else str(exc))
    return bool(text and text.strip())


@FUZZ
@given(text=st.one_of(st.text(max_size=30), digits), today=st.dates(dt.date(1950, 1, 1), dt.date(2100, 1, 1)))
def test_nik_and_kk_parsers(text, today):
    from loket.intake.nik import NumberError, decode_kk, decode_nik, describe_nik, normalize_number

    describe_nik(text)  # the live preview never refuses: it describes
    for parse in (normalize_number, decode_nik, lambda value: decode_kk(value, nik=text, today=today)):
        try:
            parse(text)
        except NumberError as exc:
            assert _has_message(exc)


@FUZZ
@given(data=requests)
def test_intake_record_from_any_json_then_validation(data):
    from loket.intake.record import IntakeRecord, RecordShapeError
    from loket.intake.validate import validate

    try:
        record = IntakeRecord.from_request(data)
    except RecordShapeError as exc:
        assert exc.field and exc.problem
        return
    result = validate(record, today=dt.date(2026, 5, 4))
    assert result.ok or all(problem.message() for problem in result.errors)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    from loket.intake.samples import sample_record
    from loket.printing.keys import generate_keypair
    from loket.printing.seal import make_seal, suket_payload, valid_until

    key = generate_keypair(tmp_path_factory.mktemp("fuzzkey"), "7373-LKT01")
    record = sample_record()
    issued = dt.date(2026, 5, 4)
    payload = suket_payload("471/0001/7373-LKT01/V/2026", record.nik, record.name, record.birth_date, record.sex,
                            "7373", "7373-LKT01", issued, valid_until(issued, 6))
    return make_seal(key, payload), [key.public_jwk()]


@FUZZ
@given(position=st.integers(min_value=0), replacement=st.characters(), junk=st.text(max_size=60))
def test_seal_verification_never_raises_and_never_accepts_a_change(sealed, position, replacement, junk):
    from loket.printing.seal import verify_seal

    jws, jwks = sealed
    assert verify_seal(jws, jwks, today=dt.date(2026, 5, 5)).genuine
    index = position % len(jws)
    tampered = jws[:index] + replacement + jws[index + 1:]
    check = verify_seal(tampered, jwks, today=dt.date(2026, 5, 5))
    if tampered != jws:
        # Base64url has a few spare bits in the last character of each part: a change there may
        # decode to the same bytes, which is the same seal, not a forgery.
        from loket.printing.seal import _b64url_decode

        same = [_b64url_decode(a) for a in tampered.split(".")] == [_b64url_decode(a) for a in jws.split(".")]
        assert not check.genuine or same
    assert not verify_seal(junk, jwks).genuine
    verify_seal(junk.encode("utf-8", "surrogatepass"), jwks)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode()),
                     st.builds(lambda items: json.dumps({"items": items}).encode(), st.lists(json_values, max_size=4))))
def test_central_batch_parser(raw):
    from loket.central.batch import BadBatch, BatchTooLarge, parse_batch, parse_json

    try:
        parse_batch(parse_json(raw))
    except BadBatch as exc:
        assert str(exc)
    except BatchTooLarge:
        pass


def test_central_batch_parser_at_any_nesting():
    from loket.central.batch import BadBatch, parse_json

    with pytest.raises(BadBatch, match="nests too deeply"):
        parse_json(b"[" * 100_000 + b"]" * 100_000)


@FUZZ
@given(body=json_values, statuses=json_values)
def test_readers_of_centrals_answers(body, statuses):
    from loket.storage.outbox import OutboxItem
    from loket.sync.client import BadReply, Reply
    from loket.sync.results import read_batch_results, read_statuses

    chunk = [OutboxItem(1, "k1", "{}"), OutboxItem(2, "k2", "{}")]
    for reader, value in ((lambda r: read_batch_results(r, chunk), body), (lambda r: read_statuses(r, {"C1": 1}), statuses)):
        reply = Reply(200, value if isinstance(value, dict) else {"results": value, "statuses": value})
        try:
            reader(reply)
        except BadReply as exc:
            assert exc.what


@FUZZ
@given(text=st.one_of(st.text(max_size=200), st.dictionaries(
    st.sampled_from(["office_code", "station_id", "central_url", "paper", "validity_months", "language",
                     "number_pattern", "probe_interval", "office_name", "head_nip"]),
    st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.floats(allow_nan=False)), max_size=6).map(
        lambda d: "\n".join(f"{k} = {json.dumps(v) if not isinstance(v, bool) else str(v).lower()}" for k, v in d.items()))))
def test_settings_file_parser(tmp_path_factory, text):
    from loket.config import DataPaths, Settings, SettingsError, load_settings

    root = tmp_path_factory.mktemp("settings", numbered=True)
    (root / "loket.toml").write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) else None
    if not (root / "loket.toml").exists():
        return
    try:
        assert isinstance(load_settings(DataPaths(root)), Settings)
    except SettingsError as exc:
        assert _has_message(exc)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


@FUZZ
@given(content=st.one_of(st.binary(max_size=400), json_values.map(lambda v: json.dumps(v).encode()),
                         st.lists(json_values.map(json.dumps), max_size=4).map(lambda lines: "\n".join(lines).encode())))
def test_bundle_and_key_file_readers(tmp_path_factory, content):
    from loket.central.bundle_import import read_header, read_key_file
    from loket.sync.bundle import BundleError

    folder = tmp_path_factory.mktemp("bundle", numbered=True)
    path = folder / "input"
    path.write_bytes(content)
    for reader in (read_key_file, read_header):
        try:
            reader(path)
        except BundleError as exc:
            assert _has_message(exc)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def fuzz_station(_station_template, tmp_path_factory):
    from loket.station import Station

    root = tmp_path_factory.mktemp("fuzz-station") / "station"
    shutil.copytree(_station_template, root)
    station = Station.open(root)
    yield station, station.login(*CLERK)
    station.close()


@FUZZ
@given(lines=st.lists(st.one_of(
    st.binary(max_size=200),
    requests.map(lambda d: json.dumps(d).encode()),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b'{"nik":' * depth + b"1" + b"}" * depth),
), max_size=6))
def test_intake_json_lines(fuzz_station, lines):
    """``loket intake --json``'s reader: any bytes, any nesting; every line is counted once."""
    from loket.cli.intake_cmd import _import_lines

    station, clerk = fuzz_station
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        tally = _import_lines(station, clerk, io.BytesIO(b"\n".join(lines)), send=False)
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    non_blank = sum(1 for line in b"\n".join(lines).split(b"\n") if line.strip())
    assert tally.saved + tally.already + tally.refused <= non_blank


# The counter app (no subcommand), the demo and the central server run until stopped: not here.
COMMANDS = ["sync", "status", "verify", "audit", "user", "keys", "intake", "export", "backup", "setup", "report"]
ARGS = st.tuples(st.sampled_from(COMMANDS), st.lists(st.one_of(
    st.sampled_from(COMMANDS + ["--json", "--no-probe", "--batch-size", "--deadline", "--as", "--pin-stdin", "list",
                                "add", "disable", "--role", "clerk", "--lang", "--key", "--since", "--out",
                                "--bundle", "--clerk", "--paper"]),
    st.text(alphabet=string.printable, max_size=12)), max_size=5)).map(lambda parts: [parts[0], *parts[1]])


@FUZZ
@given(argv=ARGS, stdin=st.text(max_size=20))
def test_command_lines_never_end_in_a_traceback(fuzz_station, tmp_path_factory, argv, stdin):
    """Any command line against a set-up station without a central: an exit status and a
    sentence, never "unexpected error". Nothing is written outside a temporary folder."""
    from loket.cli import main

    station, _ = fuzz_station
    if any(arg in ("-h", "--help") for arg in argv):
        return  # help is argparse's and exits 0 by design
    work = tmp_path_factory.mktemp("cli", numbered=True)
    argv = [arg.replace("/", "_") if not arg.startswith("-") else arg for arg in argv]
    old = os.getcwd(), sys.stdin, sys.stdout, sys.stderr
    os.chdir(work)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), io.StringIO(), io.StringIO()
    try:
        try:
            code = main(["--data-dir", str(station.paths.root), *argv])
        except SystemExit as exit_:
            code = exit_.code
        err = sys.stderr.getvalue()
    finally:
        os.chdir(old[0])
        sys.stdin, sys.stdout, sys.stderr = old[1:]
        shutil.rmtree(work, ignore_errors=True)
    assert code in (0, 1, 2, 130), (argv, code, err)
    assert "unexpected" not in err.lower() and "Traceback" not in err, (argv, err)
