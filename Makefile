# One home for the checks that CI runs too.
.PHONY: setup test lint docs bench
setup:
	python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'
test:
	.venv/bin/python -m pytest
lint:
	.venv/bin/ruff format --check advisor tests bench
	.venv/bin/ruff check advisor tests bench
	.venv/bin/mypy
	.venv/bin/lint-imports
docs:
	.venv/bin/python -m advisor.docgen
bench:
	.venv/bin/python bench/bench_assess.py
