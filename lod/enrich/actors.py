"""Actors: the curated gazetteer, mention recognition, and who is asked to do what.

The gazetteer is data (``lod/data/gazetteer.ttl``, read by ``lod.enrich.gazetteer``);
opening phrases are data too (``lod/data/phrases.tsv``). This module

* finds actor mentions in French and English text, full names and acronyms
  everywhere, short forms ("l'Office", "the Council") only after a full
  mention of a matching actor earlier in the same document, or when the actor
  is the issuing body (the most recent full mention wins: "the Council" after
  "Human Rights Council" is the HRC);
* gives each operative paragraph its ``action`` (the opening phrase as a
  concept: ``urges``, ``requests``…) and its ``addressees``: the actors named
  right after the opening phrase ("Prie instamment les États Membres" →
  Member States; "Demande à l'Office" → UNODC), after UNDO's
  proponent–semantics–receiver pattern.

>>> g = load_gazetteer()
>>> [m.code for m in find_mentions("Demande à l'Office des Nations Unies contre la drogue et le crime", language="fr")]
['un-unodc']
>>> action_for_phrase("Prie instamment", "fr"), action_for_phrase("Also requests", "en")
('urges', 'requests')
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Protocol

from lod.enrich.gazetteer import Gazetteer, GazetteerEntry, actor_iri, gazetteer_triples, load_gazetteer
from lod.enrich.symbols import BODY_SERIES, body_of_symbol
from lod.model import Actor, FurtherAction, OperativeParagraph, Point, Resolution

__all__ = [
    "GazetteerEntry",
    "Gazetteer",
    "Mention",
    "MentionTracker",
    "action_for_phrase",
    "actor_iri",
    "addressees_of",
    "annotate_actors",
    "find_mentions",
    "issuing_body_of",
    "gazetteer_triples",
    "load_gazetteer",
    "load_phrases",
]


@dataclass(frozen=True)
class Mention:
    """An actor named in a text, at ``start``–``end``."""

    start: int
    end: int
    code: str
    text: str
    short: bool = False


def _norm_apostrophes(text: str) -> str:
    # Same length, so offsets stay valid.
    return text.replace("\u2019", "'").replace("\u02bc", "'")


def _head(word: str, cased: bool) -> tuple[str, str]:
    """(the characters ``word`` may start with, the regex of the rest); both cases of a first letter if ``cased``."""
    if cased and word[:1].isalpha():
        return word[0].upper() + word[0].lower(), re.escape(word[1:])
    return word[:1], re.escape(word[1:])


def _first_regex(firsts: str) -> str:
    return f"[{firsts}]" if len(firsts) > 1 else re.escape(firsts)


def _label_parts(label: str) -> tuple[str, str]:
    """A label matched with either case of its first letter, as (first characters, regex of the rest)."""
    first, *others = _norm_apostrophes(label).split()
    firsts, rest = _head(first, cased=True)
    return firsts, r"\s+".join([rest, *map(re.escape, others)])


def _label_regex(label: str) -> str:
    firsts, rest = _label_parts(label)
    return _first_regex(firsts) + rest


@dataclass(frozen=True)
class _Word:
    """One word of a name: the characters it may start with, and the regex of the rest up to the word's end."""

    firsts: str
    tail: str

    @property
    def regex(self) -> str:
        return _first_regex(self.firsts) + self.tail


def _word(word: str, first: bool, acronym: bool) -> _Word:
    firsts, rest = _head(word, cased=first and not acronym)
    return _Word(firsts, rest + r"(?![\w-])")


def _dispatch(alternatives: Iterable[tuple[str, str]], before: str) -> str:
    """``(?<!{before})(?:a1|a2|…)`` for alternatives given as (first characters, regex of the rest).

    The alternatives are grouped by first character, keeping their order within a group: those
    starting with other characters cannot match where a group's character stands, so the same
    alternative wins. Each group is a literal, then the lookbehind (widened by that literal), so
    the alternation's branches all start with a literal and the regex engine skips the positions
    where no name starts with a fast character-set scan instead of trying every branch there.
    """
    groups: dict[str, list[str]] = {}
    for firsts, rest in alternatives:
        for c in dict.fromkeys(firsts):
            groups.setdefault(c, []).append(rest)
    if not groups:
        return r"(?!x)x"
    return "(?:" + "|".join(
        f"{re.escape(c)}(?<!{before}{re.escape(c)})(?:{'|'.join(rests)})" for c, rests in groups.items()
    ) + ")"


