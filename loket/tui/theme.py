"""The app's one theme: calm dark blue, high contrast for long days at the counter."""

from textual.theme import Theme

LOKET_THEME = Theme(
    name="loket",
    primary="#2f7fd0",
    secondary="#1d4f80",
    accent="#f0b429",
    warning="#f0b429",
    error="#e5534b",
    success="#3fb950",
    foreground="#e6edf3",
    background="#0d1722",
    surface="#15212e",
    panel="#1d2d3e",
    dark=True,
)
