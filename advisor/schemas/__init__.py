"""The shipped JSON Schemas (package data)."""
