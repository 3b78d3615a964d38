"""``loket verify-page``: write the Cek Suket page, one HTML file with the trust list inside."""

from __future__ import annotations

from pathlib import Path

from loket.cli.common import CliError
from loket.i18n import t
from loket.i18n.os_errors import os_reason


def register(sub) -> None:
    p = sub.add_parser(
        "verify-page",
        help=t("cli.help.verifypage.command_verify_page"),
        description=t("cli.help.verifypage.command_verify_page_about"),
    )
    p.add_argument("--out", metavar="FILE", default="cek-suket.html", help=t("cli.help.verifypage.out"))
    p.add_argument("--trust-list", metavar="FILE", help=t("cli.help.verifypage.trust_list"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.cli.keys_cmd import load_trust_lists, own_trust_list
    from loket.i18n import t
    from loket.printing.trustlist import extract_jws, read_trust_list
    from loket.web.page import render_page

    if args.trust_list:
        load_trust_lists([args.trust_list])  # a damaged or unsigned list is refused here, not on a phone
        token = Path(args.trust_list).read_text(encoding="utf-8")
    else:
        token = own_trust_list(args)
    trust = read_trust_list(token)
    # The page takes the bare JWS; central's {"trust_list": ...} reply is unwrapped.
    html = render_page(extract_jws(token))
    try:
        Path(args.out).write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CliError(t("keys.write_failed", path=args.out, error=os_reason(exc)), 2) from None
    print(t("verifypage.written", path=args.out, size=round(len(html.encode("utf-8")) / 1024),
            count=len(trust.keys), issuer=trust.issuer))
    return 0
