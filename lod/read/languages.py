"""Language knowledge as data: opening phrases, formulas, months, header words.

Adding a language (Spanish, Arabic, Russian, Chinese) means adding one
``Language`` entry here plus tests; the parser's code does not change.

>>> LANGUAGES["fr"].month("décembre")
12
>>> LANGUAGES["en"].preamble_phrase("Deeply concerned that the")
'Deeply concerned'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["LANGUAGES", "Language", "detect_language"]


@dataclass(frozen=True)
class Language:
    """What the parser knows of one language (ISO 639-1 ``code``)."""

    code: str
    #: Opening phrases of preambular paragraphs, longest first when matched.
    preamble_phrases: tuple[str, ...]
    #: Opening phrases of operative paragraphs.
    operative_phrases: tuple[str, ...]
    #: Adverbs that extend a phrase: "Recalling *also*", "Rappelant *en outre*".
    adverbs: tuple[str, ...]
    #: A regex matching the first words of an enacting formula.
    formula_start: str
    months: dict[str, int]
    #: Generic shape of a preambular opening word when not in the list.
    participle: str
    #: Words that make a draft/amendment/decision visible in the header.
    header_words: dict[str, str] = field(default_factory=dict)
    annex_word: str = "Annex"
    stopwords: tuple[str, ...] = ()
    #: Old-style unnumbered operative clauses ("Que la Commission …", "That the …").
    clause_start: str = r"(?!)"
    #: The shape of an operative verb not in the list ("Trusts", "Further urges"): after an unnumbered operative
    #: paragraph that ended, a line of this shape opens the next one (old texts number none of them).
    operative_shape: str = r"(?!)"
    #: Operative verbs that adopt a text ("Adopts", "Approves", "Proclaims"): only an unnumbered operative
    #: paragraph opening with one and ending with ":" introduces a text printed after it (an annex without heading).
    adopting: tuple[str, ...] = ()
    #: A line that only links the preamble to the operative part ("Therefore"): kept with the paragraph above.
    connectives: tuple[str, ...] = ()
    #: What must follow an opening phrase (a space or punctuation; nothing in Chinese).
    phrase_end: str = r"(?=[\s,:;]|$)"
    #: One paragraph per line (Chinese web texts), whatever the punctuation.
    line_per_paragraph: bool = False
    #: The closing paragraph's words ("remain seized of the matter."), ending with its full stop.
    seized: str = r"(?!)"
    #: How a resolution refers to its own annex ("annex to the present resolution").
    annex_reference: str = ""
    #: A date as the language writes it, with groups ``d``, ``m`` (a name or number of ``months``) and ``y``
    #: ("14 de junio de 2023", "14 июня 2023 года", "14 حزيران/يونيه 2023", "2023 年 6 月 14 日"); empty
    #: where the English and French patterns of ``lod.read.header.parse_date`` serve.
    date_pattern: str = ""
    #: The masthead's adoption line ("Aprobada por el Consejo de Seguridad …", "принятая Советом
    #: Безопасности …"): the first date on it or on the line after it is the adoption date.
    adoption: str = r"(?!)"
    #: Masthead lines that are never a title: the resolution's heading ("Resolución 2686 (2023)"), the
    #: adoption line, the session and the agenda item.
    masthead: str = r"(?!)"
    #: A resolution's heading as the language prints it ("Resolution 827 (1993)", "Résolution 227 du 28 octobre
    #: 1966", "Резолюция Совета Безопасности ООН №724", "第368(1975)号决议", "قرار مجلس الأمن رقم 381"): the number
    #: as group ``n``, the year (or, for the Assembly's old texts, the session) as group ``y`` when printed.
    heading: str = r"(?!)"
    #: The closing meeting line of an Assembly resolution ("50ª sesión plenaria", "第 50 次全体会议").
    meeting: str = ""
    #: Other lines that close a resolution, after its last paragraph (Chinese prints the date above the meeting line).
    closing: str = ""
    #: An operative number as the language prints it when not "1." (Arabic "1 - "), the number as group 1:
    #: the parser reads it as "1. ".
    number_style: str = ""
    #: A note marker as the language prints it when not a bare number, the number as group 1 (Arabic
    #: "بالأشخاص(1)،"): the parser reads it as "بالأشخاص1،", and "(1)" opening a note as "1".
    note_marker: str = ""
    #: The organisation and the bodies as the language's masthead prints them ("Организация Объединенных Наций",
    #: "联 合 国"): a symbol beside one is the document's own (lod.read.header).
    masthead_names: tuple[str, ...] = ()
    #: Paragraphs open in lower case (Russian "подчеркивая", "1. постановляет"): the phrase lists match whatever
    #: the case (the generic ``participle`` stays capitalised: too many words end like one).
    lower_case_starts: bool = False
    #: The masthead's session line ("Septuagésimo octavo período de sesiones") and agenda item line, the item as
    #: group 1 ("Tema 108 del programa"), where the English and French patterns of lod.read.header do not serve.
    session: str = r"(?!)"
    agenda: str = r"(?!)"

    def month(self, name: str) -> int | None:
        """The month a name (or, in Chinese, a number) stands for; Arabic prints two names, "حزيران/يونيه" or
        "تشرين الثاني (نوفمبر)"."""
        key = name.lower().strip(".")
        found = self.months.get(key)
        if found is None and ("/" in key or " " in key or "(" in key):
            key = " ".join(key.split())  # "تشرين الثاني (نوفمبر)": the other name in brackets
            found = self.months.get(key) or next((self.months[p.strip()] for p in re.split(r"[/()]", key) if p.strip() in self.months), None)
        return found

    @cached_property
    def date_re(self) -> re.Pattern[str] | None:
        return re.compile(self.date_pattern) if self.date_pattern else None

    @cached_property
    def adoption_re(self) -> re.Pattern[str]:
        return re.compile(self.adoption)

    @cached_property
    def masthead_re(self) -> re.Pattern[str]:
        return re.compile(self.masthead)

    @cached_property
    def heading_re(self) -> re.Pattern[str]:
        return re.compile(self.heading)

    @cached_property
    def session_re(self) -> re.Pattern[str]:
        return re.compile(self.session)

    @cached_property
    def agenda_re(self) -> re.Pattern[str]:
        return re.compile(self.agenda)

    @cached_property
    def number_re(self) -> re.Pattern[str] | None:
        return re.compile(self.number_style) if self.number_style else None

    @cached_property
    def note_re(self) -> re.Pattern[str] | None:
        return re.compile(self.note_marker) if self.note_marker else None

    def is_date_line(self, text: str) -> bool:
        """Is ``text`` a date in this language's own pattern and nothing else ("14 июня 2023 года")?"""
        rx = self.date_re
        return rx is not None and rx.fullmatch(text.strip().rstrip(".,")) is not None

    @cached_property
    def _preamble_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.preamble_phrases, self.adverbs, self.phrase_end, self.lower_case_starts)

    @cached_property
    def _operative_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.operative_phrases, self.adverbs, self.phrase_end, self.lower_case_starts)

    @cached_property
    def _participle_re(self) -> re.Pattern[str]:
        adverbs = "|".join(re.escape(a) for a in sorted(self.adverbs, key=len, reverse=True))
        return re.compile(rf"^(?:{self.participle})(?:\s+(?:{adverbs}))?(?=[\s,:;]|$)")

    @cached_property
    def formula_re(self) -> re.Pattern[str]:
        """``formula_start`` with any run of white space between its words ("The  Security  Council,", as a
        layout-mode extraction spaces them)."""
        return re.compile(self.formula_start.replace(" ", r"\s+"))

    @cached_property
    def seized_re(self) -> re.Pattern[str]:
        """The last words of the "remain seized of the matter" paragraph, at the end of a line."""
        return re.compile(rf"(?:{self.seized})\s*[”’\"]?$")

    @cached_property
    def clause_re(self) -> re.Pattern[str]:
        return re.compile(self.clause_start)

    @cached_property
    def operative_shape_re(self) -> re.Pattern[str]:
        return re.compile(self.operative_shape)

    @cached_property
    def run_together_re(self) -> re.Pattern[str]:
        """Where OCR ran paragraphs together on one line: before a formula or an opening phrase."""
        alts = "|".join(re.escape(p) for p in sorted(self.preamble_phrases, key=len, reverse=True))
        formula = self.formula_start.lstrip("^")
        return re.compile(rf"(?<=[,;.:])\s+(?=(?:{alts})\b|{formula})|(?<=\S)\s+(?=(?:{formula})\s*,)")

    def preamble_phrase(self, text: str) -> str | None:
        """The opening phrase of a preambular paragraph, or None if it has none we know."""
        m = self._preamble_re.match(text)
        if m:
            return m.group(0).rstrip(",")
        m = self._participle_re.match(text)
        return m.group(0) if m else None

    @cached_property
    def _adopting_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.adopting or ("(?!)",), self.adverbs, self.phrase_end, self.lower_case_starts)

    def adopts_text(self, text: str) -> bool:
        """Does ``text`` open with a verb that adopts a text ("Adopts the following declaration:")?"""
        return bool(self.adopting) and bool(self._adopting_re.match(text))

    def operative_phrase_known(self, text: str) -> bool:
        """Does ``text`` open with an operative phrase of the list (not a guess)?"""
        return bool(self._operative_re.match(text))

    def operative_phrase(self, text: str) -> str | None:
        """The opening phrase of an operative paragraph (its verb), or its first word."""
        m = self._operative_re.match(text)
        if m:
            return m.group(0).rstrip(",")
        m = self._first_word_re.match(text)
        return m.group(0) if m else None

    @cached_property
    def _first_word_re(self) -> re.Pattern[str]:
        """A capitalised first word (any first word where paragraphs open in lower case) and an adverb after it
        (``operative_phrase`` when no phrase is known)."""
        first = r"[^\W\d_]" if self.lower_case_starts else r"[A-ZÀ-Ý]"
        return re.compile(rf"^{first}[\w’'-]*(?:\s+(?:" + "|".join(map(re.escape, self.adverbs)) + r"))?")


