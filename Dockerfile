# OKO's production image: gunicorn (`oko serve --production`) or a Celery worker (`oko worker`).
# Build: docker build -t oko .   Run the whole profile: docker compose up (compose.yaml).
FROM python:3.11-slim-bookworm

# postgresql-client: pg_dump/pg_restore for `oko backup`/`oko restore` (15, as the server);
# chromium: kaleido draws the charts of PDF and PPTX exports with it.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        postgresql-client chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OKO_VAR_DIR=/var/lib/oko \
    OKO_BIND=0.0.0.0:8050

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p dashboard pages callbacks data_access \
    && touch dashboard/__init__.py \
    && pip install . \
    && pip uninstall -y oko-dashboard
COPY . .
# Editable: the app reads assets/, pages/ and gunicorn.conf.py from its checkout (PROJECT_ROOT).
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /var/lib/oko oko \
    && mkdir -p /var/lib/oko && chown oko:oko /var/lib/oko
USER oko
VOLUME ["/var/lib/oko"]
EXPOSE 8050

# The health check lives in compose.yaml: the same image also runs Celery workers (no HTTP).
CMD ["oko", "serve", "--production"]
