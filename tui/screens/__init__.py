"""Screens and dialogs of the explorer."""

from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen

__all__ = ["HelpScreen", "MainScreen"]