def _phrase_regex(phrases: tuple[str, ...], adverbs: tuple[str, ...], end: str, any_case: bool = False) -> re.Pattern[str]:
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    advs = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(adverbs, key=len, reverse=True))
    return re.compile(rf"^(?:{advs})?(?:{alts})(?:\s+(?:{advs}))*{end}" if not end else rf"^(?:{alts})(?:\s+(?:{advs}))*{end}",
                      re.IGNORECASE if any_case else 0)


_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_FR_MONTHS = {m: i + 1 for i, m in enumerate(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split())}
_FR_MONTHS.update({"fevrier": 2, "aout": 8, "decembre": 12, "1er": 1})

EN = Language(
    code="en",
    preamble_phrases=(
        "Recalling", "Reaffirming", "Reiterating", "Recognizing", "Recognising", "Noting", "Taking note",
        "Taking note with appreciation", "Noting with appreciation", "Noting with concern", "Noting with satisfaction",
        "Welcoming", "Bearing in mind", "Mindful", "Convinced", "Aware", "Conscious", "Cognizant", "Alarmed",
        "Concerned", "Deeply concerned", "Gravely concerned", "Seriously concerned", "Expressing",
        "Expressing concern", "Expressing deep concern", "Emphasizing", "Emphasising", "Stressing", "Underlining",
        "Underscoring", "Highlighting", "Acknowledging", "Affirming", "Determined", "Desirous", "Desiring",
        "Encouraged", "Guided by", "Having considered", "Having examined", "Having received", "Having regard",
        "Considering", "Taking into account", "Taking into consideration", "Appreciating", "Commending",
        "Condemning", "Deploring", "Regretting", "Observing", "Emphasizing", "Believing", "Acting under",
        "Reaffirming its commitment", "Keeping in mind", "Pursuant to", "Stressing the importance",
        "Deeply alarmed", "Deeply disturbed", "Gravely alarmed", "Strongly condemning", "Further recalling",
        "Also recalling", "Recalling further", "Recalling also", "Noting further", "Noting also",
        "Mindful also", "Determining", "Reaffirming also", "Taking note also", "Acknowledging also",
        "Welcoming also", "Recognizing also", "Underlining also", "Profoundly concerned", "Disturbed",
        "Appreciative", "Looking forward", "Emphasizing also", "Encouraging", "Realizing", "Anxious",
        "Declaring", "Having heard", "Having adopted", "Having met", "Taking note further",
    ),
    operative_phrases=(
        "Calls upon", "Calls on", "Urges", "Requests", "Encourages", "Invites", "Decides", "Welcomes",
        "Recognizes", "Reaffirms", "Reiterates", "Emphasizes", "Stresses", "Underlines", "Notes", "Takes note",
        "Takes note with appreciation", "Notes with appreciation", "Notes with concern", "Expresses",
        "Expresses its appreciation", "Expresses its deep concern", "Expresses concern", "Condemns",
        "Strongly condemns", "Deplores", "Demands", "Appeals", "Affirms", "Approves", "Adopts", "Authorizes",
        "Endorses", "Acknowledges", "Commends", "Recommends", "Calls for", "Strongly urges", "Further requests",
        "Also requests", "Also decides", "Further decides", "Also encourages", "Further encourages",
        "Also invites", "Further invites", "Also urges", "Further urges", "Also calls upon", "Highlights",
        "Supports", "Confirms", "Declares", "Proclaims", "Looks forward",
        "Remains seized", "Decides to remain seized", "Welcomes also", "Emphasizes also", "Stresses also",
        "Recalls", "Considers", "Regrets", "Agrees", "Establishes", "Extends", "Renews", "Determines",
        "Underscores", "Strongly encourages", "Strongly supports", "Takes note also", "Notes also",
        "Reminds", "Remains concerned", "Remains deeply concerned", "Remains convinced", "Directs", "Instructs",
        "Designates", "Resolves", "Pays tribute", "Elects", "Appoints", "Insists", "Warns", "Believes",
        "Salutes", "Mandates", "Emphasises", "Recognises", "Hereby resolves",
    ),
    adopting=("Adopts", "Approves", "Proclaims", "Endorses", "Solemnly adopts", "Solemnly proclaims"),
    adverbs=("also", "further", "furthermore", "again", "moreover", "in addition", "with appreciation",
             "with concern", "with satisfaction", "with deep concern", "with grave concern", "with interest"),
    # an ordinal may stand before the body ("The Sixtieth World Health Assembly,"), and its name may go on until
    # the comma ("The Commission on Crime Prevention and Criminal Justice,": the lazy tail, for a search ending on it)
    formula_start=r"^(?:The|Le|La)\s+(?:(?:[A-Z][a-z]+-[a-z]+|[A-Z][a-z]+)(?:th|st|nd|rd)\s+)?(?:General\s+Assembly|Security\s+Council|"
    r"Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Conference\s+of\s+the\s+Parties|World\s+Health\s+Assembly|"
    r"Commission|Council|Assembly|Meeting\s+of\s+the\s+States\s+Parties|Trade\s+and\s+Development\s+Board|Executive\s+Board|"
    r"Governing\s+Council|United\s+Nations\s+Environment\s+Assembly)(?:\s+(?:[A-Z][\w’'-]*|of|on|for|and|the|to|in|against))*?\b",
    months=_EN_MONTHS,
    heading=r"^(?:(?:United\s+Nations|UN)\s+)?(?:(?:Security\s+Council|General\s+Assembly|SC|GA)\s+)?(?:RESOLUTION|Resolution|Res\.?)\s*(?:No\.?\s*)?"
    r"(?P<n>\d{1,4})(?![\d/.]|\s*\.\d)(?:\s*\(\s*(?P<y>\d{4}|[IVXL]+|1)\s*\))?",  # OCR "(1)" for "(I)"
    participle=r"(?:[A-Z][a-z]+ing|(?:[A-Z][a-z]+ly|Further|Also|While|Again)\s+(?:[a-z]+ing|[a-z]+ed)\b"
    r"|[A-Z][a-z]+ed\s+(?:by|at|that|with|about|over)\b|Deeply\s+\w+|Gravely\s+\w+|Seriously\s+\w+|Mindful|Convinced|Aware|Conscious"
    r"|Cognizant|Alarmed|Concerned|Determined|Desirous|Encouraged|Guided\s+by|Having\s+\w+|Appreciative|Anxious"
    r"|Disturbed|Pleased|Satisfied|Confident|Resolved|Committed|Fully\s+\w+|Strongly\s+\w+|Profoundly\s+\w+)",
    header_words={"draft resolution": "draft-resolution", "draft decision": "draft-decision",
                  "amendment": "amendment", "amendments": "amendment", "decision": "decision"},
    annex_word="Annex",
    clause_start=r"^That\s",
    # a third-person verb, maybe after an adverb; not a plural noun a list item may open with
    operative_shape=r"^(?:(?:[A-Z][a-z]+ly|Also|Further|Again|Hereby)\s+[a-z]{3,}s|(?!(?:States|Members|Parties|Nations|"
                    r"Governments|Others|Organizations|Agencies|Peoples|Resolutions|Articles|Regulations)\b)[A-Z][a-z]{2,}[^s\W]s"
                    # the body named as the subject, after a linking phrase ("To this end, the Security Council appoints")
                    r"|(?:[A-Z][a-z]+(?:\s+[a-z]+){0,3},\s+)?[Tt]he\s+(?:Security\s+Council|General\s+Assembly|Council|Assembly)"
                    r"\s+(?:hereby\s+|also\s+|further\s+)?[a-z]{3,}s)"
                    r"(?=\s+(?:the|that|its|all|to|upon|on|with|in|a|an|his|her|their|it)\b)",
    connectives=("Therefore", "Accordingly", "Consequently"),
    annex_reference="annex to the present resolution",
    seized=r"\bremain\s+(?:actively\s+)?seized\s+of\s+(?:the|this)\s+(?:matter|question|issue)\.",
    stopwords=("the", "of", "and", "to", "in", "its", "that", "with", "for", "on", "by"),
)

