"""Printing through a real CUPS: the job id read back, and the job's state, not lp's exit code, told to the clerk."""

from __future__ import annotations

import os

import pytest

from cupskit import Cups, Printer, free_port, require_cups
from loket.printing import cups
from loket.printing.printer import save_slip, send_to_printer

pytestmark = pytest.mark.skipif(os.name == "nt", reason="CUPS is the Linux and macOS path; Windows uses its spooler")

PDF = b"%PDF-1.4\n% a Suket slip\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def scheduler():
    server = Cups(require_cups())
    yield server
    server.stop()


@pytest.fixture
def counter(scheduler, monkeypatch, tmp_path):
    """A queue named after the test, pointing at a printer the test switches on and off."""
    printer = Printer()
    name = f"LOKET{len(os.listdir(scheduler.root / 'ppd'))}-{os.getpid()}"
    scheduler.add_queue(name, printer)
    monkeypatch.setenv("CUPS_SERVER", scheduler.server)
    yield name, printer
    printer.switch_off()
    scheduler.run("cancel", "-a", name)
    scheduler.run("lpadmin", "-x", name)


@pytest.fixture(autouse=True)
def _english():
    from loket.i18n import set_language

    set_language("en")


@pytest.fixture
def slip(tmp_path):
    return save_slip(PDF, tmp_path / "slips", "471/0007/7373-LKT01/VII/2018", "suket")


def test_the_scheduler_is_only_called_ready_when_it_answers(scheduler, monkeypatch):
    """``lpstat -r`` exits 0 with no scheduler at all; the fixture once took that for ready,
    and the first queue's ``lpadmin`` then found nobody listening."""
    assert scheduler.answers()
    monkeypatch.setattr(scheduler, "server", f"127.0.0.1:{free_port()}")  # nothing listens there
    assert not scheduler.answers()


def test_a_printed_slip_is_reported_with_its_job_id(counter, slip):
    name, printer = counter
    printer.switch_on()
    result = send_to_printer(slip, None, printer=name)
    assert result.sent and result.how == "lp", result.message
    assert result.job.startswith(f"{name}-") and result.job in result.message
    assert printer.jobs == [PDF]  # the printer received the slip, byte for byte


def test_a_switched_off_printer_is_not_reported_as_printed(counter, slip, scheduler):
    name, printer = counter  # never switched on: the connection is refused
    result = send_to_printer(slip, None, printer=name, settle=2)
    assert not result.sent and result.how == "lp"
    assert result.job and result.job in result.message and "NOT printed yet" in result.message
    assert str(slip) in result.message
    # CUPS keeps the job: it comes out once the printer is back.
    printer.switch_on()
    assert cups.watch_job("lpstat", result.job, settle=60).state == "completed"
    assert printer.jobs == [PDF]


def test_a_cancelled_job_is_reported_as_not_printed(counter, slip, scheduler):
    name, _printer = counter
    waiting = send_to_printer(slip, None, printer=name, settle=1)
    assert not waiting.sent and waiting.job
    assert scheduler.run("cancel", waiting.job).returncode == 0
    state = cups.watch_job("lpstat", waiting.job, settle=10)
    assert state.state == "failed"


def test_a_stopped_queue_says_why(counter, slip, scheduler):
    name, printer = counter
    printer.switch_on()
    assert scheduler.run("cupsdisable", "-r", "toner habis", name).returncode == 0
    result = send_to_printer(slip, None, printer=name, settle=1)
    assert not result.sent and "NOT printed yet" in result.message
    assert "disabled: toner habis" in result.message
    assert printer.jobs == []


def test_an_unknown_printer_name_is_reported(counter, slip):
    result = send_to_printer(slip, None, printer="NO-SUCH-COUNTER")
    assert not result.sent and result.how == "lp" and not result.job
    assert "NO-SUCH-COUNTER" in result.message and str(slip) in result.message
    assert 'the printer "NO-SUCH-COUNTER" is not known on this PC' in result.message
    assert "[lp: The printer or class does not exist.]" in result.message


def test_a_queue_refusing_jobs_is_named_with_what_to_do(counter, slip, scheduler):
    name, printer = counter
    printer.switch_on()
    assert scheduler.run("cupsreject", name).returncode == 0
    result = send_to_printer(slip, None, printer=name)
    assert not result.sent and not result.job
    assert f'the printer "{name}" is refusing print jobs' in result.message and "cupsaccept" in result.message
    assert str(slip) in result.message and printer.jobs == []


def test_no_print_service_is_told_as_such_not_as_an_unknown_printer(slip, monkeypatch):
    require_cups()  # lp and lpstat, asking a scheduler that is not there
    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{free_port()}")  # nothing listens there
    result = send_to_printer(slip, None, printer="COUNTER1")
    assert not result.sent
    assert "the print service is not running on this PC" in result.message
    assert "is not known" not in result.message and str(slip) in result.message


def test_a_print_service_without_a_default_printer_says_how_to_choose_one(slip, monkeypatch):
    bare = Cups(require_cups())  # a scheduler with no queue at all
    try:
        monkeypatch.setenv("CUPS_SERVER", bare.server)
        result = send_to_printer(slip, None)
    finally:
        bare.stop()
    assert not result.sent
    assert "this PC has no default printer" in result.message and "loket setup --printer" in result.message


def test_the_default_printer_is_used_when_none_is_chosen(counter, slip, scheduler):
    name, printer = counter
    printer.switch_on()
    assert scheduler.run("lpadmin", "-d", name).returncode == 0
    result = send_to_printer(slip, None)
    assert result.sent and result.job.startswith(f"{name}-"), result.message
    assert printer.jobs == [PDF]
