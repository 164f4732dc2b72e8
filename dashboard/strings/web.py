"""Plain-text HTTP responses: error pages and refused requests (dashboard/app.py,
dashboard/web/security.py)."""

HTTP_NOT_FOUND = "Страница не найдена"
HTTP_SERVER_ERROR = "Внутренняя ошибка. Попробуйте позже."
HTTP_TOO_LARGE = "Файл слишком большой"
HTTP_FOREIGN_ORIGIN = "Запрос с чужого источника отклонён"
HTTP_JSON_EXPECTED = "Ожидается application/json"
HTTP_BAD_REQUEST = "Некорректный запрос"
