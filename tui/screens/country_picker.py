"""The country picker: type-ahead over names and aliases, several countries at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.selection_list import Selection

from models.countries import CountryIndex
from tui.screens.dialog import Dialog
from tui.text import VisibleHighlighter, literal
from tui.widgets.paging import SafePaging

__all__ = ["CountryPicker"]


class CountryList(SafePaging, SelectionList[str]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # SelectionList's own handler (Textual 8.2.8, run after this one) looks the option
        # up again; if the list was refilled meanwhile (typing fast) it may be gone, and
        # it would raise OptionDoesNotExist.
        if event.option_index >= self.option_count:
            event.prevent_default()
            event.stop()


class CountryPicker(Dialog[list[str] | None]):
    """Dismisses with the chosen codes (empty: no filter), or None when cancelled."""

    # enter applies, in the text and in the list; ctrl+a is the text's (start of line,
    # as in readline), space the list's (choose) and the text's (a space).
    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    #: The keys shown under the dialog, for where the focus is: only what works there.
    HINTS_TEXT = "↓ the list · enter apply · escape cancel"
    HINTS_LIST = "space choose · enter apply · ↑ (at the top) text · escape cancel"

    def __init__(self, index: CountryIndex, counts: Mapping[str, int], chosen: Iterable[str] = ()) -> None:
        super().__init__()
        self.index = index
        self.counts = counts
        self.chosen: list[str] = list(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            dialog.border_title = "Filter by country"
            dialog.border_subtitle = self.HINTS_TEXT
            yield Input(placeholder="type a name, code or alias (US, UK, Russia, UAE…)", id="picker-query",
                        highlighter=VisibleHighlighter())
            yield Static("", id="picker-chosen")
            yield CountryList(id="picker-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _label(self, code: str) -> Content:
        country = self.index.countries[code]
        count = self.counts.get(code, 0)
        aliases = [a for a in country.aliases if a != country.name][:3]
        extra = f"  ({', '.join(aliases)})" if aliases else ""
        return Content.assemble(literal(country.name, "bold"), literal(f" {code}"), literal(extra, "dim"),
                                (f"  {count} item{'s' if count != 1 else ''}", "$text-muted"))

    def _fill(self, query: str) -> None:
        codes = self.index.search(query) if query.strip() else sorted(
            self.index.countries, key=lambda c: (-self.counts.get(c, 0), self.index.countries[c].name))
        listing = self.query_one(CountryList)
        listing.clear_options()
        listing.add_options([Selection(self._label(c), c, c in self.chosen) for c in codes])
        if codes:
            listing.highlighted = 0
        self._show_chosen()

    def _show_chosen(self) -> None:
        names = ", ".join(self.index.countries[c].name for c in self.chosen)
        self.query_one("#picker-chosen", Static).update(
            Content.assemble(("Chosen: ", "bold"), literal(names) if names else Content("none (shows everything)"))
        )

    @on(Input.Changed, "#picker-query")
    def _typed(self, event: Input.Changed) -> None:
        if self.is_open:  # not a change that arrives as the picker closes
            self._fill(event.value)

    @on(Input.Submitted, "#picker-query")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the query: choose the best match if nothing is chosen yet, and apply."""
        if not self.is_open:
            return
        listing = self.query_one(CountryList)
        if event.value.strip() and listing.option_count and not self.chosen:
            first = listing.get_option_at_index(0).value
            self.chosen.append(first)
        self.action_apply()

    def on_descendant_focus(self) -> None:
        in_list = self.query_one(CountryList).has_focus
        self.query_one("#picker-dialog").border_subtitle = self.HINTS_LIST if in_list else self.HINTS_TEXT

    def on_key(self, event) -> None:
        query, listing = self.query_one(Input), self.query_one(CountryList)
        if event.key == "down" and query.has_focus:
            listing.focus()
            event.stop()
        elif event.key == "enter" and listing.has_focus:
            self.action_apply()
            event.stop()
        elif event.key == "up" and listing.has_focus and not listing.highlighted:
            query.focus()  # up from the top of the list: back to the text
            event.stop()
        elif listing.has_focus and event.is_printable and event.character not in (None, " "):
            # Typing with the list focused goes on in the text (space chooses, as the list says).
            query.focus()
            query.insert_text_at_cursor(event.character)
            event.stop()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        if not self.is_open:
            return
        code = event.selection.value
        if code in self.chosen:
            self.chosen.remove(code)
        else:
            self.chosen.append(code)
        self._show_chosen()

    def action_apply(self) -> None:
        self.dismiss(list(self.chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
