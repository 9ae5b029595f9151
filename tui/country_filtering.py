"""The main screen's country filter: choosing countries (the picker, with each country's
count of items worked out in a thread the first time), clearing them, and the header's
line that says which are on. Mixed into :class:`tui.screens.main.MainScreen`."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from tui.state import explorer

if TYPE_CHECKING:
    from models.query import CountryFilter
    from models.schema import Dossier

__all__ = ["FiltersByCountry"]


class FiltersByCountry:
    """The filter's actions, for a screen that has ``dossier``, ``app``, ``notify``,
    ``run_worker`` and views that watch the app's ``country_filter``."""

    dossier: Dossier | None
    #: How many items name each country, once counted (for the picker).
    _country_counts: Counter[str] | None = None

    @property
    def country_filter(self) -> CountryFilter:
        """The filter every view shows (held once, by the app)."""
        from models.query import CountryFilter

        return explorer(self).country_filter or CountryFilter()

    def apply_filter(self, country_filter: CountryFilter) -> None:
        """Filter every view: the app's reactive filter changes, the views watching it
        refill (the shown one now, the others when next shown)."""
        explorer(self).country_filter = country_filter

    def _show_filter(self, country_filter: CountryFilter | None) -> None:
        dossier = explorer(self).state.dossier
        if dossier is None or country_filter is None:
            return
        if country_filter.active:
            names = ", ".join(dossier.country_name(c) for c in country_filter.in_order)
            self.app.sub_title = f"Filter: {names} · x clears"
        else:
            self.app.sub_title = dossier.title

    def action_pick_countries(self) -> None:
        if self._country_counts is None:
            # Counting every item's countries takes a while in a big dossier: in a thread.
            self.run_worker(self._count_countries, thread=True, exclusive=True, group="country-counts",
                            description="Counting the countries", exit_on_error=False)
            return
        self._open_picker(self._country_counts)

    def _count_countries(self) -> None:
        from models.query import country_counts

        assert self.dossier is not None
        counts = country_counts(self.dossier)
        self.app.call_from_thread(self._counted, counts)

    def _counted(self, counts: Counter[str]) -> None:
        self._country_counts = counts
        if self.app.screen is self:
            self._open_picker(counts)

    def _open_picker(self, counts: Counter[str]) -> None:
        from models.query import CountryFilter
        from tui.screens.country_picker import CountryPicker

        def chosen(codes: list[str] | None) -> None:
            if codes is not None:
                self.apply_filter(CountryFilter.of(codes, self.dossier))

        index = explorer(self).state.country_index
        assert index is not None, "loaded with the dossier"
        self.app.push_screen(CountryPicker(index, counts, self.country_filter.in_order), chosen)

    def action_clear_filter(self) -> None:
        from models.query import CountryFilter

        if self.country_filter.active:
            self.apply_filter(CountryFilter())
            self.notify("Country filter cleared.", timeout=2)
