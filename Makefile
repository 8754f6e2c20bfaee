# One home for the checks that CI runs too.
.PHONY: setup test lint docs bench bench-quick fuzz
setup:
	python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'
test:
	.venv/bin/python -m pytest
lint:
	.venv/bin/ruff format --check advisor tests bench fuzz
	.venv/bin/ruff check advisor tests bench fuzz
	.venv/bin/mypy
	.venv/bin/lint-imports
# docs/profile.md, docs/rules.md and every output README.md and docs/ show, rerun (advisor/docgen/)
docs:
	.venv/bin/python -m advisor.docgen
# from a fresh clone too: set up the virtualenv first if there is none
bench:
	test -x .venv/bin/yamllint || $(MAKE) setup
	.venv/bin/python bench/run.py
bench-quick:
	test -x .venv/bin/yamllint || $(MAKE) setup
	.venv/bin/python bench/run.py --quick
# Not in CI: 30 minutes of coverage-guided fuzzing, one low-priority process (docs/reliability.md).
fuzz:
	.venv/bin/pip install -q atheris
	nice -n 19 .venv/bin/python fuzz/fuzz_advisor.py /tmp/advisor-corpus -dict=fuzz/yaml.dict \
		-max_total_time=1800 -timeout=20 -rss_limit_mb=2048 -artifact_prefix=/tmp/advisor-crash-
