"""A synthetic "Security Council Voting Data" CSV in the Library's exact format.

``python -m benchmarks.council_generate [--sizes 1,10] [--out benchmarks/out]``

The real file (about 41,000 rows, 15 MB) is the United Nations' and is never shipped,
so the benchmarks generate one of the same shape with a seeded ``random.Random`` (the
same size always gives the same bytes): the Library's header, one row per member per
resolution, resolutions from 1946 (11 members until 1965, 15 from 1966; the USSR as
``SUN`` until 1991), groups in no sorted order, descriptions with commas (quoted),
``|``-joined subjects, about 4% adopted without a vote (every ballot ``X``, with
"Adopted without vote"), now and then a member not participating (``X`` and a
``vote_note`` remark), totals that agree with the ballots. At 1x: 41,000 rows and
about 15 MB; at Nx, N times the resolutions (numbers go on past the real ones, dates
spread over the same years).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

import pycountry

from benchmarks.generate import OUT_DIR, parse_sizes
from models.council import COLUMNS

__all__ = ["ROWS_PER_UNIT", "council_csv", "generate_council"]

#: Rows at 1x (about the real file's).
ROWS_PER_UNIT = 41_000
FIRST_YEAR, LAST_YEAR = 1946, 2025

SUBJECTS = ("PEACEKEEPING OPERATIONS", "SANCTIONS", "HAITI", "MIDDLE EAST SITUATION", "PALESTINE QUESTION",
            "SOMALIA SITUATION", "CYPRUS QUESTION", "TERRORISM", "CHILDREN IN ARMED CONFLICT", "ARMS EMBARGO",
            "INTERNATIONAL SECURITY", "MULTINATIONAL FORCES", "HUMAN RIGHTS", "REFUGEES", "ELECTIONS",
            "DEMOCRATIC REPUBLIC OF THE CONGO SITUATION", "LEBANON SITUATION", "IRAQ-KUWAIT SITUATION")
TOPICS = ("the situation in {place}", "the extension of the mandate of the UN mission in {place}",
          "sanctions against armed groups in {place}, including travel bans, asset freezes and arms embargoes",
          "the admission of {place} to membership in the United Nations",
          "the question concerning {place}", "threats to international peace and security caused by terrorist acts",
          "the protection of civilians, humanitarian access and the return of refugees in {place}")
AGENDAS = ("The situation in {place}", "The question concerning {place}", "Maintenance of international peace "
           "and security", "Admission of new Members", "Reports of the Secretary-General on {place}")


def _members() -> list[tuple[str, str]]:
    return sorted((c.alpha_3, c.name.upper()) for c in pycountry.countries
                  if c.alpha_3 not in ("CHN", "FRA", "GBR", "USA", "RUS"))


def _permanent(year: int) -> list[tuple[str, str]]:
    soviet = ("SUN", "USSR") if year <= 1991 else ("RUS", "RUSSIAN FEDERATION")
    return [("CHN", "CHINA"), ("FRA", "FRANCE"), soviet, ("GBR", "UNITED KINGDOM"), ("USA", "UNITED STATES")]


def council_csv(scale: int) -> str:
    """The whole file as text."""
    rng = random.Random(4055387 + scale)
    pool = _members()
    places = [name.title() for _, name in pool]
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    # Resolutions per year grow as the real ones did (few in the 1950s, about 60 a year since 1990).
    weights = [1 + (y >= 1960) * 2 + (y >= 1990) * 6 for y in years]
    total_rows = ROWS_PER_UNIT * scale
    groups: list[list[list[str]]] = []
    elected: dict[int, list[tuple[str, str]]] = {}
    rows = number = 0
    while rows < total_rows:
        number += 1
        year = rng.choices(years, weights)[0]
        size = 11 if year < 1966 else 15
        if year not in elected:
            elected[year] = rng.sample(pool, 10)
        members = _permanent(year) + elected[year][: size - 5]
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        place = rng.choice(places)
        topic = rng.choice(TOPICS).format(place=place)
        description = f"Security Council resolution {number} ({year}) [on {topic}]"
        subjects = "|".join(rng.sample(SUBJECTS, rng.randint(1, 4)))
        agenda = rng.choice(AGENDAS).format(place=place)
        without_vote = rng.random() < 0.04
        votes: dict[str, str] = {}
        note = ""
        if without_vote:
            votes = {code: "X" for code, _ in members}
            note = "Adopted without vote"
        else:
            kind = rng.random()
            for code, _ in members:
                votes[code] = "Y"
            if kind > 0.75:
                for code, _ in rng.sample(members, rng.randint(1, 4)):
                    votes[code] = "A"
            if kind > 0.92:
                votes[rng.choice(members)[0]] = "N"
            if kind > 0.97:
                code, name = rng.choice(members)
                votes[code] = "X"
                note = f"{name.title()} did not participate in the voting"
        counts = {letter: sum(1 for v in votes.values() if v == letter) for letter in "YNAX"}
        undl = str(100000 + number * 7)
        common = [day.isoformat(), f"S/RES/{number}({year})", f"S/{year}/{rng.randrange(1, 999)}" if year > 1970
                  else "", f"S/PV.{1000 + number}", description, agenda, subjects, note]
        totals = [str(counts["Y"]), str(counts["N"]), str(counts["A"]), str(counts["X"]), str(len(members))]
        group = []
        for code, name in members:
            group.append([undl, code, name, "True" if code in ("CHN", "FRA", "SUN", "RUS", "GBR", "USA") else "False",
                          votes[code], *common, *totals, "Without Vote" if without_vote else "Vote",
                          f"https://digitallibrary.un.org/record/{undl}"])
        groups.append(group)
        rows += len(group)
    rng.shuffle(groups)  # grouped by resolution, in no sorted order, as the real file
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for group in groups:
        writer.writerows(group)
    return out.getvalue()


def generate_council(scale: int, out: Path = OUT_DIR) -> Path:
    """Write (once) and return ``<out>/council/x<N>.csv``."""
    path = out / "council" / f"x{scale}.csv"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(council_csv(scale), encoding="utf-8", newline="")
        temporary.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.council_generate", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 10])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    for scale in args.sizes:
        path = generate_council(scale, args.out)
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