def _trie_regex(seqs: list[list[_Word]]) -> str:
    """One regex for many word sequences, common prefixes shared (fast on long texts), each name
    starting where no word character or hyphen stands before it.

    Each alternative is tried longest first and continues greedily, so the
    longest label wins ("Member States" over "States").
    """
    root: dict[_Word | None, dict] = {}  # type: ignore[type-arg]
    for seq in seqs:
        node = root
        for w in seq:
            node = node.setdefault(w, {})
        node[None] = {}

    def longest_first(node: dict) -> list[_Word]:  # type: ignore[type-arg]
        return sorted((k for k in node if k is not None), key=lambda w: len(w.regex), reverse=True)

    def then(head: str, child: dict) -> str:  # type: ignore[type-arg]
        rest = {k: v for k, v in child.items() if k is not None}
        if not rest:
            return head
        return f"{head}(?:\\s+{emit(rest)})" + ("?" if None in child else "")

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        return "(?:" + "|".join(then(w.regex, node[w]) for w in longest_first(node)) + ")"

    return _dispatch(((w.firsts, then(w.tail, root[w])) for w in longest_first(root)), r"[\w-]")


def _lookup_key(text: str) -> str:
    return " ".join(_norm_apostrophes(text).split())


class _Patterns(NamedTuple):
    full: re.Pattern[str]  # full names and acronyms
    scan: re.Pattern[str]  # ``full`` behind the character before it (see ``_iter_full_spans``)
    short: re.Pattern[str]  # short forms ("the Office")
    short_codes: dict[str, tuple[str, ...]]  # short form (lowercased) -> codes
    lookup: dict[str, str]  # full name or acronym as matched -> code
    needles: tuple[str, ...]  # a text without any of these holds no name and no short form


def _needles(names: list[list[str]]) -> tuple[str, ...]:
    """Substrings one of which every match of ``names`` (word lists) contains, few and most shared first.

    A name's words less their first letter (which may be either case) are literal in any match
    of it; a greedy cover picks the one in most names not yet covered (then the longest):
    "onvention", "rotocol", "harter" for the treaties.
    """
    left = [{w[1:] for w in words} for words in names]
    out: list[str] = []
    while left:
        counts = Counter(t for tails in left for t in tails)
        best = max(counts, key=lambda t: (counts[t], len(t)))
        out.append(best)
        left = [tails for tails in left if best not in tails]
    return tuple(out)


@lru_cache(maxsize=16)
def _patterns(lang: str, kinds: str) -> _Patterns:
    g = load_gazetteer()
    lookup: dict[str, str] = {}
    seqs: list[list[_Word]] = []
    names_words: list[list[str]] = []
    short: dict[str, list[str]] = {}
    for e in g.entries:
        if (e.kind == "Treaty") != (kinds == "treaties"):
            continue
        names = [(label, False) for lg, label in e.labels
                 if lg in (lang, "en") or lang not in ("en", "fr", "es", "ru", "zh", "ar")]
        names += [(acr, True) for acr in e.acronyms]
        for name, acronym in names:
            key = _lookup_key(name)
            variants = [key] if acronym else [key, key[:1].upper() + key[1:], key[:1].lower() + key[1:]]
            if all(v in lookup for v in variants):
                continue
            for v in variants:
                lookup.setdefault(v, e.code)
            words = key.split()
            names_words.append(words)
            seqs.append([_word(w, i == 0, acronym) for i, w in enumerate(words)])
        for lg, label in e.short_labels:
            if lg == lang:
                short.setdefault(_norm_apostrophes(label), []).append(e.code)
    short_names = sorted(short, key=len, reverse=True)
    full = _trie_regex(seqs)
    return _Patterns(
        full=re.compile(full),
        scan=re.compile(r"[^\w-]" + full),
        short=re.compile(_dispatch(map(_label_parts, short_names), r"[\w']") + r"(?![\w-])"),
        short_codes={" ".join(k.lower().split()): tuple(v) for k, v in short.items()},
        lookup=lookup,
        needles=_needles(names_words + [s.split() for s in short_names]),
    )


