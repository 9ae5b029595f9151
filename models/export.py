"""Writing a dossier out: JSON in the model's own schema, or a readable Markdown brief.

Both take an optional country filter; filtered JSON still validates against the
schema (sources and countries are narrowed to what the kept items use).
"""

from __future__ import annotations

import json
from typing import Any

from models.citing import plain_citation
from models.query import CountryFilter, timeline
from models.safe_text import for_json, for_terminal
from models.schema import Citation, Dossier, Item, to_data
from models.vote_grid import votes_in_order

__all__ = ["to_json", "to_markdown", "filtered_data", "data_to_json"]


def filtered_data(dossier: Dossier, country_filter: CountryFilter | None = None) -> dict[str, Any]:
    """The dossier as plain data in its own schema, narrowed to the filter's items."""
    data = dossier.model_dump(mode="json", exclude_defaults=False)
    f = country_filter or CountryFilter()
    if not f.active:
        return data
    keep = lambda item: f.allows(item)  # noqa: E731
    data["facts"] = [to_data(x) for x in dossier.facts if keep(x)]
    participants = []
    for p in dossier.participants:
        if keep(p):
            dumped = to_data(p)
            participants.append(dumped)
    data["participants"] = participants
    votes = []
    for v in dossier.votes:
        ballots = [b for b in v.ballots if keep(b)]
        if ballots or v.id == dossier.mission.authorised_by:  # the mission names the vote that authorised it
            # A vote keeps all its ballots: its tally must stay whole to validate.
            votes.append(to_data(v))
    data["votes"] = votes
    data["statements"] = [to_data(x) for x in dossier.statements if keep(x)]
    data["events"] = [to_data(x) for x in dossier.events if keep(x)]
    data["figures"] = [to_data(x) for x in dossier.figures if keep(x)]
    data["losses"] = [to_data(x) for x in dossier.losses if keep(x)]
    data["unknowns"] = [to_data(x) for x in dossier.unknowns if keep(x)]
    # A deployment needs its participant; a vote's Council stays whole for the membership check.
    kept_countries = {p["country"] for p in participants}
    data["deployments"] = [to_data(x) for x in dossier.deployments if keep(x) and x.country in kept_countries]
    years = {int(v["date"][:4]) for v in votes}
    data["councils"] = [to_data(x) for x in dossier.councils if x.year in years]
    kept_ids = {i["id"] for key in ("facts", "statements", "events", "figures", "losses", "unknowns", "deployments",
                                    "councils") for i in data[key]}
    kept_ids |= {p["id"] for p in participants} | {v["id"] for v in votes}
    kept_ids |= {pl["id"] for p in participants for pl in p["pledges"]}
    kept_ids |= {b["id"] for v in votes for b in v["ballots"]}
    kept_ids.add(dossier.mission.id)
    data["caveats"] = [
        to_data(x) for x in dossier.caveats if keep(x) and all(a in kept_ids for a in x.about)
    ]
    # Explanations pointing at statements that were filtered out would dangle.
    statement_ids = {s["id"] for s in data["statements"]}
    for vote in votes:
        for ballot in vote["ballots"]:
            ballot["explanations"] = [e for e in ballot["explanations"] if e in statement_ids]
    used_sources = set()
    used_countries = {dossier.mission.lead, dossier.mission.host}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "source" in node and ("quote" in node or "summary" in node or "locator" in node):
                used_sources.add(node["source"])
            for key, value in node.items():
                if key in {"country", "lead", "host"} and isinstance(value, str):
                    used_countries.add(value)
                elif key == "countries" and isinstance(value, list):
                    used_countries.update(v for v in value if isinstance(v, str))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for key in ("mission", "facts", "participants", "deployments", "councils", "votes", "statements", "events",
                "figures", "losses", "unknowns", "caveats"):
        walk(data[key])
    data["sources"] = [s for s in data["sources"] if s["id"] in used_sources]
    data["countries"] = [c for c in data["countries"] if c["code"] in used_countries]
    return data


def to_json(dossier: Dossier, country_filter: CountryFilter | None = None) -> str:
    return data_to_json(filtered_data(dossier, country_filter))


