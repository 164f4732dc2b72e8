"""Subjects, assessed skills and the procedures of the demo (which test, which grade, when)."""

from __future__ import annotations

from dataclasses import dataclass

MATH = "математика"
RUSSIAN = "русский язык"
WORLD = "окружающий мир"
HISTORY = "история"
BIOLOGY = "биология"
MATH_PROFILE = "математика (профильный уровень)"
LITERATURE = "литература"
READING = "читательская грамотность"

# Letter of the skill codes ("M5.03": mathematics, grade 5, skill 3 of the subject list).
SKILL_LETTER = {MATH: "M", RUSSIAN: "R", WORLD: "W", HISTORY: "H", BIOLOGY: "B"}
CODE_LETTER = {**SKILL_LETTER, MATH_PROFILE: "MP", LITERATURE: "L", READING: "RL"}

SKILLS: dict[str, tuple[str, ...]] = {
    MATH: (
        "Умение выполнять арифметические действия с натуральными числами",
        "Умение выполнять действия с обыкновенными дробями",
        "Умение выполнять действия с десятичными дробями",
        "Умение решать текстовые задачи на движение",
        "Умение решать текстовые задачи на проценты",
        "Умение решать задачи на покупки и стоимость",
        "Умение извлекать информацию из таблиц и диаграмм",
        "Умение применять свойства геометрических фигур",
        "Умение вычислять периметр и площадь фигур",
        "Умение решать линейные уравнения",
        "Умение преобразовывать алгебраические выражения",
        "Умение строить и читать графики функций",
        "Умение оценивать размеры реальных объектов",
        "Умение решать логические задачи",
        "Умение работать с единицами измерения величин",
        "Умение решать текстовые задачи на части и отношения",
        "Умение применять признаки делимости",
        "Умение решать геометрические задачи на клетчатой бумаге",
        "Умение проводить логические обоснования и доказательства",
        "Умение решать нестандартные задачи повышенной сложности",
        "Умение сравнивать и упорядочивать числа",
        "Умение работать с координатной прямой",
        "Умение решать системы уравнений",
        "Умение применять теорему Пифагора",
        "Умение вычислять вероятность в простейших случаях",
    ),
    RUSSIAN: (
        "Умение списывать текст с пропусками орфограмм и пунктограмм",
        "Умение проводить морфемный разбор слова",
        "Умение проводить морфологический разбор слова",
        "Умение проводить синтаксический разбор предложения",
        "Умение распознавать части речи",
        "Умение правильно ставить ударение в словах",
        "Умение применять правила правописания безударных гласных",
        "Умение применять правила правописания приставок",
        "Умение применять правила правописания н и нн",
        "Умение расставлять знаки препинания в сложном предложении",
        "Умение расставлять знаки препинания при однородных членах предложения",
        "Умение определять основную мысль текста",
        "Умение составлять план текста",
        "Умение определять значение слова по контексту",
        "Умение подбирать синонимы и антонимы",
        "Умение распознавать стилистическую окраску слова",
        "Умение строить письменное речевое высказывание",
        "Умение находить грамматическую основу предложения",
        "Умение объяснять постановку тире и двоеточия",
        "Умение находить и исправлять грамматические ошибки",
        "Умение определять тип речи текста",
    ),
    WORLD: (
        "Умение читать и анализировать карту",
        "Умение различать объекты живой и неживой природы",
        "Умение описывать свойства веществ",
        "Знание строения тела человека и правил здорового образа жизни",
        "Умение проводить несложные опыты и наблюдения",
        "Умение работать с таблицами и схемами",
        "Знание природных зон России",
        "Умение рассказывать о профессиях и их значении",
        "Знание государственной символики России",
        "Умение узнавать достопримечательности родного края",
        "Знание правил безопасного поведения",
        "Умение устанавливать причинно-следственные связи в природе",
    ),
    HISTORY: (
        "Умение работать с исторической картой",
        "Умение атрибутировать исторические источники",
        "Знание исторических терминов и понятий",
        "Умение устанавливать хронологическую последовательность событий",
        "Умение соотносить события и исторических деятелей",
        "Знание памятников культуры",
        "Умение объяснять причины и следствия исторических событий",
        "Умение работать с текстом исторического источника",
        "Знание истории родного края",
        "Умение аргументировать собственную точку зрения",
        "Умение работать с иллюстративным материалом",
        "Знание хронологии ключевых событий отечественной истории",
    ),
    BIOLOGY: (
        "Умение распознавать органы и системы органов растений и животных",
        "Умение работать с биологическим рисунком",
        "Знание строения клетки",
        "Умение описывать биологический эксперимент",
        "Умение классифицировать организмы",
        "Знание признаков живых организмов",
        "Умение работать с текстом биологического содержания",
        "Умение читать таблицы и графики биологических данных",
        "Знание экологических закономерностей",
        "Умение объяснять процессы жизнедеятельности",
        "Знание строения тела человека",
        "Умение применять биологические знания в практических ситуациях",
    ),
}

