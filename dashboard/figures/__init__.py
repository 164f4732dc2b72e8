"""Figure builders: the OKO template and, per page, pure functions from frames to figures."""
