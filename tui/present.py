"""How items read on screen: their fields, their caveats and their evidence.

Pure functions from domain objects to ``Content``; the widgets only place them.
All user text goes through :func:`tui.text.literal`.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content

from models.citing import SUMMARY_LABEL, plain_citation
from models.edtf import parse_edtf
from models.schema import (
    Ballot,
    Caveat,
    Citation,
    Council,
    Deployment,
    Dossier,
    Event,
    Fact,
    Figure,
    Item,
    Loss,
    Mission,
    Participant,
    Pledge,
    Source,
    Statement,
    Unknown,
    Vote,
)
from models.sources import Sentence
from models.titles import BALLOT_WORDS, LOSS_WORDS, item_title
from tui.text import literal

__all__ = [
    "BALLOT_WORDS",
    "Details",
    "emphasis_span",
    "describe",
    "evidence",
    "fields",
    "item_title",
    "citation_for_copy",
]

#: The cited words in their sentence, and (stronger) the words that matter most in them.
SPAN_STYLE = "underline $text-accent"
QUOTE_STYLE = "bold underline $accent"


def when(edtf: str | None) -> str:
    return parse_edtf(edtf).label() if edtf else "undated"


def fields(dossier: Dossier, item: Item | Source) -> list[tuple[str, str]]:
    """The item's fields as (label, plain value) pairs, in reading order."""
    name = dossier.country_name
    rows: list[tuple[str, str]] = []
    match item:
        case Mission():
            rows += [("Name", item.name), ("Acronym", item.acronym), ("Summary", item.summary)]
            rows += [("Lead nation", name(item.lead)), ("Host", name(item.host))]
            vote = dossier.item(item.authorised_by)
            rows.append(("Authorised by", vote.resolution if isinstance(vote, Vote) else item.authorised_by))
        case Fact():
            rows += [("Topic", item.topic), ("Fact", item.text)]
        case Participant():
            rows += [("Country", f"{name(item.country)} ({item.country})"), ("Roles", item.roles_text())]
            for pledge in item.pledges:
                rows.append(("Pledge", f"{pledge.amount_text()} ({pledge.type}), {when(pledge.date)}"))
            if item.note:
                rows.append(("Note", item.note))
        case Pledge():
            rows.append(("Contributor", f"{name(item.country)} ({item.country})"))
            participant = dossier.participant(item.country)
            if participant is not None:
                rows.append(("Roles", participant.roles_text()))
            rows.append(("Amount", item.amount_text()))
            rows += [("Kind", item.type), ("Date", f"{when(item.date)}  [{item.date}]")]
            if item.note:
                rows.append(("Note", item.note))
        case Ballot():
            rows += [("Member", f"{name(item.country)} ({item.country})"), ("Ballot", BALLOT_WORDS[item.vote])]
            seat = item.seat + (f", {item.term}" if item.term else "")
            rows += [("Seat", seat), ("Penholder", "yes" if item.penholder else "no")]
            rows.append(("Basis", item.basis_text()))
            for explanation_id in item.explanations:
                statement = dossier.item(explanation_id)
                if isinstance(statement, Statement):
                    rows.append(("Explanation", f"{statement.speaker.name}: {statement.text}"))
        case Vote():
            tally = item.tally
            rows += [("Resolution", item.resolution), ("Date", when(item.date))]
            rows += [("Meeting", item.meeting), ("Record", item.record), ("Draft", item.draft)]
            rows.append(("Penholders", ", ".join(name(c) for c in item.penholders)))
            rows.append(("Tally", f"{tally.yes} in favour, {tally.no} against, {tally.abstain} abstaining"))
            if item.summary:
                rows.append(("Summary", item.summary))
        case Statement():
            speaker = item.speaker
            rows += [("Speaker", speaker.name), ("Office", speaker.office), ("Country", name(speaker.country))]
            rows += [("Date", f"{when(item.date)}  [{item.date}]")]
            if item.mode == "paraphrase":
                mode = "paraphrase (not the speaker's words)"
            elif item.reported_by:
                mode = f"direct quote as rendered by {item.reported_by} (not the verbatim record)"
            else:
                mode = "direct quote (verbatim)"
            rows += [("Words", item.text), ("Form", mode)]
            if item.context:
                rows.append(("Context", item.context))
        case Event():
            interval = item.interval
            rows += [("What", item.summary), ("When", f"{interval.label()}  [{item.date}]")]
            rows.append(("Precision", interval.kind))
            if item.phrase:
                rows.append(("As worded", f"“{item.phrase}”"))
            if item.anchor:
                rows.append(("Anchored on", when(item.anchor)))
            if item.anchor_note:
                rows.append(("Dating", item.anchor_note))
            if item.countries:
                rows.append(("Countries", ", ".join(name(c) for c in item.countries)))
        case Figure():
            rows += [("Figure", item.label()), ("Period", f"{when(item.period)}  [{item.period}]")]
            rows.append(("Issued by", item.issuer))
            if item.reported:
                rows.append(("Reported", when(item.reported)))
        case Deployment():
            rows.append(("Contributor", f"{name(item.country)} ({item.country})"))
            rows += [("Sent", item.amount_text()), ("Kind", item.type), ("Force", item.force)]
            rows.append(("Date", f"{when(item.date)}  [{item.date}]"))
            participant = dossier.participant(item.country)
            if participant is not None:
                for pledge in participant.pledges:
                    rows.append(("Pledged", f"{pledge.amount_text()} ({pledge.type}), {when(pledge.date)}"))
            if item.note:
                rows.append(("Note", item.note))
        case Loss():
            rows += [("Name", item.name), ("Country", name(item.country)), ("Force", item.force)]
            rows += [("Date", f"{when(item.date)}  [{item.date}]"), ("Status", LOSS_WORDS[item.status])]
            if item.status_note:
                rows.append(("Why", item.status_note))
            rows.append(("What happened", item.summary))
        case Unknown():
            rows += [("Topic", item.topic), ("Not known", item.summary)]
            if item.due:
                rows.append(("Due", f"{when(item.due)}  [{item.due}]"))
            if item.countries:
                rows.append(("Countries", ", ".join(name(c) for c in item.countries)))
        case Council():
            rows += [("Year", str(item.year)), ("Permanent", ", ".join(name(c) for c in item.permanent))]
            rows.append(("Elected", ", ".join(name(c) for c in item.elected)))
        case Caveat():
            rows += [("Caveat", item.summary), ("Type", item.type.replace("_", " "))]
            if item.detail:
                rows.append(("Detail", item.detail))
            for about in item.about:
                target = dossier.item(about)
                rows.append(("About", item_title(dossier, target)))
        case Source():
            rows += [("Title", item.title), ("Type", item.type_label), ("Publisher", item.publisher or "not known")]
            rows.append(("Date", when(item.date)))
            if item.url:
                rows.append(("URL", item.url))
            rows.append(("Text", "bundled: quotes are checked word for word" if item.bundled
                         else "external: not bundled, quotes of it cannot be checked here"))
            if item.note:
                rows.append(("Note", item.note))
    return [(label, value) for label, value in rows if value]