# After a short form, these start a longer name ("the Office of the Special Representative",
# "l'Office de Secours"), while "de" + lower case starts an infinitive ("l'Office de poursuivre").
_LONGER_NAME = re.compile(r"\s+(?:of|on|for|du|des)\b|\s+de\s+(?:la\s+|l')?[A-ZÉ]")


class MentionTracker:
    """Document-order state: which actors were fully mentioned, most recent last."""

    def __init__(self, issuing_body: str | None = None) -> None:
        self.order: list[str] = [issuing_body] if issuing_body else []

    def seen(self, code: str) -> None:
        """Record a full mention."""
        if code in self.order:
            self.order.remove(code)
        self.order.append(code)

    def resolve(self, candidates: Iterable[str]) -> str | None:
        """The most recently mentioned of ``candidates``, or None."""
        cands = set(candidates)
        for code in reversed(self.order):
            if code in cands:
                return code
        return None


class Tracker(Protocol):
    """What ``find_mentions`` needs of a tracker: ``MentionTracker`` or a lazier stand-in."""

    def seen(self, code: str) -> None: ...

    def resolve(self, candidates: Iterable[str]) -> str | None: ...


def find_mentions(
    text: str, *, language: str, tracker: Tracker | None = None, kinds: str = "actors"
) -> tuple[Mention, ...]:
    """Actor mentions in ``text``; ``tracker`` carries short-form state across texts.

    >>> t = MentionTracker()
    >>> [m.code for m in find_mentions("the Human Rights Council and the Council", language="en", tracker=t)]
    ['un-hrc', 'un-hrc']
    """
    tracker = tracker if tracker is not None else MentionTracker()
    pats = _patterns(language, kinds)
    work = _norm_apostrophes(text)
    if not any(n in work for n in pats.needles):
        return ()
    full = _full_spans(work, pats)
    found = [Mention(s, e, code, text[s:e]) for s, e, code in full]
    for m in pats.short.finditer(work):
        s, e = m.span()
        if any(a <= s < b or a < e <= b for a, b, _ in full):
            continue
        if _LONGER_NAME.match(work, e):
            continue  # "the Office of the Special Representative": a longer name, not the short form
        found.append(Mention(s, e, "", text[s:e], short=True))
    found.sort(key=lambda x: x.start)
    resolved: list[Mention] = []
    for mention in found:
        if not mention.short:
            tracker.seen(mention.code)
            resolved.append(mention)
            continue
        key = " ".join(_norm_apostrophes(mention.text).lower().split())
        code = tracker.resolve(pats.short_codes.get(key, ()))
        if code is not None:
            resolved.append(replace(mention, code=code))
    return tuple(resolved)


def _full_spans(work: str, pats: _Patterns) -> list[tuple[int, int, str]]:
    """(start, end, code) of the full names and acronyms in ``work`` (apostrophes normalised), in text order."""
    return list(_iter_full_spans(work, pats))


def _iter_full_spans(work: str, pats: _Patterns) -> Iterator[tuple[int, int, str]]:
    """What ``pats.full.finditer(work)`` finds, as (start, end, code) of the names in the lookup, one by one.

    Names start with most letters in either case, so a search for ``full`` tried nearly every
    position; ``scan`` (``full`` behind one character that is no word character or hyphen, which
    a name needs before it anyway) is only tried after spaces and punctuation. A space before the
    text stands for its start, and each search resumes at the last character of the previous
    match, so that a name right after it (a name ending in "." or ")") is still found.
    """
    padded = " " + work
    pos = 0
    while (m := pats.scan.search(padded, pos)) is not None:
        start, end = m.start(), m.end() - 1  # offsets in ``work``
        code = pats.lookup.get(_lookup_key(work[start:end]))
        if code is not None:
            yield start, end, code
        pos = end


@lru_cache(maxsize=1)
def load_phrases() -> tuple[tuple[str, str, str, str], ...]:
    """Rows (part, lang, phrase, concept) of ``lod/data/phrases.tsv``, longest phrase first."""
    text = resources.files("lod").joinpath("data/phrases.tsv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")]
    body = [(r[0], r[1], r[2], r[3]) for r in rows[1:] if len(r) == 4]
    return tuple(sorted(body, key=lambda r: -len(r[2])))


_ADVERBS = re.compile(
    r"\b(also|further|again|once again|once more|furthermore|moreover|likewise|therefore|"
    r"également|en outre|de nouveau|aussi|encore|par ailleurs|à nouveau)\b",
    re.IGNORECASE,
)


