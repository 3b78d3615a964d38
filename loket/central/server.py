"""The reference central server: the aiohttp app, and two ways to run it.

aiohttp rather than an ASGI server because a fault must be able to drop a
connection without answering (``transport.abort()``), the case a station can
least tell apart from success. ``serve`` runs it in the foreground (the CLI);
``start_background`` runs it on a daemon thread with its own event loop, for
tests, the demo and the benchmark, and can be stopped and started again on the
same port to cut the link.

Logs name the station, the call and the outcome, never a header: the access log
format below leaves them all out, so a bearer token cannot end up in a log.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from loket.central import routes_control, routes_keys, routes_v1
from loket.central.faults import FaultState, error_answer
from loket.central.limits import LIMITS, ConnectionLimits
from loket.central.replies import SMALL_BODY_MAX, Refusal, drain, is_loopback
from loket.central.store import CentralError, CentralStore

log = logging.getLogger("loket.central")
ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'
BATCH_PATH = "/v1/requests/batch"
_HTTP_ERRORS = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def build_app(store: CentralStore, faults: FaultState | None = None, workers: int | None = 1) -> web.Application:
    """``workers``: processes judging big batches (None: one per core; 1: all in this process)."""
    from loket.central.admission import Admission
    from loket.central.judges import Judges

    # Outermost first: faults act on the final answer, errors become JSON below them.
    app = web.Application(middlewares=[_faults, _errors, _control_guard], client_max_size=SMALL_BODY_MAX)
    app[routes_v1.STORE] = store
    judges = app[routes_v1.JUDGES] = Judges(workers)
    app[routes_v1.ADMISSION] = Admission()

    async def close_judges(app: web.Application) -> None:
        await asyncio.to_thread(judges.close)

    app.on_cleanup.append(close_judges)
    app[routes_control.FAULTS] = faults or FaultState()
    routes_v1.add_routes(app)
    routes_control.add_routes(app)
    routes_keys.add_routes(app)
    return app


def _is_control(request: web.Request) -> bool:
    resource = request.match_info.route.resource
    canonical = resource.canonical if resource is not None else ""
    return request.path.startswith("/_control") or canonical.startswith("/_control")


@web.middleware
async def _control_guard(request: web.Request, handler):
    if _is_control(request) and not is_loopback(request.remote):
        log.warning("control call %s %s from %s refused: not a loopback peer", request.method, request.path,
                    request.remote)
        raise Refusal(404, "not_found", f"no such route: {request.method} {request.path}")
    return await handler(request)


@web.middleware
async def _errors(request: web.Request, handler):
    try:
        return await handler(request)
    except Refusal as refusal:
        if refusal.close:
            return refusal.response()  # the body is too big to read out; the connection ends
        response = refusal.response()
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _HTTP_ERRORS.get(exc.status, "bad_request" if exc.status < 500 else "internal_error")
        response = web.json_response({"error": code, "message": f"{exc.reason}: {request.method} {request.path}"},
                                     status=exc.status)
    except sqlite3.Error as exc:
        log.error("database error on %s %s: %s", request.method, request.path, exc)
        response = web.json_response({"error": "unavailable", "message": "central's database is unavailable; "
                                      "nothing was stored"}, status=503)
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        response = web.json_response({"error": "internal_error", "message": "unexpected server error"}, status=500)
    # A refusal may come before the body was read (a 401 on a large batch): read it out
    # here, so the client gets its answer and the connection can serve the next call.
    if not await drain(request):
        response.force_close()
    return response


@web.middleware
async def _faults(request: web.Request, handler):
    if not request.path.startswith("/v1/"):
        return await handler(request)
    state: FaultState = request.app[routes_control.FAULTS]
    faults = state.current
    if faults.latency_ms:
        await asyncio.sleep(faults.latency_ms / 1000)
    if faults.status is not None:
        status, body, headers = error_answer(faults)
        response = web.json_response(body, status=status, headers=headers)
        if not await drain(request):
            response.force_close()
        return response
    if not state.roll_drop(faults):
        return await handler(request)
    if request.method == "POST" and request.path == BATCH_PATH and faults.drop_after_store:
        await handler(request)  # stored; only the answer is lost
        log.info("fault: %s %s handled, then dropped without an answer", request.method, request.path)
    else:
        log.info("fault: %s %s dropped without an answer", request.method, request.path)
    transport = request.transport
    if transport is not None:
        transport.abort()
    # aiohttp's own path for a peer that went away: the connection ends, nothing is written.
    raise asyncio.CancelledError()


class ListenError(CentralError, OSError):
    """The server cannot listen where asked. An ``OSError`` too (same ``errno``), so callers
    that treat "cannot bind" as an OS error keep working; ``strerror`` is the clear sentence."""

    def __init__(self, key: str, code: int | None, **params: object):
        CentralError.__init__(self, key, **params)
        self.errno = code
        self.strerror = self.message()


def _bind_error(host: str, port: int) -> OSError | None:
    """Bind where asked, once, to learn the OS's own error (asyncio 3.12+ drops it for EADDRNOTAVAIL)."""
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                  flags=socket.AI_PASSIVE):
            with socket.socket(family, kind, proto) as probe:
                probe.bind(address)
    except OSError as error:
        return error
    return None


