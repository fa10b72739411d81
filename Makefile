# The project's tasks, one place for them: CI (.ci/run) calls these too.
# `make help` lists them. Every task runs from the checkout's root.

PYTHON ?= python3

.PHONY: help lint typecheck test docs references images examples bench check

help:  ## list the tasks
	@grep -E '^[a-z]+:.*## ' Makefile | sed -E 's/:.*## /\t/'

lint:  ## ruff: the linter, then the formatter (check only)
	ruff check .
	ruff format --check .

typecheck:  ## mypy --strict over the package and the tests
	mypy --strict orgsim tests

test:  ## the tests (the README's command, once installed)
	$(PYTHON) -m pytest

docs:  ## the documentation site, refusing any warning (needs the docs extra)
	mkdocs build --strict --site-dir site

references:  ## regenerate the CLI and library reference pages from the code
	$(PYTHON) scripts/cli_reference.py > docs/reference/cli.md
	$(PYTHON) scripts/api_reference.py > docs/reference/api.md

images:  ## redraw the charts the docs and the README show (needs Graphviz)
	$(PYTHON) scripts/docs_images.py

examples:  ## run every example script
	for script in examples/*.py; do echo "== $$script"; $(PYTHON) $$script > /dev/null || exit 1; done

bench:  ## the benchmarks at a size that runs in about a minute (docs/performance.md: the full ones)
	$(PYTHON) benchmarks/bench_scale.py --smoke
	$(PYTHON) benchmarks/bench_stores.py 20000 200

check: lint typecheck test docs  ## everything CI checks
