"""The sync engine: one run drains the outbox to central, then pulls statuses.

A run checks the authorization, registers the station's public key once, then
claims batches (urgent purposes first, then oldest) and posts them with the
idempotency keys made at intake. What central answers per item is stored at once;
what it answers for the whole call decides the next step (``sync.retry``: stop on
401/403, wait on 429, back off on 5xx and dropped links). With no answer at all,
the items go back to the queue with the same keys, so the retry is answered
``duplicate`` for what central had stored.

Items are never held while waiting, and nothing ever deletes an unsynced item.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import peewee

from loket.storage import linklog, outbox
from loket.sync.client import BadReply, CentralClient, LinkDown, Reply
from loket.sync.monitor import LinkMonitor
from loket.sync.outcome import OUTCOMES, SyncProgress, SyncResult, Tally  # noqa: F401 - the run's vocabulary
from loket.sync.results import read_batch_results, read_statuses
from loket.sync.retry import RetryPolicy, Stop
from loket.sync.states import Observation

MAX_BODY = 2 * 1024 * 1024 - 4096  # the protocol's 2 MiB, less room for the envelope
REGISTERED_KID = "central.registered_kid"
LAST_STATUS_PULL = "central.last_status_pull"
SENT_CHECKPOINT = "central.audit_checkpoint"  # the signature of the checkpoint central holds
# The app syncs after every few saves; asking about every synced request each time
# would cost one call per 500 of them. Once in this long is enough for news of cards.
STATUS_PULL_EVERY = dt.timedelta(minutes=5)


class SyncRun(RetryPolicy):
    """One run. Use ``SyncRun(...).run()``; build a new one for the next run."""

    def __init__(
        self,
        db: peewee.Database,
        client: CentralClient,
        monitor: LinkMonitor,
        public_jwk: dict[str, str] | None,
        *,
        on_progress: Callable[[SyncProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc),
        batch_size: int = outbox.MAX_BATCH,
        pull_statuses: bool | None = None,
        audit_checkpoint: str | None = None,
    ):
        self.db, self.client, self.monitor, self.public_jwk = db, client, monitor, public_jwk
        self.on_progress = on_progress or (lambda progress: None)
        self.should_stop = should_stop or (lambda: False)
        self._sleep, self._rng, self._clock = sleep, rng or random.Random(), clock
        self._rate_limited_for = 0.0
        self.batch_size = max(1, min(batch_size, outbox.MAX_BATCH))
        self.pull_statuses = pull_statuses  # None: when the last pull is old enough
        self.audit_checkpoint = audit_checkpoint  # the audit log's newest signed checkpoint (JWS)
        self.checkpoint_pending = False
        self.runner = outbox.runner_id()
        self.tally = Tally()
        # An office database holds every counter's queue; this run sends this station's
        # items, under its own credentials (central takes a station's items only from it).
        self.station_id = client.station_id

    def run(self) -> SyncResult:
        started = self.started = self._clock()
        run_id = linklog.start_run(self.db, self.runner, started)
        self.run_id = run_id
        outcome, detail = "drained", None
        try:
            self.tally.total = outbox.pending_count(self.db, self.station_id)
            self._report()
            self._check_authorization()
            self._register_key()
            self._withdraw()
            self.checkpoint_pending = self._checkpoint_unsent()
            self._drain()
            self._send_checkpoint()
            self._pull_statuses()
        except Stop as stop:
            outcome, detail = stop.outcome, stop.detail
        finally:
            # Normally nothing is still claimed here; after an unexpected error the
            # items must not wait for the claim's lease to run out.
            outbox.release_all(self.db, self.runner, self._clock())
        left = outbox.pending_count(self.db, self.station_id)
        finished = self._clock()
        tally = self.tally
        counts = {"sent": tally.sent, "accepted": tally.accepted, "duplicate": tally.duplicate,
                  "rejected": tally.rejected, "conflict": tally.conflict, "completed": tally.completed,
                  "left_over": left}
        linklog.finish_run(self.db, run_id, outcome, counts, detail, finished)
        return SyncResult(outcome, tally.sent, tally.accepted, tally.duplicate, tally.rejected, tally.conflict,
                          left, started, finished, detail, tally.completed, tally.withdrawn)

    # -- steps ---------------------------------------------------------------------

    def _check_authorization(self) -> None:
        reply = self._call(self.client.authorization)
        self._judge(reply)

    def _register_key(self) -> None:
        """Central needs the public key to check Sukets issued offline; sent once per key."""
        jwk = self.public_jwk
        if not jwk or linklog.get_fact(self.db, self._fact(REGISTERED_KID)) == jwk.get("kid"):
            return
        reply = self._call(lambda: self.client.put_signing_key(jwk))
        if reply.status == 409:
            raise Stop("failed", "key_exists")
        self._judge(reply)
        linklog.set_fact(self.db, self._fact(REGISTERED_KID), jwk["kid"], self._clock())

    def _withdraw(self) -> None:
        """Ask central to withdraw what supervisors voided or sent again under a new key
        (``storage.fate``), before the queue goes: a corrected conflict's Suket number is
        free at central once the old record is withdrawn."""
        from loket.storage import fate
        from loket.sync import withdraw

        after = 0
        while not self.should_stop():
            page = fate.pending(self.db, self.station_id, after, withdraw.MAX_ITEMS)
            if not page:
                return
            after = page[-1].id
            fate.mark_tried(self.db, [pending.id for pending in page])
            reply = self._call(lambda: self.client.post_withdraw(withdraw.body(page)))
            if reply.status in withdraw.UNKNOWN_CALL:
                answers = withdraw.unsupported(page)  # an older central: settled, not stuck
            else:
                self._judge(reply)
                try:
                    answers = withdraw.read_answers(reply, page)
                except BadReply as exc:
                    raise Stop("failed", f"bad_reply: {exc.what}") from None
            settled = fate.settle(self.db, answers, self._clock())
            self.tally.withdrawn += settled["cancelled"] + settled["not_held"]

    # The audit log's newest signed checkpoint rides, as the optional ``audit_checkpoint``,
    # on the run's first batch; with nothing to send, on a batch of no items of its own
    # (docs/central-link.md). Until central says it holds it, each run offers it again
    # (an older central ignores the field).

    def _checkpoint_unsent(self) -> bool:
        token = self.audit_checkpoint
        return bool(token) and linklog.get_fact(self.db, self._fact(SENT_CHECKPOINT)) != token.rsplit(".", 1)[-1]

    def _checkpoint_member(self) -> str:
        """The field to add to the next batch's body, or "" (offered once per run)."""
        if not self.checkpoint_pending:
            return ""
        self.checkpoint_pending = False
        import json

        return f',"audit_checkpoint":{json.dumps(self.audit_checkpoint)}'

    def _checkpoint_answered(self, reply: Reply) -> None:
        answer = reply.body.get("audit_checkpoint") if reply.status == 200 and isinstance(reply.body, dict) else None
        if isinstance(answer, dict) and answer.get("status") in ("stored", "known"):
            linklog.set_fact(self.db, self._fact(SENT_CHECKPOINT), self.audit_checkpoint.rsplit(".", 1)[-1],
                             self._clock())

    def _send_checkpoint(self) -> None:
        """No batch carried it: a batch of no items does. A refusal other than 401/403
        does not fail the run (the queue went through; the next run offers it again)."""
        member = self._checkpoint_member()
        if not member:
            return
        reply = self._call(lambda: self.client.post_batch(('{"items":[]' + member + "}").encode()))
        if reply.status in (401, 403):
            self._judge(reply)
        self._checkpoint_answered(reply)

    def _drain(self) -> None:
        """Post batches until the queue is empty, keeping the link and both databases busy.

        The call runs on a sender thread. While it is in flight, this thread stores the
        answers to the call before it and claims what goes next, so the station's
        commits overlap central's work. A reply is read (and a refusal of the whole
        call acted on) before the next call leaves; only storing its per-item answers
        waits for that call to be on its way. On any failure the call's items go back
        with the failure recorded; items claimed but never sent go back as they were.
        """
        failures = 0
        limit = self.batch_size
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="loket-sync-post") as sender:
            while True:
                if self.should_stop():
                    raise Stop("cancelled")
                waiting = outbox.claim_batch(self.db, self.runner, limit, self._clock(), station_id=self.station_id)
                if not waiting:
                    return
                failures, limit = self._send_claimed(sender, waiting, failures, limit)

    def _send_claimed(self, sender: ThreadPoolExecutor, waiting: list[outbox.OutboxItem], failures: int,
                      limit: int) -> tuple[int, int]:
        """Send ``waiting`` and whatever can be claimed after it; returns after a failure
        (everything held given back) or when nothing is left. Answers read but not yet
        stored are always stored before this returns or raises."""
        answered: list | None = None  # the last call's verdicts, stored while the next call is out
        try:
            while waiting:
                chunk, waiting = _first_chunk(waiting)
                member = self._checkpoint_member()
                flight = sender.submit(self.client.post_batch, _batch_body(chunk, member))
                if answered is not None:
                    stored, answered = answered, None
                    self._store(stored)
                if not waiting and not self.should_stop():
                    waiting = outbox.claim_batch(self.db, self.runner, limit, self._clock(),
                                                 station_id=self.station_id)
                try:
                    reply = flight.result()
                except LinkDown as exc:
                    self._give_back(chunk, "no_answer", exc.cause)
                    self._release_unsent(waiting)
                    self.monitor.observe(Observation("offline", exc.cause))
                    return self._back_off(failures, exc.cause), limit
                if reply.status == 200:
                    answered = self._read_answers(chunk, reply)
                    if member:
                        self._checkpoint_answered(reply)
                    failures = 0
                    if self.should_stop():
                        raise Stop("cancelled")  # the run gives back what it still holds
                    continue
                self._give_back(chunk, "refused", f"http_{reply.status}")
                self._release_unsent(waiting)
                if reply.status == 413 and limit > 1:
                    return failures, max(1, len(chunk) // 2)  # a stricter server: smaller batches
                if reply.status in (400, 413):
                    raise Stop("failed", f"http_{reply.status}: {reply.error or ''}".rstrip(": "))
                self._judge(reply)  # 401/403 stop here
                if reply.status == 429:
                    return self._wait_retry_after(reply, failures), limit
                return self._back_off(failures, f"http_{reply.status}"), limit
            return failures, limit
        finally:
            if answered is not None:
                self._store(answered)

    def _release_unsent(self, items: list[outbox.OutboxItem]) -> None:
        """Claimed but never posted: back to the queue with no attempt recorded."""
        if items:
            outbox.release_all(self.db, self.runner, self._clock())

    def _read_answers(self, chunk: list[outbox.OutboxItem], reply: Reply) -> list:
        """The call's per-item verdicts; a reply that does not fit gives the items back and stops."""
        try:
            verdicts = read_batch_results(reply, chunk)
        except BadReply as exc:
            self._give_back(chunk, "bad_reply", exc.what)
            raise Stop("failed", f"bad_reply: {exc.what}") from None
        self.monitor.observe(Observation("online"))
        return verdicts

    def _store(self, verdicts: list) -> None:
        applied = outbox.apply_results(self.db, self.runner, self.run_id, verdicts, self._clock())
        tally = self.tally
        tally.sent += len(verdicts)
        tally.accepted += applied.accepted
        tally.duplicate += applied.duplicate
        tally.rejected += applied.rejected
        tally.conflict += applied.conflict
        self._report()

    def _status_pull_due(self) -> bool:
        if self.pull_statuses is not None:
            return self.pull_statuses
        last = linklog.get_fact(self.db, self._fact(LAST_STATUS_PULL))
        if last is None:
            return True
        from loket.storage.models import parse_utc_text

        return self._clock() - parse_utc_text(last) >= STATUS_PULL_EVERY

    def _pull_statuses(self) -> None:
        """Ask central how synced requests are doing; a printed card completes one."""
        if not self._status_pull_due():
            return
        self._pull_all_statuses()
        from loket.storage.models import utc_text

        linklog.set_fact(self.db, self._fact(LAST_STATUS_PULL), utc_text(self._clock()), self._clock())

    def _fact(self, name: str) -> str:
        """A station fact's name: per counter in an office database, as is in a PC's own file."""
        from loket.storage import backend

        return f"{name}:{self.station_id}" if backend.is_postgres(self.db) else name

    def _pull_all_statuses(self) -> None:
        from loket.storage.models import utc_text

        # What this run synced was answered moments ago: no second round trip for it.
        before = utc_text(self.started)
        after = 0
        while not self.should_stop():
            page = outbox.synced_refs_after(self.db, after, outbox.MAX_BATCH, self.station_id, synced_before=before)
            if not page:
                return
            after = page[-1][0]
            reply = self._call(lambda: self.client.post_status([ref for _, ref in page]))
            self._judge(reply)
            try:
                updates = read_statuses(reply, dict((ref, request_id) for request_id, ref in page))
            except BadReply as exc:
                raise Stop("failed", f"bad_reply: {exc.what}") from None
            completed, rejected = outbox.apply_statuses(self.db, self.run_id, updates, self._clock())
            self.tally.completed += completed
            self.tally.rejected += rejected

    # -- helpers -------------------------------------------------------------------

    def _give_back(self, items: list[outbox.OutboxItem], result: str, reason: str) -> None:
        if items:
            outbox.release(self.db, self.runner, self.run_id, items, result, reason, self._clock())

    def _report(self) -> None:
        self.on_progress(self.tally.progress())


def _first_chunk(items: list[outbox.OutboxItem]) -> tuple[list[outbox.OutboxItem], list[outbox.OutboxItem]]:
    """The leading items whose call body stays under the protocol's 2 MiB, and the rest."""
    size = 0
    for index, item in enumerate(items):
        size += len(item.json.encode()) + 1
        if index and size > MAX_BODY:
            return items[:index], items[index:]
    return items, []


def _batch_body(chunk: list[outbox.OutboxItem], member: str = "") -> bytes:
    return ('{"items":[' + ",".join(item.json for item in chunk) + "]" + member + "}").encode()