def action_for_phrase(phrase: str | None, language: str, part: str = "operative") -> str | None:
    """The action concept of an opening phrase, or None if unknown.

    >>> action_for_phrase("Encourage également", "fr")
    'encourages'
    >>> action_for_phrase("Calls upon", "en")
    'calls-upon'
    """
    if not phrase:
        return None
    norm = " ".join(_ADVERBS.sub(" ", _norm_apostrophes(phrase)).lower().split())
    for row_part, lang, text, concept in load_phrases():
        if row_part != part or (lang != language and language in ("en", "fr", "es")):
            continue
        t = _norm_apostrophes(text).lower()
        if norm == t or norm.startswith(t + " "):
            return concept
    return None


_SKIP = re.compile(
    r"(?:\s|,|\b(?:also|further|again|strongly|once again|all|the|those|these|relevant|competent|concerned|"
    r"également|en outre|de nouveau|vivement|compétentes|concernées|pertinentes|"
    r"instamment|à|au|aux|le|la|les|tous les|toutes les|de|des|du)\b|\bl')*",
    re.IGNORECASE,
)
_JOIN = re.compile(
    r"(?:\s*,\s*|\s+(?:and|et|as well as|ainsi que|or|ou)\s+)(?:(?:the|all|other|relevant|les|le|la|aux|à|au|des|"
    r"autres|tous les|toutes les)\s+|l')*",
    re.IGNORECASE,
)


def addressees_of(text: str, *, language: str, tracker: Tracker | None = None) -> tuple[str, ...]:
    """Codes of the actors named at the start of ``text`` (the words after the opening phrase).

    >>> addressees_of("les États Membres et les autres donateurs à fournir", language="fr")
    ('member-states', 'donors')
    >>> addressees_of("to remain seized of the matter", language="en")
    ()
    """
    tracker = tracker if tracker is not None else MentionTracker()
    return _named_first(_norm_apostrophes(text), find_mentions(text, language=language, tracker=tracker))


def _named_first(work: str, mentions: Iterable[Mention]) -> tuple[str, ...]:
    """Codes of the ``mentions`` (in text order) that open ``work``, joined by commas and "and"/"et"…

    ``mentions`` is read only up to the first one starting after the names at the start, so a
    lazy scan stops there.
    """
    pending = iter(mentions)
    read: list[Mention] = []
    out: list[str] = []
    floor = 0
    pos = _SKIP.match(work, 0).end()  # type: ignore[union-attr]
    while True:
        while not read or read[-1].start <= pos:
            nxt = next(pending, None)
            if nxt is None:
                break
            read.append(nxt)
        # the skip may have eaten words belonging to a label ("the Office", "autres donateurs")
        m = next((x for x in read if floor <= x.start <= pos < x.end), None)
        if m is None:
            break
        if m.code not in out:
            out.append(m.code)
        j = _JOIN.match(work, m.end)
        if j is None:
            break
        floor, pos = m.end, j.end()
    return tuple(out)


class _LazyTracker:
    """A ``MentionTracker`` stand-in that reads the texts walked before a short form only as far back as it must.

    Only short forms read a tracker, through ``resolve``: the most recently mentioned of a few
    candidate codes. The texts walked so far (and the codes already found) are queued in reading
    order; ``resolve`` goes through them newest first, skips a text at once when it holds no name
    of a candidate (``_candidate_needles``: ``in`` is cheap), scans it otherwise (once: its codes
    replace it in the queue) and stops at the first text naming a candidate. That is the answer a
    ``MentionTracker`` fed every queued text would give, without scanning the whole document.
    """

    def __init__(self, issuing_body: str | None, language: str) -> None:
        self._language = language
        self._queue: list[str | tuple[str, ...]] = [(issuing_body,)] if issuing_body else []

    def note(self, item: str | tuple[str, ...]) -> None:
        """Queue a text (its full mentions) or the codes of full mentions, in reading order."""
        self._queue.append(item)

    def seen(self, code: str) -> None:
        """Record a full mention (as ``MentionTracker.seen``)."""
        self._queue.append((code,))

    def resolve(self, candidates: Iterable[str]) -> str | None:
        """The most recently mentioned of ``candidates``, or None (as ``MentionTracker.resolve``)."""
        cands = frozenset(candidates)
        if not cands:
            return None
        needles = _candidate_needles(self._language, cands)
        for i in range(len(self._queue) - 1, -1, -1):
            item = self._queue[i]
            if isinstance(item, str):
                work = _norm_apostrophes(item)
                if not any(n in work for n in needles):
                    continue  # no name of a candidate here: its other mentions cannot change the answer
                item = self._queue[i] = tuple(code for _, _, code in _full_spans(work, _patterns(self._language, "actors")))
            for code in reversed(item):
                if code in cands:
                    return code
        return None