# Grades in which each mathematics skill is assessed (aligned with SKILLS[MATH]); the other
# subjects' skills fit every grade they are tested in.
SKILL_GRADES: dict[str, tuple[tuple[int, int], ...]] = {
    MATH: (
        (4, 5),
        (5, 6),
        (5, 7),
        (4, 7),
        (6, 9),
        (4, 6),
        (4, 9),
        (5, 9),
        (4, 6),
        (6, 8),
        (7, 9),
        (7, 9),
        (4, 6),
        (4, 9),
        (4, 5),
        (5, 7),
        (5, 6),
        (4, 9),
        (7, 9),
        (4, 9),
        (4, 7),
        (6, 8),
        (8, 9),
        (8, 9),
        (7, 9),
    ),
}


def skills_for_grade(subject: str, grade: int) -> list[int]:
    """Indices into SKILLS[subject] of the skills assessed in ``grade``."""
    ranges = SKILL_GRADES.get(subject)
    if ranges is None:
        return list(range(len(SKILLS[subject])))
    return [k for k, (lo, hi) in enumerate(ranges) if lo <= grade <= hi]


# ВПР subjects per grade: mathematics, Russian and one more.
VPR_SUBJECTS: dict[int, tuple[str, ...]] = {
    4: (MATH, RUSSIAN, WORLD),
    5: (MATH, RUSSIAN, HISTORY),
    6: (MATH, RUSSIAN, BIOLOGY),
    7: (MATH, RUSSIAN, HISTORY),
    8: (MATH, RUSSIAN, BIOLOGY),
}

# Mark thresholds as shares of the maximal primary score (rounded to whole points).
THRESHOLD_SHARES = {MATH: (0.30, 0.55, 0.78), RUSSIAN: (0.36, 0.60, 0.84)}
DEFAULT_THRESHOLD_SHARES = (0.32, 0.56, 0.80)

# ОГЭ: fixed real-looking task structures (max 31 and 33 primary points).
OGE_TASKS = {MATH: (1,) * 19 + (2,) * 6, RUSSIAN: (7, 1, 1, 1, 1, 1, 1, 1, 1, 9, 2, 2, 3, 2)}
OGE_THRESHOLDS = {MATH: (8, 15, 22), RUSSIAN: (15, 26, 31)}
# ЕГЭ: test score 0-100; minimum score and the recommended conversion to marks.
EGE_THRESHOLDS = {MATH_PROFILE: (27, 50, 68), RUSSIAN: (24, 58, 72)}


@dataclass(frozen=True)
class ProcedureSpec:
    """One procedure to generate: kind, subject, grade, year, and its storage level."""

    kind: str
    subject: str
    grade: int
    year: int
    held_on: tuple[int, int]  # (month, day)
    pupil_level: bool  # pupils stored (else school-level only)
    community_content: bool = False
    sample_share: float = 1.0  # share of schools taking part (НИКО is a sample)

    @property
    def code(self) -> str:
        return f"{self.kind}-{self.year}-{CODE_LETTER[self.subject]}{self.grade}"


NIKO_YEAR, NIKO_GRADE = 2023, 6
DIAGNOSTIC_YEARS, DIAGNOSTIC_GRADE = (2023, 2024), 7
# Regional studies (РИКО), school-level: (year, subject, grade, built with the community).
RIKO = ((2022, RUSSIAN, 8, False), (2024, READING, 8, True))


def procedure_specs(years: tuple[int, ...], pupil_level: bool) -> list[ProcedureSpec]:
    """Every procedure of the demo in a fixed order (the order drives ids and randomness)."""
    specs: list[ProcedureSpec] = []
    for year in years:
        for grade, subjects in VPR_SUBJECTS.items():
            for k, subject in enumerate(subjects):
                day = 10 + 3 * k + (grade - 4)
                specs.append(ProcedureSpec("vpr", subject, grade, year, (4, day), pupil_level))
        for k, subject in enumerate((MATH, RUSSIAN)):
            specs.append(ProcedureSpec("oge", subject, 9, year, (6, 3 + 3 * k), pupil_level))
        for k, subject in enumerate((MATH_PROFILE, RUSSIAN)):
            specs.append(ProcedureSpec("ege", subject, 11, year, (6, 1 + 3 * k), False))
        if year == NIKO_YEAR:
            specs.append(
                ProcedureSpec(
                    "niko", LITERATURE, NIKO_GRADE, year, (10, 17), False, sample_share=0.2
                )
            )
        if year in DIAGNOSTIC_YEARS:
            # The regional diagnostic is built from the expert community's tasks (seed 004, 1.3).
            specs.append(
                ProcedureSpec(
                    "diagnostic",
                    MATH,
                    DIAGNOSTIC_GRADE,
                    year,
                    (11, 21),
                    pupil_level,
                    community_content=True,
                )
            )
        for riko_year, subject, grade, community in RIKO:
            if riko_year == year:
                specs.append(
                    ProcedureSpec(
                        "riko", subject, grade, year, (3, 14), False, community_content=community
                    )
                )
    return specs
