"""Russian words in formatted values and exports (yes/no, units, file headers)."""
