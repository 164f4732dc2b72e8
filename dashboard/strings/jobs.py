"""Russian UI text: jobs."""
