"""Workflows that change applications, one module per concept; import from the module."""
