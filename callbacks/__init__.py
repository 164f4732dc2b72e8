"""Callback modules; importing them records their specs, register_all() binds them to an app."""
