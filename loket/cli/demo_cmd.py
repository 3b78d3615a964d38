"""``loket demo``: the counter app against a reference central on this PC, with outages to play."""

from __future__ import annotations

import os
import sys

from loket.cli.common import CliError
from loket.i18n import LANGUAGES, t


def register(sub) -> None:
    p = sub.add_parser(
        "demo",
        help=t("cli.help.demo.command_demo"),
    )
    p.add_argument("--data-dir", dest="demo_dir", metavar="DIR", help=t("cli.help.demo.data_dir"))
    p.add_argument("--port", type=int, default=0, metavar="PORT", help=t("cli.help.demo.port"))
    p.add_argument("--fresh", action="store_true", help=t("cli.help.demo.fresh"))
    p.add_argument("--samples", type=int, default=5, help=t("cli.help.demo.samples"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from loket.cli.extras import require_extra
    from loket.demo import DEMO_USERS, prepare_demo
    from loket.i18n import t, tn
    from loket.i18n.labels import ROLE_LABELS, label

    require_extra("central", "loket demo")
    if not 0 <= args.port <= 65535:
        raise CliError(t("demo.bad_port", port=args.port), 2)
    if not 0 <= args.samples <= 1000:
        raise CliError(t("demo.bad_samples", count=args.samples), 2)
    demo = prepare_demo(args.demo_dir or args.data_dir, port=args.port, fresh=args.fresh, samples=args.samples)
    try:
        print(t("demo.ready", path=str(demo.root)))
        print(t("demo.central", url=demo.central_url, station=demo.station_id))
        for name, role, pin in DEMO_USERS:
            print(t("demo.user", name=name, role=label(ROLE_LABELS, role), pin=pin))
        if demo.seeded:
            print(tn("demo.seeded", demo.seeded))
        print(t("demo.menu_hint"))
        if sys.stdin.isatty():
            input(t("demo.press_enter"))  # the app takes the whole screen: read the PINs first
        from loket.tui.app import LoketApp

        language = args.lang or os.environ.get("LOKET_LANG")
        app = LoketApp(demo.station_dir, language=language if language in LANGUAGES else None, demo=True)
        app.run()
        return app.return_code or 0
    finally:
        demo.stop()
        print(t("demo.stopped"))
