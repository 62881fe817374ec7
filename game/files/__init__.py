"""Untrusted text and files: what may be shown where, and reading a file safely."""
