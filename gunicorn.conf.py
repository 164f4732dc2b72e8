"""gunicorn settings for `oko serve --production`
(= `gunicorn -c gunicorn.conf.py dashboard.wsgi:server` after the checks and migrations).

Defaults are sized for a 2-core host (docs/deploy.md, "Sizing"): 2 worker processes, one per
core, because a callback holds the GIL while pandas and plotly build its answer, so more
processes than cores add memory, not speed; 4 threads each, to overlap the waits on
PostgreSQL and Redis, within the SQLAlchemy pool of each process (OKO_DB_POOL_SIZE, 5). Long
work (imports, exports, fits) runs in Celery workers (`oko worker`), not here. The default does
not follow the core count: on a big host, 2 × cores processes × 10 connections each would
exhaust PostgreSQL's max_connections (100); set OKO_WORKERS there on purpose.
"""

import os

bind = os.environ.get("OKO_BIND", "127.0.0.1:8050")
# dashboard.config.Settings.workers reads the same variable: production refuses a per-process
# or per-host cache (simple://, filesystem://) with more than one worker.
workers = int(os.environ.get("OKO_WORKERS") or 2)
threads = int(os.environ.get("OKO_THREADS") or 4)
worker_class = "gthread"
timeout = 120
graceful_timeout = 30
# Keep idle connections longer than a client or proxy does (nginx's upstream keepalive_timeout
# is 60 s): with gunicorn's 2 s default, a connection reused just as gunicorn closes it fails a
# POST that nobody retries (seen under load: "connection reset" on ~0.5 % of callbacks).
# gthread parks idle connections in its poller, so they hold no thread.
keepalive = int(os.environ.get("OKO_KEEPALIVE_S") or 75)
# Each worker builds its own app and database engine after fork (no shared connections).
preload_app = False
# The workers' heartbeat files in memory: on a container's overlay disk a slow write of them
# can make the master kill a healthy worker.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), which a
# second gunicorn on the host would take over; OKO is managed by signals, so none.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("OKO_FORWARDED_ALLOW_IPS", "127.0.0.1")
limit_request_line = 8190
