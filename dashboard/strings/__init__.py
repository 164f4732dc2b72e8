"""Russian UI text, keyed by meaning, so pages and callbacks never hard-code wording.

One module per area; every name is re-exported here, so code reads `strings.NO_DATA`.
"""

from dashboard.strings.admin import *  # noqa: F403
from dashboard.strings.auth import *  # noqa: F403
from dashboard.strings.common import *  # noqa: F403
from dashboard.strings.decision_reports import *  # noqa: F403
from dashboard.strings.decisions import *  # noqa: F403
from dashboard.strings.effectiveness import *  # noqa: F403
from dashboard.strings.experts import *  # noqa: F403
from dashboard.strings.formats import *  # noqa: F403
from dashboard.strings.health import *  # noqa: F403
from dashboard.strings.import_runs import *  # noqa: F403
from dashboard.strings.ingest import *  # noqa: F403
from dashboard.strings.jobs import *  # noqa: F403
from dashboard.strings.objectivity import *  # noqa: F403
from dashboard.strings.overview import *  # noqa: F403
from dashboard.strings.pd_order_reports import *  # noqa: F403
from dashboard.strings.present import *  # noqa: F403
from dashboard.strings.procedures import *  # noqa: F403
from dashboard.strings.profile_measures import *  # noqa: F403
from dashboard.strings.rankings import *  # noqa: F403
from dashboard.strings.roadmaps import *  # noqa: F403
from dashboard.strings.schools import *  # noqa: F403
from dashboard.strings.slides import *  # noqa: F403
from dashboard.strings.slides_analysis import *  # noqa: F403
from dashboard.strings.slides_management import *  # noqa: F403
from dashboard.strings.slides_results import *  # noqa: F403
from dashboard.strings.stories import *  # noqa: F403
from dashboard.strings.story_changes import *  # noqa: F403
from dashboard.strings.story_reports import *  # noqa: F403
from dashboard.strings.training import *  # noqa: F403
from dashboard.strings.voluntary import *  # noqa: F403
from dashboard.strings.web import *  # noqa: F403
