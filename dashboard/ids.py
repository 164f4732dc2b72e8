"""Component ids, one namespace per page, so no test or callback spells an id by hand."""


class Overview:
    KIND = "overview-kind"
    SUBJECT = "overview-subject"
    GRADE = "overview-grade"
    YEAR = "overview-year"
    COUNTS = "overview-counts"
    LATEST = "overview-latest"
    BY_MUNICIPALITY = "overview-by-municipality"
    MARKS = "overview-marks"
    NOTE = "overview-note"


class AdminUsers:
    DENIED = "admin-users-denied"
    BODY = "admin-users-body"
    TABLE = "admin-users-table"
    LOGIN = "admin-users-login"
    ROLE = "admin-users-role"
    MUNICIPALITY = "admin-users-municipality"
    SCHOOL = "admin-users-school"
    PASSWORD = "admin-users-password"
    CONFIRM = "admin-users-confirm"
    ADD = "admin-users-add"
    ADD_FEEDBACK = "admin-users-add-feedback"
    ADDED = "admin-users-added"  # store bumped after an addition, so the table reloads
    TARGET = "admin-users-target"
    DISABLE = "admin-users-disable"
    ENABLE = "admin-users-enable"
    NEW_PASSWORD = "admin-users-new-password"
    NEW_CONFIRM = "admin-users-new-confirm"
    RESET = "admin-users-reset"
    ACTION_FEEDBACK = "admin-users-action-feedback"
    CHANGED = "admin-users-changed"  # store bumped after disable/enable/reset


class AdminAudit:
    DENIED = "admin-audit-denied"
    BODY = "admin-audit-body"
    DATE_FROM = "admin-audit-date-from"
    DATE_TO = "admin-audit-date-to"
    LOGIN = "admin-audit-login"
    ACTION = "admin-audit-action"
    OUTCOME = "admin-audit-outcome"
    SUMMARY = "admin-audit-summary"
    TABLE = "admin-audit-table"
    PAGER = "admin-audit-pager"
