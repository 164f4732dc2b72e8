"""gunicorn settings: `gunicorn -c gunicorn.conf.py dashboard.wsgi:server`."""

import multiprocessing
import os

bind = os.environ.get("OKO_BIND", "127.0.0.1:8050")
# dashboard.config.Settings.workers reads the same: production refuses a per-process or
# per-host cache (simple://, filesystem://) with more than one worker.
workers = int(os.environ.get("OKO_WORKERS", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("OKO_THREADS", 4))
worker_class = "gthread"
timeout = 120
graceful_timeout = 30
# Each worker builds its own app and database engine after fork (no shared connections).
preload_app = False
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("OKO_FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
