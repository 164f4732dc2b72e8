"""Russian UI text: story_changes (issue 21)."""
