"""Sliding-window widgets (see sliding_window.py)."""
