"""Russian UI text: import_runs (the life cycle of an import on /admin/imports)."""

# The "reason" cell of a run (dashboard.figures.admin.runs_frame).
IMPORT_RUN_INTERRUPTED = (
    "импорт прерван: процесс остановился, не завершив запись; изменения не сохранены, "
    "файл можно загрузить снова"
)
IMPORT_RUN_ERROR = "ошибка при записи, изменения не сохранены ({error})"
IMPORT_RUN_ALIVE = "идёт на {worker}; последний сигнал {heartbeat}"
