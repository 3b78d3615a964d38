"""The counter station: one object that ties settings, the queue, the key and the printer.

The TUI and the CLI both go through here, so a request typed at the counter and a
record imported from a paper form take exactly the same path: validate, one write
transaction (request, Suket, audit event), then render, save and print the slip.
Every method may block (disk, PDF, printer): the TUI calls them from worker threads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from loket.config import DataPaths, Settings, load_settings, resolve_data_dir
from loket.intake.record import IntakeRecord
from loket.sync.station_link import CentralLink


class SubmitRefused(Exception):
    """The record was not saved; ``problems`` say why, each naming its field."""

    def __init__(self, problems: list):
        super().__init__("; ".join(p.message() for p in problems))
        self.problems = problems


@dataclass
class Saved:
    """What the clerk needs after saving: the numbers and the slip."""

    request_id: int
    queue_no: int
    kind: str  # "suket" or "receipt"
    number: str
    suket_id: int
    jws: str | None
    valid_until: dt.date | None
    warnings: list[str]
    record: IntakeRecord
    issued_on: dt.date  # local date the request was taken (a receipt is dated with it)


@dataclass
class Corrected:
    """The outcome of a supervisor's correction."""

    request_id: int
    new_document: bool  # True when a new Suket/receipt was issued: print ``saved``
    saved: Saved | None
    changed: tuple[str, ...]  # the names of the changed fields (address parts by their own names)


@dataclass
class SlipOutcome:
    pdf_path: Path
    printed: bool
    message: str


