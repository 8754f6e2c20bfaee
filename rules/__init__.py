"""Built-in rule packs, shipped as package data (this folder is `rules/` in the source tree)."""