def data_to_json(data: dict[str, Any]) -> str:
    """``filtered_data``'s dict as the JSON file."""
    return for_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class _Notes:
    """Numbered citations for the Markdown brief, one number per distinct citation."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.numbers: dict[Citation, int] = {}

    def cite(self, item: Item) -> str:
        return "".join(self.ref(c) for c in item.citations)

    def ref(self, citation: Citation) -> str:
        if citation not in self.numbers:
            self.numbers[citation] = len(self.numbers) + 1
        return f"[^{self.numbers[citation]}]"

    def render(self) -> list[str]:
        return [f"[^{number}]: {_md(plain_citation(self.dossier, citation))}"
                for citation, number in self.numbers.items()]


def _md(text: str) -> str:
    """Escape what Markdown would otherwise interpret in user text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def to_markdown(dossier: Dossier, country_filter: CountryFilter | None = None) -> str:
    f = country_filter or CountryFilter()
    n = _Notes(dossier)
    name = dossier.country_name
    out: list[str] = [f"# {_md(dossier.title)}", ""]
    if f.active:
        out += [f"*Filtered to: {', '.join(name(c) for c in sorted(f.codes))}.*", ""]
    out += [f"As of {dossier.as_of}.", ""]
    m = dossier.mission
    out += ["## The mission", "", f"**{_md(m.name)}** ({_md(m.acronym)}). {_md(m.summary)}{n.cite(m)}", ""]
    facts = f.apply(dossier.facts)
    if facts:
        out += [f"- **{_md(x.topic)}**: {_md(x.text)}{n.cite(x)}" for x in facts] + [""]
    for vote in votes_in_order(dossier):
        ballots = f.apply(vote.ballots)
        if not ballots:
            continue
        out += [f"## The vote on {_md(vote.resolution)}", ""]
        meeting = f", {_md(vote.meeting)}" if vote.meeting else ""
        out += [f"Adopted {vote.date}{meeting}: {vote.tally.text()} (yes–no–abstain).{n.cite(vote)}", ""]
        if vote.summary:
            out += [_md(vote.summary), ""]
        out += ["| Member | Seat | Ballot | Basis |", "|---|---|---|---|"]
        for b in ballots:
            pen = " (penholder)" if b.penholder else ""
            out.append(f"| {_md(name(b.country))}{pen} | {b.seat} | {b.vote}{n.cite(b)} | {b.basis} |")
        out.append("")
    participants = f.apply(dossier.participants)
    if participants:
        out += ["## Participants and pledges", ""]
        for p in participants:
            out.append(f"- **{_md(name(p.country))}** — {p.roles_text()}{n.cite(p)}")
            for pl in p.pledges:
                note = f" — {_md(pl.note)}" if pl.note else ""
                out.append(f"  - {_md(pl.amount_text())} ({pl.type}), {pl.date}{note}{n.cite(pl)}")
        out.append("")
    deployments = f.apply(dossier.deployments)
    if deployments:
        out += ["## What was sent", ""]
        for d in deployments:
            force = f", {_md(d.force)}" if d.force else ""
            note = f" — {_md(d.note)}" if d.note else ""
            out.append(f"- **{_md(name(d.country))}**: {_md(d.amount_text())} ({d.type}{force}), {d.date}{note}"
                       f"{n.cite(d)}")
        out.append("")
    losses = f.apply(dossier.losses)
    if losses:
        out += ["## Mission personnel lost", ""]
        for x in losses:
            why = f" ({_md(x.status_note)})" if x.status_note else ""
            out.append(f"- **{_md(x.name)}** ({_md(name(x.country))}), {x.date}: {x.status}{why}. {_md(x.summary)}"
                       f"{n.cite(x)}")
        out.append("")
    statements = f.apply(dossier.statements)
    if statements:
        out += ["## Statements", ""]
        for s in statements:
            who = f"{s.speaker.name}, {s.speaker.office}" if s.speaker.office else s.speaker.name
            words = f"“{_md(s.text)}”" if s.mode == "direct" else f"(paraphrase) {_md(s.text)}"
            if s.mode == "direct" and s.reported_by:
                words += f" (as rendered by {_md(s.reported_by)})"
            out.append(f"- **{_md(who)}** ({_md(name(s.speaker.country))}, {s.date}): {words}{n.cite(s)}")
        out.append("")
    events = timeline(dossier, f)
    if events:
        out += ["## Timeline", ""]
        for e in events:
            phrase = f" (“{_md(e.phrase)}”)" if e.phrase else ""
            out.append(f"- **{e.interval.label()}**{phrase}: {_md(e.summary)}{n.cite(e)}")
        out.append("")
    figures = f.apply(dossier.figures)
    if figures:
        out += ["## Figures", ""]
        for x in figures:
            out.append(f"- {_md(x.label())}, {x.interval_label()} ({_md(x.issuer)}){n.cite(x)}")
        out.append("")
    councils = f.apply(dossier.councils)
    if councils:
        out += ["## The Security Council by year", ""]
        for c in councils:
            permanent = ", ".join(_md(name(x)) for x in c.permanent)
            elected = ", ".join(_md(name(x)) for x in c.elected)
            out.append(f"- **{c.year}**: permanent {permanent}; elected {elected}{n.cite(c)}")
        out.append("")
    unknowns = f.apply(dossier.unknowns)
    if unknowns:
        out += ["## What is not known", ""]
        for u in unknowns:
            due = f" (due {u.due})" if u.due else ""
            out.append(f"- **{_md(u.topic)}**: {_md(u.summary)}{due}{n.cite(u)}")
        out.append("")
    caveats = f.apply(dossier.caveats)
    if caveats:
        out += ["## Where sources disagree", ""]
        for c in caveats:
            detail = f" {_md(c.detail)}" if c.detail else ""
            out.append(f"- **{_md(c.summary)}**{detail}{n.cite(c)}")
        out.append("")
    out += ["## Sources", ""]
    out += n.render()
    return for_terminal("\n".join(out) + "\n")  # what leaves: no control character live