class Station:
    def __init__(self, paths: DataPaths, settings: Settings, db, office_link=None):
        self.paths = paths
        self.settings = settings
        self._db = db
        # A counter of an office database: that database, or this PC's file while it is down.
        self.office_link = office_link
        self._key = None
        self.central = CentralLink(settings, lambda: self.db)  # client and monitor, made on first use
        self.for_reading = False  # opened by a command that only reads: no checkpoint at close
        from loket.event_sealer import EventSealer

        self.event_sealer = EventSealer(self)  # a checkpoint every EVERY_EVENTS intake events, beside the saves

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, for_reading: bool = False) -> "Station":
        """Open a set-up station; raises SettingsError or a storage error with a message.
        ``for_reading``: the caller only reads, so a full disk must not stop it."""
        from loket.storage.db import open_database
        from loket.storage.reading import open_for_reading

        paths = DataPaths(resolve_data_dir(data_dir))
        settings = load_settings(paths)
        if settings.database:
            from loket.office_link import OfficeLink

            link = OfficeLink(paths, settings)
            station = cls(paths, settings, link.open(), link)
        else:
            db = (open_for_reading if for_reading else open_database)(paths.database)
            station = cls(paths, settings, db)
        station.for_reading = for_reading
        return station

    @property
    def db(self):
        """The database in use: this PC's file, or the office's (this PC's file while it is down)."""
        return self.office_link.current if self.office_link is not None else self._db

    def close(self) -> None:
        self.event_sealer.stop()  # a checkpoint still due after the last save is made first
        if not self.for_reading:
            self.seal_audit("close")
        self.central.close()
        if self.office_link is not None:
            self.office_link.close()
        elif not self._db.is_closed():
            self._db.close()

    # -- people ---------------------------------------------------------------------

    def login(self, name: str, pin: str):
        from loket.storage import users

        if self.office_link is None:
            return users.authenticate(self.db, name, pin, now=_now())
        return self.office_link.run(lambda db: users.authenticate(db, name, pin, now=_now()))

    # -- intake ---------------------------------------------------------------------

    def check(self, record: IntakeRecord, today: dt.date | None = None):
        """Validate without saving (the confirm step shows the result)."""
        from loket.intake.validate import validate

        return validate(record, today=today or self.today())

    def submit(self, record: IntakeRecord, clerk, now: dt.datetime | None = None) -> Saved:
        """Validate and store one request in one transaction, sealing its Suket.

        Raises SubmitRefused (validation) or the queue's DuplicateOpenRequest; on any
        error nothing is written.
        """
        from loket.printing.photo import with_kept_copy
        from loket.storage import queue

        now = now or _now()
        today = now.date()
        result = self.check(record, today=today)
        if not result.ok:
            raise SubmitRefused(result.errors)
        clean = with_kept_copy(self.paths.root, result.normalized)
        request = clean.to_request()
        request.update(
            received_at=now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            clerk_id=clerk.name,
            station_id=self.settings.station_id,
        )
        if clean.mismatch_reason:
            # Not in the protocol's record, which lets senders add fields: without it
            # central would refuse a disagreement with the NIK the clerk accepted on
            # the evidence of a document.
            request["mismatch_reason"] = clean.mismatch_reason
        local = {"photo_path": clean.photo_path, "mismatch_reason": clean.mismatch_reason}
        key = self.key()  # loaded before the write lock is taken, not while holding it
        warnings = [w.code for w in result.warnings]
        issued_on = today
        issue = self._issuer(clean, issued_on, key)

        def save(db, clerk, **extra):
            return queue.enqueue(
                db, request=request, local=local, warnings=warnings, clerk=clerk,
                station_id=self.settings.station_id, office_code=self.settings.office_code,
                number_pattern=self.settings.number_pattern, now=now, issue=issue, **extra,
            )

        if self.office_link is None:
            done = save(self.db, clerk)
        else:
            done = self.office_link.save(save, clerk, self.settings.station_id)
        self.event_sealer.after_save(self, done.audit_seq)
        return Saved(
            request_id=done.request_id,
            queue_no=done.queue_no,
            kind=done.kind,
            number=done.number,
            suket_id=done.suket_id,
            jws=done.jws,
            valid_until=done.valid_until,
            warnings=warnings,
            record=clean,
            issued_on=issued_on,
        )

    def _issuer(self, clean: IntakeRecord, issued_on: dt.date, key):
        """The ``issue`` callback storage calls with a freshly allocated number (printing.issuer)."""
        from loket.printing.issuer import suket_issuer

        return suket_issuer(self.settings, clean, issued_on, key)

    # -- resolving stuck requests (supervisor) ----------------------------------------

    def stored_record(self, request_id: int) -> IntakeRecord:
        """A request's data as an editable record (the correction form starts from it)."""
        from loket.storage import queue
        from loket.storage.errors import QueueError

        view = queue.get_request(self.db, request_id)
        if view is None:
            raise QueueError("storage.request_not_found")
        return IntakeRecord.from_request({**view.payload, **view.local})

    def correct(self, request_id: int, record: IntakeRecord, supervisor, reason: str) -> "Corrected":
        """Store a supervisor's correction of a rejected or conflicting request; queue it again.

        Validated like an intake (refused -> SubmitRefused) as of the day the request was
        taken, the day central judges it for; sent under a new idempotency key. When a
        field the resident's document shows changed, a new document is issued (new
        number, new seal; the old one superseded): print ``Corrected.saved``.
        """
        from loket.storage import naming, queue, resolve
        from loket.storage.errors import QueueError
        from loket.storage.users import require_supervisor

        reason = resolve.clean_reason(reason)
        require_supervisor(self.db, supervisor)  # early, so a clerk is told before any checking
        view = queue.get_request(self.db, request_id)
        if view is None:
            raise QueueError("storage.request_not_found")
        if view.state not in resolve.CORRECTABLE_STATES:
            raise resolve.refusal_for(naming.name_of(self.db, request_id), view.state, "resolve.cannot_correct")
        now = _now()
        result = self.check(record, today=view.created_at.astimezone().date())
        if not result.ok:
            raise SubmitRefused(result.errors)
        clean = result.normalized
        changed = resolve.changed_fields({**view.payload, **view.local}, clean.to_local())
        new_document = resolve.needs_new_document(view.suket.kind if view.suket else None, clean, changed)
        request = clean.to_request()
        request.update(
            received_at=view.payload.get("received_at") or view.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            clerk_id=view.payload.get("clerk_id") or view.clerk_name,
            station_id=view.station_id,
        )
        if clean.mismatch_reason:
            request["mismatch_reason"] = clean.mismatch_reason  # as in submit: central must see it
        # A warning a supervisor already confirmed stays confirmed unless its field changed.
        overridden = {entry.get("code") for entry in view.local.get("overrides") or ()}
        warnings = [w.code for w in result.warnings if not (w.code in overridden and w.field not in changed)]
        local = {**view.local, "photo_path": clean.photo_path, "mismatch_reason": clean.mismatch_reason}
        today = now.date()
        key = self.key() if new_document else None
        done = resolve.correct_request(
            self.db,
            request_id,
            expected_key=view.idempotency_key,
            request=request,
            local=local,
            warnings=warnings,
            changed=changed,
            new_document=new_document,
            supervisor=supervisor,
            reason=reason,
            station_id=self.settings.station_id,
            office_code=self.settings.office_code,
            number_pattern=self.settings.number_pattern,
            now=now,
            issue=self._issuer(clean, today, key),
        )
        saved = None
        if done.number is not None:
            saved = Saved(
                request_id=request_id, queue_no=done.queue_no, kind=done.kind, number=done.number,
                suket_id=done.suket_id, jws=done.jws, valid_until=done.valid_until, warnings=warnings,
                record=clean, issued_on=today,
            )
        return Corrected(request_id, saved is not None, saved, changed)

    def requeue(self, request_ids, supervisor, reason: str) -> list:
        """Send rejected or conflicting requests again under new keys; one ActionResult each."""
        from loket.storage import resolve

        return resolve.requeue(self.db, list(request_ids), supervisor, reason, now=_now())

    def void(self, request_ids, supervisor, reason: str) -> list:
        """Cancel requests (never deleted: marked void, Suket superseded); one ActionResult each."""
        from loket.storage import resolve

        return resolve.void_many(self.db, list(request_ids), supervisor, reason, now=_now())

    def override_warning(self, request_id: int, code: str, supervisor, reason: str) -> None:
        """A supervisor confirms an intake warning (e.g. an unknown region prefix)."""
        from loket.storage import resolve

        resolve.override_warning(self.db, request_id, code, supervisor, reason, now=_now())

    def seal_audit(self, reason: str):
        """Sign the audit chain's head with the station key (see loket/audit_seal.py)."""
        from loket.audit_seal import seal_station

        with self.event_sealer.lock:  # never two checkpoints at once: the background one waits
            db = self.db
            sealed = seal_station(self, reason)
            self.event_sealer.made_now(db, sealed)
            return sealed

    # -- slips ----------------------------------------------------------------------

    def key(self):
        if self._key is None:
            from loket.printing.keys import load_key

            self._key = load_key(self.paths.keys)
        return self._key

    def warm_up(self) -> None:
        """Load the signing key and the PDF and QR libraries ahead of the first save.

        The TUI calls this in a worker after login, so the first resident of the day
        does not wait about half a second for imports.
        """
        from loket.printing import qr, slip  # noqa: F401 - imported for their side effect

        self.key()
        import fpdf  # noqa: F401
        import qrcode  # noqa: F401

    def today(self) -> dt.date:
        return dt.date.today()

    def print_slip(self, saved: Saved, copy_number: int = 0, send: bool = True) -> SlipOutcome:
        """Render, save under the data directory and (if ``send``) print the slip.

        The database already holds the request: a failing printer loses nothing, the
        PDF stays on disk and the message says where.
        """
        from loket.printing import printer, slip
        from loket.storage import queue

        pdf = slip.render_for(saved, self.settings, copy_number=copy_number, received=saved.issued_on)
        path = printer.save_slip(pdf, self.paths.slips, saved.number, slip.file_kind(saved.kind, copy_number))
        path = Path(path).absolute()  # stored and shown whatever the working folder was
        if copy_number == 0:
            queue.set_pdf_path(self.db, saved.suket_id, str(path))
        if not send:
            from loket.i18n import t

            return SlipOutcome(path, False, t("slip.saved_at", path=str(path)))
        result = printer.send_to_printer(path, self.settings.printer_command or None, self.settings.printer)
        return SlipOutcome(path, result.sent, result.message)

    def recover_slips(self, **options):
        """After a crash: render the original slip of each saved request that has none, and
        remove leftover temporary slip files (see loket.printing.recovery)."""
        from loket.printing.recovery import recover_slips
        from loket.storage import queue

        def render(request_id: int) -> Path:
            return self.print_slip(saved_from_view(queue.get_request(self.db, request_id)), send=False).pdf_path

        return recover_slips(self.db, self.paths.slips, render, station_id=self.settings.station_id, **options)

    def reprint(self, request_id: int, supervisor, reason: str) -> tuple[int, SlipOutcome]:
        """Print a copy of a request's slip, marked SALINAN, with the same seal.

        Needs a supervisor (checked again by storage against the database) and a
        reason; the reprint is audited before anything is printed.
        """
        from loket.storage import queue

        view = queue.get_request(self.db, request_id)
        if view is None or view.suket is None:
            raise LookupError(request_id)
        copy_number = queue.record_reprint(self.db, view.suket.id, supervisor, reason, now=_now())
        return copy_number, self.print_slip(saved_from_view(view), copy_number=copy_number)

    # -- the central link -----------------------------------------------------------

    @property
    def link_configured(self) -> bool:
        return self.central.configured

    @property
    def probe_interval(self) -> float:
        return float(self.settings.probe_interval)

    def link_monitor(self):
        """The station's one link monitor (hysteresis is kept across probes), or None."""
        return self.central.monitor()

    def link_reading(self):
        """The last known link state, from the database: no network."""
        return self.central.reading()

    def check_link(self):
        """Probe central once (blocking); returns the LinkChange when the state changed."""
        return self.central.check()

    def sync(self, on_progress=None, should_stop=None, **options):
        """One sync run (blocking): drain the queue to central, then pull statuses.

        ``options`` go to the run (``batch_size``; tests also pass ``sleep`` and ``rng``);
        ``deadline`` (seconds) bounds each exchange with central, answer included.
        """
        def checkpoint():
            sealed = self.seal_audit("sync")
            return sealed.jws if sealed else None

        return self.central.sync(lambda: self.key().public_jwk(), on_progress, should_stop,
                                 checkpoint=checkpoint, **options)

    def queue_counts(self) -> dict[str, int]:
        from loket.storage.views import counts_by_state

        return counts_by_state(self.db)

    def last_sync(self):
        return self.central.last_sync()


def saved_from_view(view) -> Saved:
    """A stored request in the shape the slip printer takes (for reprints)."""
    record = IntakeRecord.from_request({**view.payload, **view.local})
    suket = view.suket
    return Saved(
        request_id=view.id,
        queue_no=view.queue_no,
        kind=suket.kind,
        number=suket.number,
        suket_id=suket.id,
        jws=suket.jws,
        valid_until=suket.valid_until,
        warnings=list(view.warnings),
        record=record,
        issued_on=suket.issued_at.astimezone().date(),
    )


def _now() -> dt.datetime:
    """Now, in the station's own time zone: Suket numbers and dates follow the local
    calendar (1 January 07:00 WITA is already the new year), while stored times are UTC."""
    return dt.datetime.now().astimezone().replace(microsecond=0)
