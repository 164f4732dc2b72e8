"""Component ids, one namespace per page, so no test or callback spells an id by hand."""


class Shell:
    """The page shell around every page."""

    ERROR = "shell-callback-error"


class Nav:
    """The navbar: its menu button (narrow screens) and the part it opens."""

    BAR = "navbar"
    TOGGLER = "navbar-toggler"
    COLLAPSE = "navbar-collapse"
    USER = "navbar-user"


class Overview:
    LOCATION = "overview-location"  # page-local dcc.Location: the selection lives in ?query
    KIND = "overview-kind"
    SUBJECT = "overview-subject"
    GRADE = "overview-grade"
    YEAR = "overview-year"
    COUNTS = "overview-counts"
    LATEST = "overview-latest"
    BY_MUNICIPALITY = "overview-by-municipality"
    MARKS = "overview-marks"
    NOTE = "overview-note"
    TITLE = "overview-title"  # «Обзор региона» or «Обзор: <own municipality or school>»
    SUBTITLE = "overview-subtitle"  # what the page compares with
    HOME = "overview-home"  # a director's own school first (latest results, profile link)
    SHOW_ALL = "overview-show-all"  # «показать все» switch of charts cut to top and bottom
    SHOW_ALL_BOX = "overview-show-all-box"  # hidden while nothing is cut
    HINT = "overview-hint"  # what a click on a bar opens
    GO = "overview-go"  # dcc.Location a clicked bar navigates with


class AdminUsers:
    LOCATION = "admin-users-location"  # page-local dcc.Location: the list filters live in ?query
    DENIED = "admin-users-denied"
    BODY = "admin-users-body"
    FILTER_ROLE = "admin-users-filter-role"
    FILTER_STATE = "admin-users-filter-state"
    TABLE = "admin-users-table"  # AG Grid of the accounts
    SUMMARY = "admin-users-summary"  # how many accounts the table shows, of how many
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
    LOCATION = "admin-audit-location"  # page-local dcc.Location: filters and page live in ?query
    DENIED = "admin-audit-denied"
    BODY = "admin-audit-body"
    DATE_FROM = "admin-audit-date-from"
    DATE_TO = "admin-audit-date-to"
    LOGIN = "admin-audit-login"
    ACTION = "admin-audit-action"
    OUTCOME = "admin-audit-outcome"
    SUMMARY = "admin-audit-summary"
    TABLE = "admin-audit-table"  # AG Grid of one page of events (paged on the server)
    PAGER = "admin-audit-pager"


class Schools:
    LOCATION = "schools-location"  # page-local dcc.Location: the filters live in ?query
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
    TABS = "schools-tabs"  # «Список» | «Карта»: the map is drawn when its tab is opened
    SUBTITLE = "schools-subtitle"  # what the list holds and what a click does, by role
    FIND_MINE = "schools-find-mine"  # a director's «найти мою школу» (link to its profile)
    GO = "schools-go"  # dcc.Location a clicked map point navigates with


class SchoolProfile:
    SCHOOL = "profile-school"  # store: the school code from the URL
    LOCATION = "profile-location"  # the page state in the query string (refresh=False)
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
    CONDITIONS_TABLE = "profile-conditions-table"  # wraps the grid, hidden when empty
    CONDITIONS_GRID = "profile-conditions-grid"
    KIND = "profile-kind"
    SUBJECT = "profile-subject"
    GRADE = "profile-grade"
    RESULTS_TREND = "profile-results-trend"
    RESULTS_MARKS = "profile-results-marks"
    RESULTS_NOTE = "profile-results-note"
    SKILLS = "profile-skills"
    SKILLS_TABLE = "profile-skills-table"  # wraps the grid, hidden when there is nothing to show
    SKILLS_GRID = "profile-skills-grid"
    MEASURES = "profile-measures"
    PRINT = "profile-print"
    PDF_BUTTON = "profile-pdf-button"
    PDF = "profile-pdf"
    DATA_DATE = "profile-data-date"