@lru_cache(maxsize=1024)
def _candidate_needles(language: str, codes: frozenset[str]) -> tuple[str, ...]:
    """Substrings one of which every full mention of one of ``codes`` contains: the longest word of each name.

    A full mention's name is looked up by its words as matched (``_lookup_key``), so every word of
    every lookup key of a code stands literally in the (apostrophe-normalised) text it was found in.
    """
    keys = (k for k, code in _patterns(language, "actors").lookup.items() if code in codes)
    return tuple(dict.fromkeys(max(k.split(), key=len) for k in keys))


def _addressees(text: str, language: str, tracker: _LazyTracker) -> tuple[str, ...]:
    """``addressees_of(text, tracker=…)``, with the cheaper scan when ``text`` has no short form to resolve."""
    work = _norm_apostrophes(text)
    if _patterns(language, "actors").short.search(work):
        return addressees_of(text, language=language, tracker=tracker)
    # Full mentions only: no tracker is read, and they are scanned only as far as the addressees
    # reach. The tracker is not fed here: the caller notes the whole paragraph right after.
    pats = _patterns(language, "actors")
    if not any(n in work for n in pats.needles):
        return ()
    return _named_first(work, (Mention(s, e, code, text[s:e]) for s, e, code in _iter_full_spans(work, pats)))


@lru_cache(maxsize=1024)
def _actor(code: str, language: str, base: str | None) -> Actor:
    entry = load_gazetteer().get(code)
    return Actor(label=entry.label(language) if entry else code, code=code, iri=actor_iri(code, base))


def _verb_end(text: str, language: str, phrase: str | None) -> tuple[int, str | None]:
    """Where the opening verb ends in ``text`` and its concept.

    Parsers may cut the phrase short ("Also") or long ("Requests the
    Secretary-General"); the phrase table decides: the longest table phrase
    found at the start of the text, after optional adverbs ("Also welcomes").
    """
    work = _norm_apostrophes(text)
    m = _LEAD_ADVERBS.match(work)
    pos = m.end() if m else 0
    best: tuple[int, str | None] = (0, None)
    for rx, concept in _phrases_starting(language, work[pos:pos + 1]):
        hit = rx.match(work, pos)
        if hit and hit.end() > best[0]:
            best = (hit.end(), concept)
    if best[1] is None:
        found = action_for_phrase(phrase, language)
        if phrase and work.startswith(_norm_apostrophes(phrase)):
            return len(phrase), found
        return 0, found
    return best


#: Actions whose grammatical object is who is asked to act (UNDO's receiver).
DIRECTIVE_ACTIONS = frozenset(
    {"urges", "requests", "calls-upon", "encourages", "invites", "authorizes", "appeals", "reminds", "directs",
     "demands", "recommends"}
)

@lru_cache(maxsize=8)
def _operative_phrases(language: str) -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    """Operative phrases of a language (all languages when it has none), compiled: (phrase, its first
    character, concept)."""
    return tuple(
        (re.compile(_label_regex(ph) + r"(?!\w)", re.IGNORECASE),
         re.compile(_first_regex(_label_parts(ph)[0]), re.IGNORECASE), concept)
        for part, lang, ph, concept in load_phrases()
        if part == "operative" and (lang == language or language not in ("en", "fr", "es"))
    )