FR = Language(
    code="fr",
    preamble_phrases=(
        "Rappelant", "Réaffirmant", "Réitérant", "Reconnaissant", "Notant", "Prenant note",
        "Prenant note avec satisfaction", "Prenant note avec préoccupation", "Notant avec satisfaction",
        "Notant avec préoccupation", "Notant avec inquiétude", "Se félicitant", "Saluant", "Accueillant avec satisfaction",
        "Ayant à l’esprit", "Ayant à l'esprit", "Gardant à l’esprit", "Gardant à l'esprit", "Consciente", "Conscient",
        "Convaincue", "Convaincu", "Sachant", "Considérant", "Préoccupée", "Profondément préoccupée",
        "Gravement préoccupée", "Vivement préoccupée", "Sérieusement préoccupée", "Alarmée", "Profondément alarmée",
        "Exprimant", "Soulignant", "Insistant", "Mettant l’accent", "Mettant l'accent", "Constatant", "Estimant",
        "Affirmant", "Déterminée", "Résolue", "Désireuse", "Désireux", "Encouragée", "Guidée par", "Ayant examiné",
        "Ayant reçu", "Ayant entendu", "Tenant compte", "Prenant en considération", "Appréciant", "Félicitant",
        "Condamnant", "Déplorant", "Regrettant", "Observant", "Croyant", "Agissant en vertu", "Rappelant en outre",
        "Rappelant également", "Rappelant aussi", "Notant en outre", "Notant également", "Réaffirmant également",
        "Soulignant également", "Consciente également", "Consciente en outre", "Considérant également",
        "Se déclarant", "Se disant", "Vivement alarmée", "Profondément troublée", "Conscients", "Constatant avec",
        "Ayant pris connaissance", "Prenant acte", "Fermement résolue", "Réaffirmant son", "Accueillant",
        "Se référant", "Se réjouissant", "Félicitant", "Attachant", "Insistant sur", "Tenant compte également",
    ),
    operative_phrases=(
        "Prie instamment", "Demande instamment", "Prie", "Demande", "Encourage", "Invite", "Décide",
        "Se félicite", "Salue", "Reconnaît", "Réaffirme", "Réitère", "Souligne", "Insiste", "Note",
        "Prend note", "Prend note avec satisfaction", "Prend acte", "Exprime", "Condamne", "Condamne fermement",
        "Déplore", "Exige", "Lance un appel", "Fait appel", "Rend hommage", "Charge", "Désigne", "Élit", "Nomme",
        "Avertit", "Affirme", "Approuve", "Adopte", "Autorise", "Fait sienne",
        "Fait siens", "Constate", "Félicite", "Recommande", "Engage", "Exhorte", "Appuie", "Confirme",
        "Déclare", "Proclame", "Rappelle", "Considère", "Regrette", "Convient", "Établit", "Proroge",
        "Reconduit", "Estime", "Attend avec intérêt", "Décide de rester saisi", "Demeure saisi",
        "Encourage vivement", "Se déclare", "Remercie", "Accueille avec satisfaction",
    ),
    adopting=("Adopte", "Approuve", "Proclame", "Proclame solennellement", "Fait sienne", "Fait siens", "Fait sien",
              "Fait siennes"),
    adverbs=("également", "en outre", "aussi", "de nouveau", "encore", "par ailleurs", "avec satisfaction",
             "avec préoccupation", "avec inquiétude", "avec intérêt", "vivement", "fermement"),
    formula_start=r"^(?:La|Le|L[’'])\s*(?:Conférence\s+des\s+Parties|Assemblée\s+générale|Conseil\s+de\s+sécurité|"
    r"Conseil\s+économique\s+et\s+social|Conseil\s+des\s+droits\s+de\s+l[’']homme|Commission|Conseil|Assemblée|"
    r"Réunion\s+des\s+États\s+parties|Conférence)\b",
    months=_FR_MONTHS,
    heading=r"^(?:R[ÉE]SOLUTION|R[ée]solution|Rés\.)\s*(?:du\s+Conseil\s+de\s+sécurité\s+|de\s+l[’']Assemblée\s+générale\s+)?(?:n[°o]\s*)?(?P<n>\d{1,4})(?![\d/.])(?:\s*\(\s*(?P<y>\d{4}|[IVXL]+)\s*\))?",
    participle=r"(?:(?:Se\s+|S[’'])?[A-ZÉÈÀÂÎÔ][a-zéèêàâîôûç]+ant|Consciente?s?|Convaincue?s?|Préoccupée?s?"
    r"|Profondément\s+\w+|Gravement\s+\w+|Vivement\s+\w+|Sérieusement\s+\w+|Résolue?|Déterminée?"
    r"|Désireu(?:x|se)|Encouragée?|Alarmée?|Guidée?\s+par|Ayant\s+\S+|Fermement\s+\w+|Soucieu(?:x|se))",
    header_words={"projet de résolution": "draft-resolution", "projet de décision": "draft-decision",
                  "amendement": "amendment", "amendements": "amendment", "décision": "decision"},
    annex_word="Annexe",
    clause_start=r"^Qu(?:e\s|’|')",
    # a third-person verb ("Renvoie la", "Établit un", "Prend acte"), not a participle, a determiner or a pronoun
    operative_shape=r"^(?!(?:Cette|Toute|Toutes|Chaque|Comme|Entre|Notre|Votre|Celle|Quelle|Autre|Même|Dont|Sont|Elle|Elles"
                    r"|Contre|Outre|Cinq|Onze|Treize|Quatorze|Quinze|Seize|Tout|Vingt|Cent|Huit|Sept|Article|Chapitre)\b)"
                    r"(?![A-ZÉÈÀÂÎÔ][a-zéèêàâîôûç]*ant\b)[A-ZÉÈÀÂÎÔ][a-zéèêàâîôûç]{2,}(?:e|t|d)"
                    r"(?=\s+(?:le|la|les|l[’']|à|au|aux|que|qu[’']|de|d[’']|du|des|un|une|son|sa|ses|leur|leurs|acte|note)\b)",
    connectives=("En conséquence", "Par conséquent", "En conséquence,"),
    annex_reference="annexe à la présente résolution",
    seized=r"\b(?:demeurer|rester)\s+(?:activement\s+)?saisi\s+de\s+(?:la|cette)\s+(?:question|affaire)\.",
    stopwords=("le", "la", "les", "des", "du", "de", "et", "à", "en", "que", "qui", "sur", "pour", "dans"),
)

