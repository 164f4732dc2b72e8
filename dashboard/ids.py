"""Component ids, one namespace per page, so no test or callback spells an id by hand."""


class Shell:
    """The page shell around every page."""

    ERROR = "shell-callback-error"


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
class Procedures:
    LOCATION = "procedures-location"  # page-local dcc.Location: the selection lives in ?query
    KIND = "procedures-kind"
    SUBJECT = "procedures-subject"
    GRADE = "procedures-grade"
    YEARS = "procedures-years"
    UNIT = "procedures-unit"
    MUNICIPALITY = "procedures-municipality"
    SORT = "procedures-sort"
    PAIR = "procedures-pair"
    NOTE = "procedures-note"
    # One entry per chart: figure id, table container id, CSV and XLSX button ids.
    CHARTS = ("histogram", "box", "marks", "means", "slope", "heatmap", "pair")
    DOWNLOAD = "procedures-download"

    @staticmethod
    def graph(chart: str) -> str:
        return f"procedures-{chart}-graph"

    @staticmethod
    def table(chart: str) -> str:
        return f"procedures-{chart}-table"

    @staticmethod
    def button(chart: str, fmt: str) -> str:
        return f"procedures-{chart}-{fmt}"


# ------------------------------------------------------------------ objectivity (issue 6)


class Objectivity:
    URL_SCHOOL = "objectivity-url-school"  # store: ?school= from the URL
    URL_YEAR = "objectivity-url-year"  # store: ?year= from the URL
    YEAR = "objectivity-year"
    COUNTS = "objectivity-counts"
    TABLE = "objectivity-table"
    TABLE_NOTE = "objectivity-table-note"
    TABLE_CSV = "objectivity-table-csv"
    TABLE_XLSX = "objectivity-table-xlsx"
    TABLE_DOWNLOAD = "objectivity-table-download"
    SCHOOL = "objectivity-school"
    DETAIL = "objectivity-detail"
    SIGNS = "objectivity-signs"
    PROCEDURE = "objectivity-procedure"
    DISTRIBUTION = "objectivity-distribution"
    DISTRIBUTION_TABLE = "objectivity-distribution-table"
    DISTRIBUTION_CSV = "objectivity-distribution-csv"
    DISTRIBUTION_XLSX = "objectivity-distribution-xlsx"
    DISTRIBUTION_DOWNLOAD = "objectivity-distribution-download"
    AGREEMENT = "objectivity-agreement"
    AGREEMENT_TABLE = "objectivity-agreement-table"
    AGREEMENT_CSV = "objectivity-agreement-csv"
    AGREEMENT_XLSX = "objectivity-agreement-xlsx"
    AGREEMENT_DOWNLOAD = "objectivity-agreement-download"
    REVIEW_STATUS = "objectivity-review-status"
    REVIEW_COMMENT = "objectivity-review-comment"
    REVIEW_SAVE = "objectivity-review-save"
    REVIEW_FEEDBACK = "objectivity-review-feedback"
    REVIEW_HISTORY = "objectivity-review-history"
    REVIEWED = "objectivity-reviewed"  # store bumped after a saved change, so tables reload

# ------------------------------------------------------------------ rankings (issue 7)
class Rankings:
    KIND = "rankings-kind"
    SUBJECT = "rankings-subject"
    GRADE = "rankings-grade"
    YEAR = "rankings-year"
    COVARIATES = "rankings-covariates"
    LEVEL = "rankings-level"
    STATUS = "rankings-status"
    SCATTER = "rankings-scatter"
    CATERPILLAR = "rankings-caterpillar"
    RANK_INTERVALS = "rankings-rank-intervals"
    FUNNEL = "rankings-funnel"
    TABLE = "rankings-table"
    METHOD = "rankings-method"
    DOWNLOAD_CSV = "rankings-download-csv"
    DOWNLOAD_XLSX = "rankings-download-xlsx"
    DOWNLOAD = "rankings-download"


