"""Built-in stress-test scenarios, shipped as package data (`scenarios/` in the source tree)."""
