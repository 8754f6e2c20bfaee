"""Templates written by `advisor init` (package data)."""