ES = Language(
    code="es",
    preamble_phrases=(
        "Recordando", "Recordando también", "Recordando además", "Reafirmando", "Reafirmando también", "Reiterando",
        "Reconociendo", "Reconociendo también", "Observando", "Observando también", "Observando con preocupación",
        "Observando con aprecio", "Observando con satisfacción", "Tomando nota", "Tomando nota con aprecio",
        "Tomando nota también", "Acogiendo con beneplácito", "Acogiendo con satisfacción", "Acogiendo", "Celebrando",
        "Expresando", "Expresando preocupación", "Expresando su preocupación", "Destacando", "Subrayando", "Poniendo de relieve",
        "Profundamente preocupado", "Profundamente preocupada", "Gravemente preocupado", "Gravemente preocupada",
        "Preocupado", "Preocupada", "Alarmado", "Alarmada", "Consciente", "Convencido", "Convencida", "Teniendo presente",
        "Teniendo en cuenta", "Considerando", "Actuando en virtud", "Afirmando", "Habiendo examinado", "Habiendo considerado",
        "Decidido", "Decidida", "Resuelto", "Resuelta", "Determinando", "Deplorando", "Condenando", "Encomiando",
        "Señalando", "Guiado por", "Guiada por", "Deseando", "Alentado", "Alentada", "Lamentando", "Insistiendo",
    ),
    operative_phrases=(
        "Exhorta", "Insta", "Solicita", "Pide", "Alienta", "Invita", "Decide", "Acoge con beneplácito", "Acoge con satisfacción",
        "Acoge", "Reconoce", "Reafirma", "Reitera", "Destaca", "Subraya", "Pone de relieve", "Toma nota", "Expresa", "Condena",
        "Condena enérgicamente", "Exige", "Autoriza", "Aprueba", "Hace suyo", "Hace suya", "Hace suyos", "Observa", "Señala",
        "Recomienda", "Afirma", "Declara", "Proclama", "Recuerda", "Considera", "Lamenta", "Deplora", "Encomia", "Elogia",
        "Apoya", "Confirma", "Establece", "Prorroga", "Celebra", "Conviene", "Resuelve", "Determina", "Encarga", "Nombra",
        "Designa", "Elige",
    ),
    adopting=("Aprueba", "Adopta", "Proclama", "Proclama solemnemente", "Hace suya", "Hace suyo", "Hace suyas", "Hace suyos"),
    adverbs=("también", "además", "asimismo", "nuevamente", "encarecidamente", "enérgicamente", "con preocupación",
             "con aprecio", "con satisfacción"),
    formula_start=r"^(?:La|El)\s+(?:Asamblea General|Consejo de Seguridad|Consejo Económico y Social|"
    r"Conferencia de las Partes|Consejo de Derechos Humanos|Comisión)\b",
    months={**{m: i + 1 for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split())}, "setiembre": 9},
    participle=r"(?:[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|iendo)|Consciente|Convencid[oa]|Preocupad[oa]|Alarmad[oa]|Decidid[oa]"
    r"|Resuelt[oa]|Alentad[oa]|Guiad[oa]\s+por|Habiendo\s+\w+|Profundamente\s+\w+|Gravemente\s+\w+)",
    header_words={"proyecto de resolución": "draft-resolution", "proyecto de decisión": "draft-decision",
                  "enmienda": "amendment", "enmiendas": "amendment", "decisión": "decision"},
    annex_word="Anexo",
    # a third-person verb ("Encarga al", "Nombra un"), not a determiner, a preposition or a pronoun
    operative_shape=r"^(?!(?:Esta|Este|Estas|Estos|Cada|Toda|Todas|Todo|Todos|Como|Entre|Sobre|Para|Contra|Desde|Hasta|Nuestra"
                    r"|Nuestro|Otra|Otro|Misma|Mismo|Ambas|Ambos|Dicha|Dicho|Artículo|Capítulo)\b)"
                    r"[A-ZÁÉÍÓÚ][a-záéíóúñ]{2,}[ae](?=\s+(?:a|al|el|la|los|las|que|de|del|un|una|su|sus|nota)\b)",
    annex_reference="anexo de la presente resolución",
    seized=r"\bseguir\s+ocupándose\s+(?:activamente\s+)?de\s+(?:la|esta)\s+cuestión\.",
    date_pattern=r"\b(?P<d>\d{1,2})(?:º|°|\.º)?\s+de\s+(?P<m>[a-záéíóú]+)\s+de(?:l)?\s+(?P<y>\d{4})\b",
    adoption=r"^(?:Resoluci[óo]n\s+)?[Aa]probada\s+por\s+(?:el|la)\s",
    heading=r"^(?:RESOLUCI[ÓO]N|Resoluci[óo]n)\s+(?:del\s+Consejo\s+de\s+Seguridad\s+|de\s+la\s+Asamblea\s+General\s+)?(?:n[°º.o]\s*)?(?P<n>\d{1,4})(?![\d/.])(?:\s*\(\s*(?P<y>\d{4}|[IVXL]+)\s*\))?",
    masthead=r"^(?:Resoluci[óo]n\s+\d|Resoluci[óo]n\s+aprobada\b|Aprobada\s+por\b|Temas?\s+\S+(?:\s+y\s+\S+)?\s+del\s+programa"
    r"|(?:\S+\s+){1,3}período\s+(?:extraordinario\s+)?de\s+sesiones(?:\s+de\s+emergencia)?$)",
    meeting=r"^\d+(?:ª|a\.?|°)\s+sesión\s+plenaria\.?$",
    session=r"^(?:\S+\s+){1,3}período\s+(?:extraordinario\s+)?de\s+sesiones(?:\s+de\s+emergencia)?$",
    masthead_names=("Naciones Unidas", "Asamblea General", "Consejo de Seguridad", "Consejo Económico y Social", "general"),
    agenda=r"^Temas?\s+(.+?)\s+del\s+programa$",
    stopwords=("el", "la", "los", "las", "del", "de", "y", "que", "en", "por", "con"),
)

