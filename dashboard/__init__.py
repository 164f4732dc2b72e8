"""OKO: education-quality assessment dashboard (app factory lives in dashboard.app)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("oko-dashboard")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0+checkout"


def create_app(config=None):
    """Build the Dash app; imported lazily so `import dashboard` stays cheap for the CLI."""
    from dashboard.app import create_app as _create_app

    return _create_app(config)
