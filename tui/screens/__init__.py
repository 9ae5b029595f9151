"""Screens and dialogs of the explorer."""

from tui.screens.main import MainScreen

__all__ = ["MainScreen"]
