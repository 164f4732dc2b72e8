"""Russian UI text: slides_results (issue 21)."""
