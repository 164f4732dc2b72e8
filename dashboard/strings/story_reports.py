"""Russian UI text: story_reports (issue 21)."""