class AdminImports:
    LOCATION = "admin-imports-location"  # page-local dcc.Location: the kind lives in ?query
    DENIED = "admin-imports-denied"
    BODY = "admin-imports-body"
    KIND = "admin-imports-kind"
    SHEET = "admin-imports-sheet"
    UPLOAD = "admin-imports-upload"
    LIMIT_NOTE = "admin-imports-limit-note"
    PREVIEW = "admin-imports-preview"
    REPORT = "admin-imports-report"
    CHANGES = "admin-imports-changes"  # the before → after of rows an import would change
    CONFIRM = "admin-imports-confirm"
    RESULT = "admin-imports-result"
    RUNS = "admin-imports-runs"  # AG Grid of the latest import runs
    RUNS_EMPTY = "admin-imports-runs-empty"  # "no imports yet", hidden once there are some
    DONE = "admin-imports-done"  # store bumped after an import, so the list reloads
    PROGRESS_BOX = "admin-imports-progress-box"
    PROGRESS = "admin-imports-progress"
    JOB_REPORT = "admin-imports-job-report"


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
    # One entry per chart: figure id, data grid id (AG Grid), CSV and XLSX button ids.
    CHARTS = ("histogram", "box", "marks", "means", "slope", "heatmap", "pair")
    # The charts under tabs (dcc.Tabs `value` is the chart's name); a tab's chart is drawn
    # when the tab is opened. The first is the default tab.
    TABBED = ("marks", "means", "slope", "heatmap", "pair")
    TABS = "procedures-tabs"
    TABLE_ITEM = "table"  # the accordion item of a chart's data grid, open when this is active
    DOWNLOAD = "procedures-download"
    # «Показать все на графиках»: long charts drawn whole instead of their top and bottom.
    SHOW_ALL = "procedures-show-all"
    FILTERS = "procedures-filters"  # the sticky filter bar
    # Where a click on a chart leads (a school's profile): dcc.Location(refresh="callback-nav").
    NAVIGATE = "procedures-navigate"
    #: The charts whose rows are schools or municipalities a click may open.
    CLICKABLE = ("marks", "means", "slope", "heatmap", "pair")

    @staticmethod
    def graph(chart: str) -> str:
        return f"procedures-{chart}-graph"

    @staticmethod
    def title(chart: str) -> str:
        """The chart card's title (the figure has none)."""
        return f"procedures-{chart}-title"

    @staticmethod
    def caption(chart: str) -> str:
        """The small caption under a chart: what it leaves out, its notes."""
        return f"procedures-{chart}-caption"

    @staticmethod
    def table(chart: str) -> str:
        return f"procedures-{chart}-table"

    @staticmethod
    def table_note(chart: str) -> str:
        """Says when the grid shows only the first rows of a very long table."""
        return f"procedures-{chart}-table-note"

    @staticmethod
    def table_toggle(chart: str) -> str:
        """The accordion around the grid: its `active_item` says whether the table is open."""
        return f"procedures-{chart}-table-toggle"

    @staticmethod
    def drawn(chart: str) -> str:
        """dcc.Store of what the chart and its grid show ({"figure": query, "rows": query})."""
        return f"procedures-{chart}-drawn"

    @staticmethod
    def button(chart: str, fmt: str) -> str:
        return f"procedures-{chart}-{fmt}"


# ------------------------------------------------------------------ objectivity (issue 6)


class Objectivity:
    LOCATION = "objectivity-location"  # page-local dcc.Location: ?year=&school=&procedure=
    YEAR = "objectivity-year"
    COUNTS = "objectivity-counts"
    TABLE = "objectivity-table"  # AG Grid of the flagged school-years
    TABLE_BOX = "objectivity-table-box"  # hidden when there are no flags to list
    NO_FLAGS = "objectivity-no-flags"
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
    AGREEMENT_SUMMARY = "objectivity-agreement-summary"
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
    FLAGS_CARD = "objectivity-flags-card"  # the list of flagged schools (not for viewers)
    FLAGS_BOX = "objectivity-flags-box"  # its downloads, hint and grid
    DETAIL_CARD = "objectivity-detail-card"  # the drill-down (not for viewers)
    REVIEW_FORM = "objectivity-review-form"  # shown to the roles that may review only
    LEGEND = "objectivity-legend"  # «что значат z, q, p»


