"""View 5, the Timeline: the axis as a pure function, then the view driven with Pilot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from models.loader import load_dossier
from models.query import CountryFilter, timeline
from models.schema import Dossier
from tests.conftest import WriteDossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.timeline_axis import (
    LEGEND,
    AxisRow,
    as_of_event,
    axis_rows,
    short_source_name,
    wrap_segments,
    year_jump,
)
from tui.views.timeline import TimelineList, TimelineView, styled
from tui.widgets.source_reader import SourceReader

VOTE = "ev-2023-10-02-res-2699-adopted"
COMING_MONTHS = "ev-2023-10-02-kenyan-arrival-expected"
MOISE = "ev-2021-07-07-moise-assassinated"
DEATHS = "ev-2023-deaths-since-start-of-year"
GSF = "ev-2025-09-30-res-2793-gang-suppression-force"


def event_row(rows: list[AxisRow], event_id: str) -> AxisRow:
    return next(row for row in rows if row.event_id == event_id)


def event_ids(rows: list[AxisRow]) -> list[str]:
    return [row.event_id for row in rows if row.event_id is not None]


# -- the axis, without the app ------------------------------------------------------------


def test_rows_follow_timeline_order_with_year_and_month_headings(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier), unknowns=dossier.unknowns)
    ids = event_ids(rows)
    # The events in timeline order, then what is not known.
    assert ids == [e.id for e in timeline(dossier)] + [u.id for u in dossier.unknowns]
    assert ids[: len(timeline(dossier))] == [e.id for e in timeline(dossier)]
    assert ids.index(MOISE) < ids.index(VOTE) < ids.index(COMING_MONTHS) < ids.index(GSF)
    assert [r.kind for r in rows[:3]] == ["year", "month", "event"]
    assert rows[0].text.strip() == "2021" and rows[1].text.endswith("July")
    years = [r.text.strip() for r in rows if r.kind == "year"]
    assert years == ["2021", "2022", "2023", "2024", "2025", "2026", "Not known"]
    # A heading for each month that has events, once, in order.
    months_2023 = [r.text.split("│ ")[-1] for r in rows if r.kind == "month" and r.year == 2023]
    expected = [name for name in ("January", "July", "August", "October", "November")
                if any(e.interval.lower and e.interval.lower.year == 2023 and e.interval.lower.month is not None
                       and ["January", "July", "August", "October", "November"].index(name) >= 0
                       for e in timeline(dossier))]
    assert months_2023 == sorted(set(months_2023), key=months_2023.index) and set(expected) <= set(months_2023)


def test_event_line_shows_phrase_label_precision_edtf_and_origin(dossier: Dossier) -> None:
    row = event_row(axis_rows(dossier, timeline(dossier)), MOISE)
    first, second = row.text.split("\n")
    assert "●" in first and "7 Jul 2021" in first and "“in July 2021”" in first
    assert "day" in first and "2021-07-07" in first
    assert "▪ article" in second and "assassinated" in second


def test_coming_months_is_an_open_range_after_the_vote_never_a_day(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier))
    ids = event_ids(rows)
    assert ids.index(COMING_MONTHS) == ids.index(VOTE) + 1
    text = event_row(rows, COMING_MONTHS).text
    first = text.split("\n")[0]
    assert "├─▶" in first and "open-ended" in first and "c. 2 Oct 2023" in first
    assert "“in the coming months”" in first and "2023-10-02~/.." in first
    assert "●" not in text
    # No bare day: "2 Oct 2023" only ever appears as "c. 2 Oct 2023".
    assert not re.search(r"(?<!c\. )\b2 Oct 2023\b", text)


def test_range_is_drawn_as_a_span_with_its_end(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier))
    start = event_row(rows, DEATHS)
    assert re.match(r"┌─*├─┤", start.text)  # the lane starts and the span glyph
    # The article's "since the beginning of the year", to about when it was written (c. Oct 2023).
    assert "1 Jan – c. Oct 2023" in start.text and "range" in start.text
    i = rows.index(start)
    end = next(j for j in range(i, len(rows)) if rows[j].kind == "end")
    assert re.match(r"└─*┤", rows[end].text) and "Oct 2023" in rows[end].text
    # The lane runs beside everything in between (the 29 July offer, OHCHR's figure of
    # 18 August, the vote) and stops at the end.
    inside = rows[i + 1 : end]
    assert {"ev-2023-07-29-kenya-offers-to-lead", "ev-2023-08-18-ohchr-2439-killed"} <= {r.event_id for r in inside}
    assert all(line[0][0].startswith("│") for r in inside for line in r.lines)
    after = rows[end + 1 :]
    first_after = next(r for r in after if r.event_id)
    assert first_after.event_id == "ev-2023-11-16-national-assembly-approves"  # 16 Nov: after the end
    # Its lane is free after its end (other ranges may hold lanes of their own).
    column = len(re.match(r"└─*", rows[end].text).group()) - 1
    assert not any(len(line[0][0]) > column and line[0][0][column] in "│┌└" for r in after for line in r.lines
                   if line and line[0][1] == "lane")


def test_origin_tells_article_from_other_and_later_sources(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier))
    assert "▪ article" in event_row(rows, VOTE).text
    assert "▫ United Nations" in event_row(rows, "ev-2022-10-07-haiti-requests-force").text
    court = event_row(rows, "ev-2023-10-09-high-court-suspends").text
    assert "▫ later · Kenyan press +1" in court and "article" not in court


def test_as_of_marker_follows_the_last_event_on_or_before_it(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier), unknowns=dossier.unknowns)
    marker = next(i for i, r in enumerate(rows) if r.kind == "as-of")
    assert "as of 21 Mar 2026" in rows[marker].text
    assert rows[marker - 1].event_id == timeline(dossier)[-1].id  # the last event, on the as-of date
    assert rows[marker + 1].text.strip() == "Not known"  # then what is not known
    early = axis_rows(dossier, timeline(dossier), as_of="2024-03-05")
    marker = next(i for i, r in enumerate(early) if r.kind == "as-of")
    assert early[marker - 1].event_id == "ev-2024-03-01-reciprocal-agreement"
    assert as_of_event(timeline(dossier), "2024-03-05") == "ev-2024-03-01-reciprocal-agreement"
    assert as_of_event(timeline(dossier), "2025-09-30") == GSF
    assert as_of_event(timeline(dossier), "2020") is None


def test_year_jump(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier))
    assert year_jump(rows, MOISE, 1) == "ev-2022-10-07-haiti-requests-force"
    assert year_jump(rows, "ev-2022-10-21-res-2653-sanctions", 1) == DEATHS
    assert year_jump(rows, VOTE, -1) == "ev-2022-10-07-haiti-requests-force"
    assert year_jump(rows, MOISE, -1) is None
    assert year_jump(rows, timeline(dossier)[-1].id, 1) is None


def test_every_precision_has_its_own_glyph_and_heading(write_dossier: WriteDossier) -> None:
    quote = [{"source": "art", "quote": "The council adopted a resolution on Monday."}]

    def add_events(data: dict) -> None:
        for n, when in enumerate(["2023", "2023-10", "2023-10-05~", "2023-09/2023-11", "../2023-09-01",
                                  "2023-10-02/"]):
            data["events"].append({"id": f"ev-{n}", "date": when, "summary": f"Event {n} [b]not markup[/b]",
                                   "citations": quote})

    small = load_dossier(write_dossier(add_events))
    rows = axis_rows(small, timeline(small))
    text = {row.event_id: row.text.split("\n")[0] for row in rows if row.event_id}
    assert "○" in text["ev-0"] and "◐" in text["ev-1"] and "≈" in text["ev-2"] and "c. 5 Oct 2023" in text["ev-2"]
    assert "├─┤" in text["ev-3"] and "◀─┤" in text["ev-4"] and "until 1 Sep 2023" in text["ev-4"]
    assert "├─▶" in text["ev-5"] and "●" in text["ev-vote"]
    headings = [r.text.strip(" │┌└─") for r in rows if r.kind in ("year", "month")]
    assert headings[0] == "Open start"  # "until 1 Sep 2023" starts before anything
    assert "2023, month not known" in headings
    # Brackets in the data stay text.
    assert "[b]not markup[/b]" in styled(event_row(rows, "ev-0").lines[1]).plain


def test_short_source_names() -> None:
    assert short_source_name("UN Office of the High Commissioner for Human Rights (OHCHR)") == "OHCHR"
    assert short_source_name("United Nations, Meetings Coverage and Press Releases") == "United Nations"
    assert short_source_name("Various news organisations (widely reported)") == "Various news organisations"
    assert short_source_name("Associated Press") == "Associated Press"


def test_wrap_keeps_roles_and_cuts_with_an_ellipsis() -> None:
    line = (("▪ article", "origin-article"), (" — one two three four five six", "summary"))
    wrapped = wrap_segments(line, 20, 15, max_lines=2)
    assert ["".join(t for t, _ in ln) for ln in wrapped] == ["▪ article — one two", "three four…"]
    assert wrapped[0][0] == ("▪ article", "origin-article")
    assert wrap_segments(line, 200, 200, max_lines=2) == [line]


def test_wrapped_rows_keep_the_axis_and_lanes(dossier: Dossier) -> None:
    rows = axis_rows(dossier, timeline(dossier), width=50)
    deaths = event_row(rows, DEATHS)
    assert len(deaths.lines) > 2
    lanes = len(re.match(r"┌─*", deaths.text).group()) - 1  # the lanes left of the span glyph
    for line in deaths.lines[1:]:
        assert re.match("│" + " " * lanes + "│   ", "".join(t for t, _ in line))
    assert all(len("".join(t for t, _ in ln)) <= 50 for r in rows if r.kind == "event" for ln in r.lines)


def test_legend_names_every_glyph() -> None:
    legend = "".join(text for text, _ in LEGEND)
    for glyph in ("●", "◐", "○", "≈", "├─┤", "├─▶", "◆"):
        assert glyph in legend
    assert len(legend) <= 70  # one line beside the details at 120 columns


# -- the view, driven with Pilot ----------------------------------------------------------


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def view_of(app: ExplorerApp) -> TimelineView:
    view = app.screen.query_one("#timeline", TimelineView)
    return view


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_5_opens_the_timeline_on_its_first_event(dossier: Dossier, tmp_path: Path, size) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "timeline"
        assert isinstance(app.focused, TimelineList)
        view = view_of(app)
        assert view.current_id == MOISE
        assert view.detail.item_id == MOISE


async def test_jk_skip_headings_and_g_G(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        order = [e.id for e in timeline(dossier)]
        for expected in order[1:4]:
            await pilot.press("j")
            await settle(pilot)
            assert view.current_id == expected  # never a heading or marker
        await pilot.press("k")
        await settle(pilot)
        assert view.current_id == order[2]
        await pilot.press("down")
        await settle(pilot)
        assert view.current_id == order[3]
        await pilot.press("G")
        await settle(pilot)
        assert view.current_id == dossier.unknowns[-1].id  # the timeline ends with what is not known
        await pilot.press("g")
        await settle(pilot)
        assert view.current_id == order[0]
        await pilot.press("k")  # already first: stays on an event
        assert view.current_id == order[0]


async def test_brackets_jump_years_and_t_jumps_to_as_of(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert view.current_id == "ev-2022-10-07-haiti-requests-force"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert view.current_id == DEATHS
        await pilot.press("right_square_bracket", "right_square_bracket")
        first_2025 = next(e.id for e in timeline(dossier) if e.interval.lower and e.interval.lower.year == 2025)
        assert view.current_id == first_2025
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert view.current_id == "ev-2024-01-26-high-court-unconstitutional"
        await pilot.press("g", "t")
        await settle(pilot)
        assert view.current_id == timeline(dossier)[-1].id  # the as-of date has an event


async def test_t_goes_to_the_last_event_on_or_before_as_of(dossier: Dossier, tmp_path: Path) -> None:
    earlier = dossier.model_copy(update={"as_of": "2024-03-05"})
    app = make(earlier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5", "t")
        await settle(pilot)
        assert view_of(app).current_id == "ev-2024-03-01-reciprocal-agreement"


async def test_enter_opens_the_article_sentence_with_the_phrase(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        assert view.select(VOTE)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "sources"
        reader = app.screen.query_one(SourceReader)
        assert reader.source is not None and reader.source.id == "article"
        assert reader.span is not None and reader.text is not None
        start, end = reader.span
        assert "adopted a resolution on Monday" in reader.text.text[start:end]
        assert reader.emphasis is not None
        assert reader.text.text[slice(*reader.emphasis)] == "on Monday"


async def test_details_state_the_anchor_of_a_relative_phrase(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        view.select(VOTE)
        await settle(pilot)
        panel = view.detail
        text = "\n".join(str(w.render()) for w in panel.query("Static"))
        assert "Anchored on" in text and "2 Oct 2023" in text
        assert "Monday 2 October 2023" in text and "official record" in text


async def test_country_filter_applies_and_empty_view_says_why(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        app.screen.apply_filter(CountryFilter.of(["JAM"]))
        await settle(pilot)
        options = view.options
        enabled = [o.id for o in options.options if not o.disabled]
        jamaica = CountryFilter.of(["JAM"], dossier)
        expected = [e.id for e in timeline(dossier, jamaica)] + [u.id for u in jamaica.apply(dossier.unknowns)]
        assert enabled == expected and "ev-2024-09-12-jamaica-first-arrivals" in enabled
        assert view.current_id == enabled[0]
        app.screen.apply_filter(CountryFilter.of(["HTI"]))
        await settle(pilot)
        assert [o.id for o in options.options if not o.disabled] == (
            [e.id for e in timeline(dossier) if "HTI" in e.countries]
            + [u.id for u in dossier.unknowns if "HTI" in u.countries])
        # A member of the Council that no event or unknown involves: Malta.
        assert not any("MLT" in x.countries for x in [*dossier.events, *dossier.unknowns])
        app.screen.apply_filter(CountryFilter.of(["MLT"]))
        await settle(pilot)
        assert view.current_id is None
        notice = view.query_one(".empty-notice")
        assert notice.display and "Malta" in str(notice.render())
        app.screen.apply_filter(CountryFilter())
        await settle(pilot)
        assert len([o for o in options.options if not o.disabled]) == len(dossier.events) + len(dossier.unknowns)


async def test_open_range_line_on_screen_is_never_a_day(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        view = view_of(app)
        assert view.select(COMING_MONTHS)
        await settle(pilot)
        prompt = view.options.get_option(COMING_MONTHS).prompt
        text = str(prompt)
        assert "├─▶" in text and "open-ended" in text
        assert not re.search(r"(?<!c\. )\b2 Oct 2023\b", text)
