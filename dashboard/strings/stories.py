"""Russian UI text: stories (issue 21)."""