# ------------------------------------------------------------------ experts (issue 8)
class Experts:
    DENIED = "experts-denied"
    AS_OF = "experts-as-of"
    YEAR = "experts-year"
    MUNICIPALITY = "experts-kpi-municipality"
    KPI_TABLE = "experts-kpi-table"
    KPI_NOTE = "experts-kpi-note"
    BREAKDOWN = "experts-kpi-breakdown"
    INDICATOR = "experts-indicator"
    TREND = "experts-trend"
    COVERAGE = "experts-coverage"
    FUNNEL = "experts-funnel"
    XLSX_BUTTON = "experts-xlsx-button"
    PDF_BUTTON = "experts-pdf-button"
    XLSX = "experts-xlsx"
    PDF = "experts-pdf"
    TARGET_BOX = "experts-target-box"
    TARGET_INDICATOR = "experts-target-indicator"
    TARGET_MUNICIPALITY = "experts-target-municipality"
    TARGET_VALUE = "experts-target-value"
    TARGET_SAVE = "experts-target-save"
    TARGET_FEEDBACK = "experts-target-feedback"
    CHANGED = "experts-changed"  # store bumped after a saved target, so the table reloads
    EDITED = "experts-edited"  # store bumped after a registry change (facts changed)
    F_DIRECTION = "experts-filter-direction"
    F_MUNICIPALITY = "experts-filter-municipality"
    F_STATUS = "experts-filter-status"
    F_YEAR = "experts-filter-year"
    REGISTRY = "experts-registry"
    EDIT_BOX = "experts-edit-box"
    E_PICK = "experts-edit-pick"
    E_CODE = "experts-edit-code"
    E_NAME = "experts-edit-name"
    E_MUNICIPALITY = "experts-edit-municipality"
    E_POSITION = "experts-edit-position"
    E_DIRECTIONS = "experts-edit-directions"
    E_SCORE = "experts-edit-score"
    E_SCORE_DATE = "experts-edit-score-date"
    E_STATUS = "experts-edit-status"
    E_STATUS_DATE = "experts-edit-status-date"
    E_SAVE = "experts-edit-save"
    E_EXCLUDE = "experts-edit-exclude"
    E_FEEDBACK = "experts-edit-feedback"


# ------------------------------------------------------------------ roadmaps (issue 9)


class Roadmaps:
    REQUESTED = "roadmaps-requested"  # store: ?roadmap=<code> from the URL
    ROADMAP = "roadmaps-roadmap"
    HEADER = "roadmaps-header"
    GANTT = "roadmaps-gantt"
    PROGRESS = "roadmaps-progress"
    EXECUTOR = "roadmaps-executor"
    STATUS = "roadmaps-status"
    PERIOD = "roadmaps-period"
    TABLE = "roadmaps-table"
    DUE_SOON = "roadmaps-due-soon"
    OVERDUE = "roadmaps-overdue"
    PILOT = "roadmaps-pilot"
    AS_OF = "roadmaps-as-of"
    XLSX_BUTTON = "roadmaps-xlsx-button"
    PDF_BUTTON = "roadmaps-pdf-button"
    DOWNLOAD = "roadmaps-download"
    # item card (/roadmaps/item/<item_id>)
    ITEM = "roadmap-item-id"  # store: the item id from the URL
    ITEM_DENIED = "roadmap-item-denied"
    ITEM_BODY = "roadmap-item-body"
    ITEM_HEADER = "roadmap-item-header"
    ITEM_LINKS = "roadmap-item-links"
    ITEM_EVIDENCE = "roadmap-item-evidence"
    ITEM_HISTORY = "roadmap-item-history"
    ITEM_EDIT = "roadmap-item-edit"  # the status form, hidden for read-only users
    ITEM_EDIT_EVIDENCE = "roadmap-item-edit-evidence"  # the evidence form, likewise
    NEW_STATUS = "roadmap-item-new-status"
    PROGRESS_INPUT = "roadmap-item-progress"
    COMPLETED_ON = "roadmap-item-completed-on"
    COMMENT = "roadmap-item-comment"
    SAVE = "roadmap-item-save"
    SAVE_FEEDBACK = "roadmap-item-save-feedback"
    CHANGED = "roadmap-item-changed"  # store bumped after a change, so the card reloads
    EVIDENCE_TITLE = "roadmap-item-evidence-title"
    EVIDENCE_URL = "roadmap-item-evidence-url"
    ADD_LINK = "roadmap-item-add-link"
    UPLOAD = "roadmap-item-upload"
    EVIDENCE_FEEDBACK = "roadmap-item-evidence-feedback"
    EVIDENCE_ADDED = "roadmap-item-evidence-added"  # store bumped after a material is added
    DOWNLOAD_PICK = "roadmap-item-download-pick"
    DOWNLOAD_BUTTON = "roadmap-item-download-button"
    DOWNLOAD_FILE = "roadmap-item-download-file"
