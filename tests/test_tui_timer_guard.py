"""A timer due in the past must not freeze the app (Textual 8 spins on a negative delay).

Each case runs in its own process with a deadline: a frozen app would hang the suite.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

APP = textwrap.dedent(
    """
    import sys
    from textual.app import App
    if sys.argv[1] == "guarded":
        import loket.tui.app  # installs the guard, as the counter app does

    fired = []

    class Late(App):
        def on_mount(self):
            # A toast mounted after its notification's time asks for exactly this.
            self.set_timer(-0.4, lambda: fired.append(True))
            self.set_timer(0.3, self.exit)

    Late().run(headless=True)
    print("fired" if fired else "not fired")
    """
)


def run(mode: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run([sys.executable, "-c", APP, mode], capture_output=True,
                              text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None


def test_a_timer_due_in_the_past_fires_at_once_and_the_app_goes_on():
    done = run("guarded")
    assert done is not None, "the app froze on a timer due in the past"
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "fired"


def test_the_guard_is_installed_once():
    from textual.timer import Timer

    import loket.tui.app  # noqa: F401
    from loket.tui.timer_guard import install

    before = Timer.__init__
    install()
    assert Timer.__init__ is before