RU = Language(
    code="ru",
    preamble_phrases=(
        "Ссылаясь", "Вновь подтверждая", "Подтверждая", "Признавая", "Отмечая", "С удовлетворением отмечая",
        "С озабоченностью отмечая", "С глубокой озабоченностью отмечая", "С признательностью отмечая", "Принимая к сведению",
        "Принимая во внимание", "Приветствуя", "Выражая", "Подчеркивая", "Особо отмечая", "Будучи", "Учитывая",
        "Действуя на основании", "Напоминая", "Памятуя", "Сознавая", "Осознавая", "Констатируя", "Определяя", "Считая",
        "Полагая", "Рассмотрев", "Заслушав", "Приняв к сведению", "Осуждая", "Решительно осуждая", "Высоко оценивая",
        "Отдавая должное", "Глубоко сожалея", "Сожалея", "Заявляя", "Вновь заявляя", "Руководствуясь", "Исходя из",
        "Придавая", "Глубоко обеспокоенный", "Глубоко обеспокоенная", "Будучи глубоко обеспокоен", "Будучи глубоко обеспокоена",
        "Будучи убежден", "Будучи убеждена", "Преисполненный решимости", "Преисполненная решимости", "Настоятельно призывая",
        "Желая", "Стремясь", "Вновь выражая", "Изучив", "Опираясь на", "Одобряя", "Поддерживая", "Поощряя", "Проявляя",
        "Воздавая должное", "Полностью сознавая", "Глубоко сознавая", "Глубоко встревоженный", "Глубоко встревоженная",
        "Будучи встревожен", "Будучи встревожена", "Серьезно обеспокоенный", "Серьезно обеспокоенная", "Обеспокоенный",
        "Обеспокоенная", "Убежденный", "Убежденная", "Будучи преисполнен", "Будучи преисполнена", "Самым решительным образом осуждая",
        "Особо подчеркивая", "Вновь подтверждая свою приверженность",
        *(f"{how} {verb}" for how in ("С удовлетворением", "С признательностью", "С озабоченностью", "С глубокой озабоченностью",
                                      "С тревогой", "С сожалением", "С интересом", "С беспокойством", "С обеспокоенностью")
          for verb in ("принимая к сведению", "приветствуя", "признавая", "констатируя")),
    ),
    operative_phrases=(
        "Призывает", "Настоятельно призывает", "Просит", "Предлагает", "Постановляет", "Приветствует", "Признает",
        "Подтверждает", "Вновь подтверждает", "Подчеркивает", "Особо отмечает", "Отмечает", "Принимает к сведению",
        "Выражает", "Осуждает", "Решительно осуждает", "Требует", "Санкционирует", "Одобряет", "Решает", "Рекомендует",
        "Поощряет", "Утверждает", "Принимает", "Заявляет", "Вновь заявляет", "Напоминает", "Высоко оценивает", "Поддерживает",
        "Сожалеет", "Считает", "Констатирует", "Продлевает", "Уполномочивает", "Учреждает", "Обращается", "Воздает должное",
        "Настоятельно рекомендует", "С удовлетворением отмечает", "С признательностью отмечает", "Определяет",
    ),
    adopting=("Принимает", "Утверждает", "Одобряет", "Провозглашает", "Торжественно провозглашает"),
    adverbs=("также", "далее", "вновь"),
    formula_start=r"^(?:Совет Безопасности|Генеральная Ассамблея|Экономический и Социальный Совет|"
    r"Конференция участников|Совет по правам человека)\b",
    months={m: i + 1 for i, m in enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split())},
    participle=r"(?:[А-ЯЁ][а-яё]+(?:я|в|вшись))",
    header_words={"проект резолюции": "draft-resolution", "проект решения": "draft-decision",
                  "поправка": "amendment", "поправки": "amendment", "решение": "decision"},
    annex_word="Приложение",
    # a capitalised third-person verb ("Поручает", "Назначает"), not a noun of the same ending ("Совет", "Комитет")
    operative_shape=r"^(?!(?:Совет|Комитет|Бюджет|Предмет|Ответ|Запрет|Пакет|Кредит|Лимит|Визит|Транзит|Депозит|Кабинет"
                    r"|Приоритет|Авторитет|Паритет|Суверенитет|Нейтралитет|Иммунитет|Статут)\b)[А-ЯЁ][а-яё]{2,}(?:ает|яет|ует|ит|ет)"
                    r"(?=\s)",
    annex_reference="приложении к настоящей резолюции",
    seized=r"\bпродолжать\s+(?:активно\s+)?заниматься\s+(?:этим|данным)\s+вопросом\.",
    date_pattern=r"\b(?P<d>\d{1,2})\s+(?P<m>января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
    r"\s+(?P<y>\d{4})(?:\s+(?:года|г\.?)(?!\w))?",
    adoption=r"(?i)^(?:Резолюция(?:\s+\d+\s*\(\d{4}\))?,?\s+)?принят(?:ая|а)\s",
    heading=r"^(?:РЕЗОЛЮЦИЯ|Резолюция)(?:\s+(?:Совета\s+Безопасности|СБ|Генеральной\s+Ассамблеи|ГА)(?:\s+ООН)?)?\s+(?:№\s*)?"
    r"(?P<n>\d{1,4})(?![\d/.])(?:\s*\(\s*(?P<y>\d{4}|[IVXL]+)\s*\))?",
    masthead=r"(?i)^(?:Резолюция\s+\d|Резолюция,\s+принятая|принят(?:ая|а)\s|Пункты?\s+\S+(?:\s+и\s+\S+)?\s+повестки\s+дня"
    r"|(?:\S+\s+){1,3}сессия$)",
    meeting=r"^\d+-(?:е|я|й)\s+пленарное\s+заседание,?$",
    session=r"^(?:\S+\s+){1,3}сессия$",
    masthead_names=("Организация Объединенных Наций", "Совет Безопасности", "Генеральная Ассамблея",
                    "Экономический и Социальный Совет", "Russian"),
    agenda=r"^Пункты?\s+(.+?)\s+повестки\s+дня$",
    lower_case_starts=True,
    stopwords=("и", "в", "на", "по", "с", "что", "для", "о"),
)

