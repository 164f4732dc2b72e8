"""Import of files: kinds, refusals and row errors shown to the importing admin
(dashboard/ingest/, data_access/imports.py and its writers, dashboard/jobs.py)."""

# ------------------------------------------------------------------ kinds of file
INGEST_KIND_TITLES = {
    "schools": "Образовательные организации",
    "context": "Контекстные данные",
    "procedures": "Оценочные процедуры",
    "results": "Результаты ОО",
    "pupil-results": "Результаты участников",
    "skill-results": "Результаты по умениям",
    "experts": "Эксперты",
    "expert-activities": "Деятельность экспертов",
    "roadmap-items": "Мероприятия дорожных карт",
    "pd-programmes": "Программы ДПО",
    "indicator-norms": "Нормативы региона",
    "subject-teachers": "Учителя по предметам",
    "pd-completions": "Прохождение программ ДПО",
}

# The Russian name of every column, per kind: the import preview's headers and the «Russian
# name» column of docs/data-formats.md (a test keeps both in step; each is also an accepted
# header, i.e. one of the column's aliases in dashboard/ingest/schemas.py).
INGEST_COLUMNS = {
    "schools": {
        "school_code": "Код ОО",
        "name": "Наименование",
        "municipality_code": "Код муниципалитета",
        "municipality_name": "Муниципалитет",
        "kind": "Тип",
        "locality": "Местность",
        "address": "Адрес",
        "latitude": "Широта",
        "longitude": "Долгота",
    },
    "context": {
        "school_code": "Код ОО",
        "year": "Год",
        "indicator": "Показатель",
        "value": "Значение",
    },
    "procedures": {
        "procedure_code": "Код процедуры",
        "kind": "Вид процедуры",
        "subject": "Предмет",
        "grade": "Класс",
        "year": "Год",
        "held_on": "Дата проведения",
        "max_score": "Максимальный балл",
        "threshold_3": "Порог 3",
        "threshold_4": "Порог 4",
        "threshold_5": "Порог 5",
    },
    "results": {
        "procedure_code": "Код процедуры",
        "school_code": "Код ОО",
        "participants": "Число участников",
        "mean_score": "Средний балл",
        "marks_2": "Отметка 2",
        "marks_3": "Отметка 3",
        "marks_4": "Отметка 4",
        "marks_5": "Отметка 5",
    },
    "pupil-results": {
        "procedure_code": "Код процедуры",
        "school_code": "Код ОО",
        "participant_code": "Код участника",
        "primary_score": "Первичный балл",
        "mark": "Отметка",
        "journal_mark": "Отметка по журналу",
        "task_points": "Баллы по заданиям",
    },
    "skill-results": {
        "procedure_code": "Код процедуры",
        "school_code": "Код ОО",
        "task": "Задание",
        "skill_code": "Код умения",
        "skill_name": "Умение",
        "max_points": "Максимальный балл за задание",
        "mean_percent": "Процент выполнения",
    },
    "experts": {
        "expert_code": "Код эксперта",
        "full_name": "ФИО",
        "municipality_code": "Код муниципалитета",
        "school_code": "Код ОО",
        "position": "Должность",
        "directions": "Направления",
        "qualification_score": "Результат оценки",
        "qualification_date": "Дата оценки",
        "status": "Статус",
        "included_on": "Дата включения",
    },
    "expert-activities": {
        "expert_code": "Код эксперта",
        "year": "Год",
        "activity": "Вид деятельности",
        "title": "Название",
        "date": "Дата",
        "procedure_code": "Код процедуры",
        "direction_code": "Код направления",
        "topic": "Тематика",
        "level": "Уровень издания",
    },
    "roadmap-items": {
        "roadmap_code": "Код дорожной карты",
        "roadmap_title": "Дорожная карта",
        "number": "Номер",
        "section": "Раздел",
        "title": "Мероприятие",
        "participants": "Участники",
        "executors": "Исполнители",
        "period_text": "Сроки",
        "starts_on": "Дата начала",
        "due_on": "Дата окончания",
        "expected_result": "Ожидаемый результат",
        "status": "Статус",
        "progress": "Выполнение, %",
        "completed_on": "Дата выполнения",
    },
    "pd-programmes": {
        "programme_code": "Код программы",
        "title": "Наименование программы",
        "provider": "Организация",
        "subject": "Предмет",
        "skill_codes": "Коды умений",
        "hours": "Объём, ч",
        "format": "Форма обучения",
        "starts_on": "Дата начала",
        "ends_on": "Дата окончания",
    },
    "indicator-norms": {
        "indicator": "Код показателя",
        "norm": "Норматив",
        "source": "Основание",
        "region_code": "Код региона",
    },
    "subject-teachers": {
        "school_code": "Код ОО",
        "year": "Год",
        "subject": "Предмет",
        "teachers": "Число учителей",
    },
    "pd-completions": {
        "school_code": "Код ОО",
        "programme_code": "Код программы",
        "year": "Год",
        "teachers": "Число обученных учителей",
    },
}
# The form of a PD programme (the `format` column of pd-programmes files).
INGEST_PROGRAMME_FORMATS = {
    "in_person": "очная",
    "distance": "дистанционная",
    "blended": "очно-дистанционная",
}
# An expert's activity (the `activity` column of expert-activities files).
INGEST_ACTIVITIES = {
    "engagement": "участие в процедуре",
    "training": "обучение",
    "material": "материал",
    "publication": "публикация",
}
# What a methodological material is about (the `topic` column of expert-activities files).
INGEST_MATERIAL_TOPICS = {
    "expert_activity": "экспертная деятельность",
    "other": "другое",
}
# The level of the edition of a publication (the `level` column of expert-activities files).
INGEST_PUBLICATION_LEVELS = {
    "municipal": "муниципальный",
    "regional": "региональный",
    "federal": "федеральный",
    "international": "международный",
}

