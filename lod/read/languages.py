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

    def month(self, name: str) -> int | None:
        return self.months.get(name.lower().strip("."))

    @cached_property
    def _preamble_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.preamble_phrases, self.adverbs, self.phrase_end)

    @cached_property
    def _operative_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.operative_phrases, self.adverbs, self.phrase_end)

    @cached_property
    def _participle_re(self) -> re.Pattern[str]:
        adverbs = "|".join(re.escape(a) for a in sorted(self.adverbs, key=len, reverse=True))
        return re.compile(rf"^(?:{self.participle})(?:\s+(?:{adverbs}))?(?=[\s,:;]|$)")

    @cached_property
    def formula_re(self) -> re.Pattern[str]:
        return re.compile(self.formula_start)

    @cached_property
    def seized_re(self) -> re.Pattern[str]:
        """The last words of the "remain seized of the matter" paragraph, at the end of a line."""
        return re.compile(rf"(?:{self.seized})\s*[”’\"]?$")

    @cached_property
    def clause_re(self) -> re.Pattern[str]:
        return re.compile(self.clause_start)

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
        """A capitalised first word and an adverb after it (``operative_phrase`` when no phrase is known)."""
        return re.compile(r"^[A-ZÀ-Ý][\w’'-]*(?:\s+(?:" + "|".join(map(re.escape, self.adverbs)) + r"))?")


def _phrase_regex(phrases: tuple[str, ...], adverbs: tuple[str, ...], end: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    advs = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(adverbs, key=len, reverse=True))
    return re.compile(rf"^(?:{advs})?(?:{alts})(?:\s+(?:{advs}))*{end}" if not end else rf"^(?:{alts})(?:\s+(?:{advs}))*{end}")


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
    ),
    adverbs=("also", "further", "furthermore", "again", "moreover", "in addition", "with appreciation",
             "with concern", "with satisfaction", "with deep concern", "with grave concern", "with interest"),
    formula_start=r"^(?:The|Le|La)\s+(?:General Assembly|Security Council|Economic and Social Council|"
    r"Human Rights Council|Conference of the Parties|Commission|Council|Assembly|Meeting of the States Parties|"
    r"Trade and Development Board|Executive Board|Governing Council|United Nations Environment Assembly)\b",
    months=_EN_MONTHS,
    participle=r"(?:[A-Z][a-z]+ing|(?:[A-Z][a-z]+ly|Further|Also|While|Again)\s+(?:[a-z]+ing|[a-z]+ed)\b"
    r"|[A-Z][a-z]+ed\s+(?:by|at|that|with|about|over)\b|Deeply\s+\w+|Gravely\s+\w+|Seriously\s+\w+|Mindful|Convinced|Aware|Conscious"
    r"|Cognizant|Alarmed|Concerned|Determined|Desirous|Encouraged|Guided\s+by|Having\s+\w+|Appreciative|Anxious"
    r"|Disturbed|Pleased|Satisfied|Confident|Resolved|Committed|Fully\s+\w+|Strongly\s+\w+|Profoundly\s+\w+)",
    header_words={"draft resolution": "draft-resolution", "draft decision": "draft-decision",
                  "amendment": "amendment", "amendments": "amendment", "decision": "decision"},
    annex_word="Annex",
    clause_start=r"^That\s",
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
        "Déplore", "Exige", "Lance un appel", "Affirme", "Approuve", "Adopte", "Autorise", "Fait sienne",
        "Fait siens", "Constate", "Félicite", "Recommande", "Engage", "Exhorte", "Appuie", "Confirme",
        "Déclare", "Proclame", "Rappelle", "Considère", "Regrette", "Convient", "Établit", "Proroge",
        "Reconduit", "Estime", "Attend avec intérêt", "Décide de rester saisi", "Demeure saisi",
        "Encourage vivement", "Se déclare", "Remercie", "Accueille avec satisfaction",
    ),
    adverbs=("également", "en outre", "aussi", "de nouveau", "encore", "par ailleurs", "avec satisfaction",
             "avec préoccupation", "avec inquiétude", "avec intérêt", "vivement", "fermement"),
    formula_start=r"^(?:La|Le|L[’'])\s*(?:Conférence des Parties|Assemblée générale|Conseil de sécurité|"
    r"Conseil économique et social|Conseil des droits de l[’']homme|Commission|Conseil|Assemblée|"
    r"Réunion des États parties|Conférence)\b",
    months=_FR_MONTHS,
    participle=r"(?:(?:Se\s+|S[’'])?[A-ZÉÈÀÂÎÔ][a-zéèêàâîôûç]+ant|Consciente?s?|Convaincue?s?|Préoccupée?s?"
    r"|Profondément\s+\w+|Gravement\s+\w+|Vivement\s+\w+|Sérieusement\s+\w+|Résolue?|Déterminée?"
    r"|Désireu(?:x|se)|Encouragée?|Alarmée?|Guidée?\s+par|Ayant\s+\S+|Fermement\s+\w+|Soucieu(?:x|se))",
    header_words={"projet de résolution": "draft-resolution", "projet de décision": "draft-decision",
                  "amendement": "amendment", "amendements": "amendment", "décision": "decision"},
    annex_word="Annexe",
    clause_start=r"^Qu(?:e\s|’|')",
    connectives=("En conséquence", "Par conséquent", "En conséquence,"),
    annex_reference="annexe à la présente résolution",
    seized=r"\b(?:demeurer|rester)\s+(?:activement\s+)?saisi\s+de\s+(?:la|cette)\s+(?:question|affaire)\.",
    stopwords=("le", "la", "les", "des", "du", "de", "et", "à", "en", "que", "qui", "sur", "pour", "dans"),
)

