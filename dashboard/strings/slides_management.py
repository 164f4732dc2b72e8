"""Russian UI text: slides_management (issue 21)."""
