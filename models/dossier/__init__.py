"""A mission dossier: its records, their checks, and reading it from a file.

The records (import them from :mod:`models.schema`): ``fields`` (strict scalar types,
the record class), ``citations`` (sources, citations, countries), ``items`` (the
citable items), ``votes`` (votes, ballots, Council seats), ``dossier`` (the whole, and
its lookups).

Loading (the entry is :func:`models.loader.load_dossier`): ``reading`` (a file's bytes
to plain data, every fault named by file and item), ``problems`` (what is wrong, and
pydantic's errors turned into it), ``checks`` (what needs the whole dossier: ids,
countries, quotes found in their texts, tallies, Council seats), ``pieces`` (a big
JSON file validated in pieces).

This package imports nothing on its own: each module is imported where it is used.
"""
