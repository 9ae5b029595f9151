"""``mss-explorer export``: a dossier written out, to standard output (for a pipe) or,
with ``--out FILE``, to a file with the bundled source texts beside it, so it reopens."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_export(args: argparse.Namespace) -> int:
    from models.bundle import BundleError, bundled_texts, write_export
    from models.export import data_to_json, filtered_data, to_markdown
    from models.loader import DossierError, load_dossier
    from models.query import CountryFilter
    from models.text import visible
    from tui.cli import fail, load, resolve_countries
    from tui.loading import dossier_message

    dossier = load(args.path or args.data)
    country_filter = CountryFilter.of(resolve_countries(dossier, args.country), dossier)
    texts = []
    if args.format == "json":
        data = filtered_data(dossier, country_filter)
        texts = bundled_texts(dossier, data)
        content = data_to_json(data)
    else:
        content = to_markdown(dossier, country_filter)
    if args.out is None:
        sys.stdout.write(content)
        if texts:
            count = f"{len(texts)} bundled source text{'s' if len(texts) != 1 else ''}"
            print(visible(f"mss-explorer: this JSON names {count} ({', '.join(r for r, _ in texts)}) that it does "
                          "not hold: it reopens only beside them. For a copy that reopens, use "
                          "`mss-explorer export --out FILE.json` (writes the texts beside it)."), file=sys.stderr)
        return 0
    out = Path(args.out)
    try:
        written = write_export(out, content, texts, dossier.path)
    except BundleError as exc:
        fail(str(exc))
    if args.format == "json":
        try:
            load_dossier(out)  # say it reopens only once it has
        except DossierError as exc:
            fail(f"wrote {out}, but it does not reopen: {dossier_message(exc)}")
    beside = f" and {len(written)} source text{'s' if len(written) != 1 else ''} beside it ({', '.join(written)})" \
        if written else ""
    reopen = f"; open it with `mss-explorer --data {out}`" if args.format == "json" else ""
    print(visible(f"mss-explorer: wrote {out}{beside}{reopen}"), file=sys.stderr)
    return 0
