"""Sign-in, sessions and the current user's Scope."""

from dashboard.auth.session import current_scope

__all__ = ["current_scope"]
