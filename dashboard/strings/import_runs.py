"""Russian UI text: import_runs."""
