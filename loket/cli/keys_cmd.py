"""``loket keys export`` and ``loket verify``: the station's public key and seal checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from loket.cli.common import CliError

EXIT_GENUINE = 0
EXIT_NOT_GENUINE = 1
EXIT_EXPIRED = 3


def register(sub) -> None:
    p = sub.add_parser("keys", help="the station's signing key")
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    export = keys.add_parser("export", help="print the public key as a JWK, for publication")
    export.set_defaults(handler=run_export)

    v = sub.add_parser(
        "verify",
        help="check a Suket seal (the text of its QR): genuine, for whom, still valid",
        description="Exit status: 0 genuine and valid, 1 not genuine, 3 genuine but expired.",
    )
    v.add_argument("jws", help="the seal, or - to read it from standard input")
    v.add_argument("--key", action="append", help="public JWK file (or a JSON list of JWKs); default: this station's key")
    v.add_argument("--json", action="store_true", help="print the result as JSON")
    v.set_defaults(handler=run_verify)


def _station_jwk(args) -> dict:
    from loket.config import DataPaths, load_settings, resolve_data_dir
    from loket.printing.keys import load_key

    paths = DataPaths(resolve_data_dir(args.data_dir))
    load_settings(paths)  # a station that is not set up says so, rather than "no key"
    return load_key(paths.keys).public_jwk()


def run_export(args) -> int:
    print(json.dumps(_station_jwk(args), indent=2))
    return 0


def _load_jwks(files: list[str]) -> list[dict]:
    from loket.i18n import t

    keys: list[dict] = []
    for name in files:
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CliError(t("verify.key_unreadable", path=name, error=exc.strerror or str(exc)), 2) from None
        except (ValueError, UnicodeDecodeError):
            raise CliError(t("verify.key_not_json", path=name), 2) from None
        items = data.get("keys", data) if isinstance(data, dict) and "keys" in data else data
        items = items if isinstance(items, list) else [items]
        if not all(isinstance(item, dict) for item in items):
            raise CliError(t("verify.key_not_json", path=name), 2)
        keys.extend(items)
    return keys


def run_verify(args) -> int:
    import datetime as dt

    from loket.i18n import t
    from loket.i18n.labels import VERIFY_REASONS, label
    from loket.printing.seal import verify_seal

    token = sys.stdin.read() if args.jws == "-" else args.jws
    token = token.strip()
    jwks = _load_jwks(args.key) if args.key else [_station_jwk(args)]
    check = verify_seal(token, jwks, today=dt.date.today())
    if args.json:
        print(json.dumps({"genuine": check.genuine, "expired": check.expired, "reason": check.reason,
                          "kid": check.kid, "payload": check.payload if check.genuine else None}))
    elif not check.genuine:
        print(t("verify.not_genuine", reason=label(VERIFY_REASONS, check.reason)))
    else:
        p = check.payload
        print(t("verify.genuine", number=p["no"], name=p["nm"], nik=p["nik"], office=p["off"], station=p["st"]))
        key = "verify.expired" if check.expired else "verify.valid_until"
        print(t(key, iat=p["iat"], exp=p["exp"]))
    if not check.genuine:
        return EXIT_NOT_GENUINE
    return EXIT_EXPIRED if check.expired else EXIT_GENUINE
