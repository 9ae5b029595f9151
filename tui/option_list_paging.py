"""Page keys in Textual's OptionList when it has not laid out its lines.

``OptionList._move_page`` looks the highlighted option's line up in
``_index_to_line``, which is only filled when the list is drawn with some width. At
very small terminal sizes (1x1, 2x50, 10x3) the command palette's list is never
drawn, and pagedown or pageup raised ``KeyError: 0`` and ended the app. Until Textual
guards it, :func:`guard_paging` makes a page key there do nothing. Reproduction for
upstream (Textual 8.2.8)::

    from textual.app import App
    class A(App):
        async def on_mount(self):
            self.action_command_palette()
            self.set_timer(0.5, lambda: self.simulate_key("pagedown"))
    A().run(size=...)  # in a terminal of 10x3: KeyError: 0 in OptionList._move_page
"""

from __future__ import annotations

from textual.widgets import OptionList

__all__ = ["guard_paging"]


def guard_paging() -> None:
    """Patch OptionList._move_page once: no page move while no line is laid out."""
    original = OptionList._move_page
    if getattr(original, "_guarded", False):
        return

    def _move_page(self: OptionList, direction) -> None:  # noqa: ANN001 - Textual's own type
        if not self._lines or (self.highlighted or 0) not in self._index_to_line:
            return  # not drawn yet (no size): there is no page to move by
        original(self, direction)

    setattr(_move_page, "_guarded", True)  # noqa: B010 - a mark on a function
    OptionList._move_page = _move_page  # type: ignore[method-assign]