ZH = Language(
    code="zh",
    preamble_phrases=("回顾", "重申", "确认", "確認", "認定", "认定", "注意到", "欢迎", "歡迎", "表示", "强调", "強調",
                      "深为关切", "深為關切", "深感关切", "深感關切", "严重关切", "嚴重關切", "铭记", "銘記", "根据", "根據",
                      "回顧", "赞扬", "讚揚", "关切", "關切", "认识到", "認識到", "意识到", "意識到", "深信", "申明", "考虑到",
                      "考慮到", "认为", "認為", "承认", "承認", "决心", "決心", "审议了", "審議了", "震惊", "震驚", "希望",
                      "相信", "谴责", "譴責", "痛惜", "鼓励", "鼓勵", "赞赏", "讚賞", "着重指出", "欣见", "欣見", "鉴于", "鑒於",
                      "鑑於"),
    operative_phrases=("吁请", "籲請", "促请", "促請", "请", "請", "鼓励", "鼓勵", "邀请", "邀請", "决定", "決定", "欢迎", "歡迎",
                       "确认", "確認", "重申", "强调", "強調", "注意到", "表示", "谴责", "譴責", "强烈谴责", "強烈譴責", "要求",
                       "授权", "授權", "核准", "敦促", "赞扬", "讚揚", "赞赏", "讚賞", "认可", "認可", "呼吁", "呼籲", "申明",
                       "着重指出", "承认", "承認", "认识到", "認識到", "兹决定", "茲決定"),
    adopting=("通过", "通過", "核准", "宣布", "宣告"),
    # the body named as the subject after "to this end" ("为此,安全理事会指派…", the 1946 translations)
    operative_shape=r"^(?:为此|為此)[,，]\s*(?:安全理事会|安全理事會|大会|大會)",
    connectives=("因此", "為此", "为此", "爰議決", "爰议决", "爰決議", "爰决议"),  # "resolves:" before the numbered paragraphs
    adverbs=("又", "还", "還", "并", "進一步", "进一步"),
    formula_start=r"^(?:安全理事会|安全理事會|大会|大會|经济及社会理事会|人权理事会|缔约方会议)(?:\s*[,，]|$)",
    months={**{str(i): i for i in range(1, 13)}, **{f"0{i}": i for i in range(1, 10)}},
    participle=r"(?!)",
    phrase_end="",
    line_per_paragraph=True,
    seized=r"(?:继续|繼續)(?:积极|積極)?(?:处理|處理)(?:此案|这一问题|這一問題)。",
    annex_word="附件",
    annex_reference="本决议附件",
    date_pattern=r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",
    adoption=r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,40}?(?:通过|通過|决议|決議)$",
    heading=r"^(?:联合国|聯合國)?(?:安理会|安理會|安全理事会|安全理事會)?第\s*(?P<n>\d{1,4})\s*(?:[(（]\s*(?P<y>\d{4})\s*[)）])?\s*[号號]\s*[决決][议議]",
    masthead=r"^(?:第\s*\d+\s*(?:[(（]\s*\d{4}\s*[)）])?\s*[号號][决決]议|.*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,40}?"
    r"(?:通过|通過|决议|決議)$|(?:大会|大會)(?:决议|決議)$|(?:议程|議程)项目|(?:议程|議程)項目|第.{1,10}(?:届会议|屆會議)$)",
    meeting=r"^第\s*\d+\s*次(?:全体会议|全體會議)$",
    session=r"^第.{1,10}(?:届会议|屆會議)$",
    masthead_names=("联合国", "联 合 国", "聯合國", "聯 合 國", "安全理事会", "安全理事會", "大会", "大 会", "大會", "大 會",
                    "经济及社会理事会", "Chinese"),
    agenda=r"^(?:议程|議程)(?:项目|項目)\s*(\S.*)$",
    closing=r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$",
    stopwords=(),
)