# ------------------------------------------------------------------ rankings (issue 7)
class Rankings:
    LOCATION = "rankings-location"  # page-local dcc.Location: the selection lives in ?query
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
    TABS = "rankings-tabs"  # one chart per tab, drawn when its tab is opened
    TABLE = "rankings-table"  # AG Grid: the same frame as the CSV/XLSX download
    METHOD = "rankings-method"
    DOWNLOAD_CSV = "rankings-download-csv"
    DOWNLOAD_XLSX = "rankings-download-xlsx"
    DOWNLOAD = "rankings-download"
    SHOW_ALL = "rankings-show-all"  # «показать все школы» on the per-school charts
    SHOW_ALL_BOX = "rankings-show-all-box"  # shown only when a chart leaves schools out
    CHART_NOTE = "rankings-chart-note"  # how many schools a per-school chart leaves out
    OWN_SUMMARY = "rankings-own-summary"  # the user's school or municipality in one line
    TABLE_SCOPE = "rankings-table-scope"  # municipality users: own schools / whole region
    TABLE_SCOPE_BOX = "rankings-table-scope-box"
    FIND_OWN = "rankings-find-own"  # «найти мою школу»: the grid's page holding the own row
    FIND_NOTE = "rankings-find-note"
    GO = "rankings-go"  # dcc.Location a click on a chart navigates with (school profile)
    #: The chart tabs in order: tab key (`TABS.active_tab`) → the chart's graph.
    CHARTS = {
        "scatter": SCATTER,
        "funnel": FUNNEL,
        "caterpillar": CATERPILLAR,
        "intervals": RANK_INTERVALS,
    }


# ------------------------------------------------------------------ experts (issue 8)
class Experts:
    LOCATION = "experts-location"  # page-local dcc.Location: the selection lives in ?query
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
    COVERAGE_NOTE = "experts-coverage-note"  # how many municipalities the heat map leaves out
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
    REGISTRY = "experts-registry"  # the counts-only / nothing-found note above the grids
    COUNTS_BOX = "experts-counts-box"
    COUNTS_GRID = "experts-counts-grid"
    NAMES_BOX = "experts-names-box"
    NAMES_GRID = "experts-names-grid"
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
    LOCATION = "roadmaps-location"  # page-local dcc.Location: the selection lives in ?query
    ROADMAP = "roadmaps-roadmap"
    HEADER = "roadmaps-header"
    GANTT = "roadmaps-gantt"
    PROGRESS = "roadmaps-progress"
    EXECUTOR = "roadmaps-executor"
    STATUS = "roadmaps-status"
    PERIOD = "roadmaps-period"
    TABLE = "roadmaps-table"  # AG Grid of the filtered items
    TABLE_COUNT = "roadmaps-table-count"
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
    EVIDENCE_GRID = "roadmap-item-evidence-grid"
    HISTORY_GRID = "roadmap-item-history-grid"
    ITEM_EDIT = "roadmap-item-edit"  # the status form, hidden for read-only users
    ITEM_EDIT_EVIDENCE = "roadmap-item-edit-evidence"  # the evidence form, likewise
    ASKED_OCCURRENCE = "roadmap-item-asked-occurrence"  # store: ?occurrence= of the address
    OCCURRENCE_BLOCK = "roadmap-item-occurrence-block"  # hidden for an item due once
    OCCURRENCE = "roadmap-item-occurrence"  # which occurrence the status form changes
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