# ------------------------------------------------------------------ the file refused before parsing
INGEST_XLS_UNSUPPORTED = "Формат .xls не поддерживается: сохраните файл как .xlsx или .csv."
INGEST_BAD_EXTENSION = "Допустимы только файлы .csv и .xlsx."
INGEST_TOO_LARGE = "Файл слишком большой: {size:.1f} МБ при пределе {limit:.0f} МБ."
INGEST_EMPTY = "Файл пуст."
INGEST_CSV_BINARY = "Файл .csv оказался двоичным (не текстом): проверьте формат."
INGEST_XLSX_NOT_ZIP = "Файл .xlsx не является книгой Excel (это не zip-архив)."
INGEST_XLSX_DAMAGED = "Файл .xlsx повреждён."
INGEST_XLSX_TOO_MANY_PARTS = "Файл .xlsx содержит подозрительно много частей."
INGEST_XLSX_NO_CONTENT_TYPES = "Файл .xlsx не является книгой Excel (нет [Content_Types].xml)."
INGEST_XLSX_BOMB = "Файл .xlsx распаковывается в слишком большой объём (zip-бомба?)."
INGEST_ENCODING = "Не удалось определить кодировку: сохраните файл в UTF-8 или Windows-1251."
INGEST_CSV_ERROR = "Ошибка разбора CSV в строке {line}: {error}."
INGEST_XLSX_UNREADABLE = "Файл .xlsx повреждён или не является книгой Excel."
INGEST_NO_SHEET = "В книге нет листа «{sheet}» (есть: {names})."
INGEST_SHEET_UNREADABLE = "Файл .xlsx повреждён: лист не читается."

# ------------------------------------------------------------------ the report of one file
INGEST_AT_LINE = "строка {line}"
INGEST_AT_COLUMN = "столбец {column}"
INGEST_ROWS_OK = "{n} строк прочитано без ошибок"
INGEST_ERRORS_SHOWN = " (показаны первые {n})"
INGEST_ERROR_COUNT = "ошибок: {count}{more}"