def emphasis_span(item: Item | None, citation: Citation) -> tuple[int, int] | None:
    """Within a checked quote, the words that matter most: a direct statement's own
    words, or an event's date as the source words it."""
    if citation.span is None:
        return None
    words = None
    if isinstance(item, Statement) and item.mode == "direct":
        words = item.text
    elif isinstance(item, Event):
        words = item.phrase
    if not words or words not in citation.quote:
        return None
    start = citation.span[0] + citation.quote.index(words)
    return start, start + len(words)


def _context(
    sentences: list[Sentence], text: str, span: tuple[int, int], emphasis: tuple[int, int] | None
) -> Content:
    start, end = sentences[0].start, sentences[-1].end
    a, b = span
    content = literal(text[start:end]).stylize(SPAN_STYLE, a - start, b - start)
    if emphasis is not None:
        content = content.stylize(QUOTE_STYLE, emphasis[0] - start, emphasis[1] - start)
    return content


def evidence(dossier: Dossier, citation: Citation, number: int | None = None, item: Item | None = None) -> Content:
    """A citation as evidence: the source named, then what the dossier takes from it,
    each kind labelled: a quote (checked in context, or external with when and where
    it was read), the dossier's summary (never in quotation marks), a locator."""
    source = dossier.source(citation.source)
    head = f"[{number}] " if number is not None else ""
    parts: list[Content | str | tuple[str, str]] = [
        (head, "bold"),
        literal(source.title, "bold"),
        literal("".join(f" — {p}" for p in (source.publisher, when(source.date) if source.date else "") if p)),
    ]
    text = dossier.text(source.id)
    if citation.quote is not None and citation.span is not None and text is not None:
        sentences = text.sentences_for(*citation.span)
        first = sentences[0].index + 1
        place = f"sentence {first}" if len(sentences) == 1 else f"sentences {first}–{sentences[-1].index + 1}"
        parts.append((f"\n✓ quote verified word for word, {place} of the bundled text\n", "$success"))
        parts.append(_context(sentences, text.text, citation.span, emphasis_span(item, citation)))
    elif citation.quote is not None:
        read = ", ".join(p for p in (f"read {when(citation.read_on)}" if citation.read_on else "",
                                     f"at {citation.read_at}" if citation.read_at else "") if p)
        parts.append(("\n⚠ external quote: its wording cannot be checked here", "$warning"))
        parts += [literal(f" ({read})", "dim") if read else "", "\n“", literal(citation.quote, "italic"), "”"]
    if citation.summary is not None:
        parts += ["\n", (f"{SUMMARY_LABEL}: ", "bold"), literal(citation.summary)]
    if citation.locator is not None:
        parts += ["\n", ("Where in the source: ", "dim"), literal(citation.locator)]
    if citation.quote is None or citation.span is None:
        if source.url:
            parts += ["\n", literal(source.url, "dim")]
    return Content.assemble(*parts)


