"""Russian text of the overview page `/` (own municipality or school first)."""