@lru_cache(maxsize=4096)
def _phrases_starting(language: str, char: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(phrase, concept) of the operative phrases that can match where ``char`` stands, in table order."""
    return tuple((rx, concept) for rx, first, concept in _operative_phrases(language) if first.fullmatch(char))


_LEAD_ADVERBS = re.compile(
    r"(?:(?:also|further|again|once again|once more|strongly|furthermore|encore|également|en outre|de nouveau)\s+)*",
    re.IGNORECASE,
)


def annotate_actors(res: Resolution, *, issuing_body: str | None = None, base: str | None = None) -> Resolution:
    """A copy of ``res`` whose operative paragraphs carry ``action`` and ``addressees``.

    Walks the document in reading order so that short forms ("l'Office")
    resolve to the most recent full mention. With ``base``, actors get the IRI
    ``lod.identifiers.actor_iri`` mints; otherwise ``Actor.iri`` stays None.
    """
    body = issuing_body or issuing_body_of(res)
    lang = res.language
    tracker = _LazyTracker(body, lang)
    for p in res.preamble:
        tracker.note(p.text)
    new_ops: list[OperativeParagraph] = []
    for op in res.operative:
        end, concept = _verb_end(op.text, lang, op.phrase)
        action = op.action or concept
        # Only directive verbs have a receiver: "Welcomes the Office…" names an object.
        codes = _addressees(op.text[end:], lang, tracker) if action in DIRECTIVE_ACTIONS else ()
        further = _further_actions(op.text, end, lang, tracker, base)
        tracker.note(op.text)
        _walk_points(op.points, tracker)
        new_ops.append(replace(op, action=action, addressees=tuple(_actor(c, lang, base) for c in codes),
                               further_actions=further))
    return replace(res, operative=tuple(new_ops))


#: A directive verb further on in a paragraph, after a comma, a semicolon or "and" ("…, et prie l'Office
#: de…", "…; and requests the Secretary-General to…"), adverbs allowed between.
_FURTHER = {
    "en": re.compile(r"(?:[,;]|\band)\s+(?:(?:also|further|again|strongly|once again|therefore)\s+)*"
                     r"(requests|urges|encourages|invites|calls upon|calls on|recommends|authorizes|directs|"
                     r"appeals to|reminds|demands)\s+"),
    "fr": re.compile(r"(?:[,;]|\bet)\s+(?:(?:également|en outre|aussi|de nouveau|vivement|instamment|donc)\s+)*"
                     r"(prie|exhorte|encourage|invite|engage|demande|charge|recommande|autorise|rappelle)\s+"),
}


def _further_actions(text: str, start: int, language: str, tracker: _LazyTracker,
                     base: str | None) -> tuple[FurtherAction, ...]:
    """The directive actions a paragraph takes after its opening verb, each with the actors it addresses;
    a verb whose words do not name an actor is no request to anyone and is left out.

    >>> t = _LazyTracker("un-ctoc-cop", "fr")
    >>> [(a.action, a.offset, [x.code for x in a.addressees]) for a in _further_actions(
    ...     "Demande aux États de renforcer leur capacité, et prie l’Office des Nations Unies contre la drogue "
    ...     "et le crime de fournir une assistance", 8, "fr", t, None)]
    [('requests', 49, ['un-unodc'])]
    """
    pattern = _FURTHER.get(language)
    if pattern is None:
        return ()
    out: list[FurtherAction] = []
    for m in pattern.finditer(text, start):
        action = action_for_phrase(m.group(1).capitalize(), language)
        if action not in DIRECTIVE_ACTIONS:
            continue
        codes = _addressees(text[m.end():], language, tracker)
        if codes:
            out.append(FurtherAction(action, m.start(1), tuple(_actor(c, language, base) for c in codes)))
    return tuple(out)


def _walk_points(points: tuple[Point, ...], tracker: _LazyTracker) -> None:
    for pt in points:
        tracker.note(pt.text)
        _walk_points(pt.points, tracker)


def issuing_body_of(res: Resolution) -> str | None:
    """Actor code of the body issuing ``res``: from its symbol, else its ``body`` field.

    >>> from lod.model import SourceInfo
    >>> issuing_body_of(Resolution("CTOC/COP/2020/L.6/Rev.1", "fr", "draft-resolution", None, None, (), (), (),
    ...     SourceInfo(None, "", 0)))
    'un-ctoc-cop'
    """
    for sym in (res.symbol, *res.symbols):
        if sym:
            code = body_of_symbol(sym)
            if code:
                return code
    if res.body:
        if res.body in BODY_SERIES:
            return res.body
        mentions = find_mentions(res.body, language=res.language)
        if mentions:
            return mentions[0].code
    if res.formula:
        mentions = find_mentions(res.formula, language=res.language)
        if mentions:
            return mentions[0].code
    return None
