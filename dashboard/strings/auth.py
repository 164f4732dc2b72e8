"""Sign-in page, password policy and account errors (dashboard/web/auth_views.py,
dashboard/auth/passwords.py, data_access/users.py)."""

# ------------------------------------------------------------------ the sign-in page
SIGNIN_TITLE = "Вход — ОКО"
SIGNIN_SUBTITLE = "Оценка качества образования"
SIGNIN_LOGIN = "Логин"
SIGNIN_PASSWORD = "Пароль"
SIGNIN_OTP = "Код из приложения (если включён второй фактор)"
SIGNIN_REMEMBER = "Запомнить на {days} дн."
SIGNIN_SUBMIT = "Войти"
SIGNIN_FAILED = "Неверный логин или пароль"
SIGNIN_THROTTLED = "Слишком много неудачных попыток. Подождите минуту и попробуйте снова."
SIGNIN_ENDED = "Сеанс завершён"
SIGNIN_FORM_EXPIRED = "Форма устарела, попробуйте ещё раз"

# ------------------------------------------------------------------ changing one's own password
PASSWORD_CHANGE_MENU = "Сменить пароль"
PASSWORD_CHANGE_TITLE = "Смена пароля — ОКО"
PASSWORD_CHANGE_HEADING = "Смена пароля"
PASSWORD_CHANGE_NOTE = "После смены пароля все другие ваши сеансы завершатся."
PASSWORD_CURRENT = "Текущий пароль"
PASSWORD_NEW = "Новый пароль"
PASSWORD_REPEAT = "Новый пароль ещё раз"
PASSWORD_CHANGE_SUBMIT = "Сменить пароль"
PASSWORD_CHANGE_BACK = "Вернуться к работе"
PASSWORD_CURRENT_WRONG = "Текущий пароль неверен"
PASSWORD_MISMATCH = "Новые пароли не совпадают"
PASSWORD_CHANGED = "Пароль изменён. Другие сеансы завершены: {n}."

# ------------------------------------------------------------------ the password policy
PASSWORD_TOO_SHORT = "Пароль должен содержать не менее {n} символов"
PASSWORD_TOO_LONG = "Пароль длиннее {n} символов"
PASSWORD_TOO_COMMON = "Пароль слишком распространён или прост; выберите другой"
PASSWORD_HAS_LOGIN = "Пароль не должен содержать логин"

# ------------------------------------------------------------------ account changes (UI and CLI)
ACCOUNT_BAD_LOGIN = "логин: 3–80 латинских букв, цифр или знаков . _ @ -"
ACCOUNT_BAD_ROLE = "неизвестная роль {role!r}; допустимы: {roles}"
ACCOUNT_EXISTS = "пользователь {login} уже существует"
ACCOUNT_UNKNOWN_SCHOOL = "неизвестный код ОО {code!r}"
ACCOUNT_UNKNOWN_MUNICIPALITY = "неизвестный код муниципалитета {code!r}"
ACCOUNT_SCHOOL_ELSEWHERE = "ОО не относится к указанному муниципалитету"
ACCOUNT_NEEDS_SCHOOL = "для роли school нужен --school КОД"
ACCOUNT_NEEDS_MUNICIPALITY = "для роли municipality нужен --municipality КОД"
ACCOUNT_MISSING = "нет пользователя {login}"