@dataclass(frozen=True)
class Details:
    """What the detail panel shows for one item, in blocks the panel lays out."""

    title: Content
    subtitle: Content
    fields: list[tuple[str, Content]]
    #: Headed sections below the fields: (heading, heading style, body).
    sections: list[tuple[str, str, Content]]


def describe(dossier: Dossier, item: Item | Source, notes: list[str] | None = None) -> Details:
    """Everything the detail panel shows: fields, caveats, notes, evidence."""
    sections: list[tuple[str, str, Content]] = []
    if isinstance(item, Item):
        caveats = dossier.caveats_for(item.id)
        if caveats:
            parts: list[Content | str | tuple[str, str]] = []
            for caveat in caveats:
                parts += ["⚠ ", literal(caveat.summary, "bold")]
                if caveat.detail:
                    parts += ["\n", literal(caveat.detail)]
                parts.append("\n")
            sections.append((f"Caveats ({len(caveats)})", "bold $text-warning", Content.assemble(*parts).rstrip()))
    if notes:
        body = Content("\n").join(Content.assemble("✎ ", literal(note)) for note in notes)
        sections.append((f"Your notes ({len(notes)})", "bold $text-secondary", body))
    if isinstance(item, Item):
        body = Content("\n\n").join(
            evidence(dossier, citation, number, item) for number, citation in enumerate(item.citations, start=1)
        )
        sections.append((f"Evidence ({len(item.citations)}) — enter opens it in Sources", "bold", body))
    return Details(
        title=literal(item_title(dossier, item), "bold $accent"),
        subtitle=Content.styled(f"{item.kind_label} · {item.id}", "dim"),
        fields=[(label, literal(value)) for label, value in fields(dossier, item)],
        sections=sections,
    )


def citation_for_copy(dossier: Dossier, item: Item, citation_index: int = 0) -> str:
    """A complete citation as plain text for the clipboard (see
    :func:`models.citing.plain_citation`): for a direct statement, its own words and
    its speaker."""
    citation = item.citations[min(citation_index, len(item.citations) - 1)]
    words = who = None
    if isinstance(item, Statement):
        who = ", ".join(p for p in (item.speaker.name, item.speaker.office) if p)
        if item.mode == "direct":
            words = item.text
    text = plain_citation(dossier, citation, words=words, who=who or "")
    return text if citation.quote is not None or citation.summary is not None else f"{item_title(dossier, item)} — {text}"
