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


class Schools:
    DENIED = "schools-denied"
    BODY = "schools-body"
    MUNICIPALITY = "schools-municipality"
    KIND = "schools-kind"
    LOCALITY = "schools-locality"
    TABLE = "schools-table"
    COUNT = "schools-count"
    MAP = "schools-map"
    MAP_COLOUR = "schools-map-colour"
    MAP_NOTE = "schools-map-note"


class SchoolProfile:
    SCHOOL = "profile-school"  # store: the school code from the URL
    DENIED = "profile-denied"
    BODY = "profile-body"
    HEADER = "profile-header"
    FLAGS = "profile-flags"
    YEAR = "profile-year"
    CONTEXT = "profile-context"
    CONTEXT_NOTE = "profile-context-note"
    INDICATOR = "profile-indicator"
    CONTEXT_TREND = "profile-context-trend"
    CONDITIONS = "profile-conditions"
    KIND = "profile-kind"
    SUBJECT = "profile-subject"
    GRADE = "profile-grade"
    RESULTS_TREND = "profile-results-trend"
    RESULTS_MARKS = "profile-results-marks"
    RESULTS_NOTE = "profile-results-note"
    SKILLS = "profile-skills"
    MEASURES = "profile-measures"
    PRINT = "profile-print"
    PDF_BUTTON = "profile-pdf-button"
    PDF = "profile-pdf"
    DATA_DATE = "profile-data-date"


class AdminImports:
    DENIED = "admin-imports-denied"
    BODY = "admin-imports-body"
    KIND = "admin-imports-kind"
    SHEET = "admin-imports-sheet"
    UPLOAD = "admin-imports-upload"
    LIMIT_NOTE = "admin-imports-limit-note"
    PREVIEW = "admin-imports-preview"
    REPORT = "admin-imports-report"
    CONFIRM = "admin-imports-confirm"
    RESULT = "admin-imports-result"
    RUNS = "admin-imports-runs"
    DONE = "admin-imports-done"  # store bumped after an import, so the list reloads
    JOB = "admin-imports-job"  # id of the background import job being followed (or None)
    POLL = "admin-imports-poll"  # interval polling the job, enabled only while it runs
    PROGRESS_BOX = "admin-imports-progress-box"
    PROGRESS = "admin-imports-progress"
    JOB_REPORT = "admin-imports-job-report"
    JOB_DONE = "admin-imports-job-done"  # store bumped when a background import ends


# ------------------------------------------------------------------ procedures (issue 6)

# ------------------------------------------------------------------ objectivity (issue 6)

# ------------------------------------------------------------------ rankings (issue 7)

# ------------------------------------------------------------------ experts (issue 8)

# ------------------------------------------------------------------ roadmaps (issue 9)
