"""How long sorting and narrowing a list take, by size (issue 17 points 16, 17).

Lists of more than ``ItemsView.THREAD_ROWS`` rows are sorted and narrowed in a
thread; this shows what the smaller ones cost on the event loop and what the big
ones cost in their thread. Pure Python: the keys of ``models.sorting`` and the
matcher of ``tui.views.narrowing`` over synthetic rows (no Textual app).

    .venv/bin/python -m benchmarks.sort_narrow [--sizes 500,10000,100000]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from models.sorting import amount_key, date_key, sort_ids, text_key
from tui.views.narrowing import matcher

UNITS = ("USD", "police officers", "personnel", "armoured vehicles", "logistical assistance")
NAMES = ("Kenya", "Jamaïca", "Bahamas", "El Salvador", "Guatemala", "Bénin", "Chad", "Canada")


def rows(count: int) -> dict[str, tuple[str, float | None, str, str]]:
    rng = random.Random(17)
    out = {}
    for n in range(count):
        name = f"{rng.choice(NAMES)} speaker {rng.randrange(10_000)}"
        amount = None if rng.random() < 0.1 else float(rng.randrange(1, 10_000_000))
        date = f"{rng.randrange(2020, 2027)}-{rng.randrange(1, 13):02d}" + (f"-{rng.randrange(1, 29):02d}"
                                                                              if rng.random() < 0.7 else "")
        out[f"row-{n:06d}"] = (name, amount, rng.choice(UNITS), date)
    return out


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,10000,100000")
    sizes = [int(s) for s in parser.parse_args(argv).sizes.split(",")]
    print(f"{'rows':>8}  {'text sort':>10}  {'amount sort':>11}  {'date sort':>10}  {'narrow':>8}")
    for size in sizes:
        data = rows(size)
        ids = list(data)
        texts = {i: " ".join(str(v) for v in data[i]) for i in ids}
        match = matcher("kenya 12")
        assert match is not None
        figures = [
            timed(lambda: sort_ids(ids, lambda i: text_key(data[i][0]))),
            timed(lambda: sort_ids(ids, lambda i: amount_key(data[i][1], data[i][2]))),
            timed(lambda: sort_ids(ids, lambda i: date_key(data[i][3]))),
            timed(lambda: [i for i in ids if match(texts[i])]),
        ]
        print(f"{size:>8,}  " + "  ".join(f"{f * 1000:>8.1f}ms".rjust(w) for f, w in zip(figures, (10, 11, 10, 8))))


if __name__ == "__main__":
    main()
