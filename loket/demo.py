"""`loket demo`: a station and a reference central on this PC, ready to play an outage.

``prepare_demo`` sets up (or reopens) a demo station for office 7373 with two
users, starts the reference central server on loopback with its database in the
same folder, onboards the station (its token goes into the station's settings)
and, for a new station, queues a few sample requests. ``control`` is what the
demo menu (F12) calls: the reference server's loopback-only ``/_control`` routes.

Folder layout (``D``, by default ``demo`` inside the per-user data folder)::

    D/loket-demo      marks the folder as a demo, so --fresh may empty it
    D/station/        the station's data folder (settings, database, key, slips)
    D/central.db      the reference central's database
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from loket.errors import ExplainedError
from loket.i18n import t
from loket.i18n.labels import DEMO_DONE
from loket.i18n.os_errors import os_reason

DEMO_MARKER = "loket-demo"
DEMO_STATION_ID = "7373-LKT01"
# (name, role, PIN): printed when the demo starts, so anyone can log in.
DEMO_USERS = (("SUPERVISOR", "supervisor", "123456"), ("PETUGAS", "clerk", "111111"))
DEMO_SAMPLES = 5
# Probing every 2 s makes an outage show in the header within a few seconds.
DEMO_PROBE_INTERVAL = 2.0
DEFAULT_REVOKE_REASON = "Akses dihentikan sementara oleh Kementerian Dalam Negeri"

# What each demo menu entry asks of the reference server: (route, body).
# ``{station}`` in a route is the station id; ``reason`` comes from the menu.
CONTROL_ACTIONS = {
    "revoke": ("/_control/stations/{station}/revoke", None),
    "restore": ("/_control/stations/{station}/restore", {}),
    "cut": ("/_control/faults", {"drop_rate": 1.0}),
    "heal": ("/_control/faults", {}),
    "errors": ("/_control/faults", {"status": 503}),
    "rate_limit": ("/_control/faults", {"status": 429, "retry_after": 5}),
}
CONTROL_TIMEOUT = 5.0


class DemoError(ExplainedError):
    """Something a person running the demo can fix; ``message()`` says what."""


@dataclass
class DemoRun:
    """A prepared demo: the station's folder and the running central (stop it when done)."""

    root: Path
    station_dir: Path
    central: object  # loket.central.server.BackgroundCentral
    station_id: str = DEMO_STATION_ID
    created: bool = False
    seeded: int = 0

    @property
    def central_url(self) -> str:
        return self.central.url

    def stop(self) -> None:
        self.central.stop()


def welcome() -> str:
    """The app's first notification in demo mode: who can log in, and where the menu is."""
    (supervisor, _, supervisor_pin), (clerk, _, clerk_pin) = DEMO_USERS
    return t("demo.welcome", clerk=clerk, clerk_pin=clerk_pin, supervisor=supervisor, supervisor_pin=supervisor_pin)


def demo_root(data_dir: str | Path | None = None) -> Path:
    if data_dir:
        return Path(data_dir).expanduser()
    from loket.config import default_data_dir

    return default_data_dir() / "demo"


def demo_settings():
    from loket.config import Settings

    return Settings(
        office_code="7373",
        office_name="Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
        office_address="Jl. Andi Djemma No. 1, Palopo",
        province="Sulawesi Selatan",
        city="Kota Palopo",
        head_name="Drs. ANDI MUHAMMAD, M.Si",
        head_nip="196801011990031005",
        station_id=DEMO_STATION_ID,
        probe_interval=DEMO_PROBE_INTERVAL,
    )


def prepare_demo(
    data_dir: str | Path | None = None, *, port: int = 0, fresh: bool = False, samples: int = DEMO_SAMPLES
) -> DemoRun:
    """Set up the demo station and start central; raises DemoError or a settings/storage error."""
    root = demo_root(data_dir)
    if fresh:
        _empty(root)
    _claim(root)
    station_dir = root / "station"
    # Central first: a busy port then leaves no half-made station behind (one
    # that would never get its sample requests on the next try).
    central = _start_central(root / "central.db", port)
    try:
        created = _ensure_station(station_dir)
        _onboard(station_dir, central)
        seeded = _seed(station_dir, samples) if created else 0
    except BaseException:
        central.stop()
        raise
    return DemoRun(root, station_dir, central, created=created, seeded=seeded)