# ------------------------------------------------------------------ cells and rows
INGEST_TOO_LONG = "слишком длинное значение (больше {n} символов)"
INGEST_NUMBER_EXPECTED = "ожидается число"
INGEST_NOT_A_NUMBER = "«{text}» — не число"
INGEST_NOT_FINITE = "ожидается конечное число"
INGEST_BELOW_LOW = "значение {value:g} меньше допустимого {low:g}"
INGEST_ABOVE_HIGH = "значение {value:g} больше допустимого {high:g}"
INGEST_NOT_AN_INTEGER = "ожидается целое число, а не {value:g}"
INGEST_NOT_A_DATE = "«{text}» — не дата (ожидается ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)"
INGEST_NOT_A_CHOICE = "«{text}» — недопустимое значение; допустимо: {choices}"
INGEST_NO_CODES = "нужен хотя бы один код"
INGEST_TASK_POINTS_RANGE = "балл за задание {value:g} вне диапазона 0–100"
INGEST_MARKS_OVER_PARTICIPANTS = "сумма отметок больше числа участников"
INGEST_THRESHOLDS = "пороги должны расти и не превышать максимальный балл"
INGEST_DUE_BEFORE_START = "срок раньше начала"
INGEST_PERIOD_UNREADABLE = (
    "срок не распознан (примеры: «Февраль - август», «Март Август "
    "Октябрь», «в течение 2022 – 2024 гг.», «до 15 августа 2024 г.»)"
)
INGEST_COMPLETED_NOT_DONE = "дата выполнения указана, а статус не «выполнено»"
INGEST_NO_HEADER = (
    "Не найдена строка заголовков: ни один столбец не узнан (см. docs/data-formats.md)."
)
INGEST_MISSING_COLUMN = "нет обязательного столбца"
INGEST_EMPTY_REQUIRED = "пустое значение в обязательном столбце"
INGEST_UNREADABLE_VALUE = "значение не читается"
INGEST_DUPLICATE_KEY = "повтор ключа «{key}» (уже в строке {line})"

# ------------------------------------------------------------------ checks against the database
# What a missing reference is, in the genitive: «{what} «{code}» нет в базе».
INGEST_REFERENCES = {
    "school": "ОО",
    "indicator": "Показателя",
    "procedure": "Процедуры",
    "municipality": "Муниципалитета",
    "direction": "Направления",
    "expert": "Эксперта",
    "region": "Региона",
    "programme": "Программы ДПО",
}
# A region's norms (indicator-norms files): for conditions indicators, and only for the
# importer's own region.
INGEST_NORM_NOT_CONDITIONS = (
    "показатель «{code}» не относится к условиям: норматив задаётся только для показателей условий"
)
INGEST_NORM_FOREIGN_REGION = (
    "регион «{code}» — не ваш: нормативы вводятся только для своего региона"
)
INGEST_NORM_REGION_NEEDED = "в базе несколько регионов: укажите код региона"
# A programme's dates (pd-programmes files): the end may not come before the start.
INGEST_ENDS_BEFORE_START = "дата окончания раньше даты начала"
INGEST_UNKNOWN_REFERENCE = "{what} «{code}» нет в базе"
# A voluntary diagnostic work's results (procedures of kind «добровольная диагностика»).
INGEST_VOLUNTARY_UNKNOWN_WORK = (
    "добровольной диагностической работы с кодом «{code}» нет в каталоге: сначала добавьте "
    "её на странице «Добровольная диагностика»"
)
INGEST_VOLUNTARY_OTHER_WORK = (
    "работа «{code}» в каталоге — по предмету «{subject}», {grade} класс: предмет и класс "
    "процедуры должны совпадать"
)
INGEST_MEAN_OVER_MAX = "средний балл больше максимального ({max_score:g})"
INGEST_SCORE_OVER_MAX = "балл больше максимального ({max_score:g})"
INGEST_TASK_MISMATCH = "задание описано иначе, чем в строке выше"
INGEST_PERIOD_NOT_PARSED = "срок «{text}» не разобран для {year} г."
# The comment of a roadmap item's status change made by an import.
INGEST_STATUS_COMMENT = "импорт: {file}, строка {line}"

# ------------------------------------------------------------------ the run
INGEST_KIND_UNSUPPORTED = "Импорт вида «{kind}» пока не поддерживается."
INGEST_PHASES = {
    "parsed": "Файл прочитан и проверен",
    "checked": "Ссылки проверены, идёт запись",
    "written": "Записано, фиксация",
    "derived": "Данные сохранены, пересчитываются показатели страниц",
    "done": "Готово",
}
