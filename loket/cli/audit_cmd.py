"""``loket audit verify``: check the hash chain of the audit log."""

from __future__ import annotations

from loket.cli.common import open_station


def register(sub) -> None:
    p = sub.add_parser("audit", help="the append-only audit log")
    audit = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit.add_parser("verify", help="check that no audit entry was changed, removed or reordered")
    verify.set_defaults(handler=run_verify)


def run_verify(args) -> int:
    from loket.i18n import t, tn
    from loket.storage.audit import verify_chain

    station = open_station(args, for_reading=True)
    try:
        report = verify_chain(station.db)
    finally:
        station.close()
    if report.ok:
        print(tn("audit.chain_ok", report.count))
        return 0
    print(t("audit.chain_broken", count=report.count, id=report.first_bad_id, problem=report.problem))
    return 1
