"""Built-in reference data (package data)."""
