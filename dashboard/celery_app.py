"""The Celery worker's entry point: `celery -A dashboard.celery_app worker` (or `oko worker`).

Building the Dash app registers every background callback as a Celery task on the app's own
Celery instance (dashboard.jobs.make_manager); the worker runs those tasks inside that app, so
a job finds the same database, cache and settings as the web workers. Needs
OKO_CELERY_BROKER_URL.
"""

from __future__ import annotations

from dashboard.app import create_app
from dashboard.config import Settings

settings = Settings.from_env()
if not settings.celery_broker_url:
    raise RuntimeError("the Celery worker needs OKO_CELERY_BROKER_URL (redis://host:6379/n)")

dash_app = create_app(settings)
celery = dash_app.server.extensions["oko_celery"]
