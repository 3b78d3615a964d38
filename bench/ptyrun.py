"""Time a terminal program from exec to a word appearing on its screen, in a real pty."""

from __future__ import annotations

import os
import pty
import select
import signal
import time


def time_to_text(argv: list[str], marker: bytes, env: dict | None = None, timeout: float = 60.0,
                 size: tuple[int, int] = (24, 80)) -> float:
    """Seconds from fork to ``marker`` in the program's terminal output."""
    import fcntl
    import struct
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child: become the program
        os.execvpe(argv[0], argv, dict(env or os.environ, TERM="xterm-256color"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s; last output: {seen[-400:]!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"program ended before showing {marker!r}: {seen[-400:]!r}")
            seen += chunk
            if marker in seen:
                return time.perf_counter() - start
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def resident_after_text(argv: list[str], marker: bytes, env: dict | None = None, idle: float = 2.0,
                        timeout: float = 60.0, size: tuple[int, int] = (24, 80)) -> int:
    """Resident memory (KiB, from /proc: Linux only) of a terminal program ``idle`` seconds
    after ``marker`` appeared, its output read all the while as a terminal would."""
    import fcntl
    import struct
    import termios

    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, dict(env or os.environ, TERM="xterm-256color"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    seen = b""
    shown_at = None
    try:
        while shown_at is None or time.perf_counter() - shown_at < idle:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{marker!r} did not appear within {timeout} s; last output: {seen[-400:]!r}")
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"program ended before showing {marker!r}: {seen[-400:]!r}")
                seen = (seen + chunk)[-65536:]
            if shown_at is None and marker in seen:
                shown_at = time.perf_counter()
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS line in /proc")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