ES = Language(
    code="es",
    preamble_phrases=("Recordando", "Reafirmando", "Reconociendo", "Observando", "Tomando nota", "Acogiendo con beneplácito",
                      "Expresando", "Destacando", "Subrayando", "Profundamente preocupado", "Consciente", "Convencido",
                      "Teniendo presente", "Considerando", "Actuando en virtud"),
    operative_phrases=("Exhorta", "Insta", "Solicita", "Pide", "Alienta", "Invita", "Decide", "Acoge con beneplácito",
                       "Reconoce", "Reafirma", "Destaca", "Subraya", "Toma nota", "Expresa", "Condena", "Exige",
                       "Autoriza", "Aprueba"),
    adverbs=("también", "además", "asimismo", "nuevamente"),
    formula_start=r"^(?:La|El)\s+(?:Asamblea General|Consejo de Seguridad|Consejo Económico y Social|"
    r"Conferencia de las Partes|Consejo de Derechos Humanos|Comisión)\b",
    months={m: i + 1 for i, m in enumerate(
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split())},
    participle=r"(?:[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:ando|iendo)|Consciente|Convencid[oa]|Profundamente\s+\w+)",
    annex_word="Anexo",
    stopwords=("el", "la", "los", "las", "del", "de", "y", "que", "en", "por", "con"),
)

RU = Language(
    code="ru",
    preamble_phrases=("Ссылаясь", "Вновь подтверждая", "Признавая", "Отмечая", "Принимая к сведению", "Приветствуя",
                      "Выражая", "Подчеркивая", "Будучи", "Учитывая", "Действуя на основании", "Напоминая"),
    operative_phrases=("Призывает", "Настоятельно призывает", "Просит", "Предлагает", "Постановляет", "Приветствует",
                       "Признает", "Подтверждает", "Подчеркивает", "Отмечает", "Принимает к сведению", "Выражает",
                       "Осуждает", "Требует", "Санкционирует", "Одобряет", "Решает"),
    adverbs=("также", "далее", "вновь"),
    formula_start=r"^(?:Совет Безопасности|Генеральная Ассамблея|Экономический и Социальный Совет|"
    r"Конференция участников|Совет по правам человека)\b",
    months={m: i + 1 for i, m in enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split())},
    participle=r"(?:[А-ЯЁ][а-яё]+(?:я|в|вшись))",
    annex_word="Приложение",
    stopwords=("и", "в", "на", "по", "с", "что", "для", "о"),
)

ZH = Language(
    code="zh",
    preamble_phrases=("回顾", "重申", "确认", "確認", "認定", "认定", "注意到", "欢迎", "歡迎", "表示", "强调", "強調",
                      "深为关切", "铭记", "銘記", "根据", "根據", "回顧", "又回顾", "又回顧", "赞扬", "讚揚", "关切", "關切"),
    operative_phrases=("吁请", "促请", "请", "鼓励", "邀请", "决定", "決定", "欢迎", "确认", "重申", "强调",
                       "注意到", "表示", "谴责", "要求", "授权", "授權", "核准"),
    adverbs=("又", "还", "還", "并", "進一步", "进一步"),
    formula_start=r"^(?:安全理事会|安全理事會|大会|大會|经济及社会理事会|人权理事会|缔约方会议)(?:\s*[,，]|$)",
    months={},
    participle=r"(?!)",
    phrase_end="",
    line_per_paragraph=True,
    seized=r"(?:继续|繼續)(?:积极|積極)?(?:处理|處理)(?:此案|这一问题|這一問題)。",
    annex_word="附件",
    stopwords=(),
)

AR = Language(
    code="ar",
    preamble_phrases=("إذ تشير", "إذ يشير", "وإذ تشير", "وإذ يشير", "إذ تؤكد", "وإذ تؤكد", "إذ تسلم", "وإذ تسلم",
                      "إذ يرحب", "إذ ترحب", "وإذ تلاحظ", "إذ تلاحظ"),
    operative_phrases=("تهيب", "تحث", "تطلب", "تشجع", "تدعو", "تقرر", "ترحب", "تسلم", "تؤكد", "تعيد تأكيد",
                       "يهيب", "يحث", "يطلب", "يشجع", "يدعو", "يقرر", "يرحب", "يؤكد", "يدين", "تدين"),
    adverbs=("أيضا", "كذلك"),
    formula_start=r"^(?:إن\s+)?(?:مجلس الأمن|الجمعية العامة|المجلس الاقتصادي والاجتماعي|مؤتمر الأطراف|مجلس حقوق الإنسان)",
    months={},
    participle=r"(?:و?إذ\s+\S+)",
    annex_word="المرفق",
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
