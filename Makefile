# One home for the checks that CI runs too.
.PHONY: setup test lint docs bench bench-quick
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
# from a fresh clone too: set up the virtualenv first if there is none
bench:
	test -x .venv/bin/yamllint || $(MAKE) setup
	.venv/bin/python bench/run.py
bench-quick:
	test -x .venv/bin/yamllint || $(MAKE) setup
	.venv/bin/python bench/run.py --quick
