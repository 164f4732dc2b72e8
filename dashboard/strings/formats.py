"""Russian words in formatted values and exports (yes/no, units, file headers)."""

# A true / false value in text, a CSV cell or an XLSX cell (never «True» / «False»).
FORMAT_YES = "Да"
FORMAT_NO = "Нет"
