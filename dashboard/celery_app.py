"""The Celery worker's entry point: `celery -A dashboard.celery_app worker` (or `oko worker`).

Building the Dash app registers every background callback as a Celery task on the app's own
Celery instance (dashboard.jobs.make_manager); the worker runs those tasks inside that app, so
a job finds the same database, cache and settings as the web workers. Needs
OKO_CELERY_BROKER_URL.
"""

from __future__ import annotations

import logging

from celery.signals import worker_ready

from dashboard.app import create_app
from dashboard.config import Settings

settings = Settings.from_env()
if not settings.celery_broker_url:
    raise RuntimeError("the Celery worker needs OKO_CELERY_BROKER_URL (redis://host:6379/n)")

dash_app = create_app(settings)
celery = dash_app.server.extensions["oko_celery"]


@worker_ready.connect
def _reap_interrupted_imports(**_kwargs) -> None:
    """A worker that starts after a crash marks the imports the crash cut off as failed (with
    an audit row) at once, rather than when an admin next lists the runs."""
    from data_access import import_runs

    with dash_app.server.app_context():
        try:
            import_runs.reap_interrupted()
        except Exception:  # the worker must start even when the database is not there yet
            logging.getLogger(__name__).exception("could not reap interrupted imports")
