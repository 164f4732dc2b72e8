"""Russian names of the fictional demo region: places, schools and context indicators.

Everything here is invented (except "Карабашский городской округ", the municipality of
seed 004, kept so that its roadmap and orders belong to a municipality of the demo).
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_REGION_NAME = "Демонстрационная область"
FIRST_REGION_CODE = "74"
KARABASH = "Карабашский городской округ"

# (masculine, feminine) adjectives: municipalities are masculine ("Северный район"),
# regions feminine ("Северная область").
ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("Северный", "Северная"),
    ("Южный", "Южная"),
    ("Озёрный", "Озёрная"),
    ("Лесной", "Лесная"),
    ("Степной", "Степная"),
    ("Приречный", "Приречная"),
    ("Горный", "Горная"),
    ("Сосновский", "Сосновская"),
    ("Берёзовский", "Берёзовская"),
    ("Кедровый", "Кедровая"),
    ("Луговой", "Луговая"),
    ("Таёжный", "Таёжная"),
    ("Восточный", "Восточная"),
    ("Западный", "Западная"),
    ("Полевой", "Полевая"),
    ("Рябиновский", "Рябиновская"),
    ("Каменский", "Каменская"),
    ("Увельский", "Увельская"),
    ("Верхнеречный", "Верхнеречная"),
    ("Нижнеозёрный", "Нижнеозёрная"),
    ("Солнечный", "Солнечная"),
    ("Ясный", "Ясная"),
    ("Тихий", "Тихая"),
    ("Дальний", "Дальняя"),
    ("Высокий", "Высокая"),
    ("Широкий", "Широкая"),
    ("Зелёный", "Зелёная"),
    ("Холмистый", "Холмистая"),
    ("Приозёрный", "Приозёрная"),
    ("Ключевой", "Ключевая"),
    ("Родниковый", "Родниковая"),
    ("Старореченский", "Старореченская"),
    ("Малиновский", "Малиновская"),
    ("Черёмуховый", "Черёмуховая"),
    ("Ольховский", "Ольховская"),
    ("Ивановский", "Ивановская"),
    ("Покровский", "Покровская"),
    ("Никольский", "Никольская"),
    ("Вознесенский", "Вознесенская"),
    ("Троицкий", "Троицкая"),
    ("Успенский", "Успенская"),
)

# Towns of city municipalities ("город Заречный").
TOWNS: tuple[str, ...] = (
    "Заречный",
    "Светлогорск",
    "Новоуральск",
    "Лесогорск",
    "Каменогорск",
    "Приозёрск",
    "Верхнереченск",
    "Солнечногорск",
    "Южноуральск",
    "Сосногорск",
    "Берёзовск",
    "Кедровск",
    "Ясногорск",
    "Тихорецк",
    "Озёрск-Северный",
    "Красноключинск",
    "Медногорск",
    "Железногорск",
    "Снежногорск",
    "Нагорный",
)

# (village, the adjective of its school): "с. Ивановка" → "МКОУ «Ивановская СОШ»".
VILLAGES: tuple[tuple[str, str], ...] = (
    ("Ивановка", "Ивановская"),
    ("Петровка", "Петровская"),
    ("Берёзовка", "Берёзовская"),
    ("Сосновка", "Сосновская"),
    ("Никольское", "Никольская"),
    ("Михайловка", "Михайловская"),
    ("Покровское", "Покровская"),
    ("Вознесенка", "Вознесенская"),
    ("Малиновка", "Малиновская"),
    ("Александровка", "Александровская"),
    ("Дмитриевка", "Дмитриевская"),
    ("Знаменка", "Знаменская"),
    ("Каменка", "Каменская"),
    ("Ольховка", "Ольховская"),
    ("Рождественское", "Рождественская"),
    ("Троицкое", "Троицкая"),
    ("Успенка", "Успенская"),
    ("Васильевка", "Васильевская"),
    ("Георгиевка", "Георгиевская"),
    ("Ключи", "Ключевская"),
    ("Борисовка", "Борисовская"),
    ("Верхние Луки", "Верхнелукская"),
    ("Кузнецово", "Кузнецовская"),
    ("Красный Яр", "Красноярская"),
    ("Луговое", "Луговская"),
    ("Озёрное", "Озёрненская"),
    ("Полянка", "Полянская"),
    ("Раздолье", "Раздольненская"),
    ("Садовое", "Садовская"),
    ("Степное", "Степнинская"),
    ("Тимофеевка", "Тимофеевская"),
    ("Урожайное", "Урожайненская"),
    ("Фёдоровка", "Фёдоровская"),
    ("Хуторское", "Хуторская"),
    ("Черёмушки", "Черёмушкинская"),
    ("Шершни", "Шершнёвская"),
    ("Яблоневка", "Яблоневская"),
    ("Андреевка", "Андреевская"),
    ("Богородское", "Богородская"),
    ("Воскресенское", "Воскресенская"),
    ("Городище", "Городищенская"),
    ("Десятинное", "Десятинская"),
    ("Еланка", "Еланская"),
    ("Журавлёвка", "Журавлёвская"),
    ("Заозёрное", "Заозёрная"),
    ("Ильинка", "Ильинская"),
    ("Калиновка", "Калиновская"),
    ("Лебяжье", "Лебяжинская"),
    ("Мироновка", "Мироновская"),
    ("Новосёлово", "Новосёловская"),
    ("Октябрьское", "Октябрьская"),
    ("Павловка", "Павловская"),
    ("Рябиновка", "Рябиновская"),
    ("Семёновка", "Семёновская"),
    ("Таловка", "Таловская"),
    ("Устьянка", "Устьянская"),
    ("Филипповка", "Филипповская"),
    ("Харитоново", "Харитоновская"),
    ("Царёво", "Царёвская"),
    ("Чистополье", "Чистопольская"),
    ("Широкое", "Широковская"),
    ("Щербаково", "Щербаковская"),
    ("Юрьевка", "Юрьевская"),
    ("Ясная Поляна", "Яснополянская"),
    ("Алексеевка", "Алексеевская"),
    ("Бурановка", "Бурановская"),
    ("Веселовка", "Веселовская"),
    ("Гусево", "Гусевская"),
    ("Долгое", "Долговская"),
    ("Ершово", "Ершовская"),
)

STREETS: tuple[str, ...] = (
    "ул. Ленина",
    "ул. Школьная",
    "ул. Мира",
    "ул. Советская",
    "ул. Молодёжная",
    "ул. Гагарина",
    "ул. Пушкина",
    "ул. Центральная",
    "ул. Садовая",
    "ул. Победы",
    "пр. Строителей",
    "ул. Октябрьская",
    "ул. Комсомольская",
    "ул. Набережная",
    "ул. Лесная",
)


@dataclass(frozen=True)
class MunicipalityPlan:
    """What kind of place a municipality is: it drives urban share and school mix."""

    name: str
    centre: str  # the town where urban schools are ("г. Заречный", "рп Северный")
    urban_share: float
    weight: float  # relative number of schools


def municipality_plans(count: int, region_index: int) -> list[MunicipalityPlan]:
    """Names for ``count`` municipalities: a couple of cities, Karabash, then districts.

    The first region always contains "Карабашский городской округ" (seed 004); with a single
    municipality (the district scale) it is that one.
    """
    plans: list[MunicipalityPlan] = []
    if region_index == 0:
        plans.append(MunicipalityPlan(KARABASH, "г. Карабаш", 0.7, 0.8))
    n_cities = max(0, min(len(TOWNS), round(count * 0.3)))
    town_offset = region_index * 3
    for i in range(n_cities):
        town = TOWNS[(town_offset + i) % len(TOWNS)]
        weight = 2.2 if i == 0 else 1.3
        plans.append(MunicipalityPlan(f"город {town}", f"г. {town}", 1.0, weight))
    i = region_index * 7
    while len(plans) < count:
        masc, _ = ADJECTIVES[i % len(ADJECTIVES)]
        kind = "муниципальный район" if i % 4 else "муниципальный округ"
        plans.append(MunicipalityPlan(f"{masc} {kind}", f"рп {masc}", 0.3, 0.9))
        i += 1
    return plans[:count]  # a single-municipality demo keeps Karabash only


def region_names(count: int) -> list[tuple[str, str]]:
    """(code, name) of the regions; the first one is "Демонстрационная область", code 74."""
    names = [(FIRST_REGION_CODE, FIRST_REGION_NAME)]
    code = 1
    for _, fem in ADJECTIVES:
        if len(names) >= count:
            break
        if code == int(FIRST_REGION_CODE):
            code += 1
        names.append((f"{code:02d}", f"{fem} область"))
        code += 1
    if len(names) < count:
        raise ValueError(f"at most {len(names)} demo regions have names")
    return names


# Kinds of models.geography.SCHOOL_KINDS with their name patterns and grades taught.
# {n} is the school number, {adj} the village adjective.
SCHOOL_KIND_SPEC: dict[str, dict] = {
    "school": {"urban": "МБОУ «СОШ № {n}»", "rural": "МКОУ «{adj} СОШ»", "grades": (1, 11)},
    "gymnasium": {"urban": "МАОУ «Гимназия № {n}»", "rural": None, "grades": (1, 11)},
    "lyceum": {"urban": "МАОУ «Лицей № {n}»", "rural": None, "grades": (5, 11)},
    "basic": {"urban": "МБОУ «ООШ № {n}»", "rural": "МКОУ «{adj} ООШ»", "grades": (1, 9)},
    "primary": {"urban": "МБОУ «НОШ № {n}»", "rural": "МКОУ «{adj} НОШ»", "grades": (1, 4)},
    "boarding": {
        "urban": "МБОУ «Школа-интернат № {n}»",
        "rural": "ГКОУ «{adj} школа-интернат»",
        "grades": (1, 11),
    },
    "preschool": {
        "urban": "МБДОУ «Детский сад № {n}»",
        "rural": "МКДОУ «{adj} детский сад»",
        "grades": None,
    },
}

# Probability of each kind among urban and rural general-education schools.
URBAN_KIND_P = {
    "school": 0.70,
    "gymnasium": 0.10,
    "lyceum": 0.07,
    "basic": 0.05,
    "primary": 0.03,
    "boarding": 0.05,
}
RURAL_KIND_P = {"school": 0.55, "basic": 0.30, "primary": 0.12, "boarding": 0.03}


@dataclass(frozen=True)
class IndicatorSpec:
    """A context indicator of table ``indicator`` and how the demo generates it.

    The value is ``base + slope * latent + noise``, clipped to ``[low, high]``; ``latent``
    is the school's social index (group social_conditions) or conditions index (group
    conditions), both oriented so that higher is better.  ``drift`` is the change per year.
    """

    code: str
    name: str
    unit: str
    direction: str
    group: str
    norm: float | None
    base: float
    slope: float
    noise: float
    low: float
    high: float
    drift: float = 0.0
    binary: bool = False


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "low_income_share",
        "Доля обучающихся из малообеспеченных семей",
        "%",
        "higher_worse",
        "social_conditions",
        None,
        18,
        -7,
        4,
        0.5,
        75,
        drift=-0.3,
    ),
    IndicatorSpec(
        "parents_higher_education",
        "Доля родителей с высшим образованием",
        "%",
        "higher_better",
        "social_conditions",
        None,
        34,
        11,
        6,
        3,
        90,
        drift=0.4,
    ),
    IndicatorSpec(
        "non_native_russian",
        "Доля обучающихся, для которых русский язык не является родным",
        "%",
        "higher_worse",
        "social_conditions",
        None,
        5,
        -2.5,
        3,
        0,
        60,
        drift=0.2,
    ),
    IndicatorSpec(
        "disabled_share",
        "Доля обучающихся с ограниченными возможностями здоровья (ОВЗ)",
        "%",
        "higher_worse",
        "social_conditions",
        None,
        7,
        -2,
        2.5,
        0,
        45,
        drift=0.3,
    ),
    IndicatorSpec(
        "single_parent_share",
        "Доля обучающихся из неполных семей",
        "%",
        "higher_worse",
        "social_conditions",
        None,
        24,
        -5,
        5,
        3,
        70,
        drift=0.2,
    ),
    IndicatorSpec(
        "teacher_vacancies",
        "Количество вакансий педагогических работников",
        "ед.",
        "higher_worse",
        "conditions",
        0,
        1.2,
        -0.8,
        1.0,
        0,
        12,
        drift=0.1,
    ),
    IndicatorSpec(
        "teachers_highest_category",
        "Доля учителей высшей квалификационной категории",
        "%",
        "higher_better",
        "conditions",
        None,
        30,
        9,
        7,
        0,
        85,
        drift=0.5,
    ),
    IndicatorSpec(
        "teachers_aged_60_plus",
        "Доля учителей в возрасте 60 лет и старше",
        "%",
        "higher_worse",
        "conditions",
        None,
        16,
        -4,
        5,
        0,
        60,
        drift=0.6,
    ),
    IndicatorSpec(
        "pupils_per_computer",
        "Количество обучающихся на один компьютер",
        "чел.",
        "higher_worse",
        "conditions",
        8,
        9,
        -2.5,
        2.5,
        1,
        40,
        drift=-0.5,
    ),
    IndicatorSpec(
        "building_wear",
        "Износ здания",
        "%",
        "higher_worse",
        "conditions",
        50,
        45,
        -10,
        12,
        5,
        95,
        drift=1.0,
    ),
    IndicatorSpec(
        "has_psychologist",
        "Наличие педагога-психолога (1 — есть, 0 — нет)",
        "0/1",
        "higher_better",
        "conditions",
        1,
        0.65,
        0.25,
        0,
        0,
        1,
        binary=True,
    ),
    IndicatorSpec(
        "has_speech_therapist",
        "Наличие учителя-логопеда (1 — есть, 0 — нет)",
        "0/1",
        "higher_better",
        "conditions",
        1,
        0.5,
        0.25,
        0,
        0,
        1,
        binary=True,
    ),
    IndicatorSpec(
        "pupils", "Численность обучающихся", "чел.", "higher_better", "size", None, 0, 0, 0, 0, 5000
    ),
)
SOCIAL_CODES = tuple(s.code for s in INDICATORS if s.group == "social_conditions")

# Voluntary diagnostic works (dashboard.demo.voluntary): titles aligned with its WORKS and then
# OPEN_WORK, organisers, the Rosobrnadzor objectivity recommendations each work follows, the
# letters of parallel classes, why a school withdrew, and schools' feedback comments.
VOLUNTARY_TITLES = (
    "Диагностическая работа по математике, 6 класс: вычисления и текстовые задачи",
    "Диагностическая работа по русскому языку, 7 класс: орфография и пунктуация",
    "Диагностическая работа по математике, 8 класс: алгебра и геометрия",
    "Диагностическая работа по математике, 7 класс (весна 2027 года)",
)
VOLUNTARY_ORGANISERS = (
    "ГАУ ДПО «Региональный центр оценки качества и информатизации образования»",
    "ГБУ ДПО «Демонстрационный институт развития образования»",
)
VOLUNTARY_OBJECTIVITY = (
    "Независимые общественные наблюдатели в каждой аудитории; проверка работ экспертами "
    "регионального центра по единым критериям оценивания; варианты заданий передаются "
    "школам в день проведения работы.",
    "Компьютерная форма: задания открываются в день проведения по единому расписанию, ответы "
    "с кратким ответом проверяются автоматически; развёрнутые ответы перепроверяются "
    "организатором по единым критериям; видеонаблюдение в аудиториях.",
    "Перекрёстная проверка работ учителями других школ по единым критериям; выборочная "
    "перепроверка организатором; независимые наблюдатели из числа представителей "
    "муниципального органа управления образованием.",
)
VOLUNTARY_CLASS_LETTERS = "АБВГДЕЖИКЛ"
VOLUNTARY_WITHDRAW_COMMENTS = (
    "Класс в день работы участвует в муниципальной олимпиаде",
    "Дата совпадает с плановой контрольной работой школы",
    "Учитель математики на больничном, перенесём участие на следующий год",
)
VOLUNTARY_FEEDBACK_COMMENTS = (
    "Результаты по умениям помогли спланировать повторение в четвёртой четверти",
    "Хотелось бы получать результаты быстрее",
    "Задания хорошо соответствуют программе, будем участвовать снова",
    "Часть заданий оказалась сложной для наших обучающихся",
    "Удобно сравнивать результаты школы с другими участниками",
    "Просим проводить работу раньше, до начала ВПР",
)