def _empty(root: Path) -> None:
    """--fresh: remove a previous demo, but never a folder that is not one."""
    if not root.exists():
        return
    if not root.is_dir() or (any(root.iterdir()) and not (root / DEMO_MARKER).is_file()):
        raise DemoError("demo.not_a_demo_dir", path=str(root))
    shutil.rmtree(root)


def _claim(root: Path) -> None:
    from loket.config import ensure_private_dir

    if root.exists() and any(root.iterdir()) and not (root / DEMO_MARKER).is_file():
        raise DemoError("demo.not_a_demo_dir", path=str(root))
    ensure_private_dir(root)
    (root / DEMO_MARKER).write_text("Loket demo folder: `loket demo --fresh` may delete it.\n", encoding="utf-8")


def _ensure_station(station_dir: Path) -> bool:
    """Set the station up if needed, with both demo users; True when it was new."""
    from loket.config import DataPaths
    from loket.setup import setup_station
    from loket.storage import users
    from loket.storage.db import open_database

    paths = DataPaths(station_dir)
    created = not paths.settings.exists()
    if created:
        supervisor = DEMO_USERS[0]
        setup_station(station_dir, demo_settings(), supervisor[0], supervisor[2])
    db = open_database(paths.database)
    try:
        for name, role, pin in DEMO_USERS:
            if users.find_user(db, name) is None:
                users.add_user(db, name, role, pin, actor="demo")
    finally:
        db.close()
    return created


def _start_central(db_path: Path, port: int):
    from loket.central.server import start_background

    try:
        return start_background(db_path, host="127.0.0.1", port=port)
    except OSError as exc:
        if callable(getattr(exc, "message", None)):
            raise  # central's own sentence already names the host and port
        raise DemoError("demo.port_busy", port=port, error=os_reason(exc)) from None


def _onboard(station_dir: Path, central) -> None:
    """Register the station at central (once) and point its settings at this central."""
    from loket.config import DataPaths, load_settings, save_settings

    paths = DataPaths(station_dir)
    settings = load_settings(paths)
    store = central.store
    known = store.station(settings.station_id)
    if known is None:
        settings.central_token = store.add_station(settings.station_id)
    elif not settings.central_token or store.authenticate(settings.station_id, settings.central_token) is None:
        raise DemoError("demo.token_mismatch", path=str(station_dir.parent))
    settings.central_url = central.url
    save_settings(paths, settings)


def _seed(station_dir: Path, count: int) -> int:
    """Queue ``count`` sample requests taken by the demo clerk, so there is something to send.

    Each gets its slip saved as a counter's save does (not printed): a request without
    one is what a crash leaves, and the next opening would make and report them all."""
    if count <= 0:
        return 0
    from loket.intake.samples import sample_records
    from loket.station import Station
    from loket.storage import users

    station = Station.open(station_dir)
    try:
        clerk = users.find_user(station.db, DEMO_USERS[1][0])
        for record in sample_records(count, seed=7373):
            station.print_slip(station.submit(record, clerk), send=False)
    finally:
        station.close()
    return count


def control(central_url: str, action: str, station_id: str, reason: str = "") -> str:
    """Ask the reference central to play ``action`` (see CONTROL_ACTIONS); returns what was done.

    Raises DemoError with a sentence when central cannot be reached or refuses.
    """
    import httpx

    if action not in CONTROL_ACTIONS:
        raise DemoError("demo.unknown_action", action=action)
    route, body = CONTROL_ACTIONS[action]
    if body is None:
        body = {"reason": reason.strip() or DEFAULT_REVOKE_REASON}
    url = central_url.rstrip("/") + route.format(station=station_id)
    try:
        # Loopback only: no proxy from the environment may stand in between.
        with httpx.Client(timeout=CONTROL_TIMEOUT, trust_env=False) as client:
            reply = client.post(url, json=body)
    except httpx.HTTPError as exc:
        raise DemoError("demo.control_unreachable", url=central_url, error=str(exc) or type(exc).__name__) from None
    if reply.status_code >= 400:
        try:
            payload = reply.json()
        except ValueError:
            payload = None
        detail = (payload.get("message") if isinstance(payload, dict) else None) or reply.text
        raise DemoError("demo.control_refused", status=reply.status_code, error=" ".join(str(detail).split())[:200])
    return t(DEMO_DONE[action], station=station_id, reason=body.get("reason", ""))
