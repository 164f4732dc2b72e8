"""Exports and printable reports (CSV/XLSX escaping, PDF and XLSX reports)."""
