"""Russian UI text: present (issue 21)."""
