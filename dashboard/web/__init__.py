"""The web shell: navbar, shared components, security headers, health and sign-in views."""
