"""``loket audit verify``: check the hash chain of the audit log and its signed checkpoints."""

from __future__ import annotations

from loket.cli.common import CliError, open_station
from loket.i18n import t


def register(sub) -> None:
    p = sub.add_parser("audit", help=t("cli.help.audit.command_audit"))
    audit = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit.add_parser("verify", help=t("cli.help.audit.command_verify"))
    verify.add_argument("--central", action="store_true",
                        help=t("cli.help.audit.central"))
    verify.set_defaults(handler=run_verify)


def run_verify(args) -> int:
    from loket.audit_verify import check_log
    from loket.i18n import t, tn
    from loket.printing.keys import StationKeyError
    from loket.storage.audit import verify_chain

    station = open_station(args, for_reading=True)
    try:
        report = verify_chain(station.db)
        try:
            jwk = station.key().public_jwk()
        except StationKeyError as error:
            raise CliError(t("audit.checkpoint.no_station_key", problem=error.message), 1) from None
        sealed = check_log(station.db, station.paths.root, station.settings.station_id, jwk)
        findings = list(sealed.findings)
        if getattr(args, "central", False):
            findings += _central_findings(station, jwk, sealed)
    finally:
        station.close()
    if report.ok:
        print(tn("audit.chain_ok", report.count))
    else:
        print(t("audit.chain_broken", count=report.count, id=report.first_bad_id, problem=report.problem))
    for finding in findings:
        print(finding.message())
    return 0 if report.ok and not any(finding.failed for finding in findings) else 1


def _central_findings(station, jwk, sealed) -> list:
    from loket.audit_verify import Finding, against_central
    from loket.sync.client import CentralClient, LinkDown

    settings = station.settings
    if not (settings.central_url and settings.central_token):
        return [Finding("audit.checkpoint.central_not_configured", {})]
    with CentralClient(settings.central_url, settings.station_id, settings.central_token) as client:
        try:
            reply = client.get_audit_checkpoint()
        except LinkDown as down:
            return [Finding("audit.checkpoint.central_unreachable", {"reason": str(down)})]
    if reply.status != 200 or not isinstance(reply.body, dict):
        reason = f"HTTP {reply.status} {reply.error or ''}".strip()
        return [Finding("audit.checkpoint.central_unreachable", {"reason": reason})]
    return against_central(station.db, reply.body, settings.station_id, jwk, sealed)