AR = Language(
    code="ar",
    preamble_phrases=("إذ تشير", "إذ يشير", "وإذ تشير", "وإذ يشير", "إذ تؤكد", "وإذ تؤكد", "إذ يؤكد", "وإذ يؤكد",
                      "إذ تسلم", "وإذ تسلم", "إذ يسلم", "وإذ يسلم", "إذ يرحب", "وإذ يرحب", "إذ ترحب", "وإذ ترحب",
                      "وإذ تلاحظ", "إذ تلاحظ", "إذ يلاحظ", "وإذ يلاحظ", "إذ تعيد تأكيد", "وإذ تعيد تأكيد", "إذ يعيد تأكيد",
                      "وإذ يعيد تأكيد", "إذ تشدد", "وإذ تشدد", "إذ يشدد", "وإذ يشدد", "إذ تعرب", "وإذ تعرب", "إذ يعرب",
                      "وإذ يعرب", "إذ تضع في اعتبارها", "وإذ تضع في اعتبارها", "إذ يضع في اعتباره", "وإذ يضع في اعتباره",
                      "إذ تدرك", "وإذ تدرك", "إذ يدرك", "وإذ يدرك", "وإذ يقرر", "وإذ يتصرف", "إذ تحيط علما", "وإذ تحيط علما",
                      "وقد نظرت", "وقد نظر", "وقد استمعت", "وقد استمع", "وقد درست", "وقد درس", "وبعد أن نظرت", "وبعد أن نظر",
                      "وقد أحاط علما", "وقد أحاطت علما"),
    operative_phrases=("تهيب", "تحث", "تطلب", "تشجع", "تدعو", "تقرر", "ترحب", "تسلم", "تؤكد", "تعيد تأكيد",
                       "يهيب", "يحث", "يطلب", "يشجع", "يدعو", "يقرر", "يرحب", "يؤكد", "يدين", "تدين", "يعيد تأكيد",
                       "تحيط علما", "يحيط علما", "تعرب", "يعرب", "تشدد", "يشدد", "تلاحظ", "يلاحظ", "تؤيد", "يؤيد",
                       "يأذن", "تأذن", "يمدد", "تعتمد", "يعتمد", "تكرر", "يكرر", "تناشد", "يناشد", "تشيد", "يشيد",
                       "تقر", "يقر", "تعلن", "يعلن", "يسلم", "تطالب", "يطالب", "تستنكر", "يستنكر"),
    adopting=("تعتمد", "يعتمد", "تقر", "يقر", "تعلن", "يعلن"),
    adverbs=("أيضا", "كذلك"),
    formula_start=r"^(?:إن\s+)?(?:مجلس الأمن|الجمعية العامة|المجلس الاقتصادي والاجتماعي|مؤتمر الأطراف|مجلس حقوق الإنسان)",
    months={"كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "آذار": 3, "مارس": 3, "نيسان": 4, "أبريل": 4,
            "أيار": 5, "مايو": 5, "حزيران": 6, "يونيه": 6, "يونيو": 6, "تموز": 7, "يوليه": 7, "يوليو": 7, "آب": 8,
            "أغسطس": 8, "أيلول": 9, "سبتمبر": 9, "تشرين الأول": 10, "أكتوبر": 10, "تشرين الثاني": 11, "نوفمبر": 11,
            "كانون الأول": 12, "ديسمبر": 12},
    participle=r"(?:و?إذ\s+\S+)",
    phrase_end=r"(?=[\s,:;،؛]|$)",
    annex_word="المرفق",
    annex_reference="مرفق هذا القرار",
    seized=r"(?:يبقي|إبقاء)\s+(?:هذه\s+)?المسألة\s+قيد\s+(?:نظره|النظر)(?:\s+الفعلي)?\.",
    date_pattern=r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?(?:\s*/\s*[\u0621-\u064a]+|\s*\(\s*[\u0621-\u064a]+\s*\))?)\s+(?P<y>\d{4})",
    adoption=r"^(?:قرار\s+|(?:الذي|التي)\s+)?اتخذ",
    heading=r"^(?:ال)?قرار(?:\s+مجلس\s+الأمن(?:\s+الدولي)?)?\s+(?:رقم\s+)?(?P<n>\d{1,4})(?![\d/.])(?:(?:\s*\(\s*|\s+(?:لعام|لسنة)\s+)(?P<y>\d{4})\s*\)?)?",
    masthead=r"^(?:القرار\s+\d|قرار\s+اتخذ|(?:الذي|التي)\s+اتخذ|(?:البند|البنود)\s+\S+(?:\s+و\s*\S+)?\s+من\s+جدول\s+الأعمال|الدورة\s)",
    meeting=r"^الجلسة\s+(?:العامة\s+)?\d+$",
    closing=r"^(?:تبنى|اتخذ|اعتمد)\s+(?:المجلس|مجلس\s+الأمن)\s+هذا\s+القرار",  # "the Council adopted this resolution, at …"
    session=r"^الدورة\s+\S+(?:\s+\S+){0,3}$",
    masthead_names=("الأمم المتحدة", "مجلس الأمن", "الجمعية العامة", "المجلس الاقتصادي والاجتماعي", "Arabic"),
    agenda=r"^(?:البند|البنود)\s+(.+?)\s+من\s+جدول\s+الأعمال$",
    number_style=r"^(\d{1,3})\s*[-–](?:\s+(?=[^\d\s])|$)",
    note_marker=r"(?<=[\u0621-\u0652])\((\d{1,3})\)",
    stopwords=("في", "من", "على", "إلى", "أن"),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (EN, FR, ES, RU, ZH, AR)}


