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
INGEST_DUPLICATE_KEY = "повтор ключа {key!r} (уже в строке {line})"

# ------------------------------------------------------------------ checks against the database
# What a missing reference is, in the genitive: «{what} «{code}» нет в базе».
INGEST_REFERENCES = {
    "school": "ОО",
    "indicator": "Показателя",
    "procedure": "Процедуры",
    "municipality": "Муниципалитета",
    "direction": "Направления",
    "expert": "Эксперта",
}
INGEST_UNKNOWN_REFERENCE = "{what} «{code}» нет в базе"
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
INGEST_JOB_FAILED = "Внутренняя ошибка при импорте."
