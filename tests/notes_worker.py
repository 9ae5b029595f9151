"""Helper process for tests/test_notes.py: saves notes from outside the test process.

Modes (``python tests/notes_worker.py MODE PATH ...``):

``zygote PATH``
    Imports everything once, then reads commands from stdin, one per line:
    ``spawn`` forks a child that saves notes to PATH in an endless loop and answers
    ``pid <n>``; ``reap <n>`` waits for that child and answers ``reaped <n> <status>``;
    ``quit`` exits. Forking from a warm process lets the kill test start a fresh saver
    every few milliseconds instead of paying Python's start-up each time. Every note
    the child writes carries a tag ``sha:<hex>`` of its text so the test can check no
    note was ever written half-way.

``loop PATH``
    Same endless saving loop, in this process (the test kills it with SIGKILL).

``add-many PATH PREFIX N``
    Opens the store, prints ``ready``, waits for a line on stdin, then adds N notes
    with texts ``PREFIX-0`` ... and prints one JSON line: the ids added and the merge
    reports seen.

``serve PATH``
    Opens the store, prints ``{"ready": true}``, then answers JSON commands on stdin, one per line: ``{"op": "add", "text": ...}``,
    ``{"op": "update", "id": ..., "text": ...}``, ``{"op": "delete", "id": ...}``,
    ``{"op": "ids"}``, ``{"op": "quit"}``. Each answer is one JSON line.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import filelock  # noqa: E402, F401 - the store imports it at its first save; the zygote warms it like the rest

from models.notes import NotesStore  # noqa: E402

WORDS = ["Haïti", "MSS", "Kenya", "وثيقة", "שלום", "🇭🇹", 'quote "x"', "back\\slash", "[b]", "line\r\nbreak"]


def _text(rng: random.Random, n: int) -> str:
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) for _ in range(n)]
    return "\n".join(lines)


def _sha_tag(text: str) -> str:
    return "sha:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def save_forever(path: Path) -> None:
    rng = random.Random()
    store = NotesStore.open(path)
    if store.error is not None:
        print(f"worker: {store.error}", file=sys.stderr)
        os._exit(3)
    while True:
        notes = store.notes
        if notes and rng.random() < 0.4:
            note = rng.choice(notes)
            text = _text(rng, rng.randint(1, 40))
            store.update(note.id, text=text, tags=[_sha_tag(text), "edited"])
        else:
            text = _text(rng, rng.randint(1, 40))
            store.add(text, tags=[_sha_tag(text)])


def zygote(path: Path) -> None:
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    save_forever(path)
                finally:
                    os._exit(1)
            print(f"pid {pid}", flush=True)
        elif command[0] == "reap":
            pid = int(command[1])
            _, status = os.waitpid(pid, 0)
            print(f"reaped {pid} {status}", flush=True)
        elif command[0] == "quit":
            return


def add_many(path: Path, prefix: str, count: int) -> None:
    store = NotesStore.open(path)
    print("ready", flush=True)
    sys.stdin.readline()
    ids = []
    reports = []
    for i in range(count):
        note = store.add(f"{prefix}-{i}", tags=[prefix])
        ids.append(note.id)
        assert store.last_report is not None
        reports.append({k: v for k, v in asdict(store.last_report).items() if k != "path"})
    print(json.dumps({"ids": ids, "reports": reports}), flush=True)


def serve(path: Path) -> None:
    store = NotesStore.open(path)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "quit":
            return
        if op == "add":
            note = store.add(request["text"], tags=request.get("tags", ()))
            answer = {"id": note.id}
        elif op == "update":
            note = store.update(request["id"], text=request["text"])
            answer = {"id": note.id}
        elif op == "delete":
            store.delete(request["id"])
            answer = {}
        elif op == "ids":
            answer = {"ids": [note.id for note in store.notes]}
        else:
            answer = {"error": f"unknown op {op!r}"}
        report = store.last_report
        if report is not None and op != "ids":
            answer["report"] = {k: v for k, v in asdict(report).items() if k != "path"}
        print(json.dumps(answer), flush=True)


def main(argv: list[str]) -> None:
    mode, path = argv[0], Path(argv[1])
    if mode == "zygote":
        zygote(path)
    elif mode == "loop":
        print("started", flush=True)
        save_forever(path)
    elif mode == "add-many":
        add_many(path, argv[2], int(argv[3]))
    elif mode == "serve":
        serve(path)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
