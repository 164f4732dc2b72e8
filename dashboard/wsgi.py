"""WSGI entry point: `gunicorn -c gunicorn.conf.py dashboard.wsgi:server`."""

from dashboard.app import create_app

app = create_app()
server = app.server
