"""Development tooling: the fake Gmail, the demo and benchmark data, the `make run` runner.

Nothing in the production apps imports this package (tests/devtools/test_boundaries.py checks),
and the production image leaves it out (.dockerignore), so Orbit runs without it.
"""
