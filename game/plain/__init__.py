"""The line-based text mode, one module per role."""
