"""One intake saved in an office database (PostgreSQL) in two round trips.

``queue.enqueue`` on PostgreSQL, done statement by statement, waits for the server
about ten times per save (BEGIN, two counters, the request, the Suket, the audit
lock, the chain's head, the event, COMMIT). Each wait is a round trip, and on a
busy office network they are most of a save. Here the same statements, in the same
order and with the same locks, go in psycopg's pipeline mode, in two batches:

1. BEGIN; the queue counter; the document counter (with a request id from the
   table's own sequence); the chain's advisory lock; the chain's head. The
   numbers are needed to seal, so this batch must come back first.
2. The request, its Suket and the audit event, in one statement; COMMIT.

What does not change: the counters are bumped by the same upserts and stay locked
until COMMIT (gapless; a rollback gives them back), the unique indexes refuse a
second open request of a NIK and a taken number, the chain's lock is held before
its head is read (each statement in a pipeline reads its own snapshot), and on
any error, the seal's included, the transaction is rolled back: nothing written.
Nothing is prepared server-side: psycopg's automatic preparing loses track of its
prepared statements when a pipeline is aborted by an error (a duplicate NIK).
"""

from __future__ import annotations

from typing import Any, Callable

import peewee

from loket.storage import audit, backend
from loket.storage.db import translate_errors
from loket.storage.numbering import QUEUE

_BUMP = (
    "INSERT INTO counters (station_id, year, kind, value) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (station_id, year, kind) DO UPDATE SET value = counters.value + 1 RETURNING value"
)
# The document counter's row comes back with the request's id, taken from the identity's sequence.
_BUMP_WITH_ID = _BUMP + ", nextval(pg_get_serial_sequence('requests', 'id'))"
_HEAD = "SELECT seq, hash FROM audit_events WHERE chain = %s ORDER BY seq DESC LIMIT 1"


def insert(table: str, row: dict[str, Any], returning: str | None = None) -> tuple[str, tuple]:
    """An INSERT of one row, its values already in their stored form. Written by hand:
    peewee builds the same three statements in about as long as a bare commit takes."""
    sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))})"
    if returning:
        sql += f" RETURNING {returning}"
    return sql, tuple(row.values())


def one_statement(inserts: list[tuple[str, tuple]]) -> tuple[str, tuple, int | None]:
    """The inserts as one statement: each but the one with a RETURNING (or the last) in a
    WITH clause. One statement for the server to parse and plan and the client to send,
    instead of three. Its foreign keys are checked at its end, when all rows are in.
    Returns the SQL, the parameters, and which insert's row the statement returns."""
    returns = [n for n, (sql, _params) in enumerate(inserts) if " RETURNING " in sql]
    if len(returns) > 1:
        raise ValueError("one insert at most may return a row")
    main = returns[0] if returns else len(inserts) - 1
    order = [n for n in range(len(inserts)) if n != main] + [main]
    parts = [f"i{n} AS ({inserts[n][0]})" for n in order[:-1]]
    sql = (f"WITH {', '.join(parts)} " if parts else "") + inserts[main][0]
    params = tuple(value for n in order for value in inserts[n][1])
    return sql, params, returns[0] if returns else None


def usable(db: peewee.Database) -> bool:
    """The pipelined save applies: an office database, outside any caller's transaction,
    with a libpq that has pipeline mode."""
    if not backend.is_postgres(db) or db.in_transaction():
        return False
    import psycopg

    return psycopg.Pipeline.is_supported()


def save(
    db: peewee.Database,
    *,
    station_id: str,
    year: int,
    kind: str,
    build: Callable[[int, int, int, int, str], tuple[list[tuple[str, tuple]], Any]],
    while_committing: Callable[[], Callable[[], None] | None] | None = None,
) -> tuple[Any, list[tuple | None]]:
    """Allocate, then write what ``build(queue_no, seq, request_id, prev_seq, prev_hash)``
    returns (the inserts as ``(sql, params)``, and a result), in one transaction. Returns
    that result and the first row each insert returned (None for one that returns nothing).

    ``while_committing()`` runs once the COMMIT is on its way to the server, while the
    server writes it (the counter's own note of its numbers, with its own fsync); it
    returns an ``undo`` that is called when the COMMIT then fails. An error it raises
    is raised after the save has finished (the request is saved at the office then)."""
    chain = audit.chain_of(db)
    undo = None
    late: BaseException | None = None
    with translate_errors(db), peewee.__exception_wrapper__:
        conn = db.connection()
        try:
            with conn.pipeline() as pipe:
                conn.execute("BEGIN", prepare=False)
                queue_cur = conn.execute(_BUMP, (station_id, year, QUEUE), prepare=False)
                doc_cur = conn.execute(_BUMP_WITH_ID, (station_id, year, kind), prepare=False)
                conn.execute(backend.SERIALIZE_SQL, backend.lock_key(f"audit:{chain}"), prepare=False)
                head_cur = conn.execute(_HEAD, (chain,), prepare=False)
                pipe.sync()
                (queue_no,) = queue_cur.fetchone()
                seq, request_id = doc_cur.fetchone()
                prev_seq, prev_hash = head_cur.fetchone() or (0, audit.GENESIS_HASH)
                inserts, result = build(queue_no, seq, request_id, prev_seq, prev_hash)
                sql, params, returns = one_statement(inserts)
                cursor = conn.execute(sql, params, prepare=False)
                conn.execute("COMMIT", prepare=False)  # sent: the server is writing it now
                if while_committing is not None:
                    try:
                        undo = while_committing()
                    except Exception as exc:  # noqa: BLE001 - raised below, once the COMMIT is known
                        late = exc
            rows = [None] * len(inserts)
            if returns is not None:
                rows[returns] = cursor.fetchone()
        except BaseException:
            _roll_back(conn)
            if undo is not None:
                _take_back(undo)
            raise
    if late is not None:
        raise late
    return result, rows


def _take_back(undo: Callable[[], None]) -> None:
    """Undo the note of a save that did not commit. Should that fail too, the note stays
    ahead of the office's counter: a held request would skip a number, never repeat one."""
    try:
        undo()
    except Exception:  # noqa: BLE001 - the save's own error is the one to report
        pass


def _roll_back(conn) -> None:
    """Leave no transaction open behind a failed save (the connection may also be gone)."""
    import psycopg

    try:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.execute("ROLLBACK")
    except psycopg.Error:
        pass
