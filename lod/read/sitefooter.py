"""A web page's footer after the resolution: the text ends where the site's own notice begins.

Wikisource prints under every UN document a licence notice ("This work is excerpted from an official
document of the United Nations…", "本作品来自联合国官方文件…", then the list of ST/AI/189 and "Public
domain"); other sites print theirs ("This is not a UNHCR publication…", "Retrieved from …"). None of it
is the resolution's; read as its text it runs into the last paragraph, which then ends mid-sentence, and
the whole document is refused as cut. ``cut_site_footer`` ends the text before the first such notice
(never in its first lines: a notice above the text is a page's header, which the header reads).

>>> page = "Resolution 1 (1946)\\n\\nThe Security Council,\\n\\nRecalling …,\\n\\n1. Decides.\\n\\n"
>>> text, warnings = cut_site_footer(page + "This work is excerpted from an official document of the United "
...                                  "Nations.\\n1. Official records\\nPublic domain\\n")
>>> text == page, warnings[0].code, warnings[0].line
(True, 'site-footer', 9)
"""

from __future__ import annotations

import re

from lod.model import ParseWarning

__all__ = ["cut_site_footer"]

#: The first line of a site's notice, in the languages sites print it.
_NOTICE = re.compile(
    r"^\s*(?:"
    r"This work is (?:excerpted |taken )?from an official document of the United Nations"
    r"|This work is in the public domain"
    r"|Pursuant to UN Administrative Instruction ST/AI/189"
    r"|This is not a UNHCR publication"
    r"|Retrieved from [\"“']?https?://"
    r"|Public domain(?:Public domain)?(?:true|false)*\s*$"
    r"|本作品(?:来自|來自)(?:联合国|聯合國)|(?:根据|根據)ST/AI/189"
    r"|(?:Cette œuvre|Ce texte|Ce document) (?:est extraite? |est tirée? |provient )d[’']un document officiel"
    r"|Esta obra (?:es|está|procede)[^.]{0,40}documento oficial de las Naciones Unidas"
    r"|Это произведение[^.]{0,60}официальн"
    r")",
    re.IGNORECASE,
)
#: A notice in a text's first lines belongs to its page's header, not its footer.
_HEAD_LINES = 5


def cut_site_footer(text: str) -> tuple[str, tuple[ParseWarning, ...]]:
    """``text`` up to the first line of a site's notice after its first lines, and a ``site-footer``
    warning naming that line; ``text`` unchanged when it holds none."""
    if not _maybe_notice(text):
        return text, ()
    start = 0
    for no, line in enumerate(text.split("\n"), 1):
        if no > _HEAD_LINES and _NOTICE.match(line):
            return text[:start], (ParseWarning("site-footer", f"the text from line {no} on is a web site's notice "
                                               f"({line.strip()[:60]!r}…), not the resolution's: left out", no),)
        start += len(line) + 1
    return text, ()


def _maybe_notice(text: str) -> bool:
    """A cheap test before the line-by-line search: most texts hold none of the notices' words."""
    return any(word in text for word in ("official document of the United Nations", "public domain", "Public domain",
                                         "UNHCR publication", "Retrieved from", "ST/AI/189", "本作品", "document officiel",
                                         "documento oficial", "Это произведение"))
