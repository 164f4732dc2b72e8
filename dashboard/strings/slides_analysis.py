"""Russian UI text: slides_analysis (issue 21)."""
