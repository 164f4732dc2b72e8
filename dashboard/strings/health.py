"""Russian UI text: health."""
