"""Page keys for option lists that have no size (yet, or any more)."""

from __future__ import annotations

from typing import cast

from textual.widget import Widget

__all__ = ["SafePaging"]


class SafePaging:
    """Mixin for an OptionList (listed before it): pageup/pagedown do nothing while the
    list has no size.

    Textual 8.2.8's OptionList works out where its lines are only once it has a size,
    and its page keys then raise KeyError: a focused list hidden behind the "terminal
    too small" notice, or squeezed to nothing in a dialog in a small terminal, would
    end the app. (Its other keys already cope.) Not a widget class itself: Textual
    takes styles only from a widget's first widget base.
    """

    def action_page_up(self) -> None:
        if cast(Widget, self).scrollable_content_region:
            super().action_page_up()  # type: ignore[misc]

    def action_page_down(self) -> None:
        if cast(Widget, self).scrollable_content_region:
            super().action_page_down()  # type: ignore[misc]