class Decisions:
    LOCATION = "decisions-location"  # page-local dcc.Location: the selection lives in ?query
    TABS = "decisions-tabs"
    ROLE_NOTE = "decisions-role-note"
    CHANGED = "decisions-changed"  # store bumped after any write, so every block reloads
    # findings
    YEAR = "decisions-year"
    KIND = "decisions-kind"
    LEVEL = "decisions-level"
    UNDECIDED = "decisions-undecided"
    FINDINGS_BOX = "decisions-findings-box"  # the named list (hidden for viewers)
    FINDINGS = "decisions-findings"  # AG Grid of the findings
    FINDINGS_COUNT = "decisions-findings-count"
    FINDINGS_COUNTS = "decisions-findings-counts"  # counts per municipality and kind
    FINDINGS_COUNTS_GRID = "decisions-findings-counts-grid"
    ADOPT_BOX = "decisions-adopt-box"  # the adopt form (hidden for those who may not adopt)
    ADOPT_KEY = "decisions-adopt-key"  # store: the chosen finding's key
    ADOPT_FINDING = "decisions-adopt-finding"
    MEASURE = "decisions-measure"
    MEASURE_TEXT = "decisions-measure-text"
    RESPONSIBLE = "decisions-responsible"
    DUE_ON = "decisions-due-on"
    ADOPT_COMMENT = "decisions-adopt-comment"
    ADOPT = "decisions-adopt"
    ADOPT_FEEDBACK = "decisions-adopt-feedback"
    # decisions
    MUNICIPALITY = "decisions-municipality"
    STATUS = "decisions-status"
    OVERDUE_ONLY = "decisions-overdue-only"
    LIST_BOX = "decisions-list-box"  # the named list (hidden for viewers)
    LIST = "decisions-list"  # AG Grid of the decisions (the plan's columns)
    LIST_COUNT = "decisions-list-count"
    CHART = "decisions-chart"
    COUNTS = "decisions-counts"  # counts per municipality, kind and status
    COUNTS_GRID = "decisions-counts-grid"
    XLSX = "decisions-xlsx"
    PDF = "decisions-pdf"
    DOWNLOAD = "decisions-download"
    DECISION = "decisions-decision"  # store: the decision whose card is open
    CARD = "decisions-card"
    CARD_HISTORY = "decisions-card-history"
    HISTORY_GRID = "decisions-history-grid"
    COMMENT_BOX = "decisions-comment-box"
    COMMENT = "decisions-comment"
    COMMENT_SAVE = "decisions-comment-save"
    COMMENT_FEEDBACK = "decisions-comment-feedback"
    STATUS_BOX = "decisions-status-box"
    NEW_STATUS = "decisions-new-status"
    COMPLETED_ON = "decisions-completed-on"
    STATUS_COMMENT = "decisions-status-comment"
    STATUS_SAVE = "decisions-status-save"
    STATUS_FEEDBACK = "decisions-status-feedback"
    ROADMAP_BOX = "decisions-roadmap-box"
    ROADMAP = "decisions-roadmap"
    TO_ROADMAP = "decisions-to-roadmap"
    ROADMAP_FEEDBACK = "decisions-roadmap-feedback"
    # matrix
    MATRIX = "decisions-matrix"
    MATRIX_INACTIVE = "decisions-matrix-inactive"
    MATRIX_EDIT = "decisions-matrix-edit"  # the edit form (region and admin only)
    MATRIX_PICK = "decisions-matrix-pick"
    MATRIX_KIND = "decisions-matrix-kind"
    MATRIX_TITLE = "decisions-matrix-title"
    MATRIX_LEVEL = "decisions-matrix-level"
    MATRIX_ROLE = "decisions-matrix-role"
    MATRIX_DAYS = "decisions-matrix-days"
    MATRIX_INDICATOR = "decisions-matrix-indicator"
    MATRIX_APPLIES = "decisions-matrix-applies"
    MATRIX_ACTIVE = "decisions-matrix-active"
    MATRIX_SAVE = "decisions-matrix-save"
    MATRIX_FEEDBACK = "decisions-matrix-feedback"
    MATRIX_HISTORY = "decisions-matrix-history"
    MATRIX_HISTORY_GRID = "decisions-matrix-history-grid"
    # compensation plan
    PLAN_TAB = "decisions-tab-compensation"  # disabled for viewers
    PLAN_ADOPT_BOX = "decisions-plan-adopt-box"  # hidden for those who may not adopt
    PLAN_SCHOOL = "decisions-plan-school"
    PLAN = "decisions-plan"
    PLAN_GRID = "decisions-plan-grid"
    PLAN_ADOPT = "decisions-plan-adopt"
    PLAN_FEEDBACK = "decisions-plan-feedback"
    PLAN_XLSX = "decisions-plan-xlsx"
    PLAN_PDF = "decisions-plan-pdf"
    PLAN_DOWNLOAD = "decisions-plan-download"


