"""``loket keys export`` and ``loket verify``: the station's public key, its trust list, seal checks."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from loket.cli.common import CliError
from loket.i18n import t
from loket.i18n.os_errors import os_reason

EXIT_GENUINE = 0
EXIT_NOT_GENUINE = 1
EXIT_EXPIRED = 3


def register(sub) -> None:
    p = sub.add_parser("keys", help=t("cli.help.keys.command_keys"))
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    export = keys.add_parser(
        "export", help=t("cli.help.keys.command_export"))
    export.add_argument("--set", action="store_true", dest="as_set",
                        help=t("cli.help.keys.set"))
    export.add_argument("--out", metavar="FILE", help=t("cli.help.keys.out"))
    export.set_defaults(handler=run_export)

    v = sub.add_parser(
        "verify",
        help=t("cli.help.keys.command_verify"),
        description=t("cli.help.keys.command_verify_about"),
    )
    v.add_argument("jws", help=t("cli.help.keys.jws"))
    v.add_argument("--key", action="append", help=t("cli.help.keys.key"))
    v.add_argument("--trust-list", action="append", metavar="FILE",
                   help=t("cli.help.keys.trust_list"))
    v.add_argument("--photo", metavar="FILE", help=t("cli.help.keys.photo"))
    v.add_argument("--json", action="store_true", help=t("cli.help.keys.json"))
    v.set_defaults(handler=run_verify)


def _station(args):
    from loket.config import DataPaths, load_settings, resolve_data_dir
    from loket.printing.keys import load_key

    paths = DataPaths(resolve_data_dir(args.data_dir))
    settings = load_settings(paths)  # a station that is not set up says so, rather than "no key"
    return paths, settings, load_key(paths.keys, settings.station_id)


def own_trust_list(args) -> str:
    """This station's key as a trust list of its office, signed with the key itself."""
    from loket.printing.keys import PRIVATE_KEY_FILE
    from loket.printing.trustlist import sign_trust_list, trusted_key

    paths, settings, key = _station(args)
    # Keys are never replaced, so the private key file's date is the day the key was made.
    made = dt.date.fromtimestamp((paths.keys / PRIVATE_KEY_FILE).stat().st_mtime)
    entry = trusted_key(key.public_jwk(), office=settings.office_code, office_name=settings.office_name,
                        station=settings.station_id, valid_from=made)
    return sign_trust_list(key, [entry], settings.office_name)


def _write(path: str, text: str) -> None:
    from loket.i18n import t

    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(t("keys.write_failed", path=path, error=os_reason(exc)), 2) from None


def run_export(args) -> int:
    from loket.i18n import t

    if args.as_set:
        text = own_trust_list(args) + "\n"
    else:
        text = json.dumps(_station(args)[2].public_jwk(), indent=2) + "\n"
    if not args.out:
        sys.stdout.write(text)
        return 0
    _write(args.out, text)
    if args.as_set:
        _, settings, _ = _station(args)
        print(t("keys.set_written", count=1, office=settings.office_name, path=args.out))
    return 0


def _load_jwks(files: list[str]) -> list[dict]:
    from loket.i18n import t

    keys: list[dict] = []
    for name in files:
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CliError(t("verify.key_unreadable", path=name, error=os_reason(exc)), 2) from None
        except (ValueError, UnicodeDecodeError):
            raise CliError(t("verify.key_not_json", path=name), 2) from None
        items = data.get("keys", data) if isinstance(data, dict) and "keys" in data else data
        items = items if isinstance(items, list) else [items]
        if not all(isinstance(item, dict) for item in items):
            raise CliError(t("verify.key_not_json", path=name), 2)
        keys.extend(items)
    return keys


def load_trust_lists(files: list[str]):
    """Every key of the given trust lists, each list's signature checked; CliError otherwise."""
    from loket.i18n import t
    from loket.printing.trustlist import TrustListError, read_trust_list

    lists = []
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(t("verify.trust.unreadable", path=name, error=os_reason(exc)), 2) from None
        except UnicodeDecodeError:
            raise CliError(t("verify.trust.unusable", path=name, problem=t("verify.trust.not_signed")), 2) from None
        try:
            lists.append(read_trust_list(text))
        except TrustListError as exc:
            raise CliError(t("verify.trust.unusable", path=name, problem=exc.message()), 2) from None
    return lists


def _office_label(check, args) -> str:
    """The office by name: the trust list's, this station's own, or the region's."""
    from loket.printing.trustlist import office_name

    code = check.payload["off"]
    named = (check.key or {}).get("office_name")
    if isinstance(named, str) and named.strip():
        return named.strip()
    try:
        _, settings, _ = _station(args)
        if settings.office_code == code and settings.office_name.strip():
            return settings.office_name.strip()
    except Exception:  # no station here, or not set up: the region data still names the office
        pass
    return office_name(code)


def _photo_check(check, path: str | None) -> tuple[str | None, bool]:
    """The line about the seal's photo hash, and whether the photo given (if any) matches it."""
    import base64
    import hashlib

    from loket.i18n import t

    expected = check.payload.get("ph") if check.genuine and check.payload else None
    if path is None:
        return (t("verify.photo_covered") if expected else None), True
    if not expected:
        return t("verify.photo_none"), True
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).digest()
    except OSError as exc:
        raise CliError(t("verify.photo_unreadable", path=path, error=os_reason(exc)), 2) from None
    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") == expected:
        return t("verify.photo_match", path=path), True
    return t("verify.photo_mismatch", path=path), False


def run_verify(args) -> int:
    from loket.i18n import get_language, t
    from loket.printing.seal import verify_seal
    from loket.printing.text import long_date

    token = sys.stdin.read() if args.jws == "-" else args.jws
    token = token.strip()
    jwks: list[dict] = []
    lists = load_trust_lists(args.trust_list) if args.trust_list else []
    for trust in lists:
        jwks.extend(trust.keys)
    if args.key:
        jwks.extend(_load_jwks(args.key))
    if not args.key and not args.trust_list:
        jwks.append(_station(args)[2].public_jwk())
    check = verify_seal(token, jwks, today=dt.date.today())
    photo, photo_ok = _photo_check(check, args.photo)
    if args.json:
        print(json.dumps({"genuine": check.genuine and photo_ok, "expired": check.expired,
                          "reason": check.reason if photo_ok else "photo_mismatch", "kid": check.kid,
                          "payload": check.payload if check.genuine else None}))
    elif not check.genuine:
        from loket.i18n.labels import VERIFY_REASONS, label

        print(t("verify.not_genuine", reason=label(VERIFY_REASONS, check.reason)))
    else:
        language = get_language()
        for trust in lists:
            if any(key.get("kid") == check.kid for key in trust.keys):
                stamp = trust.issued_at[:10]
                date = long_date(dt.date.fromisoformat(stamp), language) if _is_date(stamp) else trust.issued_at
                print(t("verify.trust.loaded", issuer=trust.issuer, date=date, kid=trust.signer_kid))
        p = check.payload
        print(t("verify.genuine", number=p["no"], name=p["nm"], nik=p["nik"], office=_office_label(check, args),
                station=p["st"]))
        key = "verify.expired" if check.expired else "verify.valid_until"
        print(t(key, iat=long_date(dt.date.fromisoformat(p["iat"]), language),
                exp=long_date(dt.date.fromisoformat(p["exp"]), language)))
        if photo:
            print(photo)
    if not check.genuine or not photo_ok:
        return EXIT_NOT_GENUINE
    return EXIT_EXPIRED if check.expired else EXIT_GENUINE


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
