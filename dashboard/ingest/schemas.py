"""What each import kind contains: canonical columns, types, ranges, Russian aliases.

docs/data-formats.md documents the same table for people; tests keep both in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard import strings
from dashboard.models.experts import EXPERT_STATUSES, MATERIAL_TOPICS, PUBLICATION_LEVELS
from dashboard.models.geography import LOCALITIES, SCHOOL_KINDS
from dashboard.models.plans import ROADMAP_STATUSES
from dashboard.models.results import PROCEDURE_KINDS
from dashboard.models.training import PROGRAMME_FORMATS

ACTIVITIES = ("engagement", "training", "material", "publication")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text, int, float, date, choice, codes, points
    required: bool = True
    aliases: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    max_length: int = 300
    choices: tuple[str, ...] = ()
    # Russian spellings users type for a choice value (lower-case) -> the stored value.
    choice_aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    title: str  # Russian, for the UI (strings.INGEST_KIND_TITLES)
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # natural key within the file (duplicates are errors)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


def _text(name, *aliases, required=True, max_length=300):
    return Field(name, "text", required, aliases, max_length=max_length)


def _code(name, *aliases, required=True, max_length=20):
    return Field(name, "text", required, aliases, max_length=max_length)


def _int(name, *aliases, low=0, high=10**6, required=True):
    return Field(name, "int", required, aliases, low=low, high=high)


def _float(name, *aliases, low=0.0, high=10**6, required=True):
    return Field(name, "float", required, aliases, low=low, high=high)


def _date(name, *aliases, required=True):
    return Field(name, "date", required, aliases)


def _choice(name, choices, *aliases, required=True, ru=None):
    return Field(name, "choice", required, aliases, choices=tuple(choices), choice_aliases=ru or {})


SCHOOL = _code("school_code", "код оо", "код школы", "код организации")
PROCEDURE = _code("procedure_code", "код процедуры", "процедура", max_length=60)
YEAR = _int("year", "год", "учебный год", low=1990, high=2100)
MARK = (2, 5)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "schools",
            strings.INGEST_KIND_TITLES["schools"],
            (
                SCHOOL,
                _text("name", "наименование", "название", "наименование оо", max_length=300),
                _code("municipality_code", "код муниципалитета", "код мо"),
                _text(
                    "municipality_name",
                    "муниципалитет",
                    "наименование муниципалитета",
                    max_length=200,
                ),
                _choice(
                    "kind",
                    SCHOOL_KINDS,
                    "тип",
                    "вид оо",
                    ru={
                        "школа": "school",
                        "сош": "school",
                        "гимназия": "gymnasium",
                        "лицей": "lyceum",
                        "оош": "basic",
                        "нош": "primary",
                        "школа-интернат": "boarding",
                        "доо": "preschool",
                    },
                ),
                _choice(
                    "locality",
                    LOCALITIES,
                    "местность",
                    "территория",
                    ru={
                        "городская": "urban",
                        "город": "urban",
                        "сельская": "rural",
                        "село": "rural",
                    },
                ),
                _text("address", "адрес", required=False),
                _float("latitude", "широта", low=-90, high=90, required=False),
                _float("longitude", "долгота", low=-180, high=180, required=False),
            ),
            ("school_code",),
        ),
        Kind(
            "context",
            strings.INGEST_KIND_TITLES["context"],
            (
                SCHOOL,
                YEAR,
                _code("indicator", "показатель", "код показателя", max_length=40),
                _float("value", "значение", low=-(10**9), high=10**9),
            ),
            ("school_code", "year", "indicator"),
        ),
        Kind(
            "procedures",
            strings.INGEST_KIND_TITLES["procedures"],
            (
                PROCEDURE,
                _choice(
                    "kind",
                    PROCEDURE_KINDS,
                    "вид процедуры",
                    "вид",
                    ru={
                        "впр": "vpr",
                        "огэ": "oge",
                        "егэ": "ege",
                        "нико": "niko",
                        "рико": "riko",
                        "диагностическая работа": "diagnostic",
                        "олимпиада": "olympiad",
                        "мси": "intl",
                        "добровольная диагностика": "voluntary",
                    },
                ),
                _text("subject", "предмет", max_length=100),
                _int("grade", "класс", "параллель", low=1, high=11),
                YEAR,
                _date("held_on", "дата проведения", "дата", required=False),
                _float("max_score", "максимальный балл", "макс. балл", low=0.5, high=1000),
                _float("threshold_3", "порог 3", "граница 3", required=False, high=1000),
                _float("threshold_4", "порог 4", "граница 4", required=False, high=1000),
                _float("threshold_5", "порог 5", "граница 5", required=False, high=1000),
            ),
            ("procedure_code",),
        ),
        Kind(
            "results",
            strings.INGEST_KIND_TITLES["results"],
            (
                PROCEDURE,
                SCHOOL,
                _int("participants", "участников", "число участников", "количество участников"),
                _float("mean_score", "средний балл", required=False, high=1000),
                _int("marks_2", "отметка 2", "«2»", required=False),
                _int("marks_3", "отметка 3", "«3»", required=False),
                _int("marks_4", "отметка 4", "«4»", required=False),
                _int("marks_5", "отметка 5", "«5»", required=False),
            ),
            ("procedure_code", "school_code"),
        ),
        Kind(
            "pupil-results",
            strings.INGEST_KIND_TITLES["pupil-results"],
            (
                PROCEDURE,
                SCHOOL,
                _code("participant_code", "код участника", "шифр участника", max_length=40),
                _float("primary_score", "первичный балл", "балл", high=1000),
                _int("mark", "отметка", low=MARK[0], high=MARK[1], required=False),
                _int(
                    "journal_mark",
                    "отметка по журналу",
                    "отметка в журнале",
                    low=MARK[0],
                    high=MARK[1],
                    required=False,
                ),
                Field(
                    "task_points",
                    "points",
                    False,
                    ("баллы по заданиям", "баллы за задания"),
                    max_length=400,
                ),
            ),
            ("procedure_code", "participant_code"),
        ),
        Kind(
            "skill-results",
            strings.INGEST_KIND_TITLES["skill-results"],
            (
                PROCEDURE,
                SCHOOL,
                _int("task", "задание", "номер задания", low=1, high=200),
                _code("skill_code", "код умения", "код элемента", max_length=40),
                _text("skill_name", "умение", "проверяемое умение", max_length=400),
                _float(
                    "max_points", "максимальный балл за задание", "макс. балл", low=0.5, high=100
                ),
                _float("mean_percent", "процент выполнения", "% выполнения", high=100),
            ),
            ("procedure_code", "school_code", "task"),
        ),
        Kind(
            "experts",
            strings.INGEST_KIND_TITLES["experts"],
            (
                _code("expert_code", "код эксперта", max_length=30),
                _text("full_name", "фио", "ф.и.о.", max_length=200),
                _code("municipality_code", "код муниципалитета", "код мо"),
                _code("school_code", "код оо", "код школы", required=False),
                _text("position", "должность", required=False, max_length=200),
                Field(
                    "directions",
                    "codes",
                    False,
                    ("направления", "коды направлений"),
                    max_length=200,
                ),
                _float(
                    "qualification_score",
                    "результат оценки",
                    "балл квалификации",
                    high=100,
                    required=False,
                ),
                _date("qualification_date", "дата оценки", required=False),
                _choice(
                    "status",
                    EXPERT_STATUSES,
                    "статус",
                    ru={
                        "кандидат": "candidate",
                        "включён": "included",
                        "включен": "included",
                        "исключён": "excluded",
                        "исключен": "excluded",
                    },
                ),
                _date("included_on", "дата включения", required=False),
            ),
            ("expert_code",),
        ),
        Kind(
            "expert-activities",
            strings.INGEST_KIND_TITLES["expert-activities"],
            (
                _code("expert_code", "код эксперта", max_length=30),
                YEAR,
                _choice(
                    "activity",
                    ACTIVITIES,
                    "вид деятельности",
                    "деятельность",
                    ru={
                        "участие в процедуре": "engagement",
                        "обучение": "training",
                        "материал": "material",
                        "публикация": "publication",
                    },
                ),
                _text("title", "название", "наименование", max_length=400),
                _date("date", "дата"),
                _code("procedure_code", "код процедуры", required=False, max_length=60),
                # Seed 004 indicators 3.2, 3.3 and 3.4 count only some trainings, materials
                # and publications: each says what it is by one column of its own.
                _code(
                    "direction_code",
                    "код направления",
                    "направление обучения",
                    required=False,
                    max_length=10,
                ),
                _choice(
                    "topic",
                    MATERIAL_TOPICS,
                    "тематика",
                    "тематика материала",
                    required=False,
                    ru={
                        "экспертная деятельность": "expert_activity",
                        "вопросы экспертной деятельности": "expert_activity",
                        "другое": "other",
                        "другая": "other",
                    },
                ),
                _choice(
                    "level",
                    PUBLICATION_LEVELS,
                    "уровень издания",
                    "уровень",
                    required=False,
                    ru={
                        "муниципальный": "municipal",
                        "региональный": "regional",
                        "федеральный": "federal",
                        "международный": "international",
                    },
                ),
            ),
            ("expert_code", "activity", "title", "date"),
        ),
        Kind(
            "roadmap-items",
            strings.INGEST_KIND_TITLES["roadmap-items"],
            (
                _code("roadmap_code", "код дорожной карты", max_length=60),
                _text("roadmap_title", "дорожная карта", "название дорожной карты", max_length=600),
                _text("number", "номер", "№", "№ п/п", max_length=20),
                _text("section", "раздел", max_length=600),
                _text("title", "мероприятие", "наименование мероприятия", max_length=4000),
                _text("participants", "участники", required=False, max_length=4000),
                _text("executors", "исполнители", "ответственные", required=False, max_length=4000),
                _text(
                    "period_text",
                    "сроки",
                    "сроки проведения",
                    "сроки исполнения",
                    "период",
                    required=False,
                    max_length=200,
                ),
                _date("starts_on", "начало", "дата начала", required=False),
                _date("due_on", "срок", "дата окончания", required=False),
                _text("expected_result", "ожидаемый результат", required=False, max_length=4000),
                _choice(
                    "status",
                    ROADMAP_STATUSES,
                    "статус",
                    required=False,
                    ru={
                        "запланировано": "planned",
                        "выполняется": "in_progress",
                        "в работе": "in_progress",
                        "выполнено": "done",
                        "отменено": "cancelled",
                    },
                ),
                _int("progress", "прогресс", "выполнение, %", high=100, required=False),
                _date("completed_on", "дата выполнения", "выполнено (дата)", required=False),
            ),
            ("roadmap_code", "number"),
        ),
        Kind(
            "pd-programmes",
            strings.INGEST_KIND_TITLES["pd-programmes"],
            (
                _code("programme_code", "код программы", max_length=40),
                _text("title", "название", "наименование программы", max_length=500),
                _text("provider", "организация", "провайдер", max_length=300),
                _text("subject", "предмет", max_length=100),
                Field("skill_codes", "codes", True, ("коды умений", "умения"), max_length=500),
                _int("hours", "часов", "объём, ч", low=1, high=2000),
                _choice(
                    "format",
                    PROGRAMME_FORMATS,
                    "форма обучения",
                    "формат",
                    required=False,
                    ru={
                        "очная": "in_person",
                        "очно": "in_person",
                        "дистанционная": "distance",
                        "заочная": "distance",
                        "очно-дистанционная": "blended",
                        "смешанная": "blended",
                    },
                ),
                _date("starts_on", "дата начала", "начало", required=False),
                _date("ends_on", "дата окончания", "окончание", required=False),
            ),
            ("programme_code",),
        ),
        # Teachers of a subject at a school: the teachers a skill deficit in that subject
        # concerns in the PD plan-order (data_access.pd_order).
        Kind(
            "subject-teachers",
            strings.INGEST_KIND_TITLES["subject-teachers"],
            (
                SCHOOL,
                YEAR,
                _text("subject", "предмет", max_length=100),
                _int("teachers", "число учителей", "учителей", "количество учителей", high=1000),
            ),
            ("school_code", "year", "subject"),
        ),
        # Teachers of a school who completed a programme of the base in a year: the treated of
        # «после обучения» (data_access.pd_order.training_effect).
        Kind(
            "pd-completions",
            strings.INGEST_KIND_TITLES["pd-completions"],
            (
                SCHOOL,
                _code("programme_code", "код программы", max_length=40),
                YEAR,
                _int(
                    "teachers",
                    "число обученных учителей",
                    "обучено учителей",
                    "прошли обучение",
                    low=1,
                    high=1000,
                ),
            ),
            ("school_code", "programme_code", "year"),
        ),
        # A region's own norms for conditions indicators: they replace the catalogue's norm in
        # that region's deficits (dashboard.analytics.deficits). `source` is the document.
        Kind(
            "indicator-norms",
            strings.INGEST_KIND_TITLES["indicator-norms"],
            (
                _code("indicator", "код показателя", "показатель", max_length=40),
                _float("norm", "норматив", "значение норматива", low=-(10**9), high=10**9),
                _text(
                    "source",
                    "основание",
                    "источник",
                    "документ",
                    "источник норматива",
                    max_length=500,
                ),
                _code("region_code", "код региона", "регион", required=False),
            ),
            ("region_code", "indicator"),
        ),
    )
}


# ------------------------------------------------------------------ the Russian view of a file

# Russian names of the stored values of every choice column (the import preview shows these).
CHOICE_NAMES: dict[tuple[str, str], dict[str, str]] = {
    ("schools", "kind"): strings.SCHOOL_KINDS,
    ("schools", "locality"): strings.LOCALITIES,
    ("procedures", "kind"): strings.PROCEDURE_KINDS,
    ("experts", "status"): strings.EXPERTS_STATUSES,
    ("expert-activities", "activity"): strings.INGEST_ACTIVITIES,
    ("expert-activities", "topic"): strings.INGEST_MATERIAL_TOPICS,
    ("expert-activities", "level"): strings.INGEST_PUBLICATION_LEVELS,
    ("roadmap-items", "status"): strings.ROADMAP_STATUS_NAMES,
    ("pd-programmes", "format"): strings.INGEST_PROGRAMME_FORMATS,
}


def column_title(kind: str, name: str) -> str:
    """The Russian name of a column (strings.INGEST_COLUMNS, documented in data-formats.md)."""
    return strings.INGEST_COLUMNS.get(kind, {}).get(name, name)


def choice_name(kind: str, name: str, value: object) -> object:
    """A choice column's stored value by its Russian name; any other value unchanged."""
    names = CHOICE_NAMES.get((kind, name))
    return names.get(value, value) if names and isinstance(value, str) else value