_SCRIPTS = {"zh": re.compile("[\u4e00-\u9fff]"), "ru": re.compile("[\u0400-\u04ff]"), "ar": re.compile("[\u0600-\u06ff]")}
_ANY_SCRIPT = re.compile("[\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff]")
_WORDS = re.compile(r"[a-zA-ZÀ-ÿ]+")


def detect_language(text: str) -> str:
    """Guess the language of a UN text from its script and function words.

    >>> detect_language("La Conférence des Parties à la Convention, Rappelant sa résolution")
    'fr'
    >>> detect_language("The General Assembly, Recalling its resolution")
    'en'
    """
    sample = text[:6000]
    if _ANY_SCRIPT.search(sample):
        scripts = {code: len(rx.findall(sample)) for code, rx in _SCRIPTS.items()}
        best_script = max(scripts, key=lambda k: scripts[k])
        if scripts[best_script] > 50 or scripts[best_script] > len(sample) / 10:
            return best_script
    words = Counter(_WORDS.findall(sample.lower()))
    scores = {code: sum(words[w] for w in set(LANGUAGES[code].stopwords)) for code in ("en", "fr", "es")}
    # "de", "la", "en", "que" are shared by French and Spanish: let distinctive words decide.
    scores["fr"] += 2 * sum(words[w] for w in ("les", "des", "du", "et", "à", "qui", "aux", "sur"))
    scores["es"] += 2 * sum(words[w] for w in ("los", "las", "del", "y", "el", "por", "con"))
    return max(scores, key=lambda k: scores[k]) if any(scores.values()) else "en"