class Effectiveness:
    """/decisions/effectiveness: the assessment system's criteria and the effect of measures."""

    LOCATION = "effectiveness-location"  # page-local dcc.Location: the selection lives in ?query
    YEAR = "effectiveness-year"
    MUNICIPALITY = "effectiveness-municipality"
    CRITERIA_TABLE = "effectiveness-criteria-table"
    CRITERIA_NOTE = "effectiveness-criteria-note"
    CRITERION = "effectiveness-criterion"  # which criterion the trend chart shows
    TREND = "effectiveness-trend"
    TARGET_BOX = "effectiveness-target-box"  # the target form, hidden but for region/admin
    TARGET_CRITERION = "effectiveness-target-criterion"
    TARGET_MUNICIPALITY = "effectiveness-target-municipality"
    TARGET_YEAR = "effectiveness-target-year"
    TARGET_VALUE = "effectiveness-target-value"
    TARGET_SAVE = "effectiveness-target-save"
    TARGET_FEEDBACK = "effectiveness-target-feedback"
    CHANGED = "effectiveness-changed"  # store bumped after a saved target, so the views reload
    EFFECT_NOTE = "effectiveness-effect-note"  # the awaiting count
    FOREST = "effectiveness-forest"
    EFFECT_TABLE = "effectiveness-effect-table"
    DECISIONS_BOX = "effectiveness-decisions-box"  # per-decision effects, hidden for viewers
    DECISIONS_TABLE = "effectiveness-decisions-table"


class Training:
    """/training: the plan-order for teachers' professional development."""

    LOCATION = "training-location"  # page-local dcc.Location: the selection lives in ?query
    TABS = "training-tabs"
    ROLE_NOTE = "training-role-note"
    CHANGED = "training-changed"  # store bumped after any write, so every block reloads
    YEAR = "training-year"
    MUNICIPALITY = "training-municipality"
    SUBJECT = "training-subject"
    # need from results
    NEEDS_COUNT = "training-needs-count"
    NEEDS = "training-needs"  # AG Grid of the needs (schools named; hidden for viewers)
    NEEDS_BOX = "training-needs-box"
    NEEDS_SUMMARY = "training-needs-summary"  # per municipality and subject: every role
    GAPS = "training-gaps"  # skills no programme covers
    GAPS_GRID = "training-gaps-grid"
    SUMMARY_GRID = "training-summary-grid"
    # programme catalogue
    SEARCH = "training-search"
    CATALOGUE = "training-catalogue"
    CATALOGUE_COUNT = "training-catalogue-count"
    EDIT_BOX = "training-edit-box"  # the edit form (region and admin only)
    EDIT_PICK = "training-edit-pick"
    EDIT_TITLE = "training-edit-title"
    EDIT_PROVIDER = "training-edit-provider"
    EDIT_SUBJECT = "training-edit-subject"
    EDIT_SKILLS = "training-edit-skills"
    EDIT_HOURS = "training-edit-hours"
    EDIT_FORMAT = "training-edit-format"
    EDIT_STARTS = "training-edit-starts"
    EDIT_ENDS = "training-edit-ends"
    EDIT_SAVE = "training-edit-save"
    EDIT_FEEDBACK = "training-edit-feedback"
    # schools' requests
    REQUESTS_TAB = "training-tab-requests"  # disabled for viewers
    REQUESTS = "training-requests"
    REQUESTS_COUNT = "training-requests-count"
    REQUEST = "training-request"  # store: the request whose card is open
    SUBMIT_BOX = "training-submit-box"  # the request form (directors, municipality, region)
    SUBMIT_SCHOOL = "training-submit-school"
    SUBMIT_SUBJECT = "training-submit-subject"
    SUBMIT_SKILL = "training-submit-skill"
    SUBMIT_TOPIC = "training-submit-topic"
    SUBMIT_TEACHERS = "training-submit-teachers"
    SUBMIT_COMMENT = "training-submit-comment"
    SUBMIT = "training-submit"
    SUBMIT_FEEDBACK = "training-submit-feedback"
    CARD = "training-request-card"
    HISTORY_GRID = "training-request-history"
    WITHDRAW_BOX = "training-withdraw-box"
    WITHDRAW = "training-withdraw"
    DECIDE_BOX = "training-decide-box"
    DECIDE_COMMENT = "training-decide-comment"
    ACCEPT = "training-accept"
    DECLINE = "training-decline"
    ACTION_FEEDBACK = "training-action-feedback"
    # plan-order
    PLAN = "training-plan"  # AG Grid of the lines
    PLAN_TOTALS = "training-plan-totals"
    PLAN_COUNT = "training-plan-count"
    CONFIRM_BOX = "training-confirm-box"  # municipality, region, admin
    CONFIRM = "training-confirm"
    CONFIRM_FEEDBACK = "training-confirm-feedback"
    CONFIRMATIONS = "training-confirmations"
    CONFIRMATIONS_GRID = "training-confirmations-grid"
    XLSX = "training-xlsx"
    PDF = "training-pdf"
    DOWNLOAD = "training-download"
    # after training
    EFFECT_NOTE = "training-effect-note"
    FOREST = "training-forest"
    EFFECT_TABLE = "training-effect-table"


