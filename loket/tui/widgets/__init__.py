"""Widgets shared by the counter app's screens."""