def _listen_error(exc: OSError, host: str, port: int) -> ListenError:
    # asyncio wraps bind errors in a long sentence with the address tuple; the OS's own words are clearer.
    if not exc.errno and not isinstance(exc, socket.gaierror):
        exc = _bind_error(host, port) or exc
    if isinstance(exc, socket.gaierror) or not exc.errno:
        error = exc.strerror or str(exc)
    else:
        error = os.strerror(exc.errno)
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return ListenError("central.listen.bad_host", exc.errno, host=host, error=error)
    if exc.errno == errno.EADDRINUSE:
        return ListenError("central.listen.port_in_use", exc.errno, host=host, port=port)
    if exc.errno == errno.EACCES:
        return ListenError("central.listen.denied", exc.errno, host=host, port=port)
    return ListenError("central.listen.failed", exc.errno, host=host, port=port, error=error)


def _check_port(port: object) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise CentralError("central.listen.bad_port", port=port)
    return port


async def _start(store: CentralStore, host: str, port: int, faults: FaultState | None,
                 shutdown_timeout: float, limits: ConnectionLimits | None = None,
                 workers: int | None = 1) -> web.AppRunner:
    limits = limits or ConnectionLimits()
    app = build_app(store, faults, workers)
    app[LIMITS] = limits
    # aiohttp's keep-alive timer also runs from the moment a connection opens: it closes
    # connections that send nothing, or never finish their headers.
    runner = web.AppRunner(app, access_log_format=ACCESS_LOG_FORMAT, shutdown_timeout=shutdown_timeout,
                           keepalive_timeout=limits.idle_timeout)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise _listen_error(exc, host, port) from None
    return runner


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _bound_port(runner: web.AppRunner) -> int:
    return runner.addresses[0][1]


class BackgroundCentral:
    """The real server on a daemon thread; ``url``, ``port``, ``store``, ``faults``, ``stop()``.

    It judges in its own process unless given ``workers`` (tests and demos send small batches).
    """

    def __init__(self, db_path: str | Path, host: str = "127.0.0.1", port: int = 0,
                 limits: ConnectionLimits | None = None, workers: int | None = 1):
        port = _check_port(port)
        self.host = host
        self.limits = limits
        self.workers = workers
        self.store = CentralStore.open(db_path)
        self.faults = FaultState()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._failure: BaseException | None = None
        self._started = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, args=(port,), name="loket-central", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._failure is not None:
            self._thread.join()
            self.store.close()
            raise self._failure
        self.port = _bound_port(self._runner)
        self.url = _url(host, self.port)
        self.admission = self._runner.app[routes_v1.ADMISSION]  # its limits may be set while it runs

    def _run(self, port: int) -> None:
        loop = self._loop
        asyncio.set_event_loop(loop)
        try:
            self._runner = loop.run_until_complete(_start(self.store, self.host, port, self.faults, 2.0,
                                                          self.limits, self.workers))
        except BaseException as exc:  # handed to the starting thread, which raises it
            self._failure = exc
        self._started.set()
        try:
            if self._failure is None:
                loop.run_forever()
                loop.run_until_complete(self._runner.cleanup())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()

    def stop(self) -> None:
        """Stop listening, finish calls in progress, free the port, close the database."""
        if self._stopped:
            return
        self._stopped = True
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self.store.close()

    def __enter__(self) -> "BackgroundCentral":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def start_background(db_path: str | Path, host: str = "127.0.0.1", port: int = 0,
                     limits: ConnectionLimits | None = None, workers: int | None = 1) -> BackgroundCentral:
    """Run the server on a daemon thread; returns once it is listening."""
    return BackgroundCentral(db_path, host, port, limits, workers)


def _configure_logging() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _serve_until_stopped(store: CentralStore, host: str, port: int, announce: Callable[[str], None],
                               workers: int | None) -> None:
    runner = await _start(store, host, port, None, 10.0, workers=workers)
    try:
        # A server that runs for months starts its judging processes before it says it is ready.
        await asyncio.to_thread(runner.app[routes_v1.JUDGES].start)
        announce(_url(host, _bound_port(runner)))
        stop = asyncio.Event()
        # Windows has no loop signal handlers (nor does a non-main thread): Ctrl+C still works there.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8765,
          announce: Callable[[str], None] | None = None, workers: int | None = None) -> None:
    """Run the server until Ctrl+C or SIGTERM; ``announce`` gets the URL once it listens.

    ``workers``: processes judging big batches (default: one per core)."""
    port = _check_port(port)
    store = CentralStore.open(db_path)
    _configure_logging()
    if os.name == "nt":
        # A console window's Ctrl+Break (and a service manager's) ends the server as Ctrl+C does.
        signal.signal(signal.SIGBREAK, signal.default_int_handler)
    try:
        asyncio.run(_serve_until_stopped(store, host, port, announce or (lambda url: print(url, flush=True)),
                                         workers))
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    log.info("stopped")