class Voluntary:
    """/voluntary: voluntary diagnostic works (catalogue, registrations, results, feedback)."""

    LOCATION = "voluntary-location"  # page-local dcc.Location: ?tab=…&work=…
    TABS = "voluntary-tabs"
    ROLE_NOTE = "voluntary-role-note"
    CHANGED = "voluntary-changed"  # store bumped after any write, so every block reloads
    WORK = "voluntary-work"  # the chosen work (its code), for every tab
    # catalogue
    CATALOGUE = "voluntary-catalogue"  # AG Grid of the works (row id: the work's code)
    CATALOGUE_COUNT = "voluntary-catalogue-count"
    CARD = "voluntary-card"
    REGISTER_BOX = "voluntary-register-box"  # a director while registration is open
    CLASSES = "voluntary-classes"
    PUPILS = "voluntary-pupils"
    REGISTER = "voluntary-register"
    WITHDRAW_BOX = "voluntary-withdraw-box"  # a director with a registration, before the work
    WITHDRAW_COMMENT = "voluntary-withdraw-comment"
    WITHDRAW = "voluntary-withdraw"
    ACTION_FEEDBACK = "voluntary-action-feedback"
    EDIT_BOX = "voluntary-edit-box"  # region and admin
    EDIT_MODE = "voluntary-edit-mode"  # store: the code being edited, or "new"
    EDIT_NOTE = "voluntary-edit-note"
    EDIT_NEW = "voluntary-edit-new"
    EDIT_TITLE = "voluntary-edit-title"
    EDIT_SUBJECT = "voluntary-edit-subject"
    EDIT_GRADE = "voluntary-edit-grade"
    EDIT_SKILLS = "voluntary-edit-skills"
    EDIT_FORM = "voluntary-edit-form"
    EDIT_HELD = "voluntary-edit-held"
    EDIT_DEADLINE = "voluntary-edit-deadline"
    EDIT_ORGANISER = "voluntary-edit-organiser"
    EDIT_MEASURES = "voluntary-edit-measures"
    EDIT_SAVE = "voluntary-edit-save"
    EDIT_FEEDBACK = "voluntary-edit-feedback"
    # participants
    COUNTS = "voluntary-counts"
    COUNTS_TOTAL = "voluntary-counts-total"
    REGISTRATIONS_BOX = "voluntary-registrations-box"  # hidden for viewers
    REGISTRATIONS = "voluntary-registrations"
    # results
    RESULTS = "voluntary-results"  # lines, notes, the per-skill table, links
    SKILLS_GRID = "voluntary-skills"
    PROGRAMMES_GRID = "voluntary-programmes"
    CHART = "voluntary-chart"
    # feedback
    FEEDBACK_BOX = "voluntary-feedback-box"  # a participating director after the results
    FEEDBACK_NOTE = "voluntary-feedback-note"
    USEFULNESS = "voluntary-usefulness"
    DIFFICULTY = "voluntary-difficulty"
    JOIN_AGAIN = "voluntary-join-again"
    FEEDBACK_COMMENT = "voluntary-feedback-comment"
    FEEDBACK_SEND = "voluntary-feedback-send"
    FEEDBACK_RESULT = "voluntary-feedback-result"
    SUMMARY = "voluntary-summary"  # the organiser's summary of the answers


