"""AKN-style element identifiers (eIds) from model positions.

Conventions (AKN naming convention, AKN4UN "element identifiers"):

* nested levels joined by a double underscore: ``para_13__list_1__point_a__list_1__point_i``;
* the number part is the printed number without brackets or dots (``(a)`` → ``a``, ``7.`` → ``7``);
* id-less containers pass their name as prefix: ``preamble__p_1``;
* operative paragraphs inside a section carry it: ``sec_II__para_3``; annexes are ``att_1``;
* footnotes are ``note_1``… and ``note_star`` (``*``), ``note_star2`` (``**``).

>>> preamble_eid(3), para_eid("13"), point_eid(para_eid("13"), "c")
('preamble__p_3', 'para_13', 'para_13__list_1__point_c')
>>> para_eid("2", section="II"), note_eid("*"), note_eid("4")
('sec_II__para_2', 'note_star', 'note_4')
"""

from __future__ import annotations

import re

__all__ = ["annex_eid", "clean_num", "note_eid", "para_eid", "part_eid", "point_eid", "preamble_eid", "section_eid"]


def clean_num(num: str) -> str:
    """Strip brackets, dots and spaces from a printed number: ``(iv)`` → ``iv``."""
    return re.sub(r"[\s().\[\]]", "", num)


def preamble_eid(position: int) -> str:
    return f"preamble__p_{position}"


def section_eid(num: str) -> str:
    return f"sec_{clean_num(num)}"


def part_eid(num: str) -> str:
    """A part grouping sections ("Part I" of a budget resolution): ``part_I``."""
    return f"part_{clean_num(num)}"


def para_eid(num: str, *, section: str | None = None) -> str:
    base = f"para_{clean_num(num)}"
    return f"{section_eid(section)}__{base}" if section else base


def point_eid(parent: str, num: str) -> str:
    return f"{parent}__list_1__point_{clean_num(num)}"


def annex_eid(position: int) -> str:
    return f"att_{position}"


def note_eid(marker: str) -> str:
    if marker.startswith("*"):
        return "note_star" + (str(len(marker)) if len(marker) > 1 else "")
    return f"note_{clean_num(marker)}"
