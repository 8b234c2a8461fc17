"""Load the hand-made model of the seed (tests/data/seed_fr_model.json) as a ``Resolution``.

Used by test_citations.py and test_actors.py to test on the seed before (and
independently of) the parser.
"""

from __future__ import annotations

import json
from pathlib import Path

from lod.model import Footnote, NoteRef, OperativeParagraph, Point, PreambularParagraph, Resolution, SourceInfo

DATA = Path(__file__).resolve().parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT / ".." / "shared"
SEED = SHARED / "seeds" / "000_332bb8f42190d6d7.txt"


def seed_model() -> Resolution:
    """The seed as a ``Resolution`` built by hand (22 preambular, 17 operative, 11 points, 5 notes)."""
    d = json.loads((DATA / "seed_fr_model.json").read_text(encoding="utf-8"))
    notes = lambda xs: tuple(NoteRef(n["marker"], n["offset"]) for n in xs)  # noqa: E731
    return Resolution(
        symbol=d["symbol"],
        language=d["language"],
        doc_type=d["doc_type"],
        title=d["title"],
        formula=d["formula"],
        preamble=tuple(PreambularParagraph(p["eid"], p["phrase"], p["text"], notes(p["notes"])) for p in d["preamble"]),
        operative=tuple(
            OperativeParagraph(
                o["eid"], o["num"], None, o["phrase"], o["text"],
                points=tuple(Point(pt["eid"], pt["num"], pt["text"]) for pt in o["points"]),
            )
            for o in d["operative"]
        ),
        footnotes=tuple(Footnote(f["eid"], f["marker"], f["text"]) for f in d["footnotes"]),
        source=SourceInfo("seed_fr_model.json", "", 0),
    )