class Present:
    """Presentation mode on any page (`?present=1`); owned by dashboard/web/present.py."""

    BUTTON = "present-button"


class StoryTools:
    """The shell's «add this view to a story» and «export this view» controls."""

    BUTTON = "story-tools-button"
    ADD = "story-tools-add"
    PPTX = "story-tools-pptx"
    PDF = "story-tools-pdf"
    DOWNLOAD = "story-tools-download"
    MODAL = "story-tools-modal"
    STORY = "story-tools-story"
    NEW_TITLE = "story-tools-new-title"
    SLIDE_TITLE = "story-tools-slide-title"
    NOTE = "story-tools-note"
    SAVE = "story-tools-save"
    FEEDBACK = "story-tools-feedback"


class Stories:
    """`/stories`: the user's stories and those shared with them; one story's editor."""

    LOCATION = "stories-location"
    CHANGED = "stories-changed"  # bumped by every write: the list and the editor reload
    LIST = "stories-list"
    VIEWER_NOTE = "stories-viewer-note"
    CREATE_BOX = "stories-create-box"
    NEW_TITLE = "stories-new-title"
    CREATE = "stories-create"
    CREATE_FEEDBACK = "stories-create-feedback"
    EDITOR = "stories-editor"
    HEADER = "stories-header"
    EDIT_BOX = "stories-edit-box"
    TITLE = "stories-title"
    DESCRIPTION = "stories-description"
    SAVE = "stories-save"
    DELETE = "stories-delete"
    DELETE_CONFIRM = "stories-delete-confirm"
    FEEDBACK = "stories-feedback"
    SLIDES = "stories-slides"
    SLIDES_EMPTY = "stories-slides-empty"
    SLIDE_BOX = "stories-slide-box"
    UP = "stories-slide-up"
    DOWN = "stories-slide-down"
    SLIDE_TITLE = "stories-slide-title"
    SLIDE_NOTE = "stories-slide-note"
    SLIDE_SAVE = "stories-slide-save"
    SLIDE_DELETE = "stories-slide-delete"
    SLIDE_OPEN = "stories-slide-open"
    SLIDE_FEEDBACK = "stories-slide-feedback"
    SHARE_BOX = "stories-share-box"
    SHARE_ROLES = "stories-share-roles"
    SHARE_LOGINS = "stories-share-logins"
    SHARE_SAVE = "stories-share-save"
    SHARE_FEEDBACK = "stories-share-feedback"
    FREEZE_BOX = "stories-freeze-box"
    FREEZE = "stories-freeze"
    UNFREEZE = "stories-unfreeze"
    FREEZE_FEEDBACK = "stories-freeze-feedback"
    CHANGES_MODAL = "stories-changes-modal"
    CHANGES = "stories-changes"
    UNFREEZE_CONFIRM = "stories-unfreeze-confirm"
    UNFREEZE_CANCEL = "stories-unfreeze-cancel"
    PLAY = "stories-play"
    PPTX = "stories-pptx"
    PDF = "stories-pdf"
    PROGRESS_BOX = "stories-progress-box"
    PROGRESS = "stories-progress"
    EXPORT_STATUS = "stories-export-status"  # what the export job is doing now
    EXPORT_REPORT = "stories-export-report"
    DOWNLOAD = "stories-download"


class Player:
    """`/stories/<story_id>/play`: a story played as slides (→ ← move, Esc leaves)."""

    LOCATION = "player-location"
    NEXT = "player-next"  # links the keyboard handler follows
    PREV = "player-prev"
    EXIT = "player-exit"
    TITLE = "player-title"
    COUNTER = "player-counter"
    BODY = "player-body"
    FOOTER = "player-footer"
